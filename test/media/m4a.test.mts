import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { measureAudioDuration, sniffAudioFormat } from '../../nodes/core/media/duration.ts';
import {
	ascii,
	be32,
	box,
	concat,
	ftyp,
	fullBox,
	largeBox,
	moof,
	timingBox,
	trak,
	trex,
} from './builders.mts';

function expectM4a(data: Uint8Array, durationMs: number, exact = true) {
	assert.deepEqual(measureAudioDuration(data), { format: 'm4a', durationMs, exact });
}

const mdat = (bytes: number) => box('mdat', new Uint8Array(bytes));

describe('M4A / MP4', () => {
	it('mvhd version 0', () => {
		const file = concat(ftyp(), box('moov', timingBox('mvhd', 0, 1000, 12345)), mdat(100));
		expectM4a(file, 12345);
		assert.equal(sniffAudioFormat(file), 'm4a');
	});

	it('mvhd version 1 (64-bit duration)', () => {
		expectM4a(concat(ftyp(), box('moov', timingBox('mvhd', 1, 44100, 44100 * 3 + 1))), 3000);
		// A duration beyond 32 bits: 2^33 ticks at 90 kHz
		expectM4a(
			concat(ftyp(), box('moov', timingBox('mvhd', 1, 90000, 2 ** 33))),
			Math.floor((2 ** 33 * 1000) / 90000),
		);
	});

	it("prefers the audio track's mdhd over mvhd", () => {
		const moov = box('moov', timingBox('mvhd', 0, 600, 1300), trak('soun', 48000, 96000));
		expectM4a(concat(ftyp(), moov, mdat(10)), 2000);
	});

	it('skips a video track to find the audio track (mdhd version 1)', () => {
		const moov = box(
			'moov',
			timingBox('mvhd', 0, 1000, 5000),
			trak('vide', 12800, 64000),
			trak('soun', 44100, 44100 * 4 + 22050, 1),
		);
		expectM4a(concat(ftyp('isom'), moov), 4500);
	});

	it('falls back to mvhd when no track is audio, or the audio mdhd is unusable', () => {
		expectM4a(
			concat(ftyp(), box('moov', timingBox('mvhd', 0, 1000, 7000), trak('vide', 12800, 64000))),
			7000,
		);
		expectM4a(
			concat(ftyp(), box('moov', timingBox('mvhd', 0, 1000, 7000), trak('soun', 0, 64000))),
			7000,
		);
		expectM4a(
			concat(
				ftyp(),
				box('moov', timingBox('mvhd', 0, 1000, 7000), trak('soun', 44100, 0xffffffff)),
			),
			7000,
		);
	});

	it('moov at the end, after a large mdat', () => {
		const moov = box('moov', timingBox('mvhd', 0, 1000, 61_000), trak('soun', 44100, 44100 * 61));
		expectM4a(concat(ftyp(), box('free'), mdat(1_000_000), moov), 61_000);
	});

	it('mdat with a 64-bit largesize, then moov', () => {
		const moov = box('moov', timingBox('mvhd', 0, 1000, 1500));
		expectM4a(concat(ftyp(), largeBox('mdat', new Uint8Array(5000)), moov), 1500);
	});

	it('a last box of size 0 runs to the end', () => {
		const moov = box('moov', timingBox('mvhd', 0, 1000, 2500));
		expectM4a(concat(ftyp(), moov, be32(0), ascii('mdat'), new Uint8Array(3000)), 2500);
		// moov itself of size 0
		expectM4a(concat(ftyp(), be32(0), ascii('moov'), timingBox('mvhd', 0, 1000, 2600)), 2600);
	});

	it('QuickTime without ftyp', () => {
		expectM4a(concat(box('wide'), mdat(100), box('moov', timingBox('mvhd', 0, 600, 1200))), 2000);
		expectM4a(concat(box('moov', timingBox('mvhd', 0, 600, 900))), 1500);
	});

	it('fragmented MP4: mvex/mehd', () => {
		const moov = box(
			'moov',
			timingBox('mvhd', 0, 1000, 0),
			box('mvex', fullBox('mehd', 0, be32(8000))),
		);
		expectM4a(concat(ftyp('iso6'), moov, box('moof'), mdat(10)), 8000);
	});

	it('moov cut short but mvhd present: value, flagged inexact', () => {
		const moov = box(
			'moov',
			timingBox('mvhd', 0, 1000, 4200),
			trak('vide', 1, 1),
			new Uint8Array(2000),
		);
		const file = concat(ftyp(), moov);
		expectM4a(file.subarray(0, file.length - 1000), 4200, false);
	});

	it('without moov (partial data, or moov beyond it) the length is unknown', () => {
		const moov = box('moov', timingBox('mvhd', 0, 1000, 61_000));
		const file = concat(ftyp(), mdat(100_000), moov);
		assert.equal(measureAudioDuration(file.subarray(0, 50_000)), undefined);
		assert.equal(sniffAudioFormat(file.subarray(0, 50_000)), 'm4a');
		assert.equal(measureAudioDuration(concat(ftyp(), box('moov'))), undefined);
		assert.equal(measureAudioDuration(ftyp()), undefined);
	});

	it('HEIF/AVIF images are not audio', () => {
		const heic = concat(ftyp('heic'), box('meta'));
		assert.equal(sniffAudioFormat(heic), undefined);
		assert.equal(measureAudioDuration(heic), undefined);
		assert.equal(sniffAudioFormat(concat(ftyp('avif'), box('meta'))), undefined);
	});

	it('corrupt box sizes do not loop or throw', () => {
		const tiny = concat(ftyp(), be32(4), ascii('moov'), new Uint8Array(40));
		assert.equal(measureAudioDuration(tiny), undefined);
		const selfish = concat(ftyp(), box('moov', be32(3), ascii('mvhd'), new Uint8Array(40)));
		assert.equal(measureAudioDuration(selfish), undefined);
	});
});

