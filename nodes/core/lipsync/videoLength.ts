/**
 * The length of an MP4/MOV video for the lip-sync rules (identify-face takes 2–60 s; inserted
 * audio must end within the video): the movie header's (`moov/mvhd`) duration, the length of the
 * whole presentation. The audio reader (media/duration) prefers the audio track, which in a video
 * may be shorter than the picture, and a video refused for a short audio track would be a false
 * refusal. Unknown (undefined) when the header is missing, cut off or states no duration: then
 * RunningHub judges the length.
 */
import { fourCc, toMilliseconds, u32be, u64be } from '../media/duration/bytes';
import { isMp4 } from '../media/duration/mp4';

/** Enough for any real file's top level or `moov`; each step moves at least 8 bytes, so linear. */
const MAX_BOXES = 10_000;

interface Box {
	type: string;
	body: number;
	end: number;
}

/** The boxes between start and end, stopping at a malformed size. */
function boxes(d: Uint8Array, start: number, end: number): Box[] {
	const found: Box[] = [];
	let pos = start;
	while (pos + 8 <= end && found.length < MAX_BOXES) {
		let size = u32be(d, pos);
		let header = 8;
		if (size === 1) {
			if (pos + 16 > end) break;
			size = u64be(d, pos + 8);
			header = 16;
		} else if (size === 0) {
			size = end - pos;
		}
		if (size < header || pos + size > end) {
			// A box that runs past its parent: the file is cut off, or lies.
			found.push({ type: fourCc(d, pos + 4), body: pos + header, end: Number.POSITIVE_INFINITY });
			break;
		}
		found.push({ type: fourCc(d, pos + 4), body: pos + header, end: pos + size });
		pos += size;
	}
	return found;
}

/** The video's length in ms from its movie header, or undefined when it cannot be known. */
export function videoLengthMs(d: Uint8Array): number | undefined {
	if (!isMp4(d)) return undefined;
	const moov = boxes(d, 0, d.length).find((b) => b.type === 'moov');
	if (!moov || moov.end > d.length) return undefined;
	const mvhd = boxes(d, moov.body, moov.end).find((b) => b.type === 'mvhd');
	if (!mvhd || mvhd.end > moov.end) return undefined;
	const v1 = d[mvhd.body] === 1;
	if (mvhd.body + (v1 ? 32 : 20) > mvhd.end) return undefined;
	const timescale = u32be(d, mvhd.body + (v1 ? 20 : 12));
	const duration = v1 ? u64be(d, mvhd.body + 24) : u32be(d, mvhd.body + 16);
	// All ones means "unknown" (and 0 is a fragmented file's "see the fragments").
	const unknown = v1 ? u32be(d, mvhd.body + 24) === 0xffffffff && u32be(d, mvhd.body + 28) === 0xffffffff : duration === 0xffffffff;
	if (unknown || duration === 0 || timescale === 0) return undefined;
	return toMilliseconds(duration, timescale);
}

/** The most bytes of `ftyp` and `moov` kept while streaming a video (a real `moov` is well under 1 MB). */
const MAX_KEPT_BYTES = 16 * 1024 * 1024;

/**
 * The video's length from its bytes read as a stream, holding only its `ftyp` and `moov` boxes:
 * the same answer as videoLengthMs on the whole file, without the file in memory (the media
 * data, `mdat`, is skipped as it passes). Undefined also when `moov` is implausibly large.
 */
export async function videoLengthOfChunks(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<number | undefined> {
	const kept: Uint8Array[] = [];
	let keptBytes = 0;
	const first = new Uint8Array(16);
	let firstLength = 0;
	const header = new Uint8Array(16);
	let headerLength = 0;
	let keeping = false;
	/** Bytes left in the current box's body; -1 while reading a box header. */
	let left = -1;
	const source = chunks as { destroy?: () => void };
	try {
		outer: for await (const raw of chunks) {
			let chunk = raw;
			if (firstLength < first.length) {
				const take = chunk.subarray(0, first.length - firstLength);
				first.set(take, firstLength);
				firstLength += take.length;
			}
			while (chunk.length > 0) {
				if (left < 0) {
					const need = headerLength >= 8 && u32be(header, 0) === 1 ? 16 : 8;
					const take = Math.min(need - headerLength, chunk.length);
					header.set(chunk.subarray(0, take), headerLength);
					headerLength += take;
					chunk = chunk.subarray(take);
					if (headerLength < 8 || (u32be(header, 0) === 1 && headerLength < 16)) continue;
					const size32 = u32be(header, 0);
					const headerBytes = size32 === 1 ? 16 : 8;
					const size = size32 === 1 ? u64be(header, 8) : size32 === 0 ? Number.POSITIVE_INFINITY : size32;
					// The whole-file reader stops at a malformed box too.
					if (size < headerBytes) break outer;
					const type = fourCc(header, 4);
					keeping = type === 'moov' || type === 'ftyp';
					if (keeping) {
						if (Number.isFinite(size) && keptBytes + size > MAX_KEPT_BYTES) return undefined;
						kept.push(header.slice(0, headerBytes));
						keptBytes += headerBytes;
					}
					left = size - headerBytes;
					headerLength = 0;
					if (left === 0) left = -1;
					continue;
				}
				const n = Math.min(left, chunk.length);
				if (keeping) {
					kept.push(chunk.slice(0, n));
					keptBytes += n;
					if (keptBytes > MAX_KEPT_BYTES) return undefined;
				}
				left -= n;
				chunk = chunk.subarray(n);
				if (left === 0) left = -1;
			}
		}
	} finally {
		source.destroy?.();
	}
	if (!isMp4(first.subarray(0, firstLength))) return undefined;
	const skeleton = new Uint8Array(keptBytes);
	let at = 0;
	for (const part of kept) {
		skeleton.set(part, at);
		at += part.length;
	}
	return videoLengthMs(skeleton);
}
