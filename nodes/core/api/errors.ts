import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ErrorCodeInfo } from './errorCodes';
import { codeInfoByName, lookupErrorCode } from './errorCodes';
import { MIN_SECRET_LENGTH, secretFromPath, TRIGGER_PATH } from '../webhooks/secret';

/** Everything known about a failed RunningHub call; never holds the API key. */
export interface ApiFailure {
	/** Endpoint path, e.g. `/openapi/v2/query`: for messages that need it, never a line of its own. */
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
	/**
	 * Set when a submit may have created a paid task that the node cannot name for sure: when
	 * (ISO time, around the submit) and where a person can look it up. Nothing may send it again.
	 */
	unknownOutcome?: UnknownOutcome;
}

/** What identifies a submit whose outcome is unknown, for a person to check by hand. */
export interface UnknownOutcome {
	at: string;
	/** The site to look on (runninghub.ai, runninghub.cn or the custom base URL). */
	site?: string;
}

/** The unknown outcome an error built by apiError carries, if any. */
export function unknownOutcomeOf(error: unknown): UnknownOutcome | undefined {
	const outcome = (error as { context?: { unknownOutcome?: unknown } })?.context?.unknownOutcome;
	return outcome && typeof outcome === 'object' && typeof (outcome as UnknownOutcome).at === 'string' ? (outcome as UnknownOutcome) : undefined;
}

export function itemSuffix(itemIndex: number | undefined): string {
	return itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
}

/**
 * An error description from short sentences, one a line. The same text is read two ways: n8n's
 * error panel renders it as HTML, where the newlines collapse into spaces, and error items,
 * logs and copies keep it as plain text, where each sentence stands on its own line. So every
 * line ends as a sentence does (a period is added where it has none), and the text holds no
 * HTML: it reads right both ways.
 */
export function describeLines(lines: Array<string | undefined | false>): string {
	return lines
		.flatMap((text) => (text || '').split('\n'))
		.map((line) => line.replace(/\s+/g, ' ').trim())
		.filter(Boolean)
		.map((line) => (/[.!?:。！？]$/.test(line) ? line : `${line}.`))
		.join('\n');
}

/** What to do about a code that is not in RunningHub's published tables (docs/runninghub-api.md §14). */
const UNKNOWN_CODE_ACTION =
	'RunningHub answered with a code this node does not know. Check this item\'s inputs and run it again; if the code persists, contact RunningHub support with the code and the message.';

/** A headline longer than this is cut (the whole message is then in the description). */
const MAX_REASON_LENGTH = 200;

/** A code's name leading a message: "WORKFLOW_NOT_EXISTS: ...". */
const CODE_NAME_PREFIX = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\s*[:：]\s*/;

/** Letters only, lower case: "UNKNOWN_ERROR" and "unknown error." read the same. */
const lettersOf = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');
/** Messages that name no reason (the code's own meaning says more). */
const NO_REASON = new Set(['', 'error', 'unknownerror', 'failed', 'fail', 'failure', 'success', 'ok', 'null', 'undefined']);

/**
 * RunningHub's reason in a message, for a headline: "WORKFLOW_NOT_EXISTS: workflow 1234 does
 * not exist" gives "Workflow 1234 does not exist" (the code's name is shown beside the code), the
 * English half of an "English | Chinese" message (docs/runninghub-api.md §19), no final period.
 * Undefined when the message names no reason beyond the code's name ("unknown error").
 */
export function reasonOf(serverMessage: string | undefined, codeName?: string): { text: string; cut: boolean } | undefined {
	// `cut`: the headline does not hold the whole message (shortened, or one language of two).
	let text = (serverMessage ?? '').replace(/\s+/g, ' ').trim();
	text = text.replace(CODE_NAME_PREFIX, '');
	// "English | 中文" or "English | 中文 | 错误": the headline takes the English part, and the
	// description then holds the whole message (`cut`), so no language is lost.
	const parts = text.split(/\s+\|\s+/);
	const chineseRest = parts.length > 1 && parts.slice(1).every((part) => /[\u3400-\u9fff]/.test(part) && !/[A-Za-z]/.test(part));
	const english = chineseRest && /[A-Za-z]/.test(parts[0]);
	if (english) text = parts[0];
	text = text.replace(/[.。]+$/, '').trim();
	const letters = lettersOf(text);
	if (NO_REASON.has(letters) || (codeName !== undefined && letters === lettersOf(codeName))) return undefined;
	const long = text.length > MAX_REASON_LENGTH;
	if (long) text = `${text.slice(0, MAX_REASON_LENGTH - 1).trimEnd()}…`;
	return { text: text.charAt(0).toUpperCase() + text.slice(1), cut: long || english };
}

