// Quick Create → Get Styles and Run against the simulator (docs/runninghub-api.md §8e): the Style
// list, the request built from the parameters (style parts applied, binary values uploaded),
// and every bad input refused before the paid submit.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import fc from 'fast-check';

import { styledValue, styleChoices, styleListItems, type QuickEntry } from '../../nodes/RunningHub/actions/quickCreate/inputs.ts';
import { quickStyles, type QuickStyle } from '../../nodes/core/api/quickCreate.ts';
import { NodeHelpers, type INode } from 'n8n-workflow';
import { RunningHub } from '../../nodes/RunningHub/RunningHub.node.ts';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { assertNoKey, binaryItem, jsonOf, loadOptionsContext, locator, runNode, runNodeError } from '../model/support.mts';

const KEY = SIM_KEYS.aiShared;
const APP = '1970000000000000001';
const EDIT_APP = '1970000000000000002';
const RUN = '/task/openapi/quick-ai-app/run';
const STYLES = '/api/fast/creation/model/params';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

let sim: Simulator;
before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 20, quiet: true });
});
after(async () => sim.close());
beforeEach(async () => {
	await sim.control.reset();
	sim.control.configure({ taskDurationMs: 20, concurrencyLimit: 20 });
});

type Input = Parameters<typeof runNode>[0]['input'];
const entry = (nodeId: string, nodeName: string, fieldName: string, fieldType: string, value: string, fromStyle = 'none') => ({
	nodeId,
	nodeName,
	fieldName,
	fieldType,
	value,
	fromStyle,
	description: '',
});
const STYLE_INPUTS = [
	entry('52', 'RH_Translator', 'prompt', 'STRING', 'a fox in the snow', 'triggerWords'),
	entry('60', 'RH_StyleSelect', 'select', 'LIST', '', 'styleKey'),
	entry('142', 'EmptyLatentImage', 'batch_size', 'INT', '2'),
];
const params = (extra: Record<string, unknown>) => ({
	resource: 'quickCreate',
	operation: 'run',
	webappId: APP,
	quickCreateCode: '001',
	style: locator('2'),
	quickInputs: { input: STYLE_INPUTS },
	...extra,
});
const run = (extra: Record<string, unknown>, input?: Input) => runNode({ baseUrl: sim.url, apiKey: KEY, parameters: params(extra), input });
const runError = (extra: Record<string, unknown>, input?: Input) => runNodeError({ baseUrl: sim.url, apiKey: KEY, parameters: params(extra), input });
const bodies = (path: string) => sim.control.requests({ path }).map((r) => JSON.parse(r.body) as Record<string, any>);

async function searchStyles(webappId: string, filter?: string) {
	const ctx = loadOptionsContext({ baseUrl: sim.url, apiKey: KEY, parameters: { webappId } });
	return await new RunningHub().methods!.listSearch!.searchQuickCreateStyles.call(ctx, filter);
}

