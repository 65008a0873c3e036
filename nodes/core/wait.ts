import type { RunningHubClient } from './client';
import { deadlineAfter } from './retry';
import type { TaskResult } from './tasks';
import { isTerminal } from './tasks';
import { endedAtDeadline } from './transport';

/**
 * Poll intervals grow with the time already waited: short jobs are noticed within about a
 * second, long jobs cost few requests (the interval is a fraction of the elapsed time).
 */
export interface PollSchedule {
	minIntervalMs: number;
	maxIntervalMs: number;
	/** Interval as a fraction of the time waited so far. */
	ratio: number;
}

export const DEFAULT_POLL_SCHEDULE: PollSchedule = { minIntervalMs: 1_000, maxIntervalMs: 15_000, ratio: 0.1 };

/** Max Wait bounds of both waiting nodes: 7 days at most (longer is surely a unit mistake). */
export const MAX_WAIT_SECONDS = { min: 1, max: 7 * 24 * 3600 };
/** Max Poll Interval bounds, as the editor offers them. */
export const POLL_INTERVAL_SECONDS = { min: 1, max: 300 };

/** How late (timer slack) the last round at the deadline may start and still read. */
const FINAL_ROUND_SLACK_MS = 1_000;

export function nextPollDelay(elapsedMs: number, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
	return Math.round(Math.min(schedule.maxIntervalMs, Math.max(schedule.minIntervalMs, elapsedMs * schedule.ratio)));
}

export interface WaitTarget {
	taskId: string;
	itemIndex: number;
	/** The latest known state (e.g. the submit answer); a finished task is not polled. */
	task?: TaskResult;
}

export interface WaitOutcome {
	taskId: string;
	itemIndex: number;
	/** The last task state seen (pending when the wait ended first). */
	task?: TaskResult;
	/** True when the wait's time limit passed before the task finished. */
	timedOut: boolean;
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
	const outcomes = targets.map<WaitOutcome & { nextPollAt: number; done: boolean; lastReadAt?: number }>((t) => ({
		taskId: t.taskId,
		itemIndex: t.itemIndex,
		task: t.task,
		timedOut: false,
		polls: 0,
		done: Boolean(t.task && isTerminal(t.task.state)),
		nextPollAt: started + nextPollDelay(0, schedule),
	}));
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
		await transport.sleep(Math.min(next, deadline) - transport.now());
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
				o.polls++;
				try {
					o.task = await client.query(o.taskId, o.itemIndex, { deadline });
					o.lastReadError = undefined;
				} catch (error) {
					o.lastReadAt = transport.now();
					if (endedAtDeadline(error)) {
						// Reads kept failing until the deadline left no time to retry: the task is
						// not known to have failed; one last read comes at the deadline.
						o.lastReadError = error as Error;
						o.nextPollAt = deadline;
						return;
					}
					o.error = error as Error;
					await finish(o);
					return;
				}
				o.lastReadAt = transport.now();
				if (isTerminal(o.task.state)) await finish(o);
				else o.nextPollAt = transport.now() + nextPollDelay(transport.now() - started, schedule);
			}),
		);
		if (finalRound) break;
	}
	for (const o of outcomes) if (!o.done) o.timedOut = true;
	return outcomes.map((o) => ({
		taskId: o.taskId,
		itemIndex: o.itemIndex,
		task: o.task,
		timedOut: o.timedOut,
		error: o.error,
		...(o.timedOut && o.lastReadError ? { lastReadError: o.lastReadError } : {}),
		polls: o.polls,
	}));
}
