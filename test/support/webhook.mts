/**
 * Stand-ins for the n8n webhook side, for the Wait for Task and Trigger tests.
 *
 * - createWebhookContext(): an IWebhookFunctions for one call. Parameters, credentials, real
 *   HTTP (httpRequestWithAuthentication against the simulator) and binary helpers come from the
 *   execute-context stand-in in n8n.mts; on top: the request (body, raw body, query, headers),
 *   a recording response, workflow static data shared between calls, the input items a resumed
 *   node sees, and evaluateExpression for `$input.all().length` and `$json.<path>`.
 * - serveTrigger(): a real HTTP server that behaves like n8n's production webhook route for a
 *   trigger node (v1 body parsing with rawBody and 422 on bad JSON, the onReceived answer,
 *   static data persisted between calls), recording every execution it would start.
 * - serveWaiting(): the same for a parked execution's resume URL (n8n's waiting-webhooks:
 *   resume token check as on 2.40, 409 once resumed, the execution stays parked while
 *   webhook() returns no workflowData).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { createExecuteContext, type ContextRecorder } from './n8n.mts';

export interface RecordedResponse {
	status?: number;
	body?: unknown;
	headersSent: boolean;
}

export interface WebhookContextOptions {
	parameters: Record<string, unknown>;
	credentials?: ICredentialDataDecryptedObject;
	/** Parsed body as n8n's body parser leaves it on req.body. */
	body?: unknown;
	/** Raw bytes (req.rawBody); default: the JSON of body. Pass null for none. */
	rawBody?: Buffer | string | null;
	query?: Record<string, unknown>;
	headers?: Record<string, string>;
	/** Workflow static data (node scope); pass the same object to several calls to persist it. */
	staticData?: IDataObject;
	/** The node's input items (what a resumed node's execution stack entry holds). */
	input?: INodeExecutionData[];
	executionId?: string;
	workflowId?: string;
	mode?: 'webhook' | 'manual';
	nodeId?: string;
	/** Receives the real express-like response when served over HTTP. */
	response?: FakeResponse;
	typeVersion?: number;
	/** The request's URL (req.originalUrl), default /webhook/<node id>/runninghub. */
	url?: string;
}

/** The part of express's Response a node uses. */
export interface FakeResponse {
	headersSent: boolean;
	status(code: number): FakeResponse;
	json(body: unknown): FakeResponse;
	send(body?: unknown): FakeResponse;
	end(): FakeResponse;
}

export function recordingResponse(record: RecordedResponse = { headersSent: false }): { res: FakeResponse; record: RecordedResponse } {
	const res: FakeResponse = {
		get headersSent() {
			return record.headersSent;
		},
		status(code: number) {
			record.status = code;
			return res;
		},
		json(body: unknown) {
			record.body = body;
			record.status ??= 200;
			record.headersSent = true;
			return res;
		},
		send(body?: unknown) {
			return res.json(body);
		},
		end() {
			record.headersSent = true;
			return res;
		},
	};
	return { res, record };
}

function getPath(obj: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((acc, key) => (acc === undefined || acc === null ? undefined : (acc as IDataObject)[key]), obj);
}

export function createWebhookContext(
	description: INodeTypeDescription,
	options: WebhookContextOptions,
): { ctx: IWebhookFunctions; response: RecordedResponse; recorder: ContextRecorder; staticData: IDataObject } {
	const input = options.input ?? [];
	const { ctx: exec, recorder } = createExecuteContext(description, {
		parameters: options.parameters,
		credentials: options.credentials,
		input: input.length ? input : [{ json: {} }],
		typeVersion: options.typeVersion,
	});
	const node = exec.getNode();
	if (options.nodeId) node.id = options.nodeId;
	const staticData = options.staticData ?? {};
	const { res, record } = options.response ? { res: options.response, record: undefined } : recordingResponse();
	const response = record ?? { headersSent: false };
	const body = options.body ?? {};
	const rawBody =
		options.rawBody === null
			? undefined
			: options.rawBody !== undefined
				? Buffer.from(options.rawBody)
				: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	const url = options.url ?? `/webhook/${node.id}/runninghub`;
	const request = { body, rawBody, query: options.query ?? {}, headers: options.headers ?? {}, params: {}, originalUrl: url, url };

	const ctx = {
		getNode: () => node,
		getMode: () => options.mode ?? 'webhook',
		getWorkflow: () => ({ id: options.workflowId ?? 'wf-test', name: 'test', active: true }),
		getExecutionId: () => options.executionId ?? '',
		getCredentials: exec.getCredentials,
		getNodeParameter: (name: string, fallback?: unknown) =>
			(exec.getNodeParameter as (n: string, i: number, f?: unknown) => unknown)(name, 0, fallback),
		evaluateExpression: (expression: string, itemIndex = 0) => {
			const text = expression.trim();
			if (/^\{\{\s*\$input\.all\(\)\.length\s*\}\}$/.test(text)) {
				if (input.length === 0) throw new Error('No execution data available');
				return input.length;
			}
			const match = /^\{\{\s*\$json\.([A-Za-z0-9_.]+)\s*\}\}$/.exec(text);
			if (match) return getPath(input[itemIndex]?.json, match[1]);
			throw new Error(`test webhook context cannot evaluate ${expression}`);
		},
		getBodyData: () => body as IDataObject,
		getHeaderData: () => request.headers,
		getQueryData: () => request.query,
		getParamsData: () => ({}),
		getRequestObject: () => request,
		getResponseObject: () => res,
		getWebhookName: () => 'default',
		getNodeWebhookUrl: () => `http://127.0.0.1:5678/webhook/${node.id}/runninghub`,
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node' && type !== 'global') throw new Error(`unknown static data type ${type}`);
			return staticData;
		},
		logger: exec.logger,
		helpers: exec.helpers,
		nodeHelpers: {},
	} as unknown as IWebhookFunctions;
	return { ctx, response, recorder, staticData };
}

