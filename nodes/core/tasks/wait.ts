import type { RunningHubClient } from '../api/client';
import { deadlineAfter } from '../api/retry';
import { createLimiter } from '../run/limit';
import type { TaskResult } from './task';
import { isTerminal } from './task';
import { endedAtDeadline } from '../api/transport';

/**
 * When to poll a task: the first poll 2 s after the wait starts (or the task's submit, when the
 * waiting node knows it: firstPollAt), then intervals that
 * grow with the time already waited (a fixed share of it), within a floor and a cap. A short job
 * is seen within about a second; a long one costs few requests, since its lateness may grow with
 * its length. The README's "Waiting: polls and lateness" says what it costs and why no schedule
 * keeps every job length within 15% lateness with that few polls.
 */
export interface PollSchedule {
	/** The first poll, this long after the wait started. */
	firstPollMs: number;
	minIntervalMs: number;
	maxIntervalMs: number;
	/** Interval as a fraction of the time waited so far, until `steadyAfterMs`. */
	ratio: number;
	/** From this time waited on, the interval is `steadyRatio` of it. */
	steadyAfterMs: number;
	steadyRatio: number;
}

/**
 * Jobs of 2, 10, 60 and 600 s take 1, 6, 12 and 23 polls (the last with a 60 s cap; a 15 s cap
 * gives 47) and are seen 0, 0.8, 5.1 and 36 s after they end (test/core/poll-schedule.test.mts).
 * The first poll at 2 s: a job of a second is seen one second late at most, and a batch of short
 * tasks costs about one poll each (a slot is freed as soon as its task ends).
 */
export const DEFAULT_POLL_SCHEDULE: PollSchedule = {
	firstPollMs: 2_000,
	minIntervalMs: 800,
	maxIntervalMs: 60_000,
	ratio: 0.4,
	steadyAfterMs: 10_000,
	steadyRatio: 0.35,
};

/** Max Poll Interval when the option is not set: 60 s from node version 2, 15 s before (as saved). */
export const maxPollIntervalSecondsDefault = (version: number) => (version >= 2 ? 60 : 15);

/** Max Wait bounds of both waiting nodes: 7 days at most (longer is surely a unit mistake). */
export const MAX_WAIT_SECONDS = { min: 1, max: 7 * 24 * 3600 };
/** Max Poll Interval bounds, as the editor offers them. */
export const POLL_INTERVAL_SECONDS = { min: 1, max: 300 };

/** How late (timer slack) the last round at the deadline may start and still read. */
const FINAL_ROUND_SLACK_MS = 1_000;

/** The delay before the next poll, `elapsedMs` after the wait started (0: the first poll). */
export function nextPollDelay(elapsedMs: number, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
	if (elapsedMs <= 0) return Math.min(schedule.maxIntervalMs, schedule.firstPollMs);
	const ratio = elapsedMs < schedule.steadyAfterMs ? schedule.ratio : schedule.steadyRatio;
	return Math.round(Math.min(schedule.maxIntervalMs, Math.max(schedule.minIntervalMs, elapsedMs * ratio)));
}

/**
 * The first poll of a wait that joins a task's schedule at `now`, the schedule counting from
 * `origin` (when the task was submitted): the schedule's next point after `now`, as if the wait
 * had started with the task. So Wait for Task, started a while after the submit, polls exactly
 * when a wait started with the task would have (minus the polls before it joined), and a short
 * job is seen as it ends, not a first interval after the node started. With `origin` = `now` (or
 * later: another worker's clock) this is the schedule's own first poll.
 */
export function firstPollAt(origin: number, now: number, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
	const start = Math.min(origin, now);
	let at = start + nextPollDelay(0, schedule);
	const cap = Math.max(1, Math.round(schedule.maxIntervalMs));
	while (at <= now) {
		const delay = Math.max(1, nextPollDelay(at - start, schedule));
		// At the cap (rounded as nextPollDelay rounds it: a fractional Max Poll Interval never
		// equals its rounded delay) the interval stays the same: jump, so a task submitted days
		// ago, or a crafted submittedAt decades back, takes no loop.
		if (delay >= cap && at - start >= schedule.steadyAfterMs) return at + Math.ceil((now - at + 1) / delay) * delay;
		at += delay;
	}
	return at;
}

