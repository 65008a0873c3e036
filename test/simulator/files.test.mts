// Uploads (v2 binary and legacy v1) and served files: round trips, size limits and their
// refusal shapes, generated media validity, big streamed outputs and expiry.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SIM_KEYS, bytes, setup, sleep, uploadForm, type Api } from './helpers.mjs';

let api: Api;
before(async () => (api = await setup()));
after(() => api.close());
beforeEach(async () => {
	await api.sim.control.reset();
	api.sim.control.configure({ taskDurationMs: 0 });
});

const v2Upload = (
	file: { name: string; data: Buffer; type?: string } | null,
	key: string = SIM_KEYS.aiShared,
) => uploadForm(`${api.sim.url}/openapi/v2/media/upload/binary`, {}, file, key);
const legacy = (fields: Record<string, string>, file: { name: string; data: Buffer } | null) =>
	uploadForm(`${api.sim.url}/task/openapi/upload`, fields, file);

describe('v2 upload', () => {
	it('stores the file and serves it back byte for byte with its type', async () => {
		const data = randomBytes(50_000);
		const r = await v2Upload({ name: 'photo.png', data, type: 'image/png' });
		assert.equal(r.status, 200);
		assert.equal(r.body.code, 0);
		assert.equal(r.body.message, 'success');
		const sha = createHash('sha256').update(data).digest('hex');
		assert.deepEqual(
			{ ...r.body.data, download_url: undefined },
			{ type: 'image', fileName: `openapi/${sha}.png`, size: '50000', download_url: undefined },
		);
		const f = await bytes(r.body.data.download_url);
		assert.equal(f.status, 200);
		assert.equal(f.type, 'image/png');
		assert.equal(f.length, 50000);
		assert.ok(f.data.equals(data));
		// HEAD tells the size without the body
		const head = await fetch(r.body.data.download_url, { method: 'HEAD' });
		assert.equal(head.headers.get('content-length'), '50000');
	});
	it('derives type from the extension (or content type) for video/audio', async () => {
		assert.equal(
			(await v2Upload({ name: 'clip.mp4', data: Buffer.from('x') })).body.data.type,
			'video',
		);
		const a = await v2Upload({ name: 'blob', data: Buffer.from('x'), type: 'audio/mpeg' });
		assert.equal(a.body.data.type, 'audio');
		assert.match(a.body.data.fileName, /\.mp3$/);
		assert.equal((await bytes(a.body.data.download_url)).type, 'audio/mpeg');
	});
	it('variants: success code 200 and `msg` key', async () => {
		api.sim.control.configure({ variants: { uploadSuccessCode: 200, uploadMessageKey: 'msg' } });
		const r = await v2Upload({ name: 'a.png', data: Buffer.from('x') });
		assert.equal(r.body.code, 200);
		assert.equal(r.body.msg, 'success');
	});
	it('refuses files over the limit: code 1008 (default), 809, or HTTP 413; nothing stored', async () => {
		api.sim.control.configure({ uploadMaxBytes: 1000 });
		const big = { name: 'big.png', data: Buffer.alloc(1001) };
		const a = await v2Upload(big);
		assert.equal(a.status, 200);
		assert.equal(a.body.code, 1008);
		assert.match(a.body.message, /size limit/);
		api.sim.control.configure({ variants: { uploadTooLarge: 'code809' } });
		assert.deepEqual((await v2Upload(big)).body, {
			code: 809,
			msg: 'APIKEY_FILE_SIZE_EXCEEDED',
			data: null,
		});
		api.sim.control.configure({ variants: { uploadTooLarge: 'http413' } });
		const c = await v2Upload(big);
		assert.equal(c.status, 413);
		assert.equal(c.body.code, 1008);
		assert.equal((await v2Upload({ name: 'ok.png', data: Buffer.alloc(1000) })).body.code, 0);
	});
	it('needs a Bearer key and a `file` part', async () => {
		assert.equal(
			(await v2Upload({ name: 'a.png', data: Buffer.from('x') }, 'bad')).body.code,
			1002,
		);
		assert.notEqual((await v2Upload(null)).body.code, 0);
	});
});

