// ComfyUI workflows and AI apps over v1 and v2, their error codes, and the helper endpoints
// (getJsonApiFormat, apiCallDemo, getLoraUploadUrl + the presigned PUT).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SIM_KEYS, bytes, setup, type Api } from './helpers.mjs';

let api: Api;
before(async () => (api = await setup()));
after(() => api.close());
beforeEach(async () => {
	await api.sim.control.reset();
	api.sim.control.configure({ taskDurationMs: 10, concurrencyLimit: 50 });
});

const WF = '1950000000000000001';
const VIDEO_WF = '1950000000000000002';
const NEVER_RUN = '1950000000000000099';
const APP = '1960000000000000001';
const K = SIM_KEYS.aiShared;

describe('v1 create', () => {
	it('runs a known workflow with nodeInfoList overrides; response data has the documented fields', async () => {
		const r = await api.v1('/task/openapi/create', {
			apiKey: K,
			workflowId: WF,
			nodeInfoList: [
				{ nodeId: '6', fieldName: 'text', fieldValue: 'a red fox' },
				{ nodeId: '3', fieldName: 'seed', fieldValue: 7 },
				{ nodeId: '10', fieldName: 'image', fieldValue: 'api/abc.png' },
			],
			addMetadata: false,
			instanceType: 'plus',
		});
		assert.equal(r.body.code, 0);
		assert.deepEqual(Object.keys(r.body.data).sort(), [
			'clientId',
			'netWssUrl',
			'promptTips',
			'taskId',
			'taskStatus',
		]);
		assert.deepEqual(JSON.parse(r.body.data.promptTips).node_errors, {});
		const q = await api.sim.control.waitForTask(r.body.data.taskId);
		assert.equal(q.status, 'SUCCESS');
	});
	it('a video workflow yields an mp4 tagged with its output node; v2 query works on v1 tasks', async () => {
		const r = await api.v1('/task/openapi/create', { apiKey: K, workflowId: VIDEO_WF });
		await api.sim.control.waitForTask(r.body.data.taskId);
		const q = await api.query(r.body.data.taskId);
		assert.deepEqual(
			q.results.map((x: any) => [x.outputType, x.nodeId]),
			[['mp4', '20']],
		);
		assert.equal((await bytes(q.results[0].url)).type, 'video/mp4');
	});
	it('errors: 301 missing workflowId, 380 unknown, 810 never run, 803 bad node info, 433 bad workflow JSON, 301 bad instanceType', async () => {
		const c = (body: Record<string, unknown>) =>
			api.v1('/task/openapi/create', { apiKey: K, ...body }).then((r) => r.body);
		assert.equal((await c({})).code, 301);
		assert.deepEqual(await c({ workflowId: '1950000000000000777' }), {
			code: 380,
			msg: 'WORKFLOW_NOT_EXISTS',
			data: null,
		});
		assert.equal((await c({ workflowId: NEVER_RUN })).code, 810);
		const badNode = await c({
			workflowId: WF,
			nodeInfoList: [{ nodeId: '99', fieldName: 'text', fieldValue: 'x' }],
		});
		assert.equal(badNode.code, 803);
		assert.match(badNode.msg, /99/);
		const badField = await c({
			workflowId: WF,
			nodeInfoList: [{ nodeId: '6', fieldName: 'prompt', fieldValue: 'x' }],
		});
		assert.equal(badField.code, 803);
		assert.match(badField.msg, /prompt/);
		assert.equal((await c({ workflowId: WF, workflow: '{oops' })).code, 433);
		assert.equal((await c({ workflowId: WF, instanceType: 'huge' })).code, 301);
		assert.equal(api.sim.control.tasks().length, 0);
	});
	it('a `workflow` graph override is used for nodeInfoList checks', async () => {
		const graph = JSON.stringify({
			'5': { class_type: 'CLIPTextEncode', inputs: { text: 'x' } },
			'8': { class_type: 'SaveImage', inputs: {} },
		});
		const ok = await api.v1('/task/openapi/create', {
			apiKey: K,
			workflowId: WF,
			workflow: graph,
			nodeInfoList: [{ nodeId: '5', fieldName: 'text', fieldValue: 'y' }],
		});
		assert.equal(ok.body.code, 0);
		const bad = await api.v1('/task/openapi/create', {
			apiKey: K,
			workflowId: WF,
			workflow: graph,
			nodeInfoList: [{ nodeId: '6', fieldName: 'text', fieldValue: 'y' }],
		});
		assert.equal(bad.body.code, 803);
	});
});

describe('v1 ai-app/run', () => {
	it('runs an app (webappId as string or bare 19-digit number) with editable fields only', async () => {
		const r = await api.v1('/task/openapi/ai-app/run', {
			apiKey: K,
			webappId: APP,
			nodeInfoList: [{ nodeId: '6', fieldName: 'text', fieldValue: 'x' }],
		});
		assert.equal(r.body.code, 0);
		const bare = await api.v1(
			'/task/openapi/ai-app/run',
			`{"apiKey":"${K}","webappId":${APP},"nodeInfoList":[]}`,
		);
		assert.equal(bare.body.code, 0, 'a bare number is read exactly');
		const notEditable = await api.v1('/task/openapi/ai-app/run', {
			apiKey: K,
			webappId: APP,
			nodeInfoList: [{ nodeId: '3', fieldName: 'steps', fieldValue: 5 }],
		});
		assert.equal(notEditable.body.code, 803);
	});
	it('errors: 901 unknown app, 301 missing nodeInfoList', async () => {
		assert.deepEqual(
			(
				await api.v1('/task/openapi/ai-app/run', {
					apiKey: K,
					webappId: '1960000000000000999',
					nodeInfoList: [],
				})
			).body,
			{ code: 901, msg: 'WEBAPP_NOT_EXISTS', data: null },
		);
		assert.equal(
			(await api.v1('/task/openapi/ai-app/run', { apiKey: K, webappId: APP })).body.code,
			301,
		);
	});
});

