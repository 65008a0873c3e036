/**
 * MP3 (MPEG-1/2/2.5 audio, Layers I, II and III) duration.
 *
 * The first real frame is found after any ID3v2 tags, confirmed by the frame headers that follow
 * it. A Xing/Info (with LAME encoder delay and padding) or VBRI header gives the frame count
 * directly; every frame header is walked anyway (it is cheap), which handles VBR files without such
 * a header, tells partial data from a complete file, and catches bogus or stale headers (files
 * joined after encoding).
 *
 * Linear in the input: searches for a sync word only move forward, confirming a candidate looks
 * at most two frames ahead, and every byte searched and every frame checked spends from the work
 * budget (`./bytes`). Frame counts in Xing/VBRI headers are only numbers, never loop bounds.
 */
import {
	byteAt,
	isAscii,
	type Measurement,
	spend,
	toMilliseconds,
	u16be,
	u32be,
	u32le,
	withWorkBudget,
} from './bytes';

const BITRATES_KBPS = {
	v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
	v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
	v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
	v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
	v2l23: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};

/** Indexed by the header's version bits (0 = MPEG-2.5, 1 = reserved, 2 = MPEG-2, 3 = MPEG-1). */
const SAMPLE_RATES = [[11025, 12000, 8000], [], [22050, 24000, 16000], [44100, 48000, 32000]];

const LAYER_I = 3;
const LAYER_II = 2;
const MPEG_1 = 3;
const MPEG_2_5 = 0;

function samplesPerFrame(versionBits: number, layerBits: number): number {
	if (layerBits === LAYER_I) return 384;
	if (layerBits === LAYER_II || versionBits === MPEG_1) return 1152;
	return 576;
}

/**
 * Frame length in bytes for every combination of version, layer, bitrate, sample rate and padding
 * bit, indexed by `((byte1 >> 1) & 0x0f) << 7 | (byte2 >> 1)`. 0 marks an invalid header
 * (reserved version, layer, sample rate, the "bad" bitrate, and free format, which is unsupported).
 */
const FRAME_LENGTHS = buildFrameLengths();

function buildFrameLengths(): Int32Array {
	const table = new Int32Array(1 << 11);
	for (const versionBits of [0, 2, 3]) {
		for (const layerBits of [1, 2, 3]) {
			if (versionBits === MPEG_2_5 && layerBits !== 1) continue; // MPEG-2.5 is Layer III only
			let rates = BITRATES_KBPS.v2l23;
			if (versionBits === MPEG_1) {
				rates = [BITRATES_KBPS.v1l3, BITRATES_KBPS.v1l2, BITRATES_KBPS.v1l1][layerBits - 1];
			} else if (layerBits === LAYER_I) {
				rates = BITRATES_KBPS.v2l1;
			}
			for (let bitrateIndex = 1; bitrateIndex < 15; bitrateIndex++) {
				for (let rateIndex = 0; rateIndex < 3; rateIndex++) {
					for (let padding = 0; padding < 2; padding++) {
						const bitrate = rates[bitrateIndex] * 1000;
						const sampleRate = SAMPLE_RATES[versionBits][rateIndex];
						let length: number;
						if (layerBits === LAYER_I) {
							length = (Math.floor((12 * bitrate) / sampleRate) + padding) * 4;
						} else {
							const perByte = samplesPerFrame(versionBits, layerBits) / 8;
							length = Math.floor((perByte * bitrate) / sampleRate) + padding;
						}
						const b1 = (versionBits << 2) | layerBits;
						const b2 = (bitrateIndex << 3) | (rateIndex << 1) | padding;
						table[(b1 << 7) | b2] = length;
					}
				}
			}
		}
	}
	return table;
}

/** Length of the frame whose header starts at `p`, or 0 when there is no valid header there. */
function frameLength(d: Uint8Array, p: number): number {
	if (d[p] !== 0xff) return 0;
	const b1 = byteAt(d, p + 1);
	if ((b1 & 0xe0) !== 0xe0 || (byteAt(d, p + 3) & 3) === 2) return 0; // sync, reserved emphasis
	return FRAME_LENGTHS[(((b1 >> 1) & 0x0f) << 7) | (byteAt(d, p + 2) >> 1)];
}

