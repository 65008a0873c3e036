// Every task RunningHub creates is named in n8n's log as soon as its ID is known, before any
// waiting: in queue mode a worker can die mid-wait and n8n then stores the execution without any
// node data (e2e/queue/scenarios/90-worker-killed.mts), so the worker's log is the one place in
// n8n that still names the paid task. The line carries IDs only, never the key.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { runRunningHub } from './support.mts';

const KEY = SIM_KEYS.aiShared;
let sim: Simulator;

before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 200, quiet: true });
});
after(async () => {
	await sim.close();
});
beforeEach(async () => {
	await sim.control.reset();
});

const createdLines = (logs: string[]) => logs.filter((l) => /^RunningHub task \d+ created/.test(l));

describe('created tasks are logged', () => {
	for (const waitForCompletion of [false, true]) {
		it(`names each task of a batch with its node and item (Wait for Completion ${waitForCompletion ? 'on' : 'off'})`, async () => {
			const input = ['One.', 'Two.', 'Three.'].map((text) => ({ json: { text } }));
			const { items, recorder } = await runRunningHub({
				baseUrl: sim.url,
				apiKey: KEY,
				parameters: { resource: 'audio', operation: 'textToSpeech', text: '={{ $json.text }}', waitForCompletion },
				input,
			});
			const created = createdLines(recorder.logs);
			const taskIds = sim.control.tasks().map((t) => t.id);
			assert.equal(taskIds.length, 3);
			assert.equal(created.length, 3, `one line per created task: ${JSON.stringify(recorder.logs)}`);
			for (const [i, item] of items.entries()) {
				const line = created.find((l) => l.includes(`task ${String(item.json.taskId)} `));
				assert.ok(line, `task ${item.json.taskId} of item ${i} is logged`);
				assert.match(line, new RegExp(`item ${i}\\b`));
				assert.match(line, /by node "/);
			}
			assert.deepEqual(created.map((l) => /task (\d+)/.exec(l)?.[1]).sort(), [...taskIds].sort());
			assert.ok(!recorder.logs.some((l) => l.includes(KEY)), 'the key is never logged');
		});
	}

	it('logs a task before waiting for it, so a task that never finishes is named too', async () => {
		sim.control.configure({ taskDurationMs: -1 });
		const { items, recorder } = await runRunningHub({
			baseUrl: sim.url,
			apiKey: KEY,
			parameters: { resource: 'audio', operation: 'textToSpeech', text: 'Never done.', waitForCompletion: true, submitOptions: { maxWaitSeconds: 1 } },
		});
		const [task] = sim.control.tasks();
		assert.ok(task);
		assert.equal(String(items[0].json.taskId), task.id);
		assert.equal(createdLines(recorder.logs).filter((l) => l.includes(task.id)).length, 1);
	});
});
