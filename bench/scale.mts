// Batches at scale (issue 19 point 3), part of the batch benchmark: many items of short Text to
// Speech tasks through one RunningHub node (version 2, Wait for Completion, callbacks off,
// Concurrency auto = the key's limit) in real n8n.
//   scale          duration against the ideal ceil(N/L) × task time, requests per task at the
//                  simulator beyond the submit, and n8n's resident memory growth;
//   scale with 5% failed  the same with every 20th task failing and On Error → Continue
//                  (Regular Output): one output item per input item, in input order.
import { readFileSync } from 'node:fs';

import type { BenchContext, ChainStep, OutputItem } from './lib/host.mjs';
import { MB, secs, sleep } from './lib/report.mjs';
import { TTS, type Sim } from './lib/sim.mjs';

export interface ScaleOptions {
	items: number;
	jobMs: number;
	/** The key's concurrency limit (the node's Concurrency auto reads it). */
	limit: number;
	/** Every n-th task fails in the second run (20: 5%). */
	failEvery: number;
	/** VmRSS sampling period. */
	sampleMs: number;
}

const BENCH = 'batch';
const FAIL_TAG = '[bench-fail]';
const rowText = (row: number, fail: boolean) => `Scale item ${row}${fail ? ` ${FAIL_TAG}` : ''}`;
const rowOf = (text: unknown) => Number(/^Scale item (\d+)/.exec(String(text ?? ''))?.[1] ?? NaN);

function rssOf(pid: number): number {
	const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) * 1024 : NaN;
}

/** Samples the process's VmRSS until stopped: [time, bytes] pairs. */
function sampleRss(pid: number, everyMs: number) {
	const samples: Array<[number, number]> = [[Date.now(), rssOf(pid)]];
	const timer = setInterval(() => samples.push([Date.now(), rssOf(pid)]), everyMs);
	return {
		stop() {
			clearInterval(timer);
			samples.push([Date.now(), rssOf(pid)]);
			return samples;
		},
	};
}

/**
 * Tagged tasks fail when their running time is up (the simulator fails a task it is told to;
 * it has no rule by body text): each is held running, then failed at start + jobMs.
 */
function failTagged(sim: Sim, jobMs: number): () => void {
	const seen = new Set<string>();
	const timers = new Set<ReturnType<typeof setTimeout>>();
	const interval = setInterval(() => {
		for (const task of sim.control.tasks() as Array<{ id: string; status: string; startedAt: string | null; body: { text?: unknown } }>) {
			if (seen.has(task.id) || !String(task.body?.text ?? '').includes(FAIL_TAG) || !task.startedAt) continue;
			seen.add(task.id);
			sim.control.setTaskDuration(task.id, -1);
			const timer = setTimeout(() => {
				timers.delete(timer);
				sim.control.failTask(task.id, { errorCode: '1015', errorMessage: 'Generation failed (benchmark)' });
			}, Math.max(0, Date.parse(task.startedAt) + jobMs - Date.now()));
			timers.add(timer);
		}
	}, 20);
	return () => {
		clearInterval(interval);
		for (const t of timers) clearTimeout(t);
	};
}

interface ScaleRun {
	status: string;
	error?: string;
	ms: number;
	items: OutputItem[];
	tasks: number;
	/** API requests other than the submits that created tasks (refused submits count here). */
	extraRequests: number;
	statusRequests: number;
	rssBefore: number;
	rssPeak: number;
	/** The peak while the node ran, and after it (n8n storing and serving the execution). */
	rssPeakInNode: number;
	rssPeakAfter: number;
	/** Mean time from a task's end until the next one was created in the freed slot. */
	slotGapMs: number;
	/** Tasks read more than once after their submit. */
	repolled: number;
}

