// Benchmark 1, batch throughput: N lip-sync jobs from N items with a key concurrency limit L.
// (a) this package: one RunningHub node (Create Lip-Sync Video, Wait for Completion, Concurrency
//     auto = the key's limit), plus the same with Concurrency above the limit, so queue-full
//     refusals happen and must cost retries, not failures;
// (b) one item at a time, submit then poll every 5 s (direct client, its own simulator, running
//     in the background while `during` runs other benchmarks);
// (c) the ideal schedule ceil(N/L) × job time.
import type { BenchContext, ChainStep } from './lib/host.mjs';
import { secs } from './lib/report.mjs';
import { LIP_SYNC_VIDEO, lipSyncInputs, pollOneAtATime, type LipSyncInputs, type Sim } from './lib/sim.mjs';
import { scale, type ScaleOptions } from './scale.mjs';

export interface BatchOptions {
	jobs: number;
	jobMs: number;
	limit: number;
	/** Strategy (b)'s fixed poll interval. */
	pollMs: number;
	/** Concurrency for the over-the-limit run (0 = skip it). */
	overLimit: number;
	/** Targets: at most this × ideal, and at least this × faster than (b). */
	maxOverIdeal: number;
	minSpeedup: number;
	/** Batches at scale (issue 19 point 3): many short tasks at a high concurrency. */
	scale?: ScaleOptions;
}

const BENCH = 'batch';

function configure(sim: Sim, o: BatchOptions): void {
	sim.control.configure({
		concurrencyLimit: o.limit,
		queueLimit: 0,
		endpointDurations: { [LIP_SYNC_VIDEO]: o.jobMs, 'kling-lip-sync/identify-face': 20, 'kling-lip-sync/tts': 20 },
	});
}

const lipSyncBody = (inputs: LipSyncInputs) => ({
	sessionId: inputs.sessionId,
	faceId: inputs.faceId,
	audioId: inputs.audioId,
	soundStartTime: 0,
	soundEndTime: inputs.soundEndTime,
	soundInsertTime: inputs.soundInsertTime,
	soundVolume: 1,
	originalAudioVolume: 1,
});

interface PackageRun {
	ms: number;
	executionMs: number;
	succeeded: number;
	failed: number;
	refused: number;
	refusedCodes: string[];
	status: string;
	error?: string;
	/** Concurrency above the key's limit (0 = auto). */
	overLimit: number;
	/** Mean time from a job's end until the next job was created in the freed slot. */
	slotGapMs: number;
	/** From the node's start to its first task created. */
	firstSubmitMs: number;
}

/** (a): N items through one Create Lip-Sync Video node that waits for completion. */
async function runPackage(ctx: BenchContext, o: BatchOptions, concurrency: number): Promise<PackageRun> {
	const { sim, host } = ctx;
	await sim.control.reset();
	configure(sim, o);
	const inputs = await lipSyncInputs(sim);
	const step: ChainStep = {
		name: 'Lip-sync',
		node: 'runningHub',
		parameters: {
			resource: 'lipSync',
			operation: 'createVideo',
			sessionId: '={{ $json.sessionId }}',
			faceId: '={{ $json.faceId }}',
			audioSource: 'audioId',
			audioId: '={{ $json.audioId }}',
			soundStartTime: 0,
			soundEndTime: inputs.soundEndTime,
			soundInsertTime: inputs.soundInsertTime,
			waitForCompletion: true,
			submitOptions: { concurrency },
		},
	};
	const items = Array.from({ length: o.jobs }, (_, i) => ({ row: i, sessionId: inputs.sessionId, faceId: inputs.faceId, audioId: inputs.audioId }));
	const result = await host.runChain([step], { items }, { timeoutMs: 20 * o.jobs * o.jobMs + 120_000 });
	const out = result.steps['Lip-sync'];
	const states = (out?.items ?? []).map((i) => String(i.json.state ?? (i.json.error ? 'error' : '?')));
	const refusals = (sim.control.submitCounts().refused as Array<{ endpoint: string; code: string }>).filter((r) => r.endpoint === LIP_SYNC_VIDEO);
	// Where the time over the ideal goes: from a job's end to the next job taking its slot.
	const tasks = (sim.control.tasks() as Array<{ endpoint: string; createdAt: string; endedAt: string | null }>).filter((t) => t.endpoint === LIP_SYNC_VIDEO);
	const created = tasks.map((t) => Date.parse(t.createdAt)).sort((x, y) => x - y);
	const ended = tasks.map((t) => Date.parse(t.endedAt ?? '')).sort((x, y) => x - y);
	const gaps = created.slice(o.limit).map((c, k) => c - ended[k]);
	return {
		slotGapMs: gaps.length ? Math.round(gaps.reduce((x, y) => x + y, 0) / gaps.length) : NaN,
		firstSubmitMs: created.length && out ? created[0] - out.startedAt : NaN,
		ms: out ? out.endedAt - out.startedAt : NaN,
		executionMs: result.continuedAt - (out?.startedAt ?? NaN),
		succeeded: states.filter((s) => s === 'succeeded').length,
		failed: o.jobs - states.filter((s) => s === 'succeeded').length,
		refused: refusals.length,
		refusedCodes: [...new Set(refusals.map((r) => r.code))],
		status: result.status,
		error: result.error,
		overLimit: concurrency > o.limit ? concurrency : 0,
	};
}