describe('v2 runs', () => {
	it('run/workflow and run/ai-app answer the v2 task object', async () => {
		const w = await api.v2(`/openapi/v2/run/workflow/${WF}`, {
			nodeInfoList: [{ nodeId: '6', fieldName: 'text', fieldValue: 'x' }],
			usePersonalQueue: 'false',
			addMetadata: true,
		});
		assert.equal(w.body.errorCode, '');
		assert.match(w.body.taskId, /^\d{19}$/);
		const a = await api.v2(`/openapi/v2/run/ai-app/${APP}`, {
			nodeInfoList: [{ nodeId: '10', fieldName: 'image', fieldValue: 'openapi/x.png' }],
			instanceType: 'default',
		});
		assert.equal(a.body.errorCode, '');
		await api.sim.control.waitForTask(a.body.taskId);
		assert.equal((await api.query(a.body.taskId)).results[0].nodeId, '9');
	});
	it('errors in v2 codes by default, v1 codes as strings with the v2RunErrors variant', async () => {
		const cases = async () => [
			(await api.v2('/openapi/v2/run/workflow/1950000000000000777', {})).body.errorCode,
			(await api.v2(`/openapi/v2/run/workflow/${NEVER_RUN}`, {})).body.errorCode,
			(await api.v2('/openapi/v2/run/ai-app/1960000000000000999', {})).body.errorCode,
			(
				await api.v2(`/openapi/v2/run/workflow/${WF}`, {
					nodeInfoList: [{ nodeId: '1', fieldName: 'x', fieldValue: 1 }],
				})
			).body.errorCode,
			(await api.v2(`/openapi/v2/run/workflow/${WF}`, { workflow: 'nope' })).body.errorCode,
		];
		assert.deepEqual(await cases(), ['1007', '1007', '1007', '1101', '1101']);
		api.sim.control.configure({ variants: { v2RunErrors: 'v1' } });
		assert.deepEqual(await cases(), ['380', '810', '901', '803', '433']);
		const msg = (await api.v2('/openapi/v2/run/workflow/1950000000000000777', {})).body
			.errorMessage;
		assert.match(msg, /WORKFLOW_NOT_EXISTS/);
	});
});

describe('helpers', () => {
	it('getJsonApiFormat returns the stringified API-format graph; 380 for unknown', async () => {
		const r = await api.v1('/api/openapi/getJsonApiFormat', { apiKey: K, workflowId: WF });
		assert.equal(r.body.code, 0);
		const graph = JSON.parse(r.body.data.prompt);
		assert.equal(graph['10'].class_type, 'LoadImage');
		assert.ok('image' in graph['10'].inputs);
		assert.equal(graph['6'].class_type, 'CLIPTextEncode');
		assert.ok('seed' in graph['3'].inputs);
		assert.equal(
			(await api.v1('/api/openapi/getJsonApiFormat', { apiKey: K, workflowId: '1' })).body.code,
			380,
		);
	});
	it('apiCallDemo (GET, apiKey in the query) lists the editable nodes and a curl sample', async () => {
		const r = await api.get(`/api/webapp/apiCallDemo?apiKey=${K}&webappId=${APP}`);
		assert.equal(r.body.code, 0);
		assert.equal(typeof r.body.data.webappName, 'string');
		assert.ok(r.body.data.curl.includes('/task/openapi/ai-app/run'));
		for (const n of r.body.data.nodeInfoList) {
			for (const k of [
				'nodeId',
				'nodeName',
				'fieldName',
				'fieldValue',
				'fieldType',
				'description',
				'descriptionEn',
			])
				assert.ok(k in n, k);
		}
		assert.equal((await api.get(`/api/webapp/apiCallDemo?apiKey=${K}&webappId=1`)).body.code, 901);
		assert.equal((await api.get(`/api/webapp/apiCallDemo?webappId=${APP}`)).body.code, 802);
	});
	it('getLoraUploadUrl gives a presigned PUT URL that checks the MD5', async () => {
		const data = Buffer.from('fake lora weights');
		const md5Hex = createHash('md5').update(data).digest('hex');
		const r = await api.v1('/api/openapi/getLoraUploadUrl', {
			apiKey: K,
			loraName: 'my-style',
			md5Hex,
		});
		assert.equal(r.body.code, 0);
		assert.match(r.body.data.fileName, /\.safetensors$/);
		const put = await fetch(r.body.data.url, {
			method: 'PUT',
			headers: { 'content-type': 'application/octet-stream' },
			body: data,
		});
		assert.equal(put.status, 200);
		const bad = await fetch(r.body.data.url, { method: 'PUT', body: Buffer.from('other bytes') });
		assert.equal(bad.status, 400);
		assert.equal(
			(await fetch(`${api.sim.url}/__upload/lora/nope`, { method: 'PUT', body: 'x' })).status,
			403,
		);
		assert.equal(
			(await api.v1('/api/openapi/getLoraUploadUrl', { apiKey: K, loraName: 'x', md5Hex: 'zz' }))
				.body.code,
			301,
		);
		assert.equal(
			(await api.v1('/api/openapi/getLoraUploadUrl', { apiKey: K, md5Hex })).body.code,
			301,
		);
	});
});
