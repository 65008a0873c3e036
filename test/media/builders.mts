/**
 * Builders for synthetic audio files used by the media-duration tests. Written from the format
 * specifications, independently of the parser (frame sizes are also pinned by known values in
 * the tests).
 */

export function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}

export function ascii(text: string): Uint8Array {
	return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export function be32(n: number): Uint8Array {
	return Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}
export function be16(n: number): Uint8Array {
	return Uint8Array.of((n >>> 8) & 255, n & 255);
}
export function le32(n: number): Uint8Array {
	return Uint8Array.of(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24);
}
export function le16(n: number): Uint8Array {
	return Uint8Array.of(n & 255, (n >>> 8) & 255);
}
export function be64(n: number): Uint8Array {
	return concat(be32(Math.floor(n / 2 ** 32)), be32(n % 2 ** 32));
}
export function le64(n: number): Uint8Array {
	return concat(le32(n % 2 ** 32), le32(Math.floor(n / 2 ** 32)));
}

/** Deterministic pseudo-random bytes (mulberry32). */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function randomBytes(length: number, seed: number): Uint8Array {
	const next = prng(seed);
	const out = new Uint8Array(length);
	for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
	return out;
}

// ---------------------------------------------------------------- MP3

export type MpegVersion = 1 | 2 | 2.5;
export type MpegLayer = 1 | 2 | 3;

export interface FrameSpec {
	version?: MpegVersion;
	layer?: MpegLayer;
	kbps?: number;
	sampleRate?: number;
	padding?: boolean;
	mono?: boolean;
	crc?: boolean;
}

const KBPS: Record<string, number[]> = {
	'1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
	'1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
	'1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
	'2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
	'2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
	'2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const RATES: Record<string, number[]> = {
	'1': [44100, 48000, 32000],
	'2': [22050, 24000, 16000],
	'2.5': [11025, 12000, 8000],
};

export function samplesPerFrame(version: MpegVersion, layer: MpegLayer): number {
	if (layer === 1) return 384;
	if (layer === 2 || version === 1) return 1152;
	return 576;
}

export function frameSize(spec: FrameSpec): number {
	const { version = 1, layer = 3, kbps = 128, sampleRate = 44100, padding = false } = spec;
	const bitrate = kbps * 1000;
	if (layer === 1) return (Math.floor((12 * bitrate) / sampleRate) + (padding ? 1 : 0)) * 4;
	const coefficient = layer === 3 && version !== 1 ? 72 : 144;
	return Math.floor((coefficient * bitrate) / sampleRate) + (padding ? 1 : 0);
}

export function frameHeader(spec: FrameSpec): Uint8Array {
	const { version = 1, layer = 3, kbps = 128, sampleRate = 44100, padding = false } = spec;
	const versionBits = version === 1 ? 3 : version === 2 ? 2 : 0;
	const layerBits = 4 - layer;
	const table = KBPS[`${version === 1 ? 1 : 2}-${layer}`];
	const bitrateIndex = table.indexOf(kbps);
	const rateIndex = RATES[String(version)].indexOf(sampleRate);
	if (bitrateIndex < 1 || rateIndex < 0) throw new Error(`bad frame spec ${JSON.stringify(spec)}`);
	return Uint8Array.of(
		0xff,
		0xe0 | (versionBits << 3) | (layerBits << 1) | (spec.crc ? 0 : 1),
		(bitrateIndex << 4) | (rateIndex << 2) | (padding ? 2 : 0),
		(spec.mono ? 3 : 1) << 6, // joint stereo or mono, no emphasis
	);
}

/** One frame of silence: a header and zero bytes. */
export function mp3Frame(spec: FrameSpec = {}): Uint8Array {
	const frame = new Uint8Array(frameSize(spec));
	frame.set(frameHeader(spec));
	return frame;
}

export function mp3Frames(count: number, spec: FrameSpec = {}): Uint8Array {
	const one = mp3Frame(spec);
	const out = new Uint8Array(one.length * count);
	for (let i = 0; i < count; i++) out.set(one, i * one.length);
	return out;
}

export interface XingSpec extends FrameSpec {
	frames: number;
	bytes?: number;
	tag?: 'Xing' | 'Info';
	toc?: boolean;
	quality?: boolean;
	/** LAME encoder delay and padding, in samples. */
	lame?: { delay: number; padding: number; encoder?: string };
}

export function xingFrame(spec: XingSpec): Uint8Array {
	const frame = mp3Frame(spec);
	const { version = 1, mono = false } = spec;
	const sideInfo = version === 1 ? (mono ? 17 : 32) : mono ? 9 : 17;
	const flags =
		1 | (spec.bytes !== undefined ? 2 : 0) | (spec.toc ? 4 : 0) | (spec.quality ? 8 : 0);
	const parts = [ascii(spec.tag ?? 'Xing'), be32(flags), be32(spec.frames)];
	if (spec.bytes !== undefined) parts.push(be32(spec.bytes));
	if (spec.toc) parts.push(Uint8Array.from({ length: 100 }, (_, i) => Math.floor((i * 256) / 100)));
	if (spec.quality) parts.push(be32(78));
	if (spec.lame) {
		const lame = new Uint8Array(36);
		lame.set(ascii((spec.lame.encoder ?? 'LAME3.100').padEnd(9, ' ').slice(0, 9)));
		const { delay, padding } = spec.lame;
		lame[21] = delay >> 4;
		lame[22] = ((delay & 15) << 4) | (padding >> 8);
		lame[23] = padding & 255;
		parts.push(lame);
	}
	const body = concat(...parts);
	if (4 + sideInfo + body.length > frame.length) throw new Error('frame too small for a Xing tag');
	frame.set(body, 4 + sideInfo);
	return frame;
}

export function vbriFrame(spec: FrameSpec & { frames: number; bytes: number }): Uint8Array {
	const frame = mp3Frame(spec);
	frame.set(
		concat(
			ascii('VBRI'),
			be16(1),
			be16(1105),
			be16(75),
			be32(spec.bytes),
			be32(spec.frames),
			be16(0),
		),
		36,
	);
	return frame;
}

function syncsafe(n: number): Uint8Array {
	return Uint8Array.of((n >> 21) & 127, (n >> 14) & 127, (n >> 7) & 127, n & 127);
}

/** An ID3v2 tag with one TIT2 frame and `padding` zero bytes; optionally with a v2.4 footer. */
export function id3v2(
	options: { padding?: number; footer?: boolean; major?: number; body?: Uint8Array } = {},
): Uint8Array {
	const { padding = 0, footer = false, major = footer ? 4 : 3 } = options;
	const title = concat(Uint8Array.of(0), ascii('Silence'));
	const frame = concat(
		ascii('TIT2'),
		major === 4 ? syncsafe(title.length) : be32(title.length),
		Uint8Array.of(0, 0),
		title,
	);
	const body = concat(frame, options.body ?? new Uint8Array(0), new Uint8Array(padding));
	const flags = footer ? 0x10 : 0;
	const header = concat(ascii('ID3'), Uint8Array.of(major, 0, flags), syncsafe(body.length));
	const foot = footer
		? concat(ascii('3DI'), Uint8Array.of(major, 0, flags), syncsafe(body.length))
		: new Uint8Array(0);
	return concat(header, body, foot);
}

export function id3v1(): Uint8Array {
	const tag = new Uint8Array(128);
	tag.set(ascii('TAG'));
	tag.set(ascii('Silence'), 3);
	// A comment holding bytes that look like an MPEG frame header, to prove the tag is skipped.
	tag.set(Uint8Array.of(0xff, 0xfb, 0x90, 0x44), 97);
	tag[127] = 255;
	return tag;
}

/** APEv2 tag with header and footer. */
export function apev2(): Uint8Array {
	const value = ascii('Silence');
	const item = concat(le32(value.length), le32(0), ascii('Title'), Uint8Array.of(0), value);
	const size = item.length + 32; // items + footer
	const head = (isHeader: boolean) =>
		concat(
			ascii('APETAGEX'),
			le32(2000),
			le32(size),
			le32(1),
			le32(0x80000000 | (isHeader ? 0x20000000 : 0)),
			new Uint8Array(8),
		);
	return concat(head(true), item, head(false));
}

// ---------------------------------------------------------------- WAV

export interface WavSpec {
	formatTag?: number;
	channels?: number;
	sampleRate?: number;
	bitsPerSample?: number;
	blockAlign?: number;
	byteRate?: number;
	/** Bytes of sample data. */
	dataBytes: number;
	extensible?: boolean;
	factSamples?: number;
	/** Chunk order, by name; 'list' is an odd-sized LIST chunk, 'junk' a JUNK chunk. */
	order?: Array<'fmt' | 'data' | 'fact' | 'list' | 'junk'>;
	/** Declared data size, when it should differ from `dataBytes`. */
	declaredDataSize?: number;
	/** Leave odd chunks unpadded (a common writer bug). */
	noPad?: boolean;
	rf64?: boolean;
}

function chunk(id: string, body: Uint8Array, noPad = false, declared = body.length): Uint8Array {
	const pad = body.length & 1 && !noPad ? new Uint8Array(1) : new Uint8Array(0);
	return concat(ascii(id), le32(declared), body, pad);
}

export function wav(spec: WavSpec): Uint8Array {
	const { formatTag = 1, channels = 1, sampleRate = 44100, bitsPerSample = 16 } = spec;
	const blockAlign = spec.blockAlign ?? channels * Math.ceil(bitsPerSample / 8);
	const byteRate = spec.byteRate ?? blockAlign * sampleRate;
	const common = concat(
		le16(spec.extensible ? 0xfffe : formatTag),
		le16(channels),
		le32(sampleRate),
		le32(byteRate),
		le16(blockAlign),
		le16(bitsPerSample),
	);
	const fmtBody = spec.extensible
		? concat(
				common,
				le16(22),
				le16(bitsPerSample),
				le32(channels === 2 ? 3 : 4),
				le16(formatTag),
				ascii('\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71'),
			)
		: common;
	const data = new Uint8Array(spec.dataBytes);
	for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 255; // non-silent, non-ASCII-free bytes
	const declared = spec.rf64 ? 0xffffffff : (spec.declaredDataSize ?? spec.dataBytes);
	const chunks: Record<string, Uint8Array> = {
		fmt: chunk('fmt ', fmtBody),
		data: chunk('data', data, spec.noPad, declared),
		fact: chunk('fact', le32(spec.factSamples ?? 0)),
		list: chunk(
			'LIST',
			concat(ascii('INFO'), chunk('INAM', ascii('Silence')).subarray(0, 15)),
			spec.noPad,
		),
		junk: chunk('JUNK', new Uint8Array(28)),
	};
	const order =
		spec.order ?? (spec.factSamples !== undefined ? ['fmt', 'fact', 'data'] : ['fmt', 'data']);
	const body = concat(...order.map((name) => chunks[name]));
	if (spec.rf64) {
		const ds64 = chunk(
			'ds64',
			concat(
				le64(body.length + 4 + 36),
				le64(spec.dataBytes),
				le64(spec.factSamples ?? 0),
				le32(0),
			),
		);
		return concat(ascii('RF64'), le32(0xffffffff), ascii('WAVE'), ds64, body);
	}
	return concat(ascii('RIFF'), le32(body.length + 4), ascii('WAVE'), body);
}

// ---------------------------------------------------------------- MP4

export function box(type: string, ...content: Uint8Array[]): Uint8Array {
	const body = concat(...content);
	return concat(be32(body.length + 8), ascii(type), body);
}

export function largeBox(type: string, ...content: Uint8Array[]): Uint8Array {
	const body = concat(...content);
	return concat(be32(1), ascii(type), be64(body.length + 16), body);
}

export function fullBox(type: string, version: number, ...content: Uint8Array[]): Uint8Array {
	return box(type, Uint8Array.of(version, 0, 0, 0), ...content);
}

/** `mvhd` or `mdhd` (same leading layout). */
export function timingBox(
	type: 'mvhd' | 'mdhd',
	version: 0 | 1,
	timescale: number,
	duration: number,
): Uint8Array {
	const dates =
		version === 1
			? concat(be64(3_800_000_000), be64(3_800_000_000))
			: concat(be32(3_800_000_000), be32(3_800_000_000));
	const length = version === 1 ? be64(duration) : be32(duration);
	const rest = type === 'mvhd' ? new Uint8Array(80) : concat(be16(0x55c4), be16(0));
	return fullBox(type, version, dates, be32(timescale), length, rest);
}

export function hdlr(handler: string): Uint8Array {
	return fullBox('hdlr', 0, be32(0), ascii(handler), new Uint8Array(12), ascii('Handler\0'));
}

export interface TrakOptions {
	version?: 0 | 1;
	trackId?: number;
	/** Edit list entries: [segment duration (movie timescale), media time (-1 = empty edit)]. */
	edits?: Array<[number, number]>;
}

export function trak(
	handler: string,
	timescale: number,
	duration: number,
	options: TrakOptions | 0 | 1 = {},
): Uint8Array {
	const {
		version = 0,
		trackId = 1,
		edits,
	} = typeof options === 'number' ? { version: options } : options;
	const parts = [fullBox('tkhd', 0, be32(0), be32(0), be32(trackId), new Uint8Array(68))];
	if (edits) {
		const entries = edits.map(([segment, mediaTime]) =>
			concat(be32(segment), be32(mediaTime < 0 ? 0xffffffff : mediaTime), be32(0x10000)),
		);
		parts.push(box('edts', fullBox('elst', 0, be32(edits.length), ...entries)));
	}
	parts.push(
		box(
			'mdia',
			timingBox('mdhd', version, timescale, duration),
			hdlr(handler),
			box('minf', box('stbl')),
		),
	);
	return box('trak', ...parts);
}

export function trex(trackId: number, defaultDuration: number): Uint8Array {
	return fullBox('trex', 0, be32(trackId), be32(1), be32(defaultDuration), be32(0), be32(0));
}

/** A movie fragment for one track: per-sample durations, or a count at a default duration. */
export function moof(
	trackId: number,
	samples: number[] | { count: number; defaultDuration?: number },
): Uint8Array {
	let tfhd: Uint8Array;
	let trun: Uint8Array;
	if (Array.isArray(samples)) {
		// default-base-is-moof; trun: data offset, sample duration and size
		tfhd = box('tfhd', Uint8Array.of(0, 0x02, 0, 0), be32(trackId));
		trun = box(
			'trun',
			Uint8Array.of(0, 0, 0x03, 0x01),
			be32(samples.length),
			be32(0),
			...samples.map((n) => concat(be32(n), be32(100))),
		);
	} else {
		const hasDefault = samples.defaultDuration !== undefined;
		// base data offset (+ default sample duration); trun: sample sizes only
		tfhd = box(
			'tfhd',
			Uint8Array.of(0, 0, 0, hasDefault ? 0x09 : 0x01),
			be32(trackId),
			be64(0),
			hasDefault ? be32(samples.defaultDuration ?? 0) : new Uint8Array(0),
		);
		trun = box(
			'trun',
			Uint8Array.of(0, 0, 0x02, 0),
			be32(samples.count),
			...Array.from({ length: samples.count }, () => be32(100)),
		);
	}
	return box('moof', fullBox('mfhd', 0, be32(1)), box('traf', tfhd, trun));
}

export function ftyp(brand = 'M4A '): Uint8Array {
	return box('ftyp', ascii(brand), be32(0), ascii(brand), ascii('mp42'), ascii('isom'));
}
