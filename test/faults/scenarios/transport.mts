/**
 * Faults of the HTTP exchange itself: 5xx bursts, 429, connection resets, timeouts, slow and
 * unreadable answers, during submit, polling and download, through the RunningHub node (Text to
 * Speech, waiting, downloading), the Wait for Task node (Poll) and the Account operation.
 *
 * Deliberate: a submit whose answer is lost (connection reset or timeout after sending, any HTTP
 * 5xx without a RunningHub code, malformed or truncated JSON) is NOT retried, although the fault
 * is transient: the task may exist (a gateway may lose the API's answer after the task was
 * created, docs/runninghub-api.md §15) and a second submit would create and bill it twice. The item fails with
 * an error that says so and tells the user to check the task list before running it again. Only
 * RunningHub's own refusals (HTTP 429, capacity and rate codes) and a connection refused before
 * sending are retried (submit-outcomes.mts has the rest). Polls inside a wait are retried until
 * Max Wait, so "every poll fails" scenarios use a short Max Wait and end timed out with the task
 * ID. A download cut short with a matching Content-Length cannot be told from a whole file, so
 * it has no scenario.
 */
import { FAST, WITHIN_BUDGET, fault } from '../harness.mts';
import { ACCOUNT, PATH, rh, submitDirect, tts, waitPoll, type Scenario } from '../flows.mts';
import type { Outcome } from '../invariants.mts';

const DOWNLOAD = { downloadOutputs: true };
const OK: Outcome = {};
const DOWNLOADED: Outcome = { binary: true };
const UNCONFIRMED: Outcome = {
	error: /did not confirm the submit .* unknown whether the task was created/,
	fix: /did not send it again.*check Account → Get/s,
	taskIdUnknown: true,
};
/** A wait that every poll fails: it ends at Max Wait (1 s here), timed out, the task ID kept. */
const SHORT_WAIT = { maxWaitSeconds: 1 };
const TIMED_OUT: Outcome = { json: { timedOut: true } };
/**
 * Invariant 6's known gap (task visibility): RunningHub created the task but its answer never
 * arrived intact, so nobody can know the ID. RunningHub has no way to find a task other than by
 * its ID (no task list, no idempotency key); the error says the task may exist and where to look.
 * The submit path is i12-retry's.
 */
export const ANSWER_LOST = 'the submit answer was lost after RunningHub created the task: its ID cannot be known';
const wait = (n = 2, options = {}) => waitPoll(async (sim) => (await submitDirect(sim, n)).map((taskId, row) => ({ json: { taskId, row } })), { options });

const bursts: Scenario[] = [502, 503].flatMap((status) => [
	{
		name: `HTTP ${status} on submit: not re-sent (the task may exist), clear error`,
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'http', status }),
		act: tts(2),
		expect: { items: [UNCONFIRMED, OK], submits: 1 },
	},
	{
		name: `HTTP ${status} burst on polling: retried, results come back`,
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status }, WITHIN_BUDGET),
		act: tts(2),
		expect: { items: OK, submits: 2 },
	},
	{
		name: `HTTP ${status} burst on download: retried, file downloaded`,
		setup: (sim) => fault(sim, PATH.files, { type: 'http', status }, WITHIN_BUDGET),
		act: tts(1, DOWNLOAD),
		expect: { items: DOWNLOADED, submits: 1 },
	},
]);

