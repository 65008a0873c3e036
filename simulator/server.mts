// HTTP front: site prefix (/cn = runninghub.cn), routing to the v1/v2/file handlers, method
// checks, injected faults, the request log and writing replies (JSON ids per variant).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, Transform } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { handleControl, type SimulatorControl } from './control.mjs';
import { v1, v2Plain, V2_MESSAGES, type Family } from './envelopes.mjs';
import type { Fault } from './faults.mjs';
import { json, readText, type Ctx, type Reply } from './http.mjs';
import { parseJsonLossless, toJson } from './json.mjs';
import type { Site } from './keys.mjs';
import type { SimState } from './state.mjs';
import * as quick from './quickCreate.mjs';
import * as v1h from './v1.mjs';
import * as v2h from './v2.mjs';

type Handler = (ctx: Ctx, m: RegExpExecArray) => Reply | Promise<Reply>;

interface Route {
	method: string;
	pattern: RegExp;
	family: Family;
	handler: Handler;
	/** The handler reads the request body itself (multipart, PUT). */
	raw?: boolean;
}

const r = (
	method: string,
	path: string | RegExp,
	family: Family,
	handler: Handler,
	raw = false,
): Route => ({
	method,
	pattern: typeof path === 'string' ? new RegExp(`^${path.replace(/[.]/g, '\\.')}$`) : path,
	family,
	handler,
	raw,
});

function serveFile(ctx: Ctx, name: string): Reply {
	const f = ctx.state.files.get(decodeURIComponent(name));
	if (!f) {
		return {
			status: 404,
			body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist or has expired.</Message></Error>',
			headers: { 'content-type': 'application/xml' },
		};
	}
	const headers = {
		'content-type': f.contentType,
		'content-length': f.size,
		'cache-control': 'private, max-age=86400',
	};
	return ctx.method === 'HEAD'
		? { status: 200, headers, headOnly: true }
		: { status: 200, headers, body: ctx.state.files.open(f) };
}

const ROUTES: Route[] = [
	r('GET', /^\/files\/(.+)$/, 'files', (c, m) => serveFile(c, m[1])),
	r('HEAD', /^\/files\/(.+)$/, 'files', (c, m) => serveFile(c, m[1])),
	r('PUT', /^\/__upload\/lora\/([\w-]+)$/, 'files', (c, m) => v1h.loraPut(c, m[1]), true),
	r('POST', '/task/openapi/create', 'v1', v1h.create),
	r('POST', '/task/openapi/ai-app/run', 'v1', v1h.aiAppRun),
	r('POST', '/task/openapi/status', 'v1', v1h.status),
	r('POST', '/task/openapi/outputs', 'v1', v1h.outputs),
	r('POST', '/task/openapi/cancel', 'v1', v1h.cancel),
	r('POST', '/task/openapi/upload', 'v1', v1h.upload, true),
	r('POST', '/task/openapi/getWebhookDetail', 'v1', v1h.webhookDetail),
	r('POST', '/task/openapi/retryWebhook', 'v1', v1h.retryWebhook),
	r('POST', '/uc/openapi/accountStatus', 'v1', v1h.accountStatus),
	r('POST', '/api/openapi/getJsonApiFormat', 'v1', v1h.jsonApiFormat),
	r('POST', '/api/openapi/getLoraUploadUrl', 'v1', v1h.loraUploadUrl),
	r('GET', '/api/webapp/apiCallDemo', 'v1', v1h.apiCallDemo),
	r('POST', '/api/fast/creation/model/params', 'v1', quick.styles),
	r('POST', '/task/openapi/quick-ai-app/run', 'v1', quick.run),
	r('POST', '/openapi/v2/query', 'v2', v2h.query),
	r('POST', '/openapi/v2/media/upload/binary', 'v2plain', v2h.uploadBinary, true),
	r('GET', '/openapi/v2/queue/status', 'v2plain', v2h.queueStatus),
	r('POST', /^\/openapi\/v2\/run\/workflow\/([^/]+)$/, 'v2', (c, m) =>
		v2h.run(c, 'workflow', m[1]),
	),
	r('POST', /^\/openapi\/v2\/run\/ai-app\/([^/]+)$/, 'v2', (c, m) => v2h.run(c, 'app', m[1])),
];

const JSON_BODY_LIMIT = 256 * 1024 * 1024;

interface Resolved {
	route?: Route;
	match?: RegExpExecArray;
	family: Family;
	/** Path exists but not for this method. */
	wrongMethod?: string[];
}

