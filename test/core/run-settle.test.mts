// The shared submit engine, how each item ends: Max Wait keeps the task ID and status (return
// or fail), a failed or cancelled task carries its ID, Wait for Completion off returns at once,
// webhook URLs (typed or this execution's resume URL) reach RunningHub, every item is validated
// before any submit, an unconfirmed submit is never sent twice, and the key never shows.
// Driven through Audio → Text to Speech against the simulator.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { assertNoKey, pairedOf, runRunningHub, runRunningHubError } from '../operations/support.mts';
import { assertRunningHubCode } from '../support/errors.mts';

const KEY = SIM_KEYS.aiShared;
const TTS = 'kling-lip-sync/tts';
const TTS_PATH = `/openapi/v2/${TTS}`;
let sim: Simulator;

interface Extra {
	input?: Array<{ json: Record<string, unknown> }>;
	continueOnFail?: boolean;
	resumeUrl?: string;
}
const parameters = (extra: Record<string, unknown>) => ({ resource: 'audio', operation: 'textToSpeech', text: 'Hello there.', voiceId: 'AOT', ...extra });
const run = (p: Record<string, unknown>, extra: Extra = {}) => runRunningHub({ baseUrl: sim.url, apiKey: KEY, parameters: parameters(p), ...extra });
const runError = (p: Record<string, unknown>, extra: Extra = {}) => runRunningHubError({ baseUrl: sim.url, apiKey: KEY, parameters: parameters(p), ...extra });

before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 500, quiet: true });
});
after(async () => {
	await sim.close();
});
beforeEach(async () => {
	await sim.control.reset();
});

describe('submit engine: Max Wait', () => {
	it('returns the task ID and status when the wait ends first (On Timeout: Return Task ID)', async () => {
		sim.control.configure({ endpointDurations: { [TTS]: 60_000 } });
		const started = Date.now();
		const { items } = await run({ submitOptions: { maxWaitSeconds: 1 } });
		const elapsed = Date.now() - started;
		const [task] = sim.control.tasks();
		assert.ok(elapsed < 5000, `stopped waiting after ${elapsed} ms`);
		assert.equal(items.length, 1);
		const json = items[0].json;
		assert.equal(json.taskId, task.id);
		assert.equal(json.status, 'RUNNING');
		assert.equal(json.state, 'pending');
		assert.equal(json.timedOut, true);
		assert.match(String(json.message), /still RUNNING after 1 s.*Task → Get/);
		assert.equal('audioId' in json, false);
		assert.deepEqual(items[0].pairedItem, { item: 0 });
		assert.equal(sim.control.task(task.id)?.status, 'RUNNING', 'the task keeps running on RunningHub');
		assertNoKey(KEY, items);
	});

	it('fails with the task ID and status when asked to (On Timeout: Fail)', async () => {
		sim.control.configure({ endpointDurations: { [TTS]: 60_000 } });
		const error = await runError({ submitOptions: { maxWaitSeconds: 1, onTimeout: 'error' } });
		const [task] = sim.control.tasks();
		assert.equal(error.constructor.name, 'NodeApiError');
		assert.equal(error.message, 'RunningHub did not finish the task within Max Wait [item 0]');
		assert.equal(error.context?.taskId, task.id);
		assert.equal(error.context?.status, 'RUNNING');
		assert.match(String(error.description), new RegExp(`Task ID: ${task.id}`));
		assertNoKey(KEY, error);
	});

	it('keeps the task ID and status on the error item with continueOnFail', async () => {
		sim.control.configure({ endpointDurations: { [TTS]: 60_000 } });
		const { items } = await run({ submitOptions: { maxWaitSeconds: 1, onTimeout: 'error' } }, { continueOnFail: true });
		const [task] = sim.control.tasks();
		assert.equal(items[0].json.taskId, task.id);
		assert.equal(items[0].json.status, 'RUNNING');
		assert.match(String(items[0].json.error), /within Max Wait \[item 0\]/);
		assert.deepEqual(items[0].pairedItem, { item: 0 });
	});

	it('lets finished items through while others time out', async () => {
		sim.control.scriptOutcome({ endpoint: TTS, durationMs: 60_000 });
		const input = [{ json: {} }, { json: {} }];
		const { items } = await run({ submitOptions: { maxWaitSeconds: 2, concurrency: 2 } }, { input });
		const states = items.map((i) => i.json.state).sort();
		assert.deepEqual(states, ['pending', 'succeeded']);
		assert.deepEqual(pairedOf(items), [0, 1]);
		assert.ok(items.every((i) => typeof i.json.taskId === 'string'));
	});
});

