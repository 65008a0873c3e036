// Workflow → Run on node version 2 (issue 17 point 1): the Node Inputs resource mapper loaded from
// the workflow's graph, its values sent as nodeInfoList (files uploaded, seeds exact), the Workflow
// ID resource locator (By ID, By URL), a node saved on version 2 with the Node Inputs list, and
// version 1 keeping its text ID and list.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { NodeHelpers, type INode, type INodeProperties, type ResourceMapperField } from 'n8n-workflow';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { idFromPageUrl, pageIdOf } from '../../nodes/core/pageId.ts';
import { RunningHub } from '../../nodes/RunningHub/RunningHub.node.ts';
import { workflowFields, workflowValue } from '../../nodes/RunningHub/actions/workflow/fields.ts';
import { readGraph, workflowNodes } from '../../nodes/RunningHub/actions/workflow/graph.ts';
import { splitInputKey } from '../../nodes/RunningHub/actions/helpers/mapped.ts';
import { binaryItem, jsonOf, loadOptionsContext, runNode, runNodeError } from '../model/support.mts';

const KEY = SIM_KEYS.aiShared;
const WF = '1950000000000000001';
const V2_RUN = `/openapi/v2/run/workflow/${WF}`;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const description = new RunningHub().description;

let sim: Simulator;
before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 20, quiet: true });
});
after(async () => sim.close());
beforeEach(async () => {
	await sim.control.reset();
	sim.control.configure({ taskDurationMs: 20, concurrencyLimit: 20, variants: { syncSuccess: true } });
});

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byUrl = (value: string) => ({ __rl: true, mode: 'url', value });
/** The mapper as the editor stores it: the values, and the fields loaded for them. */
const mapped = (value: Record<string, unknown>, schema: ResourceMapperField[]) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema,
	attemptToConvertTypes: false,
	convertFieldsToString: false,
});
const params = (extra: Record<string, unknown>) => ({ resource: 'workflow', operation: 'run', workflowId: byId(WF), waitForCompletion: false, ...extra });
type Input = Parameters<typeof runNode>[0]['input'];
const run = (extra: Record<string, unknown>, input?: Input) =>
	runNode({ baseUrl: sim.url, apiKey: KEY, parameters: params(extra), input, typeVersion: 2 });
const runError = (extra: Record<string, unknown>, input?: Input) =>
	runNodeError({ baseUrl: sim.url, apiKey: KEY, parameters: params(extra), input, typeVersion: 2 });
const sent = () => sim.control.requests({ path: V2_RUN }).map((r) => JSON.parse(r.body).nodeInfoList as Array<Record<string, unknown>>);

async function loadFields(workflowId: unknown) {
	const ctx = loadOptionsContext({ baseUrl: sim.url, apiKey: KEY, parameters: { resource: 'workflow', operation: 'run', workflowId } });
	return await new RunningHub().methods!.resourceMapping!.getWorkflowFields.call(ctx);
}

const GRAPH_TEXT = `{
	"3": {"class_type": "KSampler", "_meta": {"title": "KSampler"}, "inputs": {"seed": 18446744073709551615, "steps": 20, "cfg": 6.5, "model": ["4", 0], "add_noise": true}},
	"6": {"class_type": "CLIPTextEncode", "_meta": {"title": "Positive Prompt"}, "inputs": {"text": "a cat", "clip": ["4", 1]}},
	"10": {"class_type": "LoadImage", "inputs": {"image": "example.png", "upload": "image"}},
	"12": {"class_type": "VHS_LoadVideo", "inputs": {"video": "", "frames": [1, 2, 3]}},
	"13": {"class_type": "LoadAudio", "inputs": {"audio": "speech.mp3", "note": null}}
}`;

function fieldsOf(text: string): ResourceMapperField[] {
	const read = readGraph(text);
	assert.ok(!('error' in read));
	return workflowFields(workflowNodes(read.graph as never, read.bigIntegers));
}

