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
		// Both node versions: version 1 keeps its first shape, version 2 gives the shared task shape.
		for (const version of [1, 2]) {
			const execution = await runWorkflow('wait-poll', { TEXT: 'Polling until the speech is ready.', NODE_VERSION: version });
			execution.assertSuccess();
			const [submitted] = execution.output('Text to speech');
			assert.match(String(submitted.json.taskId), /^\d{19}$/);
			const [done] = execution.output('Wait for task', 0);
			assert.equal(done.json.taskId, submitted.json.taskId);
			assert.equal(done.json.waitResult, 'succeeded', JSON.stringify(done.json));
			assert.equal(done.binary?.data?.mimeType, 'audio/mpeg');
			assert.equal(execution.output('Wait for task', 1).length, 0, 'nothing on Failed');
			assert.equal(execution.output('Wait for task', 2).length, 0, 'nothing on Still Running');
			if (version === 1) {
				assert.notEqual(submitted.json.state, 'succeeded', 'the task should still be running when submitted without waiting');
				assert.deepEqual([done.json.status, done.json.state, done.json.waitMode], ['SUCCESS', 'succeeded', 'poll']);
			} else {
				assert.equal(submitted.json.status, 'pending', JSON.stringify(submitted.json));
				assert.equal(submitted.json.message, undefined, 'version 2 keeps prose out of the data');
				assert.equal(done.json.status, 'succeeded');
				for (const twin of ['state', 'waitMode']) assert.equal(done.json[twin], undefined, `version 2 has no ${twin}`);
				assert.equal(typeof done.json.audioUrl, 'string');
				assert.equal(typeof done.json.cost, 'number');
				assert.equal(typeof done.json.currency, 'string');
				for (const [key, value] of Object.entries(done.json)) assert.notEqual(value, null, `${key} is null`);
			}
			log(`version ${version}: task ${done.json.taskId}: ${done.json.waitResult}, ${done.binary?.data?.fileName}`);
		}
	},
};