export async function batch(ctx: BenchContext, o: BatchOptions, during: () => Promise<void> = async () => undefined): Promise<void> {
	const { report, log } = ctx;
	const ideal = Math.ceil(o.jobs / o.limit) * o.jobMs;
	const label = `${o.jobs} jobs × ${secs(o.jobMs, 0)}, key limit ${o.limit}`;
	report.info(BENCH, `(c) ideal: ceil(${o.jobs}/${o.limit}) × ${secs(o.jobMs, 0)}`, secs(ideal), { idealMs: ideal });

	// (b) on its own simulator, in the background.
	const baselineSim = await ctx.startSim();
	configure(baselineSim, o);
	const baselineInputs = await lipSyncInputs(baselineSim);
	log(`batch (b): ${o.jobs} jobs one at a time, polling every ${secs(o.pollMs, 0)}, in the background`);
	const baseline = pollOneAtATime({
		baseUrl: baselineSim.url,
		key: baselineSim.keys.aiShared,
		endpoint: LIP_SYNC_VIDEO,
		jobs: o.jobs,
		pollMs: o.pollMs,
		body: () => lipSyncBody(baselineInputs),
	}).finally(() => baselineSim.close());
	baseline.catch(() => undefined);

	let a: PackageRun | undefined;
	const missing = ctx.host.missing({ resource: 'lipSync', operation: 'createVideo' });
	if (missing) {
		report.pending(BENCH, `(a) this package, ${label}`, missing, `≤ ${o.maxOverIdeal}× ideal`);
	} else {
		log(`batch (a): ${o.jobs} items, Concurrency auto`);
		a = await runPackage(ctx, o, 0);
		// The simulator enforces the key's limit, so no schedule can beat the ideal one.
		report.expect(BENCH, a.status === 'success' && a.succeeded === o.jobs, `(a): ${a.succeeded} of ${o.jobs} succeeded, execution ${a.status}${a.error ? `: ${a.error}` : ''}`);
		report.expect(BENCH, a.ms >= ideal * 0.95 && a.ms < ideal * 10, `(a) took ${secs(a.ms)}, ideal ${secs(ideal)}`);
		report.check(
			BENCH,
			`(a) this package, Concurrency auto, ${label}`,
			`${secs(a.ms)} = ${(a.ms / ideal).toFixed(2)}× ideal (first submit after ${secs(a.firstSubmitMs, 2)}, slot refilled ${secs(a.slotGapMs, 2)} after a job ends)`,
			`≤ ${o.maxOverIdeal}× ideal (${secs(ideal * o.maxOverIdeal)})`,
			a.status === 'success' && a.ms <= ideal * o.maxOverIdeal,
			{ ...a },
		);
		report.check(
			BENCH,
			'(a) queue-full refusals / failed items',
			`${a.refused} refused submits${a.refused ? ` (${a.refusedCodes.join(', ')})` : ''}, ${a.failed} failed of ${o.jobs}${a.error ? `: ${a.error}` : ''}`,
			'refusals retried, 0 failed',
			a.failed === 0,
		);
		if (o.overLimit > 0) {
			log(`batch (a'): ${o.jobs} items, Concurrency ${o.overLimit} (above the key's limit ${o.limit})`);
			const over = await runPackage(ctx, o, o.overLimit);
			report.expect(BENCH, over.status === 'success' && over.succeeded === o.jobs, `(a'): ${over.succeeded} of ${o.jobs} succeeded, execution ${over.status}${over.error ? `: ${over.error}` : ''}`);
			report.expect(BENCH, over.overLimit === 0 || over.refused > 0, `(a'): no submit was refused although Concurrency ${o.overLimit} exceeds the key's limit ${o.limit}`);
			report.check(
				BENCH,
				`(a') Concurrency ${o.overLimit} > key limit ${o.limit}: refusals, failed items, time`,
				`${over.refused} refused submits${over.refused ? ` (${over.refusedCodes.join(', ')})` : ''} retried, ${over.failed} failed of ${o.jobs}${over.error ? `: ${over.error}` : ''}; ${secs(over.ms)} = ${(over.ms / ideal).toFixed(2)}× ideal`,
				'0 failed (refusals cost retries)',
				over.failed === 0 && over.status === 'success',
				{ ...over },
			);
		}
	}

	if (o.scale) await scale(ctx, o.scale);

	await during();

	const b = await baseline;
	const polls = b.jobs.reduce((n, j) => n + j.polls, 0);
	report.expect(BENCH, b.jobs.length === o.jobs && b.jobs.every((j) => j.status === 'SUCCESS'), `(b): ${b.jobs.filter((j) => j.status === 'SUCCESS').length} of ${o.jobs} jobs succeeded`);
	report.expect(BENCH, polls >= o.jobs && b.totalMs >= o.jobs * o.jobMs * 0.95, `(b): ${polls} polls in ${secs(b.totalMs)} for ${o.jobs} jobs of ${secs(o.jobMs, 0)}`);
	report.info(BENCH, `(b) one item at a time, submit then poll every ${secs(o.pollMs, 0)} (direct client, no n8n overhead), ${label}`, `${secs(b.totalMs)} = ${(b.totalMs / ideal).toFixed(2)}× ideal (${polls} polls)`, {
		totalMs: b.totalMs,
		polls,
		jobs: b.jobs.length,
	});
	if (a) {
		const speedup = b.totalMs / a.ms;
		report.check(BENCH, '(a) speed-up over (b)', `${speedup.toFixed(2)}×`, `≥ ${o.minSpeedup}×`, speedup >= o.minSpeedup, { speedup });
	} else {
		report.pending(BENCH, '(a) speed-up over (b)', 'no (a) run', `≥ ${o.minSpeedup}×`);
	}
}
