import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { measureAudioDuration, sniffAudioFormat } from '../../nodes/core/media/duration.ts';
import { ascii, concat, le32, wav } from './builders.mts';

function expectWav(data: Uint8Array, durationMs: number, exact = true) {
	assert.deepEqual(measureAudioDuration(data), { format: 'wav', durationMs, exact });
}

/** Bytes of PCM for at least `ms` milliseconds (whole sample frames, rounded up). */
function pcmBytes(ms: number, rate: number, channels: number, bits = 16): number {
	return Math.ceil((rate * ms) / 1000) * channels * (bits / 8);
}

describe('WAV PCM', () => {
	const cases: Array<[number, number, number, number]> = [
		// rate, channels, bits, ms
		[8000, 1, 16, 1234],
		[8000, 2, 16, 500],
		[44100, 1, 16, 2500],
		[44100, 2, 16, 3001],
		[48000, 1, 16, 1000],
		[48000, 2, 16, 7777],
		[22050, 1, 8, 999],
		[96000, 2, 24, 250],
		[16000, 1, 32, 100],
	];
	for (const [rate, channels, bits, duration] of cases) {
		it(`${bits}-bit ${channels === 1 ? 'mono' : 'stereo'} ${rate} Hz, ${duration} ms`, () => {
			const data = wav({
				sampleRate: rate,
				channels,
				bitsPerSample: bits,
				dataBytes: pcmBytes(duration, rate, channels, bits),
			});
			expectWav(data, duration);
			assert.equal(sniffAudioFormat(data), 'wav');
		});
	}

	it('rounds down a partial millisecond', () => {
		// 44101 sample frames at 44.1 kHz = 1000.02 ms
		expectWav(wav({ sampleRate: 44100, dataBytes: 44101 * 2 }), 1000);
		// 44099 sample frames = 999.98 ms
		expectWav(wav({ sampleRate: 44100, dataBytes: 44099 * 2 }), 999);
	});

	it('ignores a trailing partial sample frame', () => {
		expectWav(wav({ sampleRate: 8000, channels: 2, dataBytes: 8000 * 4 + 3 }), 1000);
	});

	it('empty data chunk is 0 ms', () => {
		expectWav(wav({ sampleRate: 8000, dataBytes: 0 }), 0);
	});
});

