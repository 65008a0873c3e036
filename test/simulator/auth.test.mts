// Keys, sites and envelopes: who may call what, on which site, and how refusals look.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SIM_KEYS, setup, type Api } from './helpers.mjs';

let api: Api;
before(async () => (api = await setup()));
after(() => api.close());

const WF = '1950000000000000001';
const TTS = { text: 'hello there', voiceId: 'genshin_klee2', voiceLanguage: 'zh' };

describe('keys', () => {
	it('are 32 characters, distinct and obviously simulated', () => {
		const values = Object.values(SIM_KEYS);
		assert.ok(values.length >= 6);
		for (const k of values) {
			assert.equal(k.length, 32);
			assert.match(k, /^sim/);
		}
		assert.equal(new Set(values).size, values.length);
		for (const n of [
			'aiShared',
			'aiNormal',
			'aiExclusive',
			'aiFree',
			'aiBroke',
			'cnShared',
		] as const)
			assert.ok(SIM_KEYS[n]);
	});
});

describe('v1 auth (apiKey in the body)', () => {
	it('accepts the body key and answers the v1 envelope', async () => {
		const r = await api.v1('/task/openapi/create', { apiKey: SIM_KEYS.aiShared, workflowId: WF });
		assert.equal(r.status, 200);
		assert.equal(r.body.code, 0);
		assert.equal(r.body.msg, 'success');
		assert.match(r.body.data.taskId, /^\d{19}$/);
	});
	it('refuses Bearer-only requests with 802 (the body field is required)', async () => {
		const r = await api.v2('/task/openapi/create', { workflowId: WF }, SIM_KEYS.aiShared);
		assert.equal(r.status, 200);
		assert.deepEqual(r.body, { code: 802, msg: 'APIKEY_UNAUTHORIZED', data: null });
	});
	it('refuses unknown keys with 802 and free users with 801', async () => {
		assert.equal(
			(await api.v1('/task/openapi/status', { apiKey: 'x'.repeat(32), taskId: '1' })).body.code,
			802,
		);
		const free = await api.v1('/task/openapi/status', { apiKey: SIM_KEYS.aiFree, taskId: '1' });
		assert.deepEqual(free.body, { code: 801, msg: 'APIKEY_UNSUPPORTED_FREE_USER', data: null });
	});
	it('keeps keys on their site: .cn key on .ai is 802 and vice versa', async () => {
		const body = (k: string) => ({ apiKey: k, workflowId: WF });
		assert.equal((await api.v1('/task/openapi/create', body(SIM_KEYS.cnShared))).body.code, 802);
		assert.equal(
			(await api.v1('/task/openapi/create', body(SIM_KEYS.aiShared), api.sim.cnUrl)).body.code,
			802,
		);
		assert.equal(
			(await api.v1('/task/openapi/create', body(SIM_KEYS.cnShared), api.sim.cnUrl)).body.code,
			0,
		);
	});
	it('answers a non-JSON body with 301 PARAMS_INVALID', async () => {
		const r = await api.v1('/task/openapi/create', '{not json');
		assert.equal(r.body.code, 301);
	});
	it('accountStatus needs `apikey` (lower-case k) and returns strings or null', async () => {
		const wrong = await api.v1('/uc/openapi/accountStatus', { apiKey: SIM_KEYS.aiShared });
		assert.equal(wrong.body.code, 802);
		const shared = (await api.v1('/uc/openapi/accountStatus', { apikey: SIM_KEYS.aiShared })).body
			.data;
		assert.equal(shared.apiType, 'SHARED');
		assert.equal(typeof shared.remainMoney, 'string');
		assert.equal(typeof shared.currentTaskCounts, 'string');
		assert.equal(shared.remainCoins, null);
		assert.equal(shared.currency, 'USD');
		const normal = (await api.v1('/uc/openapi/accountStatus', { apikey: SIM_KEYS.aiNormal })).body
			.data;
		assert.equal(normal.apiType, 'NORMAL');
		assert.equal(typeof normal.remainCoins, 'string');
		assert.equal(normal.remainMoney, null);
		assert.equal(normal.currency, null);
		assert.equal(
			(await api.v1('/uc/openapi/accountStatus', { apikey: SIM_KEYS.aiExclusive })).body.data
				.apiType,
			'EXCLUSIVE',
		);
		const cn = (
			await api.v1('/uc/openapi/accountStatus', { apikey: SIM_KEYS.cnShared }, api.sim.cnUrl)
		).body.data;
		assert.equal(cn.currency, 'CNY');
	});
});

