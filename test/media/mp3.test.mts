import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { measureAudioDuration, sniffAudioFormat } from '../../nodes/core/media/duration.ts';
import { duration, work } from './work.mts';
import {
	apev2,
	ascii,
	concat,
	frameSize,
	type FrameSpec,
	id3v1,
	id3v2,
	mp3Frame,
	mp3Frames,
	prng,
	samplesPerFrame,
	vbriFrame,
	xingFrame,
} from './builders.mts';

const ms = (samples: number, rate: number) => Math.floor((samples * 1000) / rate);

function expectMp3(data: Uint8Array, durationMs: number, exact = true) {
	assert.deepEqual(measureAudioDuration(data), { format: 'mp3', durationMs, exact });
}

describe('MP3 frame sizes (builder sanity, from the specification)', () => {
	it('matches well-known frame lengths', () => {
		assert.equal(frameSize({ kbps: 128, sampleRate: 44100 }), 417);
		assert.equal(frameSize({ kbps: 128, sampleRate: 44100, padding: true }), 418);
		assert.equal(frameSize({ kbps: 320, sampleRate: 48000 }), 960);
		assert.equal(frameSize({ version: 2, kbps: 64, sampleRate: 22050 }), 208);
		assert.equal(frameSize({ version: 2.5, kbps: 8, sampleRate: 8000 }), 72);
		assert.equal(frameSize({ layer: 1, kbps: 32, sampleRate: 44100 }), 32);
		assert.equal(frameSize({ layer: 2, kbps: 192, sampleRate: 48000 }), 576);
	});
});

describe('MP3, CBR without a VBR header (every frame walked)', () => {
	const cases: Array<[string, FrameSpec, number]> = [
		['MPEG-1 L3 128 kbps 44.1 kHz', { kbps: 128, sampleRate: 44100 }, 383],
		['MPEG-1 L3 320 kbps 48 kHz', { kbps: 320, sampleRate: 48000 }, 250],
		['MPEG-1 L3 32 kbps 32 kHz mono', { kbps: 32, sampleRate: 32000, mono: true }, 100],
		['MPEG-1 L3 64 kbps 44.1 kHz padded', { kbps: 64, sampleRate: 44100, padding: true }, 77],
		['MPEG-2 L3 64 kbps 22.05 kHz', { version: 2, kbps: 64, sampleRate: 22050 }, 500],
		['MPEG-2 L3 32 kbps 16 kHz mono', { version: 2, kbps: 32, sampleRate: 16000, mono: true }, 300],
		['MPEG-2 L3 160 kbps 24 kHz', { version: 2, kbps: 160, sampleRate: 24000 }, 123],
		['MPEG-2.5 L3 8 kbps 8 kHz', { version: 2.5, kbps: 8, sampleRate: 8000 }, 200],
		['MPEG-2.5 L3 16 kbps 11.025 kHz', { version: 2.5, kbps: 16, sampleRate: 11025 }, 150],
		['MPEG-2.5 L3 32 kbps 12 kHz', { version: 2.5, kbps: 32, sampleRate: 12000 }, 150],
		['MPEG-1 Layer II 192 kbps 48 kHz', { layer: 2, kbps: 192, sampleRate: 48000 }, 90],
		['MPEG-1 Layer I 384 kbps 44.1 kHz', { layer: 1, kbps: 384, sampleRate: 44100 }, 400],
		['MPEG-2 Layer II 64 kbps 24 kHz', { version: 2, layer: 2, kbps: 64, sampleRate: 24000 }, 50],
		[
			'MPEG-2 Layer I 128 kbps 22.05 kHz',
			{ version: 2, layer: 1, kbps: 128, sampleRate: 22050 },
			50,
		],
	];
	for (const [name, spec, count] of cases) {
		it(name, () => {
			const { version = 1, layer = 3, sampleRate = 44100 } = spec;
			const expected = ms(count * samplesPerFrame(version, layer), sampleRate);
			expectMp3(mp3Frames(count, spec), expected);
			assert.equal(sniffAudioFormat(mp3Frames(count, spec)), 'mp3');
		});
	}

	it('10 s at 128 kbps: 383 frames = 10.004 s', () => {
		expectMp3(mp3Frames(383, { kbps: 128 }), 10004);
	});

	it('frames with CRC protection', () => {
		expectMp3(mp3Frames(50, { kbps: 128, crc: true }), ms(50 * 1152, 44100));
	});

	it('a mix of padded and unpadded frames (as encoders write CBR at 44.1 kHz)', () => {
		const frames = Array.from({ length: 100 }, (_, i) =>
			mp3Frame({ kbps: 128, padding: i % 3 !== 0 }),
		);
		expectMp3(concat(...frames), ms(100 * 1152, 44100));
	});

	it('a single frame', () => {
		expectMp3(mp3Frame(), ms(1152, 44100));
	});
});

