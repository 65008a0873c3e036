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
	readonly started = new Date();

	constructor(readonly meta: Record<string, unknown> = {}) {}

	add(row: Row): Row {
		this.rows.push(row);
		return row;
	}

	/** A row checked against a target: pass when `ok`. */
	check(bench: string, scenario: string, measured: string, target: string, ok: boolean, data?: Record<string, unknown>): Row {
		return this.add({ bench, scenario, measured, target, verdict: ok ? 'pass' : 'fail', data });
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
		const body = this.rows.map((r) => [r.bench, r.scenario, r.measured, r.target, r.verdict === 'info' ? '' : r.verdict.toUpperCase()]);
		const widths = head.map((h, i) => Math.min(i === 2 ? 60 : 48, Math.max(h.length, ...body.map((b) => b[i].length))));
		const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ').trimEnd();
		return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
	}

	/** Writes <dir>/<timestamp>.json and <dir>/latest.json; returns the first path. */
	write(dir: string, extra: Record<string, unknown> = {}): string {
		mkdirSync(dir, { recursive: true });
		const json = JSON.stringify({ ...this.meta, started: this.started.toISOString(), finished: new Date().toISOString(), ...extra, rows: this.rows }, null, 2);
		const file = join(dir, `${this.started.toISOString().replace(/[:.]/g, '-')}.json`);
		writeFileSync(file, json);
		writeFileSync(join(dir, 'latest.json'), json);
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
