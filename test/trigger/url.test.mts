/**
 * Where the Trigger's secret travels, by node version: version 1 keeps n8n's path `runninghub`
 * and `?secret=` typed by the user; version 2 puts the secret in the webhook path, so the URL
 * n8n shows is the whole URL. And the secret in a path is never shown back.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type * as N8nWorkflow from 'n8n-workflow';
import type { IHookFunctions, INode, INodeProperties } from 'n8n-workflow';

import { RunningHubTrigger } from '../../nodes/RunningHubTrigger/RunningHubTrigger.node';
import { redactAnswer, redactUrlSecrets, redactWebhookSecrets, webhookSecretOf } from '../../nodes/core/api/errors';
import { MIN_SECRET_LENGTH, pathSecretProblem, secretFromPath } from '../../nodes/core/webhooks/secret';
import { startSimulator, type Simulator } from '../../simulator/index.mts';
import { simCredentials, submitTask } from '../support/simtasks.mts';
import { callWebhook } from '../support/webhook.mts';

const { Workflow, NodeHelpers } = createRequire(import.meta.url)('n8n-workflow') as typeof N8nWorkflow;

const trigger = new RunningHubTrigger();
const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

const nodeOf = (typeVersion: number, parameters: Record<string, unknown>): INode => ({
	id: 'trigger-node',
	name: 'RunningHub Trigger',
	type: 'n8n-nodes-runninghub.runningHubTrigger',
	typeVersion,
	position: [0, 0],
	parameters: parameters as INode['parameters'],
});

/** The webhook path n8n derives for the node (the same expression evaluation the editor and server use). */
function webhookPath(typeVersion: number, secret: string): unknown {
	const node = nodeOf(typeVersion, { secret });
	const nodeTypes = { getByName: () => trigger, getByNameAndVersion: () => trigger, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypes as never });
	return workflow.expression.getSimpleParameterValue(node, trigger.description.webhooks![0].path, 'internal', {});
}

/** The properties a node of this version shows with these parameters. */
function shown(typeVersion: number, parameters: Record<string, unknown>): INodeProperties[] {
	const node = nodeOf(typeVersion, parameters);
	return trigger.description.properties.filter((p) => NodeHelpers.displayParameter(parameters as never, p, node, trigger.description));
}

const pathSafeSecret = fc.stringMatching(new RegExp(`^[A-Za-z0-9._~-]{${MIN_SECRET_LENGTH},64}$`));

describe('RunningHub Trigger URL: webhook path by version', () => {
	it('version 1 keeps the path runninghub whatever the secret; version 2 appends the secret', () => {
		fc.assert(
			fc.property(pathSafeSecret, (secret) => {
				assert.equal(webhookPath(1, secret), 'runninghub');
				assert.equal(webhookPath(2, secret), `runninghub/${secret}`);
				assert.equal(secretFromPath(`/webhook/3f0a/${webhookPath(2, secret)}`), secret);
			}),
			{ numRuns: 50 },
		);
	});

	it('version 1 shows the ?secret= notice; version 2 says Publish, where the URL is and how to send a test event', () => {
		const [v1Notice] = shown(1, { secret: SECRET }).filter((p) => p.type === 'notice');
		assert.match(v1Notice.displayName, /\?secret=/);
		const [v2Notice] = shown(2, { secret: SECRET }).filter((p) => p.type === 'notice');
		assert.doesNotMatch(v2Notice.displayName, /\?secret=/);
		for (const words of [/Publish the workflow/, /Production URL/, /ends with your Secret/, /Listen for test event/, /Test URL/, /Task → Resend Webhook/]) {
			assert.match(v2Notice.displayName, words);
		}
		assert.equal(shown(2, {}).filter((p) => p.name === 'secret').length, 1, 'one Secret field per version');
		// n8n 2.x publishes workflows: the node never says "activate".
		assert.doesNotMatch(JSON.stringify(trigger.description), /\bactivat(e|ed|ing)\b/i);
		const panel = trigger.description.triggerPanel as { executionsHelp: { inactive: string } };
		assert.match(panel.executionsHelp.inactive, /Resend Webhook/);
	});

	it('publishing or listening on version 2 stops at a Secret that cannot be the URL\'s last part; version 1 never checks', async () => {
		const hook = (typeVersion: number, secret: string) =>
			({ getNode: () => nodeOf(typeVersion, { secret }), getNodeParameter: () => secret }) as unknown as IHookFunctions;
		const { checkExists } = trigger.webhookMethods.default;
		for (const bad of ['', 'short', 'has a space in it 0123', 'slash/inside/0123456789', 'question?mark0123456789']) {
			assert.equal(await checkExists.call(hook(1, bad)), true);
			await assert.rejects(checkExists.call(hook(2, bad)), (error: Error) => /The Secret cannot be used/.test(error.message) && !error.message.includes(bad || '\u0000'));
			assert.ok(pathSecretProblem(bad));
		}
		await fc.assert(fc.asyncProperty(pathSafeSecret, async (secret) => assert.equal(await checkExists.call(hook(2, secret)), true)), { numRuns: 30 });
	});
});

