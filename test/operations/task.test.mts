// Task → Get and Task → Cancel against the simulator: the request built, pending / finished /
// failed / cancelled tasks normalised, outputs downloaded into binary in both binary modes,
// exact 19-digit IDs, validation named with parameter and item, continueOnFail, no key leaks.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { assertNoKey, pairedOf, runRunningHub, runRunningHubError, type BinaryMode } from './support.mts';
import { assertRunningHubCode } from '../support/errors.mts';

const KEY = SIM_KEYS.aiShared;
const TXT2IMG = '1950000000000000001';
const TALKING_VIDEO = '1950000000000000002';

let sim: Simulator;

interface Extra {
	input?: Array<{ json: Record<string, unknown> }>;
	continueOnFail?: boolean;
	binaryMode?: BinaryMode;
	apiKey?: string;
}
const task = (operation: 'get' | 'cancel', parameters: Record<string, unknown>) => ({ resource: 'task', operation, ...parameters });
const run = (operation: 'get' | 'cancel', parameters: Record<string, unknown>, extra: Extra = {}) =>
	runRunningHub({ baseUrl: sim.url, apiKey: extra.apiKey ?? KEY, parameters: task(operation, parameters), ...extra });
const runError = (operation: 'get' | 'cancel', parameters: Record<string, unknown>, extra: Extra = {}) =>
	runRunningHubError({ baseUrl: sim.url, apiKey: extra.apiKey ?? KEY, parameters: task(operation, parameters), ...extra });

/** Submits a task straight to the simulator's API, as another tool would. */
async function submit(path: string, body: Record<string, unknown>, key = KEY): Promise<string> {
	const res = await fetch(sim.url + path, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
		body: JSON.stringify(body),
	});
	// Read the ID from the text: it may be a bare 19-digit JSON number (bareNumericIds variant).
	const text = await res.text();
	const id = /"taskId"\s*:\s*"?(\d+)"?/.exec(text)?.[1];
	assert.ok(id, `the simulator accepted the task: ${text}`);
	return id;
}
const submitTts = (text = 'Hello there.') => submit('/openapi/v2/kling-lip-sync/tts', { text, voiceId: 'AOT', voiceLanguage: 'en' });
const submitWorkflow = (workflowId: string) => submit('/task/openapi/create', { apiKey: KEY, workflowId });

before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 60_000, quiet: true });
});
after(async () => {
	await sim.close();
});
beforeEach(async () => {
	await sim.control.reset();
});