export const TRANSPORT: Scenario[] = [
	...bursts,
	{
		name: 'HTTP 500 burst on polling: retried, results come back',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 500 }, WITHIN_BUDGET),
		act: tts(2),
		expect: { items: OK, submits: 2 },
	},
	{
		name: 'HTTP 500 on submit: not re-sent (the task may exist), clear error',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'http', status: 500 }),
		act: tts(2),
		expect: { items: [UNCONFIRMED, OK], submits: 1 },
	},
	{
		name: 'HTTP 503 on every submit: each item sent once, clear error',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'http', status: 503 }, -1),
		act: tts(2),
		expect: { items: UNCONFIRMED, submits: 0 },
	},
	{
		name: 'HTTP 502 on every poll: retried until Max Wait, timed out with the task ID',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 502 }, -1),
		act: tts(2, SHORT_WAIT),
		expect: { items: TIMED_OUT, submits: 2 },
	},
	{
		name: 'HTTP 500 on every download: error item keeps the task ID, says the task finished',
		setup: (sim) => fault(sim, PATH.files, { type: 'http', status: 500 }, -1),
		act: tts(1, DOWNLOAD),
		expect: { items: { error: /could not be downloaded \(HTTP 500\)/, fix: /Task → Get/ }, submits: 1 },
	},
	{
		name: 'HTTP 502 burst on Wait for Task polling: retried, Succeeded output',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 502 }, WITHIN_BUDGET),
		act: wait(),
		expect: { items: { output: 0, json: { waitResult: 'succeeded' } } },
	},
	{
		name: 'HTTP 503 on every Wait for Task poll: Failed output with the task ID',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 503 }, -1),
		act: wait(),
		expect: { items: { output: 1, error: /temporarily unavailable \(HTTP 503\)/ } },
	},

	// 429: capacity refusals are retried for longer, honouring Retry-After.
	{
		name: '429 with Retry-After on submit: waits as told, then accepted once',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'http', status: 429, retryAfter: 1 }),
		act: tts(1),
		expect: {
			items: OK,
			submits: 1,
			more: (stages) => {
				const ms = stages[0].kind === 'items' ? stages[0].elapsedMs : 0;
				if (ms < 950) throw new Error(`Retry-After: 1 was not honoured (the run took ${ms} ms)`);
			},
		},
	},
	{
		name: '429 without Retry-After on submit: backs off, then accepted once',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'http', status: 429 }, 6),
		act: tts(2),
		expect: { items: OK, submits: 2 },
	},
	{
		name: '429 burst on polling: backs off, results come back',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 429 }, 6),
		act: tts(2),
		expect: { items: OK, submits: 2 },
	},
	{
		name: '429 burst on Wait for Task polling: backs off, Succeeded output',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 429 }, 6),
		act: wait(),
		expect: { items: { output: 0, json: { waitResult: 'succeeded' } } },
	},
	{
		name: '429 on every submit: gives up when the capacity budget is spent, clear error',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'http', status: 429 }, -1),
		act: tts(1),
		expect: { items: { error: /rate limiting this key \(HTTP 429\)/, fix: /tried \d+ times over \d+ s/ }, submits: 0 },
	},
	{
		name: '429 with Retry-After on Account → Get: waits, then answers',
		setup: (sim) => fault(sim, PATH.account, { type: 'http', status: 429, retryAfter: 1 }),
		act: rh(ACCOUNT),
		expect: { items: { json: { apiType: 'SHARED' } } },
	},

	// Connection resets and timeouts.
	{
		name: 'connection reset on submit: not re-sent (the task may exist), clear error',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'drop' }),
		act: tts(2),
		expect: { items: [UNCONFIRMED, OK], submits: 1 },
	},
	{
		name: 'connection reset after the submit was processed: task exists, not submitted twice',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'dropAfterProcess' }),
		act: tts(2),
		expect: { knownGap: ANSWER_LOST, items: [UNCONFIRMED, OK], submits: 2 },
	},
	{
		name: 'submit answer slower than the timeout: not re-sent, clear error',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'delay', ms: FAST.slowerThanTimeoutMs }),
		act: tts(2),
		expect: { knownGap: ANSWER_LOST, items: [{ ...UNCONFIRMED, fix: /did not send it again.*ETIMEDOUT|did not send it again.*ECONNABORTED/s }, OK] },
	},
	{
		name: 'connection resets while polling: retried, results come back',
		setup: (sim) => fault(sim, PATH.query, { type: 'drop' }, WITHIN_BUDGET),
		act: tts(2),
		expect: { items: OK, submits: 2 },
	},
	{
		name: 'poll answer slower than the timeout: retried, results come back',
		setup: (sim) => fault(sim, PATH.query, { type: 'delay', ms: FAST.slowerThanTimeoutMs }, 2),
		act: tts(1),
		expect: { items: OK, submits: 1 },
	},
	{
		name: 'connection reset on every poll: retried until Max Wait, timed out with the task ID',
		setup: (sim) => fault(sim, PATH.query, { type: 'drop' }, -1),
		act: tts(2, SHORT_WAIT),
		expect: { items: TIMED_OUT, submits: 2 },
	},
	{
		name: 'connection reset on every poll, On Timeout set to error: error item with the task ID',
		setup: (sim) => fault(sim, PATH.query, { type: 'drop' }, -1),
		act: tts(1, { ...SHORT_WAIT, onTimeout: 'error' }),
		expect: { items: { error: /did not finish the task within Max Wait/ }, submits: 1 },
	},
	{
		name: 'connection resets during download: retried, file downloaded',
		setup: (sim) => fault(sim, PATH.files, { type: 'drop' }, WITHIN_BUDGET),
		act: tts(1, DOWNLOAD),
		expect: { items: DOWNLOADED, submits: 1 },
	},
	{
		name: 'download slower than the timeout: retried, file downloaded',
		setup: (sim) => fault(sim, PATH.files, { type: 'delay', ms: FAST.slowerThanTimeoutMs }),
		act: tts(1, DOWNLOAD),
		expect: { items: DOWNLOADED, submits: 1 },
	},
	{
		name: 'connection resets during Wait for Task polling: retried, Succeeded output',
		setup: (sim) => fault(sim, PATH.query, { type: 'drop' }, WITHIN_BUDGET),
		act: wait(),
		expect: { items: { output: 0, json: { waitResult: 'succeeded' } } },
	},
	{
		name: 'connection reset on every Wait for Task poll: Failed output with the task ID',
		setup: (sim) => fault(sim, PATH.query, { type: 'drop' }, -1),
		act: wait(),
		expect: { items: { output: 1, error: /Could not reach RunningHub/ } },
	},
	{
		name: 'connection reset during Wait for Task download: retried, file attached',
		setup: (sim) => fault(sim, PATH.files, { type: 'drop' }, WITHIN_BUDGET),
		act: wait(1, DOWNLOAD),
		expect: { items: { output: 0, binary: true } },
	},
	{
		name: 'Account → Get answer slower than the timeout: retried, answers',
		setup: (sim) => fault(sim, PATH.account, { type: 'delay', ms: FAST.slowerThanTimeoutMs }),
		act: rh(ACCOUNT),
		expect: { items: { json: { apiType: 'SHARED' } } },
	},
	{
		name: 'Account → Get slower than the timeout every time: clear error after the budget',
		setup: (sim) => fault(sim, PATH.account, { type: 'delay', ms: FAST.slowerThanTimeoutMs }, -1),
		act: rh(ACCOUNT),
		expect: { items: { error: /Could not reach RunningHub/, fix: /tried 5 times/ } },
	},

	// Unreadable answers.
	{
		name: 'malformed JSON answer to a submit: not re-sent (the task exists), clear error',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'malformed' }),
		act: tts(2),
		expect: { knownGap: ANSWER_LOST, items: [UNCONFIRMED, OK], submits: 2 },
	},
	{
		name: 'truncated JSON answer to a submit: not re-sent (the task exists), clear error',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'truncated' }),
		act: tts(2),
		expect: { knownGap: ANSWER_LOST, items: [UNCONFIRMED, OK], submits: 2 },
	},
	{
		name: 'malformed and truncated JSON while polling: retried, results come back',
		setup: (sim) => {
			fault(sim, PATH.query, { type: 'malformed' }, 2);
			fault(sim, PATH.query, { type: 'truncated' }, 2);
		},
		act: tts(2),
		expect: { items: OK, submits: 2 },
	},
	{
		name: 'truncated JSON on every poll: retried until Max Wait, timed out with the task ID',
		setup: (sim) => fault(sim, PATH.query, { type: 'truncated' }, -1),
		act: tts(1, SHORT_WAIT),
		expect: { items: TIMED_OUT, submits: 1 },
	},
	{
		name: 'malformed JSON on every Account → Get: clear error',
		setup: (sim) => fault(sim, PATH.account, { type: 'malformed' }, -1),
		act: rh(ACCOUNT),
		expect: { items: { error: /unreadable answer/, fix: /tried 5 times/ } },
	},
	{
		name: 'malformed JSON while Wait for Task polls: retried, Succeeded output',
		setup: (sim) => fault(sim, PATH.query, { type: 'malformed' }, WITHIN_BUDGET),
		act: wait(),
		expect: { items: { output: 0 } },
	},
];
