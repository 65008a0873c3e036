// AI App → Run on node version 2 (issue 17 point 2): the App Inputs resource mapper loaded from
// the app's API call demo with its field types, values sent as nodeInfoList without reading the
// demo again, a run that sets nothing sending the app's own values, and the AI App ID locator.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import type { ResourceMapperField } from 'n8n-workflow';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { RunningHub } from '../../nodes/RunningHub/RunningHub.node.ts';
import { appFields } from '../../nodes/RunningHub/actions/aiApp/inputs.ts';
import { binaryItem, jsonOf, loadOptionsContext, runNode, runNodeError } from '../model/support.mts';

const KEY = SIM_KEYS.aiShared;
const APP = '1960000000000000001';
const V2_RUN = `/openapi/v2/run/ai-app/${APP}`;
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

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byUrl = (value: string) => ({ __rl: true, mode: 'url', value });
const mapped = (value: Record<string, unknown>, schema: ResourceMapperField[]) => ({ mappingMode: 'defineBelow', value, matchingColumns: [], schema });
const params = (extra: Record<string, unknown>) => ({ resource: 'aiApp', operation: 'run', webappId: byId(APP), waitForCompletion: false, ...extra });
type Input = Parameters<typeof runNode>[0]['input'];
const run = (extra: Record<string, unknown>, input?: Input) => runNode({ baseUrl: sim.url, apiKey: KEY, parameters: params(extra), input, typeVersion: 2 });
const runError = (extra: Record<string, unknown>) => runNodeError({ baseUrl: sim.url, apiKey: KEY, parameters: params(extra), typeVersion: 2 });
const sent = () => sim.control.requests({ path: V2_RUN }).map((r) => JSON.parse(r.body).nodeInfoList as Array<Record<string, unknown>>);
const demoCalls = () => sim.control.requests({ path: DEMO }).length;

async function loadFields(webappId: unknown) {
	const ctx = loadOptionsContext({ baseUrl: sim.url, apiKey: KEY, parameters: { resource: 'aiApp', operation: 'run', webappId } });
	return await new RunningHub().methods!.resourceMapping!.getAiAppFields.call(ctx);
}

const entry = (nodeId: string, fieldName: string, fieldType: string, fieldValue: unknown, extra: Record<string, unknown> = {}) => ({
	nodeId,
	nodeName: 'Node',
	fieldName,
	fieldType,
	fieldValue,
	...extra,
});

describe('AI App Inputs mapper: demo → fields', () => {
	it('loads the app\'s inputs by ID and by page URL, typed, the current value as default', async () => {
		const { fields } = await loadFields(byId(APP));
		assert.deepEqual(
			fields.map((f) => [f.id, f.type, f.defaultValue, f.displayName]),
			[
				['10:image', 'string', 'api/5f1e0c6b0e5e4c0b8d7f1a2b3c4d5e6f.png', 'Upload a portrait (LoadImage #10 · image) (file)'],
				['6:text', 'string', 'oil painting portrait', 'Style prompt (CLIPTextEncode #6 · text)'],
				['3:seed', 'string', '42', 'Random seed (KSampler #3 · seed) (whole number)'],
			],
		);
		assert.deepEqual((await loadFields(byUrl(`https://www.runninghub.cn/ai-detail/${APP}`))).fields, fields);
		assert.match(String((await loadFields(byUrl(`https://www.runninghub.ai/workflow/${APP}`))).emptyFieldsNotice), /the address is not an AI app page \(…\/ai-detail\/<ID>\)/);
	});

	it('types numbers, switches and lists from RunningHub\'s field types', () => {
		const fields = appFields({
			nodeInfoList: [
				entry('1', 'steps', 'INT', '20'),
				entry('1', 'cfg', 'FLOAT', '6.5'),
				entry('1', 'noise_seed', 'INT', '18446744073709551615'),
				entry('2', 'upscale', 'SWITCH', 'true'),
				entry('3', 'style', 'LIST', 'anime', { fieldData: '[["anime","photo","ink"],{"default":"anime"}]' }),
				entry('3', 'size', 'LIST', '1024', { fieldData: 'not json' }),
				entry('4', 'clip', 'VIDEO', 'a.mp4'),
			],
		});
		assert.deepEqual(
			fields.map((f) => [f.id, f.type, f.defaultValue]),
			[
				['1:steps', 'number', 20],
				['1:cfg', 'number', 6.5],
				['1:noise_seed', 'string', '18446744073709551615'],
				['2:upscale', 'boolean', true],
				['3:style', 'options', 'anime'],
				['3:size', 'string', '1024'],
				['4:clip', 'string', 'a.mp4'],
			],
		);
		assert.deepEqual(fields[4].options?.map((o) => o.value), ['anime', 'photo', 'ink']);
	});

	it('keeps any INT value exact: beyond 2^53 it is a text field with its digits', () => {
		fc.assert(
			fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (n) => {
				const [field] = appFields({ nodeInfoList: [entry('1', 'amount', 'INT', n.toString())] });
				if (Number.isSafeInteger(Number(n))) assert.deepEqual([field.type, field.defaultValue], ['number', Number(n)]);
				else assert.deepEqual([field.type, field.defaultValue], ['string', n.toString()]);
			}),
		);
	});
});