describe('Task → Get', () => {
	it('queries the task by its exact ID with Bearer auth and reports a pending task', async () => {
		const id = await submitTts();
		await sim.control.waitForTask(id, ['RUNNING']);
		const { items } = await run('get', { taskId: id });
		const [request] = sim.control.requests({ path: '/openapi/v2/query' });
		assert.equal(request.headers.authorization, `Bearer ${KEY}`);
		assert.deepEqual(JSON.parse(request.body), { taskId: id });
		assert.deepEqual(items[0].json, { taskId: id, status: 'RUNNING', state: 'pending', outputs: [] });
		assert.deepEqual(items[0].pairedItem, { item: 0 });
	});

	it('reads the Task ID from the input item by default ({{ $json.taskId }})', async () => {
		const first = await submitTts('one');
		const second = await submitTts('two');
		const input = [{ json: { taskId: first } }, { json: { taskId: second } }];
		const { items } = await run('get', {}, { input });
		assert.deepEqual(items.map((i) => i.json.taskId), [first, second]);
		assert.deepEqual(pairedOf(items), [0, 1]);
	});

	it('normalises a finished task: outputs, usage, and the raw answer on request', async () => {
		const id = await submitTts();
		sim.control.completeTask(id);
		const { items } = await run('get', { taskId: id, options: { includeRaw: true } });
		const json = items[0].json as Record<string, any>;
		assert.equal(json.status, 'SUCCESS');
		assert.equal(json.state, 'succeeded');
		assert.equal(json.outputs.length, 2);
		assert.equal(json.outputs[0].type, 'mp3');
		assert.match(json.outputs[0].url, /\.mp3$/);
		assert.equal(json.outputs[1].type, 'text');
		assert.match(json.outputs[1].text, /^\d{18}$/);
		assert.equal(typeof json.usage.consumeMoney, 'string');
		assert.ok(json.raw, 'raw answer included');
		assert.equal(items[0].binary, undefined);
	});

	it('reports a failed task without failing the node', async () => {
		const id = await submitTts();
		sim.control.failTask(id, { errorCode: '1501', errorMessage: 'Content verification failed' });
		const { items } = await run('get', { taskId: id });
		assert.deepEqual(items[0].json, {
			taskId: id,
			status: 'FAILED',
			state: 'failed',
			outputs: [],
			errorCode: '1501',
			errorMessage: 'Content verification failed',
			usage: items[0].json.usage,
		});
	});

	it('reports a cancelled task', async () => {
		const id = await submitTts();
		sim.control.cancelTask(id);
		const { items } = await run('get', { taskId: id });
		assert.equal(items[0].json.status, 'CANCEL');
		assert.equal(items[0].json.state, 'cancelled');
	});

	for (const binaryMode of ['default', 'filesystem'] as const) {
		it(`downloads every output file into binary properties (${binaryMode} mode)`, async () => {
			const id = await submitWorkflow(TALKING_VIDEO);
			const done = sim.control.completeTask(id);
			const files = (done.results ?? []).filter((r) => r.url);
			assert.ok(files.length >= 1, 'the workflow has file outputs');
			const { items, bytes } = await run('get', { taskId: id, options: { downloadOutputs: true, binaryPropertyName: 'file' } }, { binaryMode });
			const binary = items[0].binary ?? {};
			assert.deepEqual(Object.keys(binary), files.map((_, n) => (n === 0 ? 'file' : `file_${n}`)));
			for (const [n, result] of files.entries()) {
				const meta = binary[n === 0 ? 'file' : `file_${n}`];
				const servedBytes = Buffer.from(await (await fetch(result.url!)).arrayBuffer());
				assert.ok(bytes(meta).equals(servedBytes), `output ${n} bytes`);
				assert.equal(meta.fileName, result.url!.split('/').pop());
				assert.ok(meta.mimeType && meta.mimeType !== 'application/octet-stream', `MIME type of ${meta.fileName}: ${meta.mimeType}`);
				assert.equal(Boolean(meta.id), binaryMode === 'filesystem');
			}
		});
	}

	it('downloads a PNG into "data" by default and skips downloads for unfinished tasks', async () => {
		const done = await submitWorkflow(TXT2IMG);
		sim.control.completeTask(done);
		const pending = await submitWorkflow(TXT2IMG);
		const input = [{ json: { taskId: done } }, { json: { taskId: pending } }];
		const { items } = await run('get', { options: { downloadOutputs: true } }, { input });
		assert.equal(items[0].binary?.data?.mimeType, 'image/png');
		assert.equal(items[1].binary, undefined);
		assert.equal(items[1].json.state, 'pending');
	});

	it('keeps 19-digit IDs exact when RunningHub sends them as bare JSON numbers', async () => {
		sim.control.configure({ variants: { bareNumericIds: true } });
		const id = await submitTts();
		const { items } = await run('get', { taskId: id });
		assert.equal(items[0].json.taskId, id);
		assert.equal(typeof items[0].json.taskId, 'string');
	});

	it('explains an expired download URL with the task ID', async () => {
		const id = await submitTts();
		const done = sim.control.completeTask(id);
		sim.control.expireFile(done.results![0].url!);
		const error = await runError('get', { taskId: id, options: { downloadOutputs: true } });
		assert.equal(error.message, `The output file "${id}_0.mp3" of task ${id} could not be downloaded (HTTP 404) [item 0]`);
		assert.match(String(error.description), /expire after about 24 hours/);
		assert.equal(error.context?.taskId, id);
	});

	const cases: Array<[string, unknown, RegExp]> = [
		['an empty Task ID', '', /^Task ID: is empty \[item 0\]$/],
		['text that is not an ID', 'abc-123', /^Task ID: "abc-123" is not a RunningHub ID \[item 0\]$/],
		['an ID that lost digits as a number', Number('1965432109876543210'), /^Task ID: the ID arrived as the number \d+, which is too large to be exact .*\[item 0\]$/],
	];
	for (const [name, taskId, message] of cases) {
		it(`names the parameter and item for ${name}, before any request`, async () => {
			const error = await runError('get', { taskId });
			assert.match(error.message, message);
			assert.equal(sim.control.requests().length, 0);
		});
	}

	it('validates every item before querying any', async () => {
		const id = await submitTts();
		const error = await runError('get', {}, { input: [{ json: { taskId: id } }, { json: { taskId: id } }, { json: { taskId: 'nope' } }] });
		assert.match(error.message, /^Task ID: "nope" is not a RunningHub ID \[item 2\]$/);
		assert.equal(sim.control.requests({ path: '/openapi/v2/query' }).length, 0);
	});

	it('fails on an unknown task with RunningHub\'s code, or returns an error item with continueOnFail', async () => {
		const unknown = '1965432109876543210';
		const error = await runError('get', { taskId: unknown });
		assert.equal(error.context?.runningHubCode, '1004');
		assert.equal(error.message, 'Task not found or expired [item 0]');
		assertRunningHubCode(error, '1004', 'TASK_NOT_FOUND');
		assertNoKey(KEY, error);

		const id = await submitTts();
		const { items } = await run('get', {}, { input: [{ json: { taskId: id } }, { json: { taskId: unknown } }], continueOnFail: true });
		assert.deepEqual(pairedOf(items), [0, 1]);
		assert.equal(items[0].json.taskId, id);
		assert.equal(items[1].json.errorCode, '1004');
		assert.match(String(items[1].json.error), /\[item 1\]$/);
		assertNoKey(KEY, items);
	});

	it('still reads an unknown task as an error when RunningHub answers HTTP 404', async () => {
		sim.control.configure({ variants: { queryUnknownHttp404: true } });
		const error = await runError('get', { taskId: '1965432109876543210' });
		assert.equal(error.context?.runningHubCode, '1004');
	});
});

