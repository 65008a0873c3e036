/**
 * Paid work is never sent twice, Retry-After has a floor, and Max Wait is one deadline:
 * - a submit is re-sent only after RunningHub's own refusal without a task (429, capacity and
 *   rate codes) or a connection refused before sending; an answer that names a task is that task
 *   (followed, whatever its HTTP status or code); any other failure after sending (5xx,
 *   transient codes 1005/1012 without a task, reset, timeout) fails once, saying the task may
 *   exist and how to check;
 * - Retry-After 0, negative or a past date still waits (a floor), within a request budget;
 * - polls refused or failing (429, network outage reset or refused) are retried until Max Wait,
 *   never past it.
 *
 * Deliberate: a Wait for Task whose very first read cannot get through before Max Wait ends in
 * the Failed output with the read error (its state was never known), not in Still Running.
 */
import { FAST, fault } from '../harness.mts';
import { PATH, rh, submitDirect, tts, waitPoll, workflowParams, type Scenario } from '../flows.mts';
import type { Outcome } from '../invariants.mts';
import { ANSWER_LOST } from './transport.mts';
import type { Simulator, Stage } from '../harness.mts';

const OK: Outcome = {};
const UNCONFIRMED: Outcome = {
	error: /did not confirm the submit to \/openapi\/v2\/kling-lip-sync\/tts .*unknown whether the task was created/,
	fix: /may have been created, and RunningHub bills it.*did not send it again.*check Account → Get/s,
	taskIdUnknown: true,
};
const TIMED_OUT: Outcome = { json: { timedOut: true } };
const SHORT_WAIT = { maxWaitSeconds: 1 };

/** Requests the simulator logged on a path (every attempt, refused or not). */
const sent = (sim: Simulator, path: string) => sim.control.requests({ path }).length;
const elapsed = (stages: Stage[]) => (stages[0].kind === 'items' ? stages[0].elapsedMs : 0);
const atMost = (what: string, n: number, max: number) => {
	if (n > max) throw new Error(`${what}: ${n}, at most ${max} expected`);
};

/** Tasks that run until cancelled, for Wait for Task to poll. */
const running = (n: number) => async (sim: Parameters<typeof submitDirect>[0]) =>
	(await submitDirect(sim, n, { durationMs: -1 })).map((taskId, row) => ({ json: { taskId, row } }));

const submits: Scenario[] = [
	{
		name: 'HTTP 500 after the submit created the task, no task ID: not re-sent, says the task may exist',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'errorAfterProcess', status: 500 }),
		act: tts(2),
		expect: { knownGap: ANSWER_LOST, items: [UNCONFIRMED, OK], submits: 2 },
	},
	{
		name: 'HTTP 502 whose body names the created task: the task is followed, results come back',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'errorAfterProcess', status: 502, withTaskId: true }),
		act: tts(2),
		expect: { items: OK, submits: 2, more: (_s, sim) => atMost('submit requests', sent(sim, PATH.ttsSubmit), 2) },
	},
	{
		name: 'HTTP 503 with code 1005 and the created task ID: the task is followed, not re-sent',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'errorAfterProcess', status: 503, code: '1005', withTaskId: true }),
		act: tts(2),
		expect: { items: OK, submits: 2, more: (_s, sim) => atMost('submit requests', sent(sim, PATH.ttsSubmit), 2) },
	},
	{
		name: 'code 1005 on HTTP 200 naming the created task: followed, not submitted twice',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'errorAfterProcess', status: 200, code: '1005', withTaskId: true }),
		act: tts(2),
		expect: { items: OK, submits: 2 },
	},
	{
		name: 'code 1012 on HTTP 200 after the task was created, no task ID: not re-sent, says the task may exist',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'errorAfterProcess', status: 200, code: '1012' }),
		act: tts(2),
		expect: { knownGap: ANSWER_LOST, items: [{ ...UNCONFIRMED, code: '1012' }, OK], submits: 2 },
	},
	...(['1005', '1012'] as const).map(
		(code): Scenario => ({
			name: `code ${code} on a submit that created nothing: not re-sent all the same (the node cannot know)`,
			setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'businessError', code }),
			act: tts(2),
			expect: { items: [{ ...UNCONFIRMED, code }, OK], submits: 1, more: (_s, sim) => atMost('submit requests', sent(sim, PATH.ttsSubmit), 2) },
		}),
	),
	{
		name: 'HTTP 500 with code 1005 on every submit: each item sent once',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'http', status: 500, body: { taskId: '', status: '', errorCode: '1005', errorMessage: 'internal error' } }, -1),
		act: tts(2),
		expect: { items: { ...UNCONFIRMED, code: '1005' }, submits: 0, more: (_s, sim) => atMost('submit requests', sent(sim, PATH.ttsSubmit), 2) },
	},
	{
		name: 'v1 submit answered HTTP 500 with code 500 and the created task ID: the task is followed',
		setup: (sim) => {
			fault(sim, PATH.workflowV2, { type: 'businessError', code: '1001' }, -1);
			fault(sim, PATH.workflowV1, { type: 'errorAfterProcess', status: 500, code: 500, withTaskId: true });
		},
		act: rh(workflowParams()),
		expect: { items: OK, submits: 1, more: (_s, sim) => atMost('v1 submit requests', sent(sim, PATH.workflowV1), 1) },
	},
	{
		name: 'HTTP 504 after the submit created the task: not re-sent, says the task may exist',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'errorAfterProcess', status: 504 }),
		act: tts(1),
		expect: { knownGap: ANSWER_LOST, items: UNCONFIRMED, submits: 1 },
	},
	{
		name: 'network outage (reset) on submits: each item sent once, says the task may exist',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'outage', ms: 2000 }),
		act: tts(2),
		expect: { items: UNCONFIRMED, submits: 0, more: (_s, sim) => atMost('submit requests', sent(sim, PATH.ttsSubmit), 2) },
	},
];

