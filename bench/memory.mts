// Benchmark 3, memory with large media (real n8n in filesystem binary mode): File → Upload of
// videos that n8n's Read/Write Files node read from disk, and Task → Get with Download Outputs of
// big results. Each measurement runs in a newly started n8n process, after a warm-up run of the
// same workflow with a 1 MB file: memory an earlier, bigger run left resident would otherwise be
// reused and hide the growth (--quick and --smoke skip the restarts). The process's resident memory (VmRSS) is sampled every few ms; its
// peak while the RunningHub node ran, minus the resident memory just before, is the growth.
// VmHWM (reset through /proc/<pid>/clear_refs before each run) gives the peak of the whole run.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { writeMediaFixture } from '../e2e/lib/fixtures.mjs';
import type { BenchContext, ChainResult, ChainStep, Host } from './lib/host.mjs';
import { MB, mb, median, sleep } from './lib/report.mjs';

export interface MemoryOptions {
	uploadMb: number[];
	downloadMb: number[];
	sampleMs: number;
	/**
	 * Restart n8n before every measurement (the real figures), or measure in the running n8n
	 * (quick and smoke runs: faster, but memory earlier work left resident can hide growth).
	 */
	restartEach: boolean;
	/** Targets: upload growth ≤ this × file size; download growth below this many bytes at every size. */
	maxUploadRatio: number;
	maxDownloadGrowth: number;
}

const BENCH = 'memory';
const WARM_UP_MB = 1;