/** Version, layer and sample rate: what every frame of one stream shares. */
function streamKey(d: Uint8Array, p: number): number {
	return (((byteAt(d, p + 1) >> 1) & 0x0f) << 2) | ((byteAt(d, p + 2) >> 2) & 3);
}

/** Position after the ID3v2 tag at `p` (header, body, optional footer), or `p` if none is there. */
function skipId3v2(d: Uint8Array, p: number): number {
	if (!isAscii(d, p, 'ID3') || p + 10 > d.length) return p;
	const major = d[p + 3];
	if (major === 0xff || d[p + 4] === 0xff || (d[p + 6] | d[p + 7] | d[p + 8] | d[p + 9]) & 0x80) {
		return p;
	}
	const size = (d[p + 6] << 21) | (d[p + 7] << 14) | (d[p + 8] << 7) | d[p + 9];
	const footer = major >= 4 && d[p + 5] & 0x10 ? 10 : 0;
	return p + 10 + size + footer;
}

/** End of the audio: before any ID3v1, Lyrics3v2, APEv2 or appended ID3v2 tags. */
function audioEnd(d: Uint8Array, start: number): number {
	let end = d.length;
	for (let guard = 0; guard < 16; guard++) {
		let tagSize = 0;
		if (isAscii(d, end - 128, 'TAG')) {
			tagSize = 128 + (isAscii(d, end - 128 - 227, 'TAG+') ? 227 : 0);
		} else if (isAscii(d, end - 32, 'APETAGEX')) {
			tagSize = u32le(d, end - 20) + (byteAt(d, end - 9) & 0x80 ? 32 : 0);
		} else if (end - 15 >= start && isAscii(d, end - 9, 'LYRICS200')) {
			const digits = String.fromCharCode(...Array.from(d.subarray(end - 15, end - 9)));
			tagSize = /^\d{6}$/.test(digits) ? Number(digits) + 15 : 0;
		} else if (
			isAscii(d, end - 10, '3DI') &&
			!((d[end - 4] | d[end - 3] | d[end - 2] | d[end - 1]) & 0x80)
		) {
			tagSize = ((d[end - 4] << 21) | (d[end - 3] << 14) | (d[end - 2] << 7) | d[end - 1]) + 20;
		}
		if (tagSize < 10 || end - tagSize < start) break;
		end -= tagSize;
	}
	return end;
}

/** Whether `extra` frames of the same stream follow the frame at `p` (or the data ends cleanly). */
function framesFollow(d: Uint8Array, p: number, end: number, extra: number): boolean {
	const key = streamKey(d, p);
	let q = p + frameLength(d, p);
	for (let i = 0; i < extra; i++) {
		if (!spend(1)) return false;
		if (q === end) return true;
		if (q + 4 > end) return false;
		const length = frameLength(d, q);
		if (length === 0 || streamKey(d, q) !== key) return false;
		q += length;
	}
	return true;
}

/** First frame header at or after `from` that `extra` more frames of its stream confirm. */
function findFrame(d: Uint8Array, from: number, end: number, extra: number, key = -1): number {
	let p = from;
	for (; p + 4 <= end; p++) {
		// A plain loop: steadier than indexOf on data dense with 0xFF bytes.
		if (d[p] !== 0xff || (d[p + 1] & 0xe0) !== 0xe0) continue;
		const next = p + frameLength(d, p);
		if (next === p || (next !== end && d[next] !== 0xff)) continue;
		if (!spend(1)) return -1; // a candidate: charged at once, the bytes searched below
		if (
			(key < 0 || streamKey(d, p) === key) &&
			framesFollow(d, p, end, p === from && key < 0 ? 1 : extra)
		) {
			spend(p - from);
			return p;
		}
	}
	spend(p - from); // the bytes searched, once the search is over (it never goes past `end`)
	return -1;
}

export interface Mp3Stream {
	first: number;
	end: number;
}

/** Locates MPEG audio frames; undefined when the data holds none. */
export function findMp3Stream(d: Uint8Array, hintSaysMp3: boolean): Mp3Stream | undefined {
	return withWorkBudget(d, () => locateStream(d, hintSaysMp3));
}

function locateStream(d: Uint8Array, hintSaysMp3: boolean): Mp3Stream | undefined {
	let start = 0;
	for (let next = skipId3v2(d, 0); next !== start && spend(1); next = skipId3v2(d, start)) {
		start = next;
	}
	if (start >= d.length) return undefined;
	const end = audioEnd(d, start);
	// Junk before the first frame needs more confirmation, unless a tag or the hint vouches for it.
	const first = findFrame(d, start, end, hintSaysMp3 || start > 0 ? 1 : 2);
	return first < 0 ? undefined : { first, end };
}

