// The issue-19 targets, in one place: `npm run bench -- --check` compares each recorded figure
// (Report.figure) with its entry and exits non-zero when one is missed.
// (Same Target shape as the other targets of issue 19; when merging, the arrays are concatenated.)

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

export const TARGETS: Target[] = [...uploadTargets('v2', UPLOAD_SIZES_MB), ...uploadTargets('legacy', LEGACY_UPLOAD_SIZES_MB)];