describe('v2 auth (Bearer only)', () => {
	it('refuses a missing or unknown Bearer with errorCode "1002" in the flat envelope', async () => {
		for (const key of [null, 'nope']) {
			const r = await api.v2('/openapi/v2/kling-lip-sync/tts', TTS, key);
			assert.equal(r.status, 200);
			assert.deepEqual(Object.keys(r.body).sort(), [
				'clientId',
				'errorCode',
				'errorMessage',
				'failedReason',
				'promptTips',
				'results',
				'status',
				'taskId',
				'usage',
			]);
			assert.equal(r.body.errorCode, '1002');
			assert.equal(typeof r.body.errorMessage, 'string');
		}
	});
	it('does not take the key from the body', async () => {
		const r = await api.v2('/openapi/v2/query', { apiKey: SIM_KEYS.aiShared, taskId: '1' }, null);
		assert.equal(r.body.errorCode, '1002');
	});
	it('refuses consumer and exclusive keys on standard models with "1014"', async () => {
		for (const key of [SIM_KEYS.aiNormal, SIM_KEYS.aiExclusive]) {
			const r = await api.v2('/openapi/v2/kling-lip-sync/tts', TTS, key);
			assert.equal(r.body.errorCode, '1014');
			assert.equal(r.body.errorMessage, 'Access Denied: Standard Model API');
		}
	});
	it('lets consumer keys run workflows over v2 and query them', async () => {
		const r = await api.v2(`/openapi/v2/run/workflow/${WF}`, {}, SIM_KEYS.aiNormal);
		assert.equal(r.body.errorCode, '');
		const q = await api.query(r.body.taskId, SIM_KEYS.aiNormal);
		assert.equal(q.taskId, r.body.taskId);
	});
	it('free users get "1002" with a free-user message; keys stay on their site', async () => {
		assert.match(
			(await api.v2('/openapi/v2/kling-lip-sync/tts', TTS, SIM_KEYS.aiFree)).body.errorMessage,
			/FREE_USER/,
		);
		assert.equal(
			(await api.v2('/openapi/v2/kling-lip-sync/tts', TTS, SIM_KEYS.cnShared)).body.errorCode,
			'1002',
		);
		const cn = await api.v2(
			'/openapi/v2/kling-lip-sync/tts',
			TTS,
			SIM_KEYS.cnShared,
			api.sim.cnUrl,
		);
		assert.equal(cn.body.errorCode, '');
		assert.equal(
			(await api.v2('/openapi/v2/kling-lip-sync/tts', TTS, SIM_KEYS.aiShared, api.sim.cnUrl)).body
				.errorCode,
			'1002',
		);
	});
	it('tasks are visible only to the key that made them', async () => {
		const r = await api.v2('/openapi/v2/kling-lip-sync/tts', TTS);
		assert.equal(
			(await api.v2('/openapi/v2/query', { taskId: r.body.taskId }, SIM_KEYS.aiNormal)).body
				.errorCode,
			'1004',
		);
	});
	it('answers an unparsable body with "1007"', async () => {
		const r = await api.v2('/openapi/v2/kling-lip-sync/tts', '{"text":');
		assert.equal(r.body.errorCode, '1007');
	});
});

describe('paths and methods', () => {
	it('unknown v2 path: HTTP 404, errorCode "1001"', async () => {
		const r = await api.v2('/openapi/v2/no/such-model', {});
		assert.equal(r.status, 404);
		assert.equal(r.body.errorCode, '1001');
	});
	it('unknown v1 path: HTTP 404, code 412 TOKEN_INVALID', async () => {
		const r = await api.v1('/task/openapi/nope', {});
		assert.equal(r.status, 404);
		assert.deepEqual(r.body, { code: 412, msg: 'TOKEN_INVALID', data: null });
	});
	it('wrong method on v2: HTTP 405 with errorCode "1009" and an Allow header', async () => {
		for (const path of ['/openapi/v2/query', '/openapi/v2/kling-lip-sync/tts']) {
			const r = await api.get(path, SIM_KEYS.aiShared);
			assert.equal(r.status, 405);
			assert.equal(r.body.errorCode, '1009');
			assert.equal(r.headers.get('allow'), 'POST');
		}
	});
	it('wrong method on v1: HTTP 405 in the v1 envelope', async () => {
		const r = await api.get('/task/openapi/create');
		assert.equal(r.status, 405);
		assert.equal(r.body.code, 405);
	});
	it('the whole API also lives under /cn', async () => {
		const r = await api.get('/cn/openapi/v2/queue/status', SIM_KEYS.cnShared);
		assert.equal(r.body.code, 0);
		assert.equal(r.body.data.apiKeyType, 'SHARED');
	});
});

describe('queue status', () => {
	it('reports key type, limit and live counts', async () => {
		await api.sim.control.reset();
		api.sim.control.configure({ taskDurationMs: -1, concurrencyLimit: 2, queueLimit: 2 });
		for (let i = 0; i < 3; i++)
			assert.equal(
				(await api.v1('/task/openapi/create', { apiKey: SIM_KEYS.aiShared, workflowId: WF })).body
					.code,
				0,
			);
		const r = await api.get('/openapi/v2/queue/status', SIM_KEYS.aiShared);
		assert.deepEqual(r.body, {
			code: 0,
			message: 'success',
			data: {
				apiKeyType: 'SHARED',
				concurrentLimit: 2,
				runningCount: 2,
				queuedCount: 1,
				totalCurrentTasks: 3,
			},
		});
		assert.equal(
			(await api.v1('/uc/openapi/accountStatus', { apikey: SIM_KEYS.aiShared })).body.data
				.currentTaskCounts,
			'3',
		);
		assert.equal((await api.get('/openapi/v2/queue/status', 'bad')).body.code, 1002);
		await api.sim.control.reset();
	});
});
