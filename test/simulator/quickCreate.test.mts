// Quick Create (docs/runninghub-api.md §8e): the style list and the run, with their error answers.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SIM_KEYS, setup, type Api } from './helpers.mjs';

let api: Api;
before(async () => (api = await setup()));
after(() => api.close());
beforeEach(async () => {
	await api.sim.control.reset();
	api.sim.control.configure({ taskDurationMs: 10, concurrencyLimit: 50 });
});

const APP = '1970000000000000001';
const EDIT_APP = '1970000000000000002';
const K = SIM_KEYS.aiShared;
const STYLE_FIELDS = [
	'content',
	'id',
	'modelCategory',
	'modelKey',
	'modelLoar1FileName',
	'modelLoar1Weight',
	'modelLoar2FileName',
	'modelLoar2Weight',
	'modelName',
	'modelPreviewUrl',
	'modelTrigger',
	'type',
	'webappId',
];

const entry = (nodeId: string, nodeName: string, fieldName: string, fieldType: string, fieldValue: string) => ({
	nodeId,
	nodeName,
	fieldName,
	fieldType,
	fieldValue,
	description: fieldName,
});
const goodList = (style = 'input2') => [
	entry('52', 'RH_Translator', 'prompt', 'STRING', 'a fox'),
	entry('60', 'RH_StyleSelect', 'select', 'LIST', style),
	entry('142', 'EmptyLatentImage', 'batch_size', 'INT', '1'),
];

describe('style list: POST /api/fast/creation/model/params', () => {
	it('lists the styles with every documented field, the key in the body or as Bearer', async () => {
		const inBody = await api.v1('/api/fast/creation/model/params', { type: 2, webappId: APP, apiKey: K });
		const asBearer = await api.v2('/api/fast/creation/model/params', { type: 2, webappId: APP }, K);
		for (const r of [inBody, asBearer]) {
			assert.equal(r.body.code, 0);
			assert.ok(r.body.data.length >= 2);
			for (const s of r.body.data) {
				assert.deepEqual(Object.keys(s).sort(), STYLE_FIELDS);
				assert.equal(typeof s.id, 'string');
				assert.equal(s.webappId, APP);
			}
		}
		assert.deepEqual(inBody.body.data, asBearer.body.data);
	});
	it('an app without styles answers an empty list', async () => {
		const r = await api.v1('/api/fast/creation/model/params', { type: 2, webappId: EDIT_APP, apiKey: K });
		assert.deepEqual(r.body, { code: 0, msg: 'success', data: [] });
	});
	it('refuses a missing key (802), an unknown app (901), a missing app ID or another type (301)', async () => {
		assert.equal((await api.v1('/api/fast/creation/model/params', { type: 2, webappId: APP })).body.code, 802);
		assert.equal((await api.v1('/api/fast/creation/model/params', { type: 2, webappId: '1970000000000000099', apiKey: K })).body.code, 901);
		assert.equal((await api.v1('/api/fast/creation/model/params', { type: 2, apiKey: K })).body.code, 301);
		assert.equal((await api.v1('/api/fast/creation/model/params', { type: 1, webappId: APP, apiKey: K })).body.code, 301);
	});
});

describe('run: POST /task/openapi/quick-ai-app/run', () => {
	it('runs a style; the answer is the v1 submit envelope and the task ends with an image', async () => {
		const r = await api.v1('/task/openapi/quick-ai-app/run', { webappId: APP, apiKey: K, quickCreateCode: '001', nodeInfoList: goodList() });
		assert.equal(r.body.code, 0);
		assert.deepEqual(Object.keys(r.body.data).sort(), ['clientId', 'netWssUrl', 'promptTips', 'taskId', 'taskStatus']);
		await api.sim.control.waitForTask(r.body.data.taskId);
		const out = await api.v1('/task/openapi/outputs', { apiKey: K, taskId: r.body.data.taskId });
		assert.equal(out.body.code, 0);
		assert.match(out.body.data[0].fileUrl, /\.png/);
	});
	it('refuses each documented mistake before a task exists', async () => {
		const cases: Array<[Record<string, unknown>, number]> = [
			[{ webappId: APP, quickCreateCode: '001', nodeInfoList: goodList() }, 802],
			[{ webappId: '1970000000000000099', apiKey: K, quickCreateCode: '001', nodeInfoList: goodList() }, 901],
			[{ apiKey: K, quickCreateCode: '001', nodeInfoList: goodList() }, 301],
			[{ webappId: APP, apiKey: K, nodeInfoList: goodList() }, 301],
			[{ webappId: APP, apiKey: K, quickCreateCode: '002', nodeInfoList: goodList() }, 301],
			[{ webappId: APP, apiKey: K, quickCreateCode: '001' }, 301],
			[{ webappId: APP, apiKey: K, quickCreateCode: '001', nodeInfoList: [{ nodeId: '52', fieldName: 'prompt', fieldValue: 'x' }] }, 803],
			[{ webappId: APP, apiKey: K, quickCreateCode: '001', nodeInfoList: goodList('input9') }, 803],
			[{ webappId: APP, apiKey: K, quickCreateCode: '001', nodeInfoList: [entry('39', 'LoadImage', 'image', 'IMAGE', 'a.png')] }, 803],
		];
		for (const [body, code] of cases) {
			const r = await api.v1('/task/openapi/quick-ai-app/run', body);
			assert.equal(r.body.code, code, JSON.stringify(body));
			assert.equal(r.body.data, null);
		}
		const counts = api.sim.control.submitCounts();
		assert.equal(counts.total, 0);
		assert.equal(counts.refused.filter((r) => r.endpoint === '/task/openapi/quick-ai-app/run').length, cases.length);
	});
});
