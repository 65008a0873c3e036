// Task → Get of a task created straight through the simulator's RunningHub API: the state is
// normalised, the outputs come back in one shape, and with Download Outputs the file becomes n8n
// binary data that n8n's own Read/Write Files from Disk node writes out byte for byte. Runs in
// both binary-data modes: filesystem (n8n 2.x's default) and default (in memory).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'task-get',
	title: 'Task → Get: normalised outputs; Download Outputs → binary → file on disk',
	binaryModes: ['filesystem', 'default'],
	requires: [{ resource: 'task', operation: 'get', parameter: 'options' }],
	async run({ runWorkflow, sim, mode, filesDir, log }) {
		const task = await sim.createFinishedTask();
		assert.ok(task.results.length > 0, 'the simulated task has outputs');
		const execution = await runWorkflow('task-get-download', { TASK_ID: task.taskId });
		execution.assertSuccess();

		const [item] = execution.output('Get task');
		assert.equal(item.json.taskId, task.taskId);
		assert.equal(item.json.state, 'succeeded');
		assert.equal(item.json.status, 'SUCCESS');
		assert.equal(item.json.outputs.length, task.results.length);
		for (const [i, output] of item.json.outputs.entries()) {
			assert.deepEqual(Object.keys(output).sort(), ['nodeId', 'text', 'type', 'url']);
			assert.equal(output.url, task.results[i].url);
			assert.equal(output.type, String(task.results[i].outputType).toLowerCase());
		}

		const binary = item.binary?.data;
		assert.ok(binary, `no binary "data" on the item (binary: ${Object.keys(item.binary ?? {}).join(', ') || 'none'})`);
		const expected = await sim.bytes(task.results[0].url);
		assert.match(binary.mimeType, /^image\//);
		if (mode === 'filesystem') {
			assert.match(String(binary.id), /^filesystem(-v2)?:/, `binary stored as ${binary.id ?? binary.data}`);
		} else {
			assert.equal(binary.id, undefined, 'memory mode keeps no file id');
			assert.ok(Buffer.from(binary.data, 'base64').equals(expected), 'the in-memory binary differs from the file');
		}

		execution.output('Write output to disk');
		const written = join(filesDir, `${task.taskId}-${binary.fileName}`);
		assert.ok(existsSync(written), `n8n did not write ${written}`);
		assert.ok(readFileSync(written).equals(expected), 'the file n8n wrote differs from the task output');
		log(`${mode}: ${binary.fileName} (${expected.length} bytes, ${binary.mimeType}) written to ${written}`);
	},
};