async function runScale(ctx: BenchContext, o: ScaleOptions, withFailures: boolean, download = false): Promise<ScaleRun> {
	const { sim, host } = ctx;
	await sim.control.reset();
	sim.control.configure({ concurrencyLimit: o.limit, queueLimit: 0, endpointDurations: { [TTS]: o.jobMs } });
	const failing = (row: number) => withFailures && row % o.failEvery === Math.floor(o.failEvery / 2);
	const step: ChainStep = {
		name: 'Speech',
		node: 'runningHub',
		typeVersion: 2,
		...(withFailures ? { onError: 'continueRegularOutput' } : {}),
		parameters: { resource: 'audio', operation: 'textToSpeech', text: '={{ $json.text }}', voiceSpeed: 1, waitForCompletion: true, submitOptions: { downloadOutputs: download } },
	};
	const items = Array.from({ length: o.items }, (_, row) => ({ row, text: rowText(row, failing(row)) }));
	const stopFailing = withFailures ? failTagged(sim, o.jobMs) : () => undefined;
	const before: number[] = [];
	for (let i = 0; i < 5; i++, await sleep(100)) before.push(rssOf(host.pid));
	const rss = sampleRss(host.pid, o.sampleMs);
	let result;
	try {
		result = await host.runChain([step], { items }, { timeoutMs: 20 * Math.ceil(o.items / o.limit) * o.jobMs + 120_000 });
	} finally {
		stopFailing();
	}
	const samples = rss.stop();
	const out = result.steps.Speech;
	const peakOf = (keep: (t: number) => boolean) => Math.max(...samples.filter(([t]) => keep(t)).map(([, b]) => b));
	const tasks = (sim.control.tasks() as Array<{ id: string; endpoint: string; createdAt: string; endedAt: string | null }>).filter((t) => t.endpoint === TTS);
	const requests = (sim.control.requests() as Array<{ route: string; body: string }>).filter((r) => r.route !== '/__sim' && !r.route.startsWith('/__sim/'));
	const status = requests.filter((r) => ['/openapi/v2/query', '/task/openapi/status', '/task/openapi/outputs'].includes(r.route));
	const perTask = new Map<string, number>();
	for (const r of status) {
		const id = String((JSON.parse(r.body || '{}') as { taskId?: unknown }).taskId ?? '');
		perTask.set(id, (perTask.get(id) ?? 0) + 1);
	}
	const created = tasks.map((t) => Date.parse(t.createdAt)).sort((x, y) => x - y);
	const ended = tasks.map((t) => Date.parse(t.endedAt ?? '')).sort((x, y) => x - y);
	const gaps = created.slice(o.limit).map((c, k) => c - ended[k]);
	return {
		status: result.status,
		error: result.error,
		ms: out ? out.endedAt - out.startedAt : NaN,
		items: out?.items ?? [],
		tasks: tasks.length,
		// The submits that created the tasks are the "submit"; every other API request is extra.
		extraRequests: requests.length - tasks.length,
		statusRequests: status.length,
		rssBefore: Math.min(...before),
		rssPeak: peakOf(() => true),
		rssPeakInNode: out ? peakOf((t) => t >= out.startedAt && t <= out.endedAt) : NaN,
		rssPeakAfter: out ? peakOf((t) => t > out.endedAt) : NaN,
		slotGapMs: gaps.length ? Math.round(gaps.reduce((x, y) => x + y, 0) / gaps.length) : NaN,
		repolled: [...perTask.values()].filter((n) => n > 1).length,
	};
}

/** The input row an output item belongs to: through its task's text at the simulator. */
function rowsOf(sim: Sim, items: OutputItem[]): number[] {
	const texts = new Map((sim.control.tasks() as Array<{ id: string; body: { text?: unknown } }>).map((t) => [t.id, t.body?.text]));
	return items.map((item) => rowOf(texts.get(String(item.json.taskId ?? ''))));
}

