/**
 * The movie length of an MP4/MOV read as a stream (a binary video from n8n's store, which may be
 * hundreds of MB): only the first bytes (to recognise the format) and the `moov` box are kept, the
 * media data (`mdat`) is skipped as it passes, and reading stops once `moov` is complete. The kept
 * box is then measured by `movieLengthMs`, the one MP4 parser, under its work budget, so the answer
 * is the same as on the whole file. The walk here only steps over top-level box headers (at most
 * as many boxes as the whole-file walk visits), so it is linear in the bytes read.
 */
import { u32be, u64be } from './bytes';
import { isMp4, MAX_BOXES, movieLengthMs } from './mp4';

/** The largest `moov` kept (a real one is well under 1 MB); a larger one reads as unknown. */
export const MAX_MOOV_BYTES = 16 * 1024 * 1024;
/** Bytes `isMp4` looks at. */
const HEAD_BYTES = 16;

function joined(parts: Uint8Array[], length: number): Uint8Array {
	const all = new Uint8Array(length);
	let at = 0;
	for (const part of parts) {
		all.set(part, at);
		at += part.length;
	}
	return all;
}

/** `movieLengthMs` of the bytes the chunks make up, holding only their `moov` box. */
export async function movieLengthOfChunks(
	chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<number | undefined> {
	const head = new Uint8Array(HEAD_BYTES);
	let headLength = 0;
	const header = new Uint8Array(16);
	let headerLength = 0;
	let boxes = 0;
	/** Bytes left of the current box's body; -1 while reading a box header. */
	let left = -1;
	/** The `moov` box (header included) while it is being kept. */
	let moov: Uint8Array[] | undefined;
	let moovLength = 0;
	const measure = () =>
		moov && isMp4(head.subarray(0, headLength)) ? movieLengthMs(joined(moov, moovLength)) : undefined;
	try {
		for await (const raw of chunks) {
			let chunk = raw;
			if (headLength < HEAD_BYTES) {
				const take = chunk.subarray(0, HEAD_BYTES - headLength);
				head.set(take, headLength);
				headLength += take.length;
			}
			while (chunk.length > 0) {
				if (left >= 0) {
					const n = Math.min(left, chunk.length);
					if (moov) {
						moov.push(chunk.slice(0, n));
						moovLength += n;
						if (moovLength > MAX_MOOV_BYTES) return undefined;
					}
					left -= n;
					chunk = chunk.subarray(n);
					// The first `moov` is the one the whole-file parser takes: nothing after it matters.
					if (left === 0 && moov) return measure();
					if (left === 0) left = -1;
					continue;
				}
				const need = headerLength >= 4 && u32be(header, 0) === 1 ? 16 : 8;
				const take = Math.min(need - headerLength, chunk.length);
				header.set(chunk.subarray(0, take), headerLength);
				headerLength += take;
				chunk = chunk.subarray(take);
				if (headerLength < 8 || (u32be(header, 0) === 1 && headerLength < 16)) continue;
				if (boxes++ >= MAX_BOXES) return undefined;
				const size32 = u32be(header, 0);
				const headerBytes = size32 === 1 ? 16 : 8;
				// Size 0: the box runs to the end of the file.
				const size = size32 === 1 ? u64be(header, 8) : size32 === 0 ? Infinity : size32;
				// The whole-file walk stops at a malformed box too.
				if (size < headerBytes) return undefined;
				const isMoov = header[4] === 0x6d && header[5] === 0x6f && header[6] === 0x6f && header[7] === 0x76;
				if (isMoov) {
					if (Number.isFinite(size) && size > MAX_MOOV_BYTES) return undefined;
					moov = [header.slice(0, headerBytes)];
					moovLength = headerBytes;
				} else if (size === Infinity) {
					return undefined;
				}
				left = size - headerBytes;
				headerLength = 0;
				if (left === 0 && moov) return measure();
				if (left === 0) left = -1;
			}
		}
	} finally {
		(chunks as { destroy?: () => void }).destroy?.();
	}
	// The stream ended: a `moov` running to the end is complete; any other is cut off.
	return moov && left === Infinity ? measure() : undefined;
}
