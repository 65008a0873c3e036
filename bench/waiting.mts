// Benchmark 2, waiting cost: jobs of a few lengths, each waited for in several ways, side by side.
// Per job: status requests (from the simulator's log) and the delay from the job ending
// (simulator task endedAt) to the workflow continuing (the start of the node after the wait).
//   node-poll  the RunningHub node (Text to Speech, Wait for Completion)
//   wait-poll  Text to Speech without waiting → RunningHub Wait for Task, Poll
//   callback   Text to Speech with the resume URL → Wait for Task, Resume on Callback (parked)
//   (b)        fixed-interval polling, one job, direct client
import { DEFAULT_POLL_SCHEDULE, nextPollDelay } from '../nodes/core/tasks/wait';
import type { BenchContext, ChainStep, Requirement } from './lib/host.mjs';
import { allowedLatenessMs, waitingFigure } from './targets.mjs';
import { mean, secs } from './lib/report.mjs';
import { TTS, pollOneAtATime, statusRequests, taggedText, taskTimes, watchDurations } from './lib/sim.mjs';

export interface WaitingOptions {
	durationsMs: number[];
	runsPerCell: number;
	/** Rounds for jobs of 5 min and more (they run in real time). */
	longRunsPerCell?: number;
	/** Strategy (b)'s fixed poll interval. */
	pollMs: number;
}

type Mode = 'node-poll' | 'wait-poll' | 'callback' | 'b';
const BENCH = 'waiting';
const TITLES: Record<Mode, string> = {
	'node-poll': 'RunningHub node, Wait for Completion (poll)',
	'wait-poll': 'Wait for Task, Poll',
	callback: 'Wait for Task, Resume on Callback',
	b: '(b) fixed poll',
};
const REQUIRES: Record<Mode, Requirement[]> = {
	'node-poll': [{ resource: 'audio', operation: 'textToSpeech' }],
	'wait-poll': [{ resource: 'audio', operation: 'textToSpeech' }, { node: 'runningHubWaitForTask' }],
	callback: [{ resource: 'audio', operation: 'textToSpeech', parameter: 'submitOptions' }, { node: 'runningHubWaitForTask' }],
	b: [],
};

/** One waited-for job as the host reports it. */
interface Waited {
	taskId: string;
	/** When the workflow (or client) continued. */
	continuedAt: number;
	/** Wait for Task in callback mode: `callback` when a callback resumed the parked execution. */
	resumedBy?: string;
}

interface Sample extends Waited {
	createdAt: number;
	startedAt: number;
	endedAt: number;
	delayMs: number;
	/** Times of the status requests made for the task. */
	requests: number[];
}

/** The delay a job's end may have before the workflow continues: max(1 s, 15% of the job). */
export const allowedDelay = allowedLatenessMs;

/** Polls the node's schedule makes for a job of `jobMs` (no latency) and when it notices the end. */
export function schedulePolls(jobMs: number, delay: (elapsedMs: number) => number = (e) => nextPollDelay(e, DEFAULT_POLL_SCHEDULE)) {
	let t = delay(0);
	let polls = 1;
	let previous = 0;
	while (t < jobMs) {
		previous = t;
		t += delay(t);
		polls++;
	}
	return { polls, noticedAfterMs: t - jobMs, intervalMs: t - previous };
}

// Version-2 nodes: the schedule measured is the one new workflows get (Max Poll Interval 60 s when
// not set; version 1 keeps its 15 s cap, which takes about twice the polls for a 600 s job).
const V2 = 2;

const speech = (jobMs: number, label: string, wait: boolean, options: Record<string, unknown> = {}): ChainStep => ({
	name: 'Speech',
	node: 'runningHub',
	typeVersion: V2,
	parameters: { resource: 'audio', operation: 'textToSpeech', text: taggedText(jobMs, label), voiceSpeed: 1, waitForCompletion: wait, submitOptions: options },
});

function chain(mode: Exclude<Mode, 'b'>, jobMs: number, label: string): ChainStep[] {
	if (mode === 'node-poll') return [speech(jobMs, label, true)];
	if (mode === 'wait-poll') {
		return [
			speech(jobMs, label, false),
			{ name: 'Wait', node: 'runningHubWaitForTask', typeVersion: V2, outputs: 3, parameters: { mode: 'poll', taskId: '={{ $json.taskId }}', maxWaitSeconds: Math.ceil(jobMs / 1000) * 3 + 60, options: {} } },
		];
	}
	return [
		speech(jobMs, label, false, { callbackToResumeUrl: true }),
		// Version 1: its items say what resumed them (resumedBy), which version 2's task shape leaves out.
		{ name: 'Wait', node: 'runningHubWaitForTask', typeVersion: 1, parameters: { mode: 'callback', taskId: '={{ $json.taskId }}', timeLimitMinutes: 10, resumeWhen: 'allFinished', options: {} } },
	];
}

