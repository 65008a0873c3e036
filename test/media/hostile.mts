/**
 * Hostile and big media files of a chosen size, for the parser fuzz tests and the parser
 * benchmark (bench/parsers.mts): structures crafted to make a careless parser do work out of
 * proportion to the input (lying box and chunk sizes, lying entry and frame counts, thousands of
 * tracks, deep nesting, false sync words), and valid files of the same size for comparison.
 */
import {
	ascii,
	be32,
	box,
	concat,
	frameHeader,
	ftyp,
	fullBox,
	hdlr,
	id3v2,
	le32,
	moof,
	mp3Frame,
	mp3Frames,
	randomBytes,
	timingBox,
	trak,
	trex,
	wav,
	xingFrame,
} from './builders.mts';

export type Kind = 'mp3' | 'wav' | 'm4a';

export interface Sample {
	name: string;
	kind: Kind;
	/** A file of about `bytes` bytes (never much more). */
	make: (bytes: number) => Uint8Array;
}

/** `unit` repeated until about `bytes` bytes, between `head` and `tail`. */
function repeat(bytes: number, unit: Uint8Array, head = new Uint8Array(0), tail = new Uint8Array(0)) {
	const count = Math.max(1, Math.floor((bytes - head.length - tail.length) / unit.length));
	const out = new Uint8Array(head.length + count * unit.length + tail.length);
	out.set(head);
	for (let i = 0; i < count; i++) out.set(unit, head.length + i * unit.length);
	out.set(tail, head.length + count * unit.length);
	return out;
}

/** A box header claiming `size` bytes, without the body it claims. */
function header(type: string, size: number): Uint8Array {
	return concat(be32(size), ascii(type));
}

/** `depth` boxes, each the only child of the one before, with honest sizes. */
function nested(types: string[], depth: number, inner: Uint8Array): Uint8Array {
	const out = new Uint8Array(depth * 8 + inner.length);
	for (let i = 0; i < depth; i++) {
		out.set(header(types[i % types.length], out.length - i * 8), i * 8);
	}
	out.set(inner, depth * 8);
	return out;
}

const audioMoov = (duration: number) =>
	box('moov', timingBox('mvhd', 0, 1000, 0), trak('soun', 44100, duration, { trackId: 1 }));

/** A track table whose entry count lies (0xFFFFFFFF entries in an empty box). */
const lyingTable = (type: string) => fullBox(type, 0, be32(0xffffffff));

