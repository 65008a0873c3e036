// File → Upload against the simulator: binary input in both binary modes, URL input, the v2
// upload and its fallback to the legacy upload, size refusals that say the limits, validation
// before any upload, continueOnFail, and no API key anywhere.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { INodeExecutionData } from 'n8n-workflow';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { assertNoKey, binaryItem, pairedOf, runRunningHub, runRunningHubError, startFileServer, type BinaryMode } from './support.mts';
import { assertRunningHubCode } from '../support/errors.mts';

const KEY = SIM_KEYS.aiShared;
const V2 = '/openapi/v2/media/upload/binary';
const LEGACY = '/task/openapi/upload';

let sim: Simulator;
let files: Awaited<ReturnType<typeof startFileServer>>;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(3000, 7)]);
const MP4 = Buffer.concat([Buffer.from('\x00\x00\x00\x18ftypmp42', 'latin1'), Buffer.alloc(5000, 1)]);

const upload = (parameters: Record<string, unknown> = {}) => ({ resource: 'file', operation: 'upload', ...parameters });

interface Extra {
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
	binaryMode?: BinaryMode;
	apiKey?: string;
}
const run = (parameters: Record<string, unknown>, extra: Extra = {}) =>
	runRunningHub({ baseUrl: sim.url, apiKey: extra.apiKey ?? KEY, parameters: upload(parameters), ...extra });
const runError = (parameters: Record<string, unknown>, extra: Extra = {}) =>
	runRunningHubError({ baseUrl: sim.url, apiKey: extra.apiKey ?? KEY, parameters: upload(parameters), ...extra });

const requestsTo = (path: string) => sim.control.requests({ path });
const served = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 200, quiet: true });
	files = await startFileServer({
		'/media/clip.mp4': { body: MP4, type: 'video/mp4' },
		'/media/download': { body: PNG, type: 'image/png', disposition: 'attachment; filename="portrait.png"' },
		'/media/noname': { body: PNG, type: 'image/png' },
		'/media/gone.png': { body: Buffer.from('gone'), status: 404 },
		'/media/empty.png': { body: Buffer.alloc(0), type: 'image/png' },
	});
});
after(async () => {
	await sim.close();
	await files.close();
});
beforeEach(async () => {
	await sim.control.reset();
	files.hits.length = 0;
});

