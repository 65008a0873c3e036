/**
 * Answers that look like something they are not:
 * - a "task not found" answer in the live shape (FAILED / 1004 without a taskId) is no task
 *   status: a task the v2 query does not know is read through v1, and a forged delivery for a
 *   task this key does not own is ignored by the Trigger, not started as a failed task;
 * - a submit answered with a code that is not a certain refusal (a gateway's own code, an
 *   unknown code, 1000, 1010) is sent once and its error says the task may exist;
 * - 1010 on polls is still retried, and so is a gateway's own code on a 5xx;
 * - an envelope whose code is null is no success;
 * - a Retry-After longer than what is left of Max Wait still gets one last poll by the deadline;
 * - a task created through the v1 AI-app run is logged like every other (invariant 7).
 */
import { fault, taskItems } from '../harness.mts';
import { PATH, rh, submitDirect, taskEnd, triggerChain, tts, workflowParams, type Scenario } from '../flows.mts';
import type { Outcome } from '../invariants.mts';
import type { Simulator } from '../harness.mts';

const OK: Outcome = {};
const UNCONFIRMED: Outcome = {
	error: /did not confirm the submit to \/openapi\/v2\/kling-lip-sync\/tts .*unknown whether the task was created/,
	fix: /may have been created, and RunningHub bills it.*did not send it again.*check Account → Get/s,
	taskIdUnknown: true,
};
const FORGED_ID = '1999999999999999993';
const LIVE_NOT_FOUND = { variants: { queryUnknownShape: 'failedLive' as const } };

const sent = (sim: Simulator, path: string) => sim.control.requests({ path }).length;
const exactly = (what: string, n: number, expected: number) => {
	if (n !== expected) throw new Error(`${what}: ${n}, ${expected} expected`);
};

const notFound: Scenario[] = [
	{
		name: 'the v2 query answers FAILED/1004 (live shape) for a task created through v1: read through v1 outputs, results come back',
		setup: (sim) => {
			sim.control.configure({ variants: { queryUnknownShape: 'failedLive', v2QueryMissesV1Created: true } });
			fault(sim, PATH.workflowV2, { type: 'businessError', code: '1001' }, -1);
		},
		act: rh(workflowParams()),
		expect: { items: { json: { state: 'succeeded' } }, submits: 1 },
	},
	{
		name: 'Task → Get of an unknown task, answered FAILED/1004 (live shape): not found, never "failed"',
		setup: (sim) => void sim.control.configure(LIVE_NOT_FOUND),
		act: rh({ resource: 'task', operation: 'get', options: {} }, { input: taskItems([FORGED_ID]) }),
		expect: { items: { error: /not found/, code: '1004' } },
	},
	{
		name: 'Trigger: forged task ID, the query answers FAILED/1004 (live shape): acknowledged, ignored, no failed execution',
		setup: (sim) => void sim.control.configure(LIVE_NOT_FOUND),
		act: triggerChain({
			deliver: async (sim, c) => {
				await sim.control.deliver({ url: c.url, body: JSON.stringify(taskEnd(FORGED_ID)), headers: { 'content-type': 'application/json' } });
				for (const id of c.taskIds) sim.control.completeTask(id);
			},
		}),
		expect: { hook: { started: 2, answers: { only: [200] } } },
	},
];

const submits: Scenario[] = [
	...[
		{ what: 'a gateway\'s {"code":504} on HTTP 504', status: 504, body: { code: 504 } },
		{ what: '{"code":"SERVICE_UNAVAILABLE"} on HTTP 503', status: 503, body: { code: 'SERVICE_UNAVAILABLE' } },
		{ what: 'v2 code 1000 on HTTP 500', status: 500, body: { taskId: '', status: '', errorCode: '1000', errorMessage: 'unknown error' } },
		{ what: 'v2 code 1010 on HTTP 503', status: 503, body: { taskId: '', status: '', errorCode: '1010', errorMessage: 'service unavailable' } },
	].map(
		(c): Scenario => ({
			name: `${c.what} on every submit: each item sent once, says the task may exist`,
			setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'http', status: c.status, body: c.body }, -1),
			act: tts(2),
			expect: { items: UNCONFIRMED, submits: 0, more: (_s, sim) => exactly('submit requests', sent(sim, PATH.ttsSubmit), 2) },
		}),
	),
	{
		name: 'a gateway\'s {"code":504} on HTTP 504 on the first two polls: retried like any 5xx, results come back',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 504, body: { code: 504 } }, 2),
		act: tts(1),
		expect: { items: OK, submits: 1 },
	},
	{
		name: 'code 1010 on the first two polls: retried, results come back',
		setup: (sim) => fault(sim, PATH.query, { type: 'businessError', code: '1010' }, 2),
		act: tts(1),
		expect: { items: OK, submits: 1 },
	},
];

const logged: Scenario[] = [
	{
		name: 'AI App → Run where the v2 run endpoint is missing (1001): the v1 run\'s task is followed and logged (invariant 7)',
		setup: (sim) => fault(sim, '^/openapi/v2/run/ai-app/', { type: 'businessError', code: '1001' }, -1),
		act: rh({ resource: 'aiApp', operation: 'run', webappId: '1960000000000000001', appInputs: {}, waitForCompletion: true, submitOptions: { concurrency: 1 } }, { items: 2 }),
		expect: { items: { json: { state: 'succeeded' } }, submits: 2, more: (_s, sim) => exactly('v1 AI-app runs', sent(sim, '/task/openapi/ai-app/run'), 2) },
	},
];

const envelopes: Scenario[] = [
	{
		name: 'Task → Cancel answered {"code":null,"msg":"boom"}: no success, a clear error naming the task',
		setup: (sim) => void sim.control.addFault({ path: '/task/openapi/cancel', times: -1, fault: { type: 'http', status: 200, body: { code: null, msg: 'boom', data: null } } }),
		act: async (sim) => {
			const ids = await submitDirect(sim, 1, { durationMs: -1 });
			return await rh({ resource: 'task', operation: 'cancel' }, { input: taskItems(ids) })(sim);
		},
		expect: { items: { error: /without a result code/ } },
	},
];

const deadlines: Scenario[] = [
	{
		name: '429 with Retry-After 3600 on polls, Max Wait 1 s: one last poll by the deadline, then timed out with the task ID',
		setup: (sim) => fault(sim, PATH.query, { type: 'http', status: 429, retryAfter: 3600 }, -1),
		act: tts(1, { maxWaitSeconds: 1 }),
		expect: { items: { json: { timedOut: true } }, submits: 1, more: (_s, sim) => exactly('poll requests', sent(sim, PATH.query), 2) },
	},
];

export const ANSWERS: Scenario[] = [...notFound, ...submits, ...logged, ...envelopes, ...deadlines];