/** Calls a node's webhook() with a test context. */
export async function callWebhook(
	NodeClass: new () => INodeType,
	options: WebhookContextOptions,
): Promise<{ result: IWebhookResponseData; response: RecordedResponse; recorder: ContextRecorder; staticData: IDataObject }> {
	const nodeType = new NodeClass();
	const { ctx, response, recorder, staticData } = createWebhookContext(nodeType.description, options);
	const result = await nodeType.webhook!.call(ctx);
	return { result, response, recorder, staticData };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** How n8n's parseBody leaves req.body for a typeVersion-1 node (always parsed). */
function n8nParse(raw: Buffer, contentType: string): { body: unknown; error?: string } {
	const type = contentType.split(';')[0].trim().toLowerCase();
	const text = raw.toString('utf8');
	if (raw.length === 0) return { body: {} };
	if (type === 'application/json') {
		try {
			return { body: JSON.parse(text.replace(/^\uFEFF/, '')) };
		} catch (error) {
			return { body: undefined, error: (error as Error).message };
		}
	}
	if (type === 'text/plain') return { body: text };
	return { body: {} };
}

function writeJson(res: import('node:http').ServerResponse, status: number, body: unknown): void {
	if (res.headersSent) return;
	res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Adapts node:http's response to the express calls nodes make. */
function httpResponse(res: import('node:http').ServerResponse): FakeResponse {
	let status = 200;
	const fake: FakeResponse = {
		get headersSent() {
			return res.headersSent;
		},
		status(code: number) {
			status = code;
			return fake;
		},
		json(body: unknown) {
			writeJson(res, status, body);
			return fake;
		},
		send(body?: unknown) {
			return fake.json(body);
		},
		end() {
			if (!res.headersSent) res.writeHead(status).end();
			return fake;
		},
	};
	return fake;
}

export interface StartedExecution {
	items: INodeExecutionData[][];
	at: number;
}

export interface ServedTrigger {
	url: string;
	executions: StartedExecution[];
	calls: Array<{ status: number; body: string }>;
	staticData: IDataObject;
	errors: Error[];
	close(): Promise<void>;
}

export interface ServeOptions {
	parameters: Record<string, unknown>;
	credentials?: ICredentialDataDecryptedObject;
	/** Path after the host, default /webhook/<id>/runninghub. */
	path?: string;
	typeVersion?: number;
}

async function listen(server: Server): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: Server): () => Promise<void> {
	return () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
}

/**
 * Serves a trigger node like n8n's production webhook route does: it parses the body, calls
 * webhook() with the same static data each time, starts an "execution" when workflowData comes
 * back, and answers as n8n would (the node's own answer, or 200 "Workflow was started").
 * A thrown webhook() gives 500 and a failed execution, as in n8n.
 */
export async function serveTrigger(NodeClass: new () => INodeType, options: ServeOptions): Promise<ServedTrigger> {
	const executions: StartedExecution[] = [];
	const calls: ServedTrigger['calls'] = [];
	const errors: Error[] = [];
	const staticData: IDataObject = {};
	const path = options.path ?? '/webhook/3f0a1b2c-trigger/runninghub';
	const server = createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const origEnd = res.end.bind(res);
		let sentBody = '';
		res.end = ((chunk?: unknown, ...rest: unknown[]) => {
			if (chunk) sentBody = String(chunk);
			return (origEnd as (...a: unknown[]) => unknown)(chunk, ...rest);
		}) as typeof res.end;
		res.on('finish', () => calls.push({ status: res.statusCode, body: sentBody }));
		if (url.pathname !== path || req.method !== 'POST') {
			writeJson(res, 404, { code: 404, message: 'The requested webhook is not registered.' });
			return;
		}
		const raw = await readBody(req);
		const parsed = n8nParse(raw, String(req.headers['content-type'] ?? ''));
		if (parsed.error) {
			writeJson(res, 422, { code: 422, message: 'Failed to parse request body' });
			return;
		}
		const query: Record<string, unknown> = {};
		for (const [k, v] of url.searchParams) query[k] = k in query ? [query[k], v].flat() : v;
		try {
			const nodeType = new NodeClass();
			const { ctx } = createWebhookContext(nodeType.description, {
				parameters: options.parameters,
				credentials: options.credentials,
				body: parsed.body,
				rawBody: raw,
				query,
				headers: req.headers as Record<string, string>,
				staticData,
				response: httpResponse(res),
				typeVersion: options.typeVersion,
				url: req.url,
			});
			const result = await nodeType.webhook!.call(ctx);
			if (!result.noWebhookResponse) writeJson(res, 200, result.webhookResponse ?? { message: result.workflowData ? 'Workflow was started' : 'Webhook call received' });
			if (result.workflowData) executions.push({ items: result.workflowData, at: Date.now() });
		} catch (error) {
			errors.push(error as Error);
			writeJson(res, 500, { code: 0, message: 'Error in workflow' });
		}
	});
	const base = await listen(server);
	return { url: base + path, executions, calls, staticData, errors, close: closer(server) };
}

