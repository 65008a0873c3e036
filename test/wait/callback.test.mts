import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { resetCallbackState } from '../../nodes/RunningHubWaitForTask/callback';
import { RunningHubWaitForTask } from '../../nodes/RunningHubWaitForTask/RunningHubWaitForTask.node';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { binaryBuffer, runNode } from '../support/n8n.mts';
import { simCredentials, submitTask } from '../support/simtasks.mts';
import { callWebhook, eventually, serveWaiting, type ServedWaiting } from '../support/webhook.mts';
import { type ShownError, assertRunningHubCode } from '../support/errors.mts';

let sim: Simulator;
let executionSeq = 0;

before(async () => {
	sim = await startSimulator({ quiet: true, taskDurationMs: 30, concurrencyLimit: 50 });
});
after(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.control.clearFaults();
	resetCallbackState();
	sim.control.configure({ webhook: { retryBackoffMs: 50, timeoutMs: 3000, duplicates: 1, maxRetries: 3 } });
});

const PARAMS = { mode: 'callback', timeLimitMinutes: 30 };
const items = (...taskIds: string[]): INodeExecutionData[] => taskIds.map((taskId, i) => ({ json: { taskId, status: 'RUNNING', state: 'pending', row: i } }));
const taskEnd = (taskId: string) => ({ event: 'TASK_END', taskId, eventData: JSON.stringify({ code: 0, msg: 'success', data: [] }) });
const paired = (out: INodeExecutionData[]) => out.map((i) => (i.pairedItem as { item: number }).item);

async function park(input: INodeExecutionData[], extra: Record<string, unknown> = {}) {
	return await runNode(RunningHubWaitForTask, { parameters: { ...PARAMS, ...extra }, credentials: simCredentials(sim), input });
}

/** RunningHub (or anyone) calling the resume URL of a parked execution of this node. */
async function callback(input: INodeExecutionData[], body: unknown, options: { executionId?: string; parameters?: Record<string, unknown>; rawBody?: string; key?: string } = {}) {
	return await callWebhook(RunningHubWaitForTask, {
		parameters: { ...PARAMS, ...options.parameters },
		credentials: simCredentials(sim, options.key),
		body,
		rawBody: options.rawBody,
		input,
		executionId: options.executionId ?? `exec-${++executionSeq}`,
	});
}

describe('Resume on Callback: first check', () => {
	it('continues at once, without parking, when every task has finished', async () => {
		const a = await submitTask(sim);
		const b = await submitTask(sim, { fail: {} });
		await sim.control.waitForTask(a);
		await sim.control.waitForTask(b);
		const { output, recorder } = await park(items(a, b));
		assert.equal(recorder.putToWait, undefined);
		assert.equal(output.length, 1, 'one output in callback mode');
		assert.deepEqual(output[0].map((i) => i.json.waitResult), ['succeeded', 'failed']);
		assert.deepEqual(output[0].map((i) => i.json.resumedBy), ['firstCheck', 'firstCheck']);
		assert.deepEqual(paired(output[0]), [0, 1]);
	});

	it('parks the execution until the time limit when a task is still running', async () => {
		const a = await submitTask(sim);
		await sim.control.waitForTask(a);
		const b = await submitTask(sim, { durationMs: -1 });
		const input = items(a, b);
		const before = Date.now();
		const { output, recorder } = await park(input, { timeLimitMinutes: 45 });
		assert.ok(recorder.putToWait, 'putExecutionToWait called');
		const expected = before + 45 * 60_000;
		assert.ok(Math.abs(recorder.putToWait.getTime() - expected) < 2000, `waitTill ${recorder.putToWait.toISOString()}`);
		// What the node returns while parking is its input: exactly what n8n passes on if the
		// time limit passes first (the node is then disabled): no waitResult, state still pending.
		assert.deepEqual(output, [input]);
		assert.equal(output[0][1].json.waitResult, undefined);
	});

	it('in "any" mode continues at once when one task has finished, the others marked still running', async () => {
		const a = await submitTask(sim);
		await sim.control.waitForTask(a);
		const b = await submitTask(sim, { durationMs: -1 });
		const { output, recorder } = await park(items(a, b), { resumeWhen: 'anyFinished' });
		assert.equal(recorder.putToWait, undefined);
		assert.deepEqual(output[0].map((i) => i.json.waitResult), ['succeeded', 'stillRunning']);
	});

	it('fails on an unreadable task unless it continues on fail', async () => {
		await assert.rejects(park(items('1999999999999999999')), /not found/i);
	});
});

