// Resume on Callback with three tasks that end at different times, one of them failing: every
// callback but the last finds tasks still running and leaves the execution parked; the last one
// resumes it once, with one item per task on the single output (route on waitResult).
import assert from 'node:assert/strict';

import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'wait-callback-many',
	title: 'three tasks with callbacks → Wait for Task, Resume on Callback (all finished): resumed once, one item per task',
	requires: [{ resource: 'audio', operation: 'textToSpeech' }, { node: 'runningHubWaitForTask' }],
	async run({ runWorkflow, sim, instance, log }) {
		const endpoint = 'kling-lip-sync/tts';
		sim.control.scriptOutcome({ endpoint, durationMs: 1500 });
		sim.control.scriptOutcome({ endpoint, durationMs: 3000, fail: { errorCode: '805', errorMessage: 'Simulated generation failure' } });
		sim.control.scriptOutcome({ endpoint, durationMs: 4500 });
		const execution = await runWorkflow('wait-callback-many', {}, { timeoutMs: 60_000 });
		execution.assertSuccess();

		const submitted = execution.output('Text to speech').map((i) => String(i.json.taskId));
		const result = execution.output('Wait for callbacks');
		assert.equal(result.length, 3, JSON.stringify(result.map((i) => i.json)));
		assert.deepEqual(result.map((i) => String(i.json.taskId)), submitted, 'one item per input item, in order, each with its task ID');
		assert.deepEqual(result.map((i) => i.json.waitResult).sort(), ['failed', 'succeeded', 'succeeded']);
		assert.ok(result.every((i) => i.json.resumedBy === 'callback'), 'resumed by a callback, not the first check');

		const resumeDeliveries = (sim.control.webhookDeliveries() as Array<{ url: string; ok: boolean }>).filter((d) =>
			d.url.startsWith(`${instance.n8n.baseUrl}/webhook-waiting/${execution.id}`),
		);
		assert.equal(resumeDeliveries.length, 3, `each task called back once: ${JSON.stringify(resumeDeliveries).slice(0, 400)}`);
		assert.ok(resumeDeliveries.every((d) => d.ok), 'n8n accepted every callback (early ones leave the execution parked)');
		log(`execution ${execution.id}: ${result.map((i) => `${i.json.taskId} ${i.json.waitResult}`).join(', ')}`);
	},
};
