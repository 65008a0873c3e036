/**
 * Paid work in a batch: an item that fails the node (continue on fail off) stops the batch (no
 * new submit, running tasks cancelled, every task named in the error); Stop mid-wait and Max
 * Wait set to cancel cancel what they abandon and keep the task IDs; polls and cancels that fall
 * due together go out a few at a time (measured at the simulator: requests in flight at once).
 */
import { eventually, markedItem, taskItems, type ItemsRun, type Simulator } from '../harness.mts';
import { PATH, rh, submitDirect, ttsParams, waitPoll, type Act, type Scenario } from '../flows.mts';

const FAILED = { errorCode: '1015', errorMessage: 'Generation failed: the model crashed' };
const forever = (sim: Simulator) => void sim.control.configure({ taskDurationMs: -1 });
/** Polls and cancels at once, at most (nodes/core/tasks/wait.ts POLL_CONCURRENCY, run/cancel.ts CANCEL_CONCURRENCY). */
const PARALLEL = 5;

/** The task the simulator holds for an item (by the marker in its body), once it exists. */
const taskOf = (sim: Simulator, item: number) => eventually(() => sim.control.tasks().find((t) => markedItem(t.body) === item), `the task of item ${item}`);

/** Runs the act while `meanwhile` acts on the simulator. */
const during =
	(act: Act, meanwhile: (sim: Simulator) => Promise<void>): Act =>
	async (sim) => {
		const [stages] = await Promise.all([act(sim), meanwhile(sim)]);
		return stages;
	};

/** Runs the RunningHub node and presses Stop once `running` of its tasks run. */
const stopWhenRunning =
	(running: number, parameters: Record<string, unknown>, o: { items: number; continueOnFail?: boolean }): Act =>
	async (sim) => {
		const abort = new AbortController();
		const stop = eventually(() => sim.control.tasks().filter((t) => t.status === 'RUNNING').length >= running || undefined, `${running} running tasks`).then(() => abort.abort());
		const stages = await rh(parameters, { ...o, abortSignal: abort.signal })(sim);
		await stop;
		return stages;
	};

/** The most requests to `path` the simulator was answering at the same moment. */
function maxInFlight(sim: Simulator, path: string): number {
	const events = sim.control
		.requests({ path })
		.flatMap((r) => [
			{ at: Date.parse(r.time), delta: 1 },
			{ at: Date.parse(r.time) + r.durationMs, delta: -1 },
		])
		.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let now = 0;
	let max = 0;
	for (const e of events) max = Math.max(max, (now += e.delta));
	return max;
}

function assertParallel(sim: Simulator, path: string, what: string): void {
	const max = maxInFlight(sim, path);
	if (max > PARALLEL) throw new Error(`${what}: ${max} requests to ${path} were in flight at once (at most ${PARALLEL})`);
	if (max < 2) throw new Error(`${what}: never more than ${max} request to ${path} in flight: the measure saw no parallelism at all`);
}

function assertAllCancelled(sim: Simulator, except: number[] = []): void {
	const left = sim.control.tasks().filter((t) => !except.includes(markedItem(t.body) ?? -1) && t.status !== 'CANCEL');
	if (left.length) throw new Error(`task(s) left ${left.map((t) => `${t.id} ${t.status}`).join(', ')}: the node should have cancelled them`);
}

/** The thrown error names every task of the run (its context lists them all). */
function assertErrorNamesAll(stages: Parameters<NonNullable<Scenario['expect']['more']>>[0], sim: Simulator): void {
	const run = stages[0] as ItemsRun;
	const listed = (run.thrown?.context?.tasks ?? []) as Array<{ taskId: string }>;
	const ids = sim.control.tasks().map((t) => t.id);
	const missing = ids.filter((id) => !listed.some((t) => t.taskId === id));
	if (missing.length) throw new Error(`the error's context does not list task(s) ${missing.join(', ')}`);
}

// Answers held back a little, so requests in flight overlap measurably (added directly: far below
// any timeout, they need no capped timeouts).
const slowPolls = (sim: Simulator) => void sim.control.addFault({ path: PATH.query, times: -1, fault: { type: 'delay', ms: 60 } });
const slowCancels = (sim: Simulator) => void sim.control.addFault({ path: '/task/openapi/cancel', times: -1, fault: { type: 'delay', ms: 60 } });

