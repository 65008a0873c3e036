import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import { V1_ERROR_CODES, V2_ERROR_CODES, isRetryableKind, submitOutcomeOf } from '../../nodes/core/api/errorCodes.ts';
import { V2_MESSAGES } from '../../simulator/envelopes.mts';
import type { Simulator } from '../../simulator/index.mts';
import { assertRunningHubCode } from '../support/errors.mts';
import { SIM_KEYS, clientFor, errorOf, startSim, visible } from './helpers.mts';

let sim: Simulator;
before(async () => (sim = await startSim()));
after(async () => await sim.close());
afterEach(async () => await sim.control.reset());

const TTS = { text: 'Retry rules', voiceId: 'oversea_male1', voiceLanguage: 'en', voiceSpeed: 1 };
const QUERY = '/openapi/v2/query';
const SUBMIT = '/openapi/v2/kling-lip-sync/tts';
/** At most two requests per call, whatever the failure: a retried code shows as one backoff. */
const TWO_REQUESTS = { maxAttempts: 2, capacityMaxWaitMs: 60_000, maxRequestsPerCall: 2 };
const calls = (path: string) => sim.control.requests({ path }).length;

async function aTask(): Promise<string> {
	return (await clientFor(sim).client.submitModel('kling-lip-sync/tts', TTS)).taskId;
}

/** RunningHub's words for a v2 code as the simulator sends them, as a headline starts: no code name, no final period. */
const reasonOfSim = (code: string) => V2_MESSAGES[code].replace(/^[A-Z_]+:\s*/, '').replace(/\.$/, '');

/**
 * A code on a submit: RunningHub's reason as the headline, the code in its own fields, retried
 * exactly when it is a capacity or rate refusal. A code that is not a certain refusal (1000,
 * 1005, 1006, 1010, 1012, 1015, 1504) leaves the outcome unknown: sent once, the headline says the
 * task may exist, and RunningHub's words are in the description.
 */
function checkSubmitRefusal(code: string, e: Awaited<ReturnType<typeof errorOf>>, slept: number[]): void {
	const info = V2_ERROR_CODES[code];
	assertRunningHubCode(e, code, info.name);
	assert.doesNotMatch(visible(e), /Endpoint:/);
	if (submitOutcomeOf(info.kind) === 'unknown') {
		assert.match(e.message, /did not confirm the submit .* unknown whether the task was created/);
		assert.match(e.description ?? '', /did not send it again/);
		assert.ok((e.description ?? '').includes(`RunningHub said: ${V2_MESSAGES[code]}`), `${code}: ${e.description}`);
		assert.equal(slept.length, 0, `${code} is not sent again`);
		return;
	}
	// A message that only spells the code's name ("Invalid API key" for INVALID_API_KEY) names no
	// reason: the code's meaning, which says more, is the headline then.
	const reason = reasonOfSim(code);
	const letters = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');
	if (letters(reason) === letters(info.name)) assert.equal(e.message, info.meaning);
	else assert.equal(e.message.toLowerCase(), reason.toLowerCase(), `${code}: RunningHub's reason is the headline`);
	assert.equal(slept.length > 0, info.kind === 'capacity' || info.kind === 'rateLimit', `${code} (${info.kind}) retried exactly when it is a capacity or rate refusal`);
}

