/**
 * Exactness (issue 12, items 13–17): IDs RunningHub cannot read (above int64, longer than 19
 * digits) are refused before any request; big integers (seeds up to 2^64-1) keep their digits
 * through every node; webhook URL secrets never reach outputs; odd answers (code -1, a v2-style
 * error on a v1 endpoint, an envelope without a code, errorCode "0", a query answer without its
 * taskId) map to clear results; a delivery that fails verification never blocks the genuine
 * one, and a callback answer names none of the tasks an execution still waits for.
 */
import type { IDataObject } from 'n8n-workflow';

import { deliveriesSettled, fault, runItems, taskItems, type Simulator, type Stage } from '../harness.mts';
import {
	ACCOUNT,
	PATH,
	callbackChain,
	rh,
	submitDirect,
	taskEnd,
	taskGet,
	triggerChain,
	tts,
	waitPoll,
	workflowParams,
	type DeliveryContext,
	type Scenario,
} from '../flows.mts';
import type { Expect } from '../invariants.mts';

const ABOVE_INT64 = '9999999999999999999';
const TWENTY_DIGITS = '19650000000000000001';
const BIG_SEED = '18446744073709551615';
const URL_SECRET = 'exact-url-secret-5b7d9f1a3c';

const nothingSent: Expect['more'] = (_stages, sim) => {
	const sent = sim.control.requests().filter((r) => r.route !== '/openapi/v2/queue/status');
	if (sent.length) throw new Error(`requests reached RunningHub: ${sent.map((r) => `${r.method} ${r.route}`).join(', ')}`);
};

const V2_STYLE_1007 = { taskId: '', status: '', errorCode: '1007', errorMessage: 'failed to parse request body' };

/** No text of any stage (outputs, errors, webhook answers) says "NaN". */
const noNaN: Expect['more'] = (stages) => {
	const text = JSON.stringify(stages, (_k, v: unknown) => (v instanceof Error ? { message: v.message, description: (v as { description?: unknown }).description } : v));
	if (/\bNaN\b/.test(text)) throw new Error(`"NaN" appears: ${text.slice(Math.max(0, text.indexOf('NaN') - 120), text.indexOf('NaN') + 40)}`);
};

/** The delivery each started execution carries (Include Delivery) has the seed digit for digit. */
const seedsExact: Expect['more'] = (stages) => {
	const hook = stages.find((s) => s.kind === 'hook');
	if (!hook || hook.kind !== 'hook') throw new Error('no webhook stage');
	for (const items of hook.started) {
		const delivery = items[0]?.json.delivery as IDataObject | undefined;
		const results = (delivery?.results ?? delivery?.data) as IDataObject[] | undefined;
		if (results?.[0]?.seed !== BIG_SEED) throw new Error(`the delivery's seed is ${JSON.stringify(results?.[0]?.seed)}, not "${BIG_SEED}"`);
	}
};

/** Runs RunningHub's unverifiable delivery first (the query says 1004 once), then the real ones. */
const unverifiableFirst = async (sim: Simulator, c: DeliveryContext) => {
	fault(sim, PATH.query, { type: 'businessError', code: '1004' });
	fault(sim, PATH.outputsV1, { type: 'businessError', code: 807 });
	for (const id of c.taskIds) sim.control.completeTask(id);
	await sim.control.deliver({ url: c.url, body: JSON.stringify(taskEnd(c.taskIds[0])), headers: { 'content-type': 'application/json' } });
};

/** Tasks with a webhook URL carrying a secret, then Task → Get Webhook Delivery and Resend Webhook on them. */
const deliveryOperations = async (sim: Simulator): Promise<Stage[]> => {
	sim.control.configure({ webhook: { maxRetries: 0 } });
	const ids: string[] = [];
	for (let i = 0; i < 2; i++) {
		const response = await fetch(`${sim.url}${PATH.ttsSubmit}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${sim.control.keys.aiShared}` },
			body: JSON.stringify({ text: `Fault drill #${i}: hook`, voiceId: 'genshin_klee2', voiceLanguage: 'zh', webhookUrl: `${sim.url}/__nowhere/${i}?secret=${URL_SECRET}` }),
		});
		ids.push(String(((await response.json()) as { taskId: string }).taskId));
	}
	for (const id of ids) await sim.control.waitForTask(id);
	const until = Date.now() + 3000;
	while (Date.now() < until && sim.control.webhookEvents().some((e) => e.callbackStatus === 'PENDING' || e.callbackStatus === 'RETRYING')) {
		await new Promise((r) => setTimeout(r, 20));
	}
	const input = taskItems(ids);
	const read = await runItems('RunningHub', sim, { parameters: { resource: 'task', operation: 'getWebhookDelivery' }, input, label: 'Get Webhook Delivery' });
	const resend = await runItems('RunningHub', sim, { parameters: { resource: 'task', operation: 'resendWebhook' }, input, label: 'Resend Webhook' });
	return [read, resend];
};

