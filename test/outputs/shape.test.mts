// Issue 15 point 4: one output shape for a task from node version 2, whichever way it was waited
// for; version 1 keeps its first shape. Point 5: media operations download by default in v2 only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { RunningHub } from '../../nodes/RunningHub/RunningHub.node';
import { RunningHubTrigger } from '../../nodes/RunningHubTrigger/RunningHubTrigger.node';
import { RunningHubWaitForTask } from '../../nodes/RunningHubWaitForTask/RunningHubWaitForTask.node';
import { resultJson } from '../../nodes/RunningHubWaitForTask/shared';
import { taskCost } from '../../nodes/core/run/cost';
import { simplifiedTask, taskOutput } from '../../nodes/core/run/simplify';
import type { TaskResult } from '../../nodes/core/tasks/task';
import { startSimulator, type Simulator } from '../../simulator/index.mts';
import { runNode } from '../support/n8n.mts';
import { callWebhook } from '../support/webhook.mts';
import { simCredentials, submitTask } from '../support/simtasks.mts';
import { runRunningHub } from '../operations/support.mts';

const numeric = fc.oneof(fc.constant(null), fc.constant(''), fc.constant('abc'), fc.double({ min: 0, max: 1e4, noNaN: true }).map(String));
const output = fc.record({
	url: fc.option(fc.constantFrom('https://cdn.example/a.png', 'https://cdn.example/b.mp4', 'https://cdn.example/c.mp3', 'https://cdn.example/d.zip')),
	type: fc.option(fc.constantFrom('png', 'mp4', 'mp3', 'zip', 'video')),
	text: fc.option(fc.string({ maxLength: 8 })),
	nodeId: fc.option(fc.constantFrom('9', '12')),
});
const task: fc.Arbitrary<TaskResult> = fc
	.record({
		taskId: fc.bigInt({ min: 10n ** 18n, max: 9n * 10n ** 18n }).map(String),
		word: fc.constantFrom('SUCCESS', 'FAILED', 'CANCEL'),
		outputs: fc.array(output, { maxLength: 4 }),
		errorCode: fc.option(fc.constantFrom('1501', '1000')),
		errorMessage: fc.option(fc.constantFrom('unknown error', 'moderation')),
		usage: fc.option(fc.record({ consumeMoney: numeric, consumeCoins: numeric, taskCostTime: numeric, thirdPartyConsumeMoney: numeric })),
	})
	.map(({ taskId, word, outputs, errorCode, errorMessage, usage }) => ({
		taskId,
		status: word,
		state: word === 'SUCCESS' ? 'succeeded' : word === 'FAILED' ? 'failed' : 'cancelled',
		outputs,
		...(errorCode ? { errorCode } : {}),
		...(errorMessage ? { errorMessage } : {}),
		...(usage ? { usage } : {}),
	}));
const currency = fc.option(fc.constantFrom('CNY', 'USD'), { nil: undefined });

/** Every value in a JSON tree, with its path. */
function* leaves(value: unknown, path = '$'): Generator<[string, unknown]> {
	yield [path, value];
	if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* leaves(v, `${path}.${k}`);
}

const withoutKeys = (json: IDataObject, ...keys: string[]) => Object.fromEntries(Object.entries(json).filter(([k]) => !keys.includes(k)));

