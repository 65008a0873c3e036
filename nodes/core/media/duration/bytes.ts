/**
 * Byte readers for the media-duration parsers.
 *
 * Every reader tolerates offsets past the end of the data: a missing byte reads as 0 (indexing a
 * Uint8Array out of range gives `undefined`, and `undefined | 0` is 0), so no reader can throw.
 * Callers still check ranges before trusting a value.
 */

export interface Measurement {
	durationMs: number;
	exact: boolean;
}

export function byteAt(d: Uint8Array, o: number): number {
	return d[o] | 0;
}

export function u16be(d: Uint8Array, o: number): number {
	return (byteAt(d, o) << 8) | byteAt(d, o + 1);
}

export function u16le(d: Uint8Array, o: number): number {
	return byteAt(d, o) | (byteAt(d, o + 1) << 8);
}

export function u32be(d: Uint8Array, o: number): number {
	return (
		byteAt(d, o) * 0x1000000 +
		((byteAt(d, o + 1) << 16) | (byteAt(d, o + 2) << 8) | byteAt(d, o + 3))
	);
}

export function u32le(d: Uint8Array, o: number): number {
	return (
		byteAt(d, o + 3) * 0x1000000 +
		((byteAt(d, o + 2) << 16) | (byteAt(d, o + 1) << 8) | byteAt(d, o))
	);
}

/** 64-bit values as doubles: exact up to 2^53, which no real media size or duration reaches. */
export function u64be(d: Uint8Array, o: number): number {
	return u32be(d, o) * 0x100000000 + u32be(d, o + 4);
}

export function u64le(d: Uint8Array, o: number): number {
	return u32le(d, o + 4) * 0x100000000 + u32le(d, o);
}

/** Whether the bytes at `o` spell `text` (ASCII). False when they run past the end. */
export function isAscii(d: Uint8Array, o: number, text: string): boolean {
	if (o < 0 || o + text.length > d.length) return false;
	for (let i = 0; i < text.length; i++) {
		if (d[o + i] !== text.charCodeAt(i)) return false;
	}
	return true;
}

/** The four bytes at `o` as a string (a chunk or box type), or '' when they run past the end. */
export function fourCc(d: Uint8Array, o: number): string {
	if (o < 0 || o + 4 > d.length) return '';
	return String.fromCharCode(d[o], d[o + 1], d[o + 2], d[o + 3]);
}

/** Whether the four bytes at `o` look like a RIFF chunk id (printable ASCII). */
export function isPrintableFourCc(d: Uint8Array, o: number): boolean {
	if (o < 0 || o + 4 > d.length) return false;
	for (let i = 0; i < 4; i++) {
		const c = d[o + i];
		if (c < 0x20 || c > 0x7e) return false;
	}
	return true;
}

/**
 * `units / perSecond` seconds as whole milliseconds, rounded down so a duration never overstates
 * the audio. Undefined when the inputs cannot describe a duration.
 */
export function toMilliseconds(units: number, perSecond: number): number | undefined {
	if (!(units >= 0) || !(perSecond > 0) || !isFinite(units) || !isFinite(perSecond)) {
		return undefined;
	}
	const product = units * 1000;
	const ms = product <= Number.MAX_SAFE_INTEGER ? product / perSecond : (units / perSecond) * 1000;
	return isFinite(ms) ? Math.floor(ms) : undefined;
}
