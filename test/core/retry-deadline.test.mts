/**
 * Retry-After has a floor, every call has a request budget, and Max Wait is one deadline for a
 * whole wait, retries of refused or failed polls included. The clock is fake (scripted.mts), so
 * a 15-minute outage takes milliseconds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { DEFAULT_RETRY_POLICY, type RetryPolicy, nextRetryDelay, parseRetryAfter } from '../../nodes/core/api/retry.ts';
import { waitForTasks } from '../../nodes/core/tasks/wait.ts';
import { type ShownError, assertRunningHubCode } from '../support/errors.mts';
import { type Answer, T0, TASK_ID, scriptedClient, task } from './scripted.mts';

const FLOOR = DEFAULT_RETRY_POLICY.minDelayMs;
/** The request timeout of a poll (the transport's default). */
const REQUEST_TIMEOUT_MS = 60_000;
/** A loop that never waits would spin forever on a fake clock: the script stops it here. */
const RUNAWAY = 20_000;

const guard = (answer: (n: number, now: number) => Answer) => (_r: unknown, n: number, now: number): Answer => {
	if (n > RUNAWAY) throw new Error(`runaway: more than ${RUNAWAY} requests`);
	return answer(n, now);
};

const pastDate = new Date(T0 - 3_600_000).toUTCString();
const RETRY_AFTER_VALUES = ['0', '-1', '-30', '0.0', '0.001', pastDate, 'Thu, 01 Jan 1970 00:00:00 GMT', '', 'soon'];

describe('Retry-After never means "no delay"', () => {
	for (const value of RETRY_AFTER_VALUES) {
		it(`429 with Retry-After: ${JSON.stringify(value)} waits at least the floor, within the budget`, async () => {
			const s = scriptedClient(guard(() => ({ status: 429, headers: { 'retry-after': value } })));
			await assert.rejects(s.client.query(TASK_ID, 0), /rate limiting this key \(HTTP 429\)/);
			assert.ok(s.slept.every((ms) => ms >= FLOOR), `every wait is at least ${FLOOR} ms: ${s.slept.slice(0, 5).join(', ')}…`);
			// Capacity refusals are retried for capacityMaxWaitMs; with the floor that is a bounded number of requests.
			assert.ok(s.requests.length <= DEFAULT_RETRY_POLICY.capacityMaxWaitMs / FLOOR + 1, `${s.requests.length} requests`);
		});
	}

	it('the same holds for a refusal code with Retry-After on HTTP 200 (1003 rate limit)', async () => {
		const s = scriptedClient(guard(() => ({ status: 200, headers: { 'retry-after': '0' }, body: { taskId: '', status: '', errorCode: '1003', errorMessage: 'Rate limit exceeded' } })));
		await assert.rejects(s.client.query(TASK_ID, 0), (e: ShownError) => {
			assert.equal(e.message, 'Rate limit exceeded [item 0]', "RunningHub's words are the headline");
			assertRunningHubCode(e, '1003', 'RATE_LIMIT');
			return true;
		});
		assert.ok(s.slept.every((ms) => ms >= FLOOR));
	});

	it('a longer Retry-After is honoured', async () => {
		let n = 0;
		const s = scriptedClient(() => (++n === 1 ? { status: 429, headers: { 'retry-after': '7' } } : { status: 200, body: task('RUNNING') }));
		await s.client.query(TASK_ID, 0);
		assert.deepEqual(s.slept, [7000]);
	});

	it('property: for any Retry-After value, attempt and clock, the delay is at least the floor', () => {
		const value = fc.oneof(
			fc.integer({ min: -1e9, max: 1e9 }).map(String),
			fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String),
			fc.date({ min: new Date(0), max: new Date(T0 + 86_400_000 * 30), noInvalidDate: true }).map((d) => d.toUTCString()),
			fc.string(),
		);
		fc.assert(
			fc.property(value, fc.integer({ min: 1, max: 2_000 }), fc.constantFrom<'transient' | 'capacity'>('transient', 'capacity'), fc.option(fc.integer({ min: 0, max: 7 * 86_400_000 }), { nil: undefined }), fc.double({ min: 0, max: 1, noNaN: true }), (ra, attempt, kind, deadlineIn, r) => {
				const retryAfterMs = parseRetryAfter(ra, T0);
				assert.ok(retryAfterMs === undefined || (Number.isFinite(retryAfterMs) && retryAfterMs >= 0), `parseRetryAfter(${ra}) = ${retryAfterMs}`);
				const delay = nextRetryDelay({ kind, attempt, startedAt: T0, now: T0 + attempt * 10, retryAfterMs, deadline: deadlineIn === undefined ? undefined : T0 + deadlineIn }, DEFAULT_RETRY_POLICY, () => r);
				if (delay !== undefined) assert.ok(delay >= DEFAULT_RETRY_POLICY.minDelayMs, `delay ${delay} for Retry-After ${ra}`);
			}),
			{ numRuns: 2_000 },
		);
	});
});