describe('MP3 tags', () => {
	const audio = mp3Frames(200, { kbps: 128 });
	const expected = ms(200 * 1152, 44100);

	it('skips an ID3v2.3 tag (whose body looks like frame headers)', () => {
		const fake = concat(
			mp3Frame({ kbps: 320 }).subarray(0, 8),
			Uint8Array.of(0xff, 0xfb, 0x90, 0x44),
		);
		expectMp3(concat(id3v2({ padding: 1000, body: fake }), audio), expected);
	});

	it('skips an ID3v2.4 tag with a footer', () => {
		expectMp3(concat(id3v2({ footer: true, padding: 37 }), audio), expected);
	});

	it('skips two ID3v2 tags in a row and zero padding after the tag', () => {
		expectMp3(concat(id3v2(), id3v2({ padding: 10 }), new Uint8Array(300), audio), expected);
	});

	it('ignores ID3v1, APEv2, Lyrics3v2 and appended ID3v2 tails', () => {
		expectMp3(concat(audio, id3v1()), expected);
		expectMp3(concat(audio, apev2(), id3v1()), expected);
		expectMp3(concat(audio, apev2()), expected);
		const lyrics = concat(ascii('LYRICSBEGIN'), ascii('IND0000210'), ascii('000021LYRICS200'));
		expectMp3(concat(audio, lyrics, id3v1()), expected);
		expectMp3(concat(id3v2(), audio, id3v2({ footer: true })), expected);
	});

	it('ignores a tail tag on a truncated final frame', () => {
		const cut = audio.subarray(0, audio.length - 100);
		expectMp3(concat(cut, id3v1()), ms(199 * 1152, 44100), false);
	});
});

describe('MP3 with Xing/Info and VBRI headers', () => {
	it('uses the Xing frame count (VBR), excluding the Xing frame itself', () => {
		const frames = 300;
		const rand = prng(7);
		const rates = [32, 64, 96, 128, 160, 192, 256, 320];
		const body = concat(
			...Array.from({ length: frames }, () =>
				mp3Frame({ kbps: rates[Math.floor(rand() * rates.length)] }),
			),
		);
		const file = concat(
			xingFrame({ kbps: 128, frames, bytes: body.length + 417, toc: true, quality: true }),
			body,
		);
		expectMp3(file, ms(frames * 1152, 44100));
	});

	it('subtracts the LAME encoder delay and padding', () => {
		const frames = 100;
		const file = concat(
			id3v2(),
			xingFrame({
				tag: 'Info',
				kbps: 128,
				frames,
				bytes: 417 * 101,
				toc: true,
				quality: true,
				lame: { delay: 576, padding: 1248 },
			}),
			mp3Frames(frames, { kbps: 128 }),
		);
		expectMp3(file, ms(frames * 1152 - 576 - 1248, 44100));
	});

	it('reads the LAME tag written by ffmpeg (Lavf) in a mono MPEG-2 file', () => {
		const spec: FrameSpec = { version: 2, kbps: 64, sampleRate: 22050, mono: true };
		const file = concat(
			xingFrame({ ...spec, frames: 80, lame: { delay: 1105, padding: 300, encoder: 'Lavf60.16' } }),
			mp3Frames(80, spec),
		);
		expectMp3(file, ms(80 * 576 - 1405, 22050));
	});

	it('uses a VBRI header', () => {
		const file = concat(
			vbriFrame({ kbps: 128, frames: 60, bytes: 417 * 61 }),
			mp3Frames(60, { kbps: 96 }),
		);
		expectMp3(file, ms(60 * 1152, 44100));
	});

	it('partial data: the header count wins, flagged inexact', () => {
		const file = concat(
			xingFrame({ kbps: 128, frames: 1000, bytes: 417 * 1001 }),
			mp3Frames(1000, { kbps: 128 }),
		);
		expectMp3(file.subarray(0, 50_000), ms(1000 * 1152, 44100), false);
		expectMp3(file.subarray(0, 417 * 200), ms(1000 * 1152, 44100), false); // cut on a frame boundary
	});

	it('ignores a stale header when the data holds far more frames (files joined after encoding)', () => {
		const file = concat(xingFrame({ kbps: 128, frames: 50 }), mp3Frames(150, { kbps: 128 }));
		expectMp3(file, ms(150 * 1152, 44100));
	});

	it('a Xing header without a frame count falls back to walking', () => {
		const file = concat(xingFrame({ kbps: 128, frames: 0 }), mp3Frames(77, { kbps: 128 }));
		expectMp3(file, ms(77 * 1152, 44100));
	});
});

