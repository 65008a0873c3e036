/**
 * When a submit may be sent again: only after RunningHub certainly created nothing (its own
 * capacity or rate refusal without a task, or a connection that failed before sending). An
 * answer that names a task is that task; any other failure leaves the outcome unknown.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { type Answer, TASK_ID, scriptedClient, task, v2Code } from './scripted.mts';

const SUBMIT = 'kling-lip-sync/tts';
const BODY = { text: 'hello', voiceId: 'oversea_male1' };
const HTML_502 = '<html><body><h1>502 Bad Gateway</h1></body></html>';

async function submitWith(answers: Answer[]) {
	const s = scriptedClient((_r, n) => answers[n - 1] ?? { status: 200, body: task('QUEUED', { taskId: '1111111111111111111' }) }, { capacityMaxWaitMs: 3_600_000 });
	const result = await s.client.submitModel(SUBMIT, BODY, 0).then(
		(t) => ({ task: t }),
		(error: Error & { description?: string }) => ({ error }),
	);
	return { ...s, ...result };
}

const visible = (e: { message: string; description?: string }) => `${e.message}\n${e.description ?? ''}`;

function assertUnknownOutcome(e: (Error & { description?: string }) | undefined) {
	assert.ok(e, 'the submit failed');
	assert.match(e.message, /did not confirm the submit to \/openapi\/v2\/kling-lip-sync\/tts .*unknown whether the task was created( \(\d+ [A-Z_]+\))? \[item 0\]/);
	assert.match(visible(e), /may have been created, and RunningHub bills it/);
	assert.match(visible(e), /did not send it again/);
	assert.match(visible(e), /Account → Get \(running tasks\) or your task list/);
	assert.doesNotMatch(visible(e), /Retry later/, 'no advice to simply retry');
}

describe('a submit whose outcome is unknown is sent once', () => {
	const unknown: Array<[string, Answer]> = [
		['HTTP 503 without a code', { status: 503, body: HTML_502 }],
		['HTTP 502 without a code', { status: 502, body: HTML_502 }],
		['HTTP 500 with an empty body', { status: 500 }],
		['HTTP 504 with a JSON body naming no task', { status: 504, body: { message: 'gateway timeout' } }],
		['code 1005 (internal error) on HTTP 200', { status: 200, body: v2Code('1005') }],
		['code 1012 (upstream error) on HTTP 200', { status: 200, body: v2Code('1012') }],
		['code 1005 on HTTP 500', { status: 500, body: v2Code('1005') }],
		['a reset after sending', { network: 'ECONNRESET' }],
		['a timeout', { network: 'ETIMEDOUT' }],
		['an unreadable answer', { status: 200, body: '{"taskId": "19' }],
	];
	for (const [what, answer] of unknown) {
		it(what, async () => {
			const r = await submitWith([answer]);
			assert.equal(r.requests.length, 1, 'sent exactly once');
			assertUnknownOutcome('error' in r ? r.error : undefined);
		});
	}
});

describe('an answer that names a task is followed, whatever its status or code', () => {
	const named: Array<[string, Answer, string]> = [
		['HTTP 500 with the task', { status: 500, body: task('RUNNING') }, 'RUNNING'],
		['HTTP 502 with a task ID and code 1005', { status: 502, body: v2Code('1005', { taskId: TASK_ID }) }, 'CREATE'],
		['HTTP 200, code 1012, a task ID and no status', { status: 200, body: v2Code('1012', { taskId: TASK_ID }) }, 'CREATE'],
		['HTTP 429 with the task', { status: 429, body: task('QUEUED') }, 'QUEUED'],
		['code 1011 (busy) with a task ID', { status: 200, body: v2Code('1011', { taskId: TASK_ID }) }, 'CREATE'],
	];
	for (const [what, answer, status] of named) {
		it(what, async () => {
			const r = await submitWith([answer]);
			assert.equal(r.requests.length, 1, 'sent exactly once');
			assert.ok('task' in r, `the task is returned (${'error' in r ? r.error.message : ''})`);
			assert.equal(r.task.taskId, TASK_ID);
			assert.equal(r.task.state, 'pending', 'followed (read later), not failed');
			assert.equal(r.task.status, status);
		});
	}

	it('a v1 create answer with a refusal code and a task ID is that task', async () => {
		const s = scriptedClient(() => ({ status: 200, body: { code: 421, msg: 'TASK_QUEUE_MAXED', data: { taskId: TASK_ID, taskStatus: 'QUEUED' } } }));
		const t = await s.client.createTaskV1({ workflowId: '1950000000000000001' }, 0);
		assert.equal(t.taskId, TASK_ID);
		assert.equal(s.requests.length, 1);
	});
});

describe('a certain refusal is sent again', () => {
	const refusals: Array<[string, Answer]> = [
		['HTTP 429 without a body', { status: 429 }],
		['HTTP 429 with Retry-After: 0', { status: 429, headers: { 'retry-after': '0' } }],
		['code 1003 (rate limit)', { status: 200, body: v2Code('1003') }],
		['code 1011 (busy) on HTTP 503', { status: 503, body: v2Code('1011') }],
		['code 1520 (concurrency limit)', { status: 200, body: v2Code('1520') }],
		['connection refused (never sent)', { network: 'ECONNREFUSED' }],
	];
	for (const [what, answer] of refusals) {
		it(what, async () => {
			const r = await submitWith([answer, answer]);
			assert.equal(r.requests.length, 3, 'two refusals, then accepted');
			assert.ok('task' in r);
			assert.equal(r.task.taskId, '1111111111111111111');
		});
	}
});

// ---------------------------------------------------------------------------------------------
// Property: for any sequence of answers, a submit goes out again only after certain refusals.

/** refusal: certainly created nothing; final: nothing may follow it; unknown: its error must say the task may exist. */
type Kind = { answer: Answer; refusal: boolean; names?: boolean; final?: boolean; unknown?: boolean };