describe('Quick Create styles', () => {
	it('the Style list shows each style by name, with key, trigger words and preview in the description', async () => {
		const { results } = await searchStyles(APP);
		assert.deepEqual(results.map((r) => r.value), ['1', '2', '3']);
		assert.equal(results[1].name, 'Chibi Cartoon');
		assert.match(String(results[1].description), /^key input2 · trigger words: sf, a chibi-style character, chibi · preview: http.*\/2\.png$/);
		assert.equal(results[1].url, String(results[1].description).split('preview: ')[1]);
		assert.deepEqual((await searchStyles(APP, 'water')).results.map((r) => r.name), ['Watercolor Landscape']);
		const [body] = bodies(STYLES);
		assert.deepEqual({ type: body.type, webappId: body.webappId }, { type: 2, webappId: APP });
	});

	it('asks for the app ID first, and reports an unknown app', async () => {
		await assert.rejects(searchStyles(''), /Enter the AI App ID first/);
		await assert.rejects(searchStyles('1970000000000000999'), /AI app does not exist|901/);
	});

	it('Get Styles returns every style with its preview, trigger words and LoRAs', async () => {
		const { items } = await runNode({ baseUrl: sim.url, apiKey: KEY, parameters: { resource: 'quickCreate', operation: 'getStyles', webappId: APP } });
		const [json] = jsonOf(items);
		assert.equal(json.styleCount, 3);
		const first = (json.styles as QuickStyle[])[0];
		assert.equal(first.key, 'input1');
		assert.equal(first.triggerWords, 'Character concept design, hand painting style');
		assert.deepEqual(first.loras, [{ fileName: 'comic_v1.safetensors', weight: 0.7 }]);
		assertNoKey(KEY, items);
	});

	it('maps any style-list answer: entries without an ID are dropped, LoRAs only when named, "Loar" spelling read', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						id: fc.oneof(fc.constant(''), fc.constant(null), fc.integer({ min: 1, max: 999 }).map(String)),
						modelName: fc.string({ maxLength: 8 }),
						modelKey: fc.string({ maxLength: 6 }),
						modelLoar1FileName: fc.oneof(fc.constant(null), fc.constant(''), fc.string({ minLength: 1, maxLength: 8 })),
						modelLoar1Weight: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 2, noNaN: true })),
					}),
					{ maxLength: 8 },
				),
				(raw) => {
					const styles = quickStyles(raw);
					const withId = raw.filter((r) => r.id !== null && String(r.id).trim() !== '');
					assert.equal(styles.length, withId.length);
					styles.forEach((s, n) => {
						assert.equal(s.id, String(withId[n].id));
						assert.ok(s.name.length > 0, 'a style always has a name to show');
						const file = withId[n].modelLoar1FileName;
						assert.equal(s.loras.length, file && file.trim() ? 1 : 0);
					});
				},
			),
		);
	});
});