describe('version-2 task shape (simplify.ts)', () => {
	it('is the same for the node, Wait for Task poll and callback and the Trigger (besides their routing fields)', () => {
		fc.assert(
			fc.property(task, currency, fc.boolean(), (t, cur, simplify) => {
				const shape = { version: 2, simplify, currency: cur };
				const node = taskOutput(t, simplify, cur);
				const poll = resultJson(t, 'poll', {}, shape);
				const callback = resultJson(t, 'callback', { resumedBy: 'callback' }, shape);
				assert.deepEqual(withoutKeys(poll, 'waitResult'), node);
				assert.deepEqual(withoutKeys(callback, 'waitResult'), node);
				assert.equal(poll.waitResult, t.state === 'succeeded' ? 'succeeded' : 'failed');
			}),
		);
	});

	it('has no null field, one status word, no state twin, and cost as a number with its currency', () => {
		fc.assert(
			fc.property(task, currency, fc.boolean(), (t, cur, simplify) => {
				const json = taskOutput(t, simplify, cur);
				for (const [path, v] of leaves(json)) assert.notEqual(v, null, `${path} is null`);
				assert.ok(['succeeded', 'failed', 'cancelled'].includes(json.status as string));
				assert.equal(json.state, undefined);
				const expected = taskCost(t.usage, cur);
				if (expected) {
					assert.equal(typeof json.cost, 'number');
					assert.ok(Number.isFinite(json.cost));
					assert.equal(json.currency, expected.currency);
				} else {
					assert.equal(json.cost, undefined);
					assert.equal(json.currency, undefined);
				}
				// Only failed tasks carry RunningHub's error fields.
				if (t.state === 'succeeded') assert.equal(json.errorCode, undefined);
			}),
		);
	});

	it('states wallet money in the account currency and coins as RH coins', () => {
		const base: TaskResult = { taskId: '1', status: 'SUCCESS', state: 'succeeded', outputs: [] };
		const money = { consumeMoney: '0.350', consumeCoins: null, taskCostTime: '3', thirdPartyConsumeMoney: null };
		assert.deepEqual([simplifiedTask({ ...base, usage: money }, 'CNY').cost, simplifiedTask({ ...base, usage: money }, 'CNY').currency], [0.35, 'CNY']);
		const coins = { consumeMoney: null, consumeCoins: '12', taskCostTime: null, thirdPartyConsumeMoney: null };
		assert.deepEqual([simplifiedTask({ ...base, usage: coins }, 'CNY').cost, simplifiedTask({ ...base, usage: coins }, 'CNY').currency], [12, 'RH coins']);
	});
});

describe('real runs against the simulator: one task read four ways', () => {
	let sim: Simulator;
	before(async () => {
		sim = await startSimulator({ quiet: true, taskDurationMs: 30, concurrencyLimit: 50 });
	});
	after(async () => await sim.close());

	const task = (json: IDataObject) => withoutKeys(json, 'waitResult', 'event', 'verified', 'receivedAt', 'audioId', 'voiceId', 'voiceLanguage', 'voiceSpeed', 'durationMs');

	it('version 2: the RunningHub node, Wait for Task (poll, callback) and the Trigger give the same task fields', async () => {
		const credentials = simCredentials(sim);
		const run = await runRunningHub({
			baseUrl: sim.url,
			apiKey: credentials.apiKey,
			typeVersion: 2,
			parameters: { resource: 'audio', operation: 'textToSpeech', text: 'Hello from n8n.', submitOptions: { downloadOutputs: false } },
		});
		const fromNode = run.items[0].json;
		const taskId = String(fromNode.taskId);
		assert.equal(fromNode.status, 'succeeded');
		assert.equal(fromNode.state, undefined);
		// The simulator's key bills wallet money; its currency comes from the account status.
		assert.equal(typeof fromNode.cost, 'number');
		assert.equal(fromNode.currency, 'USD');
		const poll = await runNode(RunningHubWaitForTask, { parameters: { mode: 'poll', maxWaitSeconds: 5, taskId }, credentials, input: [{ json: {} }], typeVersion: 2 });
		const callback = await runNode(RunningHubWaitForTask, { parameters: { mode: 'callback', taskId }, credentials, input: [{ json: {} }], typeVersion: 2 });
		const trigger = await callWebhook(RunningHubTrigger, {
			parameters: { secret: 's'.repeat(32), events: ['succeeded', 'failed'], verifyWithApi: true, options: {} },
			credentials,
			body: { event: 'TASK_END', taskId, eventData: JSON.stringify({ code: 0, msg: 'success', data: [] }) },
			url: `/webhook/n/runninghub/${'s'.repeat(32)}`,
			typeVersion: 2,
			nodeId: 'shape-trigger',
		});
		const fromTrigger = (trigger.result.workflowData?.[0]?.[0]?.json ?? {}) as IDataObject;
		assert.equal(fromTrigger.taskId, taskId, JSON.stringify(trigger.response));
		for (const json of [poll.output[0][0].json, callback.output[0][0].json, fromTrigger]) assert.deepEqual(task(json), task(fromNode));
		assert.equal(poll.output[0][0].json.waitMode, undefined, 'how it waited is not a field in version 2');
	});

	it('version 1 keeps its first shape: RunningHub status word plus state, waitMode', async () => {
		const credentials = simCredentials(sim);
		const taskId = await submitTask(sim);
		await sim.control.waitForTask(taskId);
		const poll = await runNode(RunningHubWaitForTask, { parameters: { mode: 'poll', maxWaitSeconds: 5, taskId }, credentials, input: [{ json: {} }], typeVersion: 1 });
		const json = poll.output[0][0].json;
		assert.deepEqual([json.status, json.state, json.waitMode, json.waitResult], ['SUCCESS', 'succeeded', 'poll', 'succeeded']);
		const run = await runRunningHub({ baseUrl: sim.url, apiKey: credentials.apiKey, parameters: { resource: 'audio', operation: 'textToSpeech', text: 'Hi.' } });
		assert.deepEqual([run.items[0].json.status, run.items[0].json.state, run.items[0].binary], ['SUCCESS', 'succeeded', undefined]);
	});
});

