/**
 * Webhook deliveries gone wrong, for the RunningHub Trigger and for Wait for Task in Resume on
 * Callback mode: delivered twice, out of order, late, with a wrong secret, with a forged task ID,
 * with a huge body, not JSON; and RunningHub unreadable while a delivery is checked.
 *
 * Every flow submits real tasks with the RunningHub node (Webhook URL = the Trigger's URL, or
 * "Send Callback to Wait for Task Node"), so every execution must carry exactly the genuine task
 * IDs, each once; forged deliveries are posted next to the genuine ones.
 *
 * Deliberate: Wait for Task's resume URL is authenticated by n8n itself (the ?signature= token
 * on n8n 2.3x+; the stand-in refuses a wrong one with 401 as n8n does). On n8n 2.8 the execution
 * ID in the URL is the only secret, so a forged call can reach the node: it then re-reads every
 * task through the API and resumes only when RunningHub itself says they finished.
 * Deliberate: the Trigger has no time limit, so a late delivery still starts its execution (once:
 * the duplicate window is 60 minutes by default). When verifying fails for a reason no retry can
 * fix (the key is rejected, a status nobody knows), webhook() throws so that n8n shows a failed
 * execution naming the cause, instead of a silent 503; RunningHub's own retries of that delivery
 * fail the same way.
 */
import { TRIGGER_SECRET, fault, type Simulator } from '../harness.mts';
import { PATH, callbackChain, taskEnd, triggerChain, type DeliveryContext, type Scenario } from '../flows.mts';

/** A 19-digit ID RunningHub has never issued. */
const FORGED_ID = '1999999999999999991';
const HUGE = { ...taskEnd(FORGED_ID), padding: 'x'.repeat(2 * 1024 * 1024) };

const finish = (sim: Simulator, c: DeliveryContext) => c.taskIds.forEach((id) => sim.control.completeTask(id));
const post = (sim: Simulator, url: string, body: unknown, contentType = 'application/json') =>
	sim.control.deliver({ url, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': contentType } });

/** Posts the forged deliveries while the tasks still run, then lets them finish. */
const forgedThenGenuine =
	(...forged: Array<(c: DeliveryContext) => { body: unknown; url?: string; contentType?: string }>) =>
	async (sim: Simulator, c: DeliveryContext) => {
		for (const make of forged) {
			const f = make(c);
			await post(sim, f.url ?? c.url, f.body, f.contentType);
		}
		finish(sim, c);
	};

const wrongSecret = (url: string) => url.replace(/secret=[^&]+/, 'secret=not-the-secret-0123456789');
const wrongSignature = (url: string) => url.replace(/signature=[^&]+/, 'signature=forged0123456789');

const trigger: Scenario[] = [
	{
		name: 'Trigger: every delivery sent twice: one execution per task',
		setup: (sim) => void sim.control.configure({ webhook: { duplicates: 2 } }),
		act: triggerChain(),
		expect: { hook: { started: 2, answers: { only: [200] } }, submits: 2 },
	},
	{
		name: 'Trigger: deliveries out of order: one execution per task',
		setup: (sim) => void sim.control.configure({ webhook: { reorderWindow: 3 } }),
		act: triggerChain({ items: 3 }),
		expect: { hook: { started: 3, answers: { only: [200] } }, submits: 3 },
	},
	{
		name: 'Trigger: deliveries late: executions still start, once each',
		setup: (sim) => void sim.control.configure({ webhook: { delayMs: 400 } }),
		act: triggerChain(),
		expect: { hook: { started: 2 } },
	},
	{
		name: 'Trigger: the secret in the URL is wrong: 401, nothing starts',
		act: triggerChain({ triggerParameters: { secret: 'another-secret-of-enough-length' } }),
		expect: { hook: { started: 0, answers: { only: [401] } } },
	},
	{
		name: 'Trigger: deliveries with a wrong, missing or repeated secret: 401, only the genuine ones start',
		act: triggerChain({
			deliver: forgedThenGenuine(
				(c) => ({ url: wrongSecret(c.url), body: taskEnd(c.taskIds[0]) }),
				(c) => ({ url: c.url.replace(/\?secret=.*/, ''), body: taskEnd(c.taskIds[0]) }),
				(c) => ({ url: `${c.url}&secret=${encodeURIComponent(TRIGGER_SECRET)}`, body: taskEnd(c.taskIds[0]) }),
			),
		}),
		expect: { hook: { started: 2, answers: { include: [401, 200] } } },
	},
	{
		name: 'Trigger: forged task ID unknown to RunningHub: acknowledged, ignored',
		act: triggerChain({ deliver: forgedThenGenuine(() => ({ body: taskEnd(FORGED_ID) })) }),
		expect: { hook: { started: 2, answers: { only: [200] } } },
	},
	{
		name: 'Trigger: forged "succeeded" for a task still running: 503, nothing starts until it ends',
		act: triggerChain({ deliver: forgedThenGenuine((c) => ({ body: taskEnd(c.taskIds[0]) })) }),
		expect: { hook: { started: 2, answers: { include: [503, 200] } } },
	},
	{
		name: 'Trigger: a huge body (2 MB): refused with 400',
		act: triggerChain({ deliver: forgedThenGenuine(() => ({ body: HUGE })) }),
		expect: { hook: { started: 2, answers: { include: [400, 200] } } },
	},
	{
		name: 'Trigger: bodies that are not JSON: refused, nothing starts from them',
		act: triggerChain({
			deliver: forgedThenGenuine(
				() => ({ body: 'task finished!', contentType: 'text/plain' }),
				() => ({ body: '{"event":"TASK_END","taskId":', contentType: 'application/json' }),
				(c) => ({ body: { event: 'TASK_END', taskId: c.taskIds[0], eventData: 'not json' } }),
			),
		}),
		expect: { hook: { started: 2, answers: { include: [400, 422, 200] } } },
	},
	{
		name: 'Trigger: RunningHub unreadable while verifying (503): 503, the retried delivery starts it',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 503 }, 2),
		act: triggerChain({ items: 1 }),
		expect: { hook: { started: 1, answers: { include: [503, 200] } } },
	},
	{
		name: 'Trigger: connection resets while verifying: 503, the retried delivery starts it',
		setup: (sim) => fault(sim, PATH.query, { type: 'drop' }, 2),
		act: triggerChain({ items: 1 }),
		expect: { hook: { started: 1, answers: { include: [503, 200] } } },
	},
	{
		name: 'Trigger: the API rejects the key while verifying: a failed execution says so',
		setup: (sim) => fault(sim, PATH.query, { type: 'businessError', code: '1002' }, -1),
		act: triggerChain({ items: 1 }),
		expect: { hook: { started: 0, errors: /^The API key was rejected$/ } },
	},
	{
		name: 'Trigger: unknown task status while verifying: a failed execution names it',
		setup: (sim) =>
			fault(sim, PATH.query, { type: 'http', status: 200, body: { status: 'PAUSED', errorCode: '', errorMessage: '', results: null } }, -1),
		act: triggerChain({ items: 1 }),
		expect: { hook: { started: 0, errors: /unknown task status "PAUSED"/ } },
	},
];

