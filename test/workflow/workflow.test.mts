// Workflow → Run and Get Inputs against the simulator: node input overrides (typed values,
// binary uploads as file names), workflow options, the v1 fallback when the v2 endpoint is
// missing (and no fallback for real refusals or unknown outcomes), and validation before submit.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { assertRunningHubCode } from '../support/errors.mts';
import { assertNoKey, binaryItem, jsonOf, runNode, runNodeError, type BinaryMode } from '../model/support.mts';

const KEY = SIM_KEYS.aiShared;
const WF = '1950000000000000001';
const NEVER_RUN = '1950000000000000099';
const V2_RUN = `/openapi/v2/run/workflow/${WF}`;
const V1_CREATE = '/task/openapi/create';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

let sim: Simulator;
before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 20, quiet: true });
});
after(async () => sim.close());
beforeEach(async () => {
	await sim.control.reset();
	// Tasks end at submit unless a test is about waiting (the node's first poll is after 1 s).
	sim.control.configure({ taskDurationMs: 20, concurrencyLimit: 20, variants: { syncSuccess: true } });
});

type Input = Parameters<typeof runNode>[0]['input'];
const params = (extra: Record<string, unknown>) => ({ resource: 'workflow', operation: 'run', workflowId: WF, ...extra });
const run = (extra: Record<string, unknown>, input?: Input, binaryMode?: BinaryMode) =>
	runNode({ baseUrl: sim.url, apiKey: KEY, parameters: params(extra), input, binaryMode });
const runError = (extra: Record<string, unknown>, input?: Input) => runNodeError({ baseUrl: sim.url, apiKey: KEY, parameters: params(extra), input });
const inputs = (...entries: Array<[string, string, unknown]>) => ({
	input: entries.map(([nodeId, fieldName, value]) => ({ nodeId, fieldName, value })),
});
const bodies = (path: string) => sim.control.requests({ path }).map((r) => JSON.parse(r.body) as Record<string, any>);