describe('Workflow Node Inputs mapper: graph → fields', () => {
	it('lists one field per input holding a value, titled by node, typed by value, the value as default', () => {
		const fields = fieldsOf(GRAPH_TEXT);
		const shape = fields.map((f) => [f.id, f.type, f.defaultValue, f.displayName]);
		assert.deepEqual(shape, [
			['3:seed', 'string', '18446744073709551615', 'KSampler #3 · seed (whole number)'],
			['3:steps', 'number', 20, 'KSampler #3 · steps'],
			['3:cfg', 'number', 6.5, 'KSampler #3 · cfg'],
			['3:add_noise', 'boolean', true, 'KSampler #3 · add_noise'],
			['6:text', 'string', 'a cat', 'Positive Prompt (CLIPTextEncode #6) · text'],
			['10:image', 'string', 'example.png', 'LoadImage #10 · image (file)'],
			['10:upload', 'string', 'image', 'LoadImage #10 · upload'],
			['12:video', 'string', '', 'VHS_LoadVideo #12 · video (file)'],
			['13:audio', 'string', 'speech.mp3', 'LoadAudio #13 · audio (file)'],
			['13:note', 'string', undefined, 'LoadAudio #13 · note'],
		]);
		for (const f of fields) assert.deepEqual([f.required, f.display, f.canBeUsedToMatch, f.defaultMatch], [false, true, false, false]);
	});

	it('keeps any seed exact as its default and in what is sent, whatever its size', () => {
		const seedField = { id: '3:seed', displayName: 'seed', type: 'string', required: false, display: true, defaultMatch: false, defaultValue: '42' } as ResourceMapperField;
		fc.assert(
			fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (seed) => {
				const digits = seed.toString();
				const [field] = fieldsOf(`{"3": {"class_type": "KSampler", "inputs": {"seed": ${digits}}}}`);
				assert.equal(field.defaultValue, digits);
				assert.equal(field.type, 'string', 'seeds are text: the editor\'s number input would round them');
				const value = workflowValue(true)(digits, seedField);
				if (Number.isSafeInteger(Number(digits))) assert.equal(value, Number(digits));
				else assert.equal(value, digits);
			}),
		);
	});

	it('sends text inputs as typed, number-like text of number inputs as numbers', () => {
		const [seed, steps, , , text] = fieldsOf(GRAPH_TEXT);
		const send = workflowValue(true);
		assert.equal(send('2024', text), '2024', 'a prompt "2024" stays a prompt');
		assert.equal(send('7', steps), 7);
		assert.equal(send('7', seed), 7);
		assert.equal(send(true, undefined), true);
		assert.equal(send('7', undefined), 7, 'an unknown field follows Convert Values');
		assert.equal(workflowValue(false)('7', undefined), '7');
	});

	it('splits keys at the last colon (subgraph node IDs have colons)', () => {
		assert.deepEqual(splitInputKey('57:12:text'), { nodeId: '57:12', fieldName: 'text' });
		assert.equal(splitInputKey('text'), undefined);
		assert.equal(splitInputKey('6:'), undefined);
	});

	it('loads the fields of the simulator\'s workflow by ID and by page URL, and says why not otherwise', async () => {
		const loaded = await loadFields(byId(WF));
		assert.deepEqual(
			loaded.fields.map((f) => f.id),
			['3:seed', '3:steps', '3:cfg', '3:sampler_name', '3:scheduler', '3:denoise', '4:ckpt_name', '5:width', '5:height', '5:batch_size', '6:text', '7:text', '9:filename_prefix', '10:image', '10:upload'],
		);
		const byPage = await loadFields(byUrl(`https://www.runninghub.ai/workflow/${WF}?tab=info`));
		assert.deepEqual(byPage.fields, loaded.fields);
		assert.match(String((await loadFields(byId(''))).emptyFieldsNotice), /^Enter the Workflow ID first/);
		assert.match(String((await loadFields(byUrl('https://example.com/workflow/1'))).emptyFieldsNotice), /example\.com is not runninghub\.ai or runninghub\.cn/);
	});
});

describe('Workflow and AI app page addresses', () => {
	it('reads the ID from workflow and app pages on both sites', () => {
		const id = '1965432109876543219';
		for (const url of [
			`https://www.runninghub.ai/workflow/${id}`,
			`https://runninghub.cn/workflow/${id}/`,
			`www.runninghub.cn/en-US/workflow/${id}?inviteCode=abc#top`,
		]) assert.deepEqual(idFromPageUrl(url, 'workflow'), { id }, url);
		assert.deepEqual(idFromPageUrl(`https://www.runninghub.ai/ai-detail/${id}`, 'aiApp'), { id });
		assert.match(String((idFromPageUrl(`https://www.runninghub.ai/ai-detail/${id}`, 'workflow') as { error: string }).error), /not a workflow page/);
		assert.match(String((idFromPageUrl('https://www.runninghub.ai/workflow/99999999999999999999', 'workflow') as { error: string }).error), /20 digits/);
		assert.match(String((idFromPageUrl('https://runninghub.ai.evil.com/workflow/1', 'workflow') as { error: string }).error), /is not runninghub/);
	});

	it('keeps every 19-digit ID as its exact digits, in a URL and by ID', () => {
		fc.assert(
			fc.property(fc.bigInt({ min: 10n ** 18n, max: 2n ** 63n - 1n }), fc.constantFrom('ai', 'cn'), (n, site) => {
				const id = n.toString();
				assert.deepEqual(pageIdOf(byUrl(`https://www.runninghub.${site}/workflow/${id}`), 'workflow'), { id });
				assert.deepEqual(pageIdOf(byId(` ${id} `), 'workflow'), { id });
				assert.deepEqual(pageIdOf(id, 'workflow'), { id });
			}),
		);
	});
});

