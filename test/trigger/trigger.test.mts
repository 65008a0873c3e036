import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { RunningHubTrigger } from '../../nodes/RunningHubTrigger/RunningHubTrigger.node';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { binaryBuffer } from '../support/n8n.mts';
import { UNKNOWN_TASK_ID, simCredentials, submitTask } from '../support/simtasks.mts';
import { callWebhook, eventually, serveTrigger, type ServedTrigger } from '../support/webhook.mts';

const SECRET = 'trigger-test-secret-0123456789abcdef';

let sim: Simulator;
let nodeSeq = 0;

const params = (extra: Record<string, unknown> = {}) => ({
	secret: SECRET,
	events: ['succeeded', 'failed'],
	verifyWithApi: true,
	options: {},
	...extra,
});

const taskEnd = (taskId: string, eventData: IDataObject = { code: 0, msg: 'success', data: [] }) => ({
	event: 'TASK_END',
	taskId,
	eventData: JSON.stringify(eventData),
});

/** One webhook() call, as a fresh trigger node (own static data and process-wide scope). */
async function deliver(body: unknown, options: { query?: Record<string, unknown>; parameters?: Record<string, unknown>; rawBody?: Buffer | string | null; key?: string; staticData?: IDataObject; nodeId?: string } = {}) {
	return await callWebhook(RunningHubTrigger, {
		parameters: options.parameters ?? params(),
		credentials: simCredentials(sim, options.key),
		body,
		rawBody: options.rawBody,
		query: options.query ?? { secret: SECRET },
		staticData: options.staticData,
		nodeId: options.nodeId ?? `trigger-${++nodeSeq}`,
	});
}

async function finishedTask(opts: Parameters<typeof submitTask>[1] = {}): Promise<string> {
	const id = await submitTask(sim, opts);
	await sim.control.waitForTask(id);
	return id;
}

before(async () => {
	sim = await startSimulator({ quiet: true, taskDurationMs: 30, concurrencyLimit: 50 });
});
after(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.control.clearFaults();
	sim.control.configure({ webhook: { retryBackoffMs: 50, timeoutMs: 3000, duplicates: 1, maxRetries: 3 } });
});

describe('RunningHub Trigger: description', () => {
	it('is a webhook trigger with the trivial lifecycle', async () => {
		const node = new RunningHubTrigger();
		const d = node.description;
		assert.equal(d.name, 'runningHubTrigger');
		assert.match(d.displayName, /Trigger/);
		assert.deepEqual(d.inputs, []);
		assert.equal(d.usableAsTool, undefined);
		assert.deepEqual(d.group, ['trigger']);
		assert.equal(d.webhooks?.[0].httpMethod, 'POST');
		assert.equal(d.webhooks?.[0].responseMode, 'onReceived');
		const m = node.webhookMethods.default;
		const v1Hook = { getNode: () => ({ typeVersion: 1 }), getNodeParameter: () => '' } as never;
		assert.deepEqual([await m.checkExists.call(v1Hook), await m.create(), await m.delete()], [true, true, true]);
		assert.ok(d.properties.some((p) => p.type === 'notice' && /Production URL/.test(p.displayName) && /\?secret=/.test(p.displayName)));
	});
});

describe('RunningHub Trigger: authentication', () => {
	it('answers 401 and starts nothing without the secret', async () => {
		const id = await finishedTask();
		const { result, response, recorder } = await deliver(taskEnd(id), { query: {} });
		assert.equal(response.status, 401);
		assert.equal(result.workflowData, undefined);
		assert.equal(result.noWebhookResponse, true);
		assert.equal(recorder.requests.length, 0, 'no API call for an unauthenticated delivery');
	});

	it('answers 401 to a wrong, repeated or differently-cased secret', async () => {
		const id = await finishedTask();
		for (const secret of ['wrong', SECRET.toUpperCase(), `${SECRET}x`, [SECRET, SECRET]]) {
			const { result, response } = await deliver(taskEnd(id), { query: { secret } });
			assert.equal(response.status, 401, `secret ${JSON.stringify(secret)}`);
			assert.equal(result.workflowData, undefined);
		}
	});

	it('answers 401 while the node has no usable secret (empty or too short)', async () => {
		const id = await finishedTask();
		for (const secret of ['', 'short']) {
			const { result, response } = await deliver(taskEnd(id), { parameters: params({ secret }), query: { secret } });
			assert.equal(response.status, 401);
			assert.match(String((response.body as IDataObject).error), /no Secret of at least 16 characters/);
			assert.equal(result.workflowData, undefined);
		}
	});
});

