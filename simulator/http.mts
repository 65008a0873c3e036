// Request context and reply values shared by the route handlers. Handlers return a Reply
// instead of writing to the socket, so the server can log it and apply injected faults.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { Family } from './envelopes.mjs';
import type { Site } from './keys.mjs';
import type { SimState } from './state.mjs';

export interface Ctx {
	state: SimState;
	req: IncomingMessage;
	method: string;
	/** Path without the site prefix and query. */
	route: string;
	/** Path as requested (with /cn, without query). */
	rawPath: string;
	query: URLSearchParams;
	site: Site;
	family: Family;
	/** Parsed JSON body (big integers kept as strings); undefined for raw routes. */
	body: unknown;
	/** Why the body could not be parsed, if it could not. */
	bodyError?: string;
	/** Set by handlers that read the body themselves (multipart), for the request log. */
	logNote?: string;
}

export interface Reply {
	status: number;
	/** Serialised with the bareNumericIds variant applied. */
	json?: unknown;
	body?: string | Buffer | Readable;
	headers?: Record<string, string | number>;
	/** HEAD answer: send the headers (incl. content-length) and no body. */
	headOnly?: boolean;
}

export const json = (value: unknown, status = 200, headers?: Reply['headers']): Reply => ({
	status,
	json: value,
	headers,
});

/** The Bearer token of a request, if any. */
export function bearer(ctx: Ctx): string | undefined {
	const m = /^Bearer\s+(.+)$/i.exec(ctx.req.headers.authorization ?? '');
	return m?.[1].trim();
}

/** Body as a plain object (empty object when it is not one). */
export function bodyObj(ctx: Ctx): Record<string, unknown> {
	const b = ctx.body;
	return typeof b === 'object' && b !== null && !Array.isArray(b)
		? (b as Record<string, unknown>)
		: {};
}

/** Read a whole request body as text (JSON routes only), refusing absurd sizes. */
export async function readText(req: IncomingMessage, limit: number): Promise<string> {
	const chunks: Buffer[] = [];
	let n = 0;
	for await (const c of req) {
		n += (c as Buffer).length;
		if (n > limit) throw new Error(`request body larger than ${limit} bytes`);
		chunks.push(c as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** Consume and discard the rest of a request body. */
export function drain(req: IncomingMessage): Promise<void> {
	if (req.readableEnded) return Promise.resolve();
	return new Promise((resolve) => {
		req.on('end', resolve);
		req.on('error', () => resolve());
		req.on('close', () => resolve());
		req.resume();
	});
}

export const truthy = (v: unknown) => v === true || v === 'true';
