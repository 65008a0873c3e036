// Downloads: safe file names and the size logic (property tests), redirects, and the whole
// download into n8n binary data against scripted responses (cut bodies, lying or missing
// Content-Length, the size cap, n8n storing fewer bytes than announced).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { IBinaryData, IHttpRequestOptions } from 'n8n-workflow';

import { downloadToBinary } from '../../nodes/core/media/binary.ts';
import { MAX_REDIRECTS, checkDeclared, checkReceived, declaredLength, readBody, redirectTarget } from '../../nodes/core/media/fetch.ts';
import { MAX_FILE_NAME_LENGTH, safeFileName } from '../../nodes/core/media/fileName.ts';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[/\\\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Strings rich in what attackers use: separators, dots, controls, bidi marks, spaces. */
const hostile = fc.string({
	unit: fc.oneof(
		fc.constantFrom('/', '\\', '.', '..', ' ', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u202e', '\u2066', '\ufeff', ':', '*', '?', '"', '<', '>', '|', 'con', 'é', 'e\u0301', '😀'),
		fc.string({ minLength: 1, maxLength: 3 }),
	),
	maxLength: 60,
});
const plainName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,30}(\.[a-z0-9]{1,4})?$/).filter((n) => !/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i.test(n));

describe('safeFileName (property)', () => {
	it('never keeps a path, a control or bidi character, a dot name, or edge dots and spaces', () => {
		fc.assert(
			fc.property(hostile, fc.option(hostile, { nil: undefined }), (raw, fallback) => {
				const name = safeFileName(raw, fallback);
				assert.ok(name.length > 0);
				assert.ok(!UNSAFE.test(name), JSON.stringify(name));
				assert.ok(name !== '.' && name !== '..');
				assert.ok(!/^[\s.]|[\s.]$/.test(name), JSON.stringify(name));
				assert.ok(Array.from(name).length <= MAX_FILE_NAME_LENGTH);
			}),
			{ numRuns: 3000 },
		);
	});

	it('is idempotent and keeps only the base name', () => {
		fc.assert(
			fc.property(hostile, fc.array(hostile, { maxLength: 4 }), (raw, dirs) => {
				const once = safeFileName(raw);
				assert.equal(safeFileName(once), once);
				if (/[^\s./\\]/.test(raw.split(/[\\/]/).pop() ?? '')) {
					assert.equal(safeFileName([...dirs, raw].join('/')), safeFileName(raw));
				}
			}),
			{ numRuns: 2000 },
		);
	});

	it('leaves ordinary names alone and shortens long ones keeping the extension', () => {
		fc.assert(fc.property(plainName, (name) => assert.equal(safeFileName(name), name)));
		assert.equal(safeFileName('x'.repeat(500) + '.mp4').length, MAX_FILE_NAME_LENGTH);
		assert.ok(safeFileName('x'.repeat(500) + '.mp4').endsWith('x.mp4'));
		assert.equal(safeFileName('../../etc/passwd'), 'passwd');
		assert.equal(safeFileName('..', '123_1.mp4'), '123_1.mp4');
		assert.equal(safeFileName('a\\..\\..\\win.ini'), 'win.ini');
		assert.equal(safeFileName('report\u202egpj.exe'), 'reportgpj.exe');
		assert.equal(safeFileName('CON.txt'), '_CON.txt');
		assert.equal(safeFileName(undefined, '../'), 'file');
	});
});

