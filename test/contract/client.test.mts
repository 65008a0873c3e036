import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import { Readable } from 'node:stream';

import { bytesSource } from '../../nodes/core/media/binary.ts';
import type { Simulator } from '../../simulator/index.mts';
import { assertRunningHubCode } from '../support/errors.mts';
import { SIM_KEYS, clientFor, errorOf, startSim, visible } from './helpers.mts';

let sim: Simulator;
before(async () => (sim = await startSim()));
after(async () => await sim.close());
afterEach(async () => await sim.control.reset());

const TTS = { text: 'Hello from the contract tests', voiceId: 'oversea_male1', voiceLanguage: 'en', voiceSpeed: 1 };

async function finished(client: ReturnType<typeof clientFor>['client'], taskId: string) {
	await sim.control.waitForTask(taskId);
	return await client.query(taskId);
}

describe('v2 standard models and query', () => {
	it('submits, keeps the 19-digit task ID exact and normalises the outputs', async () => {
		const { client } = clientFor(sim);
		const submitted = await client.submitModel('kling-lip-sync/tts', TTS);
		assert.match(submitted.taskId, /^\d{19}$/);
		assert.equal(submitted.state, 'pending');
		assert.ok(sim.control.task(submitted.taskId), 'the simulator knows this exact ID');
		const task = await finished(client, submitted.taskId);
		assert.equal(task.state, 'succeeded');
		assert.equal(task.status, 'SUCCESS');
		const mp3 = task.outputs.find((o) => o.type === 'mp3');
		const text = task.outputs.find((o) => o.type === 'text');
		assert.match(mp3?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/files\/.+\.mp3$/);
		assert.match(text?.text ?? '', /^\d{18}$/);
		assert.ok(task.usage, 'usage is carried');
	});

	it('keeps IDs exact when RunningHub sends them as bare JSON numbers', async () => {
		sim.control.configure({ variants: { bareNumericIds: true } });
		const { client } = clientFor(sim);
		const submitted = await client.submitModel('kling-lip-sync/tts', TTS);
		const raw = sim.control.requests({ path: '/openapi/v2/kling-lip-sync/tts' });
		assert.equal(raw.length, 1);
		assert.ok(sim.control.task(submitted.taskId), `exact id ${submitted.taskId}`);
		assert.notEqual(String(Number(submitted.taskId)), submitted.taskId, 'the ID would not survive a JS number');
		const task = await finished(client, submitted.taskId);
		assert.equal(task.taskId, submitted.taskId);
	});

	it('reports a failed task with its code and message instead of throwing', async () => {
		sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', fail: { errorCode: '1501', errorMessage: 'Content verification failed' } });
		const { client } = clientFor(sim);
		const submitted = await client.submitModel('kling-lip-sync/tts', TTS);
		const task = await finished(client, submitted.taskId);
		assert.equal(task.state, 'failed');
		assert.equal(task.errorCode, '1501');
		assert.equal(task.errorMessage, 'Content verification failed');
	});

	it('maps a refused submit (parameter validation) to a message naming the field', async () => {
		const { client } = clientFor(sim);
		const error = await errorOf(() => client.submitModel('kling-lip-sync/tts', { ...TTS, voiceSpeed: 5 }, 3));
		// RunningHub's reason is the headline; the code is in its own fields.
		assert.equal(error.message, 'Parameter validation failed: voiceSpeed must be <= 2 (got 5) [item 3]');
		assertRunningHubCode(error, '1007', 'PARAMS_INVALID');
		assert.equal(sim.control.submitCount(), 0);
	});

	it('query of an unknown task is a clear not-found error (both variants)', async () => {
		const { client } = clientFor(sim);
		const e1 = await errorOf(() => client.query('1965432109876543210'));
		assert.match(e1.message, /not found/i);
		assertRunningHubCode(e1, '1004', 'TASK_NOT_FOUND');
		sim.control.configure({ variants: { queryUnknownHttp404: true } });
		const e2 = await errorOf(() => client.query('1965432109876543210'));
		assert.match(e2.message, /not found/i);
		assertRunningHubCode(e2, '1004', 'TASK_NOT_FOUND');
	});

	it('a task that is already finished on submit comes back succeeded', async () => {
		sim.control.configure({ variants: { syncSuccess: true } });
		const { client } = clientFor(sim);
		const task = await client.submitModel('kling-lip-sync/tts', TTS);
		assert.equal(task.state, 'succeeded');
		assert.ok(task.outputs.length > 0);
	});

	it('accepts CREATE as a pending status', async () => {
		sim.control.configure({ variants: { initialStatus: 'CREATE' }, concurrencyLimit: 1, queueLimit: 5 });
		const { client } = clientFor(sim);
		await client.submitModel('kling-lip-sync/tts', TTS);
		const second = await client.submitModel('kling-lip-sync/tts', TTS);
		assert.equal(second.status, 'CREATE');
		assert.equal(second.state, 'pending');
	});
});

