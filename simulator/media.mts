// Generated output files: small but structurally valid PNG, JPEG, MP4, MP3 and GLB (and
// text). With a target size they are stretched by padding that is streamed in chunks, so a
// 200 MB "video" costs no memory.
import { Readable } from 'node:stream';
import { deflateSync } from 'node:zlib';
import { ID3_TAG, MP3_FRAME_BYTES, SILENT_FRAME, mp3DurationMs, mp3FramesFor } from './mp3.mjs';

export interface Generated {
	contentType: string;
	size: number;
	open(): Readable;
	/** Playback length for audio/video, when meaningful. */
	durationMs?: number;
}

export interface GenerateOptions {
	/** Target size in bytes (0/undefined = natural small size). */
	sizeBytes?: number;
	durationMs?: number;
	text?: string;
	id3?: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	webm: 'video/webm',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	m4a: 'audio/mp4',
	flac: 'audio/flac',
	glb: 'model/gltf-binary',
	zip: 'application/zip',
	txt: 'text/plain; charset=utf-8',
	json: 'application/json',
};

export function contentTypeFor(ext: string): string {
	return CONTENT_TYPES[ext.toLowerCase()] ?? 'application/octet-stream';
}

export function extFromContentType(type: string | undefined): string | undefined {
	const t = (type ?? '').split(';')[0].trim().toLowerCase();
	if (t === 'image/jpeg') return 'jpg';
	return Object.entries(CONTENT_TYPES).find(([, v]) => v.split(';')[0] === t)?.[0];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(buf: Buffer): number {
	let c = 0xffffffff;
	for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

/** A 16x16 RGB PNG filled with one colour. */
export const PNG: Buffer = (() => {
	const w = 16;
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(w, 4);
	ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
	const row = Buffer.concat([
		Buffer.from([0]),
		Buffer.from(Array.from({ length: w }, () => [0x2a, 0x7f, 0xd4]).flat()),
	]);
	const raw = Buffer.concat(Array.from({ length: w }, () => row));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
})();

/**
 * An 8x8 mid-grey baseline JPEG: one quantisation table, one-code Huffman tables (DC
 * category 0, AC end-of-block) and a single entropy-coded byte.
 */
export const JPEG: Buffer = Buffer.from([
	...[0xff, 0xd8], // SOI
	...[
		0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
		0x00, 0x00,
	], // APP0 JFIF
	...[0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array(64).fill(1)], // DQT
	...[0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00], // SOF0 8x8, 1 component
	...[0xff, 0xc4, 0x00, 0x14, 0x00, 0x01, ...new Array(15).fill(0), 0x00], // DHT DC0: one 1-bit code → category 0
	...[0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, ...new Array(15).fill(0), 0x00], // DHT AC0: one 1-bit code → EOB
	...[0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00], // SOS
	0x3f, // bits "0" (DC diff 0) "0" (EOB), padded with ones
	...[0xff, 0xd9], // EOI
]);

function box(type: string, payload: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(8 + payload.length, 0);
	head.write(type, 4, 'latin1');
	return Buffer.concat([head, payload]);
}

/** ftyp + moov(mvhd with the duration) + the 8-byte header of an mdat box of `mdatPayload` bytes. */
function mp4Header(durationMs: number, mdatPayload: number): Buffer {
	const ftyp = box(
		'ftyp',
		Buffer.concat([
			Buffer.from('isom', 'latin1'),
			Buffer.from([0, 0, 2, 0]),
			Buffer.from('isomiso2mp41', 'latin1'),
		]),
	);
	const mvhd = Buffer.alloc(100);
	mvhd.writeUInt32BE(1000, 12); // timescale: ms
	mvhd.writeUInt32BE(Math.round(durationMs), 16);
	mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
	mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
	[0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].forEach((v, i) =>
		mvhd.writeUInt32BE(v, 36 + i * 4),
	);
	mvhd.writeUInt32BE(2, 96); // next track id
	const moov = box('moov', box('mvhd', mvhd));
	const mdat = Buffer.alloc(8);
	mdat.writeUInt32BE(8 + mdatPayload, 0);
	mdat.write('mdat', 4, 'latin1');
	return Buffer.concat([ftyp, moov, mdat]);
}

function glbHeader(binPayload: number): Buffer {
	let json = Buffer.from(
		JSON.stringify({
			asset: { version: '2.0', generator: 'RunningHub simulator' },
			scenes: [{ nodes: [] }],
			scene: 0,
		}),
	);
	json = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, 0x20)]);
	const bin = binPayload > 0 ? 8 + binPayload : 0;
	const head = Buffer.alloc(20);
	head.write('glTF', 0, 'latin1');
	head.writeUInt32LE(2, 4);
	head.writeUInt32LE(12 + 8 + json.length + bin, 8);
	head.writeUInt32LE(json.length, 12);
	head.writeUInt32LE(0x4e4f534a, 16); // JSON
	const parts = [head, json];
	if (bin) {
		const binHead = Buffer.alloc(8);
		binHead.writeUInt32LE(binPayload, 0);
		binHead.writeUInt32LE(0x004e4942, 4); // BIN
		parts.push(binHead);
	}
	return Buffer.concat(parts);
}

