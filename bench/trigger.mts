// Benchmark 4, trigger: RunningHub's real TASK_END deliveries (collected from the simulator) are
// replayed to an active RunningHub Trigger as fast as it accepts them, with a share of
// duplicates mixed in. Measured: deliveries accepted per second, time from sending a task's
// first delivery to n8n starting its execution (median, p99), and that every task started
// exactly one execution.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { BenchContext } from './lib/host.mjs';
import { median, percentile, secs, sleep } from './lib/report.mjs';
import { TTS, submit } from './lib/sim.mjs';

export interface TriggerOptions {
	tasks: number;
	/** Share of the stream that repeats an earlier delivery (0.3 = 30 %). */
	duplicateShare: number;
	/** Deliveries in flight at once. */
	concurrency: number;
}

const BENCH = 'trigger';

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

export async function trigger(ctx: BenchContext, o: TriggerOptions): Promise<void> {
	const { sim, host, report, log } = ctx;
	const label = `${o.tasks} tasks + ${Math.round(o.duplicateShare * 100)}% duplicates, ${o.concurrency} in flight`;
	const missing = host.missing({ node: 'runningHubTrigger' });
	if (missing) {
		report.pending(BENCH, `deliveries accepted per second (${label})`, missing);
		report.pending(BENCH, 'delivery → execution start, median / p99', missing);
		report.pending(BENCH, 'each task starts exactly one execution', missing);
		return;
	}
	await sim.control.reset();
	sim.control.configure({ concurrencyLimit: 100_000, endpointDurations: { [TTS]: 0 } });
	const bodies = await collectDeliveries(ctx, o.tasks);
	const secret = randomBytes(24).toString('hex');
	const handle = await host.startTrigger({ secret, events: ['succeeded', 'failed'], verifyWithApi: true, options: {} });
	const url = `${handle.url}?secret=${secret}`;
	const stream = deliveryStream([...bodies.keys()], o.duplicateShare);
	log(`trigger: ${stream.length} deliveries (${label})`);

	const firstSent = new Map<string, number>();
	const statuses = new Map<number, number>();
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: o.concurrency }, async () => {
			while (next < stream.length) {
				const taskId = stream[next++];
				if (!firstSent.has(taskId)) firstSent.set(taskId, Date.now());
				const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies.get(taskId) });
				await res.text();
				statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
			}
		}),
	);
	const sendMs = Date.now() - started;

	// Wait until every task's execution is stored and finished, then a little longer for strays.
	let executions = await handle.executions();
	for (const until = Date.now() + 120_000; Date.now() < until; await sleep(500)) {
		executions = await handle.executions();
		const done = executions.filter((e) => e.status !== 'running' && e.status !== 'new');
		if (done.length >= o.tasks && done.length === executions.length) break;
	}
	await sleep(1500);
	executions = await handle.executions();
	await handle.close();

	const accepted = statuses.get(200) ?? 0;
	const perTask = new Map<string, number>();
	for (const e of executions) perTask.set(e.taskId, (perTask.get(e.taskId) ?? 0) + 1);
	const wrong = [...bodies.keys()].filter((id) => perTask.get(id) !== 1);
	const strays = executions.filter((e) => !bodies.has(e.taskId)).length;
	const latencies = executions.filter((e) => firstSent.has(e.taskId)).map((e) => e.startedAt - (firstSent.get(e.taskId) as number));
	const statusText = [...statuses].map(([s, n]) => `${n}× ${s}`).join(', ');

	report.expect(BENCH, wrong.length === 0 && strays === 0, `${wrong.length} tasks did not start exactly one execution, ${strays} executions without a known task`);
	report.expect(BENCH, accepted === stream.length, `${accepted} of ${stream.length} deliveries answered 200 (${statusText})`);
	report.expect(BENCH, latencies.length === o.tasks && latencies.every((l) => Number.isFinite(l) && l >= -1000), `delivery → execution start: ${latencies.length} finite latencies for ${o.tasks} tasks (min ${Math.min(...latencies)} ms)`);
	report.info(BENCH, `deliveries accepted per second (${label})`, `${((accepted / sendMs) * 1000).toFixed(1)}/s (${stream.length} in ${secs(sendMs)}: ${statusText})`, {
		deliveries: stream.length,
		sendMs,
		statuses: Object.fromEntries(statuses),
	});
	report.info(BENCH, 'delivery → execution start, median / p99', `${secs(median(latencies), 3)} / ${secs(percentile(latencies, 99), 3)} (${latencies.length} executions)`, {
		medianMs: median(latencies),
		p99Ms: percentile(latencies, 99),
		maxMs: Math.max(...latencies),
	});
	report.check(
		BENCH,
		'each task starts exactly one execution',
		`${executions.length} executions for ${o.tasks} tasks; ${wrong.length} tasks with ≠ 1${strays ? `, ${strays} without a known task` : ''}; ${accepted} of ${stream.length} deliveries answered 200`,
		'exactly 1 per task, all deliveries 200',
		wrong.length === 0 && strays === 0 && accepted === stream.length,
		{ executions: executions.length, wrong: wrong.slice(0, 20) },
	);
}
