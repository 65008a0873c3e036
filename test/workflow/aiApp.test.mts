// AI App → Run and Get Inputs against the simulator: the Input dropdown (loadOptions from the
// app's API call demo), runs that send every input with overrides applied (binary values
// uploaded as file names), the v1 fallback, and validation of inputs before submit.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { aiAppInputOptions, assertNoKey, binaryItem, jsonOf, runNode, runNodeError, type BinaryMode } from '../model/support.mts';

const KEY = SIM_KEYS.aiShared;
const APP = '1960000000000000001';
const V2_RUN = `/openapi/v2/run/ai-app/${APP}`;
const V1_RUN = '/task/openapi/ai-app/run';
const DEMO = '/api/webapp/apiCallDemo';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

let sim: Simulator;
before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 20, quiet: true });
});
after(async () => sim.close());
beforeEach(async () => {
	await sim.control.reset();
	sim.control.configure({ taskDurationMs: 20, concurrencyLimit: 20, variants: { syncSuccess: true } });
});

type Input = Parameters<typeof runNode>[0]['input'];
const params = (extra: Record<string, unknown>) => ({ resource: 'aiApp', operation: 'run', webappId: APP, ...extra });
const run = (extra: Record<string, unknown>, input?: Input, binaryMode?: BinaryMode) =>
	runNode({ baseUrl: sim.url, apiKey: KEY, parameters: params(extra), input, binaryMode });
const runError = (extra: Record<string, unknown>, input?: Input) => runNodeError({ baseUrl: sim.url, apiKey: KEY, parameters: params(extra), input });
const appInputs = (...entries: Array<[string, unknown]>) => ({ input: entries.map(([input, value]) => ({ input, value })) });
const bodies = (path: string) => sim.control.requests({ path }).map((r) => JSON.parse(r.body) as Record<string, any>);

describe('AI App inputs in the editor', () => {
	it('offers the app\'s editable inputs as nodeId:fieldName, described in English', async () => {
		const options = await aiAppInputOptions(sim.url, KEY, APP);
		assert.deepEqual(options.map((o) => o.value), ['10:image', '6:text', '3:seed']);
		assert.equal(options[0].name, 'Upload a portrait (LoadImage #10 · image)');
		assert.match(String(options[2].description), /^INT · current value: 42$/);
	});

	it('asks for the app ID first, and reports an unknown app', async () => {
		await assert.rejects(aiAppInputOptions(sim.url, KEY, ''), /Enter the AI App ID first/);
		await assert.rejects(aiAppInputOptions(sim.url, KEY, '1960000000000000999'), /AI app does not exist/);
	});
});