describe('Quick Create → Run', () => {
	it('sends the documented body: every entry with its six fields, the style key and trigger words applied', async () => {
		const { items } = await run({ submitOptions: { webhookUrl: 'https://hooks.example.com/qc' } });
		const [body] = bodies(RUN);
		assert.equal(body.webappId, APP);
		assert.equal(body.quickCreateCode, '001');
		assert.equal(body.apiKey, KEY);
		assert.equal(body.webhookUrl, 'https://hooks.example.com/qc');
		assert.deepEqual(body.nodeInfoList, [
			{ nodeId: '52', nodeName: 'RH_Translator', fieldName: 'prompt', fieldType: 'STRING', fieldValue: 'sf, a chibi-style character, chibi, a fox in the snow', description: 'prompt' },
			{ nodeId: '60', nodeName: 'RH_StyleSelect', fieldName: 'select', fieldType: 'LIST', fieldValue: 'input2', description: 'select' },
			{ nodeId: '142', nodeName: 'EmptyLatentImage', fieldName: 'batch_size', fieldType: 'INT', fieldValue: '2', description: 'batch_size' },
		]);
		const [json] = jsonOf(items);
		assert.equal(json.state, 'succeeded');
		assert.equal(json.webappId, APP);
		assert.deepEqual(json.style, { id: '2', name: 'Chibi Cartoon', key: 'input2' });
		assert.match(String(json.imageUrl), /\.png/);
		assertNoKey(KEY, items);
	});

	it('a module without styles runs with no style; IMAGE values from binary go in as uploaded file names', async () => {
		const { items } = await run(
			{
				webappId: EDIT_APP,
				quickCreateCode: '002',
				style: locator(''),
				quickInputs: { input: [entry('39', 'LoadImage', 'image', 'IMAGE', 'binary:photo'), entry('52', 'RH_Translator', 'prompt', 'STRING', 'make it pixar')] },
			},
			[await binaryItem(PNG, 'me.png', 'image/png', 'photo')],
		);
		const [body] = bodies(RUN);
		assert.match(body.nodeInfoList[0].fieldValue, /^(openapi|api)\/[0-9a-f]+\.png$/);
		assert.equal(bodies(STYLES).length, 0, 'no style chosen: the style list is not read');
		assert.equal(jsonOf(items)[0].state, 'succeeded');
	});

	it('is the same operation on node versions 1 (the default here, as saved) and 2, each with its own task shape', async () => {
		for (const typeVersion of [1, 2]) {
			await sim.control.reset();
			const { items } = await runNode({ baseUrl: sim.url, apiKey: KEY, parameters: params({}), typeVersion } as Parameters<typeof runNode>[0]);
			// Version 1 keeps its `state`; version 2 gives the one simplified shape (docs/outputs.md).
			assert.equal(jsonOf(items)[0][typeVersion === 1 ? 'state' : 'status'], 'succeeded', `version ${typeVersion}`);
			assert.equal(bodies(RUN)[0].nodeInfoList[1].fieldValue, 'input2');
		}
	});

	it('reads the style list once per app for all items, one paid task per item', async () => {
		const { items } = await run({}, [{ json: {} }, { json: {} }, { json: {} }]);
		assert.equal(bodies(STYLES).length, 1);
		assert.equal(bodies(RUN).length, 3);
		assert.equal(new Set(jsonOf(items).map((j) => j.taskId)).size, 3);
	});

	it('refuses bad inputs before any paid call, naming parameter, item and fix', async () => {
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{ quickCreateCode: '' }, /^Quick Create Code: is empty \[item 0\]$/],
			[{ quickCreateCode: '00 1' }, /^Quick Create Code: "00 1" is not a module code/],
			[{ webappId: 'abc' }, /AI App ID/],
			[{ quickInputs: { input: [] } }, /^Inputs: no input is given/],
			[{ quickInputs: { input: [entry('', 'X', 'prompt', 'STRING', 'a')] } }, /^Inputs entry 1 \(node \?, field prompt\): Node ID is empty/],
			[{ quickInputs: { input: [entry('52', 'X', 'prompt', 'TEXT', 'a')] } }, /Field Type "TEXT" is unknown/],
			[{ quickInputs: { input: [STYLE_INPUTS[1], STYLE_INPUTS[1]] } }, /sets node 60 field select again/],
			[{ style: locator('9') }, /^Style: "9" is not a style of AI app 1970000000000000001/],
			[{ quickInputs: { input: [STYLE_INPUTS[2]] } }, /^Inputs: no input takes style "Chibi Cartoon"/],
			[{ style: locator(''), quickInputs: { input: [STYLE_INPUTS[1]] } }, /takes a part of the style, but no style is chosen/],
			[{ quickInputs: { input: [entry('61', 'RHLoraLoader', 'lora_name', 'STRING', '', 'lora2File')] } }, /style "Chibi Cartoon" has no LoRA 2/],
			[{ quickInputs: { input: [entry('39', 'LoadImage', 'image', 'IMAGE', 'binary:photo')] }, style: locator('') }, /photo/],
		];
		for (const [extra, message] of cases) {
			const error = await runError(extra);
			assert.match(error.message, message, JSON.stringify(extra));
			assert.ok(String(error.description ?? '').length > 0, `a fix is given for ${error.message}`);
		}
		assert.equal(bodies(RUN).length, 0, 'nothing paid was sent');
	});

	it('a refusal from RunningHub (wrong module code) fails the item and names the code; no second submit', async () => {
		const error = await runError({ quickCreateCode: '002' });
		assert.match(error.message + String(error.description), /301|quickCreateCode/);
		assert.equal(bodies(RUN).length, 1);
	});
});