describe('M4A edit lists and fragments', () => {
	it('AAC priming trimmed by the edit list (as ffmpeg and iTunes write it)', () => {
		// 3.3 s at 48 kHz: 155 AAC frames of 1024 plus 1024 priming samples; elst presents 3300 ms
		const moov = box(
			'moov',
			timingBox('mvhd', 0, 1000, 3300),
			trak('soun', 48000, 159424, { edits: [[3300, 1024]] }),
		);
		expectM4a(concat(ftyp(), moov, mdat(10)), 3300);
	});

	it('an edit longer than the media does not stretch it', () => {
		const moov = box(
			'moov',
			timingBox('mvhd', 0, 1000, 9000),
			trak('soun', 8000, 16000, { edits: [[9000, 0]] }),
		);
		expectM4a(concat(ftyp(), moov), 2000);
	});

	it('an empty edit (delayed start) adds to the presented duration', () => {
		const moov = box(
			'moov',
			timingBox('mvhd', 0, 1000, 2500),
			trak('soun', 8000, 16000, {
				edits: [
					[500, -1],
					[2000, 0],
				],
			}),
		);
		expectM4a(concat(ftyp(), moov), 2500);
	});

	it('fragmented MP4: sums per-sample durations of every fragment', () => {
		const moov = box(
			'moov',
			timingBox('mvhd', 0, 1000, 0),
			trak('soun', 44100, 0, { trackId: 1 }),
			box('mvex', trex(1, 1024)),
		);
		const durations = [...Array(143).fill(1024), 122]; // 146554 samples
		const file = concat(
			ftyp('iso5'),
			moov,
			moof(1, durations.slice(0, 100)),
			mdat(100),
			moof(1, durations.slice(100)),
			mdat(100),
		);
		expectM4a(file, Math.floor((146554 * 1000) / 44100));
		// cut inside the last fragment's sample table (10 of its 44 entries lost): what was counted, inexact
		const cut = concat(
			ftyp('iso5'),
			moov,
			moof(1, durations.slice(0, 100)),
			mdat(100),
			moof(1, durations.slice(100)),
		).subarray(0, -80);
		expectM4a(cut, Math.floor((134 * 1024 * 1000) / 44100), false);
	});

	it('fragmented MP4: default durations from tfhd or trex; other tracks ignored', () => {
		const moov = box(
			'moov',
			timingBox('mvhd', 0, 1000, 0),
			trak('vide', 90000, 0, { trackId: 1 }),
			trak('soun', 48000, 0, { trackId: 2 }),
			box('mvex', trex(1, 3000), trex(2, 1024)),
		);
		const file = concat(
			ftyp('iso6'),
			moov,
			moof(1, { count: 50 }),
			moof(2, { count: 47 }),
			moof(2, { count: 47, defaultDuration: 960 }),
			mdat(10),
		);
		expectM4a(file, Math.floor(((47 * 1024 + 47 * 960) * 1000) / 48000));
	});

	it('fragmented MP4: priming skipped by an edit to the end', () => {
		const moov = box(
			'moov',
			timingBox('mvhd', 0, 1000, 0),
			trak('soun', 48000, 0, { trackId: 1, edits: [[0, 1024]] }),
			box('mvex', trex(1, 1024)),
		);
		expectM4a(
			concat(ftyp(), moov, moof(1, { count: 100 }), mdat(10)),
			Math.floor((99 * 1024 * 1000) / 48000),
		);
	});
});
