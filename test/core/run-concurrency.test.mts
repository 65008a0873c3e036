// The shared submit engine (runTaskOperation → runPerItem → settleTask), driven through a real
// submitting operation (Audio → Text to Speech) against the simulator: items run concurrently up
// to the limit (timing and the simulator's task log), and queue-full answers (1520, 421) are
// retried, not failed. Behaviour tests with generous margins, not benchmarks.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import fc from 'fast-check';

import { POLL_CONCURRENCY, pollConcurrencyFor } from '../../nodes/core/tasks/wait.ts';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { assertNoKey, pairedOf, runRunningHub } from '../operations/support.mts';

const KEY = SIM_KEYS.aiShared;
const TTS = 'kling-lip-sync/tts';
let sim: Simulator;

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { line: `Line number ${i + 1}.` } }));

async function runTts(n: number, submitOptions: Record<string, unknown> = {}) {
	const input = items(n);
	const started = Date.now();
	const result = await runRunningHub({
		baseUrl: sim.url,
		apiKey: KEY,
		parameters: { resource: 'audio', operation: 'textToSpeech', text: (i: number) => input[i].json.line, voiceId: 'AOT', submitOptions },
		input,
	});
	return { ...result, elapsedMs: Date.now() - started };
}

/** The most requests to `path` the simulator was answering at the same moment. */
function maxInFlight(path: string): number {
	const events = sim.control
		.requests({ path })
		.flatMap((r) => [
			{ at: Date.parse(r.time), delta: 1 },
			{ at: Date.parse(r.time) + r.durationMs, delta: -1 },
		])
		.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let now = 0;
	let max = 0;
	for (const e of events) max = Math.max(max, (now += e.delta));
	return max;
}

/** The largest number of the simulator's tasks that were RUNNING at the same moment. */
function maxRunningAtOnce(): number {
	const events = sim.control
		.tasks()
		.filter((t) => t.startedAt && t.endedAt)
		.flatMap((t) => [
			{ at: Date.parse(t.startedAt!), delta: 1 },
			{ at: Date.parse(t.endedAt!), delta: -1 },
		])
		.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let now = 0;
	let max = 0;
	for (const e of events) max = Math.max(max, (now += e.delta));
	return max;
}

before(async () => {
	sim = await startSimulator({ port: 0, quiet: true });
});
after(async () => {
	await sim.close();
});
beforeEach(async () => {
	await sim.control.reset();
});

describe('submit engine: concurrency', () => {
	it('runs N items C at a time: about ceil(N/C)·D, not N·D', async () => {
		const N = 6;
		const C = 3;
		const D = 2000;
		sim.control.configure({ concurrencyLimit: C, endpointDurations: { [TTS]: D } });
		const { items: out, elapsedMs } = await runTts(N);
		assert.equal(out.length, N);
		assert.deepEqual(pairedOf(out), [0, 1, 2, 3, 4, 5]);
		assert.ok(out.every((i) => i.json.state === 'succeeded' && i.json.audioId), 'every item succeeded');
		const lower = Math.ceil(N / C) * D;
		assert.ok(elapsedMs >= lower, `took ${elapsedMs} ms, cannot be faster than ${lower} ms`);
		assert.ok(elapsedMs < N * D * 0.75, `took ${elapsedMs} ms: items ran one after another (N·D = ${N * D} ms)`);
		assert.equal(maxRunningAtOnce(), C, 'C tasks ran side by side');
		assert.equal(sim.control.submitCounts().refusedTotal, 0, 'the node kept to the key\'s limit: RunningHub refused nothing');
		assert.equal(sim.control.requests({ path: '/openapi/v2/queue/status' }).length, 1, 'the key\'s limit was read once');
		assertNoKey(KEY, out);
	});

	it('keeps to an explicit Concurrency below the key\'s limit', async () => {
		sim.control.configure({ concurrencyLimit: 3, endpointDurations: { [TTS]: 800 } });
		const { items: out } = await runTts(4, { concurrency: 2 });
		assert.equal(out.filter((i) => i.json.audioId).length, 4);
		assert.equal(maxRunningAtOnce(), 2);
		assert.equal(sim.control.requests({ path: '/openapi/v2/queue/status' }).length, 0, 'no need to ask the key\'s limit');
	});

	it('falls back to 3 at a time where the site has no queue status', async () => {
		sim.control.configure({ concurrencyLimit: 10, endpointDurations: { [TTS]: 800 } });
		sim.control.addFault({ path: '/openapi/v2/queue/status', times: -1, fault: { type: 'http', status: 404 } });
		const { items: out } = await runTts(5);
		assert.equal(out.filter((i) => i.json.audioId).length, 5);
		assert.equal(maxRunningAtOnce(), 3);
	});
});