describe('Task → Cancel', () => {
	it('cancels a running task through the v1 endpoint and reports where it ended', async () => {
		const id = await submitTts();
		await sim.control.waitForTask(id, ['RUNNING']);
		const { items } = await run('cancel', { taskId: id });
		assert.deepEqual(items[0].json, { taskId: id, cancelled: true, status: 'CANCEL', state: 'cancelled', statusBefore: 'RUNNING' });
		assert.deepEqual(items[0].pairedItem, { item: 0 });
		assert.equal(sim.control.task(id)?.status, 'CANCEL');
		const [request] = sim.control.requests({ path: '/task/openapi/cancel' });
		assert.deepEqual(JSON.parse(request.body), { taskId: id, apiKey: KEY }, 'v1 takes the key in the body');
		assertNoKey(KEY, items);
	});

	it('cancels a queued task', async () => {
		sim.control.configure({ concurrencyLimit: 1, queueLimit: 5 });
		await submitTts('first');
		const queued = await submitTts('second');
		assert.equal(sim.control.task(queued)?.status, 'QUEUED');
		const { items } = await run('cancel', { taskId: queued });
		assert.equal(items[0].json.status, 'CANCEL');
	});

	it('reports a task that had already finished as it is', async () => {
		const id = await submitTts();
		sim.control.completeTask(id);
		const { items } = await run('cancel', { taskId: id });
		assert.deepEqual(items[0].json, {
			taskId: id,
			cancelled: false,
			status: 'SUCCESS',
			state: 'succeeded',
			message: 'The task had already ended (SUCCESS) before the cancel, so nothing was stopped.',
		});
	});

	it('reports a running task that reads FAILED after the cancel as cancelled by the node, not as "already ended"', async () => {
		// Some RunningHub tasks read FAILED, not CANCEL, once cancelled: the status before the cancel tells.
		sim.control.configure({ variants: { cancelledStatus: 'FAILED' } });
		const id = await submitTts();
		await sim.control.waitForTask(id, ['RUNNING']);
		const { items } = await run('cancel', { taskId: id });
		assert.deepEqual(items[0].json, { taskId: id, cancelled: true, status: 'FAILED', state: 'failed', statusBefore: 'RUNNING' });
		assert.equal(sim.control.requests({ path: '/task/openapi/cancel' }).length, 1);
	});

	it('sends no cancel for a task that had already failed, and says it had ended', async () => {
		const id = await submitTts();
		sim.control.failTask(id, { errorCode: '1015', errorMessage: 'the model crashed' });
		const { items } = await run('cancel', { taskId: id });
		assert.equal(items[0].json.cancelled, false);
		assert.equal(items[0].json.status, 'FAILED');
		assert.match(String(items[0].json.message), /had already ended \(FAILED\) before the cancel/);
		assert.equal(sim.control.requests({ path: '/task/openapi/cancel' }).length, 0, 'nothing to cancel');
	});

	it('cancels several items and pairs each output', async () => {
		const ids = [await submitTts('a'), await submitTts('b'), await submitTts('c')];
		const { items } = await run('cancel', {}, { input: ids.map((taskId) => ({ json: { taskId } })) });
		assert.deepEqual(items.map((i) => i.json.taskId), ids);
		assert.deepEqual(pairedOf(items), [0, 1, 2]);
		assert.ok(ids.every((id) => sim.control.task(id)?.status === 'CANCEL'));
	});

	it('fails on an unknown task (807), or returns an error item with continueOnFail', async () => {
		const unknown = '1965432109876543210';
		const error = await runError('cancel', { taskId: unknown });
		assert.equal(error.context?.runningHubCode, '807');
		assert.equal(error.message, 'The task was not found [item 0]');
		assertRunningHubCode(error, 807, 'APIKEY_TASK_NOT_FOUND');
		assertNoKey(KEY, error);
		const { items } = await run('cancel', { taskId: unknown }, { continueOnFail: true });
		assert.equal(items[0].json.errorCode, '807');
		assert.deepEqual(items[0].pairedItem, { item: 0 });
		assertNoKey(KEY, items);
	});

	it('names the parameter and item for a bad Task ID, before any request', async () => {
		const error = await runError('cancel', {}, { input: [{ json: { taskId: '1965432109876543210' } }, { json: { taskId: '19654x' } }] });
		assert.match(error.message, /^Task ID: "19654x" is not a RunningHub ID \[item 1\]$/);
		assert.equal(sim.control.requests().length, 0);
	});

	it('never shows a rejected key', async () => {
		const bad = 'not0a0real0key0000000000000000xyz';
		const error = await runError('cancel', { taskId: '1965432109876543210' }, { apiKey: bad });
		assert.equal(error.context?.runningHubCode, '802');
		assertNoKey(bad, error);
	});
});

