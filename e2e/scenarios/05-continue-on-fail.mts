// An error path with "On Error: Continue": Task → Get of a task RunningHub does not know. The
// item comes out with an `error` field, the execution itself succeeds.
import assert from 'node:assert/strict';

import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'continue-on-fail',
	title: 'Task → Get of an unknown task with continueOnFail: item with error, execution success',
	requires: [{ resource: 'task', operation: 'get' }],
	async run({ runWorkflow, log }) {
		const execution = await runWorkflow('task-get-continue-on-fail', { TASK_ID: '1999999999999999999' });
		execution.assertSuccess();
		const items = execution.output('Get task');
		assert.equal(items.length, 1);
		const { json } = items[0];
		assert.ok(json.error, `no error field on the item: ${JSON.stringify(json)}`);
		const text = JSON.stringify(json.error);
		assert.match(text, /1999999999999999999|not found|unknown|does not exist/i, text);
		log(`item: ${JSON.stringify(json).slice(0, 300)}`);
	},
};
