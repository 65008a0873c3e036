// The /__sim/ control API over HTTP, publicBaseUrl, and the CLI process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SIM_KEYS, setup, type Api } from './helpers.mjs';

let api: Api;
before(async () => (api = await setup()));
after(() => api.close());
beforeEach(async () => void (await api.ctl('POST', '/reset')));

const TTS = { text: 'hello', voiceId: 'genshin_klee2', voiceLanguage: 'zh' };
const WF = '1950000000000000001';

describe('control over HTTP', () => {
	it('keys and health', async () => {
		const k = (await api.ctl('GET', '/keys')).body;
		assert.deepEqual(k.keys, SIM_KEYS);
		assert.ok(k.details.some((d: any) => d.name === 'cnShared' && d.site === 'cn'));
		assert.equal((await api.ctl('GET', '/health')).body.ok, true);
		assert.equal((await api.ctl('GET', '/nope')).status, 404);
	});
	it('config: partial updates, nested variants, unknown keys refused, reset restores defaults', async () => {
		const c = (
			await api.ctl('POST', '/config', {
				taskDurationMs: -1,
				concurrencyLimit: 7,
				variants: { faceShape: 'camel' },
				webhook: { duplicates: 2 },
			})
		).body;
		assert.equal(c.concurrencyLimit, 7);
		assert.equal(c.variants.faceShape, 'camel');
		assert.equal(c.variants.ttsResult, 'mp3AndAudioId', 'other variants untouched');
		assert.equal(c.webhook.duplicates, 2);
		assert.equal((await api.ctl('POST', '/config', { nope: 1 })).status, 400);
		assert.equal((await api.ctl('POST', '/config', { variants: { nope: 1 } })).status, 400);
		await api.ctl('POST', '/reset');
		const d = (await api.ctl('GET', '/config')).body;
		assert.equal(d.concurrencyLimit, 3);
		assert.equal(d.taskDurationMs, 20, 'the startup option is the baseline');
		assert.equal(d.variants.faceShape, 'snake');
	});
	it('requests: every API call logged with method, path, site, status, body; never control calls', async () => {
		await api.v2('/openapi/v2/kling-lip-sync/tts', TTS);
		await api.v2('/cn/openapi/v2/query', { taskId: '1' }, SIM_KEYS.cnShared);
		const log = (await api.ctl('GET', '/requests')).body;
		assert.equal(log.length, 2);
		assert.deepEqual(
			[log[0].method, log[0].route, log[0].site, log[0].status],
			['POST', '/openapi/v2/kling-lip-sync/tts', 'ai', 200],
		);
		assert.ok(log[0].body.includes('genshin_klee2'));
		assert.equal(log[0].headers.authorization, `Bearer ${SIM_KEYS.aiShared}`);
		assert.deepEqual([log[1].path, log[1].site], ['/cn/openapi/v2/query', 'cn']);
		assert.equal((await api.ctl('GET', `/requests?since=${log[0].seq}`)).body.length, 1);
		assert.equal((await api.ctl('GET', '/requests?path=/openapi/v2/query')).body.length, 1);
		await api.ctl('DELETE', '/requests');
		assert.deepEqual((await api.ctl('GET', '/requests')).body, []);
	});
	it('submits: accepted per endpoint and in total, refused listed', async () => {
		await api.ctl('POST', '/config', { concurrencyLimit: 1, taskDurationMs: -1 });
		await api.v2('/openapi/v2/kling-lip-sync/tts', TTS);
		await api.v2('/openapi/v2/kling-lip-sync/tts', TTS);
		const s = (await api.ctl('GET', '/submits?endpoint=kling-lip-sync/tts')).body;
		assert.equal(s.total, 1);
		assert.equal(s.count, 1);
		assert.deepEqual(s.byEndpoint, { 'kling-lip-sync/tts': 1 });
		assert.equal(s.refusedTotal, 1);
		assert.equal(s.refused[0].code, '1520');
	});
	it('tasks: list, get, complete, fail, cancel, duration', async () => {
		await api.ctl('POST', '/config', { taskDurationMs: -1, concurrencyLimit: 10 });
		const ids: string[] = [];
		for (let i = 0; i < 4; i++)
			ids.push(
				(await api.v1('/task/openapi/create', { apiKey: SIM_KEYS.aiShared, workflowId: WF })).body
					.data.taskId,
			);
		const list = (await api.ctl('GET', '/tasks')).body;
		assert.equal(list.length, 4);
		assert.equal(list[0].keyName, 'aiShared');
		assert.equal(list[0].endpoint, '/task/openapi/create');
		assert.equal((await api.ctl('GET', `/tasks/${ids[0]}`)).body.status, 'RUNNING');
		assert.equal((await api.ctl('POST', `/tasks/${ids[0]}/complete`)).body.status, 'SUCCESS');
		const failed = (
			await api.ctl('POST', `/tasks/${ids[1]}/fail`, {
				errorCode: '1505',
				errorMessage: 'Photorealistic real people are prohibited',
			})
		).body;
		assert.deepEqual([failed.status, failed.failure.errorCode], ['FAILED', '1505']);
		assert.equal((await api.ctl('POST', `/tasks/${ids[2]}/cancel`)).body.status, 'CANCEL');
		await api.ctl('POST', `/tasks/${ids[3]}/duration`, { ms: 10 });
		assert.equal((await api.sim.control.waitForTask(ids[3])).status, 'SUCCESS');
		assert.equal(
			(await api.query(ids[1])).errorMessage,
			'Photorealistic real people are prohibited',
		);
		assert.equal((await api.ctl('GET', '/tasks/1234')).status, 404);
		assert.equal((await api.ctl('POST', '/tasks/1234/complete')).status, 400);
	});
	it('outcomes: script failures and durations for the next tasks of an endpoint', async () => {
		await api.ctl('POST', '/outcomes', {
			endpoint: '/openapi/v2/kling-lip-sync/tts',
			times: 2,
			fail: { errorCode: '1501', errorMessage: 'Content verification failed' },
		});
		const results = [];
		for (let i = 0; i < 3; i++) {
			const id = (await api.v2('/openapi/v2/kling-lip-sync/tts', TTS)).body.taskId;
			results.push((await api.sim.control.waitForTask(id)).status);
		}
		assert.deepEqual(results, ['FAILED', 'FAILED', 'SUCCESS']);
		await api.ctl('POST', '/outcomes', { durationMs: -1 });
		const held = (await api.v2('/openapi/v2/kling-lip-sync/tts', TTS)).body.taskId;
		assert.equal((await api.ctl('GET', `/tasks/${held}`)).body.durationMs, -1);
	});
	it('sessions, audios, files and expiry', async () => {
		const face = (
			await api.v2('/openapi/v2/kling-lip-sync/identify-face', {
				videoUrl: 'https://example.com/v.mp4',
			})
		).body.taskId;
		const tts = (await api.v2('/openapi/v2/kling-lip-sync/tts', TTS)).body.taskId;
		await api.sim.control.waitForTask(face);
		await api.sim.control.waitForTask(tts);
		assert.equal((await api.ctl('GET', '/sessions')).body[0].faces.length, 2);
		assert.ok((await api.ctl('GET', '/audios')).body[0].durationMs >= 2500);
		const f = (await api.ctl('POST', '/files', { ext: 'mp4', sizeBytes: 4096 })).body;
		const r = await fetch(f.url);
		assert.equal(r.headers.get('content-length'), '4096');
		await r.arrayBuffer();
		assert.deepEqual((await api.ctl('POST', '/files/expire', { url: f.url })).body, {
			expired: true,
		});
		assert.equal((await fetch(f.url)).status, 404);
	});
	it('reset forgets tasks, counts, faults and files', async () => {
		await api.v2('/openapi/v2/kling-lip-sync/tts', TTS);
		await api.ctl('POST', '/faults', { path: '/x', fault: { type: 'drop' } });
		await api.ctl('POST', '/reset');
		assert.deepEqual((await api.ctl('GET', '/tasks')).body, []);
		assert.equal((await api.ctl('GET', '/submits')).body.total, 0);
		assert.deepEqual((await api.ctl('GET', '/faults')).body, []);
	});
});

