import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ErrorCodeInfo } from './errorCodes';
import { lookupErrorCode } from './errorCodes';

/** Everything known about a failed RunningHub call; never holds the API key. */
export interface ApiFailure {
	/** Endpoint path, e.g. `/openapi/v2/query`. */
	endpoint: string;
	code?: string | number;
	serverMessage?: string;
	httpCode?: number;
	taskId?: string;
	itemIndex?: number;
	/** Overrides the message built from the code. */
	message?: string;
	/** Extra advice appended to the description. */
	hint?: string;
}

export function itemSuffix(itemIndex: number | undefined): string {
	return itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
}

/** What to do about a code that is not in RunningHub's published tables (docs/runninghub-api.md §14). */
const UNKNOWN_CODE_ACTION =
	'RunningHub answered with a code this node does not know. Check this item\'s inputs and run it again; if the code persists, contact RunningHub support with the code and the message.';

/** Builds the NodeApiError users see for a RunningHub failure: what happened, then what to do. */
export function apiError(node: INode, failure: ApiFailure): NodeApiError {
	const info: ErrorCodeInfo | undefined =
		failure.code === undefined ? undefined : lookupErrorCode(failure.code, failure.serverMessage);
	const codeLabel =
		failure.code === undefined ? '' : ` (${failure.code}${info ? ` ${info.name}` : ''})`;
	const what = failure.message ?? info?.meaning ?? failure.serverMessage ?? 'RunningHub reported an error';
	const message = `${what}${codeLabel}${itemSuffix(failure.itemIndex)}`;
	const description = [
		info?.action ?? (failure.code !== undefined ? UNKNOWN_CODE_ACTION : undefined),
		failure.hint,
		failure.serverMessage && failure.serverMessage !== what ? `RunningHub said: ${failure.serverMessage}` : undefined,
		failure.taskId ? `Task ID: ${failure.taskId}` : undefined,
		`Endpoint: ${failure.endpoint}`,
	]
		.filter(Boolean)
		.join('\n');
	const response: JsonObject = {
		message,
		...(failure.code !== undefined ? { code: String(failure.code) } : {}),
		...(failure.taskId ? { taskId: failure.taskId } : {}),
	};
	const error = new NodeApiError(node, response, {
		message,
		description,
		httpCode: failure.httpCode ? String(failure.httpCode) : undefined,
		itemIndex: failure.itemIndex,
	});
	if (failure.code !== undefined) error.context.runningHubCode = String(failure.code);
	if (failure.taskId) error.context.taskId = failure.taskId;
	return error;
}

/** The RunningHub code carried by an error built by apiError, if any. */
export function runningHubCodeOf(error: unknown): string | undefined {
	const code = (error as { context?: { runningHubCode?: unknown } })?.context?.runningHubCode;
	return code === undefined ? undefined : String(code);
}

/** The kind of the code in a failure, for retry and routing decisions. */
export function failureKind(failure: Pick<ApiFailure, 'code' | 'serverMessage'>) {
	return failure.code === undefined
		? undefined
		: lookupErrorCode(failure.code, failure.serverMessage)?.kind;
}

export interface InputProblem {
	/** The parameter's display name, as the user sees it. */
	parameter: string;
	/** What is wrong with the value. */
	problem: string;
	/** What is allowed or how to fix it. */
	fix: string;
	itemIndex?: number;
}

/** A bad input caught before any paid call: names the parameter, the item and the fix. */
export function inputError(node: INode, p: InputProblem): NodeOperationError {
	return new NodeOperationError(node, `${p.parameter}: ${p.problem}${itemSuffix(p.itemIndex)}`, {
		description: p.fix,
		itemIndex: p.itemIndex,
	});
}

/**
 * Removes every occurrence of a secret from text that may reach users, and (unless turned off,
 * e.g. for task outputs that are the user's own content) any Bearer token.
 */
export function redact(text: string, secret: string | undefined, bearerTokens = true): string {
	let out = bearerTokens ? text.replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer ***') : text;
	if (secret && secret.length >= 4) out = out.split(secret).join('***');
	return out;
}

/** Deeply redacts a JSON-like value. */
export function redactDeep<T>(value: T, secret: string | undefined, bearerTokens = true): T {
	if (typeof value === 'string') return redact(value, secret, bearerTokens) as T;
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, secret, bearerTokens)) as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, secret, bearerTokens);
		return out as T;
	}
	return value;
}