describe('download size logic (property)', () => {
	const size = fc.nat({ max: 10_000 });
	const cap = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10_000 }));

	it('a received file passes only when whole (as declared, HTTP-complete) and under the cap', () => {
		fc.assert(
			fc.property(size, fc.option(size, { nil: undefined }), cap, fc.option(fc.boolean(), { nil: undefined }), (received, declared, maxBytes, complete) => {
				const problem = checkReceived(received, declared, maxBytes, complete);
				const whole = (declared === undefined || declared === received) && complete !== false;
				const fits = maxBytes === 0 || received <= maxBytes;
				assert.equal(problem === undefined, whole && fits);
				if (!fits) assert.equal(problem?.kind, 'tooLarge');
				else if (!whole) assert.equal(problem?.kind, 'cut');
			}),
		);
	});

	it('an announced size over the cap is refused before reading; 0 is no cap', () => {
		fc.assert(
			fc.property(fc.option(size, { nil: undefined }), cap, (declared, maxBytes) => {
				const problem = checkDeclared(declared, maxBytes);
				assert.equal(problem !== undefined, maxBytes > 0 && declared !== undefined && declared > maxBytes);
			}),
		);
	});

	it('reads Content-Length only as a plain byte count', () => {
		assert.equal(declaredLength({ 'content-length': '1234' }), 1234);
		assert.equal(declaredLength({ 'content-length': ['12', '13'] }), 12);
		for (const bad of ['', '-1', '1e3', '0x10', '12 34', '99999999999999999', undefined]) assert.equal(declaredLength({ 'content-length': bad }), undefined, String(bad));
	});

	/** A body of the given chunks that may break off after `breakAfter` chunks. */
	const body = (chunks: Uint8Array[], breakAfter?: number) => {
		let read = 0;
		return {
			complete: true,
			destroyed: false,
			read: () => read,
			async *[Symbol.asyncIterator]() {
				for (let i = 0; i < chunks.length; i++) {
					if (breakAfter !== undefined && i === breakAfter) throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
					read++;
					yield chunks[i];
				}
			},
			destroy() {
				this.destroyed = true;
			},
		};
	};

	it('readBody returns exactly the bytes of a whole body under the cap, else a problem, and stops at the cap', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 }),
				cap,
				fc.option(fc.nat({ max: 12 }), { nil: undefined }),
				fc.integer({ min: -2, max: 2 }),
				async (chunks, maxBytes, breakAfter, lie) => {
					const total = chunks.reduce((n, c) => n + c.length, 0);
					const declared = lie === 2 ? undefined : Math.max(0, total + lie);
					const stream = body(chunks, breakAfter !== undefined && breakAfter < chunks.length ? breakAfter : undefined);
					const result = await readBody(stream, declared, maxBytes);
					const breaks = breakAfter !== undefined && breakAfter < chunks.length;
					const sentBeforeBreak = breaks ? chunks.slice(0, breakAfter).reduce((n, c) => n + c.length, 0) : total;
					const overCap = maxBytes > 0 && sentBeforeBreak > maxBytes;
					if ('value' in result) {
						assert.ok(!breaks && !overCap && (declared === undefined || declared === total));
						assert.deepEqual(Buffer.from(result.value), Buffer.concat(chunks));
					} else if (overCap) {
						assert.equal(result.problem.kind, 'tooLarge');
						assert.ok(stream.destroyed);
					} else {
						assert.equal(result.problem.kind, 'cut');
					}
					if (maxBytes > 0) {
						// Never reads on once past the cap: at most one chunk beyond it.
						const readBytes = chunks.slice(0, stream.read()).reduce((n, c) => n + c.length, 0);
						assert.ok(readBytes - (chunks[stream.read() - 1]?.length ?? 0) <= maxBytes);
					}
				},
			),
			{ numRuns: 500 },
		);
	});
});

describe('redirects', () => {
	it('follows only http(s), relative or absolute', () => {
		assert.deepEqual(redirectTarget('https://cdn.example/a/b.mp4', '/c.mp4'), { value: 'https://cdn.example/c.mp4' });
		assert.deepEqual(redirectTarget('https://cdn.example/a/b.mp4', 'http://other.example/x'), { value: 'http://other.example/x' });
		for (const location of ['file:///etc/passwd', 'ftp://x/y', 'gopher://127.0.0.1:6379/_', 'javascript:alert(1)', 'data:text/plain,hi']) {
			const result = redirectTarget('https://cdn.example/a', location);
			assert.ok('problem' in result && /not http\(s\)/.test(result.problem.kind === 'redirect' ? result.problem.reason : ''), location);
		}
		assert.ok('problem' in redirectTarget('https://cdn.example/a', undefined));
		assert.equal(MAX_REDIRECTS, 5);
	});
});

// ---------------------------------------------------------------------------------------------
// downloadToBinary against scripted responses (n8n's helpers stood in for, no network).

interface Scripted {
	status?: number;
	headers?: Record<string, string>;
	chunks: Uint8Array[];
	breakAfter?: number;
	complete?: boolean;
	/** The HTTP client decoded a compressed body: another stream, without `complete`. */
	decoded?: boolean;
}