describe('RunningHub Trigger URL: deliveries by version', () => {
	let sim: Simulator;
	before(async () => {
		sim = await startSimulator({ quiet: true, taskDurationMs: 20 });
	});
	after(async () => {
		await sim.close();
	});

	const deliver = async (typeVersion: number, taskId: string, url: string, query: Record<string, unknown> = {}) =>
		await callWebhook(RunningHubTrigger, {
			parameters: { secret: SECRET, events: ['succeeded', 'failed'], verifyWithApi: true, options: {} },
			credentials: simCredentials(sim),
			body: { event: 'TASK_END', taskId, eventData: JSON.stringify({ code: 0, msg: 'success', data: [] }) },
			query,
			url,
			typeVersion,
			nodeId: `trigger-${typeVersion}-${Math.random()}`,
		});

	it('version 2 takes the secret from the path, not from ?secret=', async () => {
		const taskId = await submitTask(sim);
		await sim.control.waitForTask(taskId);
		const ok = await deliver(2, taskId, `/webhook/3f0a/runninghub/${SECRET}`);
		assert.equal(ok.response.status, 200);
		assert.deepEqual(ok.response.body, { received: true, taskId });
		assert.equal(ok.result.workflowData?.[0][0].json.taskId, taskId);
		assert.ok(!JSON.stringify(ok.result.workflowData).includes(SECRET), 'the secret never reaches the execution');
		const queryOnly = await deliver(2, taskId, `/webhook/3f0a/runninghub?secret=${SECRET}`, { secret: SECRET });
		assert.equal(queryOnly.response.status, 401);
		const wrong = await deliver(2, taskId, `/webhook-test/3f0a/runninghub/${SECRET.toUpperCase()}`);
		assert.equal(wrong.response.status, 401);
		assert.equal(wrong.result.workflowData, undefined);
	});

	it('version 1 keeps taking the secret from ?secret= only', async () => {
		const taskId = await submitTask(sim);
		await sim.control.waitForTask(taskId);
		const ok = await deliver(1, taskId, `/webhook/3f0a/runninghub?secret=${SECRET}`, { secret: SECRET });
		assert.equal(ok.response.status, 200);
		// The same answer as ever, now sent by n8n once the execution started.
		assert.deepEqual(ok.response.body, { received: true, taskId });
		assert.equal(ok.result.workflowData?.[0][0].json.taskId, taskId);
		const pathOnly = await deliver(1, taskId, `/webhook/3f0a/runninghub/${SECRET}`);
		assert.equal(pathOnly.response.status, 401);
	});
});

describe('RunningHub Trigger URL: the path secret is never shown', () => {
	const encodings = (url: string) => [url, encodeURIComponent(url), JSON.stringify(url).slice(1, -1).replace(/\//g, '\\/'), `https://proxy.example/forward?to=${encodeURIComponent(url)}`];

	it('is hidden in webhook fields and answers in every form a URL is echoed in, and known by value', () => {
		fc.assert(
			fc.property(pathSafeSecret, fc.webUrl({ withQueryParameters: false, withFragments: false }), (secret, base) => {
				const url = `${base.replace(/\/+$/, '')}/webhook/3f0a1b2c/runninghub/${secret}`;
				assert.equal(webhookSecretOf(url), secret);
				for (const text of encodings(url)) {
					const record = { webhookUrl: text, callbackResponse: `posted to ${text}`, eventData: { note: text } };
					const shownRecord = JSON.stringify(redactWebhookSecrets(record, true));
					assert.ok(!shownRecord.includes(secret), shownRecord);
					assert.ok(!redactUrlSecrets(text).includes(secret));
					assert.ok(!JSON.stringify(redactAnswer({ errorMessage: `failed: ${text}` }, undefined)).includes(secret));
				}
			}),
			{ numRuns: 200 },
		);
	});

	it('leaves other URLs and text as they are', () => {
		for (const text of ['https://cdn.example/runninghub/short.png', 'https://example.com/a/b?c=d', 'Task 1965432109876543210 ended']) {
			assert.equal(redactUrlSecrets(text), text);
		}
	});
});