export const HOSTILE: Sample[] = [
	{
		// The case that blocked the event loop for minutes: every fragment's `trun` claims to run
		// far past its fragment, so each one was read to the end of the file.
		name: 'm4a: fragments whose trun runs past the fragment',
		kind: 'm4a',
		make: (bytes) =>
			repeat(
				bytes,
				box('moof', box('traf', fullBox('tfhd', 0, be32(1)), header('trun', 0x7fffffff), Uint8Array.of(0, 0, 1, 0), be32(0xffffffff))),
				concat(ftyp(), audioMoov(0)),
			),
	},
	{
		name: 'm4a: thousands of tracks whose mdia claims to run to the end',
		kind: 'm4a',
		make: (bytes) => {
			const unit = box('trak', header('mdia', 0x7fffffff));
			const count = Math.floor((bytes - 200) / unit.length);
			return concat(ftyp(), header('moov', 8 + 108 + count * unit.length), timingBox('mvhd', 0, 1000, 5000), repeat(count * unit.length, unit));
		},
	},
	{
		// Each mdia is audio but unreadable (timescale 0), so a parser that looks up the track
		// header again for every one of them does quadratic work.
		name: 'm4a: one track with thousands of unreadable audio mdia',
		kind: 'm4a',
		make: (bytes) => {
			const unit = box('mdia', timingBox('mdhd', 0, 0, 1000), hdlr('soun'));
			const count = Math.floor((bytes - 200) / unit.length);
			const tkhd = fullBox('tkhd', 0, be32(0), be32(0), be32(1), new Uint8Array(68));
			const body = concat(tkhd, repeat(count * unit.length, unit));
			return concat(ftyp(), box('moov', timingBox('mvhd', 0, 1000, 5000), box('trak', body)));
		},
	},
	{
		name: 'm4a: thousands of video tracks, then the audio',
		kind: 'm4a',
		make: (bytes) => {
			const video = trak('vide', 90000, 450000, { trackId: 2, edits: [[5000, 0]] });
			const audio = trak('soun', 44100, 441000, { trackId: 1 });
			const count = Math.floor((bytes - 300 - audio.length) / video.length);
			return concat(ftyp(), box('moov', timingBox('mvhd', 0, 1000, 10000), repeat(count * video.length, video), audio));
		},
	},
	{
		name: 'm4a: boxes nested a hundred thousand deep',
		kind: 'm4a',
		make: (bytes) => {
			const depth = Math.floor((bytes - 100) / 8);
			return concat(ftyp(), nested(['moov', 'trak', 'mdia', 'edts', 'mvex', 'moof', 'traf'], depth, new Uint8Array(0)));
		},
	},
	{
		name: 'm4a: lying entry counts (elst, stts, stsz, trun)',
		kind: 'm4a',
		make: (bytes) => {
			const stbl = box('stbl', lyingTable('stts'), lyingTable('stsz'), lyingTable('stsc'), lyingTable('stco'));
			const track = box(
				'trak',
				fullBox('tkhd', 0, be32(0), be32(0), be32(1), new Uint8Array(68)),
				box('edts', lyingTable('elst')),
				box('mdia', timingBox('mdhd', 0, 44100, 0), hdlr('soun'), box('minf', stbl)),
			);
			const fragment = box('moof', box('traf', fullBox('tfhd', 0, be32(1)), box('trun', Uint8Array.of(0, 0, 0x01, 0x00), be32(0xffffffff)), box('trun', Uint8Array.of(0, 0, 0, 0), be32(0xffffffff))));
			return repeat(bytes, fragment, concat(ftyp(), box('moov', timingBox('mvhd', 0, 1000, 0), track, box('mvex', trex(1, 1024)))));
		},
	},
	{
		name: 'm4a: hundreds of thousands of empty top-level boxes',
		kind: 'm4a',
		make: (bytes) => repeat(bytes, header('free', 8), ftyp(), audioMoov(441000)),
	},
	{
		name: 'mp3: false sync words every 4 bytes',
		kind: 'mp3',
		// 48 kHz, 128 kbps frames are 384 bytes: each header finds another one frame later, of
		// another sample rate, so every candidate is checked and refused.
		make: (bytes) => repeat(bytes, concat(frameHeader({ sampleRate: 48000 }), frameHeader({ sampleRate: 44100 }))),
	},
	{
		name: 'mp3: 0xFF bytes only',
		kind: 'mp3',
		make: (bytes) => new Uint8Array(bytes).fill(0xff),
	},
	{
		name: 'mp3: sync words on every other byte',
		kind: 'mp3',
		make: (bytes) => repeat(bytes, Uint8Array.of(0xff, 0xfb)),
	},
	{
		name: 'mp3: lying Xing frame count, then false frames',
		kind: 'mp3',
		make: (bytes) => {
			const head = concat(id3v2({ padding: 10 }), xingFrame({ frames: 0xffffffff, bytes: 0xffffffff, toc: true }));
			return repeat(bytes, concat(mp3Frame(), Uint8Array.of(0xff, 0xfb)), head);
		},
	},
	{
		name: 'mp3: lying VBRI frame count, frames broken by junk',
		kind: 'mp3',
		make: (bytes) => {
			const vbri = mp3Frame();
			vbri.set(concat(ascii('VBRI'), Uint8Array.of(0, 1, 0, 0, 0, 0), be32(0xffffffff), be32(0xffffffff)), 36);
			return repeat(bytes, concat(mp3Frames(2), ascii('ID3'), Uint8Array.of(4, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f)), vbri);
		},
	},
	{
		name: 'mp3: thousands of ID3v2 tags',
		kind: 'mp3',
		make: (bytes) => repeat(bytes, id3v2(), new Uint8Array(0), mp3Frames(3)),
	},
	{
		name: 'mp3: random bytes with a hint',
		kind: 'mp3',
		make: (bytes) => concat(mp3Frames(2), randomBytes(bytes, 7)),
	},
	{
		name: 'wav: thousands of empty chunks',
		kind: 'wav',
		make: (bytes) => repeat(bytes, concat(ascii('JUNK'), le32(0)), concat(ascii('RIFF'), le32(bytes), ascii('WAVE'))),
	},
	{
		name: 'wav: lying chunk sizes',
		kind: 'wav',
		make: (bytes) => {
			const file = wav({ sampleRate: 8000, dataBytes: Math.max(0, bytes - 100), declaredDataSize: 0xfffffffe, order: ['data', 'fmt'] });
			file.set(le32(0xffffffff), 4);
			return file;
		},
	},
	{
		name: 'wav: odd-sized chunks, unpadded',
		kind: 'wav',
		make: (bytes) => repeat(bytes, concat(ascii('LIST'), le32(1), Uint8Array.of(0x41)), concat(ascii('RIFF'), le32(bytes), ascii('WAVE'))),
	},
];

export const VALID: Sample[] = [
	{
		name: 'mp3: 128 kbps CBR with a Xing header',
		kind: 'mp3',
		make: (bytes) => {
			const frames = Math.floor(bytes / 417) - 1;
			return concat(id3v2({ padding: 100 }), xingFrame({ frames, bytes: frames * 417, toc: true, lame: { delay: 576, padding: 1000 } }), mp3Frames(frames));
		},
	},
	{
		name: 'mp3: VBR without a header',
		kind: 'mp3',
		make: (bytes) => repeat(bytes, concat(mp3Frame({ kbps: 128 }), mp3Frame({ kbps: 320 }), mp3Frame({ kbps: 64 }))),
	},
	{
		name: 'wav: PCM',
		kind: 'wav',
		make: (bytes) => wav({ sampleRate: 44100, channels: 2, dataBytes: bytes - 44 }),
	},
	{
		name: 'm4a: fragmented, per-sample durations',
		kind: 'm4a',
		make: (bytes) => {
			const fragment = moof(1, Array.from({ length: 1000 }, () => 1024));
			return repeat(bytes, fragment, concat(ftyp(), box('moov', timingBox('mvhd', 0, 1000, 0), trak('soun', 44100, 0, { trackId: 1 }), box('mvex', trex(1, 1024)))));
		},
	},
	{
		name: 'm4a: moov after the media data',
		kind: 'm4a',
		make: (bytes) => concat(ftyp(), box('mdat', new Uint8Array(Math.max(0, bytes - 1000))), box('moov', timingBox('mvhd', 0, 1000, 60000), trak('soun', 44100, 2646000, { trackId: 1, edits: [[60000, 1024]] }))),
	},
];
