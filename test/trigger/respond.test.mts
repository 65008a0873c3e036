import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { INode } from 'n8n-workflow';
import workflow from 'n8n-workflow';

import { apiError } from '../../nodes/core/api/errors';
import { classifyFailure } from '../../nodes/core/webhooks/respond';
import { abortableSleep } from '../../nodes/core/api/sleep';

const node = { id: 'n', name: 'RunningHub Trigger', type: 't', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
const failure = (extra: Partial<Parameters<typeof apiError>[1]>) => apiError(node, { endpoint: '/openapi/v2/query', ...extra });

describe('what a failed read means for a delivery', () => {
	it('unknown tasks are ignored', () => {
		// 1007 too: the v2 query answers it for task IDs it never issued (docs/runninghub-api.md §17.10).
		for (const code of ['1004', 807, 423, '1007']) assert.equal(classifyFailure(failure({ code })), 'notFound', String(code));
	});

	it('busy, rate limits, 5xx and network errors are retried by RunningHub (503)', () => {
		assert.equal(classifyFailure(failure({ code: '1011' })), 'retryLater');
		assert.equal(classifyFailure(failure({ code: '1003' })), 'retryLater');
		assert.equal(classifyFailure(failure({ httpCode: 502, message: 'bad gateway' })), 'retryLater');
		assert.equal(classifyFailure(failure({ httpCode: 429, message: 'slow down' })), 'retryLater');
		assert.equal(classifyFailure(failure({ message: 'Could not reach RunningHub' })), 'retryLater');
	});

	it('a refused key or a wrong base URL is fatal (shown as a failed execution)', () => {
		assert.equal(classifyFailure(failure({ code: '1002' })), 'fatal');
		assert.equal(classifyFailure(failure({ code: 802 })), 'fatal');
		assert.equal(classifyFailure(failure({ httpCode: 404, message: 'no endpoint' })), 'fatal');
		assert.equal(classifyFailure(new workflow.NodeOperationError(node, 'The RunningHub credential has no Base URL')), 'fatal');
		assert.equal(classifyFailure(new Error('boom')), 'fatal');
		assert.equal(failure({ code: '1002' }).constructor.name, 'NodeApiError');
	});
});

describe('abortableSleep', () => {
	it('sleeps, and stops early when the execution is cancelled', async () => {
		let t = Date.now();
		await abortableSleep(50);
		assert.ok(Date.now() - t >= 45);
		const abort = new AbortController();
		setTimeout(() => abort.abort(), 30);
		t = Date.now();
		await assert.rejects(abortableSleep(5000, abort.signal));
		assert.ok(Date.now() - t < 1000);
	});
});
