/**
 * The API key must appear nowhere a user or a log can see, even when RunningHub (or a proxy in
 * front of it) echoes it back: in a business error, an HTTP error body, a task's failure reason.
 * The checker scans every stage for the key anyway; these scenarios make the server repeat it.
 */
import { KEY, binaryItem, fault, taskItems } from '../harness.mts';
import { ACCOUNT, PATH, rh, taskGet, triggerChain, tts, uploadParams, waitPoll, type Scenario } from '../flows.mts';

const ECHO = `invalid api key ${KEY} (Authorization: Bearer ${KEY})`;
/** The echo as the headline of an item's error: RunningHub's words, the key hidden. */
const ECHOED_HEADLINE = /^Invalid api key \*\*\* \(Authorization: Bearer \*\*\*\) \[item 0\]$/;

export const SECRETS: Scenario[] = [
	{
		name: 'key echoed in a v2 business error on submit: redacted',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'businessError', code: '1002', message: ECHO }),
		act: tts(1),
		// RunningHub's words (without the key) are the headline; the code and its meaning have their own line.
		expect: { items: { error: ECHOED_HEADLINE, fix: /\nRunningHub code: 1002 \(INVALID_API_KEY, the API key was rejected\)\.$/, code: '1002' }, submits: 0 },
	},
	{
		name: 'key echoed in a v1 business error (Account → Get, key sent in the body): redacted',
		setup: (sim) => fault(sim, PATH.account, { type: 'businessError', code: 802, message: ECHO }),
		act: rh(ACCOUNT),
		expect: { items: { error: ECHOED_HEADLINE, fix: /\nRunningHub code: 802 \(APIKEY_UNAUTHORIZED, the API key was rejected\)\.$/, code: '802' } },
	},
	{
		name: 'key echoed in an HTTP 401 JSON body: redacted',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'http', status: 401, body: { code: 802, msg: ECHO, data: null } }, -1),
		act: tts(1),
		expect: { items: { error: ECHOED_HEADLINE, fix: /\nRunningHub code: 802 \(APIKEY_UNAUTHORIZED, the API key was rejected\)\.$/, code: '802' }, submits: 0 },
	},
	{
		name: 'key echoed in an HTTP 500 JSON body while polling: redacted',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 500, body: { errorCode: '1005', errorMessage: ECHO } }, -1),
		// Polls are retried until Max Wait; the timed-out item says why its reads failed.
		act: tts(1, { maxWaitSeconds: 1 }),
		expect: { items: { json: { timedOut: true } }, submits: 1, more: (stages) => {
			const item = stages[0].kind === 'items' ? stages[0].outputs[0]?.[0] : undefined;
			if (!/kept failing until then: Invalid api key \*\*\* \(Authorization: Bearer \*\*\*\) \(RunningHub code 1005\)\. It keeps running/.test(String(item?.json.message))) throw new Error(`the timed-out item does not say why its reads failed: ${String(item?.json.message)}`);
		} },
	},
	{
		name: 'key echoed in an upload refusal: redacted',
		setup: (sim) => fault(sim, PATH.upload, { type: 'businessError', code: 1008, message: ECHO }, -1),
		act: rh(uploadParams({ legacyFallback: false }), { input: [binaryItem(Buffer.alloc(500, 1), 'portrait.png', 'image/png')] }),
		expect: { items: { error: /^RunningHub refused "portrait\.png" \(500 B\) as too large \[item 0\]$/, fix: /Use a smaller file.*\nRunningHub code: 1008 \(FILE_TOO_LARGE, a file is larger than RunningHub accepts\)\.$/s, code: '1008' } },
	},
	{
		name: "key echoed in a task's failure reason: redacted (RunningHub node, Task → Get, Wait for Task)",
		act: async (sim) => {
			sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', times: 1, fail: { errorCode: '1015', errorMessage: ECHO } });
			const failedRun = (await tts(1)(sim))[0];
			const taskId = failedRun.kind === 'items' ? failedRun.outputs[0][0].json.taskId : undefined;
			const input = taskItems([String(taskId)]);
			const get = (await rh(taskGet({ includeRaw: true }), { input, label: 'Task → Get' })(sim))[0];
			const wait = (await waitPoll(async () => input)(sim))[0];
			return [failedRun, get, wait];
		},
		expect: {
			items: { error: /task failed: invalid api key \*\*\*/, code: '1015' },
			stages: { 'Task → Get': { json: { state: 'failed', errorMessage: 'invalid api key *** (Authorization: Bearer ***)' } }, 'RunningHub Wait for Task': { output: 1 } },
		},
	},
	{
		name: 'key echoed while the Trigger verifies a delivery: the failed execution does not show it',
		setup: (sim) => fault(sim, PATH.query, { type: 'businessError', code: '1002', message: ECHO }, -1),
		act: triggerChain({ items: 1 }),
		expect: { hook: { started: 0, errors: /^Invalid api key \*\*\* \(Authorization: Bearer \*\*\*\)$/ } },
	},
];
