/**
 * WAV duration: RIFF/WAVE, RF64 and BW64 (64-bit sizes in a `ds64` chunk).
 *
 * Chunks may come in any order; odd-sized chunks are padded (and unpadded writers tolerated).
 * Linear formats (PCM, float, A-law, mu-law, including WAVE_FORMAT_EXTENSIBLE) are exact from the
 * data size and block alignment; compressed formats use the `fact` sample count when present and
 * otherwise the average byte rate (an estimate).
 *
 * Linear in the input: chunks are walked forward only, at most 10,000 of them, each spending from
 * the work budget (`./bytes`).
 */
import {
	fourCc,
	isAscii,
	isPrintableFourCc,
	type Measurement,
	spend,
	toMilliseconds,
	u16le,
	u32le,
	u64le,
	withWorkBudget,
} from './bytes';

const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** PCM, IEEE float, A-law, mu-law: a fixed number of bytes per sample frame. */
const LINEAR_FORMATS = [0x0001, 0x0003, 0x0006, 0x0007];
/** Sizes streaming writers leave in place when they cannot seek back. */
const UNKNOWN_SIZE = 0xffffffff;
const PLACEHOLDER_SIZE_MIN = 0x7f000000;

export function isWav(d: Uint8Array): boolean {
	return (
		(isAscii(d, 0, 'RIFF') || isAscii(d, 0, 'RF64') || isAscii(d, 0, 'BW64')) &&
		isAscii(d, 8, 'WAVE')
	);
}

interface Format {
	tag: number;
	channels: number;
	sampleRate: number;
	byteRate: number;
	blockAlign: number;
	bitsPerSample: number;
}

function readFormat(d: Uint8Array, o: number, size: number): Format | undefined {
	if (size < 16 || o + 16 > d.length) return undefined;
	let tag = u16le(d, o);
	if (tag === WAVE_FORMAT_EXTENSIBLE && size >= 40 && o + 26 <= d.length) {
		tag = u16le(d, o + 24); // first two bytes of the SubFormat GUID
	}
	return {
		tag,
		channels: u16le(d, o + 2),
		sampleRate: u32le(d, o + 4),
		byteRate: u32le(d, o + 8),
		blockAlign: u16le(d, o + 12),
		bitsPerSample: u16le(d, o + 14),
	};
}

export function measureWav(d: Uint8Array): Measurement | undefined {
	return withWorkBudget(d, () => readWav(d));
}

function readWav(d: Uint8Array): Measurement | undefined {
	if (!isWav(d)) return undefined;
	const is64 = !isAscii(d, 0, 'RIFF');
	let format: Format | undefined;
	let ds64Data = -1;
	let ds64Samples = -1;
	let factSamples = -1;
	let dataSize = -1;
	let sizeKnown = true;
	let pos = 12;
	for (let guard = 0; pos + 8 <= d.length && guard < 10000 && spend(1); guard++) {
		const id = fourCc(d, pos);
		const declared = u32le(d, pos + 4);
		let size = declared;
		const body = pos + 8;
		if (id === 'ds64' && size >= 24) {
			ds64Data = u64le(d, body + 8);
			ds64Samples = u64le(d, body + 16);
		} else if (id === 'fmt ') {
			format = readFormat(d, body, size);
		} else if (id === 'fact' && size >= 4 && body + 4 <= d.length) {
			const samples = u32le(d, body);
			factSamples = is64 && samples === UNKNOWN_SIZE ? ds64Samples : samples;
		} else if (id === 'data') {
			const available = d.length - body;
			if (is64 && declared === UNKNOWN_SIZE && ds64Data >= 0) size = ds64Data;
			const placeholder =
				size === UNKNOWN_SIZE ||
				(size >= PLACEHOLDER_SIZE_MIN && size > available) ||
				(size === 0 && available > 0 && !isPrintableFourCc(d, body));
			if (placeholder) {
				size = available;
				sizeKnown = false;
			} else if (size > available) {
				sizeKnown = false; // partial data (or a truncated file): trust the header
			}
			dataSize = size;
			if (format) break;
		}
		let next = body + size;
		// Odd-sized chunks are followed by a zero pad byte; some writers leave it out.
		if (size % 2 === 1 && !(d[next] !== 0 && next < d.length && isPrintableFourCc(d, next))) next++;
		if (next <= pos) break;
		pos = next;
	}
	if (!format || dataSize < 0 || format.sampleRate === 0) return undefined;

	if (LINEAR_FORMATS.includes(format.tag)) {
		const frameBytes =
			format.blockAlign || format.channels * Math.ceil(format.bitsPerSample / 8) || 0;
		if (frameBytes > 0) {
			const durationMs = toMilliseconds(Math.floor(dataSize / frameBytes), format.sampleRate);
			return durationMs === undefined ? undefined : { durationMs, exact: sizeKnown };
		}
	} else if (factSamples > 0 && sizeKnown) {
		const durationMs = toMilliseconds(factSamples, format.sampleRate);
		return durationMs === undefined ? undefined : { durationMs, exact: true };
	}
	const durationMs = toMilliseconds(dataSize, format.byteRate);
	return durationMs === undefined ? undefined : { durationMs, exact: false };
}