describe('RunningHub Trigger: bodies', () => {
	it('answers 400 and starts nothing for malformed bodies', async () => {
		for (const raw of ['not json', '[]', '{"taskId":"abc","event":"TASK_END","eventData":"{}"}', '{"event":"TASK_END","taskId":"1965432109876543210","eventData":"{oops"}']) {
			const { result, response, recorder } = await deliver({}, { rawBody: raw });
			assert.equal(response.status, 400, raw);
			assert.equal(result.workflowData, undefined);
			assert.equal(recorder.requests.length, 0);
		}
	});

	it('answers 400 to a body over 1 MB', async () => {
		const raw = JSON.stringify({ ...taskEnd('1965432109876543210'), pad: 'x'.repeat(1024 * 1024) });
		const { result, response } = await deliver({}, { rawBody: raw });
		assert.equal(response.status, 400);
		assert.match(String((response.body as IDataObject).error), /more than the 1048576 bytes/);
		assert.equal(result.workflowData, undefined);
	});

	it('reads a v2-style body too', async () => {
		const id = await finishedTask();
		const { result, response } = await deliver({ taskId: id, status: 'SUCCESS', results: [] });
		assert.equal(response.status, 200);
		assert.equal(result.workflowData?.[0][0].json.taskId, id);
	});
});