describe('v1 envelope endpoints', () => {
	it('account status with the lower-case apikey field, numbers as strings', async () => {
		const { client } = clientFor(sim);
		const account = await client.account();
		assert.equal(account.apiType, 'SHARED');
		assert.equal(typeof account.remainMoney, 'string');
		const body = JSON.parse(sim.control.requests({ path: '/uc/openapi/accountStatus' })[0].body);
		assert.equal(body.apikey, SIM_KEYS.aiShared);
		assert.equal(body.apiKey, undefined);
	});

	it('queue status gives the concurrency limit', async () => {
		sim.control.configure({ concurrencyLimit: 4 });
		const status = await clientFor(sim).client.queueStatus();
		assert.equal(Number(status?.concurrentLimit), 4);
	});

	it('cancel stops a running task; cancelling an unknown task is 807', async () => {
		sim.control.configure({ taskDurationMs: -1 });
		const { client } = clientFor(sim);
		const task = await client.submitModel('kling-lip-sync/tts', TTS);
		await client.cancel(task.taskId);
		assert.equal((await client.query(task.taskId)).state, 'cancelled');
		const error = await errorOf(() => client.cancel('1965432109876543210'));
		assert.equal(error.message, 'The task was not found');
		assertRunningHubCode(error, 807, 'APIKEY_TASK_NOT_FOUND');
	});

	it('workflow runs through v2 and v1, AI apps through v2, with their graphs and inputs', async () => {
		const { client } = clientFor(sim);
		const nodeInfoList = [{ nodeId: '6', fieldName: 'text', fieldValue: 'a cat' }];
		const v2 = await client.runWorkflow('1950000000000000001', { nodeInfoList });
		const v1 = await client.createTaskV1({ workflowId: '1950000000000000001', nodeInfoList });
		const app = await client.runAiApp('1960000000000000001', { nodeInfoList: [{ nodeId: '6', fieldName: 'text', fieldValue: 'a dog' }] });
		for (const t of [v2, v1, app]) assert.equal((await finished(client, t.taskId)).state, 'succeeded');
		const prompt = await client.workflowPrompt('1950000000000000001');
		assert.ok((JSON.parse(String(prompt)) as Record<string, unknown>)['6'], 'node 6 in the API-format graph');
		const demo = await client.aiAppDemo('1960000000000000001');
		assert.ok(Array.isArray(demo.nodeInfoList));
		const e380 = await errorOf(() => client.createTaskV1({ workflowId: '1950000000000000777' }));
		assert.equal(e380.message, 'The workflow does not exist');
		assertRunningHubCode(e380, 380, 'WORKFLOW_NOT_EXISTS');
	});

	it('webhook detail and resend', async () => {
		const { client } = clientFor(sim);
		const none = await client.submitModel('kling-lip-sync/tts', TTS);
		await sim.control.waitForTask(none.taskId);
		const e = await errorOf(() => client.webhookDetail(none.taskId));
		assert.match(e.message, /^Webhook event not exists/);
		const task = await client.runWorkflow('1950000000000000001', { webhookUrl: `${sim.url}/__sim/health` });
		await sim.control.waitForTask(task.taskId);
		let detail: Record<string, unknown> = {};
		for (let i = 0; i < 50 && !detail.callbackStatus; i++) {
			await new Promise((r) => setTimeout(r, 20));
			detail = await client.webhookDetail(task.taskId).catch(() => ({}));
		}
		assert.equal(detail.taskId, task.taskId);
		await client.retryWebhook(String(detail.id), undefined);
	});

	it('LoRA upload URL', async () => {
		const { url, fileName } = await clientFor(sim).client.loraUploadUrl('style.safetensors', 'd41d8cd98f00b204e9800998ecf8427e');
		assert.match(url, /^http/);
		assert.ok(fileName);
	});
});

