/**
 * A faithful stand-in for the n8n function contexts, for unit and contract tests.
 *
 * HTTP goes over the network for real (axios, converted from IHttpRequestOptions the way n8n-core
 * 2.8/2.40 does it, errors wrapped in NodeApiError like httpRequestWithAuthentication does);
 * parameters get their defaults and display rules from the node's description through
 * n8n-workflow's own NodeHelpers; binary data can be kept in memory or in a simulated
 * filesystem mode (data referenced by id, read back through the helpers only).
 */
import axios, { type AxiosRequestConfig } from 'axios';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import type * as Workflow from 'n8n-workflow';
import {
	type IBinaryData,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

// n8n-workflow is CommonJS whose re-exports ESM cannot see by name: load the same copy the node
// code (compiled to CommonJS) uses, so error classes are identical on both sides.
const { NodeApiError, NodeHelpers } = createRequire(import.meta.url)('n8n-workflow') as typeof Workflow;

export type BinaryMode = 'default' | 'filesystem';

export interface ContextOptions {
	/** Node parameters as the user set them; a function value is evaluated per item. */
	parameters: Record<string, unknown>;
	credentials?: ICredentialDataDecryptedObject;
	/** addExecutionHints throws (an n8n whose hints fail must not cost the run its items). */
	hintsThrow?: boolean;
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
	binaryMode?: BinaryMode;
	resumeUrl?: string;
	abortSignal?: AbortSignal;
	nodeName?: string;
	/** The node's typeVersion (default: its first version, as a saved version-1 node). */
	typeVersion?: number;
	/** Run as an AI Agent's tool: n8n gives the node the type `<package>.<name>Tool`. */
	asTool?: boolean;
}

/** Everything a test may want to look at after a run. */
export interface ContextRecorder {
	requests: Array<{ method: string; url: string; authenticated: boolean }>;
	putToWait?: Date;
	logs: string[];
	binaryStore: Map<string, Buffer>;
	/** What the node passed to addExecutionHints. */
	hints?: Array<{ message: string; type?: string; location?: string }>;
}

export const CREDENTIAL_TYPE = 'runningHubApi';

/** IHttpRequestOptions → axios, as n8n-core's convertN8nRequestToAxios does. */
function toAxios(o: IHttpRequestOptions): AxiosRequestConfig {
	const headers: Record<string, string> = { ...((o.headers as Record<string, string>) ?? {}) };
	const config: AxiosRequestConfig = {
		method: o.method ?? 'GET',
		url: o.url,
		baseURL: o.baseURL,
		timeout: o.timeout,
		params: o.qs,
		maxBodyLength: Infinity,
		maxContentLength: Infinity,
		signal: o.abortSignal,
	};
	if (o.encoding !== undefined) config.responseType = o.encoding as AxiosRequestConfig['responseType'];
	const body = o.body as unknown;
	if (body && (typeof body === 'string' || (typeof body === 'object' && !isEmptyBody(body)))) config.data = body;
	if (o.json && !Object.keys(headers).some((k) => k.toLowerCase() === 'accept')) headers.Accept = 'application/json';
	if (!Object.keys(headers).some((k) => k.toLowerCase() === 'user-agent')) headers['User-Agent'] = 'n8n';
	if (o.ignoreHttpStatusErrors) config.validateStatus = () => true;
	if (o.disableFollowRedirect) config.maxRedirects = 0;
	if ((config.method ?? 'GET').toUpperCase() === 'GET') delete config.data;
	config.headers = headers;
	return config;
}

function isEmptyBody(body: object): boolean {
	if (Array.isArray(body)) return body.length === 0;
	if (body instanceof FormData || body instanceof Readable || ArrayBuffer.isView(body)) return false;
	if (Symbol.iterator in body) return false;
	return Object.keys(body).length === 0;
}

export async function n8nHttpRequest(o: IHttpRequestOptions): Promise<unknown> {
	const result = await axios(toAxios(o));
	if (o.returnFullResponse) {
		return { body: result.data, headers: result.headers, statusCode: result.status, statusMessage: result.statusText };
	}
	return result.data;
}

/** Applies the credential's generic `authenticate` (Bearer header) like n8n's credentials helper. */
function authenticate(o: IHttpRequestOptions, credentials: ICredentialDataDecryptedObject): IHttpRequestOptions {
	return { ...o, headers: { ...(o.headers ?? {}), Authorization: `Bearer ${String(credentials.apiKey)}` } };
}

async function streamToBuffer(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
	return Buffer.concat(chunks);
}

function resolveSimpleExpression(value: unknown, item: INodeExecutionData | undefined): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const match = /^=\{\{\s*\$json\.([A-Za-z0-9_.]+)\s*\}\}$/.exec(value);
	if (!match) throw new Error(`test context cannot evaluate expression ${value}`);
	return match[1].split('.').reduce<unknown>((acc, key) => (acc as IDataObject | undefined)?.[key], item?.json);
}

