// Issue 19 point 4: a task the RunningHub node did not see finish carries when it was submitted
// (version 2), and Wait for Task reads it from its input item to time its polls from the task's
// start (the schedule itself is proven in test/core/poll-schedule.test.mts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { IExecuteFunctions } from 'n8n-workflow';

import { RunningHubWaitForTask } from '../../nodes/RunningHubWaitForTask/RunningHubWaitForTask.node';
import { submittedAtOf } from '../../nodes/RunningHubWaitForTask/shared';
import { submittedAtField } from '../../nodes/core/run/simplify';
import type { TaskResult } from '../../nodes/core/tasks/task';
import { startSimulator, type Simulator } from '../../simulator/index.mts';
import { runNode } from '../support/n8n.mts';
import { simCredentials, submitTask } from '../support/simtasks.mts';
import { runRunningHub } from '../operations/support.mts';

const ID = '1965432109876543210';
const withInput = (json: Record<string, unknown>) => ({ getInputData: () => [{ json }] }) as unknown as IExecuteFunctions;

describe('submittedAt: the logic', () => {
	it('property: only a pending task carries it, as the ISO time given', () => {
		fc.assert(
			fc.property(fc.constantFrom('pending', 'succeeded', 'failed', 'cancelled'), fc.integer({ min: 0, max: 2 ** 42 }), (state, ms) => {
				const task = { taskId: ID, status: 'RUNNING', state, outputs: [] } as TaskResult;
				assert.deepEqual(submittedAtField(task, ms), state === 'pending' ? { submittedAt: new Date(ms).toISOString() } : {});
				assert.deepEqual(submittedAtField(task, undefined), {});
			}),
		);
	});

	it('property: Wait for Task takes it from an item only when the item is that task\'s and the time reads', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 2 ** 42 }), fc.constantFrom(ID, ` ${ID} `, '1965432109876543211', undefined), (ms, itemTaskId) => {
				const iso = new Date(ms).toISOString();
				const got = submittedAtOf(withInput({ taskId: itemTaskId, submittedAt: iso }), { itemIndex: 0, taskId: ID });
				assert.equal(got, itemTaskId?.trim() === ID ? ms : undefined);
			}),
		);
		for (const submittedAt of ['yesterday', 12345, null, ''])
			assert.equal(submittedAtOf(withInput({ taskId: ID, submittedAt }), { itemIndex: 0, taskId: ID }), undefined, String(submittedAt));
	});
});

describe('submittedAt: real runs against the simulator', () => {
	let sim: Simulator;
	before(async () => {
		sim = await startSimulator({ quiet: true, taskDurationMs: 60_000, concurrencyLimit: 50 });
	});
	after(async () => await sim.close());

	it('version 2: a task submitted without waiting carries submittedAt; version 1 keeps its shape', async () => {
		const credentials = simCredentials(sim);
		const parameters = { resource: 'audio', operation: 'textToSpeech', text: 'Hello.', waitForCompletion: false, submitOptions: {} };
		const before = Date.now();
		const v2 = await runRunningHub({ baseUrl: sim.url, apiKey: credentials.apiKey, typeVersion: 2, parameters });
		const at = Date.parse(String(v2.items[0].json.submittedAt));
		assert.ok(at >= before && at <= Date.now(), `submittedAt ${String(v2.items[0].json.submittedAt)}`);
		assert.equal(v2.items[0].json.status, 'pending');
		const v1 = await runRunningHub({ baseUrl: sim.url, apiKey: credentials.apiKey, typeVersion: 1, parameters });
		assert.equal(v1.items[0].json.submittedAt, undefined);
	});

	it('Wait for Task version 2 passes submittedAt on with a task still running (for a next wait); version 1 does not', async () => {
		const credentials = simCredentials(sim);
		const taskId = await submitTask(sim, { durationMs: -1 });
		const submittedAt = new Date(Date.now() - 5_000).toISOString();
		for (const typeVersion of [1, 2]) {
			const { output } = await runNode(RunningHubWaitForTask, {
				parameters: { mode: 'poll', maxWaitSeconds: 1, taskId },
				credentials,
				input: [{ json: { taskId, submittedAt } }],
				typeVersion,
			});
			const [item] = output[2];
			assert.equal(item.json.taskId, taskId);
			assert.equal(item.json.submittedAt, typeVersion >= 2 ? submittedAt : undefined);
		}
	});
});