describe('v1 task outputs (the fallback read)', () => {
	const WORKFLOW_ID = '1950000000000000001';

	it('reads queued (813), running (804), finished (0) and failed (805) tasks', async () => {
		const { client } = clientFor(sim);
		sim.control.configure({ queuedMs: 60_000 });
		const queued = await client.createTaskV1({ workflowId: WORKFLOW_ID });
		assert.equal((await client.outputsV1(queued.taskId)).status, 'QUEUED');
		sim.control.completeTask(queued.taskId);
		const done = await client.outputsV1(queued.taskId);
		assert.equal(done.state, 'succeeded');
		assert.ok(done.outputs.length > 0 && done.outputs.every((o) => /^http/.test(o.url ?? '')), JSON.stringify(done.outputs));

		const failing = await client.createTaskV1({ workflowId: WORKFLOW_ID });
		sim.control.failTask(failing.taskId, { errorCode: '805', errorMessage: 'KSampler exploded' });
		const failed = await client.outputsV1(failing.taskId);
		assert.equal(failed.state, 'failed');
		assert.match(failed.errorMessage ?? '', /KSampler exploded/);

		sim.control.configure({ queuedMs: 0, taskDurationMs: 60_000 });
		const running = await client.createTaskV1({ workflowId: WORKFLOW_ID });
		await sim.control.waitForTask(running.taskId, ['RUNNING']);
		assert.equal((await client.outputsV1(running.taskId)).status, 'RUNNING');
	});

	it('an unknown task is 807 on v1; query() reports the v2 answer after trying both', async () => {
		const { client } = clientFor(sim);
		const e = await errorOf(() => client.outputsV1('1965432109876543210', 2));
		assertRunningHubCode(e, 807);
		const q = await errorOf(() => client.query('1965432109876543210', 2));
		assert.match(q.message, /not found/i);
		assert.deepEqual(
			sim.control.requests().map((r) => r.path).slice(-2),
			['/openapi/v2/query', '/task/openapi/outputs'],
		);
	});
});

