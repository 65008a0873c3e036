// The example workflows users import (examples/*.json), one scenario each: the example must match
// the node description n8n loaded (every parameter it sets exists), import through n8n's REST
// API with the credential wired in (made runnable here the way the demo does it: file paths into
// this scenario's folder, a secret for the trigger), and run and produce what its spec below
// checks. An example whose operations are not built yet is pending; one without a spec is
// imported and checked, then reported as pending until its spec is written here.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Requirement } from '../lib/catalog.mjs';
import { exampleWorkflows, localizeExample } from '../lib/demo.mjs';
import { writeMediaFixture } from '../lib/fixtures.mjs';
import { importWorkflow } from '../lib/instance.mjs';
import type { WorkflowJson } from '../lib/rest.mjs';
import { Execution, type Scenario, type ScenarioContext } from '../lib/scenario.mjs';
import { manualTriggerName, NODE_PREFIX } from '../lib/workflows.mjs';

interface Imported {
	id: string;
	workflow: WorkflowJson;
	/** The example's RunningHub Trigger delivery URL (with ?secret=), if it has one. */
	triggerUrl?: string;
}

export interface ExampleSpec {
	/** Input files and other set-up before the import. */
	setUp?(ctx: ScenarioContext): Promise<void>;
	/** Runs the imported example and checks what it produced. */
	run(ctx: ScenarioContext, example: Imported): Promise<void>;
	timeoutMs?: number;
}

/** A manual run from the workflow's (first, or named) Manual Trigger, waited for. */
async function runManually(ctx: ScenarioContext, example: Imported, triggerName = manualTriggerName(example.workflow)): Promise<Execution> {
	const id = await ctx.instance.rest.runManually(example.id, triggerName);
	return new Execution(await ctx.instance.rest.waitForExecution(id, { timeoutMs: 120_000 }));
}

const presenterVideo = (ctx: ScenarioContext) => writeMediaFixture(ctx.filesDir, 'presenter.mp4', { durationMs: 10_000 });

/** Asserts a file n8n wrote holds exactly the bytes of the task output at url. */
async function assertSavedOutput(ctx: ScenarioContext, path: string, url: unknown): Promise<Buffer> {
	assert.ok(existsSync(path), `n8n did not write ${path}`);
	assert.ok(typeof url === 'string' && url, `no output URL to compare ${path} with`);
	const bytes = readFileSync(path);
	assert.ok(bytes.equals(await ctx.sim.bytes(url)), `${path} differs from the task output ${url}`);
	return bytes;
}

/** Run specs by example file name. Add one when you add an example. */
export const SPECS: Record<string, ExampleSpec> = {
	'01-talking-video-from-a-script.json': {
		setUp: async (ctx) => void (await presenterVideo(ctx)),
		async run(ctx, example) {
			const execution = await runManually(ctx, example);
			execution.assertSuccess();
			const [result] = execution.output('Lip-sync the video');
			assert.equal(result.binary?.data?.mimeType, 'video/mp4', JSON.stringify(result.json).slice(0, 400));
			const saved = await assertSavedOutput(ctx, join(ctx.filesDir, 'talking-video.mp4'), result.json.videoUrl);
			const [message] = execution.output('Message for Slack');
			assert.ok(String(message.json.text).includes(String(result.json.videoUrl)), String(message.json.text));
			ctx.log(`task ${result.json.taskId}: ${saved.length} bytes → talking-video.mp4; "${String(message.json.text).slice(0, 60)}…"`);
		},
	},

	'02-batch-voice-overs.json': {
		async run(ctx, example) {
			const execution = await runManually(ctx, example);
			execution.assertSuccess();
			const scripts = execution.output('One item per script');
			const speeches = execution.output('Text to speech');
			assert.equal(scripts.length, 3, 'the example lists three scripts');
			assert.equal(speeches.length, scripts.length, 'one speech per script');
			assert.equal(new Set(speeches.map((s) => s.json.taskId)).size, speeches.length, 'one task per script');
			for (const [i, speech] of speeches.entries()) {
				assert.equal(speech.binary?.data?.mimeType, 'audio/mpeg', JSON.stringify(speech.json).slice(0, 300));
				const fileName = String(scripts[i].json.fileName);
				// Node version 2: the MP3 comes without asking (Download Outputs is on by default), under audioUrl.
				await assertSavedOutput(ctx, join(ctx.filesDir, fileName), speech.json.audioUrl);
				assert.equal(typeof speech.json.cost, 'number', 'version 2 states the cost as a number');
			}
			ctx.log(`${speeches.length} voice-overs: ${scripts.map((s) => s.json.fileName).join(', ')}`);
		},
	},

	'03-submit-and-wait.json': {
		setUp: async (ctx) => void (await presenterVideo(ctx)),
		async run(ctx, example) {
			const execution = await runManually(ctx, example);
			execution.assertSuccess();
			const [submitted] = execution.output('Submit lip-sync');
			assert.match(String(submitted.json.taskId), /^\d{19}$/);
			// This example stays saved on node version 1: the first output shape (status word and state).
			assert.notEqual(submitted.json.state, 'succeeded', 'submitted without waiting, the video task is still running');
			assert.match(String(submitted.json.status), /^[A-Z]+$/, 'version 1 keeps RunningHub\'s status word');
			const [done] = execution.output('Wait for task', 0);
			assert.equal(done.json.taskId, submitted.json.taskId);
			assert.equal(done.json.waitResult, 'succeeded');
			const url = (done.json.outputs as Array<{ url: string | null }>).find((o) => o.url)?.url;
			await assertSavedOutput(ctx, join(ctx.filesDir, `talking-video-${done.json.taskId}.mp4`), url);

			// The same workflow when RunningHub fails the video: the Failed branch says why.
			ctx.sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/lip-sync-video', fail: { errorCode: '1015', errorMessage: 'Simulated generation failure' } });
			const failedRun = await runManually(ctx, example);
			failedRun.assertSuccess();
			assert.equal(failedRun.output('Wait for task', 0).length, 0, 'nothing on Succeeded');
			const [report] = failedRun.output('Report failure');
			assert.match(String(report.json.text), /did not succeed .*Simulated generation failure.*1015/, String(report.json.text));
			ctx.log(`task ${done.json.taskId} succeeded → saved; a failed one → "${report.json.text}"`);
		},
	},

	'04-task-finished-trigger.json': {
		async run(ctx, example) {
			assert.ok(example.triggerUrl, 'the example has a RunningHub Trigger');
			await ctx.instance.rest.publicApi('POST', `/workflows/${example.id}/activate`);
			const triggerName = 'Submit a test task';
			// One task that succeeds, then one that fails, each submitted by the example itself.
			const good = await runManually(ctx, example, triggerName);
			good.assertSuccess();
			const goodTask = String(good.output('Text to speech, reporting to the trigger')[0].json.taskId);
			const succeeded = await triggerExecution(ctx, example.id, goodTask);
			const [saved] = succeeded.output('Save output');
			// Node version 2: one status word (version 1 had status SUCCESS and state succeeded), the audio under audioUrl.
			assert.equal(saved.json.status, 'succeeded', JSON.stringify(saved.json).slice(0, 400));
			assert.equal(saved.json.state, undefined);
			assert.equal(saved.json.audioUrl, (saved.json.outputs as Array<{ url?: string }>).find((o) => o.url)?.url);
			await assertSavedOutput(ctx, join(ctx.filesDir, `task-${goodTask}.mp3`), (saved.json.outputs as Array<{ url: string | null }>).find((o) => o.url)?.url);

			ctx.sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', fail: { errorCode: '1505', errorMessage: 'Simulated moderation refusal' } });
			const bad = await runManually(ctx, example, triggerName);
			bad.assertSuccess();
			const badTask = String(bad.output('Text to speech, reporting to the trigger')[0].json.taskId);
			const failed = await triggerExecution(ctx, example.id, badTask);
			assert.equal(failed.output('Succeeded?', 0).length, 0, 'nothing on Succeeded');
			const [message] = failed.output('Failure message');
			assert.match(String(message.json.text), new RegExp(`${badTask} failed: Simulated moderation refusal \\(code 1505\\)`), String(message.json.text));
			ctx.log(`task ${goodTask} → Save output; task ${badTask} → "${message.json.text}"`);
		},
	},
};