describe('submit engine: failed and cancelled tasks', () => {
	it('fails with the task ID, status and RunningHub\'s code', async () => {
		sim.control.scriptOutcome({ endpoint: TTS, fail: { errorCode: '1505', errorMessage: 'Photorealistic real people are prohibited' } });
		const error = await runError({});
		const [task] = sim.control.tasks();
		assert.equal(error.context?.taskId, task.id);
		assert.equal(error.context?.status, 'FAILED');
		assert.equal(error.context?.runningHubCode, '1505');
		assert.equal(error.message, 'The RunningHub task failed: Photorealistic real people are prohibited [item 0]');
		assertRunningHubCode(error, '1505', 'REAL_PEOPLE_PROHIBITED');
	});

	it('reports a task cancelled while the node waits', async () => {
		sim.control.configure({ endpointDurations: { [TTS]: 60_000 } });
		const pending = run({}, { continueOnFail: true });
		const deadline = Date.now() + 5000;
		while (!sim.control.tasks().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
		const [task] = sim.control.tasks();
		sim.control.cancelTask(task.id);
		const { items } = await pending;
		assert.equal(items[0].json.taskId, task.id);
		assert.equal(items[0].json.status, 'CANCEL');
		assert.match(String(items[0].json.error), /cancelled on RunningHub \[item 0\]/);
	});

	it('never sends a submit twice when its outcome is unknown', async () => {
		sim.control.addFault({ path: TTS_PATH, fault: { type: 'dropAfterProcess' } });
		const error = await runError({});
		assert.match(error.message, /did not confirm the submit/);
		assert.match(String(error.description), /did not send it again/);
		assert.equal(sim.control.requests({ path: TTS_PATH }).length, 1, 'sent once');
		assert.equal(sim.control.submitCount(), 1, 'the task exists on RunningHub');
		assertNoKey(KEY, error);
	});

	it('rides out transient failures while polling', async () => {
		sim.control.addFault({ path: '/openapi/v2/query', times: 2, fault: { type: 'http', status: 503 } });
		const { items } = await run({});
		assert.ok(items[0].json.audioId);
	});
});

describe('submit engine: Wait for Completion off, webhooks', () => {
	it('returns the task ID at once without polling', async () => {
		sim.control.configure({ endpointDurations: { [TTS]: 60_000 } });
		const started = Date.now();
		const { items } = await run({ waitForCompletion: false });
		const [task] = sim.control.tasks();
		assert.ok(Date.now() - started < 1000);
		assert.equal(items[0].json.taskId, task.id);
		assert.match(String(items[0].json.status), /^(QUEUED|RUNNING)$/);
		assert.equal(items[0].json.state, 'pending');
		assert.match(String(items[0].json.message), /Submitted without waiting/);
		assert.equal(sim.control.requests({ path: '/openapi/v2/query' }).length, 0);
	});

	it('passes the Webhook URL to RunningHub', async () => {
		const hook = 'https://n8n.example.com/webhook/abc/runninghub?secret=s3cr3t';
		await run({ waitForCompletion: false, submitOptions: { webhookUrl: hook } });
		const [request] = sim.control.requests({ path: TTS_PATH });
		assert.equal(JSON.parse(request.body).webhookUrl, hook);
		assert.equal(sim.control.tasks()[0].webhookUrl, hook);
	});

	it('passes this execution\'s resume URL when asked to', async () => {
		const resumeUrl = 'http://127.0.0.1:5678/webhook-waiting/4711';
		await run({ waitForCompletion: false, submitOptions: { callbackToResumeUrl: true, webhookUrl: 'https://ignored.example.com' } }, { resumeUrl });
		assert.equal(JSON.parse(sim.control.requests({ path: TTS_PATH })[0].body).webhookUrl, resumeUrl);
	});

	it('sends no webhook field when none is set', async () => {
		await run({ waitForCompletion: false });
		assert.equal('webhookUrl' in JSON.parse(sim.control.requests({ path: TTS_PATH })[0].body), false);
	});
});

describe('submit engine: validation before any submit', () => {
	it('submits nothing when item 3 of 3 is invalid', async () => {
		const speeds = [1, 1.5, 3];
		const error = await runError({ voiceSpeed: (i: number) => speeds[i] }, { input: [{ json: {} }, { json: {} }, { json: {} }] });
		assert.equal(error.message, 'Speed: 3 is out of range [item 2]');
		assert.equal(sim.control.submitCount(), 0);
		assert.equal(sim.control.requests({ path: TTS_PATH }).length, 0);
	});

	it('with continueOnFail, runs the valid items and pairs the error item', async () => {
		const speeds = [1, 1.5, 3];
		const { items } = await run({ voiceSpeed: (i: number) => speeds[i] }, { input: [{ json: {} }, { json: {} }, { json: {} }], continueOnFail: true });
		assert.deepEqual(pairedOf(items), [0, 1, 2]);
		assert.ok(items[0].json.audioId && items[1].json.audioId);
		assert.equal(items[2].json.error, 'Speed: 3 is out of range [item 2]');
		assert.equal(sim.control.submitCount(), 2);
	});
});