async function runOne(ctx: BenchContext, mode: Mode, jobMs: number, label: string, pollMs: number): Promise<Waited> {
	if (mode === 'b') {
		const { jobs } = await pollOneAtATime({
			baseUrl: ctx.sim.url,
			key: ctx.sim.keys.aiShared,
			endpoint: TTS,
			jobs: 1,
			pollMs,
			body: () => ({ text: taggedText(jobMs, label), voiceId: 'genshin_vindi2', voiceLanguage: 'zh', voiceSpeed: 1 }),
		});
		return { taskId: jobs[0].taskId, continuedAt: jobs[0].doneAt };
	}
	const result = await ctx.host.runChain(chain(mode, jobMs, label), { items: [{}] }, { timeoutMs: jobMs * 3 + 120_000 });
	const taskId = String(result.steps.Speech?.items[0]?.json.taskId ?? '');
	if (result.status !== 'success' || !taskId) throw new Error(`${label}: execution ${result.status}${result.error ? `: ${result.error}` : ''}`);
	return { taskId, continuedAt: result.continuedAt, resumedBy: result.steps.Wait?.items[0]?.json.resumedBy as string | undefined };
}

export async function waiting(ctx: BenchContext, o: WaitingOptions): Promise<void> {
	const { sim, report, host, log } = ctx;
	await sim.control.reset();
	// Tasks run "forever" until the watcher gives them their tagged running time.
	sim.control.configure({ concurrencyLimit: 1000, endpointDurations: { [TTS]: 3_600_000 } });
	const stopWatching = watchDurations(sim);
	const modes = (['node-poll', 'wait-poll', 'callback', 'b'] as Mode[]).filter((mode) => {
		const missing = REQUIRES[mode].map((r) => host.missing(r)).find(Boolean);
		if (missing) for (const ms of o.durationsMs) report.pending(BENCH, `job ${secs(ms, 0)}: ${TITLES[mode]}`, missing);
		return !missing;
	});
	log(`waiting: ${modes.join(', ')} × jobs of ${o.durationsMs.map((ms) => secs(ms, 0)).join(', ')}, ${o.runsPerCell} rounds`);
	const cells = modes.flatMap((mode) => o.durationsMs.map((jobMs) => ({ mode, jobMs, jobs: [] as Waited[] })));
	try {
		// Every cell at once, round after round: enough parallel work to finish in minutes, not so
		// much that n8n's own lag (busy event loop) dominates the delays measured.
		for (let k = 1; k <= o.runsPerCell; k++) {
			const inRound = cells.filter((c) => c.jobMs < 300_000 || k <= (o.longRunsPerCell ?? o.runsPerCell));
			const round = await Promise.all(inRound.map(({ mode, jobMs }) => runOne(ctx, mode, jobMs, `${mode} ${jobMs} ms #${k}`, o.pollMs)));
			round.forEach((job, i) => inRound[i].jobs.push(job));
		}
	} finally {
		stopWatching();
	}
	const waited = cells;
	const requests = statusRequests(sim);
	const runs = waited.map(({ mode, jobMs, jobs }) => ({
		mode,
		jobMs,
		samples: jobs.map((job): Sample => {
			const { createdAt, startedAt, endedAt } = taskTimes(sim, job.taskId);
			return { ...job, createdAt, startedAt, endedAt, delayMs: job.continuedAt - endedAt, requests: requests.get(job.taskId) ?? [] };
		}),
	}));

	for (const run of runs) {
		for (const sample of run.samples) {
			const what = `${TITLES[run.mode]}, job ${secs(run.jobMs, 0)}, task ${sample.taskId}`;
			// The same clock on both sides: the workflow cannot continue before the job ended.
			report.expect(BENCH, Number.isFinite(sample.delayMs) && sample.delayMs >= -50 && sample.delayMs < run.jobMs + 60_000, `${what}: delay ${sample.delayMs} ms`);
			if (run.mode !== 'callback') report.expect(BENCH, sample.requests.length >= 1, `${what}: no status request was logged`);
			else report.expect(BENCH, sample.resumedBy === 'callback', `${what}: resumed by ${String(sample.resumedBy)}, not the callback`);
		}
	}

	const bRequests = new Map(runs.filter((r) => r.mode === 'b').map((r) => [r.jobMs, mean(r.samples.map((s) => s.requests.length))]));
	for (const run of runs) {
		const reqs = mean(run.samples.map((s) => s.requests.length));
		const delays = run.samples.map((s) => s.delayMs);
		const worst = Math.max(...delays);
		const allowed = allowedDelay(run.jobMs);
		const data = { jobMs: run.jobMs, mode: run.mode, samples: run.samples.map((x) => ({
				taskId: x.taskId,
				delayMs: x.delayMs,
				requests: x.requests.length,
				resumedBy: x.resumedBy,
				// Times relative to the task's start: when it was created and ended, each status request.
				createdMs: x.createdAt - x.startedAt,
				endedMs: x.endedAt - x.startedAt,
				requestMs: x.requests.map((t) => t - x.startedAt),
			})),
		};
		const delayText = `delay ${secs(mean(delays), 2)} (max ${secs(worst, 2)})`;
		const scenario = `job ${secs(run.jobMs, 0)}: ${TITLES[run.mode]}${run.mode === 'b' ? ` every ${secs(o.pollMs, 0)}` : ''}`;
		if (run.mode === 'b') {
			report.info(BENCH, scenario, `${reqs.toFixed(1)} status req/job, ${delayText}`, data);
			continue;
		}
		if (run.mode === 'callback') {
			// The first read happens as the node parks; any other read before the job ended is a poll.
			const parkedPolls = Math.max(...run.samples.map((s) => Math.max(0, s.requests.filter((t) => t < s.endedAt).length - 1)));
			const parked = run.samples.filter((s) => s.resumedBy === 'callback').length;
			report.check(
				BENCH,
				scenario,
				`${parkedPolls} polls while parked (${parked}/${run.samples.length} resumed by callback), ${reqs.toFixed(1)} reads/job, ${delayText}`,
				`0 polls, delay ≤ ${secs(allowed, 1)}`,
				parkedPolls === 0 && worst <= allowed,
				data,
			);
			continue;
		}
		// The targets' figures (bench/targets.mts): the worst job of the cell. Polls are the
		// repeated reads: Wait for Task's first read (it must learn each task's state, which may
		// be long finished) is not one, as the submit's answer is not one for the RunningHub node.
		// The delay is measured to the next node's start, so it also holds n8n's own step time.
		const firstRead = run.mode === 'wait-poll' ? 1 : 0;
		report.figure(BENCH, waitingFigure(run.mode, run.jobMs, 'polls'), Math.max(...run.samples.map((s) => s.requests.length - firstRead)));
		report.figure(BENCH, waitingFigure(run.mode, run.jobMs, 'lateness ms'), worst);
		const baseline = bRequests.get(run.jobMs);
		const fewer = run.jobMs > 10_000 && baseline !== undefined;
		report.check(
			BENCH,
			scenario,
			`${reqs.toFixed(1)} status req/job, ${delayText}`,
			`delay ≤ ${secs(allowed, 1)}${fewer ? `, req < (b) ${baseline?.toFixed(1)}` : ''}`,
			worst <= allowed && (!fewer || reqs < (baseline ?? Infinity)),
			data,
		);
	}
	// A poll schedule keeps every job length within the delay target only if its interval at
	// elapsed time t is at most max(1 s, 10% of t); the fewest polls any such schedule makes up to
	// a job's end is therefore the count of that very schedule (the node's default one).
	const fewest = (jobMs: number) => schedulePolls(jobMs, (elapsed) => allowedDelay(elapsed)).polls;
	for (const jobMs of o.durationsMs) {
		const node = schedulePolls(jobMs);
		const b = schedulePolls(jobMs, () => o.pollMs);
		report.info(
			BENCH,
			`job ${secs(jobMs, 0)}: poll schedules computed (no latency)`,
			`node ${node.polls} polls, worst delay near ${secs(jobMs, 0)} ${secs(node.intervalMs)}; (b) ${b.polls} polls, worst ${secs(o.pollMs, 0)}; fewest possible within the delay target ${fewest(jobMs)}`,
			{ jobMs, node, b, fewestWithinDelayTarget: fewest(jobMs), schedule: DEFAULT_POLL_SCHEDULE },
		);
	}
}
