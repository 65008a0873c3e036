/**
 * What the node throws or puts on error items never holds the API key or the Webhook URL secret,
 * whatever the secrets look like (JSON, %-encoded, base64, the shortest allowed) and however
 * RunningHub (or a proxy) echoes them back: in its message, in a URL's ?apiKey=, in a header line,
 * %-encoded or JSON-escaped, on HTTP 200 or as an HTTP error. The node runs for real against a
 * local server that answers every request with the generated answer.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';

import { MIN_SECRET_LENGTH } from '../../nodes/core/webhooks/secret';
import { runRunningHub, runRunningHubError } from '../operations/support.mts';

let answer: { status: number; body: string } = { status: 200, body: '{}' };
let server: Server;
let baseUrl = '';

before(async () => {
	server = createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			res.writeHead(answer.status, { 'content-type': 'application/json' });
			res.end(answer.body);
		});
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((done) => server.close(() => done())));

// Printable ASCII without space: what a key in an Authorization header can hold.
const CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/=%{}[]":,!$&\'()*;@'];
const core = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...CHARS), minLength: min, maxLength: max });

/** Secrets of many shapes; never all digits (a task ID could hold those), at least `min` long. */
const secret = (min: number) =>
	fc
		.oneof(
			core(min, 40),
			core(min, min),
			core(4, 20).map((s) => JSON.stringify({ key: s })),
			core(4, 20).map((s) => encodeURIComponent(`${s}/+=`)),
			fc.uint8Array({ minLength: Math.ceil((min * 3) / 4), maxLength: 30 }).map((b) => Buffer.from(b).toString('base64')),
		)
		.filter((s) => s.length >= min && !/^\d+$/.test(s));

/** The ways a server may write a secret back. */
const echoes = (s: string) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)];

/** An answer that echoes both secrets in `msg`-like text, as RunningHub or a proxy could. */
const echoing = (apiKey: string, hookSecret: string, hookUrl: string) =>
	fc.record({
		code: fc.constantFrom('1002', '1007', '1014', '1501', '4242', '802', '301'),
		// No 5xx or 429: those are retried after a real delay; their bodies are read by the same code.
		status: fc.constantFrom(200, 400, 401, 403),
		shape: fc.constantFrom('v2', 'v1', 'text'),
		pieces: fc.array(
			fc.constantFrom(
				...echoes(apiKey).map((k) => `invalid key ${k}`),
				...echoes(apiKey).map((k) => `GET https://www.runninghub.ai/x?apiKey=${k}&a=1`),
				...echoes(apiKey).map((k) => `Authorization: Bearer ${k}`),
				...echoes(apiKey).map((k) => `{"apiKey":"${k}"}`),
				`webhook ${hookUrl} unreachable`,
				`webhookUrl=${encodeURIComponent(hookUrl)}`,
				...echoes(hookSecret).map((s) => `secret ${s} refused`),
				'workflow 1234 does not exist',
			),
			{ minLength: 1, maxLength: 4 },
		),
	});

/** Every own field of an error, its cause and its context, as text (cycles cut). */
function allOf(value: unknown): string {
	const seen = new Set<unknown>();
	const walk = (v: unknown): unknown => {
		if (!v || typeof v !== 'object') return v;
		if (seen.has(v)) return '[cycle]';
		seen.add(v);
		const out: Record<string, unknown> = {};
		for (const name of Object.getOwnPropertyNames(v)) {
			// `node` is the node as the user configured it (its parameters hold the Webhook URL they
			// typed): n8n puts it on every error, and it is the workflow itself, not something shown.
			if (name === 'node' && v instanceof Error) continue;
			out[name] = walk((v as Record<string, unknown>)[name]);
		}
		return out;
	};
	return JSON.stringify(walk(value));
}

describe('secrets never reach an error, its fields or an error item (property)', () => {
	it('any API key and webhook secret, any echoing answer: thrown errors and error items hold neither', async () => {
		const cases = fc
			.tuple(secret(8), secret(MIN_SECRET_LENGTH).filter((s) => !s.includes('#')), fc.boolean())
			.chain(([apiKey, hookSecret, continueOnFail]) => {
				const hookUrl = `https://n8n.example.com/webhook/rh?secret=${encodeURIComponent(hookSecret)}`;
				return echoing(apiKey, hookSecret, hookUrl).map((echo) => ({ apiKey, hookSecret, hookUrl, continueOnFail, ...echo }));
			});
		await fc.assert(
			fc.asyncProperty(cases, async ({ apiKey, hookSecret, hookUrl, continueOnFail, code, status, shape, pieces }) => {
				const message = pieces.join(' | ');
				answer = {
					status,
					body:
						shape === 'v2'
							? JSON.stringify({ taskId: '', status: '', errorCode: code, errorMessage: message, results: null })
							: shape === 'v1'
								? JSON.stringify({ code: Number(code), msg: message, data: null })
								: message,
				};
				const options = {
					baseUrl,
					apiKey,
					typeVersion: 2,
					continueOnFail,
					parameters: { resource: 'audio', operation: 'textToSpeech', text: 'Hello there.', voiceId: 'oversea_male1', waitForCompletion: false, submitOptions: { webhookUrl: hookUrl } },
				};
				const shown = continueOnFail ? JSON.stringify((await runRunningHub(options)).items.map((i) => i.json)) : allOf(await runRunningHubError(options));
				for (const s of [apiKey, hookSecret]) {
					for (const form of new Set([s, encodeURIComponent(s)])) assert.ok(!shown.includes(form), `"${form}" is shown in ${shown.slice(0, 1500)}`);
				}
			}),
			{ numRuns: 60, reporter: (r) => { if (r.failed) throw new Error(`${fc.defaultReportMessage(r)}\n${String((r.errorInstance as Error | undefined)?.message ?? "")}`); } },
		);
	});
});
