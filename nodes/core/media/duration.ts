/**
 * Audio length, measured from the file itself (RunningHub reports none, and lip-sync timings must
 * not run past the audio). Dependency-free parsers for MP3, WAV and M4A/MP4 live in `./duration/`.
 *
 * - Durations are whole milliseconds, rounded down, so they never overstate the audio. Encoder
 *   delay and padding are left out where the file records them (LAME/Lavf tag, MP4 edit list).
 * - `exact` is false when the value is an estimate or the data is shorter than its headers
 *   describe (a partial or truncated file): MP3 without a Xing/VBRI header then reports the frames
 *   present; MP3 with one, and WAV, report what the header declares. M4A needs its `moov` box.
 * - 'mp3' covers all MPEG-1/2/2.5 audio, Layers I-III (so MP2 too).
 * - Nothing here throws on bad input or reads past the data; unrecognised data gives `undefined`.
 * - Work is linear in the size of the data, under one work budget per call (`./duration/bytes`):
 *   a file that would need more is treated as unreadable.
 */
import { withWorkBudget } from './duration/bytes';
import { measureMp3, findMp3Stream } from './duration/mp3';
import { isMp4, measureMp4 } from './duration/mp4';
import { isWav, measureWav } from './duration/wav';

export type AudioFormat = 'mp3' | 'wav' | 'm4a';

export interface AudioInfo {
	format: AudioFormat;
	durationMs: number;
	/** False when estimated (or the data is shorter than its headers say). */
	exact: boolean;
}

export interface AudioHint {
	mimeType?: string;
	fileName?: string;
}

export class AudioDurationError extends Error {
	constructor(
		message: string,
		/** `unsupported`: not MP3, WAV or M4A; `unreadable`: recognised, but no length found. */
		readonly reason: 'unsupported' | 'unreadable',
		readonly format?: AudioFormat,
	) {
		super(message);
		this.name = 'AudioDurationError';
	}
}

const FORMAT_NAMES: Record<AudioFormat, string> = { mp3: 'MP3', wav: 'WAV', m4a: 'M4A' };

const MIME_FORMATS: Record<string, AudioFormat> = {
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/mpeg3': 'mp3',
	'audio/x-mpeg': 'mp3',
	'audio/x-mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/wave': 'wav',
	'audio/x-wav': 'wav',
	'audio/vnd.wave': 'wav',
	'audio/mp4': 'm4a',
	'audio/m4a': 'm4a',
	'audio/x-m4a': 'm4a',
	'video/mp4': 'm4a',
	'video/quicktime': 'm4a',
};

const EXTENSION_FORMATS: Record<string, AudioFormat> = {
	mp3: 'mp3',
	mp2: 'mp3',
	mpga: 'mp3',
	wav: 'wav',
	wave: 'wav',
	m4a: 'm4a',
	m4b: 'm4a',
	mp4: 'm4a',
	mov: 'm4a',
};

/** The format the caller's MIME type or file name claims, if any. Only ever a tie-breaker. */
function hintedFormat(hint?: AudioHint): AudioFormat | undefined {
	const mime = (hint?.mimeType ?? '').split(';')[0].trim().toLowerCase();
	const extension = /\.([a-z0-9]+)$/i.exec(hint?.fileName ?? '')?.[1]?.toLowerCase() ?? '';
	return MIME_FORMATS[mime] ?? EXTENSION_FORMATS[extension];
}

function isBytes(data: unknown): data is Uint8Array {
	return data instanceof Uint8Array;
}

/**
 * Which supported format the data is, judged by its content (the hint only relaxes how much
 * evidence MP3 frames without a tag need). Undefined when it is none of MP3, WAV or M4A.
 */
export function sniffAudioFormat(data: Uint8Array, hint?: AudioHint): AudioFormat | undefined {
	try {
		if (!isBytes(data) || data.length === 0) return undefined;
		if (isWav(data)) return 'wav';
		if (isMp4(data)) return 'm4a';
		return findMp3Stream(data, hintedFormat(hint) === 'mp3') ? 'mp3' : undefined;
	} catch {
		return undefined;
	}
}

/** Duration of MP3, WAV or M4A/MP4 audio; undefined when unrecognised or unreadable. */
export function measureAudioDuration(data: Uint8Array, hint?: AudioHint): AudioInfo | undefined {
	try {
		if (!isBytes(data) || data.length === 0) return undefined;
		return withWorkBudget(data, () => measureBytes(data, hint));
	} catch {
		return undefined;
	}
}

/** One budget for the whole measurement: finding the MP3 stream and walking it share it. */
function measureBytes(data: Uint8Array, hint?: AudioHint): AudioInfo | undefined {
	if (isWav(data)) {
		const wav = measureWav(data);
		return wav && { format: 'wav', ...wav };
	}
	if (isMp4(data)) {
		const m4a = measureMp4(data);
		return m4a && { format: 'm4a', ...m4a };
	}
	const stream = findMp3Stream(data, hintedFormat(hint) === 'mp3');
	const mp3 = stream && measureMp3(data, stream);
	return mp3 && { format: 'mp3', ...mp3 };
}

/**
 * Like `measureAudioDuration`, but throws an `AudioDurationError` with a message fit for users
 * when the length cannot be found.
 */
export function requireAudioDuration(data: Uint8Array, hint?: AudioHint): AudioInfo {
	const info = measureAudioDuration(data, hint);
	if (info) return info;
	const format = sniffAudioFormat(data, hint);
	if (!format) {
		throw new AudioDurationError(
			'The audio is not MP3, WAV or M4A, so its length cannot be measured',
			'unsupported',
		);
	}
	throw new AudioDurationError(
		`The audio looks like ${FORMAT_NAMES[format]} but its length cannot be read (the file may be damaged or incomplete)`,
		'unreadable',
		format,
	);
}
