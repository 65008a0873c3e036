/**
 * HTTP 200 with each business error code of docs/runninghub-api.md §14: v1 codes on the v1 submit
 * (`task/openapi/create`, reached by Workflow → Run where the v2 run endpoint is missing), v2
 * codes on a standard-model submit (Text to Speech), and a few on the query while waiting.
 * Capacity and rate-limit codes are retried once and succeed; a certain refusal (parameters,
 * key, balance, moderation, not found) fails the item with a message that names the code and a
 * description that says what to do; every other code on a submit without a task ID (server
 * errors 1000/1005/1010/1012/500, codes about a task that ran such as 1006/1015/1504/805, and
 * codes we do not know such as 1) leaves its outcome unknown, so it is not sent again and the
 * error says the task may exist and how to check (errorCodes.ts submitOutcomeOf).
 */
import { fault } from '../harness.mts';
import { PATH, rh, tts, workflowParams, type Scenario } from '../flows.mts';
import type { Outcome } from '../invariants.mts';
import { V2_MESSAGES } from '../../../simulator/envelopes.mts';
import { lookupErrorCode } from '../../../nodes/core/api/errorCodes.ts';

/** Retried (1 refusal) then accepted; sent once with its outcome unknown; or the item's error message. */
type Expected = 'retried' | 'unknown' | RegExp;

const V1: Record<number, Expected> = {
	1: 'unknown',
	301: /parameter is missing or invalid/,
	380: /workflow does not exist/,
	412: /not a RunningHub API/,
	415: 'retried',
	416: /balance is too low/,
	421: 'retried',
	423: /task was not found/,
	433: /could not validate the workflow/,
	435: /No 48 GB instance/,
	436: /exclusive membership has expired/,
	500: 'unknown',
	801: /Free accounts cannot use API keys/,
	802: /API key was rejected/,
	803: /override does not match the workflow/,
	804: 'unknown',
	805: 'unknown',
	806: /No user was found/,
	807: /task was not found/,
	808: 'unknown',
	809: /larger than RunningHub accepts/,
	810: /never been saved and run/,
	811: /enterprise API key is invalid/,
	812: /enterprise balance is insufficient/,
	813: 'unknown',
	814: 'retried',
	901: /AI app does not exist/,
};

const V2: Record<string, Expected> = {
	'1000': 'unknown',
	'1001': /API path is invalid/,
	'1002': /API key was rejected/,
	'1003': 'retried',
	'1004': /not found or has expired/,
	'1005': 'unknown',
	'1006': 'unknown',
	'1007': /parameter failed validation/,
	'1008': /larger than RunningHub accepts/,
	'1009': /not supported by this endpoint/,
	'1010': 'unknown',
	'1011': 'retried',
	'1012': 'unknown',
	'1013': /could not process an input file/,
	'1014': /enterprise shared API key/,
	'1015': 'unknown',
	'1101': /override does not match/,
	'1501': /refused by moderation/,
	'1504': 'unknown',
	'1505': /real people are not allowed/,
	'1520': 'retried',
};

/** A text as an exact pattern. */
const exactly = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const letters = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');
/**
 * The headline is RunningHub's reason when its message gives one (v2: "Invalid URL or path"),
 * else the code's meaning: v1 messages are only code names, and a v2 message that only spells
 * its code's name ("Invalid API key" for INVALID_API_KEY) says no more than the code. The code
 * is in the description's own line, with its meaning when the headline is RunningHub's:
 * "RunningHub code: 1001 (INVALID_URL, the API path is invalid)".
 */
const certain = (code: string | number, meaning: RegExp): Outcome => {
	const name = lookupErrorCode(code)?.name ?? '';
	const said = typeof code === 'string' ? V2_MESSAGES[code] : undefined;
	return said && letters(said) !== letters(name)
		? { error: new RegExp(`^${exactly(said)} \\[item 0\\]$`), fix: new RegExp(`^RunningHub code: ${code} \\(${name}, [^\\n]*${meaning.source}[^\\n]*\\)\\.$`, 'm'), code: String(code) }
		: { error: new RegExp(`^[^\\n]*${meaning.source}[^\\n]* \\[item 0\\]$`), fix: new RegExp(`^RunningHub code: ${code} \\(${name}\\)\\.$`, 'm'), code: String(code) };
};
const outcome = (code: string | number, expected: Expected): Outcome =>
	expected === 'retried'
		? {}
		: expected === 'unknown'
			? {
					error: /^RunningHub did not confirm the submit to \S+ \(it answered with an error code and no task ID\), so it is unknown whether the task was created \[item 0\]$/,
					fix: new RegExp(`did not send it again.*\\nRunningHub code: ${code}\\b`, 's'),
					code: String(code),
					taskIdUnknown: true,
				}
			: certain(code, expected);