describe('every error code maps to a message and an action', () => {
	for (const [code, info] of Object.entries(V1_ERROR_CODES)) {
		if (code === '804' || code === '813') continue; // status signals of /outputs, not errors
		it(`v1 ${code} ${info.name}`, async () => {
			sim.control.addFault({ path: '/uc/openapi/accountStatus', times: -1, fault: { type: 'businessError', code: Number(code) } });
			const { client, slept } = clientFor(sim, SIM_KEYS.aiShared, sim.url, TWO_REQUESTS);
			const e = await errorOf(() => client.account(4));
			// The simulator's v1 msg is the code's name, which names no reason: the code's meaning is the headline.
			assert.equal(e.message, `${info.meaning} [item 4]`);
			assertRunningHubCode(e, code, info.name);
			assert.ok((e.description ?? '').split('\n')[0] === info.action, `the action leads the description: ${e.description}`);
			assert.doesNotMatch(visible(e), /Endpoint:/);
			assert.equal(slept.length > 0, isRetryableKind(info.kind), 'retried exactly when the code is transient or capacity');
		});
	}
	for (const [code, info] of Object.entries(V2_ERROR_CODES)) {
		it(`v2 ${code} ${info.name}`, async () => {
			sim.control.addFault({ path: SUBMIT, times: -1, fault: { type: 'businessError', code } });
			const { client, slept } = clientFor(sim, SIM_KEYS.aiShared, sim.url, TWO_REQUESTS);
			const e = await errorOf(() => client.submitModel('kling-lip-sync/tts', TTS));
			checkSubmitRefusal(code, e, slept);
			assert.equal(sim.control.submitCount(), 0, 'a refused submit created no task');
		});
	}
	it('v2 codes sent with a matching HTTP status (4xx/5xx) are retried exactly as on HTTP 200', async () => {
		for (const code of Object.keys(V2_ERROR_CODES)) {
			await sim.control.reset();
			sim.control.configure({ variants: { v2ErrorHttpStatus: true } });
			sim.control.addFault({ path: SUBMIT, times: -1, fault: { type: 'businessError', code } });
			const { client, slept } = clientFor(sim, SIM_KEYS.aiShared, sim.url, TWO_REQUESTS);
			const e = await errorOf(() => client.submitModel('kling-lip-sync/tts', TTS));
			checkSubmitRefusal(code, e, slept);
			assert.equal(sim.control.submitCount(), 0, 'a refused submit created no task');
		}
	});
	it('an unknown code keeps its code and message; on a submit it leaves the outcome unknown (sent once)', async () => {
		sim.control.addFault({ path: '/uc/openapi/accountStatus', fault: { type: 'businessError', code: '7777', message: 'Something new' } });
		const read = await errorOf(() => clientFor(sim).client.account());
		assert.equal(read.message, 'Something new');
		assertRunningHubCode(read, '7777');
		sim.control.addFault({ path: SUBMIT, times: -1, fault: { type: 'businessError', code: '7777', message: 'Something new' } });
		const { client, slept } = clientFor(sim, SIM_KEYS.aiShared, sim.url, TWO_REQUESTS);
		const e = await errorOf(() => client.submitModel('kling-lip-sync/tts', TTS));
		assert.match(e.message, /did not confirm the submit .* unknown whether the task was created$/);
		assertRunningHubCode(e, '7777');
		assert.match(e.description ?? '', /^RunningHub said: Something new\.$/m);
		assert.match(e.description ?? '', /did not send it again/);
		assert.equal(slept.length, 0);
		assert.equal(calls(SUBMIT), 1);
	});
});

describe('retries', () => {
	it('a burst of 500/502/503 on a read ends in success', async () => {
		const id = await aTask();
		for (const status of [500, 502, 503]) sim.control.addFault({ path: QUERY, fault: { type: 'http', status } });
		const { client, slept } = clientFor(sim);
		assert.equal((await client.query(id)).taskId, id);
		assert.equal(calls(QUERY), 4);
		assert.equal(slept.length, 3);
		assert.ok(slept[1] >= slept[0] / 2 && slept[2] >= 1000, `exponential backoff ${slept}`);
	});

	it('429 honours Retry-After, and works without it', async () => {
		const id = await aTask();
		sim.control.addFault({ path: QUERY, fault: { type: 'http', status: 429, retryAfter: 3 } });
		sim.control.addFault({ path: QUERY, fault: { type: 'http', status: 429 } });
		const { client, slept } = clientFor(sim);
		await client.query(id);
		assert.equal(slept[0], 3000);
		assert.ok(slept[1] > 0 && slept[1] <= 1500, `capacity backoff ${slept[1]}`);
	});

	it('connections dropped before processing, malformed and truncated answers are retried on reads', async () => {
		const id = await aTask();
		for (const type of ['drop', 'malformed', 'truncated'] as const) sim.control.addFault({ path: QUERY, fault: { type } });
		assert.equal((await clientFor(sim).client.query(id)).taskId, id);
		assert.equal(calls(QUERY), 4);
	});

	it('a persistent transient failure ends in a clear error after the budget', async () => {
		sim.control.addFault({ path: QUERY, times: -1, fault: { type: 'http', status: 503 } });
		const e = await errorOf(() => clientFor(sim, SIM_KEYS.aiShared, sim.url, { maxAttempts: 3 }).client.query('1965432109876543210', 0));
		assert.match(e.message, /temporarily unavailable \(HTTP 503\)|temporarily unavailable/);
		assert.match(e.description ?? '', /tried 3 times/);
		assert.equal(calls(QUERY), 3);
	});

	it('queue-full answers are retried until a slot frees up, not failed', async () => {
		sim.control.configure({ concurrencyLimit: 1, taskDurationMs: 150 });
		const { client, slept } = clientFor(sim, SIM_KEYS.aiShared, sim.url, { capacityBaseDelayMs: 40, capacityMaxDelayMs: 40 });
		const first = await client.submitModel('kling-lip-sync/tts', TTS);
		const second = await client.submitModel('kling-lip-sync/tts', TTS);
		assert.notEqual(first.taskId, second.taskId);
		assert.ok(slept.length >= 1, 'the second submit waited for capacity');
		assert.equal(sim.control.submitCount(), 2);
		assert.ok(sim.control.submitCounts().refused.length >= 1, 'RunningHub refused it at least once (1520)');
	});

	it('v1 queue-full (421) is retried too', async () => {
		sim.control.addFault({ path: '/task/openapi/create', times: 2, fault: { type: 'businessError', code: 421 } });
		const { client, slept } = clientFor(sim);
		const task = await client.createTaskV1({ workflowId: '1950000000000000001' });
		assert.match(task.taskId, /^\d{19}$/);
		assert.equal(slept.length, 2);
	});

	it('a network failure before sending (connection refused) is retried even for submits', async () => {
		const { client, slept } = clientFor(sim, SIM_KEYS.aiShared, 'http://127.0.0.1:9', { maxAttempts: 2 });
		const e = await errorOf(() => client.submitModel('kling-lip-sync/tts', TTS));
		assert.match(e.message, /Could not reach RunningHub/);
		assert.match(e.description ?? '', /ECONNREFUSED/);
		assert.equal(slept.length, 1);
	});
});

