// Wait for Task (Poll) with several items whose tasks end differently: one succeeds, one fails,
// one outlasts Max Wait. Each leaves through its own output (Succeeded / Failed / Still
// Running) with its task ID, and all three are polled together (the run takes about Max Wait,
// not three times it).
import assert from 'node:assert/strict';

import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'wait-poll-many',
	title: 'three tasks → Wait for Task, Poll: Succeeded, Failed and Still Running outputs, each with its task ID',
	requires: [{ resource: 'audio', operation: 'textToSpeech' }, { node: 'runningHubWaitForTask' }],
	async run({ runWorkflow, sim, log }) {
		sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', fail: { errorCode: '805', errorMessage: 'Simulated generation failure' } });
		sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', durationMs: 120_000 });
		const started = Date.now();
		const execution = await runWorkflow('wait-poll-many');
		const elapsed = Date.now() - started;
		execution.assertSuccess();
		const submitted = execution.output('Text to speech').map((i) => String(i.json.taskId));
		assert.equal(submitted.length, 3);
		const byStatus = Object.fromEntries(sim.control.tasks().map((t: { id: string; status: string }) => [t.id, t.status]));

		const [succeeded, failed, running] = [0, 1, 2].map((o) => execution.output('Wait for tasks', o));
		assert.equal(succeeded.length, 1, `one on Succeeded: ${JSON.stringify(succeeded.map((i) => i.json))}`);
		assert.equal(failed.length, 1, `one on Failed: ${JSON.stringify(failed.map((i) => i.json))}`);
		assert.equal(running.length, 1, `one on Still Running: ${JSON.stringify(running.map((i) => i.json))}`);
		assert.equal(byStatus[String(succeeded[0].json.taskId)], 'SUCCESS');
		assert.equal(byStatus[String(failed[0].json.taskId)], 'FAILED');
		assert.equal(failed[0].json.waitResult, 'failed');
		assert.match(JSON.stringify(failed[0].json), /805|Simulated generation failure/, 'the failure reason is kept');
		assert.equal(byStatus[String(running[0].json.taskId)], 'RUNNING');
		assert.equal(running[0].json.waitResult, 'stillRunning');
		assert.deepEqual(
			[succeeded[0], failed[0], running[0]].map((i) => String(i.json.taskId)).sort(),
			[...submitted].sort(),
			'every task ID comes out exactly once',
		);
		assert.ok(elapsed < 30_000, `polled together: the run took ${elapsed} ms with an 8 s Max Wait`);
		log(`succeeded ${succeeded[0].json.taskId}, failed ${failed[0].json.taskId}, still running ${running[0].json.taskId} (${elapsed} ms)`);
	},
};
