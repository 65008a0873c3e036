// Unit tests for the node fixes the fault-injection suite led to (the suite itself runs with
// `npx tsx test/faults/run.mts`; each fix here is pinned by a small direct test as well).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { IBinaryData } from 'n8n-workflow';

import { RunningHubClient } from '../../nodes/core/api/client';
import { apiError } from '../../nodes/core/api/errors';
import { settleTask } from '../../nodes/core/run/settle';
import { taskFromV2, type TaskResult } from '../../nodes/core/tasks/task';
import { downloadToBinary } from '../../nodes/core/media/binary';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { binaryBuffer, binaryItem, createExecuteContext, runNode } from '../support/n8n.mts';
import { simCredentials, submitTask } from '../support/simtasks.mts';
import { RunningHub } from '../../nodes/RunningHub/RunningHub.node';
import { RunningHubWaitForTask } from '../../nodes/RunningHubWaitForTask/RunningHubWaitForTask.node';
import { readSubmitOptions } from '../../nodes/core/run/submitOptions';
import { assertRunningHubCode } from '../support/errors.mts';

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
		assert.equal(error.message, `The output file "${file.name.split('/').pop()}" of task 42 could not be downloaded (HTTP 404) [item 1]`);
		assert.match(String(error.description), /expire after about 24 hours/);
		assert.equal(sim.control.requests({ path: `/files/${file.name}` }).length, 1);
	});
});

describe('a code RunningHub does not document still says what to do', () => {
	it('unknown code: the headline is the server\'s words, the description advises and names the code', () => {
		const error = apiError(context().ctx.getNode(), { endpoint: '/task/openapi/create', code: 1, serverMessage: 'webhook event not exists', itemIndex: 0 });
		assert.equal(error.message, 'Webhook event not exists [item 0]');
		assert.match(String(error.description), /^RunningHub answered with a code this node does not know\. .*contact RunningHub support/);
		assertRunningHubCode(error, 1);
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

describe('timing values that are not numbers or out of range are refused, per item', () => {
	const read = (submitOptions: Record<string, unknown>) => () => readSubmitOptions(context({ submitOptions }).ctx, 0);
	it('RunningHub node options: Max Wait, Max Poll Interval, Concurrency', () => {
		assert.throws(read({ maxWaitSeconds: 'soon' }), /^NodeOperationError: Max Wait \(Seconds\): "soon" is not a number \[item 0\]$/);
		assert.throws(read({ maxWaitSeconds: -5 }), /Max Wait \(Seconds\): -5 is out of range/);
		assert.throws(read({ maxPollIntervalSeconds: 9000 }), /Max Poll Interval \(Seconds\): 9000 is out of range/);
		assert.throws(read({ concurrency: 2.5 }), /Concurrency: 2\.5 is not a whole number/);
		assert.equal(read({ maxWaitSeconds: '30', concurrency: '' })().maxWaitMs, 30_000);
	});
	it('a bad option of the first item fails that item, not the node', async () => {
		const { output } = await runNode(RunningHub, {
			parameters: { resource: 'audio', operation: 'textToSpeech', text: 'hello', voiceId: 'genshin_klee2', waitForCompletion: false, submitOptions: (i: number) => (i === 0 ? { webhookUrl: 'ftp://x' } : { concurrency: 1 }) },
			credentials: simCredentials(sim),
			input: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		assert.match(String(output[0][0].json.error), /Webhook URL: "ftp:\/\/x" is not an http\(s\) URL \[item 0\]/);
		assert.ok(output[0][1].json.taskId);
	});
	it('Wait for Task: Max Wait that is not a number fails each item (Failed output) and polls nothing', async () => {
		const taskIds = [await submitTask(sim), await submitTask(sim)];
		const before = sim.control.requests({ path: '/openapi/v2/query' }).length;
		const { output } = await runNode(RunningHubWaitForTask, {
			parameters: { mode: 'poll', maxWaitSeconds: 'ten' },
			credentials: simCredentials(sim),
			input: taskIds.map((taskId) => ({ json: { taskId } })),
			continueOnFail: true,
		});
		assert.deepEqual(output[1].map((i) => [i.json.taskId, i.json.error]), [
			[taskIds[0], 'Max Wait (Seconds): "ten" is not a number [item 0]'],
			[taskIds[1], 'Max Wait (Seconds): "ten" is not a number [item 1]'],
		]);
		assert.equal(sim.control.requests({ path: '/openapi/v2/query' }).length, before);
	});
	it('Wait for Task: a Time Limit that is not a number fails the item instead of parking for 60 minutes', async () => {
		const { output, recorder } = await runNode(RunningHubWaitForTask, {
			parameters: { mode: 'callback', timeLimitMinutes: 'an hour' },
			credentials: simCredentials(sim),
			input: [{ json: { taskId: await submitTask(sim, { durationMs: -1 }) } }],
			continueOnFail: true,
		});
		assert.equal(recorder.putToWait, undefined);
		assert.equal(output[0][0].json.error, 'Time Limit (Minutes): "an hour" is not a number [item 0]');
	});
});

describe('a binary that is not a media file is refused for a media field', () => {
	it('.txt for an image field: item error before any upload', async () => {
		const { output } = await runNode(RunningHub, {
			parameters: {
				resource: 'model',
				operation: 'run',
				model: { __rl: true, mode: 'list', value: 'alibaba/happyhorse-1.0/image-to-video' },
				modelParameters: { mappingMode: 'defineBelow', value: { imageUrl: 'binary:data', resolution: '720p', duration: '5' } },
			},
			credentials: simCredentials(sim),
			input: [await binaryItem(Buffer.from('hello'), 'notes.txt', 'text/plain')],
			continueOnFail: true,
		});
		assert.match(String(output[0][0].json.error), /Image URL \(imageUrl\) must be a file of type jpg, jpeg, png, bmp, webp; got notes\.txt \(binary:data\) \[item 0\]/);
	});
});

describe('the key never comes back from an answer that echoes it', () => {
	const key = SIM_KEYS.aiShared;
	it("a task's failure reason", async () => {
		const taskId = await submitTask(sim, { fail: { errorCode: '1015', errorMessage: `bad key ${key}` } });
		await sim.control.waitForTask(taskId);
		const task = await new RunningHubClient(context().ctx).query(taskId, 0);
		assert.equal(task.errorMessage, 'bad key ***');
	});
	it('an HTTP error body', async () => {
		sim.control.addFault({ path: '/uc/openapi/accountStatus', fault: { type: 'http', status: 401, body: { code: 802, msg: `key ${key} refused` } } });
		const error = (await new RunningHubClient(context().ctx).account(0).catch((e: unknown) => e)) as Error & { description?: string };
		assert.equal(error.message, 'Key *** refused [item 0]');
		assert.doesNotMatch(JSON.stringify({ ...error, message: error.message }), new RegExp(key));
	});
});
