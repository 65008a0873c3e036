// `npm run bench -- --check`: every target of the benchmarks that ran (bench/targets.mts) against
// the figures this run recorded. A figure the run did not measure counts as missed.
import { TARGETS, type Target } from '../targets.mjs';

export interface CheckLine {
	target: Target;
	value?: number;
	reference?: number;
	ratio?: number;
	met: boolean;
}

export function checkTargets(figures: Record<string, Record<string, number>>, benchmarksRun: string[]): CheckLine[] {
	return TARGETS.filter((t) => benchmarksRun.includes(t.benchmark)).map((target) => {
		const own = figures[target.benchmark] ?? {};
		const value = own[target.figure];
		const reference = target.reference === undefined ? undefined : own[target.reference];
		if (value === undefined || (target.reference !== undefined && reference === undefined)) return { target, value, reference, met: false };
		// With a reference the limit bounds figure / reference; without one, the figure itself.
		const compared = reference === undefined ? value : value / reference;
		const ratio = reference === undefined ? (target.limit === 0 ? (value === 0 ? 0 : Infinity) : value / target.limit) : compared;
		const met = target.atLeast ? compared >= target.limit : compared <= target.limit;
		return { target, value, reference, ratio, met };
	});
}

const num = (n: number | undefined) => (n === undefined ? 'not measured' : Number.isInteger(n) ? String(n) : n.toFixed(2));

export function formatCheck(lines: CheckLine[]): string {
	return lines
		.map(({ target: t, value, reference, ratio, met }) => {
			const bound = `${t.atLeast ? '≥' : '≤'} ${t.limit}${t.reference ? ` × ${t.reference}` : ''}${t.unit && !t.reference ? ` ${t.unit}` : ''}`;
			const ref = t.reference ? `, reference ${num(reference)}` : '';
			const r = ratio === undefined ? '' : t.reference ? `, ratio ${ratio.toFixed(3)}` : `, ratio to limit ${ratio.toFixed(3)}`;
			return `${met ? 'MET   ' : 'MISSED'} ${t.benchmark}: ${t.figure} = ${num(value)}${ref}${r} (target ${bound})`;
		})
		.join('\n');
}
