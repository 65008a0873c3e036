/**
 * Fetching a file from a URL, the part every download shares (task outputs, File → Upload from
 * a URL, measuring lip-sync audio): a plain GET without any credential, redirects followed by
 * hand (at most MAX_REDIRECTS, only to http(s)), transient failures retried like any safe GET,
 * and the received size checked against Content-Length and the size cap. A body that breaks off
 * is retried from the start; a file is never handed on shorter than the server declared it.
 */
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, backoffDelay } from '../api/retry';
import { abortableSleep } from '../api/sleep';

/** More hops than this is a loop or a trap; CDNs use one or two. */
export const MAX_REDIRECTS = 5;

/**
 * The default Max Download Size: far above any RunningHub output (a minute of 1080p video is
 * tens of MB), so no workflow that works today is refused, yet a response that never ends
 * cannot fill n8n's disk or memory.
 */
export const DEFAULT_MAX_DOWNLOAD_MB = 2048;
export const DEFAULT_MAX_DOWNLOAD_BYTES = DEFAULT_MAX_DOWNLOAD_MB * 1024 * 1024;

/** Statuses worth trying again: the server is briefly overloaded or unwell. */
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

export type BodyStream = AsyncIterable<Uint8Array | string> & {
	destroy?: (error?: Error) => void;
	/** Node's IncomingMessage: false when the connection ended before the whole message. */
	complete?: boolean;
};

export interface OpenResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: BodyStream;
	/** The URL that answered (after redirects). */
	url: string;
}

/** Why a download did not give the whole file. */
export type DownloadProblem =
	| { kind: 'network'; reason: string }
	| { kind: 'status'; status: number }
	| { kind: 'redirect'; reason: string }
	| { kind: 'tooLarge'; size: number; exact: boolean; maxBytes: number }
	| { kind: 'cut'; received?: number; declared?: number; reason?: string };

export type Attempt<T> = { value: T } | { problem: DownloadProblem };

/** The execution's cancel signal, when the context has one: Stop ends requests and the waits between them. */
export type HttpContext = Pick<IExecuteFunctions, 'helpers'> & Partial<Pick<IExecuteFunctions, 'getExecutionCancelSignal'>>;

export const cancelSignalOf = (ctx: HttpContext): AbortSignal | undefined => ctx.getExecutionCancelSignal?.();

export function isRetryable(problem: DownloadProblem): boolean {
	return problem.kind === 'network' || problem.kind === 'cut' || (problem.kind === 'status' && RETRY_STATUS.has(problem.status));
}

/** The Content-Length header as a byte count, or undefined when absent or not a plain number. */
export function declaredLength(headers: Record<string, unknown>): number | undefined {
	const raw = headers['content-length'];
	const text = Array.isArray(raw) ? String(raw[0]) : raw === undefined || raw === null ? '' : String(raw).trim();
	if (!/^\d{1,16}$/.test(text)) return undefined;
	const value = Number(text);
	return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * The Content-Length to hold the received bytes against. It counts the bytes on the wire, so it
 * is compared only when the body is the raw HTTP message (Node's IncomingMessage, which has
 * `complete`). A server that compresses despite `accept-encoding: identity` is decoded by the
 * HTTP client into another stream; a cut then shows as a decoding error instead.
 */
export function comparableLength(declared: number | undefined, body: BodyStream): number | undefined {
	return typeof body.complete === 'boolean' ? declared : undefined;
}

/** A file the server announces as larger than the cap is refused before reading it (0 = no cap). */
export function checkDeclared(declared: number | undefined, maxBytes: number): DownloadProblem | undefined {
	if (maxBytes > 0 && declared !== undefined && declared > maxBytes) return { kind: 'tooLarge', size: declared, exact: true, maxBytes };
	return undefined;
}

/**
 * Whether what arrived is the whole file: not more than the cap, exactly the declared length
 * when one was declared, and a message the HTTP layer saw complete.
 */
export function checkReceived(received: number, declared: number | undefined, maxBytes: number, complete?: boolean): DownloadProblem | undefined {
	if (maxBytes > 0 && received > maxBytes) return { kind: 'tooLarge', size: received, exact: false, maxBytes };
	if ((declared !== undefined && received !== declared) || complete === false) return { kind: 'cut', received, declared };
	return undefined;
}

const toBytes = (chunk: Uint8Array | string): Uint8Array => (typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);

/** Reads a body into memory, never more than the cap (+ one chunk), checking it arrived whole. */
export async function readBody(body: BodyStream, declared: number | undefined, maxBytes: number): Promise<Attempt<Uint8Array>> {
	const chunks: Uint8Array[] = [];
	let total = 0;
	try {
		for await (const chunk of body) {
			const bytes = toBytes(chunk);
			total += bytes.length;
			if (maxBytes > 0 && total > maxBytes) {
				body.destroy?.();
				return { problem: { kind: 'tooLarge', size: total, exact: false, maxBytes } };
			}
			chunks.push(bytes);
		}
	} catch (error) {
		return { problem: { kind: 'cut', received: total, declared, reason: reasonOf(error) } };
	}
	const problem = checkReceived(total, comparableLength(declared, body), maxBytes, body.complete);
	if (problem) return { problem };
	const data = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		data.set(chunk, offset);
		offset += chunk.length;
	}
	return { value: data };
}

/** A short reason for a failed request: the network code when there is one. */
export function reasonOf(error: unknown): string {
	const e = error as { cause?: { code?: string }; code?: string; message?: string } | undefined;
	return e?.cause?.code ?? e?.code ?? e?.message ?? 'network error';
}