describe('publicBaseUrl', () => {
	it('is used in result and download URLs', async () => {
		const other = await setup({ publicBaseUrl: 'http://sim.example:9000/' });
		try {
			const q = await other.runModel('kling-lip-sync/tts', TTS);
			assert.match(q.results[0].url, /^http:\/\/sim\.example:9000\/files\//);
			assert.equal(other.sim.cnUrl, `${other.sim.url}/cn`);
		} finally {
			await other.close();
		}
	});
});

describe('cli', () => {
	const cli = fileURLToPath(new URL('../../simulator/cli.mts', import.meta.url));
	const freePort = () =>
		new Promise<number>((resolve) => {
			const s = createServer().listen(0, '127.0.0.1', () => {
				const p = (s.address() as { port: number }).port;
				s.close(() => resolve(p));
			});
		});

	it('prints one listening line without key values, serves, and exits cleanly on SIGTERM', async () => {
		const port = await freePort();
		const child = spawn(
			process.execPath,
			['--import', 'tsx', cli, '--task-duration-ms', '10', '--concurrency', '5', '--quiet'],
			{
				env: { ...process.env, RUNNINGHUB_SIMULATOR_PORT: String(port) },
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		let out = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
		try {
			const until = Date.now() + 15000;
			while (!out.includes('\n') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
			const line = out.split('\n')[0];
			assert.match(
				line,
				new RegExp(
					`^RunningHub simulator listening on http://127\\.0\\.0\\.1:${port} \\(keys: aiShared, `,
				),
			);
			for (const v of Object.values(SIM_KEYS))
				assert.ok(!out.includes(v), 'no key values on stdout');
			const cfg = await (await fetch(`http://127.0.0.1:${port}/__sim/config`)).json();
			assert.equal(cfg.concurrencyLimit, 5);
			assert.equal(cfg.taskDurationMs, 10);
		} finally {
			child.kill('SIGTERM');
		}
		assert.equal(await exited, 0);
	});
});
