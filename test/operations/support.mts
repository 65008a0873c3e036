// Shared helpers for the operation tests: run the RunningHub node against the simulator in
// either binary mode, collect errors, and check that the API key never leaks.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IBinaryData, IBinaryKeyData, INodeExecutionData } from 'n8n-workflow';

import { RunningHub } from '../../nodes/RunningHub/RunningHub.node';
import { binaryBuffer, binaryItem, createExecuteContext, type BinaryMode, type ContextRecorder } from '../support/n8n.mts';

export { binaryBuffer, binaryItem };
export type { BinaryMode };

export interface RunOptions {
	/** Simulator base URL (credential site "custom"). */
	baseUrl: string;
	apiKey: string;
	parameters: Record<string, unknown>;
	/** Input items; `json` may hold anything a test needs. */
	input?: Array<{ json: Record<string, unknown>; binary?: IBinaryKeyData }>;
	continueOnFail?: boolean;
	binaryMode?: BinaryMode;
	resumeUrl?: string;
	/** The execution's cancel signal (n8n's Stop). */
	abortSignal?: AbortSignal;
	/** The node's typeVersion; the first version if unset. */
	typeVersion?: number;
	/** Credential fields to add or replace (e.g. the site). */
	credentials?: Record<string, string>;
	/** Run as an AI Agent's tool (type `…runningHubTool`). */
	asTool?: boolean;
}

export interface RunResult {
	items: INodeExecutionData[];
	recorder: ContextRecorder;
	/** Reads an output binary property back (either mode). */
	bytes(meta: IBinaryData): Buffer;
}

/**
 * Runs the RunningHub node. In filesystem mode the input binaries are moved into the simulated
 * binary store first (referenced by id, `data` no longer holding the bytes), as n8n does.
 */
export async function runRunningHub(options: RunOptions): Promise<RunResult> {
	const node = new RunningHub();
	const mode = options.binaryMode ?? 'default';
	const input = ((options.input ?? [{ json: {} }]) as unknown as INodeExecutionData[]).map((item) => ({ ...item, binary: item.binary ? { ...item.binary } : undefined }));
	const { ctx, recorder } = createExecuteContext(node.description, {
		parameters: options.parameters,
		credentials: { apiKey: options.apiKey, site: 'custom', baseUrl: options.baseUrl, ...options.credentials },
		input,
		continueOnFail: options.continueOnFail,
		binaryMode: mode,
		resumeUrl: options.resumeUrl,
		abortSignal: options.abortSignal,
		typeVersion: options.typeVersion,
		asTool: options.asTool,
	});
	if (mode === 'filesystem') {
		for (const item of input) {
			for (const [name, meta] of Object.entries(item.binary ?? {}) as Array<[string, IBinaryData]>) {
				if (meta.id) continue;
				const id = `filesystem-v2:test/${randomUUID()}`;
				recorder.binaryStore.set(id, Buffer.from(meta.data, 'base64'));
				item.binary![name] = { ...meta, id, data: 'filesystem-v2' };
			}
		}
	}
	const output = (await node.execute.call(ctx)) as INodeExecutionData[][];
	assert.equal(output.length, 1, 'the node has one output');
	return { items: output[0], recorder, bytes: (meta) => binaryBuffer(recorder, meta) };
}

/** Runs the node and returns the error it throws (fails the test when it does not throw). */
export async function runRunningHubError(options: RunOptions): Promise<Error & { description?: string; context?: Record<string, unknown>; itemIndex?: number }> {
	try {
		const { items } = await runRunningHub(options);
		assert.fail(`expected the node to throw, it returned ${JSON.stringify(items.map((i) => i.json)).slice(0, 500)}`);
	} catch (error) {
		if ((error as Error).name === 'AssertionError') throw error;
		return error as Error & { description?: string; context?: Record<string, unknown> };
	}
}

/** Asserts that the API key appears nowhere in output items or in an error's user-facing fields. */
export function assertNoKey(apiKey: string, ...values: unknown[]): void {
	for (const value of values) {
		const text =
			value instanceof Error
				? JSON.stringify({
						message: value.message,
						description: (value as { description?: unknown }).description,
						context: (value as { context?: unknown }).context,
						cause: String((value as { cause?: unknown }).cause ?? ''),
						stack: value.stack,
					})
				: JSON.stringify(value);
		assert.ok(!text.includes(apiKey), `the API key leaked into ${text.slice(0, 300)}`);
	}
}

/** A tiny file server for URL inputs: path → {body, type, status}. */
export async function startFileServer(
	files: Record<string, { body: Buffer; type?: string; status?: number; disposition?: string }>,
): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
	const hits: string[] = [];
	const server: Server = createServer((req, res) => {
		hits.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? ''}`);
		const file = files[(req.url ?? '').split('?')[0]];
		if (!file) {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
			return;
		}
		const headers: Record<string, string | number> = { 'content-length': file.body.length };
		if (file.type) headers['content-type'] = file.type;
		if (file.disposition) headers['content-disposition'] = file.disposition;
		res.writeHead(file.status ?? 200, headers).end(file.body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		hits,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** Item JSON of every output item. */
export const jsonOf = (items: INodeExecutionData[]) => items.map((i) => i.json);

/** pairedItem indexes of every output item. */
export const pairedOf = (items: INodeExecutionData[]) => items.map((i) => (i.pairedItem as { item: number }).item);
