// Benchmark: the local media parsers (nodes/core/media/duration) against hostile files, crafted
// to make a careless parser do work out of proportion to the input, and against valid files of the
// same size for comparison. Each file is measured the way the nodes do (measureAudioDuration, then
// sniffAudioFormat for the error message), several times; median and max ms per file against the
// target, and the work units spent against the file's budget. Needs no n8n:
//
//   npx tsx bench/parsers.mts [--mb 5] [--runs 7] [--smoke]      (or npm run bench -- --only parsers)
//
// The parsers are compiled as the package ships them (TypeScript to CommonJS, one file each)
// rather than run through tsx, whose module wrappers make hot loops several times slower. The
// target is judged on the median CPU time of a file's parses (CPU is what blocks the event loop;
// wall time is shown too, but on a loaded machine it mostly measures the other processes). The
// max is shown: it is the file's first parse, when V8 compiles the paths it takes (the process's
// CPU time then includes the compiler threads).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';

import type * as Duration from '../nodes/core/media/duration';
import type * as Bytes from '../nodes/core/media/duration/bytes';
import { HOSTILE, VALID, type Sample } from '../test/media/hostile.mjs';
import { MB, median, Report } from './lib/report.mjs';

interface Parsers {
	duration: typeof Duration;
	budget: typeof Bytes;
}

/** nodes/core/media/duration{.ts,/*.ts} compiled to CommonJS in a temporary folder, loaded. */
function loadShippedParsers(): Parsers {
	const media = fileURLToPath(new URL('../nodes/core/media/', import.meta.url));
	const sources = [join(media, 'duration.ts'), ...readdirSync(join(media, 'duration')).filter((f) => f.endsWith('.ts')).map((f) => join(media, 'duration', f))];
	const out = mkdtempSync(join(tmpdir(), 'rh-parsers-'));
	try {
		for (const source of sources) {
			const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
				compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2019, esModuleInterop: true, strict: true },
			});
			const target = join(out, relative(media, source)).replace(/\.ts$/, '.js');
			mkdirSync(dirname(target), { recursive: true });
			writeFileSync(target, outputText);
		}
		const load = createRequire(join(out, 'index.js'));
		return { duration: load('./duration.js') as typeof Duration, budget: load('./duration/bytes.js') as typeof Bytes };
	} finally {
		rmSync(out, { recursive: true, force: true });
	}
}

export interface ParsersOptions {
	/** Size of each generated file. */
	bytes: number;
	runs: number;
	/** Per parse, hostile or valid (the issue's target: 100 ms for a 5 MB hostile file). */
	maxMs: number;
}

const BENCH = 'parsers';

/** Parses one file `runs` times; ms per run and the work of the measurement. */
function time({ duration, budget }: Parsers, sample: Sample, data: Uint8Array, runs: number) {
	const { measureAudioDuration, sniffAudioFormat } = duration;
	const hint = { fileName: `file.${sample.kind}` };
	const ms: number[] = [];
	const cpuMs: number[] = [];
	let result: unknown;
	let work = budget.lastWorkReport();
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		const cpu = process.cpuUsage();
		result = measureAudioDuration(data, hint);
		work = budget.lastWorkReport();
		if (!result) sniffAudioFormat(data, hint);
		const used = process.cpuUsage(cpu);
		cpuMs.push((used.user + used.system) / 1000);
		ms.push(performance.now() - started);
	}
	return { ms, cpuMs, result: result as { durationMs: number } | undefined, work };
}

/** Runs in any bench process; adds its rows and sanity checks to `report`. */
export function parsers(report: Report, options: ParsersOptions, log: (line: string) => void = () => {}): void {
	const shipped = loadShippedParsers();
	// Warm-up on small valid files, as in an n8n that has measured audio before: the figures are
	// then the parsers' own, not the JIT compiling them (cold, the first parse costs up to ~100 ms more).
	for (const sample of VALID) time(shipped, sample, sample.make(64 * 1024), 3);
	const size = `${(options.bytes / MB).toFixed(options.bytes < MB ? 2 : 0)} MB`;
	for (const [group, samples] of [['hostile', HOSTILE], ['valid', VALID]] as const) {
		for (const sample of samples) {
			const data = sample.make(options.bytes);
			const { ms, cpuMs, result, work } = time(shipped, sample, data, options.runs);
			const cpuMax = Math.max(...cpuMs);
			const outcome = result ? `${result.durationMs} ms long` : 'unreadable';
			const measured =
				`CPU median ${median(cpuMs).toFixed(1)} ms, max ${cpuMax.toFixed(1)} ms; wall median ${median(ms).toFixed(1)}, max ${Math.max(...ms).toFixed(1)} ms; ` +
				`${outcome}; work ${(work.spent / data.length).toFixed(2)} units/byte`;
			log(`${sample.name}: ${measured}`);
			const cpuMedian = median(cpuMs);
			report.check(BENCH, `${group} ${size} ${sample.name}`, measured, `CPU median < ${options.maxMs} ms`, cpuMedian < options.maxMs, {
				bytes: data.length,
				cpuMs,
				ms,
				work,
				result,
			});
			report.expect(BENCH, data.length <= options.bytes * 1.01, `${sample.name}: generated ${data.length} bytes for ${options.bytes}`);
			report.expect(BENCH, !work.exceeded || group === 'hostile', `${sample.name}: a valid file ran out of work budget`);
			report.expect(BENCH, group === 'hostile' || result !== undefined, `${sample.name}: a valid file gave no length`);
			report.expect(BENCH, result === undefined || (Number.isFinite(result.durationMs) && result.durationMs >= 0), `${sample.name}: length ${String(result?.durationMs)}`);
		}
	}
}

/** Full: 5 MB files, 7 runs each. Smoke (part of `npm run bench -- --smoke`): 256 KB, 2 runs. */
export const PARSERS_OPTIONS: ParsersOptions = { bytes: 5 * MB, runs: 7, maxMs: 100 };
export const PARSERS_SMOKE: ParsersOptions = { bytes: MB / 4, runs: 2, maxMs: 100 };

// Run on its own: `npx tsx bench/parsers.mts`.
if (import.meta.url === `file://${process.argv[1]}`) {
	const { values } = parseArgs({
		options: { mb: { type: 'string' }, runs: { type: 'string' }, smoke: { type: 'boolean', default: false } },
	});
	const base = values.smoke ? PARSERS_SMOKE : PARSERS_OPTIONS;
	const options = {
		...base,
		bytes: values.mb ? Math.round(Number(values.mb) * MB) : base.bytes,
		runs: values.runs ? Number(values.runs) : base.runs,
	};
	const report = new Report({ node: process.version, cpus: cpus().length, loadAverageAtStart: loadavg(), options }, !values.smoke);
	const log = (line: string) => console.error(`[parsers] ${line}`);
	let failure: Error | undefined;
	try {
		parsers(report, options, log);
	} catch (error) {
		failure = error as Error;
	}
	report.sanityRow(BENCH, failure);
	console.log(report.table());
	const file = report.write(join(import.meta.dirname, 'results'), { loadAverageAtEnd: loadavg() }, values.smoke ? 'parsers-smoke' : 'parsers');
	console.log(`\n${report.rows.filter((r) => r.verdict === 'pass').length} pass, ${report.failed} fail; results ${file}`);
	process.exitCode = report.failed ? 1 : 0;
}
