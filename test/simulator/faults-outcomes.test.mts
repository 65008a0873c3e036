// Faults whose outcome a client cannot know (errorAfterProcess: the task exists behind an error
// answer), refusals with odd Retry-After values, and outages (reset or refused) lasting N ms.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { SIM_KEYS, TTS, TTS_PATH, useFaultSimulator, type Api } from './helpers.mjs';

const getApi = useFaultSimulator();
// Read per test: the simulator starts in the file's before hook.
let api: Api;
beforeEach(() => {
	api = getApi();
});
const QUERY = '/openapi/v2/query';
/** Retries a request until it answers (the outage is over), for at most `ms`; returns when it did. */
async function answersAgain(send: () => Promise<{ status: number }>, ms = 5000): Promise<number> {
	const until = Date.now() + ms;
	for (;;) {
		try {
			const r = await send();
			if (r.status === 200) return Date.now();
		} catch {
			// still out
		}
		if (Date.now() > until) throw new Error(`no answer within ${ms} ms`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

const onlyTask = () => {
	const tasks = api.sim.control.tasks();
	assert.equal(tasks.length, 1, 'the request was processed: one task exists');
	return tasks[0].id;
};

describe('errorAfterProcess: the task exists, the answer is an error', () => {
	it('HTTP 500 without a code or a task ID: an nginx page', async () => {
		api.sim.control.addFault({ path: TTS_PATH, fault: { type: 'errorAfterProcess', status: 500 } });
		const r = await api.v2(TTS_PATH, TTS);
		assert.equal(r.status, 500);
		assert.match(r.text, /<h1>500<\/h1>/);
		onlyTask();
	});
	it('HTTP 502 with the task ID: the real answer with a 5xx status', async () => {
		api.sim.control.addFault({ path: TTS_PATH, fault: { type: 'errorAfterProcess', status: 502, withTaskId: true } });
		const r = await api.v2(TTS_PATH, TTS);
		assert.equal(r.status, 502);
		assert.equal(r.body.taskId, onlyTask());
	});
	it('code 1005 on HTTP 200, with and without the task ID', async () => {
		for (const withTaskId of [false, true]) {
			await api.sim.control.reset();
			api.sim.control.addFault({ path: TTS_PATH, fault: { type: 'errorAfterProcess', status: 200, code: '1012', withTaskId } });
			const r = await api.v2(TTS_PATH, TTS);
			assert.equal(r.status, 200);
			assert.equal(r.body.errorCode, '1012');
			const id = onlyTask();
			assert.equal(r.body.taskId, withTaskId ? id : null);
		}
	});
	it('a v1 submit: the code in the v1 envelope, the task ID in data', async () => {
		api.sim.control.addFault({ path: '/task/openapi/create', fault: { type: 'errorAfterProcess', status: 500, code: 500, withTaskId: true } });
		const r = await api.v1('/task/openapi/create', { apiKey: SIM_KEYS.aiShared, workflowId: '1950000000000000001' });
		assert.equal(r.status, 500);
		assert.equal(r.body.code, 500);
		assert.equal(r.body.data.taskId, onlyTask());
	});
	it('a status is required', () => {
		assert.throws(() => api.sim.control.addFault({ fault: { type: 'errorAfterProcess', status: 0 } }), /needs a status/);
	});
});

describe('Retry-After as given', () => {
	for (const value of [0, -5, 'Wed, 21 Oct 2015 07:28:00 GMT']) {
		it(`429 and a refusal code with Retry-After ${JSON.stringify(value)}`, async () => {
			api.sim.control.addFault({ path: TTS_PATH, fault: { type: 'http', status: 429, retryAfter: value } });
			api.sim.control.addFault({ path: TTS_PATH, fault: { type: 'businessError', code: '1003', retryAfter: value } });
			const first = await api.v2(TTS_PATH, TTS);
			assert.equal(first.status, 429);
			assert.equal(first.headers.get('retry-after'), String(value));
			const second = await api.v2(TTS_PATH, TTS);
			assert.equal(second.body.errorCode, '1003');
			assert.equal(second.headers.get('retry-after'), String(value));
			assert.equal(api.sim.control.submitCount(), 0, 'refusals create nothing');
		});
	}
});

describe('outage', () => {
	it('reset: every matching request fails for ms, then answers again; other paths answer', async () => {
		api.sim.control.addFault({ path: QUERY, fault: { type: 'outage', ms: 1000 } });
		const started = Date.now();
		await assert.rejects(api.v2(QUERY, { taskId: '1' }));
		await assert.rejects(api.v2(QUERY, { taskId: '1' }));
		assert.equal((await api.v2(TTS_PATH, TTS)).status, 200, 'another path is not affected');
		const back = await answersAgain(() => api.v2(QUERY, { taskId: '1' }));
		assert.ok(back - started >= 1000, `the outage lasted its 1000 ms (${back - started} ms)`);
		assert.deepEqual(api.sim.control.faults(), [], 'the rule is gone once the outage ended');
	});
	it('refused: the simulator stops listening for ms (ECONNREFUSED), then listens on the same port', async () => {
		api.sim.control.addFault({ path: QUERY, fault: { type: 'outage', ms: 1000, mode: 'refused' } });
		const started = Date.now();
		await assert.rejects(api.v2(QUERY, { taskId: '1' }));
		const refused = await api.v2(TTS_PATH, TTS).then(
			() => undefined,
			(e: Error & { cause?: { code?: string } }) => e.cause?.code,
		);
		assert.equal(refused, 'ECONNREFUSED', 'every path is refused while the listener is closed');
		const back = await answersAgain(() => api.v2(QUERY, { taskId: '1' }));
		assert.ok(back - started >= 1000, `the outage lasted its 1000 ms (${back - started} ms)`);
	});
});
