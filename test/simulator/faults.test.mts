// Injected faults: every type, matching rules (path, regex, method, site, times, skip), and
// whether the request was processed behind the fault.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { SIM_KEYS, TTS, TTS_PATH, useFaultSimulator, type Api } from './helpers.mjs';

const getApi = useFaultSimulator();
// Read per test: the simulator starts in the file's before hook.
let api: Api;
beforeEach(() => {
	api = getApi();
});
const create = () =>
	api.v1('/task/openapi/create', { apiKey: SIM_KEYS.aiShared, workflowId: '1950000000000000001' });

describe('fault types', () => {
	it('http: status, Retry-After and default nginx-like body; request not processed', async () => {
		api.sim.control.addFault({
			path: TTS_PATH,
			fault: { type: 'http', status: 503, retryAfter: 7 },
		});
		const r = await api.v2(TTS_PATH, TTS);
		assert.equal(r.status, 503);
		assert.equal(r.headers.get('retry-after'), '7');
		assert.match(r.text, /503/);
		assert.equal(api.sim.control.submitCount(), 0);
		assert.equal((await api.v2(TTS_PATH, TTS)).status, 200, 'times defaults to 1');
	});
	it('http: custom JSON body (429, 500, 502)', async () => {
		for (const status of [429, 500, 502]) {
			api.sim.control.addFault({
				path: '/openapi/v2/query',
				fault: { type: 'http', status, body: { error: 'busy' } },
			});
			const r = await api.v2('/openapi/v2/query', { taskId: '1' });
			assert.equal(r.status, status);
			assert.deepEqual(r.body, { error: 'busy' });
		}
	});
	it('delay: answers after the delay, processed normally', async () => {
		api.sim.control.addFault({ path: TTS_PATH, fault: { type: 'delay', ms: 150 } });
		const t = Date.now();
		const r = await api.v2(TTS_PATH, TTS);
		assert.ok(Date.now() - t >= 140);
		assert.equal(r.body.errorCode, '');
	});
	it('drop: the socket closes before processing; no task', async () => {
		api.sim.control.addFault({ path: TTS_PATH, fault: { type: 'drop' } });
		await assert.rejects(api.v2(TTS_PATH, TTS));
		assert.equal(api.sim.control.submitCount(), 0);
		assert.equal(api.sim.control.requests({ path: TTS_PATH })[0].status, 'dropped');
	});
	it('dropAfterProcess: the task is created but the client gets no answer', async () => {
		api.sim.control.addFault({ path: TTS_PATH, fault: { type: 'dropAfterProcess' } });
		await assert.rejects(api.v2(TTS_PATH, TTS));
		assert.equal(api.sim.control.submitCount(TTS_PATH), 1);
		assert.equal(api.sim.control.tasks().length, 1);
	});
	it('malformed: HTTP 200 with invalid JSON (request processed)', async () => {
		api.sim.control.addFault({ path: '/task/openapi/create', fault: { type: 'malformed' } });
		const r = await create();
		assert.equal(r.status, 200);
		assert.throws(() => JSON.parse(r.text));
		assert.equal(r.body, undefined);
		assert.equal(api.sim.control.tasks().length, 1);
	});
	it('truncated: valid JSON cut in half with a matching Content-Length', async () => {
		const full = (await api.v2(TTS_PATH, TTS)).text;
		api.sim.control.addFault({ path: TTS_PATH, fault: { type: 'truncated' } });
		const r = await api.v2(TTS_PATH, TTS);
		assert.throws(() => JSON.parse(r.text));
		assert.ok(r.text.length <= full.length / 2 + 1 && r.text.length > 10);
		assert.equal(Number(r.headers.get('content-length')), Buffer.byteLength(r.text));
	});
	it('truncated on a file download: half the bytes', async () => {
		const f = api.sim.control.createFile({ ext: 'mp4', sizeBytes: 10000 });
		api.sim.control.addFault({ path: `/files/${f.name}`, fault: { type: 'truncated' } });
		const r = await fetch(f.url);
		assert.equal((await r.arrayBuffer()).byteLength, 5000);
	});
	it('businessError: the right envelope per endpoint', async () => {
		api.sim.control.addFault({ path: TTS_PATH, fault: { type: 'businessError', code: '1011' } });
		const v2 = await api.v2(TTS_PATH, TTS);
		assert.equal(v2.status, 200);
		assert.equal(v2.body.errorCode, '1011');
		assert.equal(v2.body.errorMessage, 'System is currently busy');
		assert.equal(api.sim.control.submitCount(), 0);
		api.sim.control.addFault({
			path: '/task/openapi/create',
			fault: { type: 'businessError', code: 421 },
		});
		assert.deepEqual((await create()).body, { code: 421, msg: 'TASK_QUEUE_MAXED', data: null });
		api.sim.control.addFault({
			path: '/task/openapi/outputs',
			fault: { type: 'businessError', code: 500, message: 'boom' },
		});
		assert.deepEqual(
			(await api.v1('/task/openapi/outputs', { apiKey: SIM_KEYS.aiShared, taskId: '1' })).body,
			{ code: 500, msg: 'boom', data: null },
		);
		api.sim.control.addFault({
			path: '/openapi/v2/media/upload/binary',
			fault: { type: 'businessError', code: 1008 },
		});
		const up = await fetch(`${api.sim.url}/openapi/v2/media/upload/binary`, {
			method: 'POST',
			headers: { authorization: `Bearer ${SIM_KEYS.aiShared}` },
			body: new FormData(),
		});
		assert.deepEqual(await up.json(), {
			code: 1008,
			message: 'File exceeds size limit',
			data: null,
		});
	});
});