describe('no blind re-submit', () => {
	for (const fault of [{ type: 'dropAfterProcess' }, { type: 'malformed' }, { type: 'truncated' }, { type: 'http', status: 500 }, { type: 'http', status: 502 }, { type: 'http', status: 503 }] as const) {
		it(`a submit answered by ${fault.type}${'status' in fault ? ` ${fault.status}` : ''} is not sent again and says how to check`, async () => {
			sim.control.addFault({ path: SUBMIT, fault });
			const e = await errorOf(() => clientFor(sim).client.submitModel('kling-lip-sync/tts', TTS, 1));
			assert.match(e.message, /did not confirm the submit .* unknown whether the task was created \[item 1\]/);
			assert.match(visible(e), /did not send it again.*billed twice/s);
			assert.match(visible(e), /Account → Get/);
			assert.equal(calls(SUBMIT), 1, 'sent exactly once');
		});
	}

	it('a submit refused with a capacity code, even on HTTP 503, is safely retried', async () => {
		sim.control.addFault({ path: SUBMIT, fault: { type: 'http', status: 503, body: { taskId: '', status: '', errorCode: '1011', errorMessage: 'System is currently busy' } } });
		const task = await clientFor(sim).client.submitModel('kling-lip-sync/tts', TTS);
		assert.ok(task.taskId);
		assert.equal(sim.control.submitCount(), 1);
	});
});

describe('timeouts', () => {
	it('a response slower than the timeout is retried on reads', async () => {
		const id = await aTask();
		sim.control.addFault({ path: QUERY, fault: { type: 'delay', ms: 400 } });
		const { client } = clientFor(sim);
		// A short transport timeout for this request only.
		const raw = await client.transport.request({ path: QUERY, shape: 'task', body: { taskId: id }, timeoutMs: 150 });
		assert.equal((raw as { taskId: string }).taskId, id);
		await new Promise((r) => setTimeout(r, 400)); // the slow answer is logged when it is written
		assert.equal(calls(QUERY), 2);
	});

	it('a submit that times out is not re-sent', async () => {
		sim.control.addFault({ path: SUBMIT, fault: { type: 'delay', ms: 400 } });
		const { client } = clientFor(sim);
		const e = await errorOf(() => client.transport.request({ path: SUBMIT, shape: 'task', body: TTS, submit: true, timeoutMs: 150 }));
		assert.match(e.message, /unknown whether the task was created/);
		await new Promise((r) => setTimeout(r, 400));
		assert.equal(calls(SUBMIT), 1);
	});
});