function getPath(obj: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((acc, key) => (acc === undefined || acc === null ? undefined : (acc as IDataObject)[key]), obj);
}

/** Builds an IExecuteFunctions for one node run. */
export function createExecuteContext(
	description: INodeTypeDescription,
	options: ContextOptions,
): { ctx: IExecuteFunctions; recorder: ContextRecorder } {
	const recorder: ContextRecorder = { requests: [], logs: [], binaryStore: new Map() };
	const input: INodeExecutionData[] = options.input ?? [{ json: {} }];
	const binaryMode = options.binaryMode ?? 'default';
	const node: INode = {
		id: 'node-under-test',
		name: options.nodeName ?? description.defaults.name ?? description.displayName,
		type: `n8n-nodes-runninghub.${description.name}${options.asTool ? 'Tool' : ''}`,
		typeVersion: options.typeVersion ?? (Array.isArray(description.version) ? description.version[0] : description.version),
		position: [0, 0],
		parameters: {},
	};

	const paramsFor = (itemIndex: number) => {
		const literal: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(options.parameters)) literal[k] = typeof v === 'function' ? (v as (i: number) => unknown)(itemIndex) : v;
		const full = NodeHelpers.getNodeParameters(description.properties, literal as never, true, false, node, description) ?? {};
		return full;
	};
	node.parameters = paramsFor(0) as INode['parameters'];

	const storeBinary = async (data: Buffer | Readable, fileName?: string, mimeType?: string): Promise<IBinaryData> => {
		const buffer = Buffer.isBuffer(data) ? data : await streamToBuffer(data);
		const ext = fileName?.includes('.') ? fileName.split('.').pop() : undefined;
		const meta: IBinaryData = {
			mimeType: mimeType ?? 'application/octet-stream',
			fileName,
			fileExtension: ext,
			fileSize: String(buffer.length),
			// As n8n's binary data service records it (2.8 and 2.40).
			bytes: buffer.length,
			data: '',
		};
		if (binaryMode === 'filesystem') {
			const id = `filesystem-v2:test/${randomUUID()}`;
			recorder.binaryStore.set(id, buffer);
			meta.id = id;
			meta.data = 'filesystem-v2';
		} else {
			meta.data = buffer.toString('base64');
		}
		return meta;
	};

	const readBinary = (meta: IBinaryData): Buffer => {
		if (meta.id) {
			const stored = recorder.binaryStore.get(meta.id);
			if (!stored) throw new Error(`binary ${meta.id} not found`);
			return stored;
		}
		return Buffer.from(meta.data, 'base64');
	};

	const ctx = {
		getNode: () => node,
		getInputData: () => input,
		continueOnFail: () => options.continueOnFail ?? false,
		getExecutionCancelSignal: () => options.abortSignal,
		getNodeParameter: (name: string, itemIndex: number, ...fallback: unknown[]) => {
			const value = getPath(paramsFor(itemIndex), name);
			if (value === undefined) {
				// As n8n: an undefined fallback is no fallback ("Could not get parameter").
				if (fallback.length > 0 && fallback[0] !== undefined) return fallback[0];
				throw new Error(`Could not get parameter "${name}"`);
			}
			return resolveSimpleExpression(value, input[itemIndex]);
		},
		evaluateExpression: (expression: string) => {
			if (/\$execution\.resumeUrl/.test(expression)) return options.resumeUrl ?? 'http://127.0.0.1:5678/webhook-waiting/1';
			throw new Error(`test context cannot evaluate ${expression}`);
		},
		getCredentials: async (type: string) => {
			if (type !== CREDENTIAL_TYPE || !options.credentials) throw new Error(`no credentials of type ${type}`);
			return options.credentials;
		},
		putExecutionToWait: async (date: Date) => {
			recorder.putToWait = date;
		},
		getWorkflowStaticData: () => ({}),
		addExecutionHints: (...hints: Array<{ message: string; type?: string; location?: string }>) => {
			if (options.hintsThrow) throw new Error('addExecutionHints failed');
			(recorder.hints ??= []).push(...hints);
		},
		logger: {
			debug: (m: string) => recorder.logs.push(m),
			info: (m: string) => recorder.logs.push(m),
			warn: (m: string) => recorder.logs.push(m),
			error: (m: string) => recorder.logs.push(m),
		},
		helpers: {
			httpRequest: async (o: IHttpRequestOptions) => {
				recorder.requests.push({ method: o.method ?? 'GET', url: String(o.url), authenticated: false });
				return await n8nHttpRequest({ ...o, abortSignal: options.abortSignal });
			},
			// As n8n-core does: the request is aborted by the cancel signal of the context it is
			// called on (`this`), when that context has one.
			async httpRequestWithAuthentication(this: unknown, type: string, o: IHttpRequestOptions) {
				recorder.requests.push({ method: o.method ?? 'GET', url: String(o.url), authenticated: true });
				const self = (this ?? ctx) as { getExecutionCancelSignal?: () => AbortSignal | undefined };
				const abortSignal = typeof self === 'object' && 'getExecutionCancelSignal' in self ? self.getExecutionCancelSignal?.() : undefined;
				try {
					const credentials = await ctx.getCredentials(type);
					return await n8nHttpRequest(authenticate({ ...o, abortSignal }, credentials));
				} catch (error) {
					throw new NodeApiError(node, error as never);
				}
			},
			assertBinaryData: (itemIndex: number, property: string) => {
				const meta = input[itemIndex]?.binary?.[property];
				if (!meta) throw new Error(`No binary data property "${property}" exists on item!`);
				return meta;
			},
			getBinaryDataBuffer: async (itemIndex: number, property: string) => {
				const meta = input[itemIndex]?.binary?.[property];
				if (!meta) throw new Error(`No binary data property "${property}" exists on item!`);
				return readBinary(meta);
			},
			getBinaryStream: async (id: string) => Readable.from(recorder.binaryStore.get(id) ?? Buffer.alloc(0)),
			// As n8n does for stored binaries: the size comes from the store, looked up by id.
			getBinaryMetadata: async (id: string) => (recorder.binaryStore.has(id) ? { fileSize: recorder.binaryStore.get(id)!.length } : {}),
			binaryToBuffer: async (body: Buffer | Readable) => (Buffer.isBuffer(body) ? body : await streamToBuffer(body)),
			prepareBinaryData: storeBinary,
			constructExecutionMetaData: (items: INodeExecutionData[], { itemData }: { itemData: { item: number } }) =>
				items.map((i) => ({ ...i, pairedItem: itemData })),
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	} as unknown as IExecuteFunctions;

	return { ctx, recorder };
}

/** Reads a binary property of an output item back as a Buffer (either binary mode). */
export function binaryBuffer(recorder: ContextRecorder, meta: IBinaryData): Buffer {
	if (meta.id) return recorder.binaryStore.get(meta.id) ?? Buffer.alloc(0);
	return Buffer.from(meta.data, 'base64');
}

/** Makes an input item carrying a binary property, as n8n's file nodes would. */
export async function binaryItem(
	data: Buffer,
	fileName: string,
	mimeType: string,
	property = 'data',
	json: IDataObject = {},
): Promise<INodeExecutionData> {
	const ext = fileName.split('.').pop();
	return {
		json,
		binary: {
			[property]: { data: data.toString('base64'), fileName, mimeType, fileExtension: ext, fileSize: String(data.length) },
		},
	};
}

/** Runs a node's execute() with a test context. */
export async function runNode(
	NodeClass: new () => INodeType,
	options: ContextOptions,
): Promise<{ output: INodeExecutionData[][]; recorder: ContextRecorder }> {
	const nodeType = new NodeClass();
	const { ctx, recorder } = createExecuteContext(nodeType.description, options);
	const output = (await nodeType.execute!.call(ctx)) as INodeExecutionData[][];
	return { output, recorder };
}
