// Resume on callback, the full loop through a real n8n: Text to Speech is submitted with this
// execution's resume URL as its webhook, the Wait for Task node parks the execution (n8n stores
// it as "waiting" while the task still runs), the simulator calls the resume URL when the task
// ends (on 2.40 it carries n8n's ?signature=), n8n resumes the execution and it finishes with
// the task's result.
import assert from 'node:assert/strict';

import { Execution, type Scenario } from '../lib/scenario.mjs';
import { manualTriggerName } from '../lib/workflows.mjs';

export const scenario: Scenario = {
	name: 'wait-callback',
	title: 'Text to Speech with callback → Wait for Task, Resume on Callback: parked as waiting, resumed by RunningHub',
	requires: [{ resource: 'audio', operation: 'textToSpeech' }, { node: 'runningHubWaitForTask' }],
	async run({ createWorkflow, sim, instance, version, log }) {
		// Long enough to see the parked execution while the task still runs.
		sim.control.configure({ taskDurationMs: 6000 });
		const { id, workflow } = await createWorkflow('wait-callback', { TEXT: 'Call me back when the speech is ready.' });
		const executionId = await instance.rest.runManually(id, manualTriggerName(workflow));

		const parked = await instance.rest.waitForExecution(executionId, { timeoutMs: 30_000, acceptWaiting: true });
		assert.equal(parked.status, 'waiting', `the execution should be parked, it ended "${parked.status}"`);
		const [task] = sim.control.tasks();
		assert.ok(task, 'no task was submitted');
		assert.ok(['QUEUED', 'RUNNING'].includes(task.status), `the task should still run while the execution waits (it is ${task.status})`);
		assert.equal(sim.control.webhookDeliveries().length, 0, 'RunningHub has not called back yet');
		log(`execution ${executionId} waiting while task ${task.id} is ${task.status}`);

		const execution = new Execution(await instance.rest.waitForExecution(executionId, { timeoutMs: 60_000 }));
		execution.assertSuccess();
		const [submitted] = execution.output('Text to speech');
		const [done] = execution.output('Wait for callback');
		assert.equal(done.json.taskId, submitted.json.taskId);
		assert.equal(done.json.taskId, task.id);
		assert.equal(done.json.waitResult, 'succeeded', JSON.stringify(done.json));
		assert.equal(done.json.waitMode, 'callback');
		assert.equal(done.json.resumedBy, 'callback');
		assert.equal(done.binary?.data?.mimeType, 'audio/mpeg');

		const deliveries = (sim.control.webhookDeliveries() as Array<{ url: string; ok: boolean; status: number | null }>).filter((d) =>
			d.url.startsWith(`${instance.n8n.baseUrl}/webhook-waiting/${execution.id}`),
		);
		assert.ok(deliveries.length >= 1, `the simulator never called n8n's resume URL (deliveries: ${JSON.stringify(sim.control.webhookDeliveries()).slice(0, 400)})`);
		assert.ok(deliveries.some((d) => d.ok), `n8n refused the callback: ${JSON.stringify(deliveries).slice(0, 400)}`);
		if (version !== '2.8.4') assert.match(deliveries[0].url, /[?&]signature=/, 'n8n 2.40 signs resume URLs');
		log(`execution ${execution.id} resumed by ${deliveries[0].url.replace(instance.n8n.baseUrl, '')}`);
	},
};