/**
 * Builds the NodeApiError users see for a RunningHub failure.
 * - Headline: what went wrong, in RunningHub's words when it gave a reason (else the node's own
 *   summary, or the code's meaning), then the item.
 * - Description (describeLines): what to do, then facts: RunningHub's whole message when the
 *   headline does not hold it, the task ID, the RunningHub code and its name.
 * - The code in its own fields: `context.runningHubCode` (error items: `errorCode`) and
 *   `context.data`, which n8n's error panel shows under "Error data". Never as `httpCode`, which
 *   n8n reads as an HTTP status; that stays the real HTTP status, when there was one.
 */
export function apiError(node: INode, failure: ApiFailure): NodeApiError {
	const info: ErrorCodeInfo | undefined =
		failure.code === undefined ? undefined : lookupErrorCode(failure.code, failure.serverMessage);
	const reason = reasonOf(failure.serverMessage, info?.name);
	const named = CODE_NAME_PREFIX.exec(failure.serverMessage?.trim() ?? '')?.[1];
	const namedInfo = named && named !== info?.name ? codeInfoByName(named) : undefined;
	const what = failure.message ?? reason?.text ?? info?.meaning ?? 'RunningHub reported an error';
	// RunningHub may echo a webhook URL (with its ?secret=) in any message.
	const message = redactUrlSecrets(`${what}${itemSuffix(failure.itemIndex)}`);
	const saidInHeadline = failure.message === undefined && (reason === undefined || !reason.cut);
	const codeLine =
		failure.code === undefined
			? undefined
			: `RunningHub code: ${failure.code}${info ? ` (${info.name}${what === info.meaning ? '' : `, ${lowerFirst(info.meaning)}`})` : ''}`;
	const description = redactUrlSecrets(
		describeLines([
			failure.action ?? namedInfo?.action ?? info?.action ?? (failure.code !== undefined ? UNKNOWN_CODE_ACTION : undefined),
			failure.hint,
			failure.serverMessage && !saidInHeadline ? `RunningHub said: ${failure.serverMessage}` : undefined,
			failure.taskId ? `Task ID: ${failure.taskId}` : undefined,
			codeLine,
		]),
	);
	// The response n8n keeps: RunningHub's own words are its "Full message". The code goes under
	// a name NodeApiError does not read as an HTTP status: under `code`, a business code (421,
	// 404, ...) would become the error's httpCode when the answer came with HTTP 200.
	const response: JsonObject = {
		message: failure.serverMessage ? redactUrlSecrets(failure.serverMessage) : message,
		...(failure.code !== undefined ? { runningHubCode: String(failure.code) } : {}),
		...(failure.taskId ? { taskId: failure.taskId } : {}),
	};
	const error = new NodeApiError(node, response, {
		message,
		description: description || undefined,
		httpCode: failure.httpCode ? String(failure.httpCode) : undefined,
		itemIndex: failure.itemIndex,
	});
	// n8n swaps a headline holding a Node error code (ENOENT, EPERM ...) for a generic text:
	// RunningHub's reason stays.
	error.message = message;
	if (failure.code !== undefined) {
		error.context.runningHubCode = String(failure.code);
		error.context.data = {
			runningHubCode: String(failure.code),
			...(info ? { codeName: info.name } : {}),
			...(failure.serverMessage ? { runningHubMessage: redactUrlSecrets(failure.serverMessage) } : {}),
			...(failure.taskId ? { taskId: failure.taskId } : {}),
			...(failure.httpCode ? { httpStatus: failure.httpCode } : {}),
		};
	}
	if (failure.taskId) error.context.taskId = failure.taskId;
	if (failure.unknownOutcome) error.context.unknownOutcome = { ...failure.unknownOutcome };
	return error;
}

/** "The task was not found" → "the task was not found"; a name ("RunningHub ...") stays. */
const lowerFirst = (text: string) => (/^[A-Z][a-z]*(?=[\s,-])/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text);

/** The RunningHub code carried by an error built by apiError, if any. */
export function runningHubCodeOf(error: unknown): string | undefined {
	const code = (error as { context?: { runningHubCode?: unknown } })?.context?.runningHubCode;
	return code === undefined ? undefined : String(code);
}