const label = (expected: Expected) => (expected === 'retried' ? 'retried, then accepted' : expected === 'unknown' ? 'sent once (the task may exist), clear error' : 'clear error');

const v1Codes: Scenario[] = Object.entries(V1).map(([code, expected]) => ({
	name: `v1 code ${code} on HTTP 200 (Workflow → Run, v1 submit): ${label(expected)}`,
	setup: (sim) => {
		fault(sim, PATH.workflowV2, { type: 'businessError', code: '1001' }, -1);
		fault(sim, PATH.workflowV1, { type: 'businessError', code: Number(code) });
	},
	act: rh(workflowParams()),
	expect: { items: outcome(code, expected), submits: expected === 'retried' ? 1 : 0 },
}));

const v2Codes: Scenario[] = Object.entries(V2).map(([code, expected]) => ({
	name: `v2 code ${code} on HTTP 200 (Text to Speech submit): ${label(expected)}`,
	setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'businessError', code }),
	act: tts(1),
	expect: { items: outcome(code, expected), submits: expected === 'retried' ? 1 : 0 },
}));

export const CODES: Scenario[] = [
	...v1Codes,
	...v2Codes,
	{
		name: 'v2 code 1000 with a balance message: reported as a low balance',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'businessError', code: '1000', message: 'Insufficient balance' }),
		act: tts(1),
		expect: { items: { error: /^The balance is too low \[item 0\]$/, fix: /Top up.*\nRunningHub code: 1000 \(INSUFFICIENT_BALANCE\)\.$/s, code: '1000' }, submits: 0 },
	},
	{
		name: 'v2 code 1011 (busy) on polling: retried, results come back',
		setup: (sim) => fault(sim, PATH.query, { type: 'businessError', code: '1011' }, 3),
		act: tts(2),
		expect: { items: {}, submits: 2 },
	},
	{
		// Both read paths lose the task (the v1 outputs endpoint is asked before giving up).
		name: 'v2 code 1004 (task not found) on polling: error item keeps the task ID',
		setup: (sim) => {
			fault(sim, PATH.query, { type: 'businessError', code: '1004' }, -1);
			fault(sim, PATH.outputsV1, { type: 'businessError', code: 807 }, -1);
		},
		act: tts(1),
		expect: { items: { error: /^Task not found or expired \[item 0\]$/, fix: /\nRunningHub code: 1004 \(TASK_NOT_FOUND, the task was not found or has expired\)\.$/, code: '1004' }, submits: 1 },
	},
	{
		name: 'v2 query does not know a task the v1 outputs endpoint knows: read through v1',
		setup: (sim) => fault(sim, PATH.query, { type: 'businessError', code: '1004' }, -1),
		act: tts(1, { downloadOutputs: true }),
		expect: { items: { binary: true }, submits: 1 },
	},
	{
		name: 'v2 code 1002 (key rejected) on polling: error item keeps the task ID',
		setup: (sim) => fault(sim, PATH.query, { type: 'businessError', code: '1002' }, -1),
		act: tts(1),
		expect: { items: { error: /^The API key was rejected \[item 0\]$/, fix: /Check the API key.*\nRunningHub code: 1002 \(INVALID_API_KEY\)\.$/s, code: '1002' }, submits: 1 },
	},
	{
		name: 'v1 code 421 on every v1 submit (queue full): gives up after the capacity budget',
		setup: (sim) => {
			fault(sim, PATH.workflowV2, { type: 'businessError', code: '1001' }, -1);
			fault(sim, PATH.workflowV1, { type: 'businessError', code: 421 }, -1);
		},
		act: rh(workflowParams()),
		expect: { items: { error: /^The key's concurrency limit is reached \[item 0\]$/, fix: /Wait for your running RunningHub tasks.*tried \d+ times over \d+ s.*\nRunningHub code: 421 \(TASK_QUEUE_MAXED\)\.$/s, code: '421' }, submits: 0 },
	},
];