describe('MP3 damaged or partial data', () => {
	it('truncated mid-frame: counts the complete frames, inexact', () => {
		const file = mp3Frames(100, { kbps: 128 });
		expectMp3(file.subarray(0, 417 * 60 + 200), ms(60 * 1152, 44100), false);
		expectMp3(file.subarray(0, 417 * 60 + 2), ms(60 * 1152, 44100), false); // inside a header
	});

	it('resynchronises over junk between frames', () => {
		const junk = new Uint8Array(333).fill(0x55);
		junk[10] = 0xff; // a lone sync byte in the junk
		expectMp3(concat(mp3Frames(40), junk, mp3Frames(60)), ms(100 * 1152, 44100));
	});

	it('finds the first frame after junk without a tag', () => {
		const junk = concat(ascii('not a tag, just some leading bytes'), new Uint8Array(500));
		expectMp3(concat(junk, mp3Frames(100)), ms(100 * 1152, 44100));
	});

	it('ignores trailing junk', () => {
		expectMp3(concat(mp3Frames(100), new Uint8Array(5000)), ms(100 * 1152, 44100));
	});

	it('counts frames across an ID3v2 tag in the middle', () => {
		expectMp3(concat(mp3Frames(30), id3v2({ padding: 20 }), mp3Frames(30)), ms(60 * 1152, 44100));
	});

	it('ignores a different stream interleaved (false syncs of another sample rate)', () => {
		const other = mp3Frame({ kbps: 128, sampleRate: 48000 });
		expectMp3(concat(mp3Frames(50), other, mp3Frames(50)), ms(100 * 1152, 44100));
	});

	it('an ID3v2 tag with no audio after it is not MP3', () => {
		assert.equal(measureAudioDuration(id3v2({ padding: 500 })), undefined);
		assert.equal(measureAudioDuration(concat(id3v2(), ascii('plain text, no frames'))), undefined);
	});

	it('an ID3v2 tag whose audio is cut off is not measurable', () => {
		assert.equal(measureAudioDuration(id3v2({ padding: 500 }).subarray(0, 200)), undefined);
	});
});

// Speed itself is bench/parsers.mts's job; here the work is counted, which no load can upset.
describe('MP3 work', () => {
	function measure(data: Uint8Array, t: { diagnostic(message: string): void }, label: string) {
		const t0 = performance.now();
		const result = duration.measureAudioDuration(data);
		const { spent } = work.lastWorkReport();
		t.diagnostic(`${label}: ${(performance.now() - t0).toFixed(2)} ms, ${spent} work units`);
		return { result, spent };
	}

	it('walks a 10 MB CBR 128 kbps file frame by frame, not byte by byte', (t) => {
		const frames = Math.floor((10 * 1024 * 1024) / 417);
		const data = mp3Frames(frames, { kbps: 128 });
		const { result, spent } = measure(data, t, `10 MB MP3 (${frames} frames of 128 kbps)`);
		assert.deepEqual(result, { format: 'mp3', durationMs: ms(frames * 1152, 44100), exact: true });
		assert.ok(spent <= frames + 100, `${spent} units for ${frames} frames`);
	});

	it('walks a 10 MB file of tiny 8 kbps MPEG-2.5 frames frame by frame', (t) => {
		const frames = Math.floor((10 * 1024 * 1024) / 72);
		const data = mp3Frames(frames, { version: 2.5, kbps: 8, sampleRate: 8000 });
		const { result, spent } = measure(data, t, `10 MB MP3 (${frames} frames of 8 kbps)`);
		assert.deepEqual(result, { format: 'mp3', durationMs: ms(frames * 576, 8000), exact: true });
		assert.ok(spent <= frames + 100, `${spent} units for ${frames} frames`);
	});

	it('rejects 10 MB of junk in one pass over it', (t) => {
		const junk = new Uint8Array(10 * 1024 * 1024);
		for (let i = 0; i < junk.length; i += 3) junk[i] = 0xff; // many sync-byte candidates
		const { result, spent } = measure(junk, t, '10 MB of junk');
		assert.equal(result, undefined);
		assert.ok(spent <= junk.length + 100, `${spent} units for ${junk.length} bytes`);
	});
});
