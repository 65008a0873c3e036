// Submit without waiting (Text to Speech returns the task ID at once), then the RunningHub Wait
// for Task node polls until the task finished and downloads its audio: the item leaves through
// the Succeeded output.
import assert from 'node:assert/strict';

import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'wait-poll',
	title: 'Text to Speech (no wait) → Wait for Task, Poll: Succeeded output with the mp3',
	requires: [{ resource: 'audio', operation: 'textToSpeech' }, { node: 'runningHubWaitForTask' }],
	async run({ runWorkflow, log }) {
		const execution = await runWorkflow('wait-poll', { TEXT: 'Polling until the speech is ready.' });
		execution.assertSuccess();
		const [submitted] = execution.output('Text to speech');
		assert.match(String(submitted.json.taskId), /^\d{19}$/);
		assert.notEqual(submitted.json.state, 'succeeded', 'the task should still be running when submitted without waiting');
		const [done] = execution.output('Wait for task', 0);
		assert.equal(done.json.taskId, submitted.json.taskId);
		assert.equal(done.json.waitResult, 'succeeded', JSON.stringify(done.json));
		assert.equal(done.binary?.data?.mimeType, 'audio/mpeg');
		assert.equal(execution.output('Wait for task', 1).length, 0, 'nothing on Failed');
		assert.equal(execution.output('Wait for task', 2).length, 0, 'nothing on Still Running');
		log(`task ${done.json.taskId}: ${done.json.waitResult}, ${done.binary?.data?.fileName}`);
	},
};