interface VbrTag {
	frames: number;
	/** Encoder delay plus padding (LAME tag), in samples. */
	trim: number;
}

/** Reads a Xing/Info or VBRI header in the (Layer III) frame at `p`. */
function readVbrTag(d: Uint8Array, p: number, length: number): VbrTag | undefined {
	const b1 = d[p + 1];
	if (((b1 >> 1) & 3) !== 1) return undefined;
	const mono = d[p + 3] >> 6 === 3;
	const sideInfo = ((b1 >> 3) & 3) === MPEG_1 ? (mono ? 17 : 32) : mono ? 9 : 17;
	const frameEnd = Math.min(p + length, d.length);
	const x = p + 4 + sideInfo;
	if (isAscii(d, x, 'Xing') || isAscii(d, x, 'Info')) {
		const flags = u32be(d, x + 4);
		let o = x + 8;
		let frames = 0;
		if (flags & 1) {
			frames = o + 4 <= frameEnd ? u32be(d, o) : 0;
			o += 4;
		}
		o += (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
		let trim = 0;
		// LAME-style tag (LAME, Lavf/Lavc): 9-byte encoder name, then delay and padding at +21.
		if (
			o + 24 <= frameEnd &&
			/^[A-Za-z][A-Za-z0-9.]{3}/.test(String.fromCharCode(d[o], d[o + 1], d[o + 2], d[o + 3]))
		) {
			const delay = (d[o + 21] << 4) | (d[o + 22] >> 4);
			const padding = ((d[o + 22] & 0x0f) << 8) | d[o + 23];
			trim = delay + padding;
		}
		return { frames, trim };
	}
	if (isAscii(d, p + 36, 'VBRI') && u16be(d, p + 40) === 1 && p + 54 <= frameEnd) {
		return { frames: u32be(d, p + 50), trim: 0 };
	}
	return undefined;
}

interface Walk {
	frames: number;
	truncated: boolean;
}

/** Counts the frames of one stream, resynchronising over junk and skipping embedded ID3v2 tags. */
function walkFrames(d: Uint8Array, start: number, end: number, key: number): Walk {
	let pos = start;
	let frames = 0;
	while (pos < end && spend(1)) {
		if (pos + 4 > end) return { frames, truncated: d[pos] === 0xff };
		const length = frameLength(d, pos);
		if (length > 0 && streamKey(d, pos) === key) {
			if (pos + length > end) return { frames, truncated: true };
			frames++;
			pos += length;
			continue;
		}
		const afterTag = skipId3v2(d, pos);
		if (afterTag > pos) {
			pos = afterTag;
			continue;
		}
		pos = findFrame(d, pos + 1, end, 1, key);
		if (pos < 0) break;
	}
	return { frames, truncated: false };
}

export function measureMp3(d: Uint8Array, stream: Mp3Stream): Measurement | undefined {
	return withWorkBudget(d, () => readMp3(d, stream));
}

function readMp3(d: Uint8Array, stream: Mp3Stream): Measurement | undefined {
	const { first, end } = stream;
	const versionBits = (d[first + 1] >> 3) & 3;
	const sampleRate = SAMPLE_RATES[versionBits][(d[first + 2] >> 2) & 3];
	const perFrame = samplesPerFrame(versionBits, (d[first + 1] >> 1) & 3);
	const firstLength = frameLength(d, first);
	const tag = readVbrTag(d, first, firstLength);
	const walk = walkFrames(d, tag ? first + firstLength : first, end, streamKey(d, first));

	let samples = walk.frames * perFrame;
	let exact = !walk.truncated;
	// Trust the header's count unless the data holds clearly more frames than it claims.
	if (tag && tag.frames > 0 && walk.frames <= tag.frames + Math.max(2, tag.frames / 16)) {
		samples = tag.frames * perFrame;
		if (tag.trim < samples) samples -= tag.trim;
		exact = exact && Math.abs(walk.frames - tag.frames) <= 1;
	}
	const durationMs = toMilliseconds(samples, sampleRate);
	return durationMs === undefined ? undefined : { durationMs, exact };
}