export const BATCH: Scenario[] = [
	{
		name: 'batch without Continue On Fail, first item FAILED (concurrency 1): nothing more is submitted, the error names the task',
		setup: (sim) => void sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', times: 1, fail: FAILED }),
		act: rh(ttsParams(), { items: 3, continueOnFail: false }),
		expect: {
			throws: { item: 0, error: /task failed: Generation failed: the model crashed/, fix: /This run created 1 task.*\n- item 0: task \d+ FAILED\.\n2 item\(s\) were not started/ },
			submits: 1,
		},
	},
	{
		name: 'batch without Continue On Fail, one item FAILED while the others run (concurrency 3): they are cancelled, every task named',
		setup: forever,
		act: during(rh(ttsParams({ concurrency: 3 }), { items: 3, continueOnFail: false }), async (sim) => {
			await Promise.all([1, 2].map((i) => taskOf(sim, i)));
			sim.control.failTask((await taskOf(sim, 0)).id, FAILED);
		}),
		expect: {
			throws: { item: 0, error: /task failed: Generation failed/, fix: /This run created 3 task\(s\)(.|\n)*CANCEL, cancelled by the node(.|\n)*CANCEL, cancelled by the node/ },
			submits: 3,
			more: (stages, sim) => {
				assertAllCancelled(sim, [0]);
				assertErrorNamesAll(stages, sim);
			},
		},
	},
	{
		name: 'Stop while the RunningHub node waits (continue on fail): every running task cancelled, error items keep their IDs',
		setup: forever,
		act: stopWhenRunning(3, ttsParams({ concurrency: 3 }), { items: 3, continueOnFail: true }),
		expect: {
			items: { error: /Stopped: the execution was stopped while this item was running/, fix: /cancelled by the node/, json: { status: 'CANCEL' } },
			submits: 3,
			more: (_stages, sim) => assertAllCancelled(sim),
		},
	},
	{
		name: 'Stop while the RunningHub node waits (continue on fail off): tasks cancelled, later items not started, the error names every task',
		setup: forever,
		act: stopWhenRunning(2, ttsParams({ concurrency: 2 }), { items: 4, continueOnFail: false }),
		expect: {
			throws: { item: 0, error: /Stopped: the execution was stopped while this item was running/, fix: /This run created 2 task\(s\)(.|\n)*2 item\(s\) were not started/ },
			submits: 2,
			more: (stages, sim) => {
				assertAllCancelled(sim);
				assertErrorNamesAll(stages, sim);
			},
		},
	},
	{
		name: 'Max Wait with On Timeout = Cancel Task and Fail: the tasks are cancelled, error items keep their IDs',
		setup: forever,
		act: rh(ttsParams({ maxWaitSeconds: 1, onTimeout: 'cancel', concurrency: 2 }), { items: 2 }),
		expect: {
			items: { error: /did not finish the task within Max Wait, so the node cancelled it/, fix: /is now CANCEL/, json: { status: 'CANCEL' } },
			submits: 2,
			more: (_stages, sim) => assertAllCancelled(sim),
		},
	},
	{
		name: 'RunningHub node batch of 10 (concurrency 10): polls due together go out at most 5 at a time',
		setup: (sim) => {
			sim.control.configure({ taskDurationMs: 600 });
			slowPolls(sim);
		},
		act: rh(ttsParams({ concurrency: 10 }), { items: 10 }),
		expect: { items: { json: { state: 'succeeded' } }, submits: 10, more: (_stages, sim) => assertParallel(sim, PATH.query, 'polls') },
	},
	{
		name: 'Wait for Task (Poll) with 20 task IDs cancelling at the limit: polls and cancels go out at most 5 at a time',
		setup: (sim) => {
			sim.control.configure({ concurrencyLimit: 20 });
			slowPolls(sim);
			slowCancels(sim);
		},
		act: waitPoll(async (sim) => taskItems(await submitDirect(sim, 20, { durationMs: -1 })), { maxWaitSeconds: 1, options: { cancelOnTimeLimit: true } }),
		expect: {
			items: { output: 1, json: { waitResult: 'failed', status: 'CANCEL', cancelledAtTimeLimit: true } },
			more: (_stages, sim) => {
				assertParallel(sim, PATH.query, 'polls');
				assertParallel(sim, '/task/openapi/cancel', 'cancels');
			},
		},
	},
];

