// The issue-19 targets, in one place: `npm run bench -- --check` compares each recorded figure
// (Report.figure) with its entry and exits non-zero when one is missed. The unit tests of the
// poll schedule read the waiting targets from here too.

export interface Target {
	benchmark: string;
	/** The figure's name, as the benchmark records it with Report.figure. */
	figure: string;
	/**
	 * The bound: figure ≤ limit, or with a reference, figure / reference ≤ limit (a ratio to a
	 * figure measured in the same run). `atLeast` turns it into a lower bound.
	 */
	limit: number;
	/** Another figure of the same benchmark, measured in the same run. */
	reference?: string;
	atLeast?: boolean;
	unit?: string;
}

/** Waiting (point 4): per job length, the most polls and the latest the result may be seen. */
export const POLL_TARGETS = [
	{ jobMs: 2_000, maxPolls: 3 },
	{ jobMs: 10_000, maxPolls: 6 },
	{ jobMs: 60_000, maxPolls: 12 },
	{ jobMs: 600_000, maxPolls: 25 },
];

/** The result is seen at most max(1 s, 15% of the job) after it was ready. */
export const allowedLatenessMs = (jobMs: number) => Math.max(1_000, 0.15 * jobMs);

/**
 * Polls allowed for any job length: a job up to a target's length takes at most that target's
 * polls (a longer job never takes fewer); beyond 600 s one more per minute (the 60 s cap on the
 * interval makes polling linear there).
 */
export function pollBound(jobMs: number): number {
	const last = POLL_TARGETS[POLL_TARGETS.length - 1];
	if (jobMs > last.jobMs) return last.maxPolls + Math.ceil((jobMs - last.jobMs) / 60_000);
	return (POLL_TARGETS.find((p) => p.jobMs >= jobMs) ?? last).maxPolls;
}

const jobName = (jobMs: number) => `job ${jobMs / 1000} s`;
/** Figure names of bench/waiting.mts, Wait for Completion (node-poll) and Wait for Task (wait-poll). */
export const waitingFigure = (mode: string, jobMs: number, what: 'polls' | 'lateness ms') => `${mode} ${jobName(jobMs)}: ${what}`;

export const TARGETS: Target[] = [
	...['node-poll', 'wait-poll'].flatMap((mode) =>
		POLL_TARGETS.flatMap(({ jobMs, maxPolls }) => [
			{ benchmark: 'waiting', figure: waitingFigure(mode, jobMs, 'polls'), limit: maxPolls, unit: 'polls' },
			{ benchmark: 'waiting', figure: waitingFigure(mode, jobMs, 'lateness ms'), limit: allowedLatenessMs(jobMs), unit: 'ms' },
		]),
	),
	// Batches at scale (point 3): 1000 items of 2 s tasks at concurrency 50.
	{ benchmark: 'batch', figure: 'scale: duration ms', reference: 'scale: ideal ms', limit: 1.1 },
	{ benchmark: 'batch', figure: 'scale: requests per task beyond the submit', limit: 1.5 },
	{ benchmark: 'batch', figure: 'scale: n8n RSS growth MB', limit: 150, unit: 'MB' },
	{ benchmark: 'batch', figure: 'scale with 5% failed: output items out of place', limit: 0 },
];