const RESUMED = 'Wait for Task (resumed by callback)';

const callback: Scenario[] = [
	{
		name: 'Wait callback: every callback sent twice: resumed once, with every item',
		setup: (sim) => void sim.control.configure({ webhook: { duplicates: 2 } }),
		act: callbackChain(),
		expect: { stages: { [RESUMED]: { json: { waitResult: 'succeeded' } } }, hook: { started: 1 }, submits: 2 },
	},
	{
		name: 'Wait callback: callbacks out of order: resumed once, with every item',
		setup: (sim) => void sim.control.configure({ webhook: { reorderWindow: 3 } }),
		act: callbackChain({ items: 3 }),
		expect: { stages: { [RESUMED]: { json: { waitResult: 'succeeded' } } }, hook: { started: 1 } },
	},
	{
		name: 'Wait callback: callbacks after the time limit: n8n already went on with the items, refused (409)',
		act: callbackChain({ timeLimitPassesFirst: true }),
		expect: { stages: { 'Wait for Task (resumed at time limit)': { json: { status: 'RUNNING' } } }, hook: { started: 0, answers: { only: [409] } } },
	},
	{
		name: 'Wait callback: wrong resume signature: refused (401), the genuine callback resumes',
		act: callbackChain({ deliver: forgedThenGenuine((c) => ({ url: wrongSignature(c.url), body: taskEnd(c.taskIds[0]) })) }),
		expect: { stages: { [RESUMED]: { json: { waitResult: 'succeeded' } } }, hook: { started: 1, answers: { include: [401, 200] } } },
	},
	{
		name: 'Wait callback: forged task IDs (unknown, or not finished yet): the execution stays parked until the real end',
		act: callbackChain({
			deliver: forgedThenGenuine(
				() => ({ body: taskEnd(FORGED_ID) }),
				(c) => ({ body: taskEnd(c.taskIds[0]) }),
			),
		}),
		expect: { stages: { [RESUMED]: { json: { waitResult: 'succeeded' } } }, hook: { started: 1, answers: { include: [503, 200] } } },
	},
	{
		name: 'Wait callback: a huge body and bodies that are not JSON: refused, the genuine callback resumes',
		act: callbackChain({
			deliver: forgedThenGenuine(
				() => ({ body: HUGE }),
				() => ({ body: 'done', contentType: 'text/plain' }),
				() => ({ body: '{"taskId":', contentType: 'application/json' }),
			),
		}),
		expect: { stages: { [RESUMED]: { json: { waitResult: 'succeeded' } } }, hook: { started: 1, answers: { include: [400, 422, 200] } } },
	},
	{
		name: 'Wait callback: RunningHub unreadable during the callback (503): 503, the retried callback resumes',
		// The first run reads the task once; the callback's two attempts then fail.
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 503 }, 2, { skip: 1 }),
		act: callbackChain({ items: 1 }),
		expect: { stages: { [RESUMED]: { json: { waitResult: 'succeeded' } } }, hook: { started: 1, answers: { include: [503, 200] } } },
	},
];

export const WEBHOOKS: Scenario[] = [...trigger, ...callback];