export async function scale(ctx: BenchContext, o: ScaleOptions): Promise<void> {
	const { report, log, host, sim } = ctx;
	const missing = host.missing({ resource: 'audio', operation: 'textToSpeech' });
	const label = `${o.items} items × ${secs(o.jobMs, 0)} tasks, concurrency ${o.limit}`;
	if (missing) {
		report.pending(BENCH, `scale: ${label}`, missing);
		return;
	}
	const ideal = Math.ceil(o.items / o.limit) * o.jobMs;
	report.figure(BENCH, 'scale: ideal ms', ideal);

	log(`batch scale: ${label}, callbacks off`);
	const a = await runScale(ctx, o, false);
	// Success read as "no error item": the version-2 output shape may drop fields, never the error.
	const succeeded = a.items.filter((i) => !i.json.error).length;
	report.expect(BENCH, a.status === 'success' && succeeded === o.items && a.tasks === o.items, `scale: ${succeeded} of ${o.items} succeeded, ${a.tasks} tasks, execution ${a.status}${a.error ? `: ${a.error}` : ''}`);
	report.expect(BENCH, a.ms >= ideal * 0.95, `scale took ${secs(a.ms)}, less than the ideal ${secs(ideal)}`);
	const perTask = a.extraRequests / Math.max(1, a.tasks);
	const growthMb = (a.rssPeak - a.rssBefore) / MB;
	report.figure(BENCH, 'scale: duration ms', a.ms);
	report.figure(BENCH, 'scale: requests per task beyond the submit', perTask);
	report.figure(BENCH, 'scale: n8n RSS growth MB', growthMb);
	report.check(
		BENCH,
		`scale: ${label}, duration`,
		`${secs(a.ms)} = ${(a.ms / ideal).toFixed(3)}× ideal ${secs(ideal)} (slot refilled ${secs(a.slotGapMs, 2)} after a task ends)`,
		'≤ 1.10× ideal',
		a.status === 'success' && a.ms <= ideal * 1.1,
		{ ms: a.ms, ideal, slotGapMs: a.slotGapMs },
	);
	report.check(
		BENCH,
		'scale: requests per task beyond the submit',
		`${perTask.toFixed(3)} (${a.extraRequests} for ${a.tasks} tasks; ${a.statusRequests} status reads, ${a.repolled} tasks read more than once)`,
		'≤ 1.5',
		perTask <= 1.5,
		{ extraRequests: a.extraRequests, statusRequests: a.statusRequests, repolled: a.repolled, tasks: a.tasks },
	);
	report.check(
		BENCH,
		'scale: n8n RSS growth',
		`${growthMb.toFixed(1)} MB (${(a.rssBefore / MB).toFixed(0)} → peak ${(a.rssPeak / MB).toFixed(0)} MB; peak while the node ran ${(a.rssPeakInNode / MB).toFixed(0)} MB, after it ${(a.rssPeakAfter / MB).toFixed(0)} MB)`,
		'≤ 150 MB',
		growthMb <= 150,
		{ rssBefore: a.rssBefore, rssPeak: a.rssPeak, rssPeakInNode: a.rssPeakInNode, rssPeakAfter: a.rssPeakAfter },
	);

	// Version 2 downloads media outputs by default (since the scale case was written): one file
	// fetch per task, not an API read. The targets above are about waiting (polls, slot refill),
	// as measured without downloads; the default with downloads is shown beside them.
	log(`batch scale: ${label}, Download Outputs on (the version-2 default)`);
	const d = await runScale(ctx, o, false, true);
	const dGrowthMb = (d.rssPeak - d.rssBefore) / MB;
	report.figure(BENCH, 'scale with downloads: duration ms', d.ms);
	report.figure(BENCH, 'scale with downloads: n8n RSS growth MB', dGrowthMb);
	report.info(
		BENCH,
		`scale: ${label}, Download Outputs on (version-2 default)`,
		`${secs(d.ms)} = ${(d.ms / ideal).toFixed(3)}× ideal (slot refilled ${secs(d.slotGapMs, 2)} after a task ends); ${(d.extraRequests / Math.max(1, d.tasks)).toFixed(3)} requests per task beyond the submit incl. the file download; RSS growth ${dGrowthMb.toFixed(1)} MB (peak while the node ran ${(d.rssPeakInNode / MB).toFixed(0)} MB, after it ${(d.rssPeakAfter / MB).toFixed(0)} MB); execution ${d.status}`,
		{ ms: d.ms, ideal, slotGapMs: d.slotGapMs, extraRequests: d.extraRequests, tasks: d.tasks, rssBefore: d.rssBefore, rssPeak: d.rssPeak, rssPeakInNode: d.rssPeakInNode, rssPeakAfter: d.rssPeakAfter },
	);

	log(`batch scale: ${label}, every ${o.failEvery}th task failing, On Error → Continue`);
	const f = await runScale(ctx, o, true);
	const rows = rowsOf(sim, f.items);
	const expectedFailed = Array.from({ length: o.items }, (_, r) => r).filter((r) => r % o.failEvery === Math.floor(o.failEvery / 2));
	// An item is out of place when it is not its input row's (or missing: fewer items than rows).
	const outOfPlace = rows.filter((row, k) => row !== k).length + Math.max(0, o.items - f.items.length);
	const errorRows = f.items.map((item, k) => (item.json.error ? k : -1)).filter((k) => k >= 0);
	const rightErrors = errorRows.length === expectedFailed.length && errorRows.every((k, i) => k === expectedFailed[i]);
	report.figure(BENCH, 'scale with 5% failed: output items out of place', outOfPlace);
	report.expect(BENCH, f.status === 'success', `scale with failures: execution ${f.status}${f.error ? `: ${f.error}` : ''}`);
	report.expect(BENCH, rightErrors, `scale with failures: error items at ${errorRows.length} rows, expected the ${expectedFailed.length} failing ones`);
	report.check(
		BENCH,
		`scale with ${Math.round(100 / o.failEvery)}% failed, On Error → Continue: output items`,
		`${f.items.length} items for ${o.items} inputs, ${outOfPlace} out of place, ${errorRows.length} error items (all at the failing rows: ${rightErrors ? 'yes' : 'no'}); ${secs(f.ms)} = ${(f.ms / ideal).toFixed(3)}× ideal`,
		`${o.items} items in input order`,
		f.items.length === o.items && outOfPlace === 0 && rightErrors,
		{ items: f.items.length, outOfPlace, errorItems: errorRows.length, ms: f.ms, extraRequests: f.extraRequests, rssGrowthMb: (f.rssPeak - f.rssBefore) / MB },
	);
}