describe('uploads', () => {
	const png = { fileName: 'face.png', mimeType: 'image/png', source: bytesSource(Buffer.from('89504e470d0a1a0a', 'hex')) };

	it('v2 upload returns a download URL and a file name (success code 0 or 200)', async () => {
		const { client } = clientFor(sim);
		for (const code of [0, 200] as const) {
			sim.control.configure({ variants: { uploadSuccessCode: code } });
			const up = await client.uploadV2(png);
			assert.match(up.downloadUrl ?? '', /^http/);
			assert.match(up.fileName, /^openapi\//);
			assert.equal(up.size, 8);
			const served = await fetch(up.downloadUrl!);
			assert.equal(served.headers.get('content-type'), 'image/png');
		}
	});

	it('a streamed file arrives whole through both uploads (v2 serves the same bytes back)', async () => {
		const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 251));
		const chunked = { size: bytes.length, open: async () => Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000, 200_000), bytes.subarray(200_000)]) };
		const file = { fileName: 'clip "1" é.mp4', mimeType: 'video/mp4', source: chunked };
		const { client } = clientFor(sim);
		const v2 = await client.uploadV2(file);
		assert.equal(v2.size, bytes.length);
		assert.deepEqual(Buffer.from(await (await fetch(v2.downloadUrl!)).arrayBuffer()), bytes);
		const v1 = await client.uploadLegacy(file);
		assert.match(v1.fileName, /^api\/.+\.mp4$/);
		assert.equal(v1.size, bytes.length);
	});

	it('legacy upload puts the key in the form and returns a loader file name', async () => {
		const up = await clientFor(sim).client.uploadLegacy(png);
		assert.match(up.fileName, /^api\//);
		assert.equal(up.downloadUrl, null);
		const sent = sim.control.requests({ path: '/task/openapi/upload' })[0].body;
		assert.match(sent, /"apiKey":"sim0/);
	});
});

describe('keys and sites', () => {
	it('a .cn key on the .ai site and a wrong key say to check the key and the site', async () => {
		for (const key of [SIM_KEYS.cnShared, 'not-a-real-key-000000000000000000']) {
			const v1 = await errorOf(() => clientFor(sim, key).client.account());
			assert.equal(v1.message, 'The API key was rejected');
			assertRunningHubCode(v1, 802, 'APIKEY_UNAUTHORIZED');
			assert.match(v1.description ?? '', /Site matches where the key was issued/);
			const v2 = await errorOf(() => clientFor(sim, key).client.submitModel('kling-lip-sync/tts', TTS));
			assertRunningHubCode(v2, '1002', 'INVALID_API_KEY');
			assert.match(v2.description ?? '', /Site matches where the key was issued/);
		}
		assert.equal((await clientFor(sim, SIM_KEYS.cnShared, sim.cnUrl).client.account()).apiType, 'SHARED');
	});

	it('a member key on a standard model asks for an enterprise shared key', async () => {
		const e = await errorOf(() => clientFor(sim, SIM_KEYS.aiNormal).client.submitModel('kling-lip-sync/tts', TTS));
		assertRunningHubCode(e, '1014', 'ACCESS_DENIED_STANDARD_MODEL');
		assert.match(e.description ?? '', /Create an enterprise shared key/);
	});

	it('free users and empty wallets get their own messages', async () => {
		const free = await errorOf(() => clientFor(sim, SIM_KEYS.aiFree).client.account());
		assert.equal(free.message, 'Free accounts cannot use API keys');
		assertRunningHubCode(free, 801, 'APIKEY_UNSUPPORTED_FREE_USER');
		const broke = await errorOf(() => clientFor(sim, SIM_KEYS.aiBroke).client.createTaskV1({ workflowId: '1950000000000000001' }));
		assert.equal(broke.message, 'The wallet balance is too low to start the task');
		assertRunningHubCode(broke, 416, 'TASK_CREATE_FAILED_BY_NOT_ENOUGH_WALLET');
		assert.match(broke.description ?? '', /Top up/);
		const brokeV2 = await errorOf(() => clientFor(sim, SIM_KEYS.aiBroke).client.submitModel('kling-lip-sync/tts', TTS));
		assert.match(visible(brokeV2), /Top up/);
	});

	it('the API key never appears in any error', async () => {
		const key = SIM_KEYS.aiShared;
		sim.control.addFault({ path: '/openapi/v2/query', times: -1, fault: { type: 'businessError', code: '1005', message: `echo ${key}` } });
		const e = await errorOf(() => clientFor(sim, key, sim.url, { maxAttempts: 2 }).client.query('1965432109876543210'));
		assert.ok(!visible(e).includes(key));
		assert.ok(!JSON.stringify(e).includes(key));
	});
});
