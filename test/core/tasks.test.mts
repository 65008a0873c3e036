import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { INode } from 'n8n-workflow';

import { failureText, outputFromV1, outputFromV2, taskFromV2, taskState } from '../../nodes/core/tasks/task';

const node = { name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion: 1, position: [0, 0], parameters: {}, id: 'x' } as INode;

describe('task status normalisation', () => {
	it('maps pending and terminal words', () => {
		assert.equal(taskState(node, 'CREATE', '1'), 'pending');
		assert.equal(taskState(node, 'QUEUED', '1'), 'pending');
		assert.equal(taskState(node, 'RUNNING', '1'), 'pending');
		assert.equal(taskState(node, 'SUCCESS', '1'), 'succeeded');
		assert.equal(taskState(node, 'FAILED', '1'), 'failed');
		assert.equal(taskState(node, 'CANCEL', '1'), 'cancelled');
	});

	it('names an unknown status in the error', () => {
		assert.throws(() => taskState(node, 'PAUSED', '1965432109876543210'), /unknown task status "PAUSED" for task 1965432109876543210/);
	});
});

describe('outputs', () => {
	it('normalises v2 results with the vendor fallbacks', () => {
		assert.deepEqual(outputFromV2({ url: 'https://x/a.mp4', outputType: 'MP4', text: null }), { url: 'https://x/a.mp4', type: 'mp4', text: null, nodeId: null });
		assert.deepEqual(outputFromV2({ outputUrl: 'https://x/b.png', outputType: 'png', nodeId: '9' }), { url: 'https://x/b.png', type: 'png', text: null, nodeId: '9' });
		assert.deepEqual(outputFromV2({ outputType: 'text', content: '{"session_id":"1"}' }), { url: null, type: 'text', text: '{"session_id":"1"}', nodeId: null });
	});

	it('normalises v1 fileUrl/fileType', () => {
		assert.deepEqual(outputFromV1({ fileUrl: 'https://x/c.png', fileType: 'png', nodeId: '9', taskCostTime: '12' }), { url: 'https://x/c.png', type: 'png', text: null, nodeId: '9' });
	});
});

describe('taskFromV2', () => {
	it('builds a succeeded task with usage', () => {
		const task = taskFromV2(node, {
			taskId: '1965432109876543210',
			status: 'SUCCESS',
			errorCode: '',
			errorMessage: '',
			results: [{ url: 'https://x/a.mp4', outputType: 'mp4', text: null }],
			usage: { consumeMoney: '0.35', consumeCoins: null, taskCostTime: '12', thirdPartyConsumeMoney: null },
			failedReason: {},
		});
		assert.equal(task.state, 'succeeded');
		assert.equal(task.outputs.length, 1);
		assert.equal(task.usage?.consumeMoney, '0.35');
		assert.equal(task.failedReason, undefined);
	});

	it('treats an error code on a poll as failed, and SUCCESS without outputs as failed', () => {
		assert.equal(taskFromV2(node, { taskId: '1', status: 'RUNNING', errorCode: '1501', errorMessage: 'Content verification failed' }).state, 'failed');
		const empty = taskFromV2(node, { taskId: '1', status: 'SUCCESS', results: [] });
		assert.equal(empty.state, 'failed');
		assert.match(empty.errorMessage ?? '', /no outputs/);
	});

	it('describes a ComfyUI failure', () => {
		const task = taskFromV2(node, {
			taskId: '1',
			status: 'FAILED',
			errorCode: '',
			errorMessage: '',
			failedReason: { node_name: 'KSampler', exception_message: 'CUDA out of memory' },
		});
		assert.equal(failureText(task), 'KSampler: CUDA out of memory');
	});
});