describe('RunningHub Trigger: verification with the API', () => {
	it('emits the task as the API reports it, normalised', async () => {
		const id = await finishedTask();
		const { result, response } = await deliver(taskEnd(id));
		assert.equal(response.status, 200);
		assert.deepEqual(response.body, { received: true, taskId: id });
		const item = result.workflowData?.[0][0] as INodeExecutionData;
		assert.equal(item.json.taskId, id);
		assert.equal(item.json.state, 'succeeded');
		assert.equal(item.json.status, 'SUCCESS');
		assert.equal(item.json.verified, true);
		assert.equal(item.json.event, 'TASK_END');
		const outputs = item.json.outputs as IDataObject[];
		assert.ok(outputs.some((o) => typeof o.url === 'string' && String(o.url).startsWith(sim.url)));
	});

	it('does not trust the body: a forged "success" of a failed task is emitted as failed', async () => {
		const id = await finishedTask({ fail: { errorCode: '1015', errorMessage: 'Generation failed' } });
		const forged = taskEnd(id, { code: 0, msg: 'success', data: [{ fileUrl: 'https://evil.example/x.mp4', fileType: 'mp4' }] });
		const { result } = await deliver(forged);
		const json = result.workflowData?.[0][0].json as IDataObject;
		assert.equal(json.state, 'failed');
		assert.equal(json.errorCode, '1015');
		assert.ok(!JSON.stringify(json).includes('evil.example'));
		const filtered = await deliver(forged, { parameters: params({ events: ['succeeded'] }) });
		assert.equal(filtered.result.workflowData, undefined);
	});

	it('starts nothing for a task RunningHub does not know (200, ignored)', async () => {
		const { result, response, recorder } = await deliver(taskEnd(UNKNOWN_TASK_ID));
		assert.equal(response.status, 200);
		assert.equal((response.body as IDataObject).ignored, true);
		assert.equal(result.workflowData, undefined);
		// One v2 query, then one look in the v1 outputs endpoint before the task counts as unknown.
		assert.deepEqual(recorder.requests.map((r) => new URL(String(r.url)).pathname), ['/openapi/v2/query', '/task/openapi/outputs']);
	});

	it('answers 503 while the API still reports the task running, and handles the retry', async () => {
		const id = await submitTask(sim, { durationMs: -1 });
		const staticData: IDataObject = {};
		const nodeId = `trigger-${++nodeSeq}`;
		const early = await deliver(taskEnd(id), { staticData, nodeId });
		assert.equal(early.response.status, 503);
		assert.equal(early.result.workflowData, undefined);
		sim.control.completeTask(id);
		const retried = await deliver(taskEnd(id), { staticData, nodeId });
		assert.equal(retried.response.status, 200);
		assert.equal(retried.result.workflowData?.[0][0].json.state, 'succeeded');
	});

	it('answers 503 when RunningHub cannot be read, without marking the delivery as seen', async () => {
		const id = await finishedTask();
		sim.control.addFault({ path: '/openapi/v2/query', times: 2, fault: { type: 'http', status: 502 } });
		const staticData: IDataObject = {};
		const nodeId = `trigger-${++nodeSeq}`;
		const first = await deliver(taskEnd(id), { staticData, nodeId });
		assert.equal(first.response.status, 503);
		assert.equal(first.result.workflowData, undefined);
		const retry = await deliver(taskEnd(id), { staticData, nodeId });
		assert.equal(retry.response.status, 200);
		assert.ok(retry.result.workflowData);
	});

	it('answers 503 when RunningHub cannot be reached at all (network error)', async () => {
		const id = await finishedTask();
		const { result, response } = await callWebhook(RunningHubTrigger, {
			parameters: params(),
			credentials: { apiKey: SIM_KEYS.aiShared, site: 'custom', baseUrl: 'http://127.0.0.1:9' },
			body: taskEnd(id),
			query: { secret: SECRET },
			nodeId: `trigger-${++nodeSeq}`,
		});
		assert.equal(response.status, 503);
		assert.equal(result.workflowData, undefined);
	});

	it('fails visibly (throws) when the credential is refused', async () => {
		const id = await finishedTask();
		await assert.rejects(deliver(taskEnd(id), { key: SIM_KEYS.aiFree }), (error: Error) => /API key was rejected|Free accounts/.test(error.message));
	});

	it('emits what the delivery says when verification is off, without any API call', async () => {
		const id = '1965432109876543210';
		const body = taskEnd(id, { code: 0, msg: 'success', data: [{ fileUrl: 'https://cdn.example/out.mp4', fileType: 'mp4', taskCostTime: '7' }] });
		const { result, recorder } = await deliver(body, { parameters: params({ verifyWithApi: false }) });
		assert.equal(recorder.requests.length, 0);
		const json = result.workflowData?.[0][0].json as IDataObject;
		assert.equal(json.verified, false);
		assert.deepEqual(json.outputs, [{ url: 'https://cdn.example/out.mp4', type: 'mp4', text: null, nodeId: null }]);
		const running = await deliver(taskEnd('1965432109876543211', { code: 804, msg: 'running', data: null }), { parameters: params({ verifyWithApi: false }) });
		assert.equal(running.result.workflowData, undefined);
	});
});

