// `npm run bench`: the package's performance against the RunningHub simulator, through a real
// n8n (2.8.4, filesystem binary mode) with the packed package installed. Prints a table and
// writes bench/results/<timestamp>.json and bench/results/latest.json.
//
//   npm run bench [-- --only batch,waiting,trigger,memory,parsers] [--n8n 2.8.4|2.40.7|2.41.1] [--no-build] [--keep]
//                    [--quick | --smoke] [--tarball file.tgz] [--check] [--waiting-seconds 60,600]
//
// --quick   the same code paths with smaller sizes in about two minutes, for trying changes.
// --smoke   tiny sizes (part of `npm test`): checks that every benchmark runs end to end and gives
//           sane numbers; speed and memory targets are recorded, not judged. Prints
//           `smoke: N passed, N failed`, exits 1 when a benchmark broke, writes only smoke.json.
// --check   compares the figures with the targets (bench/targets.mts) and exits 1 when one
//           of a benchmark that ran is missed or was not measured; prints figure, reference, ratio.
// --waiting-seconds  the job lengths of the waiting benchmark, e.g. 60,600 (one round each).
// --tarball benchmarks a given package file (e.g. one packed under the shared build lock) instead
//           of building and packing the checkout's dist.
//
// Order: batch (a) first; its strategy (b) takes minutes on its own simulator and in the bench
// process only, so waiting, trigger and then memory run on n8n meanwhile. Memory comes last: it
// restarts n8n for each measurement, so nothing else ran in the process it measures.
// Parsers (the media-duration parsers against hostile files) needs no n8n: it runs first, and
// `--only parsers` starts neither n8n nor the simulator (see bench/parsers.mts).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { packPackage } from '../e2e/lib/pack.mjs';
import { stopAll } from '../e2e/lib/procs.mjs';
import { ensureRuntime, isN8nVersion, N8N_VERSIONS, REPO_ROOT } from '../e2e/lib/runtime.mjs';
import { startSim } from '../e2e/lib/sim.mjs';
import { batch, type BatchOptions } from './batch.mjs';
import { startN8nHost, type BenchContext } from './lib/host.mjs';
import { MB, Report, secs } from './lib/report.mjs';
import { memory, type MemoryOptions } from './memory.mjs';
import { parsers, PARSERS_OPTIONS, PARSERS_SMOKE, type ParsersOptions } from './parsers.mjs';
import { trigger, type TriggerOptions } from './trigger.mjs';
import { waiting, type WaitingOptions } from './waiting.mjs';
import { checkTargets, formatCheck } from './lib/check.mjs';

const OPTIONS = {
	batch: { jobs: 40, jobMs: 5000, limit: 5, pollMs: 5000, overLimit: 10, maxOverIdeal: 1.15, minSpeedup: 4 } satisfies BatchOptions,
	// 600 s jobs run in the first round only (real time, no scaling): ten minutes per round.
	waiting: { durationsMs: [2000, 10_000, 60_000, 600_000], runsPerCell: 3, longRunsPerCell: 1, pollMs: 5000 } satisfies WaitingOptions,
	trigger: { tasks: 150, duplicateShare: 0.3, concurrency: 10 } satisfies TriggerOptions,
	memory: {
		uploadMb: [20, 50, 100],
		downloadMb: [50, 100, 200],
		sampleMs: 20,
		restartEach: true as boolean,
		maxUploadRatio: 1.5,
		maxDownloadGrowth: 32 * MB,
	} satisfies MemoryOptions,
	parsers: PARSERS_OPTIONS as ParsersOptions,
};
/** --quick: the same code paths in about two minutes, for trying changes (not for reporting). */
const QUICK: typeof OPTIONS = {
	batch: { ...OPTIONS.batch, jobs: 10, jobMs: 2000, overLimit: 8 },
	waiting: { ...OPTIONS.waiting, durationsMs: [2000, 10_000], runsPerCell: 1 },
	trigger: { ...OPTIONS.trigger, tasks: 30 },
	memory: { ...OPTIONS.memory, uploadMb: [10], downloadMb: [20], restartEach: false },
	parsers: { ...PARSERS_OPTIONS, runs: 3 },
};
/** --smoke: tiny sizes, well under two minutes; targets not judged. */
const SMOKE: typeof OPTIONS = {
	batch: { ...OPTIONS.batch, jobs: 4, jobMs: 1000, limit: 2, pollMs: 1000, overLimit: 3 },
	waiting: { ...OPTIONS.waiting, durationsMs: [1000, 3000], runsPerCell: 1, pollMs: 1000 },
	trigger: { ...OPTIONS.trigger, tasks: 10, concurrency: 4 },
	memory: { ...OPTIONS.memory, uploadMb: [2], downloadMb: [4], restartEach: false },
	parsers: PARSERS_SMOKE,
};
const BENCHES = ['batch', 'waiting', 'trigger', 'memory', 'parsers'] as const;
/** Benchmarks that run in the bench process alone, without n8n or the simulator. */
const STANDALONE: ReadonlyArray<(typeof BENCHES)[number]> = ['parsers'];