function scriptedContext(responses: Scripted[], store: { bytes?: (n: number) => number | undefined } = {}) {
	const requests: IHttpRequestOptions[] = [];
	const kept: IBinaryData[] = [];
	const ctx = {
		getNode: () => ({ id: 'n', name: 'RunningHub', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }),
		helpers: {
			httpRequest: async (o: IHttpRequestOptions) => {
				requests.push(o);
				const r = responses[Math.min(requests.length - 1, responses.length - 1)];
				const chunks = r.chunks;
				const stream = {
					// Like Node's IncomingMessage (complete once the whole message arrived).
					complete: r.decoded ? undefined : (r.complete ?? true),
					async *[Symbol.asyncIterator]() {
						for (let i = 0; i < chunks.length; i++) {
							if (r.breakAfter === i) throw new Error('aborted');
							yield chunks[i];
						}
					},
					destroy() {},
				};
				return { statusCode: r.status ?? 200, headers: r.headers ?? {}, body: stream };
			},
			prepareBinaryData: async (data: Buffer | AsyncIterable<Uint8Array>, fileName?: string, mimeType?: string): Promise<IBinaryData> => {
				const parts: Uint8Array[] = [];
				if (Buffer.isBuffer(data)) parts.push(data);
				else for await (const chunk of data) parts.push(chunk);
				const buffer = Buffer.concat(parts);
				const meta: IBinaryData = { data: buffer.toString('base64'), fileName, mimeType: mimeType ?? '', bytes: store.bytes ? store.bytes(buffer.length) : buffer.length };
				kept.push(meta);
				return meta;
			},
		},
	};
	return { ctx: ctx as never, requests, kept };
}

const bytes = (n: number) => new Uint8Array(n).fill(7);
const OPTIONS = { url: 'https://cdn.example/out/123_0.mp4', taskId: '1965432109876543210', itemIndex: 2, maxBytes: 0 };

async function failure(promise: Promise<unknown>): Promise<Error & { description?: string }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('expected the download to fail');
}

