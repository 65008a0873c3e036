// Resume on callback, the full loop through a real n8n: Text to Speech is submitted with this
// execution's resume URL as its webhook, the Wait for Task node parks the execution (n8n stores
// it as "waiting"), the simulator calls the resume URL when the task ends (on 2.40 it carries
// n8n's ?signature=), n8n resumes the execution and it finishes with the task's result.
import assert from 'node:assert/strict';

import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'wait-callback',
	title: 'Text to Speech with callback → Wait for Task, Resume on Callback: parked, resumed by RunningHub',
	requires: [{ resource: 'audio', operation: 'textToSpeech' }, { node: 'runningHubWaitForTask' }],
	async run({ runWorkflow, sim, instance, version, log }) {
		// Long enough that the execution is certainly parked before the callback arrives.
		sim.control.configure({ taskDurationMs: 2500 });
		const execution = await runWorkflow('wait-callback', { TEXT: 'Call me back when the speech is ready.' }, { timeoutMs: 60_000 });
		execution.assertSuccess();
		const [submitted] = execution.output('Text to speech');
		const [done] = execution.output('Wait for callback');
		assert.equal(done.json.taskId, submitted.json.taskId);
		assert.equal(done.json.waitResult, 'succeeded', JSON.stringify(done.json));
		assert.equal(done.json.waitMode, 'callback');
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
