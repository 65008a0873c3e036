// Benchmark 3, memory with large media (real n8n in filesystem binary mode): File → Upload of
// videos that n8n's Read/Write Files node read from disk, and Task → Get with Download Outputs of
// big results. Each measurement runs in a newly started n8n process, after a warm-up run of the
// same workflow with a 1 MB file: memory an earlier, bigger run left resident would otherwise be
// reused and hide the growth (--quick and --smoke skip the restarts). The process's resident memory (VmRSS) is sampled every few ms; its
// peak while the RunningHub node ran, minus the resident memory just before, is the growth.
// VmHWM (reset through /proc/<pid>/clear_refs before each run) gives the peak of the whole run.
// Uploads (issue 19 point 1) run in filesystem and default binary mode, through the v2 upload and
// the legacy one (after the v2 upload refused the file). Their growth counts from the resident
// memory when the Upload node starts: in default mode the file read before it is already in the
// item (as base64), which is the workflow's memory, not the upload's. Their time (n8n's execution
// time of the Upload node) is compared with a plain streamed POST of the same file from this
// process to the same simulator endpoint, in the same run: after the measured run, plain POSTs and
// further runs of the workflow alternate, so both see the same load on the shared machine, and the
// medians are compared (for the legacy case the refused v2 POST plus the legacy POST).
import { randomBytes } from 'node:crypto';
import { createReadStream, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { basename, join } from 'node:path';

import type { BinaryMode } from '../e2e/lib/n8n.mjs';

import { writeMediaFixture } from '../e2e/lib/fixtures.mjs';
import type { BenchContext, ChainResult, ChainStep, Host } from './lib/host.mjs';
import { MB, mb, median, sleep } from './lib/report.mjs';
import { UPLOAD_MAX_GROWTH_MB, UPLOAD_MAX_TIME_RATIO, uploadFigure } from './targets.mjs';

export interface MemoryOptions {
	uploadMb: number[];
	/** Binary data modes the v2 and legacy upload cases run in. */
	uploadModes: BinaryMode[];
	/** Sizes of the legacy-upload cases (it takes at most 30 MB). */
	legacyUploadMb: number[];
	downloadMb: number[];
	sampleMs: number;
	/**
	 * Restart n8n before every measurement (the real figures), or measure in the running n8n
	 * (quick and smoke runs: faster, but memory earlier work left resident can hide growth).
	 */
	restartEach: boolean;
	/** Download growth below this many bytes at every size (upload targets: bench/targets.mts). */
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
	/** Peak RSS while the node ran minus the RSS sampled last before it started. */
	fromNodeStart: number;
	/** How long the node ran (n8n's own start time and execution time), ms. */
	nodeMs: number;
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
	const atStart = samples.filter(([t]) => t < step.startedAt).pop()?.[1] ?? baseline;
	return {
		baseline,
		nodeGrowth: Math.max(...inNode, baseline) - baseline,
		runGrowth: runPeak - baseline,
		fromNodeStart: Math.max(0, Math.max(...inNode) - atStart),
		nodeMs: step.endedAt - step.startedAt,
		samples: inNode.length,
		result,
	};
}

const growthText = (m: Measured, sizeBytes: number) =>
	`+${mb(m.nodeGrowth)} while the node ran (${(m.nodeGrowth / sizeBytes).toFixed(2)}× file), +${mb(m.runGrowth)} whole run, baseline ${mb(m.baseline)}`;

/** One measurement of a chain on a host that already ran the same chain with a small file. */
interface Case {
	scenario: string;
	sizeMb: number;
	/** The binary data mode the case needs n8n in. */
	mode: BinaryMode;
	/** Prepares the input of the given size; returns the chain runner and a check of its result. */
	prepare(host: Host, sizeMb: number): Promise<{
		run: () => Promise<ChainResult>;
		check(result: ChainResult): number;
		/** Times one plain streamed POST of the same file (ms), for the time target. */
		reference?: () => Promise<number>;
		cleanup?: () => void;
	}>;
}

const GET_TASK: ChainStep['name'] = 'Get task';
const UPLOAD: ChainStep['name'] = 'Upload';

function downloadCase(ctx: BenchContext, sizeMb: number): Case {
	const { sim } = ctx;
	return {
		scenario: `download ${sizeMb} MB result into binary (Task → Get, Download Outputs)`,
		sizeMb,
		mode: 'filesystem',
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

const V2_UPLOAD = '/openapi/v2/media/upload/binary';
const LEGACY_UPLOAD = '/task/openapi/upload';

/**
 * One plain POST of a file from disk, streamed, as multipart `file` (plus text fields) with its
 * Content-Length, the way any HTTP client would send it: the reference for the upload time.
 */
async function plainPost(ctx: BenchContext, path: string, file: string, fields: Array<[string, string]>): Promise<number> {
	const boundary = `----bench${randomBytes(12).toString('hex')}`;
	const head = Buffer.from(
		fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') +
			`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${basename(file)}"\r\nContent-Type: video/mp4\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	const length = head.length + statSync(file).size + tail.length;
	const started = performance.now();
	const answer = await new Promise<string>((resolve, reject) => {
		const req = request(`${ctx.sim.url}${path}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${ctx.sim.keys.aiShared}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': length },
		});
		req.on('response', (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (d: string) => (text += d));
			res.on('end', () => resolve(text));
		});
		req.on('error', reject);
		req.write(head);
		const body = createReadStream(file);
		body.on('error', reject);
		body.on('end', () => req.end(tail));
		body.pipe(req, { end: false });
	});
	const ms = performance.now() - started;
	if (!/"code":\s*(0|200|1008|809)\b/.test(answer)) throw new Error(`plain POST to ${path}: unexpected answer ${answer.slice(0, 200)}`);
	return ms;
}

