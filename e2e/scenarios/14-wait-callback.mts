// Resume on callback, the full loop through a real n8n: Text to Speech is submitted with this
// execution's resume URL as its webhook, the Wait for Task node parks the execution (n8n stores
// it as "waiting" while the task still runs), the simulator calls the resume URL when the task
// ends (on 2.40 it carries n8n's ?signature=), n8n resumes the execution and it finishes with
// the task's result. Run as saved on node version 1 (waitMode, resumedBy) and on version 2,
// where the resumed task has the same shape as the node's own wait gives (docs/outputs.md).
import assert from 'node:assert/strict';

import { Execution, type Scenario, type ScenarioContext } from '../lib/scenario.mjs';
import { manualTriggerName } from '../lib/workflows.mjs';

type SimTask = { id: string; status: string };

/** Runs the workflow on one node version through park and resume; returns what it submitted and what came out. */
async function parkAndResume(ctx: ScenarioContext, nodeVersion: number) {
	const { createWorkflow, sim, instance, version, log } = ctx;
	const before = new Set((sim.control.tasks() as SimTask[]).map((t) => t.id));
	const { id, workflow } = await createWorkflow('wait-callback', { TEXT: 'Call me back when the speech is ready.' }, { nodeVersion });
	const executionId = await instance.rest.runManually(id, manualTriggerName(workflow));

	const parked = await instance.rest.waitForExecution(executionId, { timeoutMs: 30_000, acceptWaiting: true });
	assert.equal(parked.status, 'waiting', `v${nodeVersion}: the execution should be parked, it ended "${parked.status}"`);
	const task = (sim.control.tasks() as SimTask[]).find((t) => !before.has(t.id));
	assert.ok(task, 'no task was submitted');
	assert.ok(['QUEUED', 'RUNNING'].includes(task.status), `the task should still run while the execution waits (it is ${task.status})`);
	const resumeUrl = `${instance.n8n.baseUrl}/webhook-waiting/${executionId}`;
	const deliveriesToThis = () => (sim.control.webhookDeliveries() as Array<{ url: string; ok: boolean }>).filter((d) => d.url.startsWith(resumeUrl));
	assert.equal(deliveriesToThis().length, 0, 'RunningHub has not called back yet');
	log(`v${nodeVersion}: execution ${executionId} waiting while task ${task.id} is ${task.status}`);

	const execution = new Execution(await instance.rest.waitForExecution(executionId, { timeoutMs: 60_000 }));
	execution.assertSuccess();
	const [submitted] = execution.output('Text to speech');
	const [done] = execution.output('Wait for callback');
	assert.equal(done.json.taskId, submitted.json.taskId);
	assert.equal(done.json.taskId, task.id);
	assert.equal(done.json.waitResult, 'succeeded', JSON.stringify(done.json));
	assert.equal(done.binary?.data?.mimeType, 'audio/mpeg');

	const deliveries = deliveriesToThis();
	assert.ok(deliveries.length >= 1, `the simulator never called n8n's resume URL (deliveries: ${JSON.stringify(sim.control.webhookDeliveries()).slice(0, 400)})`);
	assert.ok(deliveries.some((d) => d.ok), `n8n refused the callback: ${JSON.stringify(deliveries).slice(0, 400)}`);
	if (version !== '2.8.4') assert.match(deliveries[0].url, /[?&]signature=/, 'n8n 2.40 signs resume URLs');
	log(`v${nodeVersion}: execution ${execution.id} resumed by ${deliveries[0].url.replace(instance.n8n.baseUrl, '')}`);
	return { submitted: submitted.json as Record<string, unknown>, done: done.json as Record<string, unknown> };
}

export const scenario: Scenario = {
	name: 'wait-callback',
	title: 'Text to Speech with callback → Wait for Task, Resume on Callback: parked as waiting, resumed by RunningHub (node versions 1 and 2)',
	requires: [{ resource: 'audio', operation: 'textToSpeech' }, { node: 'runningHubWaitForTask' }],
	timeoutMs: 180_000,
	async run(ctx) {
		// Long enough to see the parked execution while the task still runs.
		ctx.sim.control.configure({ taskDurationMs: 6000 });

		const v1 = await parkAndResume(ctx, 1);
		assert.equal(v1.done.waitMode, 'callback');
		assert.equal(v1.done.resumedBy, 'callback');
		assert.equal(v1.done.state, 'succeeded');

		// Version 2: the one task shape, as the RunningHub node's own Wait for Completion gives it.
		const v2 = await parkAndResume(ctx, 2);
		const { done } = v2;
		assert.equal(done.status, 'succeeded', JSON.stringify(done));
		for (const twin of ['state', 'waitMode', 'resumedBy', 'message']) assert.ok(!(twin in done), `version 2 has no "${twin}": ${JSON.stringify(done)}`);
		assert.equal(typeof done.audioUrl, 'string', 'the audioUrl shortcut');
		assert.deepEqual(done.audioUrls, [done.audioUrl]);
		if (done.cost !== undefined) {
			assert.equal(typeof done.cost, 'number', `cost is a number: ${JSON.stringify(done.cost)}`);
			assert.equal(typeof done.currency, 'string', 'cost comes with its currency');
		}
		assert.doesNotMatch(JSON.stringify(done), /:null[,}\]]/, `no null fields: ${JSON.stringify(done)}`);
		ctx.log(`version 2 resumed: ${JSON.stringify({ status: done.status, audioUrl: done.audioUrl, cost: done.cost, currency: done.currency })}`);
	},
};