describe('RunningHub Trigger: filters, duplicates, downloads', () => {
	it('emits failed tasks only when Task Failed is selected', async () => {
		const id = await finishedTask({ fail: { errorCode: '1501', errorMessage: 'Content verification failed' } });
		const only = await deliver(taskEnd(id), { parameters: params({ events: ['succeeded'] }) });
		assert.equal(only.response.status, 200);
		assert.equal(only.result.workflowData, undefined);
		assert.match(String((only.response.body as IDataObject).reason), /failed events are not selected/);
		const failed = await deliver(taskEnd(id), { parameters: params({ events: ['failed'] }) });
		assert.equal(failed.result.workflowData?.[0][0].json.state, 'failed');
		assert.equal(failed.result.workflowData?.[0][0].json.errorMessage, 'Content verification failed');
	});

	it('emits succeeded tasks only when Task Succeeded is selected', async () => {
		const id = await finishedTask();
		assert.equal((await deliver(taskEnd(id), { parameters: params({ events: ['failed'] }) })).result.workflowData, undefined);
		assert.ok((await deliver(taskEnd(id), { parameters: params({ events: ['succeeded'] }) })).result.workflowData);
	});

	it('drops a second delivery of the same task (static data) and lets other tasks through', async () => {
		const a = await finishedTask();
		const b = await finishedTask();
		const staticData: IDataObject = {};
		const nodeId = `trigger-${++nodeSeq}`;
		assert.ok((await deliver(taskEnd(a), { staticData, nodeId })).result.workflowData);
		const dup = await deliver(taskEnd(a), { staticData, nodeId });
		assert.equal(dup.response.status, 200);
		assert.equal((dup.response.body as IDataObject).duplicate, true);
		assert.equal(dup.result.workflowData, undefined);
		assert.equal(dup.recorder.requests.length, 0, 'a duplicate costs no API call');
		assert.ok((await deliver(taskEnd(b), { staticData, nodeId })).result.workflowData);
	});

	it('drops concurrent copies that each read the static data before any was saved', async () => {
		const id = await finishedTask();
		const nodeId = `trigger-${++nodeSeq}`;
		const results = await Promise.all(Array.from({ length: 4 }, () => deliver(taskEnd(id), { staticData: {}, nodeId })));
		assert.equal(results.filter((r) => r.result.workflowData).length, 1);
		assert.ok(results.every((r) => r.response.status === 200));
	});

	it('downloads the outputs into binary after answering', async () => {
		const id = await finishedTask();
		const { result, response, recorder } = await deliver(taskEnd(id), { parameters: params({ options: { downloadOutputs: true, binaryPropertyName: 'file' } }) });
		assert.equal(response.status, 200);
		const item = result.workflowData?.[0][0] as INodeExecutionData;
		assert.ok(item.binary?.file, 'binary property "file"');
		assert.ok(binaryBuffer(recorder, item.binary.file).length > 0);
		assert.equal(result.noWebhookResponse, true);
	});

	describe('with Verify with API off, never fetches a URL from the delivery', () => {
		const forged = (id: string) =>
			taskEnd(id, { code: 0, msg: 'success', data: [{ fileUrl: 'http://127.0.0.1:9/internal/admin.mp4', fileType: 'mp4', taskCostTime: '1' }] });
		const unverified = params({ verifyWithApi: false, options: { downloadOutputs: true } });
		const fetched = (recorder: { requests: Array<{ url: string }> }) => recorder.requests.filter((r) => r.url.includes('/internal/'));

		it('downloads the files RunningHub lists for the task instead', async () => {
			const id = await finishedTask();
			const { result, recorder } = await deliver(forged(id), { parameters: unverified });
			const item = result.workflowData?.[0][0] as INodeExecutionData;
			assert.equal(item.json.verified, false);
			assert.deepEqual(fetched(recorder), []);
			assert.ok(item.binary?.data, 'RunningHub\'s own output file');
			assert.equal(item.json.downloadError, undefined);
			assert.ok(recorder.requests.some((r) => r.url.endsWith('/openapi/v2/query')), 'the task was read again');
		});

		it('says why nothing was downloaded for a task RunningHub still runs', async () => {
			const id = await submitTask(sim, { durationMs: -1 });
			const { result, recorder } = await deliver(forged(id), { parameters: unverified });
			const item = result.workflowData?.[0][0] as INodeExecutionData;
			assert.deepEqual(fetched(recorder), []);
			assert.equal(item.binary, undefined);
			assert.match(String(item.json.downloadError), new RegExp(`RunningHub reports task ${id} as (QUEUED|RUNNING), not succeeded, so nothing was downloaded`));
		});

		it('says why nothing was downloaded for a task RunningHub does not know', async () => {
			const { result, recorder } = await deliver(forged(UNKNOWN_TASK_ID), { parameters: unverified });
			const item = result.workflowData?.[0][0] as INodeExecutionData;
			assert.deepEqual(fetched(recorder), []);
			assert.equal(item.binary, undefined);
			assert.match(String(item.json.downloadError), new RegExp(`task ${UNKNOWN_TASK_ID} could not be read from RunningHub, so nothing was downloaded`));
		});
	});
});

