// Paid work in a batch (runPerItem → BatchRun), driven through Audio → Text to Speech against the
// simulator: an item that fails the node stops the batch (nothing new submitted, running tasks
// cancelled, every task named in the error), Stop and Max Wait set to cancel cancel what they
// abandon and keep the task IDs, and a big batch's error stays readable.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import type * as BatchModule from '../../nodes/core/run/batch.ts';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { assertRunningHubCode } from '../support/errors.mts';
import { assertNoKey, runRunningHub, runRunningHubError } from '../operations/support.mts';

const { BatchRun } = createRequire(import.meta.url)('../../nodes/core/run/batch') as typeof BatchModule;

const KEY = SIM_KEYS.aiShared;
const TTS = 'kling-lip-sync/tts';
const FAILED = { errorCode: '1015', errorMessage: 'Generation failed: the model crashed' };
let sim: Simulator;

const input = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { line: `Line number ${i}.` } }));
const parameters = (submitOptions: IDataObject) => ({
	resource: 'audio',
	operation: 'textToSpeech',
	text: (i: number) => `Line number ${i}.`,
	voiceId: 'AOT',
	submitOptions,
});
const options = (n: number, submitOptions: IDataObject, extra: { continueOnFail?: boolean; abortSignal?: AbortSignal } = {}) => ({
	baseUrl: sim.url,
	apiKey: KEY,
	parameters: parameters(submitOptions),
	input: input(n),
	...extra,
});
const taskOfLine = (i: number) => sim.control.tasks().find((t) => JSON.stringify(t.body).includes(`Line number ${i}.`));
async function until<T>(read: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const value = read();
		if (value) return value;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

before(async () => {
	sim = await startSimulator({ port: 0, quiet: true, taskDurationMs: 300, concurrencyLimit: 10 });
});
after(async () => {
	await sim.close();
});
beforeEach(async () => {
	await sim.control.reset();
});

describe('a batch that fails the node (continue on fail off)', () => {
	it('submits nothing after the first failure and names the task in the error', async () => {
		sim.control.scriptOutcome({ endpoint: TTS, times: 1, fail: FAILED });
		const error = await runRunningHubError(options(4, { concurrency: 1 }));
		assert.match(error.message, /task failed: Generation failed: the model crashed .*\[item 0\]$/, 'the failing item\'s own message stays the headline');
		assert.equal(sim.control.submitCounts().total, 1, 'items 1-3 were never submitted');
		const [task] = sim.control.tasks();
		assert.match(String(error.description), new RegExp(`This run created 1 task\\(s\\).*\\n- item 0: task ${task.id} FAILED\\.\\n3 item\\(s\\) were not started`));
		assert.deepEqual(error.context?.tasks, [{ itemIndex: 0, taskId: task.id, status: 'FAILED' }]);
		assertNoKey(KEY, error);
	});

	it('cancels the tasks still running and lists every task with its state', async () => {
		sim.control.configure({ taskDurationMs: -1 });
		const run = runRunningHubError(options(3, { concurrency: 3 }));
		const tasks = await until(() => ([0, 1, 2].map(taskOfLine).every(Boolean) ? [0, 1, 2].map((i) => taskOfLine(i)!) : undefined), 'three tasks');
		sim.control.failTask(tasks[1].id, FAILED);
		const started = Date.now();
		const error = await run;
		assert.ok(Date.now() - started < 5000, 'the others did not wait for Max Wait');
		assert.match(error.message, /\[item 1\]$/);
		assert.equal(sim.control.task(tasks[0].id)?.status, 'CANCEL');
		assert.equal(sim.control.task(tasks[2].id)?.status, 'CANCEL');
		const listed = error.context?.tasks as Array<{ itemIndex: number; taskId: string; status: string; cancelledByNode?: boolean }>;
		assert.deepEqual(
			listed.map((t) => [t.itemIndex, t.taskId, t.status, Boolean(t.cancelledByNode)]).sort(),
			[
				[0, tasks[0].id, 'CANCEL', true],
				[1, tasks[1].id, 'FAILED', false],
				[2, tasks[2].id, 'CANCEL', true],
			],
		);
		assert.match(String(error.description), new RegExp(`- item 0: task ${tasks[0].id} CANCEL, cancelled by the node`));
	});
});

describe('Stop and Max Wait set to cancel', () => {
	it('Stop mid-wait cancels every running task; the error items keep the task IDs', async () => {
		sim.control.configure({ taskDurationMs: -1 });
		const abort = new AbortController();
		const run = runRunningHub(options(2, { concurrency: 2 }, { continueOnFail: true, abortSignal: abort.signal }));
		await until(() => sim.control.tasks().filter((t) => t.status === 'RUNNING').length === 2 || undefined, 'two running tasks');
		await new Promise((r) => setTimeout(r, 100));
		abort.abort();
		const { items } = await run;
		for (const [i, item] of items.entries()) {
			const task = taskOfLine(i)!;
			assert.equal(item.json.taskId, task.id);
			assert.equal(item.json.status, 'CANCEL');
			assert.match(String(item.json.error), new RegExp(`Stopped: the execution was stopped while this item was running \\[item ${i}\\]`));
			assert.equal(sim.control.task(task.id)?.status, 'CANCEL', 'the cancel reached RunningHub although the execution was stopped');
		}
	});

	it('Max Wait with On Timeout = Cancel Task and Fail cancels the task and fails the item with its ID', async () => {
		sim.control.configure({ taskDurationMs: -1 });
		const { items } = await runRunningHub(options(1, { maxWaitSeconds: 1, onTimeout: 'cancel' }, { continueOnFail: true }));
		const [task] = sim.control.tasks();
		assert.equal(sim.control.task(task.id)?.status, 'CANCEL');
		assert.equal(items[0].json.taskId, task.id);
		assert.equal(items[0].json.status, 'CANCEL');
		assert.match(String(items[0].json.error), /did not finish the task within Max Wait, so the node cancelled it \[item 0\]/);
		assert.match(String(items[0].json.errorDescription), /still RUNNING after 1 s and is now CANCEL/);
	});
});

describe('the error of a big batch', () => {
	const node = { name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion: 1, position: [0, 0], parameters: {}, id: 'n' };
	const ctx = { getNode: () => node } as never;

	it('lists the first 50 tasks, counts the rest, and keeps all of them in its context', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 130 }), fc.integer({ min: 0, max: 5 }), (n, notStarted) => {
				const batch = new BatchRun(ctx);
				const ids = Array.from({ length: n }, (_, i) => String(1950000000000000000n + BigInt(i)));
				ids.forEach((taskId, i) => batch.track({ taskId, status: 'RUNNING', state: 'pending', outputs: [] }, i));
				const error = Object.assign(new Error('The RunningHub task failed [item 0]'), { description: 'What to do.' }) as Error & { description?: string; context?: IDataObject };
				batch.nameTasksIn(error, notStarted);
				batch.close();
				const lines = String(error.description).split('\n');
				assert.equal(lines[0], 'What to do.', 'the item\'s own description comes first');
				assert.equal(lines.filter((l) => /^- item \d+: task \d{19} RUNNING\.$/.test(l)).length, Math.min(n, 50));
				assert.equal(lines.some((l) => l.includes(`and ${n - 50} more`)), n > 50);
				assert.equal(lines.some((l) => l.includes(`${notStarted} item(s) were not started`)), notStarted > 0);
				assert.deepEqual((error.context?.tasks as Array<{ taskId: string }>).map((t) => t.taskId), ids);
			}),
			{ numRuns: 40 },
		);
	});
});

