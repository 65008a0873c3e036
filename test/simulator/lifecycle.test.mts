// Task lifecycle and concurrency: QUEUED → RUNNING → SUCCESS/FAILED on timers, v1 status and
// outputs codes, cancel, scripted outcomes, per-key limits and the 421/415/1520/814 refusals.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SIM_KEYS, setup, sleep, type Api } from './helpers.mjs';

let api: Api;
before(async () => (api = await setup()));
after(() => api.close());
beforeEach(async () => {
	await api.sim.control.reset();
	api.sim.control.configure({ taskDurationMs: 60 });
});

const WF = '1950000000000000001';
const create = (key: string = SIM_KEYS.aiShared, extra: Record<string, unknown> = {}) =>
	api.v1('/task/openapi/create', { apiKey: key, workflowId: WF, ...extra });
const status = (taskId: string, key: string = SIM_KEYS.aiShared) =>
	api.v1('/task/openapi/status', { apiKey: key, taskId });
const outputs = (taskId: string, key: string = SIM_KEYS.aiShared) =>
	api.v1('/task/openapi/outputs', { apiKey: key, taskId });
const TTS = { text: 'hello', voiceId: 'genshin_klee2', voiceLanguage: 'zh' };

describe('lifecycle', () => {
	it('QUEUED (queuedMs) → RUNNING → SUCCESS, seen by v1 status/outputs and v2 query', async () => {
		api.sim.control.configure({ queuedMs: 300, taskDurationMs: 300 });
		const r = await create();
		const id = r.body.data.taskId;
		assert.equal(r.body.data.taskStatus, 'QUEUED');
		assert.equal((await status(id)).body.data, 'QUEUED');
		assert.deepEqual((await outputs(id)).body, {
			code: 813,
			msg: 'APIKEY_TASK_IS_QUEUED',
			data: null,
		});
		assert.equal((await api.query(id)).status, 'QUEUED');
		await api.sim.control.waitForTask(id, ['RUNNING']);
		assert.equal((await status(id)).body.data, 'RUNNING');
		assert.deepEqual((await outputs(id)).body, {
			code: 804,
			msg: 'APIKEY_TASK_IS_RUNNING',
			data: null,
		});
		const running = await api.query(id);
		assert.equal(running.status, 'RUNNING');
		assert.equal(running.results, null);
		assert.equal(running.usage, null);
		await api.sim.control.waitForTask(id);
		assert.equal((await status(id)).body.data, 'SUCCESS');
		const out = (await outputs(id)).body;
		assert.equal(out.code, 0);
		assert.equal(out.data.length, 1);
		assert.deepEqual(Object.keys(out.data[0]).sort(), [
			'consumeCoins',
			'consumeMoney',
			'fileType',
			'fileUrl',
			'nodeId',
			'taskCostTime',
			'thirdPartyConsumeMoney',
		]);
		assert.equal(out.data[0].fileType, 'png');
		assert.equal(out.data[0].nodeId, '9');
		const q = await api.query(id);
		assert.equal(q.status, 'SUCCESS');
		assert.equal(q.results[0].nodeId, '9');
	});
	it('starts RUNNING right away when a slot is free', async () => {
		assert.equal((await create()).body.data.taskStatus, 'RUNNING');
		assert.equal((await api.v2('/openapi/v2/kling-lip-sync/tts', TTS)).body.status, 'RUNNING');
	});
	it("initialStatus 'CREATE' labels waiting tasks CREATE", async () => {
		api.sim.control.configure({ queuedMs: 1000, variants: { initialStatus: 'CREATE' } });
		const id = (await create()).body.data.taskId;
		assert.equal((await status(id)).body.data, 'CREATE');
		assert.equal((await api.query(id)).status, 'CREATE');
	});
	it('syncSuccess: the submit answer is already SUCCESS with results', async () => {
		api.sim.control.configure({ variants: { syncSuccess: true } });
		const r = await api.v2('/openapi/v2/kling-lip-sync/tts', TTS);
		assert.equal(r.body.status, 'SUCCESS');
		assert.equal(r.body.results.length, 2);
	});
	it('durations per endpoint and per task', async () => {
		api.sim.control.configure({
			taskDurationMs: 10000,
			endpointDurations: { 'kling-lip-sync/tts': 10 },
		});
		const fast = (await api.v2('/openapi/v2/kling-lip-sync/tts', TTS)).body.taskId;
		const slow = (await create()).body.data.taskId;
		await api.sim.control.waitForTask(fast, undefined, 2000);
		assert.equal(api.sim.control.task(slow)!.status, 'RUNNING');
		api.sim.control.setTaskDuration(slow, 20);
		await api.sim.control.waitForTask(slow, undefined, 2000);
	});
	it('failed tasks: v2 FAILED with errorCode, v1 805 with failedReason', async () => {
		api.sim.control.scriptOutcome({
			endpoint: 'kling-lip-sync/tts',
			fail: { errorCode: '1501', errorMessage: 'Content verification failed' },
		});
		const id = (await api.v2('/openapi/v2/kling-lip-sync/tts', TTS)).body.taskId;
		await api.sim.control.waitForTask(id);
		const q = await api.query(id);
		assert.equal(q.status, 'FAILED');
		assert.equal(q.errorCode, '1501');
		assert.equal(q.errorMessage, 'Content verification failed');
		assert.equal(q.results, null);
		const o = (await outputs(id)).body;
		assert.equal(o.code, 805);
		assert.equal(o.msg, 'APIKEY_TASK_STATUS_ERROR');
		for (const k of [
			'current_outputs',
			'exception_type',
			'node_name',
			'current_inputs',
			'traceback',
			'node_id',
			'exception_message',
		])
			assert.ok(k in o.data.failedReason, k);
		// the rule was used up: the next task succeeds
		const next = (await api.v2('/openapi/v2/kling-lip-sync/tts', TTS)).body.taskId;
		assert.equal((await api.sim.control.waitForTask(next)).status, 'SUCCESS');
	});
	it('control completes and fails tasks on demand (taskDurationMs -1 = never by itself)', async () => {
		api.sim.control.configure({ taskDurationMs: -1 });
		const a = (await create()).body.data.taskId;
		const b = (await create()).body.data.taskId;
		await sleep(30);
		assert.equal(api.sim.control.task(a)!.status, 'RUNNING');
		api.sim.control.completeTask(a);
		api.sim.control.failTask(b, { errorCode: '1504', errorMessage: 'Model timed out' });
		assert.equal((await api.query(a)).status, 'SUCCESS');
		assert.equal((await api.query(b)).errorCode, '1504');
	});
	it('cancel: code 0, task ends CANCEL and stops; unknown task 807', async () => {
		const id = (await create()).body.data.taskId;
		assert.deepEqual(
			(await api.v1('/task/openapi/cancel', { apiKey: SIM_KEYS.aiShared, taskId: id })).body,
			{ code: 0, msg: 'success', data: null },
		);
		assert.equal((await status(id)).body.data, 'CANCEL');
		await sleep(100);
		assert.equal((await api.query(id)).status, 'CANCEL');
		assert.equal((await outputs(id)).body.code, 805);
		assert.deepEqual(
			(
				await api.v1('/task/openapi/cancel', {
					apiKey: SIM_KEYS.aiShared,
					taskId: '1234567890123456789',
				})
			).body,
			{ code: 807, msg: 'APIKEY_TASK_NOT_FOUND', data: null },
		);
	});
	it('unknown tasks: v1 807, v2 "1004" (HTTP 200, or 404 with queryUnknownHttp404)', async () => {
		assert.equal((await status('1')).body.code, 807);
		assert.equal((await outputs('1')).body.code, 807);
		const r = await api.v2('/openapi/v2/query', { taskId: '1234567890123456789' });
		assert.equal(r.status, 200);
		assert.equal(r.body.errorCode, '1004');
		api.sim.control.configure({ variants: { queryUnknownHttp404: true } });
		const r404 = await api.v2('/openapi/v2/query', { taskId: '1234567890123456789' });
		assert.equal(r404.status, 404);
		assert.equal(r404.body.errorCode, '1004');
		assert.equal((await api.v2('/openapi/v2/query', {})).body.errorCode, '1007');
	});
	it('v2ErrorHttpStatus maps business errors to HTTP statuses', async () => {
		api.sim.control.configure({ variants: { v2ErrorHttpStatus: true } });
		assert.equal((await api.v2('/openapi/v2/kling-lip-sync/tts', {})).status, 400);
		assert.equal((await api.v2('/openapi/v2/kling-lip-sync/tts', TTS, 'bad')).status, 401);
		assert.equal(
			(await api.v2('/openapi/v2/kling-lip-sync/tts', TTS, SIM_KEYS.aiNormal)).status,
			403,
		);
	});
	it("outputs804Data 'netWssUrl' puts the socket URL in the 804 answer", async () => {
		api.sim.control.configure({ taskDurationMs: -1, variants: { outputs804Data: 'netWssUrl' } });
		const id = (await create()).body.data.taskId;
		assert.match((await outputs(id)).body.data.netWssUrl, /^ws:\/\//);
	});
	it('the wallet pays: money drops after success', async () => {
		const before = Number(
			(await api.v1('/uc/openapi/accountStatus', { apikey: SIM_KEYS.aiShared })).body.data
				.remainMoney,
		);
		const id = (await api.v2('/openapi/v2/kling-lip-sync/tts', TTS)).body.taskId;
		await api.sim.control.waitForTask(id);
		const after = Number(
			(await api.v1('/uc/openapi/accountStatus', { apikey: SIM_KEYS.aiShared })).body.data
				.remainMoney,
		);
		assert.equal(Math.round((before - after) * 1000), 35);
	});
});

describe('concurrency', () => {
	beforeEach(() => void api.sim.control.configure({ taskDurationMs: -1, concurrencyLimit: 2 }));

	it('shared keys: 421 TASK_QUEUE_MAXED beyond the limit; no task, not counted, but logged', async () => {
		assert.equal((await create()).body.code, 0);
		assert.equal((await create()).body.code, 0);
		const r = await create();
		assert.deepEqual(r.body, { code: 421, msg: 'TASK_QUEUE_MAXED', data: null });
		assert.equal(api.sim.control.tasks().length, 2);
		assert.equal(api.sim.control.submitCount('/task/openapi/create'), 2);
		const counts = api.sim.control.submitCounts();
		assert.equal(counts.refusedTotal, 1);
		assert.equal(counts.refused[0].code, '421');
	});
	it('v2 standard models and runs: "1520"', async () => {
		await api.v2('/openapi/v2/kling-lip-sync/tts', TTS);
		await api.v2(`/openapi/v2/run/workflow/${WF}`, {});
		assert.equal((await api.v2('/openapi/v2/kling-lip-sync/tts', TTS)).body.errorCode, '1520');
		assert.equal(
			(await api.v2(`/openapi/v2/run/ai-app/1960000000000000001`, { nodeInfoList: [] })).body
				.errorCode,
			'1520',
		);
	});
	it('limits are per key', async () => {
		await create();
		await create();
		assert.equal((await create(SIM_KEYS.aiNormal)).body.code, 0);
	});
	it('exclusive keys: 415 TASK_INSTANCE_MAXED; usePersonalQueue queues up to personalQueueLimit, then 814', async () => {
		api.sim.control.configure({ personalQueueLimit: 1 });
		await create(SIM_KEYS.aiExclusive);
		await create(SIM_KEYS.aiExclusive);
		assert.equal((await create(SIM_KEYS.aiExclusive)).body.code, 415);
		const queued = await create(SIM_KEYS.aiExclusive, { usePersonalQueue: true });
		assert.equal(queued.body.code, 0);
		assert.equal(queued.body.data.taskStatus, 'QUEUED');
		assert.equal((await create(SIM_KEYS.aiExclusive, { usePersonalQueue: 'true' })).body.code, 814);
		// the string "false" is not a request for the personal queue
		assert.equal(
			(await create(SIM_KEYS.aiExclusive, { usePersonalQueue: 'false' })).body.code,
			415,
		);
	});
	it('queueLimit admits extra QUEUED tasks which start, in order, as slots free up', async () => {
		api.sim.control.configure({ queueLimit: 1 });
		const a = (await create()).body.data.taskId;
		await create();
		const c = await create();
		assert.equal(c.body.data.taskStatus, 'QUEUED');
		assert.equal((await create()).body.code, 421);
		assert.equal(
			(await api.v1('/uc/openapi/accountStatus', { apikey: SIM_KEYS.aiShared })).body.data
				.currentTaskCounts,
			'3',
		);
		api.sim.control.completeTask(a);
		assert.equal(api.sim.control.task(c.body.data.taskId)!.status, 'RUNNING');
		const q = (await api.get('/openapi/v2/queue/status', SIM_KEYS.aiShared)).body.data;
		assert.equal(q.runningCount, 2);
		assert.equal(q.queuedCount, 0);
		assert.equal((await create()).body.code, 0);
	});
	it('cancelling frees a slot', async () => {
		const a = (await create()).body.data.taskId;
		await create();
		assert.equal((await create()).body.code, 421);
		await api.v1('/task/openapi/cancel', { apiKey: SIM_KEYS.aiShared, taskId: a });
		assert.equal((await create()).body.code, 0);
	});
});

describe('wallet', () => {
	it('an empty wallet refuses submits: v1 416 (or 812), v2 a balance message', async () => {
		assert.deepEqual((await create(SIM_KEYS.aiBroke)).body, {
			code: 416,
			msg: 'TASK_CREATE_FAILED_BY_NOT_ENOUGH_WALLET',
			data: null,
		});
		api.sim.control.configure({ variants: { insufficientFundsCode: 812 } });
		assert.equal((await create(SIM_KEYS.aiBroke)).body.code, 812);
		const v2 = (await api.v2('/openapi/v2/kling-lip-sync/tts', TTS, SIM_KEYS.aiBroke)).body;
		assert.notEqual(v2.errorCode, '');
		assert.match(v2.errorMessage, /balance/i);
		assert.equal(
			(await api.v1('/uc/openapi/accountStatus', { apikey: SIM_KEYS.aiBroke })).body.data
				.remainMoney,
			'0.000',
		);
		assert.equal(api.sim.control.tasks().length, 0);
	});
});