describe('defaults by version', () => {
	const option = (properties: INodeProperties[], name: string, version: number) => {
		const matches = (p: INodeProperties) => {
			const cond = (p.displayOptions?.show?.['@version'] ?? []) as Array<{ _cnd?: { gte?: number; lt?: number } }>;
			return cond.every((c) => (c._cnd?.gte === undefined || version >= c._cnd.gte) && (c._cnd?.lt === undefined || version < c._cnd.lt));
		};
		return properties.filter((p) => p.name === name && matches(p));
	};
	const submitOptionsOf = (operation: string) =>
		new RunningHub().description.properties.filter((p) => p.name === 'submitOptions' && (p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation));

	for (const operation of ['textToSpeech', 'lipSync', 'createVideo', 'run']) {
		it(`${operation}: Download Outputs is on by default from version 2 only`, () => {
			for (const collection of submitOptionsOf(operation)) {
				const options = collection.options as INodeProperties[];
				assert.deepEqual(option(options, 'downloadOutputs', 1).map((p) => p.default), [false]);
				if (operation !== 'run' || (collection.displayOptions?.show?.resource as string[]).includes('model')) {
					const v2 = option(options, 'downloadOutputs', 2).map((p) => p.default);
					assert.deepEqual(v2, (collection.displayOptions?.show?.resource as string[]).some((r) => ['model', 'audio', 'lipSync'].includes(r)) ? [true] : [false]);
				}
				assert.deepEqual(option(options, 'simplify', 1), []);
				assert.deepEqual(option(options, 'simplify', 2).map((p) => p.default), [true]);
			}
		});
	}

	it('Identify Faces, Workflow and AI App runs do not download by default, in either version', () => {
		const d = new RunningHub().description.properties.filter((p) => p.name === 'submitOptions');
		const others = d.filter((p) => {
			const show = p.displayOptions?.show ?? {};
			return (show.operation as string[]).includes('identifyFaces') || ['workflow', 'aiApp'].some((r) => (show.resource as string[]).includes(r));
		});
		assert.ok(others.length >= 3);
		for (const collection of others) for (const v of [1, 2]) assert.deepEqual(option(collection.options as INodeProperties[], 'downloadOutputs', v).map((p) => p.default), [false]);
	});

	it('the Wait for Task node and the Trigger offer Simplify (on) from version 2 only', () => {
		for (const node of [new RunningHubWaitForTask(), new RunningHubTrigger()]) {
			const options = node.description.properties.find((p) => p.name === 'options')?.options as INodeProperties[];
			assert.deepEqual(option(options, 'simplify', 1), []);
			assert.deepEqual(option(options, 'simplify', 2).map((p) => p.default), [true]);
		}
	});
});
