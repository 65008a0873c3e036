// Streamed multipart uploads (nodes/core/api/multipart.ts): the body is byte for byte what a standard
// FormData encoder produces, its length is the Content-Length sent, every attempt reads the file
// anew, a cut upload is sent again from the start, and Stop ends it and closes the file.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';

import fc from 'fast-check';

import { RunningHub } from '../../nodes/RunningHub/RunningHub.node.ts';
import { RunningHubClient } from '../../nodes/core/api/client.ts';
import { bytesSource } from '../../nodes/core/media/binary.ts';
import { MultipartBody, type FileSource } from '../../nodes/core/api/multipart.ts';
import { createExecuteContext } from '../support/n8n.mts';

async function bodyBytes(body: MultipartBody): Promise<Buffer> {
	const chunks: Uint8Array[] = [];
	for await (const chunk of body.stream()) chunks.push(chunk);
	return Buffer.concat(chunks);
}

/** What the WHATWG FormData serialization (undici, as browsers) sends for the same parts, and its boundary. */
async function standardEncoding(fields: Array<[string, string]>, file: { name: string; type: string; bytes: Uint8Array }) {
	const form = new FormData();
	for (const [name, value] of fields) form.append(name, value);
	form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
	const bytes = Buffer.from(await new Response(form).arrayBuffer());
	const boundary = bytes.subarray(2, bytes.indexOf('\r\n')).toString('latin1');
	return { bytes, boundary };
}

const nameChars = fc.constantFrom('a', 'Z', '0', ' ', '.', '"', '\r', '\n', '%', ';', '\\', '/', 'é', '日', '😀', "'", '=');
const names = fc.string({ unit: nameChars, minLength: 1, maxLength: 24 });
const mimeTypes = fc.constantFrom('video/mp4', 'audio/mpeg', 'image/PNG', 'application/octet-stream', '', 'text/plain; charset=utf-8', 'vidéo/x', 'x/y\r\nInjected: 1');

describe('streamed multipart body', () => {
	it('is byte for byte the standard FormData encoding, and its size is its length', async () => {
		await fc.assert(
			fc.asyncProperty(
				names,
				mimeTypes,
				fc.uint8Array({ maxLength: 4096 }),
				fc.array(fc.tuple(names, fc.string({ unit: nameChars, maxLength: 40 })), { maxLength: 3 }),
				fc.integer({ min: 1, max: 700 }),
				async (fileName, type, bytes, fields, chunkSize) => {
					const reference = await standardEncoding(fields, { name: fileName, type, bytes });
					// The file arrives in chunks of any size, as n8n's binary streams deliver it.
					const source: FileSource = {
						size: bytes.length,
						open: async () => Readable.from(Array.from({ length: Math.ceil(bytes.length / chunkSize) }, (_, i) => Buffer.from(bytes.subarray(i * chunkSize, (i + 1) * chunkSize)))),
					};
					const body = new MultipartBody({ field: 'file', fileName, mimeType: type, source }, fields, reference.boundary);
					const ours = await bodyBytes(body);
					assert.deepEqual(ours, reference.bytes);
					assert.equal(body.size, ours.length);
					assert.equal(body.type, `multipart/form-data; boundary=${reference.boundary}`);
				},
			),
			{ numRuns: 150 },
		);
	});

	it('an extra field goes first and keeps the encoding standard; the fields are not enumerable', async () => {
		const bytes = Buffer.from('hello');
		const reference = await standardEncoding([['apiKey', 'secret-key'], ['fileType', 'input']], { name: 'a.txt', type: 'text/plain', bytes });
		const body = new MultipartBody({ field: 'file', fileName: 'a.txt', mimeType: 'text/plain', source: bytesSource(bytes) }, [['fileType', 'input']], reference.boundary);
		const keyed = body.withField('apiKey', 'secret-key');
		assert.deepEqual(await bodyBytes(keyed), reference.bytes);
		assert.doesNotMatch(JSON.stringify(keyed), /secret-key/);
		assert.deepEqual(Object.keys(keyed).sort(), ['size', 'type']);
	});

	it('a file that does not have its recorded size fails instead of sending a wrong Content-Length', async () => {
		for (const actual of [3, 7]) {
			const source: FileSource = { size: 5, open: async () => [Buffer.alloc(actual)] };
			const body = new MultipartBody({ field: 'file', fileName: 'x', mimeType: '', source });
			await assert.rejects(bodyBytes(body), actual < 5 ? /ended after 3 of its 5 bytes/ : /larger than its recorded size/);
		}
	});
});