describe('matching', () => {
	it('times, skip and -1 (forever)', async () => {
		api.sim.control.addFault({
			path: '/openapi/v2/query',
			skip: 1,
			times: 2,
			fault: { type: 'http', status: 500 },
		});
		const statuses = [];
		for (let i = 0; i < 4; i++)
			statuses.push((await api.v2('/openapi/v2/query', { taskId: '1' })).status);
		assert.deepEqual(statuses, [200, 500, 500, 200]);
		api.sim.control.addFault({
			path: '/openapi/v2/query',
			times: -1,
			fault: { type: 'http', status: 502 },
		});
		for (let i = 0; i < 3; i++)
			assert.equal((await api.v2('/openapi/v2/query', { taskId: '1' })).status, 502);
		assert.equal(api.sim.control.faults()[0].hits, 3);
		api.sim.control.clearFaults();
		assert.equal((await api.v2('/openapi/v2/query', { taskId: '1' })).status, 200);
	});
	it('regex paths, methods and sites; /cn paths match with or without the prefix', async () => {
		api.sim.control.addFault({
			path: '^/openapi/v2/kling-lip-sync/',
			method: 'POST',
			site: 'cn',
			fault: { type: 'http', status: 500 },
		});
		assert.equal((await api.v2(TTS_PATH, TTS)).status, 200, 'the .ai site is not matched');
		assert.equal((await api.v2(TTS_PATH, TTS, SIM_KEYS.cnShared, api.sim.cnUrl)).status, 500);
		api.sim.control.addFault({
			path: '/cn/openapi/v2/query',
			fault: { type: 'http', status: 429 },
		});
		assert.equal(
			(await api.v2('/openapi/v2/query', { taskId: '1' }, SIM_KEYS.cnShared, api.sim.cnUrl)).status,
			429,
		);
	});
	it('a delay combines with another fault', async () => {
		api.sim.control.addFault({ path: TTS_PATH, fault: { type: 'delay', ms: 100 } });
		api.sim.control.addFault({ path: TTS_PATH, fault: { type: 'http', status: 500 } });
		const t = Date.now();
		assert.equal((await api.v2(TTS_PATH, TTS)).status, 500);
		assert.ok(Date.now() - t >= 90);
	});
	it('over HTTP: POST/GET/DELETE /__sim/faults; bad rules are refused', async () => {
		const add = await api.ctl('POST', '/faults', {
			path: '^/task/openapi/(status|outputs)$',
			times: 2,
			fault: { type: 'businessError', code: 804 },
		});
		assert.equal(typeof add.body.id, 'number');
		assert.equal(
			(await api.v1('/task/openapi/status', { apiKey: SIM_KEYS.aiShared, taskId: '1' })).body.code,
			804,
		);
		assert.equal((await api.ctl('GET', '/faults')).body[0].times, 1);
		assert.equal((await api.ctl('POST', '/faults', { fault: { type: 'explode' } })).status, 400);
		await api.ctl('DELETE', '/faults');
		assert.deepEqual((await api.ctl('GET', '/faults')).body, []);
	});
	it('never applies to the control API', async () => {
		api.sim.control.addFault({ path: '^/', times: -1, fault: { type: 'drop' } });
		assert.equal((await api.ctl('GET', '/health')).status, 200);
	});
});