describe('AI App → Run through the mapper (version 2)', () => {
	it('sends the mapped inputs only, as text, without reading the demo; files uploaded', async () => {
		const { fields } = await loadFields(byId(APP));
		const before = demoCalls();
		const { items } = await run(
			{ appInputValues: mapped({ '6:text': 'ukiyo-e woodblock print', '3:seed': '1234567890123456789', '10:image': 'binary:photo' }, fields) },
			[await binaryItem(PNG, 'photo.png', 'image/png', 'photo')],
		);
		assert.equal(demoCalls(), before, 'the demo is not read again at run time');
		const [list] = sent();
		assert.deepEqual(list.slice(0, 2), [
			{ nodeId: '6', fieldName: 'text', fieldValue: 'ukiyo-e woodblock print' },
			{ nodeId: '3', fieldName: 'seed', fieldValue: '1234567890123456789' },
		]);
		assert.match(String(list[2].fieldValue), /^openapi\/[0-9a-f]{64}\.png$/);
		const [json] = jsonOf(items);
		assert.equal(json.webappId, APP);
		assert.equal('webappName' in json, false, 'the name is only known from the demo');
	});

	it('sends the inputs of the list by ID too (a node saved with App Inputs), without the demo', async () => {
		await run({ appInputs: { input: [{ input: '6:text', value: 'pencil sketch' }] } });
		assert.deepEqual(sent()[0], [{ nodeId: '6', fieldName: 'text', fieldValue: 'pencil sketch' }]);
		assert.equal(demoCalls(), 0);
		const both = await runError({ appInputValues: mapped({ '6:text': 'a' }, []), appInputs: { input: [{ input: '6:text', value: 'b' }] } });
		assert.match(both.message, /^App Inputs by ID entry 1 \(6:text\): sets node 6 field text, which App Inputs → 6:text sets too \[item 0\]$/);
	});

	it('sends the app\'s own values when no input is set (the demo is read once)', async () => {
		const { items } = await run({ webappId: byUrl(`https://www.runninghub.ai/ai-detail/${APP}`) }, [{ json: {} }, { json: {} }]);
		assert.equal(demoCalls(), 1);
		assert.deepEqual(sent()[0].map((n) => `${n.nodeId}:${n.fieldName}=${n.fieldValue}`), [
			'10:image=api/5f1e0c6b0e5e4c0b8d7f1a2b3c4d5e6f.png',
			'6:text=oil painting portrait',
			'3:seed=42',
		]);
		assert.equal(jsonOf(items)[0].webappName, 'Simulated portrait restyle');
	});

	it('refuses an address that is not an app page before any call', async () => {
		const error = await runError({ webappId: byUrl('https://www.runninghub.ai/ai-detail/abc') });
		assert.equal(error.message, 'AI App ID: "abc" in the address is not a RunningHub ID [item 0]');
		assert.match(String(error.description), /e\.g\. https:\/\/www\.runninghub\.ai\/ai-detail\/\d{19}, or switch to By ID/);
		assert.equal(sim.control.submitCount(), 0);
		assert.equal(demoCalls(), 0);
	});
});

describe('AI App → Run: whole-number fields are checked before any call', () => {
	const MAX = 2n ** 64n - 1n;
	it('an accepted seed is sent as its exact digits; a rejected one names the field and item and creates no task', async () => {
		const { fields } = await loadFields(byId(APP));
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					fc.bigInt({ min: 0n, max: MAX }).map((n) => ({ value: n.toString(), ok: true })),
					fc.oneof(fc.constantFrom('abc', '1.5', '-3', '1e3', '0x10', '42 cats'), fc.bigInt({ min: MAX + 1n, max: MAX * 10n }).map(String)).map((value) => ({ value, ok: false })),
				),
				async ({ value, ok }) => {
					sim.control.clearRequests();
					const parameters = { appInputValues: mapped({ '3:seed': value }, fields) };
					if (ok) {
						await run(parameters);
						assert.equal(sent()[0].find((e) => e.fieldName === 'seed')?.fieldValue, value);
						return;
					}
					const error = await runError(parameters);
					assert.match(error.message, /^App Inputs → Random seed \(KSampler #3 · seed\) \(whole number\): .+ \[item 0\]$/);
					assert.match(String(error.description), /0 to 18446744073709551615/);
					assert.deepEqual(sim.control.requests().map((r) => r.path).filter((p) => p !== '/openapi/v2/queue/status'), []);
				},
			),
			{ numRuns: 30 },
		);
	});
});