function resolve(method: string, path: string): Resolved {
	const matching = ROUTES.flatMap((rt) => {
		const m = rt.pattern.exec(path);
		return m ? [{ rt, m }] : [];
	});
	const model = v2h.modelFor(path);
	const hit = matching.find((x) => x.rt.method === method);
	if (hit) return { route: hit.rt, match: hit.m, family: hit.rt.family };
	if (model && !matching.length) {
		if (method !== 'POST') return { family: 'v2', wrongMethod: ['POST'] };
		const rt = r('POST', /^.*$/, 'v2', (c) => v2h.modelSubmit(c, model));
		return { route: rt, match: rt.pattern.exec(path)!, family: 'v2' };
	}
	if (matching.length)
		return { family: matching[0].rt.family, wrongMethod: matching.map((x) => x.rt.method) };
	return { family: path.startsWith('/openapi/v2/') ? 'v2' : 'v1' };
}

/** Error reply in the envelope of the route family (default message from the code tables). */
function familyError(
	state: SimState,
	family: Family,
	status: number,
	code: string | number,
	message?: string,
): Reply {
	if (family === 'v2') {
		const reply = v2h.v2Fail({ state }, code, message);
		return status === 200 ? reply : { ...reply, status };
	}
	if (family === 'v2plain')
		return json(
			v2Plain(
				Number(code),
				message ?? V2_MESSAGES[String(code)] ?? 'error',
				null,
				state.config.variants.uploadMessageKey,
			),
			status,
		);
	if (family === 'files')
		return { status, body: message ?? String(code), headers: { 'content-type': 'text/plain' } };
	return json(v1(Number(code), null, message), status);
}

/** The task ID in a processed answer (v2 `taskId`, v1 `data.taskId`), if any. */
function taskIdOf(reply: Reply): string | undefined {
	const j = reply.json as { taskId?: unknown; data?: { taskId?: unknown } } | undefined;
	const id = j?.taskId ?? j?.data?.taskId;
	return id === undefined || id === null || id === '' ? undefined : String(id);
}

/** The answer of an errorAfterProcess fault: the request was processed (a task may exist). */
function errorAfterProcess(
	state: SimState,
	family: Family,
	processed: Reply,
	fault: Extract<Fault, { type: 'errorAfterProcess' }>,
): Reply {
	const taskId = fault.withTaskId ? taskIdOf(processed) : undefined;
	let reply: Reply;
	if (fault.code !== undefined) {
		reply = familyError(state, family, fault.status, fault.code, fault.message);
		reply = { ...reply, status: fault.status };
		if (taskId && reply.json && typeof reply.json === 'object') {
			reply.json =
				family === 'v1'
					? { ...(reply.json as object), data: { taskId } }
					: { ...(reply.json as object), taskId };
		}
	} else if (taskId) {
		reply = { ...processed, status: fault.status };
	} else {
		reply = httpFault({ type: 'http', status: fault.status });
	}
	if (fault.retryAfter !== undefined)
		reply.headers = { ...reply.headers, 'retry-after': fault.retryAfter };
	return reply;
}

function httpFault(fault: Extract<Fault, { type: 'http' }>): Reply {
	const headers: Record<string, string | number> = { ...(fault.headers ?? {}) };
	if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
	if (fault.body !== undefined)
		return typeof fault.body === 'string'
			? { status: fault.status, body: fault.body, headers }
			: json(fault.body, fault.status, headers);
	return {
		status: fault.status,
		body: `<html><head><title>${fault.status}</title></head><body><center><h1>${fault.status}</h1></center><hr><center>nginx</center></body></html>`,
		headers: { 'content-type': 'text/html', ...headers },
	};
}

/** Keep only the first `limit` bytes of a stream. */
function cut(limit: number): Transform {
	let left = limit;
	return new Transform({
		transform(chunk: Buffer, _e, done) {
			if (left > 0) this.push(chunk.subarray(0, left));
			left -= chunk.length;
			done();
		},
	});
}

