// Webhooks: TASK_END deliveries with stringified v1 outputs as eventData, retries on errors
// and timeouts, getWebhookDetail / retryWebhook, duplicates, delay, reordering, raw posts.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SIM_KEYS, receiver, setup, sleep, waitUntil, type Api } from './helpers.mjs';

let api: Api;
before(async () => (api = await setup()));
after(() => api.close());
beforeEach(async () => {
	await api.sim.control.reset();
	api.sim.control.configure({
		taskDurationMs: 10,
		concurrencyLimit: 20,
		webhook: { retryBackoffMs: 10, timeoutMs: 3000 },
	});
});

const WF = '1950000000000000001';
const K = SIM_KEYS.aiShared;
const create = (webhookUrl: string) =>
	api
		.v1('/task/openapi/create', { apiKey: K, workflowId: WF, webhookUrl })
		.then((r) => r.body.data.taskId as string);
const detail = (taskId: string) =>
	api.v1('/task/openapi/getWebhookDetail', { apiKey: K, taskId }).then((r) => r.body);
const TTS = { text: 'hello', voiceId: 'genshin_klee2', voiceLanguage: 'zh' };

describe('delivery', () => {
	it('POSTs {event, taskId, eventData} where eventData is the stringified v1 outputs response', async () => {
		const rx = await receiver();
		try {
			const id = await create(rx.url);
			const [d] = await rx.waitFor(1);
			assert.equal(d.headers['content-type'], 'application/json');
			const body = JSON.parse(d.body);
			assert.deepEqual(Object.keys(body), ['event', 'taskId', 'eventData']);
			assert.equal(body.event, 'TASK_END');
			assert.equal(body.taskId, id);
			assert.equal(typeof body.eventData, 'string');
			const ev = JSON.parse(body.eventData);
			assert.equal(ev.code, 0);
			assert.equal(ev.msg, 'success');
			assert.equal(ev.data[0].nodeId, '9');
			assert.match(ev.data[0].fileUrl, /^http/);
			await waitUntil(() => api.sim.control.webhookEvents()[0]?.callbackStatus === 'SUCCESS');
			const det = await detail(id);
			assert.equal(det.code, 0);
			assert.equal(det.data.taskId, id);
			assert.equal(det.data.webhookUrl, rx.url);
			assert.equal(det.data.eventData, body.eventData);
			assert.equal(det.data.callbackStatus, 'SUCCESS');
			assert.equal(det.data.retryCount, 0);
			assert.equal(det.data.userApiKey.includes(K), false, 'the key is masked');
			assert.match(det.data.createTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
			assert.match(det.data.id, /^\d{19}$/);
		} finally {
			await rx.close();
		}
	});
	it('failed tasks deliver the 805 shape', async () => {
		const rx = await receiver();
		try {
			api.sim.control.scriptOutcome({ fail: { errorCode: '1015', errorMessage: 'boom' } });
			await create(rx.url);
			const [d] = await rx.waitFor(1);
			const ev = JSON.parse(JSON.parse(d.body).eventData);
			assert.equal(ev.code, 805);
			assert.equal(ev.data.failedReason.exception_message, 'boom');
		} finally {
			await rx.close();
		}
	});
	it('a task without a webhook has no event: code 1', async () => {
		const r = await api.v1('/task/openapi/create', { apiKey: K, workflowId: WF });
		await api.sim.control.waitForTask(r.body.data.taskId);
		assert.deepEqual(await detail(r.body.data.taskId), {
			code: 1,
			msg: 'webhook event not exists',
			data: null,
		});
	});
	it('v2 runs and standard models deliver too; the standard-model field can be switched off', async () => {
		const rx = await receiver();
		try {
			await api.v2(`/openapi/v2/run/ai-app/1960000000000000001`, {
				nodeInfoList: [],
				webhookUrl: rx.url,
			});
			await api.v2('/openapi/v2/kling-lip-sync/tts', { ...TTS, webhookUrl: rx.url });
			await rx.waitFor(2);
			api.sim.control.configure({ variants: { webhookOnStandardModels: false } });
			const t = (await api.v2('/openapi/v2/kling-lip-sync/tts', { ...TTS, webhookUrl: rx.url }))
				.body.taskId;
			await api.sim.control.waitForTask(t);
			await sleep(50);
			assert.equal(rx.got.length, 2);
		} finally {
			await rx.close();
		}
	});
});

describe('retries', () => {
	it('retries non-2xx answers with backoff until success, counting retries', async () => {
		const rx = await receiver([500, 503, 200]);
		try {
			const id = await create(rx.url);
			await rx.waitFor(3);
			await waitUntil(() => api.sim.control.webhookEvents()[0]?.callbackStatus === 'SUCCESS');
			assert.equal((await detail(id)).data.retryCount, 2);
			const attempts = api.sim.control.webhookDeliveries();
			assert.deepEqual(
				attempts.map((a) => [a.attempt, a.status, a.ok]),
				[
					[0, 500, false],
					[1, 503, false],
					[2, 200, true],
				],
			);
			assert.ok(rx.got[2].time - rx.got[1].time >= 15, 'backoff doubles');
		} finally {
			await rx.close();
		}
	});
	it('gives up after 3 retries: FAILED with the last response', async () => {
		const rx = await receiver([500]);
		try {
			const id = await create(rx.url);
			await rx.waitFor(4);
			await waitUntil(() => api.sim.control.webhookEvents()[0]?.callbackStatus === 'FAILED');
			const det = (await detail(id)).data;
			assert.equal(det.retryCount, 3);
			assert.equal(det.callbackResponse, 'nope');
			await sleep(60);
			assert.equal(rx.got.length, 4);
		} finally {
			await rx.close();
		}
	});
	it('a slow receiver times out and is retried', async () => {
		api.sim.control.configure({ webhook: { timeoutMs: 50, maxRetries: 1 } });
		const rx = await receiver([200], 200);
		try {
			await create(rx.url);
			await waitUntil(() => api.sim.control.webhookEvents()[0]?.callbackStatus === 'FAILED', 3000);
			const a = api.sim.control.webhookDeliveries();
			assert.equal(a.length, 2);
			assert.match(a[0].error!, /timeout/);
		} finally {
			await rx.close();
		}
	});
	it('retryWebhook re-delivers now, optionally to a new URL; unknown id is code 1', async () => {
		const dead = await receiver([500]);
		const live = await receiver([200]);
		try {
			api.sim.control.configure({ webhook: { maxRetries: 0 } });
			const id = await create(dead.url);
			await waitUntil(() => api.sim.control.webhookEvents()[0]?.callbackStatus === 'FAILED');
			const webhookId = (await detail(id)).data.id;
			const r = await api.v1('/task/openapi/retryWebhook', {
				apiKey: K,
				webhookId,
				webhookUrl: live.url,
			});
			assert.deepEqual(r.body, { code: 0, msg: '', data: null });
			const [d] = await live.waitFor(1);
			assert.equal(JSON.parse(d.body).taskId, id);
			await waitUntil(() => api.sim.control.webhookEvents()[0]?.callbackStatus === 'SUCCESS');
			assert.equal((await detail(id)).data.webhookUrl, live.url);
			assert.equal(
				(await api.v1('/task/openapi/retryWebhook', { apiKey: K, webhookId: '1' })).body.code,
				1,
			);
		} finally {
			await dead.close();
			await live.close();
		}
	});
});

describe('delivery control', () => {
	it('duplicates: N copies of each event', async () => {
		api.sim.control.configure({ webhook: { duplicates: 3 } });
		const rx = await receiver();
		try {
			const id = await create(rx.url);
			const got = await rx.waitFor(3);
			assert.ok(got.every((g) => JSON.parse(g.body).taskId === id));
			await waitUntil(() => api.sim.control.webhookDeliveries().length === 3);
			assert.deepEqual(
				api.sim.control.webhookDeliveries().map((a) => a.copy),
				[1, 2, 3],
			);
		} finally {
			await rx.close();
		}
	});
	it('delay: the first attempt waits delayMs after the task ends', async () => {
		api.sim.control.configure({ webhook: { delayMs: 150 } });
		const rx = await receiver();
		try {
			const id = await create(rx.url);
			const t = await api.sim.control.waitForTask(id);
			const [d] = await rx.waitFor(1);
			assert.ok(d.time - Date.parse(t.endedAt!) >= 140);
		} finally {
			await rx.close();
		}
	});
	it('out of order: a window of events is delivered newest first', async () => {
		api.sim.control.configure({ taskDurationMs: -1, webhook: { reorderWindow: 2 } });
		const rx = await receiver();
		try {
			const a = await create(rx.url);
			const b = await create(rx.url);
			api.sim.control.completeTask(a);
			await sleep(20);
			api.sim.control.completeTask(b);
			const got = await rx.waitFor(2);
			assert.deepEqual(
				got.map((g) => JSON.parse(g.body).taskId),
				[b, a],
			);
		} finally {
			await rx.close();
		}
	});
	it('bareNumericIds applies to the webhook body too', async () => {
		api.sim.control.configure({ variants: { bareNumericIds: true } });
		const rx = await receiver();
		try {
			const id = (
				await api.v1('/task/openapi/create', { apiKey: K, workflowId: WF, webhookUrl: rx.url })
			).text.match(/"taskId":(\d{19})/)![1];
			const [d] = await rx.waitFor(1);
			assert.ok(d.body.includes(`"taskId":${id},`));
		} finally {
			await rx.close();
		}
	});
	it('deliver posts an arbitrary (forged, non-JSON, huge) body to any URL, in-process and over HTTP', async () => {
		const rx = await receiver([202]);
		try {
			const a = await api.sim.control.deliver({
				url: rx.url,
				body: 'not json at all',
				headers: { 'x-forged': '1' },
			});
			assert.equal(a.status, 202);
			assert.equal(a.manual, true);
			const huge = 'x'.repeat(2_000_000);
			const r = await api.ctl('POST', '/deliver', {
				url: rx.url,
				body: { event: 'TASK_END', taskId: '1', eventData: huge },
			});
			assert.equal(r.body.status, 202);
			const got = await rx.waitFor(2);
			assert.equal(got[0].body, 'not json at all');
			assert.equal(got[0].headers['x-forged'], '1');
			assert.equal(JSON.parse(got[1].body).eventData.length, huge.length);
			const unreachable = await api.sim.control.deliver({ url: 'http://127.0.0.1:1/x', body: {} });
			assert.equal(unreachable.ok, false);
			assert.ok(unreachable.error);
			assert.equal((await api.ctl('GET', '/webhooks')).body.attempts.length, 3);
		} finally {
			await rx.close();
		}
	});
});
