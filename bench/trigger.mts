// Benchmark 4, trigger: RunningHub's real TASK_END deliveries (collected from the simulator) are
// replayed, with a share of duplicates mixed in, to three active workflows in the same n8n:
// - `webhook node`: n8n's own Webhook node (POST, respond immediately), the reference;
// - `verify off`: the RunningHub Trigger with Verify with API off;
// - `verify on`: the RunningHub Trigger with Verify with API on (one task read per delivery).
// The tasks are split into rounds; each round's stream goes to the three in turn (the order
// rotates each round) and each one's executions settle before the next starts, so none runs on
// another's backlog. Measured per workflow: deliveries answered per second, time from sending a
// task's first delivery to n8n starting its execution (the execution's stored startedAt, which
// n8n sets when it starts running it: reading it back later adds nothing), and how long the
// answers took. Also, in the same run and under the same load (sampled while the streams are
// sent), the RunningHub (simulator) round trip of a task read, the one call Verify with API
// adds. Each Trigger workflow must start exactly one execution per task.
//
// Where the Trigger's 2 s went (before 0.1.0): it answered 200 itself inside webhook(), before
// n8n had created the execution. A sender that delivers as soon as it is answered (RunningHub
// retrying a backlog, or this benchmark) then outran n8n: every answer took ~60 ms, while n8n
// creates and starts executions one after another on its database, so they queued behind each
// other and started seconds after their delivery (150 tasks at once: 2.1–2.6 s median). Reading
// startedAt later was not the cause: n8n records it when the execution starts. n8n's Webhook node
// answers only once the execution has started, which holds the sender back; the Trigger now does
// the same (nodes/RunningHubTrigger/delivery.ts, step 7).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { BenchContext, TriggerHandle } from './lib/host.mjs';
import { median, percentile, secs, sleep } from './lib/report.mjs';
import { TTS, statusRequests, submit } from './lib/sim.mjs';
import { ROUND_TRIP_FIGURE, TRIGGER_SUBJECTS, VERIFY_READS_FIGURE, triggerFigure, type TriggerSubject } from './targets.mjs';

export interface TriggerOptions {
	/** Tasks in all; each is delivered to each of the three workflows. */
	tasks: number;
	/** The tasks are split into this many rounds. */
	rounds: number;
	/** Share of the stream that repeats an earlier delivery (0.3 = 30 %). */
	duplicateShare: number;
	/** Deliveries in flight at once. */
	concurrency: number;
}

const BENCH = 'trigger';
/** Pause between two round-trip samples: enough samples, little load on the bench process. */
const ROUND_TRIP_EVERY_MS = 20;

/** Lets the simulator deliver each task's TASK_END to a local sink, and returns the bodies by task. */
async function collectDeliveries(ctx: BenchContext, count: number): Promise<Map<string, string>> {
	const bodies = new Map<string, string>();
	const sink = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			bodies.set(String(JSON.parse(body).taskId), body);
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/sink`;
	try {
		for (let i = 0; i < count; i++) {
			const { taskId, errorCode } = await submit(ctx.sim.url, ctx.sim.keys.aiShared, TTS, { text: `Trigger benchmark task ${i}`, voiceId: 'genshin_vindi2', voiceLanguage: 'zh', webhookUrl: url });
			if (!taskId) throw new Error(`the simulator refused task ${i}: ${errorCode}`);
		}
		for (const until = Date.now() + 60_000; bodies.size < count; await sleep(50)) {
			if (Date.now() > until) throw new Error(`only ${bodies.size} of ${count} deliveries arrived`);
		}
	} finally {
		sink.closeAllConnections();
		await new Promise<void>((resolve) => sink.close(() => resolve()));
	}
	return bodies;
}

/** The stream: every task once, plus duplicates of random tasks, shuffled. */
export function deliveryStream(taskIds: string[], duplicateShare: number, random: () => number = Math.random): string[] {
	const duplicates = Math.round((taskIds.length * duplicateShare) / (1 - duplicateShare));
	const stream = [...taskIds, ...Array.from({ length: duplicates }, () => taskIds[Math.floor(random() * taskIds.length)])];
	for (let i = stream.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[stream[i], stream[j]] = [stream[j], stream[i]];
	}
	return stream;
}

/** What one workflow received over all rounds. */
interface Tally {
	handle: TriggerHandle;
	firstSent: Map<string, number>;
	statuses: Map<number, number>;
	answerMs: number[];
	sendMs: number;
	deliveries: number;
	/** Executions it should have started so far (the Webhook node: one per delivery). */
	expected: number;
}

/** Sends a stream with `concurrency` deliveries in flight, as fast as they are answered. */
async function send(tally: Tally, url: string, stream: string[], bodies: Map<string, string>, concurrency: number): Promise<void> {
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < stream.length) {
				const taskId = stream[next++];
				const at = Date.now();
				if (!tally.firstSent.has(taskId)) tally.firstSent.set(taskId, at);
				const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies.get(taskId) });
				await res.text();
				tally.answerMs.push(Date.now() - at);
				tally.statuses.set(res.status, (tally.statuses.get(res.status) ?? 0) + 1);
			}
		}),
	);
	tally.sendMs += Date.now() - started;
	tally.deliveries += stream.length;
}

/** Waits until the workflow has stored `expected` executions and none is still running. */
async function settle(tally: Tally): Promise<void> {
	for (const until = Date.now() + 120_000; Date.now() < until; await sleep(250)) {
		const executions = await tally.handle.executions(false);
		if (executions.length >= tally.expected && executions.every((e) => e.status !== 'running' && e.status !== 'new')) return;
	}
}

/** One RunningHub task read from here, as Verify with API makes it (POST /openapi/v2/query), in ms. */
async function roundTrip(ctx: BenchContext, taskId: string): Promise<number> {
	const at = performance.now();
	const res = await fetch(`${ctx.sim.url}/openapi/v2/query`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.sim.keys.aiShared}` },
		body: JSON.stringify({ taskId }),
	});
	await res.text();
	return performance.now() - at;
}

