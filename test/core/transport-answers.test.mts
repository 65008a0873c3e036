/**
 * How the transport reads answers that look like something they are not, on a scripted client
 * (fake clock, scripted.mts): "not found" in the shape of a failed task, submit codes that are not
 * certain refusals, envelopes without a numeric code, Retry-After beyond the deadline, every
 * created task logged, and no submit once the batch stopped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { V1_ERROR_CODES, V2_ERROR_CODES, lookupErrorCode, submitOutcomeOf } from '../../nodes/core/api/errorCodes.ts';
import { DEFAULT_RETRY_POLICY, nextRetryDelay, parseRetryAfter } from '../../nodes/core/api/retry.ts';
import { BatchRun } from '../../nodes/core/run/batch.ts';
import { submitAiAppRun } from '../../nodes/core/run/graphRun.ts';
import { RunningHubClient } from '../../nodes/core/api/client.ts';
import { type Answer, T0, TASK_ID, scriptedClient, task } from './scripted.mts';
import { reasonOf } from '../../nodes/core/api/errors.ts';
import { assertRunningHubCode } from '../support/errors.mts';

const TTS = { text: 'hello', voiceId: 'oversea_male1' };
const NOT_FOUND_LIVE = { taskId: '', status: 'FAILED', errorCode: '1004', errorMessage: 'Task not found or expired', results: null };
const V1_OUTPUTS_NOT_FOUND = { code: 807, msg: 'APIKEY_TASK_NOT_FOUND', data: null };

describe('a "not found" answer is never a task status (finding 1)', () => {
	it('FAILED/1004 without a taskId: the v1 outputs endpoint is asked, and a running task is reported running', async () => {
		const s = scriptedClient((r) => (r.url.endsWith('/openapi/v2/query') ? { status: 200, body: NOT_FOUND_LIVE } : { status: 200, body: { code: 804, msg: 'APIKEY_TASK_IS_RUNNING', data: null } }));
		const t = await s.client.query(TASK_ID, 0);
		assert.equal(t.state, 'pending');
		assert.equal(t.taskId, TASK_ID);
		assert.deepEqual(s.requests.map((r) => new URL(r.url).pathname), ['/openapi/v2/query', '/task/openapi/outputs']);
	});

	for (const body of [NOT_FOUND_LIVE, { ...NOT_FOUND_LIVE, taskId: TASK_ID }, { ...NOT_FOUND_LIVE, taskId: undefined }]) {
		it(`${JSON.stringify(body).slice(0, 60)}…, unknown to v1 too: thrown as not found (1004), never "failed"`, async () => {
			const s = scriptedClient((r) => (r.url.endsWith('/openapi/v2/query') ? { status: 200, body } : { status: 200, body: V1_OUTPUTS_NOT_FOUND }));
			await assert.rejects(s.client.query(TASK_ID, 0), (e: Error & { context: Record<string, unknown> }) => {
				assert.equal(e.message, 'Task not found or expired [item 0]');
				assertRunningHubCode(e, '1004', 'TASK_NOT_FOUND');
				return true;
			});
		});
	}

	it('FAILED/1007 without a taskId (an ID RunningHub cannot read) is a refused request, not that task failing', async () => {
		const s = scriptedClient(() => ({ status: 200, body: { taskId: '', status: 'FAILED', errorCode: '1007', errorMessage: 'failed to parse request body' } }));
		await assert.rejects(s.client.query(TASK_ID, 0), (e: Error & { context: Record<string, unknown> }) => {
			assert.equal(e.message, 'Failed to parse request body [item 0]');
			assertRunningHubCode(e, '1007', 'PARAMS_INVALID');
			return true;
		});
	});

	it('a FAILED task read without its taskId (1000, documented short shape) is still that task, failed', async () => {
		const s = scriptedClient(() => ({ status: 200, body: { status: 'FAILED', errorCode: '1000', errorMessage: 'unknown error', results: null } }));
		const t = await s.client.query(TASK_ID, 0);
		assert.equal(t.state, 'failed');
		assert.equal(t.taskId, TASK_ID);
	});
});

describe('a submit code that is not a certain refusal leaves the outcome unknown (findings 3, 5)', () => {
	const kinds = new Set([...Object.values(V1_ERROR_CODES), ...Object.values(V2_ERROR_CODES)].map((i) => i.kind));
	it('the decision table covers every kind, and an unknown code is unknown', () => {
		for (const kind of kinds) assert.ok(['retry', 'refused', 'unknown'].includes(submitOutcomeOf(kind)), kind);
		assert.equal(submitOutcomeOf(undefined), 'unknown');
		assert.equal(submitOutcomeOf(lookupErrorCode('1010')?.kind), 'unknown', '1010 is not a documented "submit again" code');
		for (const code of ['421', '415', '814', '1003', '1011', '1520']) assert.equal(submitOutcomeOf(lookupErrorCode(code)?.kind), 'retry', code);
		for (const code of ['301', '380', '802', '812', '901', '1002', '1007', '1501', '1505']) assert.equal(submitOutcomeOf(lookupErrorCode(code)?.kind), 'refused', code);
		for (const code of ['500', '805', '1000', '1005', '1006', '1012', '1015', '1504']) assert.equal(submitOutcomeOf(lookupErrorCode(code)?.kind), 'unknown', code);
	});

	const unsure: Array<[string, Answer]> = [
		['a gateway {"code":504} on HTTP 504', { status: 504, body: { code: 504 } }],
		['{"code":"SERVICE_UNAVAILABLE"} on HTTP 503', { status: 503, body: { code: 'SERVICE_UNAVAILABLE' } }],
		['v2 1000 on HTTP 500', { status: 500, body: { taskId: '', status: '', errorCode: '1000', errorMessage: 'unknown error' } }],
		['v2 1010 on HTTP 200', { status: 200, body: { taskId: '', status: '', errorCode: '1010', errorMessage: 'service unavailable' } }],
		['v2 1010 on HTTP 503', { status: 503, body: { taskId: '', status: '', errorCode: '1010', errorMessage: 'service unavailable' } }],
		['v2 1015 on HTTP 200', { status: 200, body: { taskId: '', status: '', errorCode: '1015', errorMessage: 'generation failed' } }],
		['an unknown code 7777', { status: 200, body: { taskId: '', status: '', errorCode: '7777', errorMessage: 'new' } }],
	];
	for (const [what, answer] of unsure) {
		it(`${what}: sent once, the error says the task may exist and how to check`, async () => {
			const s = scriptedClient(() => answer);
			await assert.rejects(s.client.submitModel('kling-lip-sync/tts', TTS, 0), (e: Error & { description?: string }) => {
				assert.match(e.message, /did not confirm the submit .* unknown whether the task was created/);
				assert.match(e.description ?? '', /may have been created.*did not send it again.*Account → Get/s);
				return true;
			});
			assert.equal(s.requests.length, 1);
			assert.deepEqual(s.slept, []);
		});
	}

	it('1010 on a read is still retried', async () => {
		let n = 0;
		const s = scriptedClient(() => (++n === 1 ? { status: 200, body: { taskId: '', status: '', errorCode: '1010', errorMessage: 'service unavailable' } } : { status: 200, body: task('RUNNING') }));
		assert.equal((await s.client.query(TASK_ID, 0)).state, 'pending');
		assert.equal(s.requests.length, 2);
	});

	it('v1 500 UNKNOWN_ERROR on the v1 AI-app run: sent once, unknown outcome', async () => {
		const s = scriptedClient((r) => (r.url.includes('/openapi/v2/run/ai-app/') ? { status: 200, body: { taskId: '', status: '', errorCode: '1001', errorMessage: 'invalid url' } } : { status: 200, body: { code: 500, msg: 'UNKNOWN_ERROR', data: null } }));
		await assert.rejects(submitAiAppRun(s.client, '1960000000000000001', { nodeInfoList: [] }, 0), (e: Error & { context: Record<string, unknown> }) => {
			assert.match(e.message, /unknown whether the task was created \[item 0\]$/);
			assertRunningHubCode(e, 500, 'UNKNOWN_ERROR');
			return true;
		});
		assert.equal(s.requests.filter((r) => r.url.endsWith('/task/openapi/ai-app/run')).length, 1);
	});
});

describe('an envelope code must be a number (finding 11)', () => {
	for (const code of [null, '', false, true, [], {}, ' ', 'ok']) {
		it(`cancel answered {"code":${JSON.stringify(code)},"msg":"boom"} is no success`, async () => {
			const s = scriptedClient(() => ({ status: 200, body: { code, msg: 'boom', data: null } }), { maxAttempts: 2 });
			await assert.rejects(s.client.cancel(TASK_ID, 0));
		});
	}
	for (const code of [0, '0', ' 0 ']) {
		it(`cancel answered {"code":${JSON.stringify(code)}} succeeds`, async () => {
			const s = scriptedClient(() => ({ status: 200, body: { code, msg: 'success', data: null } }));
			await s.client.cancel(TASK_ID, 0);
		});
	}
});

describe('a Retry-After beyond the deadline still gets one last try by the deadline (finding 9)', () => {
	it('429 with Retry-After 3600 and 60 s left: waits the 60 s and polls once more', async () => {
		let n = 0;
		const s = scriptedClient(() => (++n === 1 ? { status: 429, headers: { 'retry-after': '3600' } } : { status: 200, body: task('SUCCESS') }));
		const t = await s.client.query(TASK_ID, 0, { deadline: T0 + 60_000 });
		assert.equal(t.state, 'succeeded');
		assert.deepEqual(s.slept, [60_000]);
	});

	it('property: with a deadline, a retry is given up only when less than the floor is left, and never waits past it', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: -10_000, max: 3_600_000 }), fc.option(fc.integer({ min: 0, max: 7_200_000 }), { nil: undefined }), fc.constantFrom<'transient' | 'capacity'>('transient', 'capacity'), (attempt, left, retryAfterMs, kind) => {
				const now = T0 + 1_000;
				const delay = nextRetryDelay({ kind, attempt, startedAt: T0, now, retryAfterMs, deadline: now + left }, DEFAULT_RETRY_POLICY, () => 0.5);
				if (left < DEFAULT_RETRY_POLICY.minDelayMs) assert.equal(delay, undefined);
				else {
					assert.ok(delay !== undefined, `gave up with ${left} ms left`);
					assert.ok(delay >= DEFAULT_RETRY_POLICY.minDelayMs && delay <= left, `delay ${delay}, left ${left}`);
				}
			}),
			{ numRuns: 2_000 },
		);
	});
});

describe('Retry-After dates are read only when short (finding 12)', () => {
	it('an HTTP date is read; the same date padded past any HTTP date length is not', () => {
		assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', T0), 0);
		assert.equal(parseRetryAfter(new Date(T0 + 5_000).toUTCString(), T0), 5_000);
		assert.equal(parseRetryAfter(`${new Date(T0 + 5_000).toUTCString()} (${'a'.repeat(100)})`, T0), undefined);
		assert.equal(parseRetryAfter(`aaa${'a'.repeat(16_000)}`, T0), undefined);
		assert.equal(parseRetryAfter(`${'abc '.repeat(4_000)}2015`, T0), undefined);
	});
});

describe('every created task is logged where its answer arrives (finding 10)', () => {
	const logged = (s: ReturnType<typeof scriptedClient>) => {
		const lines: string[] = [];
		Object.assign(s.client.transport.ctx, { logger: { info: (m: string) => lines.push(m) } });
		return lines;
	};
	it('a submit answer with an unexpected status word is logged before it is read (and then fails)', async () => {
		const s = scriptedClient(() => ({ status: 200, body: { taskId: TASK_ID, status: 'PENDING', errorCode: '', errorMessage: '' } }));
		const lines = logged(s);
		await s.client.submitModel('kling-lip-sync/tts', TTS, 3).catch(() => undefined);
		assert.equal(lines.length, 1);
		assert.match(lines[0], new RegExp(`RunningHub task ${TASK_ID} created .*kling-lip-sync/tts, item 3`));
	});
	it('the v1 AI-app run logs its task', async () => {
		const s = scriptedClient((r) => (r.url.includes('/openapi/v2/run/ai-app/') ? { status: 404 } : { status: 200, body: { code: 0, msg: 'success', data: { taskId: TASK_ID, taskStatus: 'QUEUED' } } }));
		const lines = logged(s);
		const t = await submitAiAppRun(s.client, '1960000000000000001', { nodeInfoList: [] }, 0);
		assert.equal(t.api, 'v1');
		assert.equal(lines.length, 1);
		assert.match(lines[0], new RegExp(`RunningHub task ${TASK_ID} created .*task/openapi/ai-app/run`));
	});
	it('a submit is logged once, not once per layer', async () => {
		const s = scriptedClient(() => ({ status: 200, body: task('QUEUED') }));
		const lines = logged(s);
		await s.client.submitModel('kling-lip-sync/tts', TTS, 0);
		assert.equal(lines.length, 1);
	});
});

describe('no submit once the batch stopped (finding 15)', () => {
	it('a stopped batch refuses the next submit of an item before it is sent, with the stopped error', async () => {
		const s = scriptedClient(() => ({ status: 200, body: task('QUEUED') }));
		const batch = new BatchRun(s.client.transport.ctx);
		try {
			await s.client.submitModel('kling-lip-sync/tts', TTS, 1);
			assert.equal(s.requests.length, 1, 'sent while the batch runs');
			batch.fail(0, new Error('item 0 broke'));
			await assert.rejects(s.client.submitModel('kling-lip-sync/tts', TTS, 1), /Stopped: item 0 failed while this item was running \[item 1\]/);
			assert.equal(s.requests.length, 1, 'nothing sent after the stop');
			// Reads and cancels still go out: the node must see and cancel what runs.
			await s.client.query(TASK_ID, 1);
			assert.equal(s.requests.length, 2);
		} finally {
			batch.close();
		}
	});
});

describe('a code RunningHub does not use, on a 5xx, is a 5xx', () => {
	for (const body of [{ code: 504 }, { code: 'SERVICE_UNAVAILABLE' }, { errorCode: '504', errorMessage: 'Gateway Timeout' }]) {
		it(`a read answered ${JSON.stringify(body)} on HTTP 504 is retried like any 5xx`, async () => {
			let n = 0;
			const s = scriptedClient(() => (++n === 1 ? { status: 504, body } : { status: 200, body: task('RUNNING') }));
			assert.equal((await s.client.query(TASK_ID, 0)).state, 'pending');
			assert.equal(s.requests.length, 2);
		});
	}
	it('a known code on a 5xx is still RunningHub\'s own answer (1002 on HTTP 500: the key, not retried)', async () => {
		const s = scriptedClient(() => ({ status: 500, body: { taskId: '', status: '', errorCode: '1002', errorMessage: 'bad key' } }));
		await assert.rejects(s.client.query(TASK_ID, 0), (e: Error & { context: Record<string, unknown>; httpCode?: string | null }) => {
			assert.equal(e.message, 'Bad key [item 0]');
			assertRunningHubCode(e, '1002', 'INVALID_API_KEY');
			assert.equal(e.httpCode, '500', 'the HTTP status stays the HTTP status');
			return true;
		});
		assert.equal(s.requests.length, 1);
	});
});

describe('RunningHub\'s reason is the headline of what the node throws', () => {
	const KEY = 'k'.repeat(32); // scriptedClient's key
	it('any message, also one echoing the key: the headline holds the reason without the key, no endpoint anywhere', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom('1007', '1004', '1002', '1501', '4242'),
				fc.tuple(fc.string({ maxLength: 60 }), fc.boolean(), fc.string({ maxLength: 60 })).map(([a, echo, b]) => `${a}${echo ? KEY : ''}${b}`),
				async (code, errorMessage) => {
					const s = scriptedClient(() => ({ status: 200, body: { taskId: '', status: '', errorCode: code, errorMessage, results: null } }));
					const e = (await s.client.query(TASK_ID, 0).then(() => undefined, (error: unknown) => error)) as (Error & { description?: string; context: Record<string, unknown> }) | undefined;
					assert.ok(e, 'an error');
					const shown = JSON.stringify({ message: e.message, description: e.description, context: e.context });
					assert.ok(!shown.includes(KEY), shown);
					assert.ok(!/Endpoint|\/openapi\/v2\/query/.test(`${e.message}\n${e.description}`), shown);
					const reason = reasonOf(errorMessage.split(KEY).join('***'));
					if (reason) assert.ok(e.message.startsWith(reason.text), `${e.message} / ${reason.text}`);
					assert.equal(e.context.runningHubCode, code);
				},
			),
			{ numRuns: 60 },
		);
	});
});

describe('a failed task read without its taskId keeps its own failure code', () => {
	for (const code of ['1013', '1101', '1015', '1501']) {
		it(`{status: FAILED, errorCode: ${code}} without a taskId is that task, failed with ${code}`, async () => {
			const s = scriptedClient(() => ({ status: 200, body: { status: 'FAILED', errorCode: code, errorMessage: 'it failed', results: null } }));
			const t = await s.client.query(TASK_ID, 0);
			assert.equal(t.state, 'failed');
			assert.equal(t.taskId, TASK_ID);
		});
	}
});

describe('a submit waiting for capacity when its batch stops', () => {
	it('stops waiting at once and is not sent again, with the stopped error', async () => {
		const requests: string[] = [];
		const node = { id: 'n1', name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const ctx = {
			getNode: () => node,
			getCredentials: async <T,>() => ({ apiKey: 'k'.repeat(32), site: 'custom', baseUrl: 'https://rh.test' }) as T,
			helpers: {
				async httpRequestWithAuthentication(_type: string, o: { url?: string }) {
					requests.push(String(o.url));
					return { statusCode: 200, headers: {}, body: JSON.stringify({ taskId: '', status: '', errorCode: '1520', errorMessage: 'concurrency limit' }) };
				},
			},
		};
		const batch = new BatchRun(ctx);
		let waits = 0;
		const client = new RunningHubClient(ctx, {
			// Sleeps until the signal aborts; the batch fails while the first wait runs.
			sleep: async (_ms, signal) => {
				waits++;
				queueMicrotask(() => batch.fail(0, new Error('item 0 broke')));
				await new Promise<void>((resolve, reject) => {
					if (signal?.aborted) reject(new Error('aborted'));
					signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
				});
			},
		});
		try {
			await assert.rejects(client.submitModel('kling-lip-sync/tts', TTS, 1), /Stopped: item 0 failed while this item was running \[item 1\]/);
			assert.equal(requests.length, 1);
			assert.equal(waits, 1);
		} finally {
			batch.close();
		}
	});
});