/** Write a reply, spoiled by a post-processing fault if one applies. */
function write(res: ServerResponse, reply: Reply, bareIds: boolean, spoil?: Fault): void {
	const headers: Record<string, string | number> = { ...(reply.headers ?? {}) };
	if (reply.headOnly) {
		res.writeHead(reply.status, headers);
		res.end();
		return;
	}
	let body = reply.body;
	if (reply.json !== undefined) {
		body = toJson(reply.json, bareIds);
		headers['content-type'] ??= 'application/json;charset=UTF-8';
	}
	if (spoil?.type === 'deepNesting' && typeof body === 'string' && body.trimEnd().endsWith('}')) {
		// Built as text: the simulator's own JSON writer need not handle the depth.
		const depth = Math.max(0, Math.floor(spoil.depth));
		body = `${body.trimEnd().slice(0, -1)},"deep":${'['.repeat(depth)}"bottom"${']'.repeat(depth)}}`;
	}
	if (body instanceof Readable && spoil?.type === 'gzipBody') {
		void writeGzip(res, reply.status, headers, body);
		return;
	}
	if (body instanceof Readable && (spoil?.type === 'cutBody' || spoil?.type === 'lyingLength')) {
		void writeRaw(res, reply.status, headers, body, spoil);
		return;
	}
	if (body instanceof Readable) {
		if (spoil?.type === 'truncated' || spoil?.type === 'malformed') {
			const half = Math.floor(Number(headers['content-length'] ?? 0) / 2);
			headers['content-length'] = half;
			res.writeHead(reply.status, headers);
			body.pipe(cut(half)).pipe(res);
			return;
		}
		res.writeHead(reply.status, headers);
		body.pipe(res);
		return;
	}
	let buf = Buffer.from(body ?? '');
	if (spoil?.type === 'malformed') buf = Buffer.concat([Buffer.from('{,'), buf.subarray(1)]);
	if (spoil?.type === 'truncated') buf = buf.subarray(0, Math.floor(buf.length / 2));
	headers['content-length'] = buf.length;
	res.writeHead(reply.status, headers);
	res.end(buf);
}

/**
 * Writes a file reply straight on the socket, as a broken server or proxy would: Node's own
 * response object refuses a body that does not match its Content-Length.
 */
async function writeRaw(
	res: ServerResponse,
	status: number,
	headers: Record<string, string | number>,
	body: Readable,
	spoil: Extract<Fault, { type: 'cutBody' | 'lyingLength' }>,
): Promise<void> {
	const chunks: Buffer[] = [];
	for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
	const whole = Buffer.concat(chunks);
	const declared = spoil.type === 'lyingLength' ? Math.max(0, whole.length + spoil.delta) : whole.length;
	const sent = spoil.type === 'cutBody' ? whole.subarray(0, Math.max(0, spoil.afterBytes)) : whole;
	const lines = Object.entries({ ...headers, 'content-length': declared, connection: 'close' })
		.filter(([k]) => k.toLowerCase() !== 'transfer-encoding')
		.map(([k, v]) => `${k}: ${v}`);
	const socket = res.socket;
	if (!socket) return;
	socket.write(`HTTP/1.1 ${status} OK\r\n${lines.join('\r\n')}\r\n\r\n`);
	socket.write(sent, () => socket.destroy());
}

/** Writes a file reply gzip-compressed, with the compressed Content-Length (a server ignoring `accept-encoding: identity`). */
async function writeGzip(res: ServerResponse, status: number, headers: Record<string, string | number>, body: Readable): Promise<void> {
	const chunks: Buffer[] = [];
	for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
	const packed = gzipSync(Buffer.concat(chunks));
	const out = Object.fromEntries(Object.entries(headers).filter(([k]) => !['content-length', 'transfer-encoding'].includes(k.toLowerCase())));
	res.writeHead(status, { ...out, 'content-encoding': 'gzip', 'content-length': packed.length });
	res.end(packed);
}

/** What a fault may do to the server itself: stop listening for a while (connections refused). */
interface Listener {
	refuseFor(ms: number): void;
}

export interface SimServer extends Server {
	/** Ends any 'refused' outage for good: the server is not reopened (call before close()). */
	stopOutages(): void;
}

export function createSimServer(
	state: SimState,
	control: SimulatorControl,
	opts: { quiet: boolean },
): SimServer {
	let stopped = false;
	let reopen: NodeJS.Timeout | undefined;
	const listener: Listener = {
		refuseFor(ms) {
			if (!server.listening || stopped) return;
			const { port, address } = server.address() as AddressInfo;
			server.close();
			server.closeAllConnections();
			reopen = setTimeout(() => {
				reopen = undefined;
				if (!stopped) server.listen(port, address);
			}, ms);
		},
	};
	const server = createServer((req, res) => {
		handle(state, control, req, res, opts.quiet, listener).catch((e: Error) => {
			if (!opts.quiet) console.error('[simulator] handler error:', e);
			if (!res.headersSent) write(res, json(v1(500, null, `UNKNOWN_ERROR: ${e.message}`)), false);
			else res.destroy();
		});
	}) as SimServer;
	server.stopOutages = () => {
		stopped = true;
		clearTimeout(reopen);
	};
	return server;
}