describe('style parts', () => {
	const style: QuickStyle = {
		id: '1',
		name: 'S',
		key: 'input1',
		previewUrl: null,
		triggerWords: 'tw, ',
		samplePrompt: 'sample',
		category: 1,
		loras: [{ fileName: 'a.safetensors', weight: 0.5 }],
	};
	const e = (value: string, fromStyle: QuickEntry['fromStyle']): QuickEntry => ({ nodeId: '1', nodeName: 'N', fieldName: 'f', fieldType: 'STRING', value, fromStyle, description: 'f', label: 'Inputs entry 1' });

	it('trigger words lead the value; a sample prompt fills only an empty value; the LoRA parts come from the style', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 20 }), (value) => {
				assert.equal(styledValue(e(value, 'none'), style), value);
				assert.equal(styledValue(e(value, 'triggerWords'), style), value.trim() ? `tw, ${value}` : 'tw');
				assert.equal(styledValue(e(value, 'samplePrompt'), style), value.trim() ? value : 'sample');
				assert.equal(styledValue(e(value, 'styleKey'), style), 'input1');
				assert.equal(styledValue(e(value, 'lora1Weight'), style), '0.5');
			}),
		);
	});

	it('style list items filter by every word typed', () => {
		const styles = quickStyles([
			{ id: '1', modelName: 'Comic Book', modelKey: 'input1', modelTrigger: 'hand painting' },
			{ id: '2', modelName: 'Chibi', modelKey: 'input2', modelTrigger: 'chibi style' },
		]);
		assert.deepEqual(styleListItems(styles, 'COMIC hand').map((s) => s.value), ['1']);
		assert.deepEqual(styleListItems(styles, 'style').map((s) => s.value), ['2']);
		assert.equal(styleListItems(styles, '').length, 2);
	});

	it('an unknown style\'s fix names at most 10 styles, each shortened, and says how to see the rest', () => {
		fc.assert(
			fc.property(fc.array(fc.record({ id: fc.stringMatching(/^[0-9]{1,19}$/), modelName: fc.string({ maxLength: 500 }), modelKey: fc.constant('input1') }), { minLength: 1, maxLength: 400 }), (raw) => {
				const styles = quickStyles(raw);
				if (!styles.length) return;
				const fix = styleChoices(styles);
				assert.ok(fix.length < 10 * (19 + 60 + 5) + 200, `${fix.length} characters`);
				for (const style of styles.slice(0, 10)) assert.ok(fix.includes(style.id));
				assert.equal(/Get Styles/.test(fix), styles.length > 10);
			}),
		);
	});
});

describe('Quick Create: AI App ID by node version', () => {
	const byUrl = (value: string) => ({ __rl: true, mode: 'url', value });
	const appIds = (typeVersion: number) => {
		const node = { id: 'n', name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion, position: [0, 0], parameters: {} } as INode;
		const { description } = new RunningHub();
		return description.properties.filter(
			(p) => p.name === 'webappId' && NodeHelpers.displayParameterPath({ resource: 'quickCreate', operation: 'run' } as never, p, '', node, description),
		);
	};

	it('version 2 has the AI App locator (By ID, By URL); version 1 keeps the text field', () => {
		const [v1] = appIds(1);
		const [v2] = appIds(2);
		assert.equal(v1.type, 'string');
		assert.equal(v2.type, 'resourceLocator');
		assert.deepEqual(v2.modes?.map((m) => m.name), ['id', 'url']);
	});

	it('version 2 runs and lists styles with the app page\'s address; version 1 runs with the text ID', async () => {
		const url = `https://www.runninghub.cn/ai-detail/${APP}?tab=api`;
		await runNode({ baseUrl: sim.url, apiKey: KEY, typeVersion: 2, parameters: { ...params({}), webappId: byUrl(url), waitForCompletion: false } });
		const { items } = await runNode({ baseUrl: sim.url, apiKey: KEY, typeVersion: 2, parameters: { resource: 'quickCreate', operation: 'getStyles', webappId: byUrl(url) } });
		assert.equal(jsonOf(items)[0].webappId, APP);
		const ctx = loadOptionsContext({ baseUrl: sim.url, apiKey: KEY, parameters: { webappId: byUrl(url) } });
		assert.ok((await new RunningHub().methods!.listSearch!.searchQuickCreateStyles.call(ctx)).results.length > 0);
		await runNode({ baseUrl: sim.url, apiKey: KEY, typeVersion: 1, parameters: params({}) });
		assert.deepEqual(bodies(RUN).map((b) => b.webappId), [APP, APP]);
	});
});
