import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { RunningHubWaitForTask } from '../../nodes/RunningHubWaitForTask/RunningHubWaitForTask.node';
import { startSimulator, type Simulator } from '../../simulator/index.mts';
import { binaryBuffer, runNode } from '../support/n8n.mts';
import { UNKNOWN_TASK_ID, simCredentials, submitTask } from '../support/simtasks.mts';

let sim: Simulator;

before(async () => {
	sim = await startSimulator({ quiet: true, taskDurationMs: 30, concurrencyLimit: 50 });
});
after(async () => {
	await sim.close();
});
beforeEach(() => sim.control.clearFaults());

const items = (...taskIds: Array<string | number>): INodeExecutionData[] => taskIds.map((taskId, i) => ({ json: { taskId, row: i } }));
/** A 19-digit ID that arrived as a JSON number: already rounded (2^53 < it). */
const ROUNDED_ID = Number('1965432109876543210');

async function poll(input: INodeExecutionData[], extra: Record<string, unknown> = {}, context: { continueOnFail?: boolean; abortSignal?: AbortSignal } = {}) {
	return await runNode(RunningHubWaitForTask, {
		parameters: { mode: 'poll', maxWaitSeconds: 2, ...extra },
		credentials: simCredentials(sim),
		input,
		...context,
	});
}

const ids = (out: INodeExecutionData[]) => out.map((i) => i.json.taskId);
const paired = (out: INodeExecutionData[]) => out.map((i) => (i.pairedItem as { item: number }).item);

describe('RunningHub Wait for Task: description', () => {
	it('declares a restart webhook, the trivial lifecycle and mode-dependent outputs', async () => {
		const node = new RunningHubWaitForTask();
		const d = node.description;
		assert.equal(d.name, 'runningHubWaitForTask');
		assert.equal(d.displayName, 'RunningHub Wait for Task');
		assert.equal(d.usableAsTool, true);
		assert.deepEqual(d.webhooks?.map((w) => ({ method: w.httpMethod, path: w.path, restart: w.restartWebhook })), [{ method: 'POST', path: '', restart: true }]);
		const m = node.webhookMethods.default;
		assert.deepEqual([await m.checkExists(), await m.create(), await m.delete()], [true, true, true]);
		const outputs = String(d.outputs);
		// Evaluate the expression the way n8n would for both modes.
		const body = outputs.replace(/^=\{\{/, '').replace(/\}\}$/, '');
		const evaluate = (mode: string) => new Function('$parameter', `return (${body});`)({ mode }) as Array<{ displayName: string }>;
		assert.deepEqual(evaluate('poll').map((o) => o.displayName), ['Succeeded', 'Failed', 'Still Running']);
		assert.deepEqual(evaluate('callback').map((o) => o.displayName), ['Result']);
	});
});