describe('File → Upload from binary data', () => {
	for (const binaryMode of ['default', 'filesystem'] as const) {
		it(`uploads the binary through the v2 upload and returns URL, file name, size, type (${binaryMode} mode)`, async () => {
			const input = [await binaryItem(MP4, 'clip.mp4', 'video/mp4')];
			const { items } = await run({ source: 'binary', binaryPropertyName: 'data' }, { input, binaryMode });
			assert.equal(items.length, 1);
			const json = items[0].json;
			assert.equal(json.endpoint, 'v2');
			assert.match(String(json.fileName), /^openapi\/[0-9a-f]{64}\.mp4$/);
			assert.match(String(json.downloadUrl), /^http:\/\/127\.0\.0\.1:\d+\/files\/openapi\//);
			assert.equal(json.size, MP4.length);
			assert.equal(json.type, 'video');
			assert.equal(json.sourceFileName, 'clip.mp4');
			assert.equal(json.mimeType, 'video/mp4');
			assert.deepEqual(items[0].pairedItem, { item: 0 });
			assert.equal(items[0].binary, undefined);
			assert.ok((await served(String(json.downloadUrl))).equals(MP4), 'RunningHub received the same bytes');

			const [request] = requestsTo(V2);
			assert.equal(request.headers.authorization, `Bearer ${KEY}`);
			assert.match(String(request.headers['content-type']), /^multipart\/form-data; boundary=/);
			assert.match(request.body, /fields=\{\}/, 'no apiKey form field on the v2 upload');
			assert.ok(request.body.includes(`"field":"file","filename":"clip.mp4","bytes":${MP4.length}`), request.body);
			assert.equal(requestsTo(LEGACY).length, 0);
			assertNoKey(KEY, items);
		});
	}

	it('reads another binary property and keeps items in order with their pairing', async () => {
		const input = [await binaryItem(PNG, 'a.png', 'image/png', 'image'), await binaryItem(MP4, 'b.mp4', 'video/mp4', 'image')];
		const { items } = await run({ binaryPropertyName: 'image' }, { input });
		assert.deepEqual(pairedOf(items), [0, 1]);
		assert.deepEqual(items.map((i) => i.json.sourceFileName), ['a.png', 'b.mp4']);
		assert.deepEqual(items.map((i) => i.json.type), ['image', 'video']);
	});

	it('accepts the success code 200 and a "msg" envelope some sites send', async () => {
		sim.control.configure({ variants: { uploadSuccessCode: 200, uploadMessageKey: 'msg' } });
		const { items } = await run({}, { input: [await binaryItem(PNG, 'a.png', 'image/png')] });
		assert.equal(items[0].json.endpoint, 'v2');
		assert.match(String(items[0].json.downloadUrl), /^http/);
	});

	it('uploads under the File Name option, with a MIME type from its extension', async () => {
		const input = [await binaryItem(PNG, 'blob', 'application/octet-stream')];
		const { items } = await run({ uploadOptions: { fileName: 'portrait.png' } }, { input });
		assert.equal(items[0].json.sourceFileName, 'portrait.png');
		assert.equal(items[0].json.mimeType, 'image/png');
		assert.match(String(items[0].json.fileName), /\.png$/);
	});
});

describe('File → Upload: fallback to the legacy upload', () => {
	for (const uploadTooLarge of ['code1008', 'code809', 'http413'] as const) {
		it(`falls back when the v2 upload refuses the size (${uploadTooLarge}) and the file fits 30 MB`, async () => {
			sim.control.configure({ uploadMaxBytes: 1000, variants: { uploadTooLarge } });
			const { items } = await run({}, { input: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')] });
			const json = items[0].json;
			assert.equal(json.endpoint, 'legacy');
			assert.equal(json.downloadUrl, null);
			assert.match(String(json.fileName), /^api\/[0-9a-f]{64}\.mp4$/);
			assert.equal(json.size, MP4.length);
			assert.equal(json.type, 'input');
			assert.match(String(json.message), /legacy upload.*ComfyUI loader nodes/);
			const [legacy] = requestsTo(LEGACY);
			assert.ok(legacy, 'the legacy upload was called');
			assert.match(legacy.body, /"fileType":"input"/);
			assert.match(legacy.body, /"apiKey"/, 'the legacy upload takes the key as a form field');
			assertNoKey(KEY, items);
		});
	}

	it('falls back when this site has no v2 upload (HTTP 404)', async () => {
		sim.control.addFault({ path: V2, times: -1, fault: { type: 'http', status: 404 } });
		const { items } = await run({}, { input: [await binaryItem(PNG, 'a.png', 'image/png')] });
		assert.equal(items[0].json.endpoint, 'legacy');
		assert.match(String(items[0].json.fileName), /^api\//);
	});

	it('does not fall back when the option is off, and says the limits', async () => {
		sim.control.configure({ uploadMaxBytes: 1000 });
		const error = await runError({ uploadOptions: { legacyFallback: false } }, { input: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')] });
		assert.equal(error.message, 'RunningHub refused "clip.mp4" (4.9 KB) as too large [item 0]');
		assertRunningHubCode(error, '1008', 'FILE_TOO_LARGE');
		assert.match(String(error.description), /legacy upload takes at most 30 MB/);
		assert.match(String(error.description), /Fall Back to Legacy Upload/);
		assert.equal(requestsTo(LEGACY).length, 0);
		assertNoKey(KEY, error);
	});

	it('does not fall back for a file over 30 MB, and says so', async () => {
		sim.control.configure({ uploadMaxBytes: 1024 * 1024 });
		const big = Buffer.alloc(30 * 1024 * 1024 + 1, 3);
		const error = await runError({}, { input: [await binaryItem(big, 'long.mp4', 'video/mp4')] });
		assert.equal(error.message, 'RunningHub refused "long.mp4" (30.0 MB) as too large [item 0]');
		assertRunningHubCode(error, '1008', 'FILE_TOO_LARGE');
		assert.match(String(error.description), /at most 30 MB/);
		assert.match(String(error.description), /public URL/);
		assert.equal(requestsTo(LEGACY).length, 0);
	});

	it('reports the legacy upload refusing the size too', async () => {
		sim.control.configure({ uploadMaxBytes: 1000, legacyUploadMaxBytes: 2000 });
		const error = await runError({}, { input: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')] });
		assert.equal(error.message, 'RunningHub refused "clip.mp4" (4.9 KB) as too large [item 0]');
		assertRunningHubCode(error, 809, 'APIKEY_FILE_SIZE_EXCEEDED');
		assert.equal(requestsTo(LEGACY).length, 1);
	});

	it('does not fall back on errors other than refusals (bad key)', async () => {
		const bad = 'not0a0real0key0000000000000000xyz';
		const error = await runError({}, { input: [await binaryItem(PNG, 'a.png', 'image/png')], apiKey: bad });
		assert.equal(error.context?.runningHubCode, '1002');
		assert.equal(requestsTo(LEGACY).length, 0);
		assertNoKey(bad, error);
	});
});

describe('File → Upload from a URL', () => {
	it('downloads the file without the credential, then uploads it', async () => {
		const { items } = await run({ source: 'url', fileUrl: `${files.url}/media/clip.mp4?sig=abc` });
		const json = items[0].json;
		assert.equal(json.endpoint, 'v2');
		assert.equal(json.sourceFileName, 'clip.mp4');
		assert.equal(json.mimeType, 'video/mp4');
		assert.equal(json.size, MP4.length);
		assert.ok((await served(String(json.downloadUrl))).equals(MP4));
		assert.deepEqual(files.hits, ['GET /media/clip.mp4?sig=abc auth='], 'no Authorization header sent to the file host');
	});

	it('takes the file name from Content-Disposition, or makes one from the content type', async () => {
		const { items } = await run({ source: 'url', fileUrl: (i: number) => `${files.url}/media/${['download', 'noname'][i]}` }, { input: [{ json: {} }, { json: {} }] });
		assert.deepEqual(items.map((i) => i.json.sourceFileName), ['portrait.png', 'noname.png']);
		assert.deepEqual(items.map((i) => i.json.mimeType), ['image/png', 'image/png']);
	});

	const cases: Array<[string, string, RegExp]> = [
		['an empty URL', '', /^File URL: is empty \[item 0\]$/],
		['a URL that is not http(s)', 'ftp://example.com/a.png', /^File URL: "ftp:\/\/example\.com\/a\.png" is not an http\(s\) URL \[item 0\]$/],
		['text that is not a URL', 'my picture.png', /^File URL: "my picture\.png" is not an http\(s\) URL \[item 0\]$/],
	];
	for (const [name, fileUrl, message] of cases) {
		it(`refuses ${name} before any request`, async () => {
			const error = await runError({ source: 'url', fileUrl });
			assert.match(error.message, message);
			assert.equal(sim.control.requests().length, 0);
		});
	}

	it('names the parameter when the file host answers 404', async () => {
		const error = await runError({ source: 'url', fileUrl: `${files.url}/media/gone.png` });
		assert.equal(error.message, 'File URL: downloading the file failed with HTTP 404 [item 0]');
		assert.equal(requestsTo(V2).length, 0);
	});

	it('names the parameter when the host cannot be reached', async () => {
		const error = await runError({ source: 'url', fileUrl: 'http://127.0.0.1:1/nothing.png' });
		assert.equal(error.message, 'File URL: the file could not be downloaded [item 0]');
		assert.match(String(error.description), /Network error: ECONNREFUSED/);
	});

	it('refuses an empty download', async () => {
		const error = await runError({ source: 'url', fileUrl: `${files.url}/media/empty.png` });
		assert.equal(error.message, 'File URL: the file is empty (0 bytes) [item 0]');
		assert.equal(requestsTo(V2).length, 0);
	});
});

describe('File → Upload: validation and continueOnFail', () => {
	it('names the missing binary property and lists the ones the item has', async () => {
		const item = await binaryItem(PNG, 'a.png', 'image/png', 'image');
		item.binary!.video = (await binaryItem(MP4, 'b.mp4', 'video/mp4')).binary!.data;
		const error = await runError({ binaryPropertyName: 'data' }, { input: [item] });
		assert.equal(error.message, 'Input Binary Field: the input item has no binary property "data" [item 0]');
		assert.match(String(error.description), /Binary properties on this item: image, video/);
	});

	it('says so when an item has no binary data at all', async () => {
		const error = await runError({}, { input: [{ json: { a: 1 } }] });
		assert.match(error.message, /^Input Binary Field: the input item has no binary property "data" \[item 0\]$/);
		assert.match(String(error.description), /no binary data/);
	});

	it('checks every item before uploading any (item 3 of 3 without binary → no upload)', async () => {
		const input = [await binaryItem(PNG, 'a.png', 'image/png'), await binaryItem(PNG, 'b.png', 'image/png'), { json: {} }];
		const error = await runError({}, { input });
		assert.match(error.message, /\[item 2\]$/);
		assert.equal(requestsTo(V2).length, 0);
	});

	it('refuses an empty file', async () => {
		const error = await runError({}, { input: [await binaryItem(Buffer.alloc(0), 'a.png', 'image/png')] });
		assert.equal(error.message, 'Input Binary Field: the file is empty (0 bytes) [item 0]');
		assert.equal(requestsTo(V2).length, 0);
	});

	it('refuses a File Name with a path in it', async () => {
		const error = await runError({ uploadOptions: { fileName: '../etc/passwd' } }, { input: [await binaryItem(PNG, 'a.png', 'image/png')] });
		assert.match(error.message, /^File Name: "\.\.\/etc\/passwd" contains a path separator \[item 0\]$/);
	});

	it('turns failing items into error items with their pairing and uploads the rest', async () => {
		sim.control.configure({ uploadMaxBytes: 1000 });
		const input = [
			await binaryItem(Buffer.alloc(500, 1), 'small.png', 'image/png'),
			{ json: {} },
			await binaryItem(MP4, 'clip.mp4', 'video/mp4'),
		];
		const { items } = await run({ uploadOptions: { legacyFallback: false } }, { input, continueOnFail: true });
		assert.deepEqual(pairedOf(items), [0, 1, 2]);
		assert.equal(items[0].json.endpoint, 'v2');
		assert.match(String(items[1].json.error), /^Input Binary Field: .*\[item 1\]$/);
		assert.match(String(items[2].json.error), /^RunningHub refused "clip\.mp4" .*\[item 2\]$/);
		assert.equal(items[2].json.errorCode, '1008');
		assertNoKey(KEY, items);
	});
});

describe('File → Upload in a chain', () => {
	it('an upload\'s download URL feeds a second upload from URL, with the same bytes', async () => {
		const first = await run({}, { input: [await binaryItem(PNG, 'a.png', 'image/png')] });
		const second = await run({ source: 'url', fileUrl: '={{ $json.downloadUrl }}' }, { input: [{ json: first.items[0].json }] });
		assert.equal(second.items[0].json.size, PNG.length);
		assert.equal(second.items[0].json.fileName, first.items[0].json.fileName, 'same content, same stored name');
		assert.ok((await served(String(second.items[0].json.downloadUrl))).equals(PNG));
	});
});