interface Received {
	headers: IncomingMessage['headers'];
	bytes: number;
}

/** An upload endpoint that cuts the first `cuts` requests after some bytes, then answers like RunningHub. */
function uploadServer() {
	const state = { cuts: 0, stall: false, received: [] as Received[] };
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const got: Received = { headers: req.headers, bytes: 0 };
		state.received.push(got);
		req.on('data', (d: Buffer) => {
			got.bytes += d.length;
			if (state.cuts > 0 && got.bytes > 64 * 1024) {
				state.cuts--;
				req.socket.destroy();
			}
		});
		req.on('end', () => {
			if (state.stall) return;
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ code: 0, msg: 'success', data: { download_url: 'https://cdn.example/f.mp4', fileName: 'openapi/f.mp4', size: String(got.bytes), type: 'video' } }));
		});
	});
	return { server, state };
}

describe('streamed upload through the transport', () => {
	const { server, state } = uploadServer();
	let baseUrl = '';
	before(async () => {
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	after(() => server.close());

	const clientWith = (abortSignal?: AbortSignal) => {
		const { ctx } = createExecuteContext(new RunningHub().description, {
			parameters: {},
			credentials: { apiKey: 'test-key-0123456789', site: 'custom', baseUrl },
			abortSignal,
		});
		return new RunningHubClient(ctx, { sleep: async () => {} });
	};

	/** A 1 MB file that counts how often it is opened and whether each stream was closed. */
	const countedFile = () => {
		const bytes = Buffer.alloc(1024 * 1024, 7);
		const opened: Readable[] = [];
		const source: FileSource = {
			size: bytes.length,
			open: async () => {
				const stream = Readable.from((function* () {
					for (let i = 0; i < bytes.length; i += 16 * 1024) yield bytes.subarray(i, i + 16 * 1024);
				})());
				opened.push(stream);
				return stream;
			},
		};
		return { file: { fileName: 'clip.mp4', mimeType: 'video/mp4', source }, opened, bytes };
	};

	it('sends a plain body with the exact Content-Length (no chunked encoding)', async () => {
		state.received.length = 0;
		const { file } = countedFile();
		const up = await clientWith().uploadV2(file);
		assert.equal(up.fileName, 'openapi/f.mp4');
		const [got] = state.received;
		assert.equal(Number(got.headers['content-length']), got.bytes);
		assert.equal(got.headers['transfer-encoding'], undefined);
		assert.match(String(got.headers['content-type']), /^multipart\/form-data; boundary=/);
		assert.ok(got.bytes > file.source.size);
	});

	it('a cut upload is sent again from the start, each attempt reading its own stream', async () => {
		state.received.length = 0;
		state.cuts = 2;
		const { file, opened } = countedFile();
		const up = await clientWith().uploadV2(file);
		assert.equal(up.endpoint, 'v2');
		assert.equal(state.received.length, 3);
		assert.equal(opened.length, 3, 'every attempt opened the file anew');
		assert.ok(opened.every((s) => s.destroyed), 'every stream was closed');
		const last = state.received[2];
		assert.equal(Number(last.headers['content-length']), last.bytes);
	});

	it('the legacy upload carries the key in the form, never in an error', async () => {
		state.received.length = 0;
		state.cuts = 10;
		const { file } = countedFile();
		const error = await clientWith().uploadLegacy(file).then(
			() => assert.fail('a connection cut every time cannot succeed'),
			(e: Error & { description?: string }) => e,
		);
		state.cuts = 0;
		assert.doesNotMatch(`${error.message} ${error.description ?? ''} ${JSON.stringify(error)}`, /test-key-0123456789/);
		assert.ok(state.received.length >= 2, 'a cut upload is retried');
	});

	it('Stop ends the upload and closes the file', async () => {
		state.received.length = 0;
		state.stall = true;
		const stop = new AbortController();
		const { file, opened } = countedFile();
		const pending = clientWith(stop.signal).uploadV2(file);
		for (let i = 0; i < 200 && state.received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
		stop.abort();
		await assert.rejects(pending, /cancelled/);
		state.stall = false;
		assert.equal(opened.length, 1, 'no attempt after Stop');
		assert.ok(opened[0].destroyed);
	});
});