describe('a batch that stops between the steps of an item (review finding 15)', () => {
	it('one-step Lip Sync: once another item failed, an item measuring its speech submits no lip-sync video', async () => {
		// Whichever item measures its speech first submits its video and is refused (1007), which
		// fails the node; the other item's speech download is held until then.
		sim.control.addFault({ path: '^/files/', times: 1, fault: { type: 'delay', ms: 1500 } });
		sim.control.addFault({ path: '/openapi/v2/kling-lip-sync/lip-sync-video', times: 1, fault: { type: 'businessError', code: '1007' } });
		const error = await runRunningHubError({
			baseUrl: sim.url,
			apiKey: KEY,
			parameters: {
				resource: 'lipSync',
				operation: 'lipSync',
				videoSource: 'url',
				videoUrl: 'https://example.com/presenter.mp4',
				audioSource: 'text',
				text: 'Hello from the stopped lip sync.',
				voiceId: 'AOT',
				waitForCompletion: true,
				submitOptions: { concurrency: 2 },
			},
			input: input(2),
		});
		assert.match(error.message, /^Parameter validation failed \[item [01]\]$/, "RunningHub's words are the headline");
		assertRunningHubCode(error, '1007', 'PARAMS_INVALID');
		const videos = sim.control.requests({ path: '/openapi/v2/kling-lip-sync/lip-sync-video' });
		assert.equal(videos.length, 1, 'only the refused submit was sent');
		assert.equal(sim.control.tasks().filter((t) => t.endpoint === 'kling-lip-sync/lip-sync-video').length, 0);
		assertNoKey(KEY, error);
	});
});
