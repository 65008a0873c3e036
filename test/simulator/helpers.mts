// Test helpers: a simulator per test file, small HTTP clients for both envelopes, a webhook
// receiver, and an MP3 frame-header reader written independently of the simulator's own.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach } from 'node:test';
import {
	SIM_KEYS,
	startSimulator,
	type Simulator,
	type SimulatorOptions,
} from '../../simulator/index.mjs';

export { SIM_KEYS };

export interface Api {
	sim: Simulator;
	/** POST JSON to a v2 path with a Bearer key; returns status, raw text and parsed body. */
	v2(path: string, body: unknown, key?: string | null, base?: string): Promise<Res>;
	/** POST JSON to a v1 path (key goes in the body, by the caller). */
	v1(path: string, body: unknown, base?: string): Promise<Res>;
	get(path: string, key?: string): Promise<Res>;
	ctl(method: string, path: string, body?: unknown): Promise<Res>;
	/** Submit a v2 model task and wait for it to end; returns the final v2 task body. */
	runModel(endpoint: string, body: unknown, key?: string): Promise<any>;
	query(taskId: string, key?: string): Promise<any>;
	close(): Promise<void>;
}

export interface Res {
	status: number;
	text: string;
	body: any;
	headers: Headers;
}

async function toRes(r: Response): Promise<Res> {
	const text = await r.text();
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		body = undefined;
	}
	return { status: r.status, text, body, headers: r.headers };
}

export async function setup(opts: SimulatorOptions = {}): Promise<Api> {
	const sim = await startSimulator({ quiet: true, taskDurationMs: 20, ...opts });
	const api: Api = {
		sim,
		v2: async (path, body, key = SIM_KEYS.aiShared, base = sim.url) =>
			toRes(
				await fetch(base + path, {
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						...(key ? { authorization: `Bearer ${key}` } : {}),
					},
					body: typeof body === 'string' ? body : JSON.stringify(body),
				}),
			),
		v1: async (path, body, base = sim.url) =>
			toRes(
				await fetch(base + path, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: typeof body === 'string' ? body : JSON.stringify(body),
				}),
			),
		get: async (path, key) =>
			toRes(
				await fetch(sim.url + path, { headers: key ? { authorization: `Bearer ${key}` } : {} }),
			),
		ctl: async (method, path, body) =>
			toRes(
				await fetch(`${sim.url}/__sim${path}`, {
					method,
					headers: body === undefined ? {} : { 'content-type': 'application/json' },
					body: body === undefined ? undefined : JSON.stringify(body),
				}),
			),
		async runModel(endpoint, body, key = SIM_KEYS.aiShared) {
			const r = await api.v2(`/openapi/v2/${endpoint}`, body, key);
			if (r.body?.errorCode) throw new Error(`submit refused: ${r.text}`);
			await sim.control.waitForTask(r.body.taskId);
			return api.query(r.body.taskId, key);
		},
		async query(taskId, key = SIM_KEYS.aiShared) {
			return (await api.v2('/openapi/v2/query', { taskId }, key)).body;
		},
		close: () => sim.close(),
	};
	return api;
}

export interface Received {
	headers: IncomingHttpHeaders;
	body: string;
	time: number;
}

/** A local webhook receiver answering with the given statuses in turn (last one repeats). */
export async function receiver(statuses: number[] = [200], delayMs = 0) {
	const got: Received[] = [];
	let i = 0;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			got.push({
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
				time: Date.now(),
			});
			const status = statuses[Math.min(i++, statuses.length - 1)];
			setTimeout(() => {
				res.writeHead(status, { 'content-type': 'text/plain' });
				res.end(status < 300 ? 'ok' : 'nope');
			}, delayMs);
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return {
		url,
		got,
		async waitFor(n: number, timeoutMs = 5000) {
			const until = Date.now() + timeoutMs;
			while (got.length < n) {
				if (Date.now() > until) throw new Error(`receiver got ${got.length} of ${n} deliveries`);
				await sleep(5);
			}
			return got;
		},
		close: () =>
			new Promise<void>((r) => {
				server.closeAllConnections();
				server.close(() => r());
			}),
	};
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(
	check: () => boolean,
	timeoutMs = 5000,
	what = 'condition',
): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await sleep(5);
	}
}

/** Walk MPEG-1 Layer III frames (after an optional ID3v2 tag): frame count, duration, bitrates seen. */
export function readMp3(buf: Buffer) {
	let o = 0;
	if (buf.subarray(0, 3).toString('latin1') === 'ID3')
		o = 10 + ((buf[6] << 21) | (buf[7] << 14) | (buf[8] << 7) | buf[9]);
	const kbps = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
	const rates = [44100, 48000, 32000];
	let frames = 0;
	let samples = 0;
	let sampleRate = 0;
	const bitrates = new Set<number>();
	while (o < buf.length) {
		const h = buf.readUInt32BE(o);
		if (h >>> 21 !== 0x7ff) throw new Error(`no frame sync at ${o}`);
		if (((h >>> 19) & 3) !== 3 || ((h >>> 17) & 3) !== 1)
			throw new Error(`not MPEG-1 Layer III at ${o}`);
		const br = kbps[(h >>> 12) & 15] * 1000;
		sampleRate = rates[(h >>> 10) & 3];
		if (!br || !sampleRate) throw new Error(`bad bitrate/sample rate at ${o}`);
		bitrates.add(br);
		o += Math.floor((144 * br) / sampleRate) + ((h >>> 9) & 1);
		frames++;
		samples += 1152;
	}
	if (o !== buf.length) throw new Error('last frame truncated');
	return { frames, durationMs: (samples / sampleRate) * 1000, sampleRate, bitrates: [...bitrates] };
}

export async function bytes(
	url: string,
): Promise<{ status: number; type: string | null; length: number | null; data: Buffer }> {
	const r = await fetch(url);
	const data = Buffer.from(await r.arrayBuffer());
	const cl = r.headers.get('content-length');
	return {
		status: r.status,
		type: r.headers.get('content-type'),
		length: cl === null ? null : Number(cl),
		data,
	};
}

/** multipart upload with fetch's FormData. */
export async function uploadForm(
	url: string,
	fields: Record<string, string>,
	file: { name: string; data: Buffer; type?: string } | null,
	key?: string,
) {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	if (file)
		form.append(
			'file',
			new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }),
			file.name,
		);
	return toRes(
		await fetch(url, {
			method: 'POST',
			headers: key ? { authorization: `Bearer ${key}` } : {},
			body: form,
		}),
	);
}

/** The TTS endpoint and a valid body, the fault tests' usual target. */
export const TTS_PATH = '/openapi/v2/kling-lip-sync/tts';
export const TTS = { text: 'hello', voiceId: 'genshin_klee2', voiceLanguage: 'zh' };

/**
 * One simulator for a fault-test file, reset before each test with tasks that never finish and
 * room for 50 at once (so only the injected fault decides the answer). Call at the top level;
 * the returned function gives the file's Api.
 */
export function useFaultSimulator(): () => Api {
	let api: Api | undefined;
	before(async () => (api = await setup()));
	after(() => api?.close());
	beforeEach(async () => {
		await api!.sim.control.reset();
		api!.sim.control.configure({ taskDurationMs: -1, concurrencyLimit: 50 });
	});
	return () => api!;
}