describe('downloadToBinary', () => {
	it('downloads again after a body that broke off, and returns the whole file', async () => {
		const { ctx, requests } = scriptedContext([
			{ headers: { 'content-length': '300' }, chunks: [bytes(100), bytes(100), bytes(100)], breakAfter: 1 },
			{ headers: { 'content-length': '300' }, chunks: [bytes(100), bytes(100), bytes(100)] },
		]);
		const binary = await downloadToBinary(ctx, OPTIONS);
		assert.equal(binary.bytes, 300);
		assert.equal(requests.length, 2);
	});

	it('never returns a file n8n stored shorter than announced; the error names task, file and what to do', async () => {
		const { ctx, requests } = scriptedContext([{ headers: { 'content-length': '300' }, chunks: [bytes(300)] }], { bytes: (n) => n - 1 });
		const error = await failure(downloadToBinary(ctx, OPTIONS));
		assert.match(error.message, /^The output file "123_0\.mp4" of task 1965432109876543210 could not be downloaded: the download broke off after 299 B of 300 B \[item 2\]$/);
		assert.match(String(error.description), /never passed on.*Task → Get \(task ID 1965432109876543210\).*tried 5 times/s);
		assert.equal(requests.length, 5);
	});

	it('does not compare Content-Length with a body the HTTP client decoded (a server that compressed anyway)', async () => {
		const { ctx } = scriptedContext([{ headers: { 'content-length': '10' }, chunks: [bytes(300)], decoded: true }]);
		assert.equal((await downloadToBinary(ctx, OPTIONS)).bytes, 300);
	});

	it('treats a message the HTTP layer saw incomplete as cut, even when the sizes agree', async () => {
		const { ctx } = scriptedContext([{ headers: { 'content-length': '10' }, chunks: [bytes(10)], complete: false }]);
		assert.match((await failure(downloadToBinary(ctx, OPTIONS))).message, /broke off/);
	});

	it('refuses a file announced over the cap before reading it, and one without Content-Length once past the cap', async () => {
		const announced = scriptedContext([{ headers: { 'content-length': '5000' }, chunks: [bytes(5000)] }]);
		const error = await failure(downloadToBinary(announced.ctx, { ...OPTIONS, maxBytes: 1024 }));
		assert.match(error.message, /of task 1965432109876543210 is 4\.9 KB, over the limit of 1 KB \(Max Download Size\) \[item 2\]/);
		assert.match(String(error.description), /Raise Max Download Size \(MB\)/);
		assert.equal(announced.kept.length, 0, 'nothing stored');
		assert.equal(announced.requests.length, 1, 'a size error is not retried');
		const unannounced = scriptedContext([{ chunks: [bytes(600), bytes(600), bytes(600)] }]);
		assert.match((await failure(downloadToBinary(unannounced.ctx, { ...OPTIONS, maxBytes: 1024 }))).message, /is more than 1\.2 KB, over the limit of 1 KB/);
		assert.equal(unannounced.kept.length, 0, 'nothing stored');
	});

	it('sends no credential: a plain GET, no Authorization, identity encoding, redirects by hand', async () => {
		const { ctx, requests } = scriptedContext([{ headers: { 'content-length': '3' }, chunks: [bytes(3)] }]);
		await downloadToBinary(ctx, OPTIONS);
		const [request] = requests;
		assert.equal(request.method, 'GET');
		assert.equal(request.disableFollowRedirect, true);
		assert.equal(request.auth, undefined);
		assert.deepEqual(Object.keys(request.headers ?? {}).map((k) => k.toLowerCase()), ['accept-encoding']);
	});

	it('follows at most MAX_REDIRECTS redirects, then fails without retrying', async () => {
		const { ctx, requests } = scriptedContext([{ status: 302, headers: { location: '/again' }, chunks: [] }]);
		assert.match((await failure(downloadToBinary(ctx, OPTIONS))).message, /more than 5 redirects/);
		assert.equal(requests.length, MAX_REDIRECTS + 1);
		assert.equal(requests[1].url, 'https://cdn.example/again');
	});

	it('names the file by the URL, reduced to a safe base name', async () => {
		const { ctx } = scriptedContext([{ headers: { 'content-length': '1' }, chunks: [bytes(1)] }]);
		const binary = await downloadToBinary(ctx, { ...OPTIONS, url: 'https://cdn.example/a/..%2F..%2Fetc%2Fcron.d%2Fx%07.mp4' });
		assert.equal(binary.fileName, 'x.mp4');
	});

	it('caps a body the HTTP client decoded (gzip despite identity) while reading: a small Content-Length does not let a bigger file through', async () => {
		// 20 chunks of 600 B decoded from a "compressed" body announced as 300 B; the cap is 1 KB.
		const { ctx, kept, requests } = scriptedContext([{ headers: { 'content-length': '300', 'content-encoding': 'gzip' }, chunks: Array.from({ length: 20 }, () => bytes(600)), decoded: true }]);
		const error = await failure(downloadToBinary(ctx, { ...OPTIONS, maxBytes: 1024 }));
		assert.match(error.message, /is more than 1\.2 KB, over the limit of 1 KB \(Max Download Size\)/);
		assert.equal(kept.length, 0, 'nothing was handed to n8n to store');
		assert.equal(requests.length, 1, 'a size error is not retried');
	});

	it('Stop ends the download: the requests carry the cancel signal, no retry waits out the backoff, the error names the task', async () => {
		const controller = new AbortController();
		const scripted = scriptedContext([{ status: 503, chunks: [] }]);
		const ctx = { ...(scripted.ctx as object), getExecutionCancelSignal: () => controller.signal };
		const http = (ctx as unknown as { helpers: { httpRequest: (o: IHttpRequestOptions) => Promise<unknown> } }).helpers;
		const send = http.httpRequest;
		http.httpRequest = async (o) => {
			const answer = await send(o);
			controller.abort(); // Stop pressed while the first attempt was answered
			return answer;
		};
		const error = await failure(downloadToBinary(ctx as never, OPTIONS));
		assert.equal(scripted.requests.length, 1, 'no further attempt after Stop');
		assert.equal(scripted.requests[0].abortSignal, controller.signal);
		assert.match(error.message, /of task 1965432109876543210 could not be downloaded/);
		assert.match(String(error.description), /the execution was stopped/);
	});

	it('Stop during the backoff between attempts ends the wait at once', async () => {
		const controller = new AbortController();
		const scripted = scriptedContext([{ status: 503, chunks: [] }]);
		const ctx = { ...(scripted.ctx as object), getExecutionCancelSignal: () => controller.signal };
		const pending = failure(downloadToBinary(ctx as never, OPTIONS));
		// Let the first attempt fail and its backoff begin, then press Stop.
		while (scripted.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
		controller.abort();
		const error = await pending;
		assert.equal(scripted.requests.length, 1);
		assert.match(String(error.description), /the execution was stopped/);
	});
});