const { values } = parseArgs({
	options: {
		only: { type: 'string' },
		n8n: { type: 'string', default: '2.8.4' },
		'no-build': { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false },
		quick: { type: 'boolean', default: false },
		smoke: { type: 'boolean', default: false },
		tarball: { type: 'string' },
		check: { type: 'boolean', default: false },
		'waiting-seconds': { type: 'string' },
	},
});

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

function newestSource(dir: string): number {
	if (!existsSync(dir)) return 0;
	return Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestSource(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
}

/** Builds dist when it is missing or older than the sources; keeps an existing dist if the build fails. */
function ensureBuild(): string {
	const marker = join(REPO_ROOT, 'dist', 'nodes', 'RunningHub', 'RunningHub.node.js');
	const stale = !existsSync(marker) || Math.max(...['nodes', 'credentials'].map((d) => newestSource(join(REPO_ROOT, d)))) > statSync(marker).mtimeMs;
	if (!stale || values['no-build']) return stale ? 'dist older than the sources (--no-build)' : 'dist up to date';
	log('building the package (dist is older than the sources)');
	const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, encoding: 'utf8' });
	if (build.status === 0) return 'built';
	if (!existsSync(marker)) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
	log(`npm run build failed; benchmarking the existing dist:\n${(build.stdout + build.stderr).slice(-2000)}`);
	return 'build failed: existing (older) dist benchmarked';
}

function git(args: string[]): string {
	try {
		return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
	} catch {
		return '';
	}
}