describe('Workflow → Run', () => {
	it('runs with overrides through v2: typed values, options, webhook URL; waits; returns outputs by kind', async () => {
		sim.control.configure({ variants: { syncSuccess: false } });
		const { items } = await run({
			nodeInputs: inputs(['6', 'text', 'a red fox in snow'], ['3', 'seed', '7'], ['3', 'cfg', '6.5'], ['5', 'width', 768]),
			workflowOptions: { instanceType: 'plus', usePersonalQueue: true, addMetadata: false },
			submitOptions: { webhookUrl: 'https://hooks.example.com/rh', downloadOutputs: true },
		});
		const [body] = bodies(V2_RUN);
		assert.deepEqual(body.nodeInfoList, [
			{ nodeId: '6', fieldName: 'text', fieldValue: 'a red fox in snow' },
			{ nodeId: '3', fieldName: 'seed', fieldValue: 7 },
			{ nodeId: '3', fieldName: 'cfg', fieldValue: 6.5 },
			{ nodeId: '5', fieldName: 'width', fieldValue: 768 },
		]);
		assert.equal(body.instanceType, 'plus');
		assert.equal(body.usePersonalQueue, true);
		assert.equal(body.addMetadata, false);
		assert.equal(body.webhookUrl, 'https://hooks.example.com/rh');
		assert.equal(body.apiKey, undefined, 'v2 takes the key as a Bearer header only');
		const [json] = jsonOf(items);
		assert.equal(json.workflowId, WF);
		assert.equal(json.api, 'v2');
		assert.equal(json.state, 'succeeded');
		assert.match(String(json.imageUrl), /\.png/);
		assert.ok(items[0].binary?.data, 'outputs downloaded');
		assert.equal(bodies(V1_CREATE).length, 0);
		assertNoKey(KEY, items);
	});

	it('keeps text as text with Convert Values off, and long numbers as text always', async () => {
		await run({
			nodeInputs: inputs(['6', 'text', '2024'], ['3', 'seed', '18446744073709551615']),
			workflowOptions: { convertValues: false },
		});
		await run({ nodeInputs: inputs(['3', 'seed', '18446744073709551615'], ['7', 'text', 'TRUE']) });
		const [off, on] = bodies(V2_RUN);
		assert.deepEqual(off.nodeInfoList.map((n: any) => n.fieldValue), ['2024', '18446744073709551615']);
		assert.deepEqual(on.nodeInfoList.map((n: any) => n.fieldValue), ['18446744073709551615', true]);
	});

	for (const binaryMode of ['default', 'filesystem'] as BinaryMode[]) {
		it(`uploads binary:<field> values and sends the RunningHub file name (${binaryMode} mode)`, async () => {
			const { items } = await run({ nodeInputs: inputs(['10', 'image', 'binary:photo']) }, [await binaryItem(PNG, 'photo.png', 'image/png', 'photo')], binaryMode);
			assert.equal(items[0].json.state, 'succeeded');
			const [info] = bodies(V2_RUN)[0].nodeInfoList;
			assert.match(info.fieldValue, /^openapi\/[0-9a-f]{64}\.png$/);
			assert.equal(sim.control.requests({ path: '/openapi/v2/media/upload/binary' }).length, 1);
		});
	}

	it('sends the download URL instead with Send Uploads As → Download URL', async () => {
		await run({ nodeInputs: inputs(['10', 'image', 'binary:data']), workflowOptions: { uploadValue: 'url' } }, [await binaryItem(PNG, 'p.png', 'image/png')]);
		assert.match(bodies(V2_RUN)[0].nodeInfoList[0].fieldValue, /^http:\/\/127\.0\.0\.1:\d+\/.*openapi\/[0-9a-f]+\.png\?/);
	});

	it('sends a full Workflow JSON as text and checks overrides against it first', async () => {
		const graph = { '1': { class_type: 'CLIPTextEncode', inputs: { text: 'x' } }, '2': { class_type: 'SaveImage', inputs: { images: ['1', 0] } } };
		const { items } = await run({ nodeInputs: inputs(['1', 'text', 'hello']), workflowOptions: { workflowJson: JSON.stringify(graph) } });
		assert.equal(items[0].json.state, 'succeeded');
		assert.deepEqual(JSON.parse(bodies(V2_RUN)[0].workflow), graph);

		const wrongNode = await runError({ nodeInputs: inputs(['9', 'text', 'x']), workflowOptions: { workflowJson: JSON.stringify(graph) } });
		assert.match(wrongNode.message, /^Node Inputs entry 1 \(node 9, field text\): node 9 is not in the Workflow JSON \[item 0\]$/);
		const wrongField = await runError({ nodeInputs: inputs(['1', 'txt', 'x']), workflowOptions: { workflowJson: JSON.stringify(graph) } });
		assert.match(wrongField.message, /node 1 \(CLIPTextEncode\) has no input "txt"/);
		assert.match(String(wrongField.description), /Its inputs are text/);
		const uiFormat = await runError({ workflowOptions: { workflowJson: '{"nodes":[],"links":[]}' } });
		assert.match(uiFormat.message, /^Workflow JSON: node "nodes" has no class_type: this looks like the UI format/);
		const broken = await runError({ workflowOptions: { workflowJson: '{nope' } });
		assert.match(broken.message, /^Workflow JSON: is not valid JSON/);
		assert.equal(sim.control.submitCount(), 1, 'only the valid run was submitted');
	});

	it('validates every item before submitting any: entries, duplicates, IDs, binary references', async () => {
		const empty = await runError({ nodeInputs: { input: [{ nodeId: '6', fieldName: '', value: 'x' }] } });
		assert.match(empty.message, /^Node Inputs entry 1 \(node 6\): Field Name is empty \[item 0\]$/);
		const dup = await runError({ nodeInputs: inputs(['6', 'text', 'a'], ['6', 'text', 'b']) });
		assert.match(dup.message, /entry 2 \(node 6, field text\): sets node 6 field text again \(entry 1 sets it too\)/);
		const badId = await runError({ workflowId: '12ab' });
		assert.match(badId.message, /^Workflow ID: "12ab" is not a RunningHub ID \[item 0\]$/);
		const noBinary = await runError({ nodeInputs: inputs(['10', 'image', 'binary:photo']) }, [{ json: {} }, { json: {} }]);
		assert.match(noBinary.message, /"binary:photo" names no binary property of the input item \[item 0\]/);
		const twoItems = await runNodeError({
			baseUrl: sim.url,
			apiKey: KEY,
			parameters: params({ nodeInputs: (i: number) => inputs(['6', i === 1 ? '' : 'text', 'x']) }),
			input: [{ json: {} }, { json: {} }],
		});
		assert.match(twoItems.message, /\[item 1\]$/);
		assert.equal(sim.control.submitCount(), 0);
	});

	it('reports RunningHub refusals with what to do (workflow never run: 810-style)', async () => {
		sim.control.configure({ variants: { v2RunErrors: 'v1' } });
		const error = await runError({ workflowId: NEVER_RUN });
		// RunningHub's reason (its code name cut off) is the headline; what to do, then the code.
		assert.equal(error.message, `Workflow ${NEVER_RUN} must be saved and run once on the site [item 0]`);
		assert.equal(
			error.description,
			'Open the workflow on RunningHub, save it and run it once, then retry.\nRunningHub code: 810 (WORKFLOW_NOT_SAVED_OR_NOT_RUNNING, the workflow has never been saved and run on RunningHub).',
		);
		assertRunningHubCode(error, 810, 'WORKFLOW_NOT_SAVED_OR_NOT_RUNNING');
		assert.equal(bodies(V1_CREATE).length, 0, 'a real refusal does not fall back to v1');
		assertNoKey(KEY, error);
	});
});

