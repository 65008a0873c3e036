// A scripted chat model on loopback that speaks OpenAI's Chat Completions API, for n8n's
// OpenAI Chat Model node (credential URL = this server + /v1). A script decides each answer
// from the conversation so far (tool calls, then a final answer). Every request is recorded, so a
// test can read exactly what the model was shown, above all the tool results (`tool` messages).
// Answers plain JSON, or server-sent events when the request asks to stream.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { onCleanup } from './procs.mjs';

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string | null | Array<{ type: string; text?: string }>;
	tool_call_id?: string;
	tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters?: unknown } }>;
	stream?: boolean;
	[key: string]: unknown;
}

/** One answer: tool calls (run by the agent, their results come back in the next request) or a final text. */
export type ScriptedAnswer = { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> } | { content: string };

export type Script = (request: ChatRequest) => ScriptedAnswer;

/** A tool result as the model saw it. */
export interface SeenToolResult {
	toolCallId: string;
	/** The tool the call went to (from the assistant message that made it). */
	tool: string;
	content: string;
	/** UTF-8 bytes of the content. */
	bytes: number;
}

export interface ScriptedModel {
	/** Base URL for the OpenAI credential (ends in /v1). */
	url: string;
	requests: ChatRequest[];
	/** Every tool result the model was shown, once each, in order. */
	toolResults(): SeenToolResult[];
	close(): Promise<void>;
}

/** The text of a message's content, whichever form the client sent it in. */
export function textOf(content: ChatMessage['content']): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
	return '';
}

export async function startScriptedModel(script: Script): Promise<ScriptedModel> {
	const requests: ChatRequest[] = [];
	let calls = 0;
	const server = createServer((req, res) => {
		void handle(req, res).catch((error: Error) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: { message: error.message, type: 'scripted_model_error' } }));
		});
	});
	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const path = (req.url ?? '').split('?')[0];
		if (req.method === 'GET' && /\/models$/.test(path)) {
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'scripted-model', object: 'model', owned_by: 'e2e' }] }));
			return;
		}
		if (req.method !== 'POST' || !/\/chat\/completions$/.test(path)) {
			res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${path}` } }));
			return;
		}
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
		requests.push(request);
		const answer = script(request);
		const id = `chatcmpl-scripted-${requests.length}`;
		const created = Math.floor(Date.now() / 1000);
		const toolCalls =
			'toolCalls' in answer
				? answer.toolCalls.map((call) => ({ id: `call_${++calls}`, type: 'function' as const, function: { name: call.name, arguments: JSON.stringify(call.arguments) } }))
				: undefined;
		const message = { role: 'assistant', content: 'content' in answer ? answer.content : null, ...(toolCalls ? { tool_calls: toolCalls } : {}) };
		const finish = toolCalls ? 'tool_calls' : 'stop';
		const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
		if (!request.stream) {
			res.writeHead(200, { 'content-type': 'application/json' }).end(
				JSON.stringify({ id, object: 'chat.completion', created, model: request.model, choices: [{ index: 0, message, finish_reason: finish, logprobs: null }], usage }),
			);
			return;
		}
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
		const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
			res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices, ...extra })}\n\n`);
		send([{ index: 0, delta: { role: 'assistant', content: toolCalls ? null : '' }, finish_reason: null }]);
		if (toolCalls) {
			toolCalls.forEach((call, index) => send([{ index: 0, delta: { tool_calls: [{ index, ...call }] }, finish_reason: null }]));
		} else {
			send([{ index: 0, delta: { content: message.content }, finish_reason: null }]);
		}
		send([{ index: 0, delta: {}, finish_reason: finish }]);
		send([], { usage });
		res.end('data: [DONE]\n\n');
	}
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	let closed: Promise<void> | undefined;
	const close = () => (closed ??= new Promise<void>((resolve) => server.close(() => resolve())));
	const unregister = onCleanup('scripted model', close);
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		toolResults() {
			const seen = new Map<string, SeenToolResult>();
			for (const request of requests) {
				const toolOf = new Map<string, string>();
				for (const m of request.messages) {
					for (const call of m.tool_calls ?? []) toolOf.set(call.id, call.function.name);
					if (m.role !== 'tool' || !m.tool_call_id || seen.has(m.tool_call_id)) continue;
					const content = textOf(m.content);
					seen.set(m.tool_call_id, { toolCallId: m.tool_call_id, tool: toolOf.get(m.tool_call_id) ?? '?', content, bytes: Buffer.byteLength(content, 'utf8') });
				}
			}
			return [...seen.values()];
		},
		async close() {
			unregister();
			await close();
		},
	};
}
