// The shared recorder: every benchmark adds rows (scenario, measured, target, pass/fail) and
// raw data; run.mts prints them as one table and writes them as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** pass/fail against a target; `info` rows only report (references, details); `pending` = not measurable yet. */
export type Verdict = 'pass' | 'fail' | 'info' | 'pending';

export interface Row {
	bench: string;
	scenario: string;
	measured: string;
	target: string;
	verdict: Verdict;
	/** Numbers behind the row, for the JSON file. */
	data?: Record<string, unknown>;
}

export class Report {
	readonly rows: Row[] = [];
	/** Figures the targets (bench/targets.mts) are checked against, by benchmark then name. */
	readonly figures: Record<string, Record<string, number>> = {};
	readonly started = new Date();
	/** Per benchmark: sanity checks made and the ones that failed (see `expect`). */
	private readonly sanity = new Map<string, { checks: number; problems: string[] }>();

	/**
	 * `assertTargets` false (the smoke run): target rows are recorded as measured figures only,
	 * since timings on a loaded machine say nothing; the sanity checks still count.
	 */
	constructor(
		readonly meta: Record<string, unknown> = {},
		readonly assertTargets = true,
	) {}

	add(row: Row): Row {
		this.rows.push(row);
		return row;
	}

	/** A row checked against a target: pass when `ok` (in a smoke run: recorded, not judged). */
	check(bench: string, scenario: string, measured: string, target: string, ok: boolean, data?: Record<string, unknown>): Row {
		if (!this.assertTargets) return this.add({ bench, scenario, measured, target: `(${target})`, verdict: 'info', data: { ...data, targetMet: ok } });
		return this.add({ bench, scenario, measured, target, verdict: ok ? 'pass' : 'fail', data });
	}

	/**
	 * A sanity check (the benchmark ran end to end and its numbers make sense), in every run;
	 * `sanityRow` turns a benchmark's checks into one pass/fail row.
	 */
	expect(bench: string, ok: boolean, what: string): boolean {
		const s = this.sanity.get(bench) ?? { checks: 0, problems: [] };
		s.checks++;
		if (!ok) s.problems.push(what);
		this.sanity.set(bench, s);
		return ok;
	}

	sanityRow(bench: string, error?: Error): Row {
		const s = this.sanity.get(bench) ?? { checks: 0, problems: [] };
		const problems = [...(error ? [`error: ${error.message.split('\n')[0]}`] : []), ...s.problems];
		if (!error && s.checks === 0) problems.push('no sanity check was made');
		return this.add({
			bench,
			scenario: 'ran end to end, numbers sane',
			measured: problems.length ? problems.join('; ') : `${s.checks} checks ok`,
			target: 'sane',
			verdict: problems.length ? 'fail' : 'pass',
			data: { checks: s.checks, problems },
		});
	}

	/** Records a figure for `--check` (the worst of several records of the same name). */
	figure(bench: string, name: string, value: number, worst: 'max' | 'min' = 'max'): void {
		const figures = (this.figures[bench] ??= {});
		const old = figures[name];
		figures[name] = old === undefined ? value : worst === 'max' ? Math.max(old, value) : Math.min(old, value);
	}

	info(bench: string, scenario: string, measured: string, data?: Record<string, unknown>): Row {
		return this.add({ bench, scenario, measured, target: '', verdict: 'info', data });
	}

	pending(bench: string, scenario: string, reason: string, target = ''): Row {
		return this.add({ bench, scenario, measured: `pending: ${reason}`, target, verdict: 'pending' });
	}

	get failed(): number {
		return this.rows.filter((r) => r.verdict === 'fail').length;
	}

	table(): string {
		const head = ['benchmark', 'scenario', 'measured', 'target', 'result'];
		// Grouped by benchmark (in order of first appearance): rows of a benchmark that ran in the
		// background, like batch (b), arrive after the others'.
		const order = [...new Set(this.rows.map((r) => r.bench))];
		const rows = [...this.rows].sort((x, y) => order.indexOf(x.bench) - order.indexOf(y.bench));
		const body = rows.map((r) => [r.bench, r.scenario, r.measured, r.target, r.verdict === 'info' ? '' : r.verdict.toUpperCase()]);
		const widths = head.map((h, i) => Math.min(i === 2 ? 60 : 48, Math.max(h.length, ...body.map((b) => b[i].length))));
		const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ').trimEnd();
		return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
	}

	/**
	 * Writes <dir>/<timestamp>.json and <dir>/latest.json, or only <dir>/<name>.json when a name
	 * is given (the smoke run, which must not replace the latest real figures); returns the path.
	 */
	write(dir: string, extra: Record<string, unknown> = {}, name?: string): string {
		mkdirSync(dir, { recursive: true });
		const json = JSON.stringify({ ...this.meta, started: this.started.toISOString(), finished: new Date().toISOString(), ...extra, figures: this.figures, rows: this.rows }, null, 2);
		const file = join(dir, `${name ?? this.started.toISOString().replace(/[:.]/g, '-')}.json`);
		writeFileSync(file, json);
		if (!name) writeFileSync(join(dir, 'latest.json'), json);
		return file;
	}
}

export function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export const median = (values: number[]) => percentile(values, 50);
export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
export const secs = (ms: number, digits = 1) => `${(ms / 1000).toFixed(digits)} s`;
export const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
export const MB = 1024 * 1024;
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
