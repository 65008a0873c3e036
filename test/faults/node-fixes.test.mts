// Unit tests for the node fixes the fault-injection suite led to (the suite itself runs with
// `npx tsx test/faults/run.mts`; each fix here is pinned by a small direct test as well).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { IBinaryData } from 'n8n-workflow';

import { RunningHubClient } from '../../nodes/core/client';
import { apiError } from '../../nodes/core/errors';
import { settleTask } from '../../nodes/core/run/settle';
import { taskFromV2, type TaskResult } from '../../nodes/core/tasks';
import { downloadToBinary } from '../../nodes/core/media/binary';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { binaryBuffer, createExecuteContext } from '../support/n8n.mts';
import { simCredentials, submitTask } from '../support/simtasks.mts';
import { RunningHub } from '../../nodes/RunningHub/RunningHub.node';

let sim: Simulator;
before(async () => {
	sim = await startSimulator({ quiet: true, taskDurationMs: 20, concurrencyLimit: 50 });
});
after(async () => await sim.close());
beforeEach(() => sim.control.clearFaults());

const context = (parameters: Record<string, unknown> = {}) =>
	createExecuteContext(new RunningHub().description, { parameters, credentials: simCredentials(sim, SIM_KEYS.aiShared) });

describe('a failed task read keeps the task ID', () => {
	it('query: the error names the task in its description and context', async () => {
		const taskId = await submitTask(sim);
		sim.control.addFault({ path: '/openapi/v2/query', times: -1, fault: { type: 'http', status: 502 } });
		const client = new RunningHubClient(context().ctx, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
		const error = (await client.query(taskId, 3).catch((e: unknown) => e)) as Error & { description?: string; context?: Record<string, unknown> };
		assert.match(error.message, /HTTP 502.*\[item 3\]/);
		assert.equal(error.context?.taskId, taskId);
		assert.match(String(error.description), new RegExp(`Task ID: ${taskId}`));
	});
});

describe('output downloads are retried on brief failures', () => {
	it('a 503, then a connection reset, then the file', async () => {
		const file = sim.control.createFile({ ext: 'mp3', sizeBytes: 2000 });
		sim.control.addFault({ path: `/files/${file.name}`, fault: { type: 'http', status: 503 } });
		sim.control.addFault({ path: `/files/${file.name}`, fault: { type: 'drop' } });
		const { ctx, recorder } = context();
		const meta: IBinaryData = await downloadToBinary(ctx, { url: file.url, itemIndex: 0, taskId: '1' });
		assert.equal(binaryBuffer(recorder, meta).length, file.size);
		assert.equal(sim.control.requests({ path: `/files/${file.name}` }).length, 3);
	});
	it('an expired URL (404) is not retried and says the URLs expire', async () => {
		const file = sim.control.createFile({ ext: 'mp3', sizeBytes: 100 });
		sim.control.expireFile(file.url);
		const error = (await downloadToBinary(context().ctx, { url: file.url, itemIndex: 1, taskId: '42' }).catch((e: unknown) => e)) as Error & { description?: string };
		assert.equal(error.message, 'The output file could not be downloaded (HTTP 404) [item 1]');
		assert.match(String(error.description), /expire after about 24 hours/);
		assert.equal(sim.control.requests({ path: `/files/${file.name}` }).length, 1);
	});
});

describe('a code RunningHub does not document still says what to do', () => {
	it('unknown code: the message keeps the server\'s words and the code, the description advises', () => {
		const error = apiError(context().ctx.getNode(), { endpoint: '/task/openapi/create', code: 1, serverMessage: 'webhook event not exists', itemIndex: 0 });
		assert.equal(error.message, 'webhook event not exists (1) [item 0]');
		assert.match(String(error.description), /^RunningHub answered with a code this node does not know\. .*contact RunningHub support/);
	});
});

describe('an unknown task status keeps the item and the task ID', () => {
	it('names the status, the task and the item; the ID travels in the context', () => {
		const node = context().ctx.getNode();
		let error: (Error & { context?: Record<string, unknown> }) | undefined;
		try {
			taskFromV2(node, { taskId: '1965432109876543210', status: 'PAUSED' }, '', 4);
		} catch (e) {
			error = e as typeof error;
		}
		assert.equal(error?.message, 'RunningHub reported an unknown task status "PAUSED" for task 1965432109876543210 [item 4]');
		assert.equal(error?.context?.taskId, '1965432109876543210');
	});
});

describe('a cancelled or failed task without a code still says what to do', () => {
	const client = () => new RunningHubClient(context().ctx);
	const options = { waitForCompletion: false } as Parameters<typeof settleTask>[2];
	const task = (state: TaskResult['state'], status: string): TaskResult => ({ taskId: '7', status, state, outputs: [] });
	it('cancelled', async () => {
		const error = (await settleTask(client(), task('cancelled', 'CANCEL'), options, 0).catch((e: unknown) => e)) as Error & { description?: string };
		assert.equal(error.message, 'The task was cancelled on RunningHub [item 0]');
		assert.match(String(error.description), /^Someone \(or another tool\) cancelled it.*Run the item again/);
	});
	it('failed without a code', async () => {
		const error = (await settleTask(client(), task('failed', 'FAILED'), options, 1).catch((e: unknown) => e)) as Error & { description?: string };
		assert.match(String(error.description), /^See the reason above; fix the inputs/);
	});
});