describe('submit engine: polls in flight grow with the concurrency, within a bound', () => {
	it('bounds them by half the concurrency, never below the default (a property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 1000 }), (c) => {
				const bound = pollConcurrencyFor(c);
				assert.ok(bound >= POLL_CONCURRENCY && bound >= c / 2, `${bound} for ${c}`);
				// Never more polls in flight than tasks running (above the default), nor a bound of more than half plus one.
				assert.ok(bound <= Math.max(POLL_CONCURRENCY, Math.ceil(c / 2)), `${bound} for ${c}`);
			}),
		);
		assert.equal(pollConcurrencyFor(Number.NaN), POLL_CONCURRENCY);
	});

	it('sends the polls of 20 tasks due together up to 10 at a time, not 5 and not 20', async () => {
		sim.control.configure({ concurrencyLimit: 20, endpointDurations: { [TTS]: 600 } });
		// Answers held back a little, so polls in flight overlap measurably.
		sim.control.addFault({ path: '/openapi/v2/query', times: -1, fault: { type: 'delay', ms: 150 } });
		const { items: out } = await runTts(20, { concurrency: 20 });
		assert.equal(out.filter((i) => i.json.audioId).length, 20);
		const max = maxInFlight('/openapi/v2/query');
		assert.ok(max <= 10, `${max} polls in flight at once (at most 10)`);
		assert.ok(max > POLL_CONCURRENCY, `only ${max} polls in flight at once: the bound did not grow with the concurrency`);
	});
});

describe('submit engine: queue-full answers are retried, not failed', () => {
	it('retries 1520 (concurrent limit) until a slot frees up', async () => {
		sim.control.configure({ concurrencyLimit: 1, queueLimit: 0, endpointDurations: { [TTS]: 600 } });
		// Concurrency 3 on a key that runs 1: RunningHub refuses the extra submits.
		const { items: out } = await runTts(3, { concurrency: 3 });
		assert.equal(out.length, 3);
		assert.ok(out.every((i) => i.json.state === 'succeeded'), JSON.stringify(out.map((i) => i.json.error ?? i.json.state)));
		const counts = sim.control.submitCounts();
		assert.equal(counts.total, 3, 'each item created exactly one task');
		assert.ok(counts.refused.length >= 2, 'RunningHub refused some submits first');
		assert.ok(counts.refused.every((r) => r.code === '1520'));
		assert.equal(maxRunningAtOnce(), 1);
	});

	it('retries 421 TASK_QUEUE_MAXED', async () => {
		sim.control.configure({ variants: { syncSuccess: true } });
		sim.control.addFault({ path: `/openapi/v2/${TTS}`, times: 2, fault: { type: 'businessError', code: 421, message: 'TASK_QUEUE_MAXED' } });
		const { items: out } = await runTts(1);
		assert.ok(out[0].json.audioId, JSON.stringify(out[0].json));
		assert.equal(sim.control.requests({ path: `/openapi/v2/${TTS}` }).length, 3, 'two refusals, then accepted');
		assert.equal(sim.control.submitCount(), 1);
	});
});