function uploadCase(ctx: BenchContext, sizeMb: number, mode: BinaryMode, endpoint: 'v2' | 'legacy'): Case {
	const { sim } = ctx;
	return {
		scenario: `upload ${sizeMb} MB video read from disk (File → Upload, ${endpoint === 'v2' ? 'v2 upload' : 'legacy upload after the v2 upload refused it'}, ${mode} binary mode)`,
		sizeMb,
		mode,
		async prepare(host, size) {
			// The legacy case: the v2 upload refuses the file as too large (then the node falls back).
			sim.control.configure({ uploadMaxBytes: endpoint === 'legacy' ? (size * MB) / 2 : (size + 16) * MB });
			const name = `bench-upload-${endpoint}-${size}mb.mp4`;
			const file = await writeMediaFixture(host.filesDir, name, { sizeBytes: size * MB, durationMs: 10_000 });
			const bytes = file.bytes.length;
			const step: ChainStep = { name: UPLOAD, node: 'runningHub', parameters: { resource: 'file', operation: 'upload', source: 'binary', binaryPropertyName: 'data', uploadOptions: {} } };
			return {
				run: () => host.runChain([step], { file: file.path }, { timeoutMs: 300_000 }),
				check(result) {
					const out = result.steps[UPLOAD].items[0]?.json ?? {};
					if (Number(out.size) !== bytes) throw new Error(`upload ${size} MB: RunningHub got ${String(out.size)} bytes, the file has ${bytes}`);
					if (out.endpoint !== endpoint) throw new Error(`upload ${size} MB: went through the ${String(out.endpoint)} upload, not ${endpoint}`);
					return bytes;
				},
				async reference() {
					let ms = await plainPost(ctx, V2_UPLOAD, file.path, []);
					if (endpoint === 'legacy') ms += await plainPost(ctx, LEGACY_UPLOAD, file.path, [['apiKey', sim.keys.aiShared], ['fileType', 'input']]);
					return ms;
				},
				cleanup: () => rmSync(join(host.filesDir, name), { force: true }),
			};
		},
	};
}

/** Warm-up with a small file, then the measured run, on the given host. */
/** Plain POSTs and further workflow runs that alternate after a measured upload, for its time. */
const TIMING_PAIRS = 3;

async function runCase(ctx: BenchContext, host: Host, o: MemoryOptions, c: Case): Promise<{ m: Measured; sizeBytes: number; nodeMs?: number; referenceMs?: number }> {
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
		const sizeBytes = real.check(m.result);
		if (!real.reference) return { m, sizeBytes };
		// Timing pairs: a plain POST, then the workflow again (the measured run is the first node time).
		const nodeTimes = [m.nodeMs];
		const plainTimes: number[] = [];
		for (let i = 0; i < TIMING_PAIRS; i++) {
			plainTimes.push(await real.reference());
			const again = await real.run();
			real.check(again);
			nodeTimes.push(again.steps[UPLOAD].endedAt - again.steps[UPLOAD].startedAt);
		}
		return { m, sizeBytes, nodeMs: median(nodeTimes), referenceMs: median(plainTimes) };
	} finally {
		real.cleanup?.();
	}
}

