// Benchmark 3, memory with large media (real n8n in filesystem binary mode): File → Upload of
// videos that n8n's Read/Write Files node read from disk, and Task → Get with Download Outputs of
// big results. The host process's resident memory (VmRSS) is sampled every few ms; its peak
// while the RunningHub node ran, minus the resident memory just before, is the growth. VmHWM
// (reset through /proc/<pid>/clear_refs before each run) gives the peak of the whole run.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { writeMediaFixture } from '../e2e/lib/fixtures.mjs';
import type { BenchContext, ChainResult, ChainStep } from './lib/host.mjs';
import { MB, mb, median, sleep } from './lib/report.mjs';

export interface MemoryOptions {
	uploadMb: number[];
	downloadMb: number[];
	sampleMs: number;
	/** Targets: upload growth ≤ this × file size; download growth below this many bytes at every size. */
	maxUploadRatio: number;
	maxDownloadGrowth: number;
}

const BENCH = 'memory';

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
	result: ChainResult;
}

/** Runs one chain and measures the host process's memory around its node `stepName`. */
export async function measure(ctx: BenchContext, sampleMs: number, stepName: string, run: () => Promise<ChainResult>): Promise<Measured> {
	const pid = ctx.host.pid;
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
	const sampledPeak = Math.max(...samples.map(([, rss]) => rss));
	const runPeak = hwmReset ? Math.max(readMemory(pid).hwm, sampledPeak) : sampledPeak;
	return { baseline, nodeGrowth: Math.max(...inNode, baseline) - baseline, runGrowth: runPeak - baseline, result };
}

const growthText = (m: Measured, sizeBytes: number) =>
	`+${mb(m.nodeGrowth)} while the node ran (${(m.nodeGrowth / sizeBytes).toFixed(2)}× file), +${mb(m.runGrowth)} whole run, baseline ${mb(m.baseline)}`;

export async function memory(ctx: BenchContext, o: MemoryOptions): Promise<void> {
	const { sim, host, report, log } = ctx;
	await sim.control.reset();
	sim.control.configure({ uploadMaxBytes: (Math.max(...o.uploadMb, 1) + 16) * MB, concurrencyLimit: 50, taskDurationMs: 50 });

	const downloadMissing = host.missing({ resource: 'task', operation: 'get', parameter: 'options' });
	const downloads: Array<{ sizeMb: number; m: Measured }> = [];
	for (const sizeMb of o.downloadMb) {
		const scenario = `download ${sizeMb} MB result into binary (Task → Get, Download Outputs)`;
		if (downloadMissing) {
			report.pending(BENCH, scenario, downloadMissing);
			continue;
		}
		sim.control.configure({ outputSizeBytes: sizeMb * MB });
		const task = await sim.createFinishedTask();
		sim.control.configure({ outputSizeBytes: 0 });
		log(`memory: download ${sizeMb} MB`);
		const step: ChainStep = { name: 'Get task', node: 'runningHub', parameters: { resource: 'task', operation: 'get', taskId: task.taskId, options: { downloadOutputs: true } } };
		const m = await measure(ctx, o.sampleMs, step.name, () => host.runChain([step], { items: [{}] }, { timeoutMs: 300_000 }));
		const binary = m.result.steps[step.name].items[0]?.binary?.data;
		if (!binary) throw new Error(`download ${sizeMb} MB: no binary data on the output`);
		downloads.push({ sizeMb, m });
		report.check(BENCH, scenario, growthText(m, sizeMb * MB), `< ${mb(o.maxDownloadGrowth)}`, m.nodeGrowth < o.maxDownloadGrowth, {
			sizeBytes: sizeMb * MB,
			baseline: m.baseline,
			nodeGrowth: m.nodeGrowth,
			runGrowth: m.runGrowth,
			binaryId: binary.id,
		});
	}
	if (downloads.length > 1) {
		const [first, last] = [downloads[0], downloads[downloads.length - 1]];
		const slope = (last.m.nodeGrowth - first.m.nodeGrowth) / ((last.sizeMb - first.sizeMb) * MB);
		report.info(BENCH, 'download growth per byte of file (slope, flat ≈ 0)', `${slope.toFixed(3)} bytes/byte from ${first.sizeMb} to ${last.sizeMb} MB`, { slope });
	}

	const uploadMissing = host.missing({ resource: 'file', operation: 'upload' });
	for (const sizeMb of o.uploadMb) {
		const scenario = `upload ${sizeMb} MB video read from disk (File → Upload)`;
		if (uploadMissing) {
			report.pending(BENCH, scenario, uploadMissing);
			continue;
		}
		const file = await writeMediaFixture(host.filesDir, `bench-upload-${sizeMb}mb.mp4`, { sizeBytes: sizeMb * MB, durationMs: 10_000 });
		const size = file.bytes.length;
		log(`memory: upload ${sizeMb} MB`);
		const step: ChainStep = { name: 'Upload', node: 'runningHub', parameters: { resource: 'file', operation: 'upload', source: 'binary', binaryPropertyName: 'data', uploadOptions: {} } };
		try {
			const m = await measure(ctx, o.sampleMs, step.name, () => host.runChain([step], { file: file.path }, { timeoutMs: 300_000 }));
			const out = m.result.steps[step.name].items[0]?.json ?? {};
			if (Number(out.size) !== size) throw new Error(`upload ${sizeMb} MB: RunningHub got ${String(out.size)} bytes, the file has ${size}`);
			report.check(BENCH, scenario, growthText(m, size), `≤ ${o.maxUploadRatio}× file (${mb(size * o.maxUploadRatio)})`, m.nodeGrowth <= size * o.maxUploadRatio, {
				sizeBytes: size,
				baseline: m.baseline,
				nodeGrowth: m.nodeGrowth,
				runGrowth: m.runGrowth,
				ratio: m.nodeGrowth / size,
			});
		} finally {
			rmSync(join(host.filesDir, `bench-upload-${sizeMb}mb.mp4`), { force: true });
		}
	}
}