async function main(): Promise<number> {
	const t0 = Date.now();
	const version = values.n8n ?? '2.8.4';
	if (!isN8nVersion(version)) throw new Error(`--n8n must be one of ${N8N_VERSIONS.join(', ')}, not ${version}`);
	const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...BENCHES];
	const unknown = only.filter((b) => !(BENCHES as readonly string[]).includes(b));
	if (unknown.length) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${BENCHES.join(', ')}`);

	if (values.quick && values.smoke) throw new Error('--quick and --smoke exclude each other');
	const chosen = values.smoke ? SMOKE : values.quick ? QUICK : OPTIONS;
	const waitingSeconds = values['waiting-seconds']?.split(',').map(Number);
	if (waitingSeconds?.some((s) => !(s > 0))) throw new Error(`--waiting-seconds takes job lengths in seconds, e.g. 60,600, not ${values['waiting-seconds']}`);
	const options = waitingSeconds ? { ...chosen, waiting: { ...chosen.waiting, durationsMs: waitingSeconds.map((s) => s * 1000), runsPerCell: 1 } } : chosen;
	// Without an n8n benchmark selected, neither n8n nor the package is prepared.
	const needsN8n = only.some((b) => !STANDALONE.includes(b as (typeof BENCHES)[number]));
	const runtime = needsN8n ? await ensureRuntime(version) : undefined;
	const build = !needsN8n ? 'not needed (no n8n benchmark selected)' : values.tarball ? `given tarball ${values.tarball}` : ensureBuild();
	const workDir = mkdtempSync(join(tmpdir(), 'rh-bench-'));
	const tarball = !needsN8n ? '' : values.tarball ? resolve(values.tarball) : await packPackage(join(workDir, 'pack'));
	const report = new Report(
		{
			n8n: version,
			node: process.version,
			cpus: cpus().length,
			loadAverageAtStart: loadavg(),
			commit: git(['rev-parse', '--short', 'HEAD']),
			uncommittedFiles: git(['status', '--porcelain']).split('\n').filter(Boolean).length,
			build,
			options,
			mode: values.smoke ? 'smoke' : values.quick ? 'quick' : 'full',
		},
		!values.smoke,
	);

	const guarded = async (name: (typeof BENCHES)[number], run: () => Promise<void>) => {
		if (!only.includes(name)) return;
		const started = Date.now();
		let failure: Error | undefined;
		try {
			await run();
		} catch (error) {
			failure = error as Error;
			log(`${name} failed: ${failure.stack ?? String(failure)}`);
		}
		report.sanityRow(name, failure);
		log(`${name} took ${secs(Date.now() - started)}`);
	};

	async function onN8n(runtime: Awaited<ReturnType<typeof ensureRuntime>>): Promise<void> {
		const sim = await startSim({ taskDurationMs: 1000 });
		log(`starting n8n ${version} (filesystem binary mode) with the packed package`);
		const host = await startN8nHost({ runtime, tarball, sim, workDir });
		// Memory's n8n processes: restarts on the same user folder (no set-up, no migrations), after
		// the shared host stopped.
		let restarts = 0;
		const freshHost = async () => {
			await host.close();
			const started = Date.now();
			const fresh = await startN8nHost({ runtime, tarball, sim, workDir, reuse: true, label: `bench restart ${++restarts}` });
			log(`n8n restarted in ${secs(Date.now() - started)} (pid ${fresh.pid})`);
			return fresh;
		};
		const ctx: BenchContext = { host, sim, report, log, freshHost, startSim: (options = {}) => startSim({ taskDurationMs: 1000, ...options }) };
		log(`ready after ${secs(Date.now() - t0)}: n8n ${host.instance.n8n.baseUrl} (pid ${host.pid}), simulator ${sim.url}`);

		try {
			const meanwhile = async () => {
				await guarded('waiting', () => waiting(ctx, options.waiting));
				await guarded('trigger', () => trigger(ctx, options.trigger));
				await guarded('memory', () => memory(ctx, options.memory));
			};
			if (only.includes('batch')) await guarded('batch', () => batch(ctx, options.batch, meanwhile));
			else await meanwhile();
		} finally {
			await host.close();
			await sim.close();
			await stopAll();
		}
	}

	// Standalone benchmarks first, before n8n loads the machine.
	await guarded('parsers', async () => parsers(report, options.parsers, log));
	if (needsN8n && runtime) await onN8n(runtime);
	const file = report.write(join(REPO_ROOT, 'bench', 'results'), { loadAverageAtEnd: loadavg(), totalMs: Date.now() - t0 }, values.smoke ? 'smoke' : undefined);
	const mode = values.smoke ? ' (smoke: tiny sizes, targets not judged)' : values.quick ? ' (quick: smaller sizes, not for reporting)' : '';
	console.log(`\nRunningHub package benchmarks${mode}: n8n ${version}, Node ${process.version}, ${cpus().length} cores, load average at start ${(report.meta.loadAverageAtStart as number[]).map((l) => l.toFixed(1)).join(' ')}, at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${new Date().toISOString()}\n`);
	console.log(report.table());
	const count = (v: string) => report.rows.filter((r) => r.verdict === v).length;
	const sanity = report.rows.filter((r) => r.target === 'sane');
	const broken = sanity.filter((r) => r.verdict === 'fail').length;
	console.log(`\n${count('pass')} pass, ${count('fail')} fail, ${count('pending')} pending; total ${secs(Date.now() - t0)}; results ${file}`);
	if (values.smoke) console.log(`smoke: ${sanity.length - broken} passed, ${broken} failed`);
	if (values.keep) console.log(`kept ${workDir}`);
	else rmSync(workDir, { recursive: true, force: true });
	let missed = 0;
	if (values.check) {
		const lines = checkTargets(report.figures, only);
		missed = lines.filter((l) => !l.met).length;
		console.log(`\nTargets (bench/targets.mts)${mode}:\n${formatCheck(lines)}\ncheck: ${lines.length - missed} met, ${missed} missed`);
	}
	return broken || missed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	async (error) => {
		console.error(error);
		await stopAll();
		process.exit(1);
	},
);
