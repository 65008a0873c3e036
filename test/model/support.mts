// Helpers for the Model, Workflow, AI App and webhook tests: run the RunningHub node against the
// simulator, build resource locator / resource mapper values the way the editor stores them,
// and call the node's editor methods (listSearch, loadOptions, resourceMapping) with a load
// options context that talks to the simulator.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	IBinaryData,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodePropertyOptions,
	ResourceMapperFields,
} from 'n8n-workflow';

import type { CatalogueModel, ParamValue } from '../../nodes/core/catalogue/index.ts';
import { RunningHub } from '../../nodes/RunningHub/RunningHub.node.ts';
import { binaryBuffer, binaryItem, createExecuteContext, type BinaryMode, type ContextRecorder } from '../support/n8n.mts';

export { binaryItem };
export type { BinaryMode };

export interface RunOptions {
	baseUrl: string;
	apiKey: string;
	parameters: Record<string, unknown>;
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
	binaryMode?: BinaryMode;
}

export interface RunResult {
	items: INodeExecutionData[];
	recorder: ContextRecorder;
	bytes(meta: IBinaryData): Buffer;
}

/** Runs the RunningHub node once; in filesystem mode input binaries move into the simulated store first. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const node = new RunningHub();
	const mode = options.binaryMode ?? 'default';
	const input: INodeExecutionData[] = (options.input ?? [{ json: {} }]).map((item: INodeExecutionData) => ({ ...item, binary: item.binary ? { ...item.binary } : undefined }));
	const { ctx, recorder } = createExecuteContext(node.description, {
		parameters: options.parameters,
		credentials: { apiKey: options.apiKey, site: 'custom', baseUrl: options.baseUrl },
		input,
		continueOnFail: options.continueOnFail,
		binaryMode: mode,
	});
	if (mode === 'filesystem') {
		for (const item of input) {
			for (const [name, meta] of Object.entries(item.binary ?? {})) {
				const id = `filesystem-v2:test/${randomUUID()}`;
				recorder.binaryStore.set(id, Buffer.from(meta.data, 'base64'));
				item.binary![name] = { ...meta, id, data: 'filesystem-v2' };
			}
		}
		// The helpers look metadata up by id, as n8n does for filesystem binaries.
		(ctx.helpers as unknown as { getBinaryMetadata: (id: string) => Promise<{ fileSize: number }> }).getBinaryMetadata = async (id) => ({
			fileSize: recorder.binaryStore.get(id)?.length ?? 0,
		});
	}
	const output = (await node.execute.call(ctx)) as INodeExecutionData[][];
	assert.equal(output.length, 1, 'the node has one output');
	return { items: output[0], recorder, bytes: (meta) => binaryBuffer(recorder, meta) };
}

export type NodeError = Error & { description?: string; context?: Record<string, unknown>; itemIndex?: number };

/** Runs the node and returns the error it throws. */
export async function runNodeError(options: RunOptions): Promise<NodeError> {
	try {
		const { items } = await runNode(options);
		assert.fail(`expected the node to throw, it returned ${JSON.stringify(items.map((i) => i.json)).slice(0, 400)}`);
	} catch (error) {
		if ((error as Error).name === 'AssertionError') throw error;
		return error as NodeError;
	}
}

/** A resource locator value as the editor stores it. */
export const locator = (value: string, mode: 'list' | 'endpoint' = 'list') => ({ __rl: true, mode, value });

/** A resource mapper value as the editor stores it (schema omitted: the node does not read it). */
export const mapper = (value: Record<string, unknown> | null) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema: [],
	attemptToConvertTypes: false,
	convertFieldsToString: false,
});

/**
 * What the editor form holds for an example body: single values as they are, lists of several
 * values as one per line (how a user types them into the text field).
 */
export function formValues(model: CatalogueModel, body: Record<string, ParamValue | ParamValue[]>): Record<string, unknown> {
	const values: Record<string, unknown> = {};
	for (const param of model.params) {
		const value = body[param.key];
		if (value === undefined) continue;
		values[param.key] = Array.isArray(value) ? value.map(String).join('\n') : value;
	}
	return values;
}

/** A load options context for the node's methods, with the node's current parameters. */
export function loadOptionsContext(options: { baseUrl?: string; apiKey?: string; parameters: Record<string, unknown> }): ILoadOptionsFunctions {
	const node = new RunningHub();
	const { ctx } = createExecuteContext(node.description, {
		parameters: options.parameters,
		credentials: options.apiKey ? { apiKey: options.apiKey, site: 'custom', baseUrl: options.baseUrl ?? '' } : undefined,
	});
	const read = (name: string, fallback?: unknown, opts?: { extractValue?: boolean }) => {
		const value = options.parameters[name];
		if (value === undefined) return fallback;
		if (opts?.extractValue && value && typeof value === 'object' && '__rl' in value) return (value as unknown as { value: unknown }).value;
		return value;
	};
	return {
		getNode: ctx.getNode,
		getCredentials: ctx.getCredentials,
		getNodeParameter: read,
		getCurrentNodeParameter: (name: string, opts?: { extractValue?: boolean }) => read(name, undefined, opts),
		helpers: ctx.helpers,
	} as unknown as ILoadOptionsFunctions;
}

const methods = () => new RunningHub().methods!;

export async function listModels(filter?: string): Promise<INodeListSearchResult> {
	return await methods().listSearch!.searchModels.call(loadOptionsContext({ parameters: {} }), filter);
}

export async function modelFieldsFor(model: unknown): Promise<ResourceMapperFields> {
	return await methods().resourceMapping!.getModelFields.call(loadOptionsContext({ parameters: { model } }));
}

export async function aiAppInputOptions(baseUrl: string, apiKey: string, webappId: string): Promise<INodePropertyOptions[]> {
	return await methods().loadOptions!.getAiAppInputs.call(loadOptionsContext({ baseUrl, apiKey, parameters: { webappId } }));
}

/** Asserts that the API key appears nowhere in the values (items, errors). */
export function assertNoKey(apiKey: string, ...values: unknown[]): void {
	for (const value of values) {
		const text =
			value instanceof Error
				? JSON.stringify({ message: value.message, description: (value as NodeError).description, context: (value as NodeError).context, stack: value.stack })
				: JSON.stringify(value);
		assert.ok(!text.includes(apiKey), `the API key leaked into ${text.slice(0, 300)}`);
	}
}

/** A webhook receiver: records every POST body and answers 200 (or the status set). */
export async function startReceiver(): Promise<{ url: string; bodies: Array<{ path: string; body: string }>; status: number; close(): Promise<void> }> {
	const state = { url: '', bodies: [] as Array<{ path: string; body: string }>, status: 200, close: async () => undefined as void };
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			state.bodies.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(state.status, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	state.close = () =>
		new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	return state;
}

/** Waits until the check holds (polling every 10 ms), failing after the timeout. */
export async function until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

export const jsonOf = (items: INodeExecutionData[]) => items.map((i) => i.json);
export const pairedOf = (items: INodeExecutionData[]) => items.map((i) => (i.pairedItem as { item: number }).item);
