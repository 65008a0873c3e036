// Task → Get Webhook Delivery and Resend Webhook against the simulator: a workflow run with a
// webhook URL is delivered to a local receiver, its delivery record read back (event data
// parsed, our API key nowhere), and the event re-sent to the same and to a new URL.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { assertNoKey, runNode, runNodeError, startReceiver, until } from '../model/support.mts';

const KEY = SIM_KEYS.aiShared;
const WF = '1950000000000000001';

let sim: Simulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let other: Awaited<ReturnType<typeof startReceiver>>;
before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 20, quiet: true });
	receiver = await startReceiver();
	other = await startReceiver();
});
after(async () => {
	await sim.close();
	await receiver.close();
	await other.close();
});
beforeEach(async () => {
	await sim.control.reset();
	sim.control.configure({ taskDurationMs: 20, variants: { syncSuccess: true }, webhook: { retryBackoffMs: 10 } });
	receiver.bodies.length = 0;
	other.bodies.length = 0;
	receiver.status = 200;
});

const node = (parameters: Record<string, unknown>) => runNode({ baseUrl: sim.url, apiKey: KEY, parameters });

/** Runs the workflow with a webhook URL and waits until RunningHub has tried to deliver it. */
async function taskWithWebhook(url = `${receiver.url}/hook?secret=s3cret`): Promise<string> {
	const { items } = await node({ resource: 'workflow', operation: 'run', workflowId: WF, submitOptions: { webhookUrl: url } });
	const taskId = String(items[0].json.taskId);
	await until(() => sim.control.webhookEvents().some((e) => e.taskId === taskId && (e.callbackStatus === 'SUCCESS' || e.callbackStatus === 'FAILED')), 5000, 'the delivery');
	return taskId;
}

describe('Task → Get Webhook Delivery', () => {
	it('returns the delivery record with the event data parsed and no API key', async () => {
		const taskId = await taskWithWebhook();
		assert.equal(receiver.bodies.length, 1);
		const { items } = await node({ resource: 'task', operation: 'getWebhookDelivery', taskId });
		const json = items[0].json as any;
		assert.equal(json.taskId, taskId);
		assert.equal(json.found, true);
		assert.match(json.webhookId, /^\d+$/);
		// The URL's secret (the Trigger's) is never shown.
		assert.equal(json.webhookUrl, `${receiver.url}/hook?secret=***`);
		assert.ok(!JSON.stringify(items).includes('s3cret'));
		assert.equal(json.callbackStatus, 'SUCCESS');
		assert.equal(json.retryCount, 0);
		assert.equal(json.eventData.code, 0);
		assert.match(json.eventData.data[0].fileUrl, /\.png/);
		assert.match(json.userApiKey, /\*\*\*\*/);
		assert.match(json.createTime, /^\d{4}-\d\d-\d\dT/);
		assertNoKey(KEY, items);
	});

	it('hides a version-2 Trigger URL\'s path secret (the last segment after /runninghub/)', async () => {
		const secret = 'Path-Secret_0123456789.abc~XYZ';
		const taskId = await taskWithWebhook(`${receiver.url}/webhook/3f0a1b2c/runninghub/${secret}`);
		const { items } = await node({ resource: 'task', operation: 'getWebhookDelivery', taskId });
		assert.equal(items[0].json.webhookUrl, `${receiver.url}/webhook/3f0a1b2c/runninghub/***`);
		assert.ok(!JSON.stringify(items).includes(secret));
		assert.ok(!JSON.stringify(items).includes(encodeURIComponent(secret)));
	});

	it('reports retries of a failing receiver', async () => {
		receiver.status = 500;
		sim.control.configure({ webhook: { maxRetries: 2 } });
		const taskId = await taskWithWebhook();
		const { items } = await node({ resource: 'task', operation: 'getWebhookDelivery', taskId });
		assert.equal(items[0].json.callbackStatus, 'FAILED');
		assert.equal(items[0].json.retryCount, 2);
	});

	it('says found: false for a task submitted without a webhook', async () => {
		const { items: runItems } = await node({ resource: 'workflow', operation: 'run', workflowId: WF });
		const taskId = String(runItems[0].json.taskId);
		const { items } = await node({ resource: 'task', operation: 'getWebhookDelivery', taskId });
		assert.deepEqual(items[0].json, { taskId, found: false, message: items[0].json.message });
		assert.match(String(items[0].json.message), /submitted without a Webhook URL/);
	});
});

describe('Task → Resend Webhook', () => {
	it('re-sends the event to the same URL when New Webhook URL is empty', async () => {
		const taskId = await taskWithWebhook();
		const { items } = await node({ resource: 'task', operation: 'resendWebhook', taskId });
		const json = items[0].json as any;
		assert.equal(json.resent, true);
		assert.equal(json.webhookUrl, `${receiver.url}/hook?secret=***`);
		assert.ok(!JSON.stringify(items).includes('s3cret'));
		assert.equal(JSON.parse(sim.control.requests({ path: '/task/openapi/retryWebhook' })[0].body).webhookUrl, `${receiver.url}/hook?secret=s3cret`, 'sent to the real URL');
		assert.equal(json.previousCallbackStatus, 'SUCCESS');
		await until(() => receiver.bodies.length === 2, 5000, 'the second delivery');
		assert.equal(receiver.bodies[1].body, receiver.bodies[0].body, 'the same event');
		assert.equal(JSON.parse(receiver.bodies[1].body).taskId, taskId);
		const [retry] = sim.control.requests({ path: '/task/openapi/retryWebhook' });
		assert.equal(JSON.parse(retry.body).webhookId, json.webhookId);
		assertNoKey(KEY, items);
	});

	it('re-sends the event to a new URL', async () => {
		const taskId = await taskWithWebhook();
		const { items } = await node({ resource: 'task', operation: 'resendWebhook', taskId, newWebhookUrl: `${other.url}/new` });
		assert.equal(items[0].json.webhookUrl, `${other.url}/new`);
		assert.equal(items[0].json.previousWebhookUrl, `${receiver.url}/hook?secret=***`);
		await until(() => other.bodies.length === 1, 5000, 'the delivery to the new URL');
		assert.equal(other.bodies[0].path, '/new');
		assert.equal(JSON.parse(other.bodies[0].body).event, 'TASK_END');
	});

	it('explains a task without a webhook and a bad URL, naming the parameter and item', async () => {
		const { items: runItems } = await node({ resource: 'workflow', operation: 'run', workflowId: WF });
		const taskId = String(runItems[0].json.taskId);
		const none = await runNodeError({ baseUrl: sim.url, apiKey: KEY, parameters: { resource: 'task', operation: 'resendWebhook', taskId } });
		assert.match(none.message, /^Task ID: task \d+ has no webhook delivery to resend \[item 0\]$/);
		const badUrl = await runNodeError({ baseUrl: sim.url, apiKey: KEY, parameters: { resource: 'task', operation: 'resendWebhook', taskId, newWebhookUrl: 'ftp://x' } });
		assert.match(badUrl.message, /^New Webhook URL: "ftp:\/\/x" is not an http\(s\) URL \[item 0\]$/);
		assert.equal(sim.control.requests({ path: '/task/openapi/retryWebhook' }).length, 0);
	});
});