describe('Workflow chains', () => {
	it('Text to Speech without waiting → Task Get on its output item → Task Cancel', async () => {
		sim.control.configure({ endpointDurations: { 'kling-lip-sync/tts': 60_000 } });
		const speech = await runRunningHub({
			baseUrl: sim.url,
			apiKey: KEY,
			parameters: { resource: 'audio', operation: 'textToSpeech', text: 'Chained.', voiceId: 'AOT', waitForCompletion: false },
		});
		const taskId = String(speech.items[0].json.taskId);
		// The next nodes read {{ $json.taskId }} (the Task ID default) from the previous output.
		const pending = await run('get', {}, { input: [{ json: speech.items[0].json }] });
		assert.equal(pending.items[0].json.taskId, taskId);
		assert.equal(pending.items[0].json.state, 'pending');
		const cancelled = await run('cancel', {}, { input: [{ json: pending.items[0].json }] });
		assert.deepEqual(cancelled.items[0].json, { taskId, cancelled: true, status: 'CANCEL', state: 'cancelled', statusBefore: 'RUNNING' });
	});

	for (const binaryMode of ['default', 'filesystem'] as const) {
		it(`Text to Speech without waiting → Task Get downloads the MP3 once finished (${binaryMode} mode)`, async () => {
			const speech = await runRunningHub({
				baseUrl: sim.url,
				apiKey: KEY,
				parameters: { resource: 'audio', operation: 'textToSpeech', text: 'Chained download.', voiceId: 'AOT', waitForCompletion: false },
			});
			sim.control.completeTask(String(speech.items[0].json.taskId));
			const { items, bytes } = await run('get', { options: { downloadOutputs: true } }, { input: [{ json: speech.items[0].json }], binaryMode });
			const meta = items[0].binary?.data;
			assert.equal(meta?.mimeType, 'audio/mpeg');
			const [audio] = sim.control.audios();
			assert.ok(bytes(meta!).equals(Buffer.from(await (await fetch(audio.url!)).arrayBuffer())));
		});
	}
});