/**
 * Sends the GET and follows redirects by hand, so that their number and scheme are checked
 * (n8n's helper would follow any number, and the chain is invisible to the node). Answers with
 * a status of 400 or more, and 3xx without a usable Location, are problems.
 */
export async function openUrl(ctx: HttpContext, url: string, o: { timeoutMs: number; maxRedirects?: number }): Promise<Attempt<OpenResponse>> {
	const maxRedirects = o.maxRedirects ?? MAX_REDIRECTS;
	let current = url;
	for (let hop = 0; ; hop++) {
		const request: IHttpRequestOptions = {
			method: 'GET',
			url: current,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			// Identity: the received size can then be compared with Content-Length.
			headers: { 'accept-encoding': 'identity' },
			timeout: o.timeoutMs,
			abortSignal: cancelSignalOf(ctx),
		};
		let response: Omit<OpenResponse, 'url'>;
		try {
			response = await ctx.helpers.httpRequest(request);
		} catch (error) {
			return { problem: { kind: 'network', reason: reasonOf(error) } };
		}
		const headers = response.headers ?? {};
		if (!REDIRECT_STATUS.has(response.statusCode)) {
			if (response.statusCode < 300) return { value: { ...response, headers, url: current } };
			response.body?.destroy?.();
			return { problem: { kind: 'status', status: response.statusCode } };
		}
		response.body?.destroy?.();
		const next = redirectTarget(current, headers.location);
		if ('problem' in next) return next;
		if (hop + 1 > maxRedirects) return { problem: { kind: 'redirect', reason: `more than ${maxRedirects} redirects` } };
		current = next.value;
	}
}

/** Where a redirect points, resolved against the current URL; only http(s) is followed. */
export function redirectTarget(current: string, location: unknown): Attempt<string> {
	const text = Array.isArray(location) ? String(location[0] ?? '') : typeof location === 'string' ? location.trim() : '';
	if (!text) return { problem: { kind: 'redirect', reason: 'a redirect without a Location' } };
	let target: URL;
	try {
		target = new URL(text, current);
	} catch {
		return { problem: { kind: 'redirect', reason: 'a redirect to an address that is not a URL' } };
	}
	if (target.protocol !== 'http:' && target.protocol !== 'https:') {
		return { problem: { kind: 'redirect', reason: `a redirect to a ${target.protocol.replace(/:$/, '').slice(0, 20)}: address, which is not http(s)` } };
	}
	return { value: target.href };
}

/** What a download that Stop (the execution's cancel signal) ended reports. */
const STOPPED: DownloadProblem = { kind: 'network', reason: 'the execution was stopped' };

/**
 * Runs a download attempt until it succeeds, fails for good, the retry budget (the API's
 * DEFAULT_RETRY_POLICY) is spent, or `signal` (the execution's Stop) aborts; waits between
 * attempts with the API's backoff. A stopped download is a problem like any other, so its error
 * still names the task and the file.
 */
export async function withRetries<T>(
	attempt: () => Promise<Attempt<T>>,
	signal?: AbortSignal,
): Promise<{ value: T; attempts: number } | { problem: DownloadProblem; attempts: number }> {
	for (let n = 1; ; n++) {
		const result = await attempt();
		if ('value' in result) return { value: result.value, attempts: n };
		if (signal?.aborted) return { problem: STOPPED, attempts: n };
		if (!isRetryable(result.problem) || n >= DEFAULT_RETRY_POLICY.maxAttempts) return { problem: result.problem, attempts: n };
		try {
			await abortableSleep(backoffDelay('transient', n, DEFAULT_RETRY_POLICY), signal);
		} catch {
			return { problem: STOPPED, attempts: n };
		}
	}
}

/** Downloads a URL into memory (for files that are uploaded or measured next). */
export async function downloadToMemory(
	ctx: HttpContext,
	url: string,
	o: { timeoutMs: number; maxBytes: number },
): Promise<{ value: { bytes: Uint8Array; headers: Record<string, unknown>; url: string }; attempts: number } | { problem: DownloadProblem; attempts: number }> {
	return await withRetries(async () => {
		const opened = await openUrl(ctx, url, o);
		if ('problem' in opened) return opened;
		const { body, headers } = opened.value;
		const declared = declaredLength(headers);
		const early = checkDeclared(declared, o.maxBytes);
		if (early) {
			body.destroy?.();
			return { problem: early };
		}
		const read = await readBody(body, declared, o.maxBytes);
		return 'problem' in read ? read : { value: { bytes: read.value, headers, url: opened.value.url } };
	}, cancelSignalOf(ctx));
}

/** 1536 → "1.5 KB"; binary units, rounded up so a size just over a limit never reads as the limit. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${Math.ceil(value * 10) / 10} ${units[unit]}`;
}

/** What went wrong, in words, for messages ("broke off after 1 MB of 3 MB"). */
export function problemText(problem: DownloadProblem): string {
	switch (problem.kind) {
		case 'network':
			return 'the connection failed';
		case 'status':
			return `the server answered HTTP ${problem.status}`;
		case 'redirect':
			return `the server sent ${problem.reason}`;
		case 'tooLarge':
			return `the file is ${problem.exact ? '' : 'more than '}${formatBytes(problem.size)}, over the limit of ${formatBytes(problem.maxBytes)}`;
		case 'cut':
			return problem.received === undefined
				? 'the download broke off before the end of the file'
				: `the download broke off after ${formatBytes(problem.received)}${problem.declared !== undefined ? ` of ${formatBytes(problem.declared)}` : ''}`;
	}
}