describe('Workflow → Run: v1 fallback when v2 run/workflow is unavailable', () => {
	const fallbackCases: Array<[string, Parameters<Simulator['control']['addFault']>[0]['fault']]> = [
		['HTTP 404 without a RunningHub code', { type: 'http', status: 404 }],
		['v2 errorCode 1001 (invalid path)', { type: 'businessError', code: '1001' }],
		['v2 errorCode 1009 (method not supported)', { type: 'businessError', code: '1009' }],
	];
	for (const [name, fault] of fallbackCases) {
		it(`falls back to v1 create on ${name}`, async () => {
			sim.control.addFault({ path: '^/openapi/v2/run/workflow/', fault, times: -1 });
			const { items } = await run({
				nodeInputs: inputs(['6', 'text', 'fallback fox'], ['3', 'seed', '5']),
				workflowOptions: { instanceType: 'plus', addMetadata: false },
				submitOptions: { webhookUrl: 'https://hooks.example.com/rh' },
			});
			const [json] = jsonOf(items);
			assert.equal(json.api, 'v1');
			assert.equal(json.state, 'succeeded');
			const [body] = bodies(V1_CREATE);
			assert.equal(body.workflowId, WF);
			assert.equal(body.apiKey, KEY, 'v1 takes the key in the body');
			assert.deepEqual(body.nodeInfoList, [
				{ nodeId: '6', fieldName: 'text', fieldValue: 'fallback fox' },
				{ nodeId: '3', fieldName: 'seed', fieldValue: 5 },
			]);
			assert.equal(body.instanceType, 'plus');
			assert.equal(body.addMetadata, false);
			assert.equal(body.webhookUrl, 'https://hooks.example.com/rh');
			assert.equal(sim.control.submitCount(), 1, 'exactly one task was created');
			assertNoKey(KEY, items);
		});
	}

	it('waits for a task created through v1 (read through the v2 query)', async () => {
		sim.control.configure({ variants: { syncSuccess: false } });
		sim.control.addFault({ path: '^/openapi/v2/run/workflow/', fault: { type: 'http', status: 404 }, times: -1 });
		const { items } = await run({ nodeInputs: inputs(['6', 'text', 'slow fox']) });
		assert.equal(items[0].json.api, 'v1');
		assert.equal(items[0].json.state, 'succeeded');
		assert.ok(sim.control.requests({ path: '/openapi/v2/query' }).length >= 1);
	});

	const noFallbackCases: Array<[string, Parameters<Simulator['control']['addFault']>[0]['fault'], RegExp]> = [
		['a validation refusal (1007)', { type: 'businessError', code: '1007', message: 'Parameter validation failed: bad' }, /1007/],
		['HTTP 404 that carries a RunningHub code', { type: 'http', status: 404, body: { taskId: null, status: null, errorCode: '1004', errorMessage: 'Task not found' } }, /1004/],
		['an unknown outcome (HTTP 500 after sending)', { type: 'http', status: 500 }, /unknown whether the task was created/],
		['an unknown outcome (connection dropped after processing)', { type: 'dropAfterProcess' }, /unknown whether the task was created/],
	];
	for (const [name, fault, message] of noFallbackCases) {
		it(`does not fall back on ${name}`, async () => {
			sim.control.addFault({ path: '^/openapi/v2/run/workflow/', fault, times: -1 });
			const error = await runError({ nodeInputs: inputs(['6', 'text', 'x']) });
			assert.match(`${error.message} ${error.description}`, message);
			assert.equal(bodies(V1_CREATE).length, 0, 'v1 is not called');
			assertNoKey(KEY, error);
		});
	}
});

describe('Workflow → Get Inputs', () => {
	it('lists every node with its editable fields, current values and connected inputs', async () => {
		const { items } = await runNode({
			baseUrl: sim.url,
			apiKey: KEY,
			parameters: { resource: 'workflow', operation: 'getInputs', workflowId: WF, getInputsOptions: { includeWorkflowJson: true } },
		});
		assert.equal(items.length, 1);
		const json = items[0].json as any;
		assert.equal(json.workflowId, WF);
		assert.equal(json.nodeCount, 8);
		assert.deepEqual(json.nodes.map((n: any) => n.nodeId), ['3', '4', '5', '6', '7', '8', '9', '10']);
		const prompt = json.nodes.find((n: any) => n.nodeId === '6');
		assert.equal(prompt.classType, 'CLIPTextEncode');
		assert.equal(prompt.title, 'Positive Prompt');
		assert.deepEqual(prompt.fields, [{ fieldName: 'text', value: 'a cat sitting on a windowsill', type: 'string' }]);
		assert.deepEqual(prompt.connectedInputs, ['clip']);
		const sampler = json.nodes.find((n: any) => n.nodeId === '3');
		assert.deepEqual(sampler.fields.find((f: any) => f.fieldName === 'seed'), { fieldName: 'seed', value: 42, type: 'number' });
		assert.equal(JSON.parse(json.workflowJson)['6'].class_type, 'CLIPTextEncode');
		assertNoKey(KEY, items);
	});

	it('reports an unknown workflow', async () => {
		const error = await runNodeError({ baseUrl: sim.url, apiKey: KEY, parameters: { resource: 'workflow', operation: 'getInputs', workflowId: '1950000000000000777' } });
		// RunningHub's message is only the code's name: the code's meaning is the headline.
		assert.equal(error.message, 'The workflow does not exist [item 0]');
		assertRunningHubCode(error, 380, 'WORKFLOW_NOT_EXISTS');
		assert.doesNotMatch(String(error.description), /Endpoint:/);
	});
});