describe('RunningHub Wait for Task: Poll mode', () => {
	it('routes several tasks to Succeeded, Failed and Still Running, each keeping its task ID', async () => {
		const ok = await submitTask(sim, { durationMs: 200 });
		const failed = await submitTask(sim, { durationMs: 300, fail: { errorCode: '1015', errorMessage: 'Generation failed' } });
		const running = await submitTask(sim, { durationMs: -1 });
		const ok2 = await submitTask(sim, { durationMs: 50 });
		const started = Date.now();
		const { output } = await poll(items(ok, failed, running, ok2));
		const took = Date.now() - started;
		assert.equal(output.length, 3);
		const [succeeded, failedOut, stillRunning] = output;
		assert.deepEqual(ids(succeeded), [ok, ok2]);
		assert.deepEqual(paired(succeeded), [0, 3]);
		assert.deepEqual(ids(failedOut), [failed]);
		assert.deepEqual(paired(failedOut), [1]);
		assert.deepEqual(ids(stillRunning), [running]);
		assert.deepEqual(paired(stillRunning), [2]);
		assert.equal(succeeded[0].json.waitResult, 'succeeded');
		assert.equal(succeeded[0].json.waitMode, 'poll');
		assert.equal(failedOut[0].json.waitResult, 'failed');
		assert.equal(failedOut[0].json.errorCode, '1015');
		assert.equal(stillRunning[0].json.waitResult, 'stillRunning');
		assert.equal(stillRunning[0].json.state, 'pending');
		assert.equal(stillRunning[0].json.timedOut, true);
		assert.match(String(stillRunning[0].json.message), /Max Wait/);
		assert.ok(took >= 1900 && took < 6000, `bounded by Max Wait (took ${took} ms)`);
		assert.equal(sim.control.task(running)?.status, 'RUNNING', 'not cancelled unless asked');
	});

	it('does not wait when every task has already finished', async () => {
		const a = await submitTask(sim);
		const b = await submitTask(sim, { fail: {} });
		await sim.control.waitForTask(a);
		await sim.control.waitForTask(b);
		const started = Date.now();
		const { output, recorder } = await poll(items(a, b), { maxWaitSeconds: 60 });
		assert.ok(Date.now() - started < 1000);
		assert.deepEqual(output.map((o) => o.length), [1, 1, 0]);
		assert.equal(recorder.requests.length, 2, 'one read per task');
	});

	it('reads a task named by several items once per round', async () => {
		const a = await submitTask(sim);
		await sim.control.waitForTask(a);
		const { output, recorder } = await poll(items(a, a, a));
		assert.deepEqual(paired(output[0]), [0, 1, 2]);
		assert.equal(recorder.requests.length, 1);
	});

	it('cancels tasks at the time limit when asked, and routes them to Failed', async () => {
		const running = await submitTask(sim, { durationMs: -1 });
		const { output } = await poll(items(running), { maxWaitSeconds: 1, options: { cancelOnTimeLimit: true } });
		assert.equal(sim.control.task(running)?.status, 'CANCEL');
		assert.deepEqual(output.map((o) => o.length), [0, 1, 0]);
		const json = output[1][0].json;
		assert.equal(json.state, 'cancelled');
		assert.equal(json.timedOut, true);
		assert.equal(json.cancelledAtTimeLimit, true);
	});

	it('fails on a task RunningHub does not know, or routes it to Failed with continue on fail', async () => {
		await assert.rejects(poll(items(UNKNOWN_TASK_ID)), /not found/i);
		const ok = await submitTask(sim);
		const { output } = await poll(items(UNKNOWN_TASK_ID, ok), {}, { continueOnFail: true });
		assert.deepEqual(ids(output[0]), [ok]);
		assert.equal(output[1][0].json.taskId, UNKNOWN_TASK_ID);
		assert.equal(output[1][0].json.waitResult, 'failed');
		assert.match(String(output[1][0].json.error), /not found/i);
		assert.deepEqual(paired(output[1]), [0]);
	});

	it('refuses bad task IDs before calling RunningHub', async () => {
		for (const bad of [ROUNDED_ID, 'abc', '']) {
			await assert.rejects(poll(items(bad)), /Task ID/);
		}
		const { output, recorder } = await poll(items(ROUNDED_ID), {}, { continueOnFail: true });
		assert.equal(recorder.requests.length, 0);
		assert.match(String(output[1][0].json.error), /too large to be exact/);
	});

	it('downloads the outputs of succeeded tasks into binary', async () => {
		const ok = await submitTask(sim);
		const { output, recorder } = await poll(items(ok), { options: { downloadOutputs: true } });
		const item = output[0][0];
		assert.ok(item.binary?.data);
		assert.ok(binaryBuffer(recorder, item.binary.data).length > 0);
	});

	it('stops when the execution is cancelled', async () => {
		const running = await submitTask(sim, { durationMs: -1 });
		const abort = new AbortController();
		setTimeout(() => abort.abort(), 300);
		const started = Date.now();
		await assert.rejects(poll(items(running), { maxWaitSeconds: 60 }, { abortSignal: abort.signal }));
		assert.ok(Date.now() - started < 3000);
	});

	it('keeps 19-digit IDs exact end to end', async () => {
		const ok = await submitTask(sim);
		const { output } = await poll(items(ok));
		assert.equal(typeof output[0][0].json.taskId, 'string');
		assert.equal((output[0][0].json as IDataObject).taskId, ok);
		assert.equal(ok.length, 19);
	});
});