describe('Workflow → Run through the mapper (version 2)', () => {
	it('sends the mapped values as nodeInfoList: typed, seeds exact, files uploaded, empty fields left out', async () => {
		const { fields } = await loadFields(byId(WF));
		const { items } = await run(
			{
				workflowId: byUrl(`https://www.runninghub.cn/workflow/${WF}`),
				nodeInputValues: mapped(
					{ '6:text': '2024', '3:seed': '1234567890123456789', '5:width': 768, '3:cfg': '6.5', '10:image': 'binary:photo', '7:text': '', '3:steps': null },
					fields,
				),
			},
			[await binaryItem(PNG, 'photo.png', 'image/png', 'photo')],
		);
		assert.equal(jsonOf(items)[0].workflowId, WF);
		const [list] = sent();
		assert.deepEqual(list.slice(0, 4), [
			{ nodeId: '6', fieldName: 'text', fieldValue: '2024' },
			{ nodeId: '3', fieldName: 'seed', fieldValue: '1234567890123456789' },
			{ nodeId: '5', fieldName: 'width', fieldValue: 768 },
			{ nodeId: '3', fieldName: 'cfg', fieldValue: 6.5 },
		]);
		assert.equal(list.length, 5, 'empty fields keep the workflow\'s value');
		assert.match(String(list[4].fieldValue), /^openapi\/[0-9a-f]{64}\.png$/);
	});

	it('adds the Node Inputs by ID list after the mapper, and refuses an input set in both', async () => {
		const { fields } = await loadFields(byId(WF));
		await run({
			nodeInputValues: mapped({ '6:text': 'a fox' }, fields),
			nodeInputs: { input: [{ nodeId: '3', fieldName: 'seed', value: '7' }] },
		});
		assert.deepEqual(sent()[0], [
			{ nodeId: '6', fieldName: 'text', fieldValue: 'a fox' },
			{ nodeId: '3', fieldName: 'seed', fieldValue: 7 },
		]);
		const both = await runError({
			nodeInputValues: mapped({ '6:text': 'a fox' }, fields),
			nodeInputs: { input: [{ nodeId: '6', fieldName: 'text', value: 'a hare' }] },
		});
		assert.match(both.message, /^Node Inputs by ID entry 1 \(node 6, field text\): sets node 6 field text, which Node Inputs → Positive Prompt \(CLIPTextEncode #6\) · text sets too \[item 0\]$/);
		assert.equal(sim.control.submitCount(), 1);
	});

	it('refuses a page address that is not the workflow\'s before any call', async () => {
		const before = sim.control.requests().length;
		const error = await runError({ workflowId: byUrl(`https://www.runninghub.ai/ai-detail/${WF}`) });
		assert.match(error.message, /^Workflow ID: the address is not a workflow page \(…\/workflow\/<ID>\) \[item 0\]$/);
		assert.match(String(error.description), /https:\/\/www\.runninghub\.ai\/workflow\/1950000000000000001/);
		assert.equal(sim.control.submitCount(), 0, 'no task was created');
		assert.equal(sim.control.requests().slice(before).filter((r) => r.path !== '/openapi/v2/queue/status').length, 0, 'nothing but the free queue check was sent');
	});

	it('runs a node saved on version 2 with the Node Inputs list and a text Workflow ID (fixture)', async () => {
		const saved = JSON.parse(readFileSync(new URL('./fixtures/workflow-run-v2-node-inputs.json', import.meta.url), 'utf8'));
		const node = saved.nodes.find((n: { name: string }) => n.name === 'Text to image');
		assert.equal(node.typeVersion, 2);
		const { items } = await runNode({ baseUrl: sim.url, apiKey: KEY, parameters: node.parameters, typeVersion: node.typeVersion });
		assert.equal(jsonOf(items)[0].workflowId, WF);
		assert.deepEqual(sent()[0], [
			{ nodeId: '6', fieldName: 'text', fieldValue: 'A lighthouse at dusk, oil painting' },
			{ nodeId: '3', fieldName: 'seed', fieldValue: '18446744073709551615' },
			{ nodeId: '5', fieldName: 'width', fieldValue: 768 },
		]);
	});
});

describe('Workflow → Run parameters by node version', () => {
	function visible(typeVersion: number, name: string): INodeProperties[] {
		const node = { name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion, position: [0, 0], parameters: {}, id: 'n' } as INode;
		const parameters = { resource: 'workflow', operation: 'run' };
		return description.properties.filter((p) => p.name === name && NodeHelpers.displayParameterPath(parameters as never, p, '', node, description));
	}

	it('version 1 keeps the text Workflow ID and the Node Inputs list; version 2 has the locator, the mapper and the list by ID', () => {
		const [v1Id] = visible(1, 'workflowId');
		const [v2Id] = visible(2, 'workflowId');
		assert.equal(v1Id.type, 'string');
		assert.equal(v2Id.type, 'resourceLocator');
		assert.deepEqual(v2Id.modes?.map((m) => m.name), ['id', 'url']);
		assert.equal(visible(1, 'nodeInputValues').length, 0);
		assert.equal(visible(2, 'nodeInputValues')[0].typeOptions?.resourceMapper?.resourceMapperMethod, 'getWorkflowFields');
		assert.equal(visible(1, 'nodeInputs')[0].displayName, 'Node Inputs');
		assert.equal(visible(2, 'nodeInputs')[0].displayName, 'Node Inputs by ID');
		assert.deepEqual(visible(1, 'nodeInputs')[0].options, visible(2, 'nodeInputs')[0].options, 'same entries: saved lists still read');
	});

	it('the By URL regex accepts what the node reads', () => {
		const mode = visible(2, 'workflowId')[0].modes!.find((m) => m.name === 'url')!;
		const regex = new RegExp((mode.extractValue as { regex: string }).regex);
		assert.equal(regex.exec(`https://www.runninghub.ai/workflow/${WF}`)?.[1], WF);
		assert.equal(regex.exec(`https://runninghub.cn/en-US/workflow/${WF}/`)?.[1], WF);
	});
});

describe('Workflow → Run: whole-number fields are checked before any call', () => {
	const MAX = 2n ** 64n - 1n;
	const notWhole = fc.oneof(
		fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '' && !/^\s*-?\d+\s*$/.test(s) && !/^\s*binary:/i.test(s)),
		fc.tuple(fc.nat(), fc.integer({ min: 1, max: 99 })).map(([a, b]) => `${a}.${b}`),
		fc.bigInt({ min: MAX + 1n, max: MAX * 1000n }).map(String),
		fc.bigInt({ min: -MAX, max: -1n }).map(String),
	);

	it('every accepted seed is sent digit for digit', async () => {
		const { fields } = await loadFields(byId(WF));
		await fc.assert(
			fc.asyncProperty(fc.bigInt({ min: 0n, max: MAX }), fc.constantFrom('', ' ', '00'), async (seed, pad) => {
				sim.control.clearRequests();
				await run({ nodeInputValues: mapped({ '3:seed': `${pad.trim() ? pad : ''}${seed}${pad.trim() ? '' : pad}` }, fields) });
				const [list] = sent();
				assert.equal(String(list.find((e) => e.fieldName === 'seed')?.fieldValue), seed.toString());
			}),
			{ numRuns: 25 },
		);
	});

	it('every rejected value names the parameter, field and item, says what is allowed, and sends nothing', async () => {
		const { fields } = await loadFields(byId(WF));
		await fc.assert(
			fc.asyncProperty(notWhole, async (value) => {
				sim.control.clearRequests();
				const error = await runError({ nodeInputValues: mapped({ '3:seed': value }, fields) });
				assert.match(error.message, /^Node Inputs → KSampler #3 · seed \(whole number\): .+ \[item 0\]$/);
				assert.match(String(error.description), /0 to 18446744073709551615/);
				// The concurrency limit is read (free) before items are checked; nothing else is sent.
				assert.deepEqual(sim.control.requests().map((r) => r.path).filter((p) => p !== '/openapi/v2/queue/status'), [], 'no other HTTP request reached RunningHub');
			}),
			{ numRuns: 40 },
		);
		assert.equal(sim.control.submitCount(), 0);
	});
});