const retryAfter: Scenario[] = [
	{
		name: '429 with Retry-After: 0 on every submit: each retry waits the floor, requests stay few, clear error',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'http', status: 429, retryAfter: 0 }, -1),
		act: tts(1),
		expect: {
			items: { error: /rate limiting this key \(HTTP 429\)/, fix: /tried \d+ times/ },
			submits: 0,
			// The capacity budget (1.5 s here) with back-off from 20 ms up to 150 ms: a dozen or so, not hundreds.
			more: (_s, sim) => atMost('submit requests', sent(sim, PATH.ttsSubmit), 30),
		},
	},
	{
		name: '429 with a negative Retry-After on polling: backs off, results come back',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 429, retryAfter: -5 }, 6),
		act: tts(1),
		expect: { items: OK, submits: 1 },
	},
	{
		name: '429 with a past HTTP date as Retry-After on every poll: ends at Max Wait, requests stay few',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 429, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' }, -1),
		act: tts(1, SHORT_WAIT),
		expect: { items: TIMED_OUT, submits: 1, more: (_s, sim) => atMost('poll requests in 1 s', sent(sim, PATH.query), 40) },
	},
	{
		name: 'code 1003 (rate limit) with Retry-After: 0 on submit: retried after the floor, accepted once',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'businessError', code: '1003', retryAfter: 0 }, 3),
		act: tts(1),
		expect: { items: OK, submits: 1 },
	},
	{
		name: 'code 1520 (concurrency) with Retry-After: -1 on HTTP 200: retried, accepted once',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'businessError', code: '1520', retryAfter: -1 }, 3),
		act: tts(1),
		expect: { items: OK, submits: 1 },
	},
];

/** A whole run's time: Max Wait, one (capped) request timeout, the submit and some slack. */
const WITHIN_MAX_WAIT_MS = 1000 + FAST.requestTimeoutCapMs + 700;

const deadlines: Scenario[] = [
	{
		name: 'Max Wait 1 s with every poll rate limited (429): ends by Max Wait, timed out with the task ID',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 429 }, -1),
		act: tts(1, SHORT_WAIT),
		expect: { items: TIMED_OUT, submits: 1, more: (stages) => atMost('run time (ms)', elapsed(stages), WITHIN_MAX_WAIT_MS) },
	},
	{
		name: 'Max Wait 1 s with every poll busy (code 1011): ends by Max Wait, says the reads failed',
		setup: (sim) => fault(sim, PATH.query, { type: 'businessError', code: '1011' }, -1),
		act: tts(1, SHORT_WAIT),
		expect: {
			items: TIMED_OUT,
			submits: 1,
			more: (stages) => {
				atMost('run time (ms)', elapsed(stages), WITHIN_MAX_WAIT_MS);
				const message = stages[0].kind === 'items' ? String(stages[0].outputs[0]?.[0]?.json.message) : '';
				if (!/kept failing until then: System is currently busy \(RunningHub code 1011\)\. It keeps running/.test(message)) throw new Error(`the item does not say its reads failed: ${message}`);
			},
		},
	},
	{
		name: 'Wait for Task, Max Wait 1 s, polls rate limited after the first read: Still Running output with the task ID',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 429 }, -1, { skip: 1 }),
		act: waitPoll(running(1), SHORT_WAIT),
		expect: { items: { output: 2, json: { timedOut: true } }, more: (stages) => atMost('run time (ms)', elapsed(stages), WITHIN_MAX_WAIT_MS) },
	},
];

const outages: Scenario[] = [
	...(['reset', 'refused'] as const).map(
		(mode): Scenario => ({
			name: `network outage (${mode}) of 1.5 s on polls: retried until it ends, results come back`,
			setup: (sim) => fault(sim, PATH.query, { type: 'outage', ms: 1500, mode }),
			act: tts(1),
			expect: { items: OK, submits: 1 },
		}),
	),
	{
		name: 'network outage (refused) of 1.5 s on Wait for Task reads: waited out, Succeeded output',
		setup: (sim) => fault(sim, PATH.query, { type: 'outage', ms: 1500, mode: 'refused' }),
		act: waitPoll(async (sim) => (await submitDirect(sim, 1)).map((taskId, row) => ({ json: { taskId, row } })), { maxWaitSeconds: 10 }),
		expect: { items: { output: 0, json: { waitResult: 'succeeded' } } },
	},
	{
		name: 'network outage longer than Max Wait on polls: timed out with the task ID, says the reads failed',
		setup: (sim) => fault(sim, PATH.query, { type: 'outage', ms: 5000 }),
		act: tts(1, SHORT_WAIT),
		expect: {
			items: TIMED_OUT,
			submits: 1,
			more: (stages) => {
				atMost('run time (ms)', elapsed(stages), WITHIN_MAX_WAIT_MS);
				const message = stages[0].kind === 'items' ? String(stages[0].outputs[0]?.[0]?.json.message) : '';
				if (!/kept failing until then: Could not reach RunningHub/.test(message)) throw new Error(`the item does not say its reads failed: ${message}`);
			},
		},
	},
];

export const SUBMIT_OUTCOMES: Scenario[] = [...submits, ...retryAfter, ...deadlines, ...outages];