const ZEROS = Buffer.alloc(64 * 1024);

/** head, then `fill` bytes produced by repeating `unit` (zeros by default), streamed lazily. */
function paddedStream(head: Buffer, fill: number, unit: Buffer = ZEROS): Readable {
	let sentHead = false;
	let left = fill;
	return new Readable({
		read() {
			if (!sentHead) {
				sentHead = true;
				this.push(head);
				if (left === 0) this.push(null);
				return;
			}
			if (left <= 0) return void this.push(null);
			// whole units only, so frame-structured fills (MP3) stay aligned
			const per = Math.max(1, Math.floor(ZEROS.length / unit.length));
			const n = Math.min(left, per * unit.length);
			const chunk =
				unit === ZEROS
					? ZEROS.subarray(0, n)
					: Buffer.concat(Array.from({ length: Math.ceil(n / unit.length) }, () => unit)).subarray(
							0,
							n,
						);
			left -= n;
			this.push(chunk);
			if (left <= 0) this.push(null);
		},
	});
}

function fixed(
	contentType: string,
	head: Buffer,
	size: number | undefined,
	durationMs?: number,
): Generated {
	const total = Math.max(head.length, size ?? 0);
	return {
		contentType,
		size: total,
		durationMs,
		open: () => paddedStream(head, total - head.length),
	};
}

/** Build a served output of the given extension. */
export function generate(ext: string, opts: GenerateOptions = {}): Generated {
	const e = ext.toLowerCase();
	const size = opts.sizeBytes && opts.sizeBytes > 0 ? opts.sizeBytes : undefined;
	const durationMs = opts.durationMs ?? 5000;
	switch (e) {
		case 'png':
			return fixed('image/png', PNG, size);
		case 'jpg':
		case 'jpeg':
			return fixed('image/jpeg', JPEG, size);
		case 'mp4': {
			const natural = 1024;
			const payload = Math.max(natural, (size ?? 0) - mp4Header(durationMs, 0).length);
			const head = mp4Header(durationMs, payload);
			return {
				contentType: 'video/mp4',
				size: head.length + payload,
				durationMs,
				open: () => paddedStream(head, payload),
			};
		}
		case 'mp3': {
			const head = opts.id3 === false ? Buffer.alloc(0) : ID3_TAG;
			const frames = Math.max(
				mp3FramesFor(durationMs),
				Math.floor(((size ?? 0) - head.length) / MP3_FRAME_BYTES),
			);
			return {
				contentType: 'audio/mpeg',
				size: head.length + frames * MP3_FRAME_BYTES,
				durationMs: mp3DurationMs(frames),
				open: () => paddedStream(head, frames * MP3_FRAME_BYTES, SILENT_FRAME),
			};
		}
		case 'glb': {
			const base = glbHeader(0).length;
			const bin = size && size > base + 8 ? (size - base - 8) & ~3 : 0;
			const head = glbHeader(bin);
			return {
				contentType: 'model/gltf-binary',
				size: head.length + bin,
				open: () => paddedStream(head, bin),
			};
		}
		case 'txt': {
			const text = Buffer.from(opts.text ?? '', 'utf8');
			return {
				contentType: contentTypeFor('txt'),
				size: text.length,
				open: () => Readable.from([text]),
			};
		}
		default:
			return fixed(contentTypeFor(e), Buffer.from(`simulated ${e} file\n`), size);
	}
}