describe('RunningHub Trigger: deliveries from the simulator over HTTP', () => {
	let served: ServedTrigger;
	const url = () => `${served.url}?secret=${encodeURIComponent(SECRET)}`;

	before(async () => {
		served = await serveTrigger(RunningHubTrigger, { parameters: params(), credentials: simCredentials(sim) });
	});
	after(async () => {
		await served.close();
	});

	it('starts one execution per task even when RunningHub delivers every event 3 times', async () => {
		sim.control.configure({ webhook: { duplicates: 3 } });
		const before = served.executions.length;
		const id = await submitTask(sim, { webhookUrl: url() });
		await eventually(() => sim.control.webhookDeliveries().filter((d) => d.taskId === id).length >= 3, 8000, 'three deliveries');
		await new Promise((r) => setTimeout(r, 100));
		const mine = served.executions.slice(before).filter((e) => e.items[0][0].json.taskId === id);
		assert.equal(mine.length, 1);
		assert.equal(mine[0].items[0][0].json.state, 'succeeded');
		const attempts = sim.control.webhookDeliveries().filter((d) => d.taskId === id);
		assert.ok(attempts.every((a) => a.status === 200), 'every copy is acknowledged, so RunningHub stops retrying');
	});

	it('starts one execution when copies arrive at the same moment', async () => {
		const id = await finishedTask();
		const body = taskEnd(id);
		const attempts = await Promise.all(Array.from({ length: 5 }, () => sim.control.deliver({ url: url(), body })));
		assert.ok(attempts.every((a) => a.status === 200));
		assert.equal(served.executions.filter((e) => e.items[0][0].json.taskId === id).length, 1);
	});

	it('starts nothing for forged or secret-less deliveries', async () => {
		const id = await finishedTask();
		const before = served.executions.length;
		const noSecret = await sim.control.deliver({ url: served.url, body: taskEnd(id) });
		const wrong = await sim.control.deliver({ url: `${served.url}?secret=guess`, body: taskEnd(id) });
		const forgedTask = await sim.control.deliver({ url: url(), body: taskEnd(UNKNOWN_TASK_ID) });
		const notJson = await sim.control.deliver({ url: url(), body: 'hello', headers: { 'content-type': 'text/plain' } });
		const badJson = await sim.control.deliver({ url: url(), body: '{"taskId":', headers: { 'content-type': 'application/json' } });
		assert.equal(noSecret.status, 401);
		assert.equal(wrong.status, 401);
		assert.equal(forgedTask.status, 200);
		assert.match(forgedTask.responseBody, /"ignored":true/);
		assert.equal(notJson.status, 400);
		assert.equal(badJson.status, 422, 'n8n itself refuses invalid JSON sent as application/json');
		assert.equal(served.executions.length, before);
		// The secret-less copy did not use up the task: the real delivery still starts it.
		const real = await sim.control.deliver({ url: url(), body: taskEnd(id) });
		assert.equal(real.status, 200);
		assert.equal(served.executions.length, before + 1);
	});

	it('sends a failed task down the failed path', async () => {
		const id = await submitTask(sim, { webhookUrl: url(), fail: { errorCode: '1015', errorMessage: 'Generation failed' } });
		const execution = await eventually(() => served.executions.find((e) => e.items[0][0].json.taskId === id), 8000, 'the failed task');
		assert.equal(execution.items[0][0].json.state, 'failed');
		assert.equal(execution.items[0][0].json.status, 'FAILED');
	});

	it('is delivered again by RunningHub after a 503 and then starts once', async () => {
		sim.control.addFault({ path: '/openapi/v2/query', times: 2, fault: { type: 'http', status: 503 } });
		const id = await submitTask(sim, { webhookUrl: url() });
		const execution = await eventually(() => served.executions.find((e) => e.items[0][0].json.taskId === id), 8000, 'the retried delivery');
		assert.equal(execution.items[0][0].json.state, 'succeeded');
		// The simulator logs an attempt once it has read the answer, a moment after the execution started.
		const attempts = await eventually(() => {
			const list = sim.control.webhookDeliveries().filter((d) => d.taskId === id);
			return list.at(-1)?.status === 200 ? list : undefined;
		}, 8000, 'the 200 answer in the delivery log');
		assert.equal(attempts[0].status, 503);
		assert.equal(served.executions.filter((e) => e.items[0][0].json.taskId === id).length, 1);
	});
});