describe('Resume on Callback: webhook()', () => {
	it('re-reads the task and resumes with it as the single output', async () => {
		const a = await submitTask(sim);
		await sim.control.waitForTask(a);
		const { result, response, recorder } = await callback(items(a), taskEnd(a));
		assert.equal(response.status, 200);
		assert.deepEqual(response.body, { received: true, resumed: true });
		assert.equal(recorder.requests.filter((r) => r.url.endsWith('/openapi/v2/query')).length, 1);
		const out = result.workflowData as INodeExecutionData[][];
		assert.equal(out.length, 1);
		assert.equal(out[0][0].json.taskId, a);
		assert.equal(out[0][0].json.waitResult, 'succeeded');
		assert.equal(out[0][0].json.resumedBy, 'callback');
		assert.equal(out[0][0].json.waitMode, 'callback');
		assert.deepEqual(paired(out[0]), [0]);
	});

	it('does not trust the body: a "success" for a failed task resumes with the failure', async () => {
		const a = await submitTask(sim, { fail: { errorCode: '1501', errorMessage: 'Content verification failed' } });
		await sim.control.waitForTask(a);
		const { result } = await callback(items(a), taskEnd(a));
		assert.equal(result.workflowData?.[0][0].json.waitResult, 'failed');
		assert.equal(result.workflowData?.[0][0].json.errorCode, '1501');
	});

	it('with several items keeps waiting until the last task\'s callback, then resumes with all', async () => {
		const a = await submitTask(sim, { durationMs: -1 });
		const b = await submitTask(sim, { durationMs: -1 });
		const c = await submitTask(sim, { durationMs: -1 });
		const input = items(a, b, c);
		const executionId = `exec-${++executionSeq}`;
		sim.control.completeTask(a);
		const first = await callback(input, taskEnd(a), { executionId });
		assert.equal(first.response.status, 200);
		assert.equal(first.result.workflowData, undefined, 'no workflowData: n8n keeps the execution parked');
		// The answer names none of the tasks the execution still waits for (only the caller's own).
		const firstAnswer = JSON.stringify(first.response.body);
		assert.ok(!firstAnswer.includes(b) && !firstAnswer.includes(c), firstAnswer);
		assert.equal((first.response.body as IDataObject).resumed, false);
		sim.control.failTask(b);
		const second = await callback(input, taskEnd(b), { executionId });
		assert.equal(second.result.workflowData, undefined);
		assert.ok(!JSON.stringify(second.response.body).includes(c), JSON.stringify(second.response.body));
		sim.control.completeTask(c);
		const last = await callback(input, taskEnd(c), { executionId });
		assert.equal(last.response.status, 200);
		const out = last.result.workflowData?.[0] as INodeExecutionData[];
		assert.deepEqual(out.map((i) => i.json.taskId), [a, b, c]);
		assert.deepEqual(out.map((i) => i.json.waitResult), ['succeeded', 'failed', 'succeeded']);
		assert.deepEqual(paired(out), [0, 1, 2]);
		// A late copy of a callback must not resume the execution a second time.
		const late = await callback(input, taskEnd(a), { executionId });
		assert.equal(late.result.workflowData, undefined);
		assert.match(String((late.response.body as IDataObject).reason), /already resuming/);
	});

	it('in "any" mode resumes on the first callback, the others marked still running', async () => {
		const a = await submitTask(sim, { durationMs: -1 });
		const b = await submitTask(sim, { durationMs: -1 });
		sim.control.completeTask(b);
		const { result } = await callback(items(a, b), taskEnd(b), { parameters: { resumeWhen: 'anyFinished' } });
		assert.deepEqual(result.workflowData?.[0].map((i) => i.json.waitResult), ['stillRunning', 'succeeded']);
	});

	it('ignores a callback about a task it does not wait for (200, no API call)', async () => {
		const a = await submitTask(sim, { durationMs: -1 });
		const { result, response, recorder } = await callback(items(a), taskEnd('1965432109876543210'));
		assert.equal(response.status, 200);
		assert.equal((response.body as IDataObject).resumed, false);
		assert.equal(result.workflowData, undefined);
		assert.equal(recorder.requests.length, 0);
	});

	it('answers 503 (RunningHub delivers again) while the API still reports the task running', async () => {
		const a = await submitTask(sim, { durationMs: -1 });
		const { result, response } = await callback(items(a), taskEnd(a));
		assert.equal(response.status, 503);
		assert.equal(result.workflowData, undefined);
	});

	it('answers 503 and keeps waiting when RunningHub cannot be read', async () => {
		const a = await submitTask(sim);
		await sim.control.waitForTask(a);
		sim.control.addFault({ path: '/openapi/v2/query', times: 2, fault: { type: 'http', status: 502 } });
		const { result, response } = await callback(items(a), taskEnd(a));
		assert.equal(response.status, 503);
		assert.equal(result.workflowData, undefined);
	});

	it('ends the execution with the error when the credential is refused', async () => {
		const a = await submitTask(sim);
		await sim.control.waitForTask(a);
		await assert.rejects(callback(items(a), taskEnd(a), { key: SIM_KEYS.aiFree }), (e: ShownError) => {
			assert.equal(e.message, 'Free accounts cannot use API keys [item 0]');
			// v2 answers a free user with 1002 and a message naming 801's APIKEY_UNSUPPORTED_FREE_USER: its advice fits.
			assertRunningHubCode(e, '1002', 'INVALID_API_KEY');
			assert.match(String(e.description), /^Upgrade to a membership or use an enterprise key\.\n/);
			return true;
		});
	});

	it('answers 400 to a body that is not a task event, and keeps waiting', async () => {
		const a = await submitTask(sim, { durationMs: -1 });
		for (const rawBody of ['nope', '{"hello":1}', JSON.stringify({ taskId: a })]) {
			const { result, response } = await callback(items(a), {}, { rawBody });
			assert.equal(response.status, 400, rawBody);
			assert.equal(result.workflowData, undefined);
		}
	});

	it('downloads outputs after answering', async () => {
		const a = await submitTask(sim);
		await sim.control.waitForTask(a);
		const { result, recorder, response } = await callback(items(a), taskEnd(a), { parameters: { options: { downloadOutputs: true } } });
		assert.equal(response.status, 200);
		const item = result.workflowData?.[0][0] as INodeExecutionData;
		assert.ok(item.binary?.data);
		assert.ok(binaryBuffer(recorder, item.binary.data).length > 0);
		assert.equal(result.noWebhookResponse, true);
	});
});

