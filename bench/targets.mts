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

/** Figure names of bench/trigger.mts: the three workflows that receive the same deliveries. */
export const TRIGGER_SUBJECTS = ['webhook node', 'verify off', 'verify on'] as const;
export type TriggerSubject = (typeof TRIGGER_SUBJECTS)[number];
export const triggerFigure = (subject: TriggerSubject | 'verify off + one round trip', what: 'median ms' | 'p99 ms' | 'deliveries/s') => `${subject}: ${what}`;
export const ROUND_TRIP_FIGURE = 'RunningHub round trip: median ms';
export const VERIFY_READS_FIGURE = 'verify on: task reads per delivery';

/** Uploads stream (point 1): file sizes, binary modes, and the largest file the legacy upload takes. */
export const UPLOAD_SIZES_MB = [20, 50, 100, 200];
export const UPLOAD_MODES = ['filesystem', 'default'] as const;
export const LEGACY_UPLOAD_SIZES_MB = [20];
export const UPLOAD_MAX_GROWTH_MB = 32;
export const UPLOAD_MAX_TIME_RATIO = 1.2;

/** Figure names of bench/memory.mts for one upload case (endpoint v2, or legacy after the v2 refusal). */
export const uploadFigure = (endpoint: 'v2' | 'legacy', mode: string, sizeMb: number, what: 'growth MB' | 'seconds' | 'plain POST seconds') =>
	`upload ${endpoint} ${mode} ${sizeMb} MB: ${what}`;

const uploadTargets = (endpoint: 'v2' | 'legacy', sizes: number[]): Target[] =>
	UPLOAD_MODES.flatMap((mode) =>
		sizes.flatMap((size) => [
			{ benchmark: 'memory', figure: uploadFigure(endpoint, mode, size, 'growth MB'), limit: UPLOAD_MAX_GROWTH_MB, unit: 'MB' },
			{ benchmark: 'memory', figure: uploadFigure(endpoint, mode, size, 'seconds'), reference: uploadFigure(endpoint, mode, size, 'plain POST seconds'), limit: UPLOAD_MAX_TIME_RATIO },
		]),
	);

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
	// The Trigger (point 2) against n8n's own Webhook node receiving the same deliveries in the
	// same n8n and run: verify off at most 1.2× its delivery → execution start, at least 0.8× its
	// deliveries per second; verify on at most one RunningHub round trip (measured in the run) more.
	{ benchmark: 'trigger', figure: triggerFigure('verify off', 'median ms'), reference: triggerFigure('webhook node', 'median ms'), limit: 1.2 },
	{ benchmark: 'trigger', figure: triggerFigure('verify off', 'p99 ms'), reference: triggerFigure('webhook node', 'p99 ms'), limit: 1.2 },
	{ benchmark: 'trigger', figure: triggerFigure('verify off', 'deliveries/s'), reference: triggerFigure('webhook node', 'deliveries/s'), limit: 0.8, atLeast: true },
	{ benchmark: 'trigger', figure: triggerFigure('verify on', 'median ms'), reference: triggerFigure('verify off + one round trip', 'median ms'), limit: 1 },
	{ benchmark: 'trigger', figure: triggerFigure('verify on', 'p99 ms'), reference: triggerFigure('verify off + one round trip', 'p99 ms'), limit: 1 },
	{ benchmark: 'trigger', figure: VERIFY_READS_FIGURE, limit: 1, unit: 'reads' },

	// Uploads stream (point 1).
	...uploadTargets('v2', UPLOAD_SIZES_MB),
	...uploadTargets('legacy', LEGACY_UPLOAD_SIZES_MB),
];
