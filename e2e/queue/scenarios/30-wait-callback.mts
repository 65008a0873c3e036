// Wait for Task in callback mode across processes: a worker runs Text to Speech with this
// execution's resume URL as RunningHub's webhook and parks the execution (stored as waiting, the
// worker moves on); RunningHub's callback reaches the webhook processor (WEBHOOK_URL), which
// queues the resume; a worker resumes the execution and downloads the task's output there.
import assert from 'node:assert/strict';

import { Execution } from '../../lib/scenario.mjs';
import { manualTriggerName } from '../../lib/workflows.mjs';
import type { QueueScenario } from '../context.mjs';

type Delivery = { url: string; ok: boolean; status: number | null; taskId?: string };

export const scenario: QueueScenario = {
	name: 'wait-callback',
	title: 'Wait for Task (callback): parked by a worker, called back at the webhook processor, resumed and downloaded on a worker',
	async run(ctx) {
		const { sim, cluster, log } = ctx;
		sim.control.configure({ taskDurationMs: 5000 });
		const { id, workflow } = await ctx.createWorkflow('wait-callback', { TEXT: 'Call me back through the webhook processor.' });
		const executionId = await cluster.main.rest.runManually(id, manualTriggerName(workflow));

		const parked = await cluster.main.rest.waitForExecution(executionId, { timeoutMs: 30_000, acceptWaiting: true });
		assert.equal(parked.status, 'waiting', `the execution should be parked, it ended "${parked.status}"`);
		const [task] = sim.control.tasks();
		assert.ok(task, 'no task was submitted');
		assert.ok(['QUEUED', 'RUNNING'].includes(task.status), `the task still runs while the execution waits (${task.status})`);
		assert.ok(String(task.webhookUrl).startsWith(`${cluster.webhookBase}/webhook-waiting/${executionId}`), `RunningHub is told to call the webhook processor: ${task.webhookUrl}`);
		const parkedOn = ctx.ranOn(executionId);
		assert.equal(parkedOn.length, 1, `one worker ran the first part: ${parkedOn.join(', ')}`);
		assert.match(parkedOn[0], /^worker-/);

		const execution = new Execution(await cluster.main.rest.waitForExecution(executionId, { timeoutMs: 60_000 }));
		execution.assertSuccess();
		const [done] = execution.output('Wait for callback');
		assert.equal(done.json.taskId, task.id);
		assert.equal(done.json.waitResult, 'succeeded', JSON.stringify(done.json).slice(0, 400));
		assert.equal(done.json.resumedBy, 'callback');
		assert.equal(done.binary?.data?.mimeType, 'audio/mpeg', 'the output was downloaded after the resume');
		assert.match(String(done.binary?.data?.id), /^database:/, `stored in the database (got ${done.binary?.data?.id})`);

		const deliveries = (sim.control.webhookDeliveries() as Delivery[]).filter((d) => d.url.includes(`/webhook-waiting/${executionId}`));
		assert.ok(deliveries.some((d) => d.ok), `the webhook processor accepted the callback: ${JSON.stringify(deliveries).slice(0, 400)}`);
		assert.ok(deliveries.every((d) => d.url.startsWith(cluster.webhookBase)), 'every callback went to the webhook processor');
		// A worker logs each job it takes: the first run and the resume (possibly different workers).
		const ranOn = ctx.ranOn(executionId);
		assert.ok(ranOn.length >= 1 && ranOn.every((p) => p.startsWith('worker-')), `only workers ran it: ${ranOn.join(', ')}`);
		log(`execution ${executionId}: parked by ${parkedOn[0]}, callback ${deliveries[0].status} at the webhook processor, run by ${ranOn.join(' and ')} in all; task ${task.id} downloaded after the resume`);
	},
};
