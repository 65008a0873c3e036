/**
 * The summary after a batch (point 11): an execution hint with how many tasks, how long and the
 * total charge, from node version 2 only; version 1 shows none; the items are unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';

import { RunningHub } from '../../nodes/RunningHub/RunningHub.node';
import { BatchRun, batchSummary, durationWords } from '../../nodes/core/run/batch';
import type { TaskResult } from '../../nodes/core/tasks/task';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { runNode } from '../support/n8n.mts';

const task = (taskId: string, state: TaskResult['state'], consumeMoney: string | null): TaskResult =>
	({ taskId, status: state.toUpperCase(), state, outputs: [], usage: { consumeMoney, consumeCoins: null, taskCostTime: null, thirdPartyConsumeMoney: null } }) as TaskResult;

describe('batch summary', () => {
	it('counts every task once by its last state and sums the charges RunningHub reported', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ state: fc.constantFrom('succeeded', 'failed', 'pending'), cost: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }) }), { maxLength: 40 }),
				(tasks) => {
					const batch = new BatchRun({ getExecutionCancelSignal: () => undefined } as never);
					try {
						tasks.forEach((t, i) => {
							batch.track(task(`19${String(i).padStart(17, '0')}`, 'pending', null), i);
							batch.track(task(`19${String(i).padStart(17, '0')}`, t.state as TaskResult['state'], t.cost === null ? null : (t.cost / 1000).toFixed(3)), i);
						});
						const s = batch.summary();
						assert.equal(s.tasks, tasks.length);
						assert.equal(s.succeeded + s.failed + s.running, tasks.length);
						assert.equal(s.succeeded, tasks.filter((t) => t.state === 'succeeded').length);
						const charged = tasks.filter((t) => t.cost !== null);
						if (!charged.length) assert.equal(s.cost, undefined);
						else assert.equal(s.cost, charged.reduce((sum, t) => sum + (t.cost as number), 0) / 1000);
						const text = batchSummary(s);
						if (tasks.length < 2) assert.equal(text, undefined);
						else assert.match(String(text), new RegExp(`^${tasks.length} RunningHub tasks \\(${s.succeeded} succeeded`));
					} finally {
						batch.close();
					}
				},
			),
		);
	});

	it('leaves out charges that are not a finite, non-negative amount', () => {
		const batch = new BatchRun({ getExecutionCancelSignal: () => undefined } as never);
		try {
			['0.500', '-3', 'Infinity', 'abc', '1e400', '0.250'].forEach((money, i) => batch.track(task(`19${String(i).padStart(17, '0')}`, 'succeeded', money), i));
			assert.equal(batch.summary().cost, 0.75);
		} finally {
			batch.close();
		}
	});

	it('says durations in words', () => {
		assert.deepEqual([0, 45_000, 200_000, 3_900_000].map(durationWords), ['0 s', '45 s', '3 min 20 s', '1 h 5 min']);
	});
});

describe('batch summary in a run', () => {
	let sim: Simulator;
	before(async () => {
		sim = await startSimulator({ quiet: true, taskDurationMs: 20 });
	});
	after(async () => {
		await sim.close();
	});

	const run = (typeVersion: number, hintsThrow = false) =>
		runNode(RunningHub, {
			typeVersion,
			hintsThrow,
			credentials: { apiKey: SIM_KEYS.aiShared, site: 'custom', baseUrl: sim.url },
			input: [{ json: {} }, { json: {} }, { json: {} }],
			parameters: { resource: 'workflow', operation: 'run', workflowId: '1950000000000000001', waitForCompletion: true },
		});

	it('version 2 ends a run of three tasks with one hint; version 1 shows none; the items are the same shape', async () => {
		const v2 = await run(2);
		const hints = v2.recorder.hints ?? [];
		assert.equal(hints.length, 1, JSON.stringify(hints));
		assert.match(hints[0].message, /^3 RunningHub tasks \(3 succeeded\) in \d+ s\. /);
		assert.equal(hints[0].location, 'outputPane');
		const v1 = await run(1);
		assert.equal(v1.recorder.hints, undefined);
		assert.equal(v1.output[0].length, 3);
		assert.ok(v1.output[0].every((item) => !('batch' in item.json) && !('summary' in item.json)));
	});

	it('a hint that fails to show costs no item: every task still ends in its output item', async () => {
		const { output } = await run(2, true);
		assert.equal(output[0].length, 3);
		assert.ok(output[0].every((item) => typeof item.json.taskId === 'string' && item.json.taskId.length > 0), JSON.stringify(output[0].map((i) => i.json)));
	});
});