describe('AI App → Run', () => {
	for (const binaryMode of ['default', 'filesystem'] as BinaryMode[]) {
		it(`sends every input with the overrides applied; binary values go in as uploaded file names (${binaryMode} mode)`, async () => {
			const { items } = await run(
				{
					appInputs: appInputs(['6:text', 'watercolor portrait'], ['10:image', 'binary:photo']),
					appOptions: { instanceType: 'plus' },
					submitOptions: { webhookUrl: 'https://hooks.example.com/app' },
				},
				[await binaryItem(PNG, 'me.png', 'image/png', 'photo')],
				binaryMode,
			);
			const [body] = bodies(V2_RUN);
			assert.equal(body.nodeInfoList.length, 3);
			assert.deepEqual(body.nodeInfoList[1], { nodeId: '6', fieldName: 'text', fieldValue: 'watercolor portrait' });
			assert.deepEqual(body.nodeInfoList[2], { nodeId: '3', fieldName: 'seed', fieldValue: '42' }, 'an input not overridden keeps the app\'s value');
			assert.match(body.nodeInfoList[0].fieldValue, /^openapi\/[0-9a-f]{64}\.png$/);
			assert.equal(body.instanceType, 'plus');
			assert.equal(body.webhookUrl, 'https://hooks.example.com/app');
			const [json] = jsonOf(items);
			assert.equal(json.webappId, APP);
			assert.equal(json.webappName, 'Simulated portrait restyle');
			assert.equal(json.api, 'v2');
			assert.equal(json.state, 'succeeded');
			assert.match(String(json.imageUrl), /\.png/);
			assertNoKey(KEY, items);
		});
	}

	it('reads the app\'s inputs once for all items, and sends numbers from expressions as text', async () => {
		await run({ appInputs: (i: number) => appInputs(['3:seed', 100 + i]) }, [{ json: {} }, { json: {} }, { json: {} }]);
		assert.equal(sim.control.requests({ path: DEMO }).length, 1);
		assert.deepEqual(bodies(V2_RUN).map((b) => b.nodeInfoList[2].fieldValue).sort(), ['100', '101', '102']);
	});

	it('refuses an input the app does not have, or a malformed one, before submitting', async () => {
		const unknown = await runError({ appInputs: appInputs(['7:text', 'x']) });
		assert.match(unknown.message, /^App Inputs entry 1 \(7:text\): 7:text is not an editable input of AI app 1960000000000000001 \[item 0\]$/);
		assert.match(String(unknown.description), /10:image \(Upload a portrait\), 6:text \(Style prompt\), 3:seed \(Random seed\)/);
		const malformed = await runError({ appInputs: appInputs(['text', 'x']) });
		assert.match(malformed.message, /"text" is not nodeId:fieldName/);
		const twice = await runError({ appInputs: appInputs(['6:text', 'a'], ['6:text', 'b']) });
		assert.match(twice.message, /sets 6:text again/);
		const noBinary = await runError({ appInputs: appInputs(['10:image', 'binary:photo']) });
		assert.match(noBinary.message, /"binary:photo" names no binary property/);
		assert.equal(sim.control.submitCount(), 0);
	});

	it('falls back to v1 ai-app/run when v2 run/ai-app is missing', async () => {
		sim.control.addFault({ path: '^/openapi/v2/run/ai-app/', fault: { type: 'http', status: 404 }, times: -1 });
		const { items } = await run({ appInputs: appInputs(['6:text', 'v1 please']) });
		const [body] = bodies(V1_RUN);
		assert.equal(body.webappId, APP);
		assert.equal(typeof body.webappId, 'string', 'the 19-digit ID travels as text');
		assert.equal(body.apiKey, KEY);
		assert.deepEqual(body.nodeInfoList[1], { nodeId: '6', fieldName: 'text', fieldValue: 'v1 please' });
		assert.equal(items[0].json.api, 'v1');
		assert.equal(items[0].json.state, 'succeeded');
		assert.equal(sim.control.submitCount(), 1);
		assertNoKey(KEY, items);
	});

	it('does not fall back when the app does not exist', async () => {
		const error = await runError({ webappId: '1960000000000000999' });
		assert.match(error.message, /AI app does not exist/);
		assert.equal(bodies(V1_RUN).length, 0);
	});
});

describe('AI App → Get Inputs', () => {
	it('returns the app\'s name and its editable inputs', async () => {
		const { items } = await runNode({ baseUrl: sim.url, apiKey: KEY, parameters: { resource: 'aiApp', operation: 'getInputs', webappId: APP } });
		const json = items[0].json as any;
		assert.equal(json.webappName, 'Simulated portrait restyle');
		assert.equal(json.inputCount, 3);
		assert.deepEqual(json.inputs[0], {
			key: '10:image',
			nodeId: '10',
			nodeName: 'LoadImage',
			fieldName: 'image',
			fieldType: 'IMAGE',
			fieldValue: 'api/5f1e0c6b0e5e4c0b8d7f1a2b3c4d5e6f.png',
			description: 'Upload a portrait',
		});
		assert.match(String(json.coverUrl), /covers\//);
		assertNoKey(KEY, items);
	});
});