export interface WaitTarget {
	taskId: string;
	itemIndex: number;
	/** The latest known state (e.g. the submit answer); a finished task is not polled. */
	task?: TaskResult;
	/**
	 * When the task was submitted (transport clock), when known and earlier than the wait: its
	 * polls follow the schedule counted from then (see firstPollAt). Default: the wait's start.
	 */
	submittedAt?: number;
}

export interface WaitOutcome {
	taskId: string;
	itemIndex: number;
	/** The last task state seen (pending when the wait ended first). */
	task?: TaskResult;
	/** True when the wait's time limit passed before the task finished. */
	timedOut: boolean;
	/** True when the wait was told to stop (options.signal) before the task finished. */
	stopped?: boolean;
	/** Set when the task could not be read any more (the error is already user-facing). */
	error?: Error;
	/** When the wait timed out while reads kept failing (an outage): the last failure. */
	lastReadError?: Error;
	polls: number;
}

export interface WaitOptions {
	maxWaitMs: number;
	/**
	 * The wait's one deadline (transport clock, ms): polls and their retries end by it. Defaults
	 * to now + maxWaitMs; a caller that already spent part of Max Wait (a first read) passes it.
	 */
	deadline?: number;
	schedule?: PollSchedule;
	/** Called as each task finishes, e.g. to start its download while others still run. */
	onFinished?: (outcome: WaitOutcome) => Promise<void> | void;
	/** Ends the wait early (Stop, or a failing batch): unfinished tasks come back `stopped`. */
	signal?: AbortSignal;
	/** Bounds the polls in flight at once; share one across waits to bound a whole batch. */
	limit?: Limiter;
}

export type Limiter = ReturnType<typeof createLimiter>;

/** Polls in flight at once when the caller gives no limiter: many tasks due together go out a few at a time. */
export const POLL_CONCURRENCY = 5;

/**
 * Polls in flight at once for a batch of `concurrency` tasks running together: half of them, and
 * never fewer than POLL_CONCURRENCY. Each running task is polled at most every 0.8 s (the
 * schedule's floor), so keeping up takes about concurrency × request time / 0.8 s in flight: a
 * fixed 5 falls behind at concurrency 50 once a request takes 80 ms, and the tasks that finished
 * wait in the poll queue instead of freeing their slots. Half the concurrency keeps up with
 * requests up to 0.4 s and still spreads a wave of polls due together over two request times.
 */
export function pollConcurrencyFor(concurrency: number): number {
	return Math.max(POLL_CONCURRENCY, Math.ceil((Number.isFinite(concurrency) ? concurrency : 0) / 2));
}

/**
 * Waits for many tasks at once: one loop, each task polled on its own backoff schedule. Max Wait
 * is one deadline for all of it: a poll that keeps failing (429, 5xx, network outage) is retried
 * until the deadline, and no poll starts after it (the last one may take one request timeout).
 */