/** VmRSS and VmHWM of a process, in bytes. */
export function readMemory(pid: number): { rss: number; hwm: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
	return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Resets VmHWM to the current VmRSS (Linux clear_refs "5"); false when not permitted. */
export function resetPeak(pid: number): boolean {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** Samples VmRSS every `everyMs` until stopped; returns [time, rss] pairs. */
export function sampleMemory(pid: number, everyMs: number): { stop(): Array<[number, number]> } {
	const samples: Array<[number, number]> = [];
	const take = () => samples.push([Date.now(), readMemory(pid).rss]);
	take();
	const timer = setInterval(take, everyMs);
	return {
		stop() {
			clearInterval(timer);
			take();
			return samples;
		},
	};
}

export interface Measured {
	baseline: number;
	/** Peak RSS growth while the node ran (sampled). */
	nodeGrowth: number;
	/** Peak RSS growth over the whole execution (VmHWM, or the samples when it cannot be reset). */
	runGrowth: number;
	samples: number;
	result: ChainResult;
}

/** Runs one chain and measures the host process's memory around its node `stepName`. */
export async function measure(host: Host, sampleMs: number, stepName: string, run: () => Promise<ChainResult>): Promise<Measured> {
	const pid = host.pid;
	await sleep(1000);
	const before: number[] = [];
	for (let i = 0; i < 5; i++, await sleep(100)) before.push(readMemory(pid).rss);
	const baseline = median(before);
	const hwmReset = resetPeak(pid);
	const sampler = sampleMemory(pid, sampleMs);
	let result: ChainResult;
	try {
		result = await run();
	} finally {
		await sleep(sampleMs * 2);
	}
	const samples = sampler.stop();
	const step = result.steps[stepName];
	if (result.status !== 'success' || !step) throw new Error(`${stepName}: execution ${result.status}${result.error ? `: ${result.error}` : ''}`);
	const inNode = samples.filter(([t]) => t >= step.startedAt - sampleMs && t <= step.endedAt + sampleMs).map(([, rss]) => rss);
	if (inNode.length === 0) throw new Error(`${stepName}: no memory sample while the node ran`);
	const sampledPeak = Math.max(...samples.map(([, rss]) => rss));
	const runPeak = hwmReset ? Math.max(readMemory(pid).hwm, sampledPeak) : sampledPeak;
	return { baseline, nodeGrowth: Math.max(...inNode, baseline) - baseline, runGrowth: runPeak - baseline, samples: inNode.length, result };
}

const growthText = (m: Measured, sizeBytes: number) =>
	`+${mb(m.nodeGrowth)} while the node ran (${(m.nodeGrowth / sizeBytes).toFixed(2)}× file), +${mb(m.runGrowth)} whole run, baseline ${mb(m.baseline)}`;

/** One measurement of a chain on a host that already ran the same chain with a small file. */
interface Case {
	scenario: string;
	sizeMb: number;
	/** Prepares the input of the given size; returns the chain runner and a check of its result. */
	prepare(host: Host, sizeMb: number): Promise<{ run: () => Promise<ChainResult>; check(result: ChainResult): number; cleanup?: () => void }>;
}

const GET_TASK: ChainStep['name'] = 'Get task';
const UPLOAD: ChainStep['name'] = 'Upload';

function downloadCase(ctx: BenchContext, sizeMb: number): Case {
	const { sim } = ctx;
	return {
		scenario: `download ${sizeMb} MB result into binary (Task → Get, Download Outputs)`,
		sizeMb,
		async prepare(host, size) {
			sim.control.configure({ outputSizeBytes: size * MB });
			const task = await sim.createFinishedTask();
			sim.control.configure({ outputSizeBytes: 0 });
			const step: ChainStep = { name: GET_TASK, node: 'runningHub', parameters: { resource: 'task', operation: 'get', taskId: task.taskId, options: { downloadOutputs: true } } };
			return {
				run: () => host.runChain([step], { items: [{}] }, { timeoutMs: 300_000 }),
				check(result) {
					const binary = result.steps[GET_TASK].items[0]?.binary?.data;
					if (!binary?.id) throw new Error(`download ${size} MB: no binary data stored on the output (${JSON.stringify(binary)})`);
					const bytes = Number(binary.bytes ?? NaN);
					if (Number.isFinite(bytes) && bytes !== size * MB) throw new Error(`download ${size} MB: the binary holds ${bytes} bytes, not ${size * MB}`);
					return size * MB;
				},
			};
		},
	};
}

function uploadCase(sizeMb: number): Case {
	return {
		scenario: `upload ${sizeMb} MB video read from disk (File → Upload)`,
		sizeMb,
		async prepare(host, size) {
			const name = `bench-upload-${size}mb.mp4`;
			const file = await writeMediaFixture(host.filesDir, name, { sizeBytes: size * MB, durationMs: 10_000 });
			const bytes = file.bytes.length;
			const step: ChainStep = { name: UPLOAD, node: 'runningHub', parameters: { resource: 'file', operation: 'upload', source: 'binary', binaryPropertyName: 'data', uploadOptions: {} } };
			return {
				run: () => host.runChain([step], { file: file.path }, { timeoutMs: 300_000 }),
				check(result) {
					const out = result.steps[UPLOAD].items[0]?.json ?? {};
					if (Number(out.size) !== bytes) throw new Error(`upload ${size} MB: RunningHub got ${String(out.size)} bytes, the file has ${bytes}`);
					return bytes;
				},
				cleanup: () => rmSync(join(host.filesDir, name), { force: true }),
			};
		},
	};
}

/** Warm-up with a small file, then the measured run, on the given host. */
async function runCase(ctx: BenchContext, host: Host, o: MemoryOptions, c: Case): Promise<{ m: Measured; sizeBytes: number }> {
	const warm = await c.prepare(host, WARM_UP_MB);
	try {
		const result = await warm.run();
		if (result.status !== 'success') throw new Error(`warm-up: execution ${result.status}${result.error ? `: ${result.error}` : ''}`);
		warm.check(result);
	} finally {
		warm.cleanup?.();
	}
	const real = await c.prepare(host, c.sizeMb);
	try {
		ctx.log(`memory: ${c.scenario} (n8n pid ${host.pid})`);
		const m = await measure(host, o.sampleMs, c.scenario.startsWith('upload') ? UPLOAD : GET_TASK, real.run);
		return { m, sizeBytes: real.check(m.result) };
	} finally {
		real.cleanup?.();
	}
}

export async function memory(ctx: BenchContext, o: MemoryOptions): Promise<void> {
	const { sim, host, report } = ctx;
	await sim.control.reset();
	sim.control.configure({ uploadMaxBytes: (Math.max(...o.uploadMb, 1) + 16) * MB, concurrencyLimit: 50, taskDurationMs: 50 });

	const cases: Array<{ kind: 'download' | 'upload'; c: Case; missing: string | null }> = [
		...o.downloadMb.map((size) => ({ kind: 'download' as const, c: downloadCase(ctx, size), missing: host.missing({ resource: 'task', operation: 'get', parameter: 'options' }) })),
		...o.uploadMb.map((size) => ({ kind: 'upload' as const, c: uploadCase(size), missing: host.missing({ resource: 'file', operation: 'upload' }) })),
	];
	const downloads: Array<{ sizeMb: number; m: Measured }> = [];
	for (const { kind, c, missing } of cases) {
		if (missing) {
			report.pending(BENCH, c.scenario, missing);
			continue;
		}
		const measuredOn = o.restartEach ? await ctx.freshHost() : host;
		let m: Measured;
		let sizeBytes: number;
		try {
			({ m, sizeBytes } = await runCase(ctx, measuredOn, o, c));
		} finally {
			if (o.restartEach) await measuredOn.close();
		}
		report.expect(BENCH, m.baseline > 50 * MB && Number.isFinite(m.nodeGrowth) && Number.isFinite(m.runGrowth) && m.runGrowth >= m.nodeGrowth - 2 * MB, `${c.scenario}: baseline ${mb(m.baseline)}, growth ${mb(m.nodeGrowth)} (node) / ${mb(m.runGrowth)} (run)`);
		const data = { sizeBytes, baseline: m.baseline, nodeGrowth: m.nodeGrowth, runGrowth: m.runGrowth, ratio: m.nodeGrowth / sizeBytes, samples: m.samples };
		if (kind === 'download') {
			downloads.push({ sizeMb: c.sizeMb, m });
			report.check(BENCH, c.scenario, growthText(m, sizeBytes), `< ${mb(o.maxDownloadGrowth)}`, m.nodeGrowth < o.maxDownloadGrowth, data);
		} else {
			report.check(BENCH, c.scenario, growthText(m, sizeBytes), `≤ ${o.maxUploadRatio}× file (${mb(sizeBytes * o.maxUploadRatio)})`, m.nodeGrowth <= sizeBytes * o.maxUploadRatio, data);
		}
	}
	if (downloads.length > 1) {
		const [first, last] = [downloads[0], downloads[downloads.length - 1]];
		const slope = (last.m.nodeGrowth - first.m.nodeGrowth) / ((last.sizeMb - first.sizeMb) * MB);
		report.info(BENCH, 'download growth per byte of file (slope, flat ≈ 0)', `${slope.toFixed(3)} bytes/byte from ${first.sizeMb} to ${last.sizeMb} MB`, { slope });
	}
}