export interface ParkedExecution {
	id: string;
	/** The resume URL as $execution.resumeUrl gives it on n8n 2.40 (with ?signature=). */
	resumeUrl: string;
	status: 'waiting' | 'resumed' | 'failed';
	/** What the resumed node sends on (its webhook() workflowData). */
	output?: INodeExecutionData[][];
	error?: Error;
	/** Resume attempts that n8n would refuse (ExecutionAlreadyResumingError). */
	doubleResumes: number;
	calls: Array<{ status: number; body: string }>;
}

export interface ServedWaiting {
	park(input: INodeExecutionData[], id?: string): ParkedExecution;
	get(id: string): ParkedExecution | undefined;
	base: string;
	close(): Promise<void>;
}

/**
 * n8n's /webhook-waiting/<executionId> route for parked executions of one node: checks the
 * resume token (2.40: `?signature=` equal to the execution's token, else 401), refuses finished
 * executions (409), calls webhook() with the node's input items, and resumes the execution only
 * when workflowData comes back. A throw from webhook() fails the execution, as in n8n.
 */
export async function serveWaiting(NodeClass: new () => INodeType, options: Omit<ServeOptions, 'path'>): Promise<ServedWaiting> {
	const parked = new Map<string, ParkedExecution & { input: INodeExecutionData[]; token: string }>();
	let seq = 100;
	const server = createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const m = /^\/webhook-waiting\/([^/]+)$/.exec(url.pathname);
		const execution = m ? parked.get(m[1]) : undefined;
		const origEnd = res.end.bind(res);
		let sentBody = '';
		res.end = ((chunk?: unknown, ...rest: unknown[]) => {
			if (chunk) sentBody = String(chunk);
			return (origEnd as (...a: unknown[]) => unknown)(chunk, ...rest);
		}) as typeof res.end;
		res.on('finish', () => execution?.calls.push({ status: res.statusCode, body: sentBody }));
		if (!execution || req.method !== 'POST') {
			writeJson(res, 404, { message: `The execution "${m?.[1]}" does not exist.` });
			return;
		}
		if (url.searchParams.get('signature') !== execution.token) {
			writeJson(res, 401, { error: 'Invalid token' });
			return;
		}
		if (execution.status !== 'waiting') {
			writeJson(res, 409, { message: `The execution "${execution.id} has finished already.` });
			return;
		}
		const raw = await readBody(req);
		const parsed = n8nParse(raw, String(req.headers['content-type'] ?? ''));
		if (parsed.error) {
			writeJson(res, 422, { message: 'Failed to parse request body' });
			return;
		}
		try {
			const nodeType = new NodeClass();
			const { ctx } = createWebhookContext(nodeType.description, {
				parameters: options.parameters,
				credentials: options.credentials,
				body: parsed.body,
				rawBody: raw,
				query: Object.fromEntries(url.searchParams),
				input: execution.input,
				executionId: execution.id,
				response: httpResponse(res),
			});
			const result = await nodeType.webhook!.call(ctx);
			if (!result.noWebhookResponse) writeJson(res, 200, result.webhookResponse ?? { message: result.workflowData ? 'Workflow was started' : 'Webhook call received' });
			if (result.workflowData) {
				if (execution.status !== 'waiting') execution.doubleResumes++;
				else {
					execution.status = 'resumed';
					execution.output = result.workflowData;
				}
			}
		} catch (error) {
			execution.status = 'failed';
			execution.error = error as Error;
			writeJson(res, 500, { message: 'Error in workflow' });
		}
	});
	const base = await listen(server);
	return {
		base,
		park(input, id = String(++seq)) {
			const token = `tok${id}0123456789abcdef`;
			const execution = { id, input, token, resumeUrl: `${base}/webhook-waiting/${id}?signature=${token}`, status: 'waiting' as ParkedExecution['status'], doubleResumes: 0, calls: [] as ParkedExecution['calls'] };
			parked.set(id, execution);
			return execution;
		},
		get: (id) => parked.get(id),
		close: closer(server),
	};
}

/** Polls until the predicate holds (deliveries arrive asynchronously). */
export async function eventually<T>(read: () => T | undefined | false, timeoutMs = 8000, what = 'condition'): Promise<T> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const value = read();
		if (value) return value;
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}