const retryAfter = fc.option(fc.constantFrom('0', '-1', '-30', '2', '0.2', 'Wed, 21 Oct 2015 07:28:00 GMT', 'soon'), { nil: undefined });
const headers = (ra: string | undefined) => (ra === undefined ? undefined : { 'retry-after': ra });
const anyAnswer: fc.Arbitrary<Kind> = fc.oneof(
	retryAfter.map((ra) => ({ answer: { status: 429, headers: headers(ra) }, refusal: true })),
	fc.tuple(fc.constantFrom('1003', '1010', '1011', '1520'), fc.constantFrom(200, 429, 503), retryAfter).map(([code, status, ra]) => ({
		answer: { status, body: v2Code(code), headers: headers(ra) },
		refusal: true,
	})),
	fc.constantFrom('ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN').map((code) => ({ answer: { network: code }, refusal: true })),
	fc.constantFrom(500, 502, 503, 504).map((status) => ({ answer: { status, body: HTML_502 }, refusal: false, final: true, unknown: true })),
	fc.tuple(fc.constantFrom('1005', '1012'), fc.constantFrom(200, 500, 502)).map(([code, status]) => ({ answer: { status, body: v2Code(code) }, refusal: false, final: true, unknown: true })),
	fc.constantFrom('ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE').map((code) => ({ answer: { network: code }, refusal: false, final: true, unknown: true })),
	fc.constant<Kind>({ answer: { status: 200, body: '{,' }, refusal: false, final: true, unknown: true }),
	fc.tuple(fc.constantFrom(200, 429, 500, 502, 503), fc.constantFrom('', '1005', '1011')).map(([status, code]) => ({
		answer: { status, body: code ? v2Code(code, { taskId: TASK_ID }) : task('RUNNING') },
		refusal: false,
		names: true,
		final: true,
	})),
	fc.constant<Kind>({ answer: { status: 200, body: v2Code('1007') }, refusal: false, final: true }),
);

describe('property: re-sent only after certain refusals without a task', () => {
	it('holds for any sequence of answers', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(anyAnswer, { maxLength: 8 }), async (kinds) => {
				const r = await submitWith(kinds.map((k) => k.answer));
				// Every request after the first came after answers that were all certain refusals.
				for (let i = 1; i < r.requests.length; i++) {
					assert.ok(kinds.slice(0, i).every((k) => k.refusal), `request ${i + 1} was sent after ${JSON.stringify(kinds.slice(0, i))}`);
				}
				const firstFinal = kinds.findIndex((k) => k.final);
				const reached = r.requests.length;
				const stopper = kinds[reached - 1];
				if (firstFinal !== -1 && firstFinal < reached) assert.equal(reached, firstFinal + 1, 'nothing is sent after a final answer');
				if (stopper?.names) {
					assert.ok('task' in r, 'an answer that names a task is followed');
					assert.equal(r.task.taskId, TASK_ID);
				} else if (stopper?.unknown) {
					assertUnknownOutcome('error' in r ? r.error : undefined);
				}
			}),
			{ numRuns: 300 },
		);
	});
});