describe('Resume on Callback: parked execution resumed by the simulator over HTTP (2.40 signed URL)', () => {
	let waiting: ServedWaiting;

	before(async () => {
		waiting = await serveWaiting(RunningHubWaitForTask, { parameters: PARAMS, credentials: simCredentials(sim) });
	});
	after(async () => {
		await waiting.close();
	});

	it('stays waiting while the task runs and resumes when RunningHub calls back', async () => {
		const placeholder = waiting.park([], 'e1');
		const a = await submitTask(sim, { webhookUrl: placeholder.resumeUrl, durationMs: 400 });
		const input = items(a);
		const execution = waiting.park(input, 'e1');
		// The node's first run parks it (task still running).
		const first = await park(input);
		assert.ok(first.recorder.putToWait);
		assert.equal(execution.status, 'waiting');
		await eventually(() => execution.status === 'resumed', 8000, 'the resume');
		assert.equal(execution.output?.[0][0].json.taskId, a);
		assert.equal(execution.output?.[0][0].json.waitResult, 'succeeded');
		assert.equal(execution.calls[0].status, 200);
	});

	it('resumes once when several tasks call back, duplicates included', async () => {
		sim.control.configure({ webhook: { duplicates: 2 } });
		const id = 'e2';
		const url = waiting.park([], id).resumeUrl;
		const tasks = [await submitTask(sim, { webhookUrl: url, durationMs: -1 }), await submitTask(sim, { webhookUrl: url, durationMs: -1 }), await submitTask(sim, { webhookUrl: url, durationMs: -1 })];
		const execution = waiting.park(items(...tasks), id);
		// Two finish at the same moment, the last one a little later.
		sim.control.completeTask(tasks[0]);
		sim.control.completeTask(tasks[1]);
		await eventually(() => sim.control.webhookDeliveries().filter((d) => tasks.includes(String(d.taskId))).length >= 4, 8000, 'four deliveries');
		assert.equal(execution.status, 'waiting');
		sim.control.completeTask(tasks[2]);
		await eventually(() => execution.status === 'resumed', 8000, 'the resume');
		await eventually(() => sim.control.webhookDeliveries().filter((d) => d.taskId === tasks[2]).length >= 2, 8000, 'the copy');
		assert.equal(execution.doubleResumes, 0);
		assert.deepEqual(execution.output?.[0].map((i) => i.json.waitResult), ['succeeded', 'succeeded', 'succeeded']);
		const late = sim.control.webhookDeliveries().filter((d) => d.taskId === tasks[2]).at(-1);
		assert.equal(late?.status, 409, 'n8n refuses callbacks after the resume');
	});

	it('is not resumed by a call without the resume token', async () => {
		const a = await submitTask(sim, { durationMs: -1 });
		const execution = waiting.park(items(a), 'e3');
		sim.control.completeTask(a);
		const bare = await sim.control.deliver({ url: execution.resumeUrl.replace(/\?.*$/, ''), body: taskEnd(a) });
		assert.equal(bare.status, 401);
		assert.equal(execution.status, 'waiting');
		const signed = await sim.control.deliver({ url: execution.resumeUrl, body: taskEnd(a) });
		assert.equal(signed.status, 200);
		assert.equal(execution.status, 'resumed');
	});
});