describe('the request budget', () => {
	it('a call never sends more than maxRequestsPerCall requests, even with a far deadline', async () => {
		const s = scriptedClient(guard(() => ({ status: 429, headers: { 'retry-after': '0' } })));
		const deadline = s.now() + 7 * 86_400_000;
		await assert.rejects(s.client.query(TASK_ID, 0, { deadline }), /HTTP 429/);
		assert.equal(s.requests.length, DEFAULT_RETRY_POLICY.maxRequestsPerCall);
	});

	it('property: total requests stay within the budget for any policy and failure', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.record({ maxRequestsPerCall: fc.integer({ min: 1, max: 60 }), minDelayMs: fc.integer({ min: 1, max: 2_000 }), maxAttempts: fc.integer({ min: 1, max: 10 }) }),
				fc.constantFrom<Answer>({ status: 429, headers: { 'retry-after': '0' } }, { status: 503 }, { network: 'ECONNRESET' }, { network: 'ECONNREFUSED' }, { status: 200, body: { taskId: '', status: '', errorCode: '1011' } }),
				fc.option(fc.integer({ min: 0, max: 86_400_000 }), { nil: undefined }),
				async (policy, answer, deadlineIn) => {
					const s = scriptedClient(guard(() => answer), policy);
					await assert.rejects(s.client.query(TASK_ID, 0, { deadline: deadlineIn === undefined ? undefined : s.now() + deadlineIn }));
					assert.ok(s.requests.length <= policy.maxRequestsPerCall, `${s.requests.length} > ${policy.maxRequestsPerCall}`);
				},
			),
			{ numRuns: 200 },
		);
	});
});

// ---------------------------------------------------------------------------------------------
// Max Wait is one deadline.

async function waitOnce(answer: (n: number, now: number) => Answer, maxWaitMs: number, retry: Partial<RetryPolicy> = {}) {
	const s = scriptedClient(guard(answer), retry);
	const started = s.now();
	const [outcome] = await waitForTasks(s.client, [{ taskId: TASK_ID, itemIndex: 0, task: undefined }], { maxWaitMs });
	return { ...s, outcome, elapsedMs: s.now() - started };
}

describe('Max Wait bounds the whole wait', () => {
	it('a 30 s Max Wait with every poll rate limited ends by 30 s (plus one request), timed out, task ID kept', async () => {
		const r = await waitOnce(() => ({ status: 429 }), 30_000);
		assert.ok(r.elapsedMs <= 30_000 + REQUEST_TIMEOUT_MS, `took ${r.elapsedMs} ms`);
		assert.ok(r.elapsedMs <= 31_000, `no retry waits past the deadline (took ${r.elapsedMs} ms)`);
		assert.equal(r.outcome.timedOut, true);
		assert.equal(r.outcome.error, undefined, 'not a read failure: the task may still be running');
		assert.equal(r.outcome.taskId, TASK_ID);
		assert.match(String(r.outcome.lastReadError?.message), /HTTP 429/);
	});

	it('a Retry-After longer than the time left ends the wait at its deadline', async () => {
		const r = await waitOnce(() => ({ status: 429, headers: { 'retry-after': '3600' } }), 10_000);
		assert.ok(r.elapsedMs <= 10_000, `took ${r.elapsedMs} ms`);
		assert.equal(r.outcome.timedOut, true);
	});

	for (const network of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']) {
		it(`a 5-minute network outage (${network}) inside a 15-minute Max Wait is waited out`, async () => {
			const outageEnds = T0 + 5 * 60_000;
			const r = await waitOnce((_n, now) => (now < outageEnds ? { network, takesMs: network === 'ETIMEDOUT' ? REQUEST_TIMEOUT_MS : 5 } : { status: 200, body: task('SUCCESS') }), 15 * 60_000);
			assert.equal(r.outcome.error, undefined, `gave up: ${r.outcome.error?.message}`);
			assert.equal(r.outcome.task?.state, 'succeeded');
			assert.ok(r.elapsedMs < 7 * 60_000, `found soon after the outage ended (${r.elapsedMs} ms)`);
		});
	}

	it('an outage of RunningHub (HTTP 502/503) is waited out too', async () => {
		const outageEnds = T0 + 3 * 60_000;
		const r = await waitOnce((n, now) => (now < outageEnds ? { status: n % 2 ? 502 : 503 } : { status: 200, body: task('SUCCESS') }), 10 * 60_000);
		assert.equal(r.outcome.task?.state, 'succeeded');
	});

	it('an answer that is final (task not found, key rejected) still ends the wait at once', async () => {
		const r = await waitOnce(() => ({ status: 200, body: { taskId: '', status: '', errorCode: '1002', errorMessage: 'bad key' } }), 15 * 60_000);
		assert.equal(r.outcome.error?.message, 'Bad key [item 0]');
		assertRunningHubCode(r.outcome.error as ShownError, '1002', 'INVALID_API_KEY');
		assert.ok(r.elapsedMs < 5_000, `took ${r.elapsedMs} ms`);
	});

	it('property: no wait runs past Max Wait plus one request timeout, and failing polls end timed out', async () => {
		const answer = fc.oneof(
			fc.constantFrom('0', '-1', '5', '120', pastDate).map((ra): Answer => ({ status: 429, headers: { 'retry-after': ra } })),
			fc.constantFrom(500, 502, 503, 504).map((status): Answer => ({ status })),
			fc.constantFrom('ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT').map((network): Answer => ({ network })),
			fc.constant<Answer>({ status: 200, body: task('RUNNING') }),
		);
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1_000, max: 2 * 3_600_000 }),
				fc.array(fc.tuple(answer, fc.integer({ min: 0, max: REQUEST_TIMEOUT_MS })), { minLength: 1, maxLength: 12 }),
				async (maxWaitMs, script) => {
					const r = await waitOnce((n) => {
						const [a, takesMs] = script[(n - 1) % script.length];
						return { ...a, takesMs };
					}, maxWaitMs);
					assert.ok(r.elapsedMs <= maxWaitMs + REQUEST_TIMEOUT_MS, `Max Wait ${maxWaitMs} ms took ${r.elapsedMs} ms`);
					assert.equal(r.outcome.timedOut, true, 'never finished, so timed out');
					assert.equal(r.outcome.error, undefined, `a retryable failure is not a read error: ${r.outcome.error?.message}`);
				},
			),
			{ numRuns: 150 },
		);
	});
});