describe('legacy v1 upload', () => {
	it('takes apiKey as a form field and answers fileName api/<sha256>.<ext>', async () => {
		const data = Buffer.from('legacy bytes');
		const r = await legacy(
			{ apiKey: SIM_KEYS.aiShared, fileType: 'image' },
			{ name: 'in.jpg', data },
		);
		assert.deepEqual(r.body, {
			code: 0,
			msg: 'success',
			data: {
				fileName: `api/${createHash('sha256').update(data).digest('hex')}.jpg`,
				fileType: 'image',
			},
		});
		assert.equal(
			(await legacy({ apiKey: SIM_KEYS.aiShared }, { name: 'in.wav', data })).body.data.fileType,
			'input',
		);
	});
	it('809 over 30 MB (configurable), 802 without apiKey', async () => {
		api.sim.control.configure({ legacyUploadMaxBytes: 100 });
		assert.deepEqual(
			(await legacy({ apiKey: SIM_KEYS.aiShared }, { name: 'x.png', data: Buffer.alloc(101) }))
				.body,
			{ code: 809, msg: 'APIKEY_FILE_SIZE_EXCEEDED', data: null },
		);
		assert.equal((await legacy({}, { name: 'x.png', data: Buffer.alloc(10) })).body.code, 802);
		assert.equal(api.sim.control.config().legacyUploadMaxBytes, 100);
		await api.sim.control.reset();
		assert.equal(api.sim.control.config().legacyUploadMaxBytes, 30 * 1024 * 1024);
	});
});

describe('generated media', () => {
	it('PNG has valid chunks, CRCs and decodable pixels', async () => {
		const { url } = api.sim.control.createFile({ ext: 'png' });
		const png = (await bytes(url)).data;
		assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		let o = 8;
		const types: string[] = [];
		let idat = Buffer.alloc(0);
		while (o < png.length) {
			const len = png.readUInt32BE(o);
			const type = png.toString('latin1', o + 4, o + 8);
			types.push(type);
			if (type === 'IDAT') idat = Buffer.concat([idat, png.subarray(o + 8, o + 8 + len)]);
			o += 12 + len;
		}
		assert.deepEqual(types, ['IHDR', 'IDAT', 'IEND']);
		const w = png.readUInt32BE(16);
		assert.equal(inflateSync(idat).length, w * (1 + w * 3));
	});
	it('JPEG has SOI, quantisation, frame, Huffman and scan segments, EOI', async () => {
		const jpg = (await bytes(api.sim.control.createFile({ ext: 'jpg' }).url)).data;
		const markers: number[] = [];
		let o = 2;
		while (jpg[o] === 0xff && jpg[o + 1] !== 0xda) {
			markers.push(jpg[o + 1]);
			o += 2 + jpg.readUInt16BE(o + 2);
		}
		assert.deepEqual(markers, [0xe0, 0xdb, 0xc0, 0xc4, 0xc4]);
		assert.deepEqual([...jpg.subarray(0, 2)], [0xff, 0xd8]);
		assert.deepEqual([...jpg.subarray(-2)], [0xff, 0xd9]);
	});
	it('MP4 has ftyp, moov/mvhd with the duration, and an mdat whose size matches the file', async () => {
		const mp4 = (await bytes(api.sim.control.createFile({ ext: 'mp4', durationMs: 4200 }).url))
			.data;
		const boxes: string[] = [];
		for (let o = 0; o < mp4.length; o += mp4.readUInt32BE(o))
			boxes.push(mp4.toString('latin1', o + 4, o + 8));
		assert.deepEqual(boxes, ['ftyp', 'moov', 'mdat']);
		const mvhd = mp4.indexOf('mvhd');
		assert.equal(mp4.readUInt32BE(mvhd + 20), 4200);
	});
	it('outputSizeBytes streams big outputs (64 MB) with an exact Content-Length', async () => {
		api.sim.control.configure({ outputSizeBytes: 64 * 1024 * 1024 });
		const q = await api.runModel('alibaba/wan-2.5-preview/image-to-image', {
			prompt: 'x',
			imageUrls: ['https://example.com/a.png'],
			n: 1,
		});
		const res = await fetch(q.results[0].url);
		assert.equal(res.headers.get('content-length'), String(64 * 1024 * 1024));
		let n = 0;
		let first: Buffer | undefined;
		for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
			first ??= Buffer.from(chunk.subarray(0, 8));
			n += chunk.length;
		}
		assert.equal(n, 64 * 1024 * 1024);
		assert.equal(first!.toString('latin1', 1, 4), 'PNG');
	});
});

describe('expiry', () => {
	it('expireFile makes a URL answer 404', async () => {
		const { url } = api.sim.control.createFile({ ext: 'mp3', durationMs: 3000 });
		assert.equal((await fetch(url)).status, 200);
		assert.equal(api.sim.control.expireFile(url), true);
		const r = await fetch(url);
		assert.equal(r.status, 404);
		await r.text();
		assert.equal((await fetch(`${api.sim.url}/files/nope.png`)).status, 404);
	});
	it('fileTtlMs expires files by age', async () => {
		api.sim.control.configure({ fileTtlMs: 50 });
		const r = await v2Upload({ name: 'a.png', data: Buffer.from('x') });
		assert.equal((await fetch(r.body.data.download_url)).status, 200);
		await sleep(80);
		assert.equal((await fetch(r.body.data.download_url)).status, 404);
	});
});
