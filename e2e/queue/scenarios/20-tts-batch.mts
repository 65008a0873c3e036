// 30 Text to Speech items at once over both workers: two executions of 15 items started
// together, one key whose concurrency limit is 5. Each execution sizes its parallelism from the
// key's limit, so together they ask for more slots than the key has: RunningHub refuses the
// excess, the package retries the refusals, and every item still gets exactly one task, in order,
// paired with its input.
import assert from 'node:assert/strict';

import { Execution } from '../../lib/scenario.mjs';
import { manualTriggerName } from '../../lib/workflows.mjs';
import type { QueueScenario } from '../context.mjs';

const EXECUTIONS = 2;
const ITEMS = 15;

type SimTask = { id: string; endpoint: string; status: string; body: { text?: string } };

export const scenario: QueueScenario = {
	name: 'tts-batch',
	title: '30 TTS items in two executions on two workers at once, key concurrency 5: one task each, refusals retried, order and pairing kept',
	timeoutMs: 180_000,
	async run(ctx) {
		const { sim, cluster, log } = ctx;
		sim.control.configure({ concurrencyLimit: 5, queueLimit: 0, taskDurationMs: 1500 });
		const batches = Array.from({ length: EXECUTIONS }, (_, e) =>
			Array.from({ length: ITEMS }, (_, i) => ({ n: i, text: `Batch ${e + 1}, script ${i + 1}: queue mode keeps every task.` })),
		);
		const created = await Promise.all(
			batches.map((items) => ctx.createWorkflow(ctx.workflowFile('tts-batch'), { ITEMS: JSON.stringify(items) })),
		);
		// Started together, so both run at the same time.
		const ids = await Promise.all(created.map(({ id, workflow }) => cluster.main.rest.runManually(id, manualTriggerName(workflow))));
		const executions = await Promise.all(
			ids.map(async (id) => new Execution(await cluster.main.rest.waitForExecution(id, { timeoutMs: 170_000 }))),
		);

		const tasks = (sim.control.tasks() as SimTask[]).filter((t) => t.endpoint === 'kling-lip-sync/tts');
		const byText = new Map<string, SimTask[]>();
		for (const t of tasks) byText.set(String(t.body.text), [...(byText.get(String(t.body.text)) ?? []), t]);
		const workers = new Set<string>();
		for (const [e, execution] of executions.entries()) {
			execution.assertSuccess();
			const ranOn = ctx.ranOn(execution.id);
			assert.equal(ranOn.length, 1, `execution ${execution.id} ran on ${ranOn.join(', ') || 'no process'}`);
			assert.match(ranOn[0], /^worker-/);
			workers.add(ranOn[0]);
			const out = execution.output('Text to speech');
			assert.equal(out.length, ITEMS, `execution ${execution.id}: ${out.length} of ${ITEMS} items came out`);
			for (const [i, item] of out.entries()) {
				const input = batches[e][i];
				assert.deepEqual(item.pairedItem, { item: i }, `item ${i} is paired with input ${i}: ${JSON.stringify(item.pairedItem)}`);
				assert.equal(item.json.state, 'succeeded', `item ${i}: ${JSON.stringify(item.json).slice(0, 300)}`);
				const forText = byText.get(input.text) ?? [];
				assert.equal(forText.length, 1, `"${input.text}" was submitted ${forText.length} times`);
				assert.equal(String(item.json.taskId), forText[0].id, `item ${i} carries the task of its own text`);
			}
		}
		assert.equal(tasks.length, EXECUTIONS * ITEMS, `${tasks.length} tasks for ${EXECUTIONS * ITEMS} items`);
		assert.equal(workers.size, EXECUTIONS, `the executions ran on ${[...workers].join(', ')}: both workers take part`);
		const refused = (sim.control.submitCounts().refused as unknown[]).length;
		assert.ok(refused > 0, 'the key limit was reached: RunningHub refused some submits, and they were retried');
		log(`executions ${executions.map((x) => x.id).join(', ')} on ${[...workers].join(' + ')}: ${tasks.length} tasks for ${EXECUTIONS * ITEMS} items, ${refused} refusals retried, none lost or doubled`);
	},
};