describe('download fault types (file routes)', () => {
	/** Raw GET over a socket of its own: shows exactly what the server sent, cut or not. */
	async function rawGet(url: string): Promise<{ head: string; body: Buffer }> {
		const { request } = await import('node:http');
		return await new Promise((resolve) => {
			const chunks: Buffer[] = [];
			let head = '';
			const req = request(url, { agent: false }, (res) => {
				head = `${res.statusCode} ${JSON.stringify(res.headers)}`;
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('error', () => undefined);
				res.on('close', () => resolve({ head, body: Buffer.concat(chunks) }));
			});
			req.on('error', () => setTimeout(() => resolve({ head, body: Buffer.concat(chunks) }), 50));
			req.end();
		});
	}

	it('cutBody: the true Content-Length, the connection cut after N bytes', async () => {
		const file = api.sim.control.createFile({ ext: 'mp4', sizeBytes: 5000 });
		api.sim.control.addFault({ path: '^/files/', fault: { type: 'cutBody', afterBytes: 1234 } });
		const r = await rawGet(file.url);
		assert.match(r.head, /"content-length":"5000"/);
		assert.equal(r.body.length, 1234);
		assert.equal((await rawGet(file.url)).body.length, 5000, 'times defaults to 1');
	});

	it('lyingLength: Content-Length larger or smaller than the body', async () => {
		const file = api.sim.control.createFile({ ext: 'mp4', sizeBytes: 5000 });
		api.sim.control.addFault({ path: '^/files/', fault: { type: 'lyingLength', delta: 100 } });
		const larger = await rawGet(file.url);
		assert.match(larger.head, /"content-length":"5100"/);
		assert.equal(larger.body.length, 5000);
		api.sim.control.addFault({ path: '^/files/', fault: { type: 'lyingLength', delta: -1000 } });
		const smaller = await rawGet(file.url);
		assert.match(smaller.head, /"content-length":"4000"/);
		assert.equal(smaller.body.length, 4000, 'HTTP ends the body where the header says');
	});

	it('redirect: a chain with times (?hop=N), or to a given location', async () => {
		const file = api.sim.control.createFile({ ext: 'png' });
		api.sim.control.addFault({ path: '^/files/', times: 2, fault: { type: 'redirect' } });
		const first = await fetch(file.url, { redirect: 'manual' });
		assert.equal(first.status, 302);
		assert.match(String(first.headers.get('location')), /\?hop=1$/);
		const followed = await fetch(file.url);
		assert.equal(followed.status, 200, 'the second hop is the last one');
		api.sim.control.addFault({ path: '^/files/', fault: { type: 'redirect', location: 'file:///etc/passwd', status: 301 } });
		const away = await fetch(file.url, { redirect: 'manual' });
		assert.equal(away.status, 301);
		assert.equal(away.headers.get('location'), 'file:///etc/passwd');
	});

	it('createFile with a hostile name: served under its fully %-encoded name', async () => {
		const name = '../../etc/evil\u0007.mp4';
		const file = api.sim.control.createFile({ ext: 'mp4', name });
		assert.ok(file.url.endsWith(`/files/${encodeURIComponent(name)}`));
		assert.equal((await fetch(file.url)).status, 200);
	});
});