describe('WAV structure', () => {
	const bytes = pcmBytes(2000, 48000, 2);

	it('WAVE_FORMAT_EXTENSIBLE PCM and float', () => {
		expectWav(wav({ extensible: true, sampleRate: 48000, channels: 2, dataBytes: bytes }), 2000);
		const float = wav({
			extensible: true,
			formatTag: 3,
			sampleRate: 48000,
			channels: 2,
			bitsPerSample: 32,
			dataBytes: bytes * 2,
		});
		expectWav(float, 2000);
	});

	it('IEEE float, A-law and mu-law', () => {
		expectWav(
			wav({ formatTag: 3, bitsPerSample: 32, sampleRate: 44100, dataBytes: 44100 * 4 * 3 }),
			3000,
		);
		expectWav(wav({ formatTag: 6, bitsPerSample: 8, sampleRate: 8000, dataBytes: 8000 * 5 }), 5000);
		expectWav(wav({ formatTag: 7, bitsPerSample: 8, sampleRate: 8000, dataBytes: 12345 }), 1543);
	});

	it('chunks in any order, with LIST (odd size, padded) and JUNK chunks', () => {
		for (const order of [
			['fmt', 'data'],
			['data', 'fmt'],
			['junk', 'fmt', 'list', 'data'],
			['fmt', 'list', 'data', 'junk'],
			['list', 'data', 'list', 'fmt'],
		] as const) {
			expectWav(wav({ sampleRate: 48000, channels: 2, dataBytes: bytes, order: [...order] }), 2000);
		}
	});

	it('odd-sized data chunk followed by another chunk', () => {
		const odd = wav({
			formatTag: 7,
			bitsPerSample: 8,
			sampleRate: 8000,
			dataBytes: 8001,
			order: ['data', 'list', 'fmt'],
		});
		expectWav(odd, 1000);
	});

	it('tolerates writers that do not pad odd-sized chunks', () => {
		const data = wav({
			formatTag: 6,
			bitsPerSample: 8,
			sampleRate: 8000,
			dataBytes: 8001,
			order: ['list', 'data', 'fmt'],
			noPad: true,
		});
		expectWav(data, 1000);
	});

	it('compressed formats: fact sample count (exact), else the byte rate (estimate)', () => {
		// IMA ADPCM, 4 bits per sample, 256-byte blocks of 505 samples
		const adpcm = {
			formatTag: 0x11,
			bitsPerSample: 4,
			blockAlign: 256,
			sampleRate: 22050,
			byteRate: 11100,
		};
		expectWav(wav({ ...adpcm, dataBytes: 256 * 100, factSamples: 50500 }), 2290);
		expectWav(wav({ ...adpcm, dataBytes: 256 * 100 }), 2306, false);
		// MP3 in WAV (WAVE_FORMAT_MPEGLAYER3) with a fact chunk
		expectWav(
			wav({
				formatTag: 0x55,
				bitsPerSample: 0,
				blockAlign: 1,
				byteRate: 16000,
				sampleRate: 44100,
				dataBytes: 16000 * 3,
				factSamples: 132300,
			}),
			3000,
		);
	});

	it('RF64 with a ds64 chunk', () => {
		expectWav(wav({ rf64: true, sampleRate: 48000, channels: 2, dataBytes: bytes }), 2000);
	});

	it('partial data: the declared size wins, flagged inexact', () => {
		const full = wav({ sampleRate: 44100, channels: 2, dataBytes: pcmBytes(10_000, 44100, 2) });
		expectWav(full.subarray(0, 4096), 10_000, false);
		expectWav(full.subarray(0, 44), 10_000, false); // the header alone
	});

	it('streaming writers: unknown sizes use the data present, flagged inexact', () => {
		const present = pcmBytes(1500, 16000, 1);
		expectWav(
			wav({ sampleRate: 16000, dataBytes: present, declaredDataSize: 0xffffffff }),
			1500,
			false,
		);
		expectWav(wav({ sampleRate: 16000, dataBytes: present, declaredDataSize: 0 }), 1500, false);
		expectWav(
			wav({ sampleRate: 16000, dataBytes: present, declaredDataSize: 0x7ffff000 }),
			1500,
			false,
		);
	});

	it('ignores a wrong RIFF size', () => {
		const data = wav({ sampleRate: 8000, dataBytes: 16000 });
		data.set(le32(4), 4);
		expectWav(data, 1000);
	});

	it('unreadable WAVs give undefined', () => {
		const header = concat(ascii('RIFF'), le32(100), ascii('WAVE'));
		assert.equal(measureAudioDuration(header), undefined);
		assert.equal(measureAudioDuration(wav({ dataBytes: 100, order: ['data'] })), undefined); // no fmt
		assert.equal(measureAudioDuration(wav({ dataBytes: 100, order: ['fmt'] })), undefined); // no data
		assert.equal(
			measureAudioDuration(wav({ sampleRate: 0, byteRate: 0, dataBytes: 100 })),
			undefined,
		);
		const partialBeforeFmt = wav({ dataBytes: 100_000, order: ['data', 'fmt'] }).subarray(0, 5000);
		assert.equal(measureAudioDuration(partialBeforeFmt), undefined);
		// A RIFF that is not WAVE (e.g. AVI)
		assert.equal(
			measureAudioDuration(
				concat(ascii('RIFF'), le32(100), ascii('AVI LIST'), new Uint8Array(100)),
			),
			undefined,
		);
		assert.equal(
			sniffAudioFormat(concat(ascii('RIFF'), le32(100), ascii('AVI LIST'), new Uint8Array(100))),
			undefined,
		);
	});
});