export async function trigger(ctx: BenchContext, o: TriggerOptions): Promise<void> {
	const { sim, host, report, log } = ctx;
	const label = `${o.tasks} tasks in ${o.rounds} rounds + ${Math.round(o.duplicateShare * 100)}% duplicates, ${o.concurrency} in flight`;
	const missing = host.missing({ node: 'runningHubTrigger' });
	if (missing) {
		for (const subject of TRIGGER_SUBJECTS) report.pending(BENCH, `${subject}: deliveries/s, delivery → execution start median / p99`, missing);
		report.pending(BENCH, 'each task starts exactly one execution', missing);
		return;
	}
	await sim.control.reset();
	sim.control.configure({ concurrencyLimit: 100_000, endpointDurations: { [TTS]: 0 } });
	const bodies = await collectDeliveries(ctx, o.tasks + 1);
	// One task is kept for timing round trips, so the simulator's log tells n8n's reads apart.
	const probeTask = [...bodies.keys()][o.tasks];
	bodies.delete(probeTask);
	const secret = randomBytes(24).toString('hex');
	const parameters = (verifyWithApi: boolean) => ({ secret, events: ['succeeded', 'failed'], verifyWithApi, options: {} });
	const tallies = {} as Record<TriggerSubject, Tally>;
	const urls = {} as Record<TriggerSubject, string>;
	for (const subject of TRIGGER_SUBJECTS) {
		const handle = subject === 'webhook node' ? await host.startWebhookNode() : await host.startTrigger(parameters(subject === 'verify on'));
		urls[subject] = subject === 'webhook node' ? handle.url : `${handle.url}?secret=${secret}`;
		// The Webhook node started one execution for the registration probe.
		const probes = (await handle.executions(false)).length;
		tallies[subject] = { handle, firstSent: new Map(), statuses: new Map(), answerMs: [], sendMs: 0, deliveries: 0, expected: probes };
	}

	const taskIds = [...bodies.keys()];
	const perRound = Math.ceil(taskIds.length / o.rounds);
	const roundTrips: number[] = [];
	for (let r = 0; r < o.rounds; r++) {
		const tasks = taskIds.slice(r * perRound, (r + 1) * perRound);
		const stream = deliveryStream(tasks, o.duplicateShare);
		const order = TRIGGER_SUBJECTS.map((_, i) => TRIGGER_SUBJECTS[(i + r) % TRIGGER_SUBJECTS.length]);
		log(`trigger round ${r + 1}/${o.rounds}: ${stream.length} deliveries of ${tasks.length} tasks to ${order.join(', ')}`);
		for (const subject of order) {
			const tally = tallies[subject];
			// RunningHub's round trip under the load of this run: task reads one at a time while the stream is sent.
			let sending = true;
			const sampler = (async () => {
				while (sending) {
					roundTrips.push(await roundTrip(ctx, probeTask));
					await sleep(ROUND_TRIP_EVERY_MS);
				}
			})();
			await send(tally, urls[subject], stream, bodies, o.concurrency);
			sending = false;
			await sampler;
			tally.expected += subject === 'webhook node' ? stream.length : tasks.length;
			await settle(tally);
		}
	}
	// A little longer for strays (a duplicate that started a second execution late).
	await sleep(1500);

	const results = {} as Record<TriggerSubject, { median: number; p99: number; perSecond: number; wrong: string[]; strays: number; executions: number }>;
	for (const subject of TRIGGER_SUBJECTS) {
		const tally = tallies[subject];
		const executions = (await tally.handle.executions()).filter((e) => e.taskId !== '' || subject !== 'webhook node');
		await tally.handle.close();
		const perTask = new Map<string, number[]>();
		for (const e of executions) perTask.set(e.taskId, [...(perTask.get(e.taskId) ?? []), e.startedAt]);
		const wrong = subject === 'webhook node' ? taskIds.filter((id) => !perTask.has(id)) : taskIds.filter((id) => perTask.get(id)?.length !== 1);
		const strays = executions.filter((e) => !bodies.has(e.taskId)).length;
		const latencies = taskIds.filter((id) => perTask.has(id)).map((id) => Math.min(...(perTask.get(id) as number[])) - (tally.firstSent.get(id) as number));
		const accepted = tally.statuses.get(200) ?? 0;
		const statusText = [...tally.statuses].map(([s, n]) => `${n}× ${s}`).join(', ');
		const perSecond = (accepted / tally.sendMs) * 1000;
		results[subject] = { median: median(latencies), p99: percentile(latencies, 99), perSecond, wrong, strays, executions: executions.length };

		report.expect(BENCH, accepted === tally.deliveries, `${subject}: ${accepted} of ${tally.deliveries} deliveries answered 200 (${statusText})`);
		report.expect(BENCH, latencies.length === o.tasks && latencies.every((l) => Number.isFinite(l) && l >= -1000), `${subject}: ${latencies.length} finite latencies for ${o.tasks} tasks (min ${Math.min(...latencies)} ms)`);
		report.info(
			BENCH,
			`${subject}: deliveries/s, delivery → execution start median / p99 (${label})`,
			`${perSecond.toFixed(1)}/s (${tally.deliveries} in ${secs(tally.sendMs)}, answers median ${median(tally.answerMs)} ms); ${median(latencies)} ms / ${percentile(latencies, 99)} ms (${latencies.length} tasks, ${executions.length} executions)`,
			{ deliveries: tally.deliveries, sendMs: tally.sendMs, statuses: Object.fromEntries(tally.statuses), answerMedianMs: median(tally.answerMs), answerP99Ms: percentile(tally.answerMs, 99), medianMs: median(latencies), p99Ms: percentile(latencies, 99), maxMs: Math.max(...latencies) },
		);
		report.figure(BENCH, triggerFigure(subject, 'median ms'), median(latencies));
		report.figure(BENCH, triggerFigure(subject, 'p99 ms'), percentile(latencies, 99));
		report.figure(BENCH, triggerFigure(subject, 'deliveries/s'), perSecond, 'min');
	}

	const trip = median(roundTrips);
	report.info(BENCH, 'RunningHub round trip (task reads one at a time during the sends)', `median ${trip.toFixed(1)} ms, p99 ${percentile(roundTrips, 99).toFixed(1)} ms (${roundTrips.length} reads)`, { medianMs: trip, p99Ms: percentile(roundTrips, 99) });
	report.figure(BENCH, ROUND_TRIP_FIGURE, trip);
	// Medians add up to about the median of the sum; p99s to at least the p99 of the sum.
	report.figure(BENCH, triggerFigure('verify off + one round trip', 'median ms'), results['verify off'].median + trip, 'min');
	report.figure(BENCH, triggerFigure('verify off + one round trip', 'p99 ms'), results['verify off'].p99 + percentile(roundTrips, 99), 'min');

	// Verify with API reads the task once per delivery it does not already know as a duplicate.
	const reads = [...statusRequests(sim)].filter(([id]) => bodies.has(id)).reduce((n, [, times]) => n + times.length, 0);
	const readsPerDelivery = reads / tallies['verify on'].deliveries;
	report.info(BENCH, 'verify on: RunningHub task reads', `${reads} for ${tallies['verify on'].deliveries} deliveries of ${o.tasks} tasks (${readsPerDelivery.toFixed(2)} per delivery)`, { reads });
	report.figure(BENCH, VERIFY_READS_FIGURE, readsPerDelivery);

	const triggers = (['verify off', 'verify on'] as const).map((s) => ({ s, ...results[s] }));
	const webhookMissing = results['webhook node'].wrong.length;
	report.check(
		BENCH,
		'each task starts exactly one execution',
		triggers.map((t) => `${t.s}: ${t.executions} executions for ${o.tasks} tasks, ${t.wrong.length} tasks with ≠ 1${t.strays ? `, ${t.strays} without a known task` : ''}`).join('; ') +
			`; webhook node: ${results['webhook node'].executions} executions${webhookMissing ? `, ${webhookMissing} tasks without one` : ''}`,
		'exactly 1 per task, all deliveries 200',
		triggers.every((t) => t.wrong.length === 0 && t.strays === 0) && webhookMissing === 0 && TRIGGER_SUBJECTS.every((s) => (tallies[s].statuses.get(200) ?? 0) === tallies[s].deliveries),
		Object.fromEntries(triggers.map((t) => [t.s, { executions: t.executions, wrong: t.wrong.slice(0, 20) }])),
	);
}