export async function memory(ctx: BenchContext, o: MemoryOptions): Promise<void> {
	const { sim, host, report } = ctx;
	await sim.control.reset();
	sim.control.configure({ uploadMaxBytes: (Math.max(...o.uploadMb, 1) + 16) * MB, concurrencyLimit: 50, taskDurationMs: 50 });

	const uploadMissing = host.missing({ resource: 'file', operation: 'upload' });
	const cases: Array<{ kind: 'download' | 'upload'; c: Case; missing: string | null; endpoint?: 'v2' | 'legacy' }> = [
		...o.downloadMb.map((size) => ({ kind: 'download' as const, c: downloadCase(ctx, size), missing: host.missing({ resource: 'task', operation: 'get', parameter: 'options' }) })),
		...o.uploadModes.flatMap((mode) => [
			...o.uploadMb.map((size) => ({ kind: 'upload' as const, endpoint: 'v2' as const, c: uploadCase(ctx, size, mode, 'v2'), missing: uploadMissing })),
			...o.legacyUploadMb.map((size) => ({ kind: 'upload' as const, endpoint: 'legacy' as const, c: uploadCase(ctx, size, mode, 'legacy'), missing: uploadMissing })),
		]),
	];
	const downloads: Array<{ sizeMb: number; m: Measured }> = [];
	// The host measured on: a fresh n8n per case (restartEach), or when the binary mode changes.
	let current: Host = host;
	let owned = false;
	try {
		for (const { kind, c, missing, endpoint } of cases) {
			if (missing) {
				report.pending(BENCH, c.scenario, missing);
				continue;
			}
			if (o.restartEach || current.binaryMode !== c.mode) {
				if (owned) await current.close();
				current = await ctx.freshHost({ binaryMode: c.mode });
				owned = true;
			}
			const { m, sizeBytes, nodeMs, referenceMs } = await runCase(ctx, current, o, c);
			if (o.restartEach) {
				await current.close();
				owned = false;
			}
			report.expect(BENCH, m.baseline > 50 * MB && Number.isFinite(m.nodeGrowth) && Number.isFinite(m.runGrowth) && m.runGrowth >= m.nodeGrowth - 2 * MB, `${c.scenario}: baseline ${mb(m.baseline)}, growth ${mb(m.nodeGrowth)} (node) / ${mb(m.runGrowth)} (run)`);
			const data = { sizeBytes, baseline: m.baseline, nodeGrowth: m.nodeGrowth, runGrowth: m.runGrowth, ratio: m.nodeGrowth / sizeBytes, samples: m.samples };
			if (kind === 'download') {
				downloads.push({ sizeMb: c.sizeMb, m });
				report.check(BENCH, c.scenario, growthText(m, sizeBytes), `< ${mb(o.maxDownloadGrowth)}`, m.nodeGrowth < o.maxDownloadGrowth, data);
				continue;
			}
			const figures = {
				growthMB: m.fromNodeStart / MB,
				seconds: (nodeMs ?? NaN) / 1000,
				referenceSeconds: (referenceMs ?? NaN) / 1000,
				ratio: (nodeMs ?? NaN) / (referenceMs ?? NaN),
			};
			report.expect(BENCH, Number.isFinite(figures.ratio) && figures.seconds > 0, `${c.scenario}: node ${figures.seconds} s, plain POST ${figures.referenceSeconds} s`);
			const at = (what: 'growth MB' | 'seconds' | 'plain POST seconds') => uploadFigure(endpoint ?? 'v2', c.mode, c.sizeMb, what);
			report.figure(BENCH, at('growth MB'), figures.growthMB);
			report.figure(BENCH, at('seconds'), figures.seconds);
			report.figure(BENCH, at('plain POST seconds'), figures.referenceSeconds, 'min');
			const uploadData = { ...data, ...figures, binaryMode: c.mode, endpoint, fromNodeStart: m.fromNodeStart, nodeMs, measuredRunNodeMs: m.nodeMs, referenceMs };
			report.check(
				BENCH,
				c.scenario,
				`+${figures.growthMB.toFixed(1)} MB from the node's start (${growthText(m, sizeBytes)})`,
				`< ${UPLOAD_MAX_GROWTH_MB} MB`,
				figures.growthMB < UPLOAD_MAX_GROWTH_MB,
				uploadData,
			);
			report.check(
				BENCH,
				`${c.scenario}: time`,
				`${figures.seconds.toFixed(2)} s, plain streamed POST ${figures.referenceSeconds.toFixed(2)} s (medians of ${TIMING_PAIRS + 1} and ${TIMING_PAIRS}, alternating): ${figures.ratio.toFixed(2)}×`,
				`≤ ${UPLOAD_MAX_TIME_RATIO}× plain POST`,
				figures.ratio <= UPLOAD_MAX_TIME_RATIO,
				uploadData,
			);
		}
	} finally {
		if (owned) await current.close();
	}
	if (downloads.length > 1) {
		const [first, last] = [downloads[0], downloads[downloads.length - 1]];
		const slope = (last.m.nodeGrowth - first.m.nodeGrowth) / ((last.sizeMb - first.sizeMb) * MB);
		report.info(BENCH, 'download growth per byte of file (slope, flat ≈ 0)', `${slope.toFixed(3)} bytes/byte from ${first.sizeMb} to ${last.sizeMb} MB`, { slope });
	}
}
