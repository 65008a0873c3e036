// MPEG audio: writes real MPEG-1 Layer III files (128 kbps, 44.1 kHz, mono, silent frames)
// whose length follows the requested duration, and measures the duration of MP3/WAV files
// from their headers (the lip-sync rules need the audio length; RunningHub returns none).

export const MP3_FRAME_BYTES = 417; // 144 * 128000 / 44100, no padding bit
export const MP3_FRAME_MS = (1152 * 1000) / 44100;

/** One silent frame: header FF FB 90 C4 (MPEG-1, Layer III, no CRC, 128 kbps, 44.1 kHz, mono), zero side info and data. */
export const SILENT_FRAME: Buffer = (() => {
	const f = Buffer.alloc(MP3_FRAME_BYTES);
	f.set([0xff, 0xfb, 0x90, 0xc4]);
	return f;
})();

/** A small ID3v2.3 tag with an encoder (TSSE) frame, as real encoder output carries. */
export const ID3_TAG: Buffer = (() => {
	const text = Buffer.from('\u0000RunningHub simulator', 'latin1');
	const frame = Buffer.alloc(10 + text.length);
	frame.write('TSSE', 0, 'latin1');
	frame.writeUInt32BE(text.length, 4);
	text.copy(frame, 10);
	const size = frame.length;
	const head = Buffer.from([
		0x49,
		0x44,
		0x33,
		3,
		0,
		0,
		(size >> 21) & 0x7f,
		(size >> 14) & 0x7f,
		(size >> 7) & 0x7f,
		size & 0x7f,
	]);
	return Buffer.concat([head, frame]);
})();

export function mp3FramesFor(durationMs: number): number {
	return Math.max(1, Math.ceil(durationMs / MP3_FRAME_MS));
}

/** Exact duration in ms (floored) of `frames` frames. */
export function mp3DurationMs(frames: number): number {
	return Math.floor((frames * 1152 * 1000) / 44100);
}

const BITRATES: Record<string, number[]> = {
	'1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
	'1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
	'1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
	'2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
	'2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const RATES: Record<number, number[]> = {
	3: [44100, 48000, 32000],
	2: [22050, 24000, 16000],
	0: [11025, 12000, 8000],
};

interface FrameHeader {
	length: number;
	samples: number;
	sampleRate: number;
}

export function parseFrameHeader(b: Buffer, o: number): FrameHeader | null {
	if (o + 4 > b.length || b[o] !== 0xff || (b[o + 1] & 0xe0) !== 0xe0) return null;
	const ver = (b[o + 1] >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
	const layer = 4 - ((b[o + 1] >> 1) & 3); // 1, 2 or 3
	const brIdx = b[o + 2] >> 4;
	const srIdx = (b[o + 2] >> 2) & 3;
	if (ver === 1 || layer === 4 || brIdx === 0 || brIdx === 15 || srIdx === 3) return null;
	const v1 = ver === 3;
	const table = v1 ? `1-${layer}` : layer === 1 ? '2-1' : '2-2';
	const bitrate = BITRATES[table][brIdx] * 1000;
	const sampleRate = RATES[ver][srIdx];
	const pad = (b[o + 2] >> 1) & 1;
	if (layer === 1)
		return {
			length: (Math.floor((12 * bitrate) / sampleRate) + pad) * 4,
			samples: 384,
			sampleRate,
		};
	const samples = layer === 3 && !v1 ? 576 : 1152;
	return { length: Math.floor(((samples / 8) * bitrate) / sampleRate) + pad, samples, sampleRate };
}

/** Duration in ms of an MP3 file measured by walking its frame headers; null if none. */
export function mp3FileDurationMs(b: Buffer): number | null {
	let o = 0;
	if (b.length >= 10 && b.toString('latin1', 0, 3) === 'ID3') {
		o = 10 + ((b[6] << 21) | (b[7] << 14) | (b[8] << 7) | b[9]) + (b[5] & 0x10 ? 10 : 0);
	}
	let seconds = 0;
	let frames = 0;
	while (o + 4 <= b.length) {
		const h = parseFrameHeader(b, o);
		if (!h) {
			if (frames > 0 && b.toString('latin1', o, o + 3) === 'TAG') break;
			o++; // resync
			continue;
		}
		if (o + h.length > b.length) break; // truncated last frame
		seconds += h.samples / h.sampleRate;
		frames++;
		o += h.length;
	}
	return frames ? Math.floor(seconds * 1000) : null;
}

/** Duration in ms of a PCM WAV file from its fmt and data chunks; null if not WAV. */
export function wavFileDurationMs(b: Buffer): number | null {
	if (
		b.length < 12 ||
		b.toString('latin1', 0, 4) !== 'RIFF' ||
		b.toString('latin1', 8, 12) !== 'WAVE'
	)
		return null;
	let byteRate = 0;
	for (let o = 12; o + 8 <= b.length; ) {
		const id = b.toString('latin1', o, o + 4);
		const size = b.readUInt32LE(o + 4);
		if (id === 'fmt ' && o + 16 <= b.length) byteRate = b.readUInt32LE(o + 16);
		if (id === 'data') return byteRate ? Math.floor((size / byteRate) * 1000) : null;
		o += 8 + size + (size & 1);
	}
	return null;
}

/** Duration of an audio file (MP3 or WAV), or null when it cannot be measured. */
export function audioDurationMs(b: Buffer): number | null {
	return wavFileDurationMs(b) ?? mp3FileDurationMs(b);
}