/** Waits for the trigger execution that received the event of taskId. */
async function triggerExecution(ctx: ScenarioContext, workflowId: string, taskId: string): Promise<Execution> {
	const deadline = Date.now() + 60_000;
	const seen = new Set<string>();
	for (;;) {
		const list = (await ctx.instance.rest.publicApi<{ data: Array<{ id: string; status: string; mode: string }> }>('GET', `/executions?workflowId=${workflowId}`)).data;
		for (const e of list.filter((x) => x.mode === 'webhook' && !['running', 'new'].includes(x.status) && !seen.has(String(x.id)))) {
			seen.add(String(e.id));
			const execution = new Execution(await ctx.instance.rest.getExecution(String(e.id)));
			if (execution.output('RunningHub Trigger')[0]?.json.taskId === taskId) {
				execution.assertSuccess();
				return execution;
			}
		}
		if (Date.now() > deadline) throw new Error(`no trigger execution for task ${taskId} within 60 s (executions: ${JSON.stringify(list)})`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

function requirementsOf(workflow: WorkflowJson): Requirement[] {
	return workflow.nodes
		.filter((n) => n.type.startsWith(NODE_PREFIX))
		.map((n) => ({
			node: n.type.slice(NODE_PREFIX.length),
			...(typeof n.parameters.resource === 'string' ? { resource: n.parameters.resource } : {}),
			...(typeof n.parameters.operation === 'string' ? { operation: n.parameters.operation } : {}),
		}));
}

export const scenarios: Scenario[] = exampleWorkflows().map(({ file, workflow }) => {
	const spec = SPECS[file];
	return {
		name: `example:${file.replace(/\.json$/, '')}`,
		title: `examples/${file}: "${workflow.name}"`,
		requires: requirementsOf(workflow),
		timeoutMs: spec?.timeoutMs ?? 180_000,
		async run(ctx) {
			ctx.catalog.checkWorkflow(workflow);
			await spec?.setUp?.(ctx);
			const local = localizeExample(workflow, { filesDir: ctx.filesDir, baseUrl: ctx.instance.n8n.baseUrl });
			local.workflow.name = `${workflow.name} [e2e]`;
			const { id } = await importWorkflow(ctx.instance, local.workflow);
			const stored = await ctx.instance.rest.getWorkflow(id);
			assert.equal(stored.nodes.length, workflow.nodes.length);
			if (!spec) ctx.pending(`imported and checked; add a run spec for examples/${file} in e2e/scenarios/20-examples.mts`);
			await spec.run(ctx, { id, workflow: local.workflow, triggerUrl: local.triggerUrl });
		},
	};
});
