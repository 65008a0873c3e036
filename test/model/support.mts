// Helpers for the Model, Workflow, AI App and webhook tests: run the RunningHub node against the
// simulator, build resource locator / resource mapper values the way the editor stores them,
// and call the node's editor methods (listSearch, loadOptions, resourceMapping) with a load
// options context that talks to the simulator.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
	ResourceMapperFields,
} from 'n8n-workflow';

import type { CatalogueModel, ParamValue } from '../../nodes/core/catalogue/index.ts';
import { RunningHub } from '../../nodes/RunningHub/RunningHub.node.ts';
import { createExecuteContext } from '../support/n8n.mts';
import { runRunningHub as runNode, runRunningHubError as runNodeError } from '../operations/support.mts';

// Running the node is the operation tests' helper; the Model, Workflow and AI App tests use it too.
export { assertNoKey, binaryItem, jsonOf, pairedOf, type BinaryMode } from '../operations/support.mts';
export { runNode, runNodeError };

export type NodeError = Awaited<ReturnType<typeof runNodeError>>;

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
