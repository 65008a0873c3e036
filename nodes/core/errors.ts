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
	/** Replaces the code's own advice (e.g. "Retry later" where a retry could bill twice). */
	action?: string;
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
	// RunningHub may echo a webhook URL (with its ?secret=) in any message.
	const message = redactUrlSecrets(`${what}${codeLabel}${itemSuffix(failure.itemIndex)}`);
	const description = redactUrlSecrets(
		[
			failure.action ?? info?.action ?? (failure.code !== undefined ? UNKNOWN_CODE_ACTION : undefined),
			failure.hint,
			failure.serverMessage && failure.serverMessage !== what ? `RunningHub said: ${failure.serverMessage}` : undefined,
			failure.taskId ? `Task ID: ${failure.taskId}` : undefined,
			`Endpoint: ${failure.endpoint}`,
		]
			.filter(Boolean)
			.join('\n'),
	);
	// The RunningHub code goes under a name NodeApiError does not read as an HTTP status: under
	// `code`, a business code (421, 404, ...) would become the error's httpCode when the answer
	// came with HTTP 200.
	const response: JsonObject = {
		message,
		...(failure.code !== undefined ? { runningHubCode: String(failure.code) } : {}),
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

/**
 * Hides the value of every `secret` query parameter (the Trigger's delivery secret) in text:
 * `https://n8n.example.com/webhook/x?secret=abc` becomes `...?secret=***`. Also in its
 * URL-encoded form, as a URL inside another URL's query string.
 */
export function redactUrlSecrets(text: string): string {
	return text.replace(/((?:[?&]|%3F|%26)secret(?:=|%3D))[^&#\s"'<>]+/gi, '$1***');
}

/** Keys whose values are webhook URLs or what a webhook answered: their secrets are hidden. */
const WEBHOOK_KEY = /webhook|callback/i;

/**
 * Deeply hides URL secrets in the values of webhook-like keys (`webhookUrl`, `callbackResponse`,
 * ...), and only there: other text is the user's content and stays as it is.
 */
export function redactWebhookSecrets<T>(value: T, underWebhookKey = false): T {
	if (typeof value === 'string') return (underWebhookKey ? redactUrlSecrets(value) : value) as T;
	if (Array.isArray(value)) return value.map((v) => redactWebhookSecrets(v, underWebhookKey)) as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) out[k] = redactWebhookSecrets(v, underWebhookKey || WEBHOOK_KEY.test(k));
		return out as T;
	}
	return value;
}

/**
 * What a RunningHub answer may show users: without the API key (RunningHub or a proxy may echo
 * it anywhere, even in a task's failure reason) and without webhook URL secrets. Bearer-looking
 * text in task outputs is the user's content and is kept.
 */
export function redactAnswer<T>(value: T, apiKey: string | undefined, keepWebhookSecrets = false): T {
	const withoutKey = redactDeep(value, apiKey, false);
	return keepWebhookSecrets ? withoutKey : redactWebhookSecrets(withoutKey);
}
