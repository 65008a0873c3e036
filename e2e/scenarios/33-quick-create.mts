// Quick Create → Run in real n8n: the Style list the editor loads (through n8n's REST API, with a
// search), then a run of one style whose key, trigger words and LoRA go into the module's
// inputs. It waits, downloads the output image and writes it to disk.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Scenario, ScenarioContext } from '../lib/scenario.mjs';
import { loadWorkflow, NODE_PREFIX } from '../lib/workflows.mjs';

/** The simulator's text-to-image Quick Create app and its "Chibi Cartoon" style (simulator/quickCreate.mts). */
const APP_ID = '1970000000000000001';
const STYLE_ID = '2';

type Task = { id: string; kind: string; endpoint: string; body: Record<string, any> };

/** The Style list as the editor loads it for the stored node, filtered as if typed. */
async function editorStyles(ctx: ScenarioContext, filter: string): Promise<Array<{ name: string; value: string; description?: string }>> {
	const stored = loadWorkflow('quick-create', { APP_ID, STYLE_ID, OUTPUT_PATH: 'y' });
	const parameters = stored.nodes.find((n) => n.name === 'Comic fox')!.parameters;
	const found = await ctx.instance.rest.request<{ results: Array<{ name: string; value: string; description?: string }> }>(
		'POST',
		'/rest/dynamic-node-parameters/resource-locator-results',
		{
			nodeTypeAndVersion: { name: `${NODE_PREFIX}runningHub`, version: 2 },
			currentNodeParameters: parameters,
			path: 'parameters.style',
			methodName: 'searchQuickCreateStyles',
			filter,
			credentials: { runningHubApi: { id: ctx.instance.credential.id, name: ctx.instance.credential.name } },
		},
	);
	return found.results;
}

export const scenario: Scenario = {
	name: 'quick-create',
	title: 'Quick Create → Run: styles listed and searched in the editor, a style run, output on disk',
	binaryModes: ['filesystem', 'default'],
	requires: [{ resource: 'quickCreate', operation: 'run' }],
	timeoutMs: 120_000,
	async run(ctx) {
		const { runWorkflow, sim, filesDir, log } = ctx;
		const all = await editorStyles(ctx, '');
		assert.deepEqual(all.map((s) => s.value), ['1', '2', '3'], `the editor lists the app's styles: ${JSON.stringify(all)}`);
		const chibi = await editorStyles(ctx, 'chibi');
		assert.deepEqual(chibi.map((s) => s.name), ['Chibi Cartoon']);
		assert.match(String(chibi[0].description), /trigger words: .*chibi.* · preview: http/);

		const output = join(filesDir, 'quick-create.png');
		const execution = await runWorkflow('quick-create', { APP_ID, STYLE_ID, OUTPUT_PATH: output }, { timeoutMs: 90_000 });
		execution.assertSuccess();

		const [result] = execution.output('Comic fox');
		// A version-2 node: the simplified task shape (docs/outputs.md) says `status`.
		assert.equal(result.json.status, 'succeeded', JSON.stringify(result.json).slice(0, 400));
		assert.deepEqual(result.json.style, { id: STYLE_ID, name: 'Chibi Cartoon', key: 'input2' });
		assert.equal(result.binary?.data?.mimeType, 'image/png');
		const task = (sim.control.tasks() as Task[]).find((t) => t.id === String(result.json.taskId));
		assert.equal(task?.endpoint, '/task/openapi/quick-ai-app/run');
		assert.equal(task?.body.quickCreateCode, '001');
		const values = (task?.body.nodeInfoList ?? []).map((e: Record<string, unknown>) => e.fieldValue);
		assert.deepEqual(values, ['sf, a chibi-style character, chibi, a fox in the snow', 'input2', 'chibi_v1.safetensors']);

		execution.output('Write image to disk');
		assert.ok(existsSync(output), `n8n did not write ${output}`);
		assert.ok(readFileSync(output).equals(await sim.bytes(String(result.json.imageUrl))), 'the image on disk is the task output');
		log(`styles ${all.map((s) => s.name).join(' | ')}; task ${result.json.taskId} → ${output}`);
	},
};
