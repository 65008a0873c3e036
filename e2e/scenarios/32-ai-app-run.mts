// AI App → Run in real n8n: the App Inputs list the editor loads (through n8n's REST API), then a
// run whose image input is a portrait n8n read from disk (uploaded, its RunningHub file name
// sent), with a text override; the inputs not overridden keep the app's values. It waits,
// downloads the output image and writes it to disk. Beside it, a version-2 node sets the same
// inputs through the App Inputs mapper (fields loaded by the editor from the app's demo, the ID
// given as the app page's URL): only those inputs are sent, the demo is not read at run time.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { writeMediaFixture } from '../lib/fixtures.mjs';
import type { Scenario, ScenarioContext } from '../lib/scenario.mjs';
import { loadWorkflow, NODE_PREFIX } from '../lib/workflows.mjs';

/** The simulator's portrait app: inputs 10:image, 6:text, 3:seed (simulator/workflows.mts). */
const APP_ID = '1960000000000000001';

/** The options of App Inputs → Input Name or ID, as the editor loads them for the stored node. */
async function editorInputOptions(ctx: ScenarioContext): Promise<Array<{ name: string; value: string }>> {
	const stored = loadWorkflow('ai-app-run', { APP_ID, INPUT_PATH: 'x', OUTPUT_PATH: 'y' });
	const parameters = stored.nodes.find((n) => n.name === 'Restyle portrait')!.parameters;
	return await ctx.instance.rest.request('POST', '/rest/dynamic-node-parameters/options', {
		nodeTypeAndVersion: { name: `${NODE_PREFIX}runningHub`, version: 1 },
		path: 'parameters.appInputs.input[0].input',
		methodName: 'getAiAppInputs',
		currentNodeParameters: parameters,
		credentials: { runningHubApi: { id: ctx.instance.credential.id, name: ctx.instance.credential.name } },
	});
}

type Task = { id: string; kind: string; endpoint: string; body: Record<string, any> };
type Field = { id: string; type: string; displayName: string; defaultValue?: unknown };

/** The App Inputs mapper fields the editor loads for the stored version-2 node. */
async function editorFields(ctx: ScenarioContext): Promise<{ stored: Field[]; loaded: Field[] }> {
	const stored = loadWorkflow('ai-app-run', { APP_ID, INPUT_PATH: 'x', OUTPUT_PATH: 'y' });
	const parameters = stored.nodes.find((n) => n.name === 'Restyle portrait through the mapper')!.parameters as Record<string, any>;
	const answer = await ctx.instance.rest.request<{ fields: Field[] }>('POST', '/rest/dynamic-node-parameters/resource-mapper-fields', {
		nodeTypeAndVersion: { name: `${NODE_PREFIX}runningHub`, version: 2 },
		path: 'parameters.appInputValues',
		methodName: 'getAiAppFields',
		currentNodeParameters: parameters,
		credentials: { runningHubApi: { id: ctx.instance.credential.id, name: ctx.instance.credential.name } },
	});
	return { stored: parameters.appInputValues.schema, loaded: answer.fields };
}

export const scenario: Scenario = {
	name: 'ai-app-run',
	title: 'AI App → Run: inputs listed in the editor, a binary image input and a text override, output on disk',
	binaryModes: ['filesystem', 'default'],
	requires: [{ resource: 'aiApp', operation: 'run' }],
	timeoutMs: 120_000,
	async run(ctx) {
		const { runWorkflow, sim, filesDir, log } = ctx;
		const options = await editorInputOptions(ctx);
		assert.deepEqual(
			options.map((o) => o.value),
			['10:image', '6:text', '3:seed'],
			`the editor lists the app's inputs: ${JSON.stringify(options)}`,
		);
		assert.ok(options.every((o) => !/[\u3400-\u9fff]/.test(o.name)), `input names are English: ${options.map((o) => o.name).join(' | ')}`);

		const form = await editorFields(ctx);
		const shape = (fields: Field[]) => fields.map((f) => [f.id, f.type, f.defaultValue]);
		assert.deepEqual(shape(form.stored), shape(form.loaded), 'the stored App Inputs form is what the editor loads from the demo');
		assert.deepEqual(form.loaded.map((f) => f.displayName), [
			'Upload a portrait (LoadImage #10 · image) (file)',
			'Style prompt (CLIPTextEncode #6 · text)',
			'Random seed (KSampler #3 · seed) (whole number)',
		]);

		const demosBefore = (sim.control.requests({ path: '/api/webapp/apiCallDemo' }) as unknown[]).length;
		const portrait = await writeMediaFixture(filesDir, 'portrait.png');
		const output = join(filesDir, 'restyled.png');
		const execution = await runWorkflow('ai-app-run', { APP_ID, INPUT_PATH: portrait.path, OUTPUT_PATH: output }, { timeoutMs: 90_000 });
		execution.assertSuccess();

		const [result] = execution.output('Restyle portrait');
		assert.equal(result.json.state, 'succeeded', JSON.stringify(result.json).slice(0, 400));
		assert.equal(result.json.webappId, APP_ID);
		assert.equal(result.binary?.data?.mimeType, 'image/png');
		const task = (sim.control.tasks() as Task[]).find((t) => t.id === String(result.json.taskId));
		assert.equal(task?.kind, 'app');
		const [image, text, seed] = task?.body.nodeInfoList ?? [];
		assert.deepEqual([text, seed], [
			{ nodeId: '6', fieldName: 'text', fieldValue: 'ukiyo-e woodblock print' },
			{ nodeId: '3', fieldName: 'seed', fieldValue: '42' },
		]);
		assert.equal(image?.nodeId, '10');
		assert.match(String(image?.fieldValue), /^openapi\/[0-9a-f]{64}\.png$/, 'the uploaded file name, as loader nodes take it');
		assert.ok((await sim.bytes(`${sim.url}/files/${image.fieldValue}`)).equals(portrait.bytes), 'RunningHub received the portrait read from disk');

		// Version 2 through the mapper: exactly the mapped inputs, the seed digit for digit; only the
		// version-1 node read the demo during the run.
		const [mapped] = execution.output('Restyle portrait through the mapper');
		assert.equal(mapped.json.status, 'succeeded', JSON.stringify(mapped.json).slice(0, 400));
		assert.equal(mapped.json.webappId, APP_ID, 'the ID read from the page URL');
		const mappedTask = (sim.control.tasks() as Task[]).find((t) => t.id === String(mapped.json.taskId));
		const [mappedImage, ...rest] = mappedTask?.body.nodeInfoList ?? [];
		assert.deepEqual(rest, [
			{ nodeId: '6', fieldName: 'text', fieldValue: 'ink wash painting' },
			{ nodeId: '3', fieldName: 'seed', fieldValue: '1234567890123456789' },
		]);
		assert.equal(mappedImage?.nodeId, '10');
		assert.ok((await sim.bytes(`${sim.url}/files/${mappedImage.fieldValue}`)).equals(portrait.bytes), 'the mapped image input is the uploaded portrait');
		assert.equal((sim.control.requests({ path: '/api/webapp/apiCallDemo' }) as unknown[]).length - demosBefore, 1, 'the version-2 node ran without the demo');

		execution.output('Write image to disk');
		assert.ok(existsSync(output), `n8n did not write ${output}`);
		assert.ok(readFileSync(output).equals(await sim.bytes(String(result.json.imageUrl))), 'the image on disk is the task output');
		log(`inputs ${options.map((o) => o.name).join(' | ')}; task ${result.json.taskId} → ${output}`);
	},
};