export async function waitForTasks(
	client: RunningHubClient,
	targets: WaitTarget[],
	options: WaitOptions,
): Promise<WaitOutcome[]> {
	const transport = client.transport;
	const started = transport.now();
	const deadline = options.deadline ?? deadlineAfter(started, options.maxWaitMs);
	const schedule = options.schedule ?? DEFAULT_POLL_SCHEDULE;
	const limit = options.limit ?? createLimiter(POLL_CONCURRENCY);
	const outcomes = targets.map<WaitOutcome & { origin: number; nextPollAt: number; done: boolean; lastReadAt?: number }>((t) => {
		const origin = Number.isFinite(t.submittedAt) ? Math.min(started, t.submittedAt as number) : started;
		return {
			taskId: t.taskId,
			itemIndex: t.itemIndex,
			task: t.task,
			timedOut: false,
			polls: 0,
			done: Boolean(t.task && isTerminal(t.task.state)),
			origin,
			nextPollAt: firstPollAt(origin, started, schedule),
		};
	});
	const finish = async (o: (typeof outcomes)[number]) => {
		o.done = true;
		await options.onFinished?.(o);
	};
	for (const o of outcomes.filter((x) => x.done)) await options.onFinished?.(o);

	let finalRound = false;
	while (outcomes.some((o) => !o.done)) {
		const pending = outcomes.filter((o) => !o.done);
		const next = Math.min(...pending.map((o) => o.nextPollAt));
		if (next >= deadline) {
			if (finalRound) break;
			finalRound = true;
		}
		if (!(await sleepUnlessStopped(client, Math.min(next, deadline) - transport.now(), options.signal))) break;
		const now = transport.now();
		// The last round reads, at the deadline, each task not read since: none starts later
		// (timer slack aside), so the wait ends by Max Wait plus one request's time.
		const due = finalRound
			? now - deadline < FINAL_ROUND_SLACK_MS
				? pending.filter((o) => (o.lastReadAt ?? -Infinity) < deadline)
				: []
			: pending.filter((o) => o.nextPollAt <= now);
		await Promise.all(
			due.map(async (o) => {
				let sentAt = transport.now();
				const read = await limit(async () => {
					if (options.signal?.aborted) return undefined;
					o.polls++;
					sentAt = transport.now();
					return await client.query(o.taskId, o.itemIndex, { deadline }).then(
						(task) => ({ task }),
						(error: Error) => ({ error }),
					);
				});
				if (read) o.lastReadAt = transport.now();
				if (read && 'task' in read) o.task = read.task;
				// Stopped meanwhile: what was read is the last known state; a read cut short is no failure.
				if (!read || options.signal?.aborted) return;
				if ('error' in read) {
					if (endedAtDeadline(read.error)) {
						// Reads kept failing until the deadline left no time to retry: the task is
						// not known to have failed; one last read comes at the deadline.
						o.lastReadError = read.error;
						o.nextPollAt = deadline;
						return;
					}
					o.error = read.error;
					await finish(o);
					return;
				}
				o.lastReadError = undefined;
				if (isTerminal(read.task.state)) await finish(o);
				// Timed from when the poll was sent, so slow answers do not push the schedule back;
				// after an answer slower than the interval, still a pause before the next poll, so a
				// slow API is not read back to back.
				else o.nextPollAt = Math.max(transport.now() + schedule.minIntervalMs / 2, sentAt + nextPollDelay(sentAt - o.origin, schedule));
			}),
		);
		if (finalRound || options.signal?.aborted) break;
	}
	const stopped = Boolean(options.signal?.aborted);
	for (const o of outcomes) {
		if (o.done) continue;
		if (stopped) o.stopped = true;
		else o.timedOut = true;
	}
	return outcomes.map((o) => ({
		taskId: o.taskId,
		itemIndex: o.itemIndex,
		task: o.task,
		timedOut: o.timedOut,
		...(o.stopped ? { stopped: true } : {}),
		error: o.error,
		...(o.timedOut && o.lastReadError ? { lastReadError: o.lastReadError } : {}),
		polls: o.polls,
	}));
}

/**
 * Sleeps; false when the signal stopped the wait. Each sleep gets its own short-lived signal, so
 * the long-lived one does not collect a listener per poll (n8n's sleepWithAbort never removes its).
 */
async function sleepUnlessStopped(client: RunningHubClient, ms: number, signal: AbortSignal | undefined): Promise<boolean> {
	if (!signal) {
		await client.transport.sleep(ms);
		return true;
	}
	if (signal.aborted) return false;
	// Woken by either signal: the wait's own, and the execution's (Stop) as before.
	const sources = [signal, client.transport.signal].filter((s): s is AbortSignal => Boolean(s));
	const one = new AbortController();
	const abort = () => one.abort();
	for (const s of sources) s.addEventListener('abort', abort, { once: true });
	// Only the execution's Stop (when the wait's own signal did not fire) rejects, as before.
	const slept = await client.transport.sleep(ms, one.signal).then(
		() => undefined,
		(error: unknown) => error,
	);
	for (const s of sources) s.removeEventListener('abort', abort);
	if (signal.aborted) return false;
	if (slept !== undefined) throw slept;
	return true;
}