const noUrlSecret: Expect['more'] = (stages, sim) => {
	if (JSON.stringify(stages).includes(URL_SECRET)) throw new Error('the webhook URL secret appears in an output');
	const resent = sim.control.requests({ path: '/task/openapi/retryWebhook' });
	if (resent.length !== 2 || !resent.every((r) => String(r.body).includes(URL_SECRET))) throw new Error('Resend did not send the original URL (with its secret) back to RunningHub');
};

export const EXACT: Scenario[] = [
	// 13. IDs.
	{
		name: 'exact: task IDs above int64 or of 20 digits in Task → Get: item errors before any request',
		act: rh(taskGet(), { input: taskItems([ABOVE_INT64, TWENTY_DIGITS]) }),
		expect: { items: [{ error: /Task ID: "9999999999999999999" is not a RunningHub ID: it is above 9223372036854775807/ }, { error: /20 digits, at most 19/ }], more: nothingSent },
	},
	{
		name: 'exact: task ID above int64 in Wait for Task: Failed output, the other item waits',
		act: waitPoll(async (sim) => taskItems([ABOVE_INT64, ...(await submitDirect(sim, 1))])),
		expect: { items: [{ output: 1, error: /above 9223372036854775807/ }, { output: 0 }] },
	},
	{
		name: 'exact: workflow ID of 20 digits: item error before anything is sent',
		act: rh(workflowParams(TWENTY_DIGITS), { items: 1 }),
		expect: { items: { error: /Workflow ID: .* 20 digits/ }, more: nothingSent },
	},

	// 14. Big integers.
	{
		name: 'exact: seeds of 2^64-1 in eventData objects (standard-model callbacks): the Trigger keeps every digit',
		setup: (sim) => void sim.control.configure({ variants: { bigIntegers: true, webhookEventData: 'object' } }),
		act: triggerChain({ triggerParameters: { options: { includeDelivery: true } } }),
		expect: { hook: { started: 2, answers: { only: [200] } }, more: seedsExact },
	},
	{
		name: 'exact: seeds of 2^64-1 in eventData strings (v1 callbacks): the Trigger keeps every digit',
		setup: (sim) => void sim.control.configure({ variants: { bigIntegers: true } }),
		act: triggerChain({ triggerParameters: { options: { includeDelivery: true } } }),
		expect: { hook: { started: 2, answers: { only: [200] } }, more: seedsExact },
	},
	{
		name: 'exact: eventData as an object, callbacks to Wait for Task: resumed once with every task',
		setup: (sim) => void sim.control.configure({ variants: { bigIntegers: true, webhookEventData: 'object' } }),
		act: callbackChain(),
		expect: { hook: { started: 1 }, stages: { 'Wait for Task (resumed by callback)': { json: { waitResult: 'succeeded' } } } },
	},

	// 15. Secrets.
	{
		name: 'exact: webhook URL with ?secret=: Get Webhook Delivery and Resend show it redacted, Resend sends the real one',
		act: deliveryOperations,
		expect: { items: { json: { found: true } }, stages: { 'Resend Webhook': { json: { resent: true } } }, more: noUrlSecret },
	},

	// 16. Error mapping.
	{
		name: 'exact: code -1 on a v1 endpoint (Account → Get): its own clear message',
		setup: (sim) => fault(sim, PATH.account, { type: 'businessError', code: -1, message: 'ApiKey verification failed' }),
		act: rh(ACCOUNT),
		expect: { items: { error: /^The API key is missing or was rejected \[item 0\]$/, fix: /\nRunningHub code: -1 \(APIKEY_VERIFICATION_FAILED\)\.$/, code: '-1' } },
	},
	{
		name: 'exact: v2-style error on a v1 submit (Workflow → Run, v1 create): clear 1007 error, never NaN',
		setup: (sim) => {
			fault(sim, PATH.workflowV2, { type: 'businessError', code: '1001' }, -1);
			fault(sim, PATH.workflowV1, { type: 'http', status: 200, body: V2_STYLE_1007 });
		},
		act: rh(workflowParams(), { items: 1 }),
		expect: { items: { error: /^Failed to parse request body \[item 0\]$/, fix: /\nRunningHub code: 1007 \(PARAMS_INVALID, a parameter failed validation\)\.$/, code: '1007' }, submits: 0, more: noNaN },
	},
	{
		name: 'exact: v1 answer without any code (Account → Get): read again, then a clear error, never NaN',
		setup: (sim) => fault(sim, PATH.account, { type: 'http', status: 200, body: { data: null } }, -1),
		act: rh(ACCOUNT),
		expect: { items: { error: /answer without a result code/ }, more: noNaN },
	},
	{
		name: 'exact: errorCode "0" on every task answer: tasks succeed',
		setup: (sim) => void sim.control.configure({ variants: { successErrorCode: '0' } }),
		act: tts(2),
		expect: { items: { json: { state: 'succeeded' } }, submits: 2 },
	},
	{
		name: 'exact: errorCode "0" on SUCCESS, Task → Get and Wait for Task: succeeded',
		setup: (sim) => void sim.control.configure({ variants: { successErrorCode: '0' } }),
		act: async (sim) => {
			const ids = await submitDirect(sim, 2);
			for (const id of ids) await sim.control.waitForTask(id);
			return [...(await rh(taskGet(), { input: taskItems(ids) })(sim)), ...(await waitPoll(async () => taskItems(ids))(sim))];
		},
		expect: { items: { json: { state: 'succeeded' } }, stages: { 'RunningHub Wait for Task': { output: 0 } } },
	},
	{
		name: 'exact: the query answers FAILED without its taskId (live shape): the item fails naming its task',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 200, body: { status: 'FAILED', errorCode: '1000', errorMessage: 'unknown error', results: null } }, -1),
		act: tts(1),
		expect: { items: { error: /unknown error/, code: '1000' }, submits: 1 },
	},
	{
		name: 'exact: the query of a failed task in the short live shape (no taskId): Wait for Task routes it to Failed with its ID',
		setup: (sim) => void sim.control.configure({ variants: { queryFailedShape: 'short' } }),
		act: waitPoll(async (sim) => taskItems(await submitDirect(sim, 2, { fail: { errorCode: '1000', errorMessage: 'unknown error' } }))),
		expect: { items: { output: 1, json: { state: 'failed', errorCode: '1000' } } },
	},
	{
		name: 'exact: AI App → Get Inputs on the full documented apiCallDemo shape (fieldData, statisticsInfo)',
		setup: (sim) => void sim.control.configure({ variants: { apiCallDemo: 'full' } }),
		act: rh({ resource: 'aiApp', operation: 'getInputs', webappId: '1960000000000000001' }),
		expect: { items: { json: { inputCount: 3 } } },
	},
	{
		name: 'exact: out-of-range task IDs answered v2-style on v1 endpoints: mapped, never NaN (Task → Cancel with a checked ID still refuses first)',
		setup: (sim) => void sim.control.configure({ variants: { v1BadIdAnswer: 'v2' } }),
		act: rh({ resource: 'task', operation: 'cancel' }, { input: taskItems([ABOVE_INT64]) }),
		expect: { items: { error: /above 9223372036854775807/ }, more: nothingSent },
	},
	{
		name: 'exact: bilingual error messages ("English | Chinese"): shown as RunningHub wrote them',
		setup: (sim) => {
			sim.control.configure({ variants: { bilingualMessages: true } });
			fault(sim, PATH.ttsSubmit, { type: 'businessError', code: '1501', message: 'Content security audit did not pass | 内容安全审查未通过' });
		},
		act: tts(1),
		// The English part is the headline; the whole message, both languages, is in the description.
		expect: { items: { error: /^Content security audit did not pass \[item 0\]$/, fix: /\nRunningHub said: Content security audit did not pass \| 内容安全审查未通过 \| [^\n]+\nRunningHub code: 1501 \(CONTENT_MODERATION, the content was refused by moderation\)\.$/, code: '1501' }, submits: 0 },
	},

	// 17. Verification and de-duplication.
	{
		name: 'exact: Trigger: a delivery that fails verification (unknown task) does not block the genuine one',
		act: triggerChain({ deliver: unverifiableFirst }),
		expect: { hook: { started: 2 } },
	},
	{
		name: 'exact: Wait for Task callbacks: an answer names none of the tasks the execution still waits for',
		act: callbackChain({
			items: 3,
			// One task after the other: the first callbacks find the execution still waiting.
			deliver: async (sim, c) => {
				for (const id of c.taskIds) {
					sim.control.completeTask(id);
					await deliveriesSettled(sim, 100);
				}
			},
		}),
		expect: {
			hook: { started: 1 },
			more: (stages) => {
				const hook = stages.find((s) => s.kind === 'hook');
				if (!hook || hook.kind !== 'hook') throw new Error('no webhook stage');
				if (!hook.answers.some((a) => /"resumed":false/.test(a.body))) throw new Error('no callback found the execution waiting');
				for (const a of hook.answers) {
					const named = hook.genuineTaskIds.filter((id) => a.body.includes(id));
					if (/"resumed":false/.test(a.body) && named.length) throw new Error(`a waiting answer names tasks ${named.join(', ')}: ${a.body}`);
				}
			},
		},
	},
];