async function handle(
	state: SimState,
	control: SimulatorControl,
	req: IncomingMessage,
	res: ServerResponse,
	quiet: boolean,
	listener: Listener,
): Promise<void> {
	const started = Date.now();
	const url = new URL(req.url ?? '/', 'http://simulator');
	const rawPath = url.pathname;
	const site: Site = rawPath === '/cn' || rawPath.startsWith('/cn/') ? 'cn' : 'ai';
	const route = site === 'cn' ? rawPath.slice(3) || '/' : rawPath;
	const method = (req.method ?? 'GET').toUpperCase();
	const ctx: Ctx = {
		state,
		req,
		method,
		route,
		rawPath,
		query: url.searchParams,
		site,
		family: 'v1',
		body: undefined,
	};

	const readJson = async () => {
		try {
			const text = await readText(req, JSON_BODY_LIMIT);
			ctx.logNote = text.slice(0, 4000);
			if (text.trim() === '') ctx.bodyError = 'request body is missing';
			else ctx.body = parseJsonLossless(text);
		} catch (e) {
			ctx.bodyError = `request body is not valid JSON (${(e as Error).message})`;
		}
	};

	if (route === '/__sim' || route.startsWith('/__sim/')) {
		if (method !== 'GET' && method !== 'HEAD') await readJson();
		if (ctx.bodyError === 'request body is missing') ctx.bodyError = undefined;
		write(res, await handleControl({ ...ctx, family: 'control' }, control), false);
		return;
	}

	const log = (status: number | 'dropped', fault?: string) => {
		state.logRequest({
			time: new Date(started).toISOString(),
			method,
			path: rawPath + url.search,
			route,
			site,
			status,
			durationMs: Date.now() - started,
			headers: req.headers,
			body: ctx.logNote ?? '',
			fault,
		});
		// never print keys: no query string, no body, no headers
		if (!quiet)
			console.log(
				`[simulator] ${method} ${rawPath} -> ${status}${fault ? ` (fault: ${fault})` : ''} ${Date.now() - started}ms`,
			);
	};

	const resolved = resolve(method, route);
	ctx.family = resolved.family;
	const faults = state.faults.take(method, route, rawPath, site);
	for (const f of faults) if (f.type === 'delay') await new Promise((r) => setTimeout(r, f.ms));
	const fault = faults.find((f) => f.type !== 'delay');

	if (fault?.type === 'drop') {
		req.socket.destroy();
		return log('dropped', 'drop');
	}
	if (fault?.type === 'outage') {
		req.socket.destroy();
		if (fault.mode === 'refused') {
			const left = state.faults.rules.find((r) => r.fault === fault)?.until;
			listener.refuseFor(Math.max(1, (left ?? Date.now() + fault.ms) - Date.now()));
		}
		return log('dropped', 'outage');
	}
	if (fault?.type === 'redirect') {
		const location = fault.location ?? `${rawPath}?hop=${Number(url.searchParams.get('hop') ?? 0) + 1}`;
		write(res, { status: fault.status ?? 302, body: '', headers: { location } }, false);
		return log(fault.status ?? 302, fault.type);
	}
	if (fault?.type === 'http' || fault?.type === 'businessError') {
		const reply =
			fault.type === 'http'
				? httpFault(fault)
				: familyError(state, resolved.family, 200, fault.code, fault.message);
		if (fault.type === 'businessError' && fault.retryAfter !== undefined)
			reply.headers = { ...reply.headers, 'retry-after': fault.retryAfter };
		write(res, reply, state.config.variants.bareNumericIds);
		return log(reply.status, fault.type);
	}

	let reply: Reply;
	if (resolved.wrongMethod) {
		reply = familyError(
			state,
			resolved.family,
			405,
			resolved.family === 'v2' || resolved.family === 'v2plain' ? '1009' : 405,
			`Request method '${method}' not supported`,
		);
		reply.headers = { ...reply.headers, allow: resolved.wrongMethod.join(', ') };
	} else if (!resolved.route) {
		reply =
			resolved.family === 'v2'
				? familyError(state, 'v2', 404, '1001', `Invalid URL or path: ${route}`)
				: familyError(state, 'v1', 404, 412, 'TOKEN_INVALID');
	} else {
		if (!resolved.route.raw && method !== 'GET' && method !== 'HEAD') await readJson();
		reply = await resolved.route.handler(ctx, resolved.match!);
	}

	if (fault?.type === 'dropAfterProcess') {
		req.socket.destroy();
		return log('dropped', fault.type);
	}
	if (fault?.type === 'errorAfterProcess') reply = errorAfterProcess(state, resolved.family, reply, fault);
	write(res, reply, state.config.variants.bareNumericIds, fault);
	log(reply.status, fault?.type);
}