/**
 * An error in one sentence for another error's text: its headline without the item (the outer
 * error names it) and its RunningHub code, which the headline no longer carries.
 */
export function errorInBrief(error: unknown): string {
	const message = String((error as { message?: unknown })?.message ?? error).replace(/ \[item \d+\]$/, '');
	const code = runningHubCodeOf(error);
	return code === undefined ? message : `${message} (RunningHub code ${code})`;
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
		description: describeLines([p.fix]),
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

/**
 * A copy of a JSON-like value with `edit` applied to every string. Iterative, so any depth
 * works: JSON.parse takes 100k levels of nesting, where a recursive walk would overflow the
 * stack (and an answer naming a task would be lost as unreadable). `mark` flags a key whose
 * whole subtree `edit` is told about.
 */
export function mapStrings<T>(root: T, edit: (text: string, marked: boolean) => string, mark?: (key: string) => boolean): T {
	const stack: Array<{ src: object; dst: Record<string, unknown> | unknown[]; marked: boolean }> = [];
	// Each object is copied once: a value that contains itself cannot loop the walk.
	const seen = new Map<object, unknown>();
	const copy = (value: unknown, marked: boolean): unknown => {
		if (typeof value === 'string') return edit(value, marked);
		if (!value || typeof value !== 'object') return value;
		const known = seen.get(value);
		if (known !== undefined) return known;
		const dst: Record<string, unknown> | unknown[] = Array.isArray(value) ? new Array<unknown>(value.length) : {};
		seen.set(value, dst);
		stack.push({ src: value, dst, marked });
		return dst;
	};
	const out = copy(root, false);
	for (let frame = stack.pop(); frame; frame = stack.pop()) {
		const { src, dst, marked } = frame;
		if (Array.isArray(src)) {
			for (let i = 0; i < src.length; i++) (dst as unknown[])[i] = copy(src[i], marked);
			continue;
		}
		for (const [k, v] of Object.entries(src)) {
			const value = copy(v, marked || (mark?.(k) ?? false));
			// A "__proto__" key from JSON stays a plain field, never the copy's prototype.
			if (k === '__proto__') Object.defineProperty(dst, k, { value, enumerable: true, writable: true, configurable: true });
			else (dst as Record<string, unknown>)[k] = value;
		}
	}
	return out as T;
}

/** Deeply redacts a JSON-like value. */
export function redactDeep<T>(value: T, secret: string | undefined, bearerTokens = true): T {
	return mapStrings(value, (text) => redact(text, secret, bearerTokens));
}

// Any of the characters or escapes that may stand before or inside a query parameter in text
// RunningHub echoes: `?` `&` `;`, HTML `&amp;`, JSON `\u0026`, and %-encodings (once or more
// often: `%3F`, `%253F`), also of the key's own letters (`%73ecret`, which n8n decodes to
// `secret`).
const PERCENT = '%(?:25)*';
const QUERY_START = `(?:[?&;]|&amp;|\\\\u0026|\\\\u003f|${PERCENT}3F|${PERCENT}26)`;
const SECRET_KEY = [...'secret']
	.map((c) => {
		const lower = c.charCodeAt(0).toString(16);
		const upper = c.toUpperCase().charCodeAt(0).toString(16);
		return `(?:${c}|${PERCENT}[${lower[0]}${upper[0]}]${lower[1]})`;
	})
	.join('');
const EQUALS = `(?:=|${PERCENT}3D|\\\\u003d)`;
const URL_SECRET = new RegExp(`(${QUERY_START}${SECRET_KEY}${EQUALS})[^&#\\s"'<>]+`, 'gi');
// A version-2 Trigger URL carries its secret as the path segment after /runninghub/ (also with
// the slashes %-encoded or JSON-escaped, as inside another URL or a JSON string).
const SLASH = `(?:/|\\\\/|${PERCENT}2F)`;
const PATH_SECRET = new RegExp(`(${SLASH}${TRIGGER_PATH}${SLASH})[A-Za-z0-9._~-]{${MIN_SECRET_LENGTH},}`, 'gi');

/**
 * Hides the value of every `secret` query parameter (the Trigger's delivery secret) in text:
 * `https://n8n.example.com/webhook/x?secret=abc` becomes `...?secret=***`. Also URL-encoded
 * (once or more), as a URL inside another URL's query string, HTML- or JSON-escaped.
 */
export function redactUrlSecrets(text: string): string {
	return text.replace(URL_SECRET, '$1***').replace(PATH_SECRET, '$1***');
}

/** Keys whose values are webhook URLs or what a webhook answered: their secrets are hidden. */
const WEBHOOK_KEY = /webhook|callback/i;

/**
 * Deeply hides URL secrets in the values of webhook-like keys (`webhookUrl`, `callbackResponse`,
 * ...), and only there: other text is the user's content and stays as it is.
 */
export function redactWebhookSecrets<T>(value: T, underWebhookKey = false): T {
	return mapStrings(value, (text, marked) => (underWebhookKey || marked ? redactUrlSecrets(text) : text), (key) => WEBHOOK_KEY.test(key));
}

/**
 * What a RunningHub answer may show users: without the API key (RunningHub or a proxy may echo
 * it anywhere, even in a task's failure reason) and without webhook URL secrets, in any string
 * (an echoed webhook URL may sit in errorMessage, a failure reason or a result's text).
 * Bearer-looking text in task outputs is the user's content and is kept.
 */
export function redactAnswer<T>(value: T, apiKey: string | undefined, keepWebhookSecrets = false): T {
	// The key in each form an echo may take (%-encoded in a URL's ?apiKey=, JSON-escaped, ...).
	const keyPattern = apiKey ? secretsPattern([apiKey]) : undefined;
	return mapStrings(value, (text) => {
		const withoutKey = keyPattern ? text.replace(keyPattern, '***') : text;
		return keepWebhookSecrets ? withoutKey : redactUrlSecrets(withoutKey);
	});
}

/**
 * The forms a secret value may take in text that comes back: as it is, URL-encoded (by
 * encodeURIComponent, as a form or a URL's query, once or twice), JSON- or HTML-escaped.
 */
export function secretForms(secret: string): string[] {
	const uri = encodeURIComponent(secret);
	const query = new URLSearchParams({ s: secret }).toString().slice(2);
	const json = JSON.stringify(secret).slice(1, -1);
	const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
	const forms = [secret, uri, encodeURIComponent(uri), query, encodeURIComponent(query), uri.replace(/%20/g, '+'), encodeURI(secret), json, json.replace(/\//g, '\\/'), html];
	// Longest first: where one form contains another, the whole of it is hidden.
	return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** A pattern for every form of the secrets; %-escapes match in either case (`%2f`, `%2F`). */
function secretsPattern(secrets: string[]): RegExp | undefined {
	const forms = secrets.filter((s) => s.length >= 4).flatMap(secretForms);
	if (!forms.length) return undefined;
	const source = forms
		.sort((a, b) => b.length - a.length)
		.map((form) =>
			form
				.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
				.replace(/%([0-9A-F])([0-9A-F])/g, (_m, a: string, b: string) => `%[${a}${a.toLowerCase()}][${b}${b.toLowerCase()}]`),
		)
		.join('|');
	return new RegExp(source, 'g');
}

/**
 * Hides exact secret values (e.g. the Trigger secret of the Webhook URL the node sent) in every
 * string of a value, in each of their forms (secretForms); values shorter than 4 are ignored.
 */
export function redactSecretValues<T>(value: T, secrets: string[]): T {
	const pattern = secretsPattern(secrets);
	return pattern ? mapStrings(value, (text) => text.replace(pattern, '***')) : value;
}

/** The Trigger secret of a webhook URL: its `secret` query parameter, or the version-2 path secret. */
export function webhookSecretOf(url: string | undefined): string | undefined {
	if (!url) return undefined;
	try {
		const parsed = new URL(url);
		return parsed.searchParams.get('secret') || secretFromPath(parsed.pathname);
	} catch {
		return undefined;
	}
}

/** The fields of an error users or logs see (n8n shows these, logs the stack, and the cause's message). */
const SHOWN_ERROR_FIELDS = ['message', 'description', 'messages', 'errorResponse', 'context', 'extra', 'stack'] as const;

/** Hides exact secret values (redactSecretValues) in an error, in place: it keeps its class and stack. */
export function redactSecretValuesInError<E>(error: E, secrets: string[]): E {
	if (!secrets.length || !error || typeof error !== 'object') return error;
	const target = error as Record<string, unknown>;
	for (const field of SHOWN_ERROR_FIELDS) {
		if (target[field] !== undefined) target[field] = redactSecretValues(target[field], secrets);
	}
	const cause = target.cause as Record<string, unknown> | undefined;
	if (cause && typeof cause === 'object' && typeof cause.message === 'string') cause.message = redactSecretValues(cause.message, secrets);
	return error;
}
