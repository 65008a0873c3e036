import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
	AudioDurationError,
	measureAudioDuration,
	requireAudioDuration,
	sniffAudioFormat,
} from '../../nodes/core/media/duration.ts';
import { findMp3Stream, measureMp3 } from '../../nodes/core/media/duration/mp3.ts';
import { measureMp4 } from '../../nodes/core/media/duration/mp4.ts';
import { measureWav } from '../../nodes/core/media/duration/wav.ts';
import {
	apev2,
	ascii,
	be32,
	box,
	concat,
	ftyp,
	id3v1,
	id3v2,
	mp3Frame,
	mp3Frames,
	prng,
	randomBytes,
	timingBox,
	trak,
	wav,
	xingFrame,
} from './builders.mts';
import { duration, work } from './work.mts';

const PNG = concat(
	Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
	be32(13),
	ascii('IHDR'),
	be32(1),
	be32(1),
	Uint8Array.of(8, 6, 0, 0, 0),
	be32(0x1f15c489),
	be32(13),
	ascii('IDAT'),
	Uint8Array.of(0x78, 0x9c, 0x63, 0xf8, 0xff, 0xff, 0x3f, 0x00, 0x05, 0xfe, 0x02, 0xfe, 0xa7),
	be32(0x35d0ec56),
	be32(0),
	ascii('IEND'),
	be32(0xae426082),
);
const JPEG = concat(
	Uint8Array.of(0xff, 0xd8, 0xff, 0xe0),
	be32(0x00104a46),
	ascii('IF\0'),
	new Uint8Array(200),
	Uint8Array.of(0xff, 0xd9),
);

describe('not audio', () => {
	const cases: Array<[string, Uint8Array]> = [
		['empty', new Uint8Array(0)],
		['one byte', Uint8Array.of(0xff)],
		['a lone frame header', Uint8Array.of(0xff, 0xfb, 0x90, 0x64)],
		['text', ascii('hello, this is definitely not audio\n'.repeat(50))],
		['zeros', new Uint8Array(1_000_000)],
		['0xFF bytes', new Uint8Array(100_000).fill(0xff)],
		['PNG', PNG],
		['JPEG', JPEG],
		['JSON', ascii(JSON.stringify({ code: 0, data: { taskId: '1234567890123456789' } }))],
		[
			'an ADTS AAC frame header',
			concat(Uint8Array.of(0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc), new Uint8Array(100)),
		],
	];
	for (const [name, data] of cases) {
		it(name, () => {
			assert.equal(sniffAudioFormat(data), undefined);
			assert.equal(measureAudioDuration(data), undefined);
			assert.equal(
				measureAudioDuration(data, { mimeType: 'audio/mpeg', fileName: 'x.mp3' }),
				undefined,
			);
		});
	}

	it('random bytes of many sizes and seeds', () => {
		for (const size of [3, 10, 100, 1000, 10_000, 100_000, 1_000_000]) {
			for (let seed = 1; seed <= (size > 100_000 ? 3 : 40); seed++) {
				const data = randomBytes(size, seed * 7919 + size);
				assert.equal(sniffAudioFormat(data), undefined, `size ${size} seed ${seed}`);
				assert.equal(measureAudioDuration(data), undefined, `size ${size} seed ${seed}`);
			}
		}
	});

	it('non-Uint8Array input gives undefined rather than throwing', () => {
		const anyMeasure = measureAudioDuration as (data: unknown) => unknown;
		const anySniff = sniffAudioFormat as (data: unknown) => unknown;
		for (const value of [
			undefined,
			null,
			'ID3',
			42,
			{},
			[0xff, 0xfb, 0x90, 0x64],
			new ArrayBuffer(8),
		]) {
			assert.equal(anyMeasure(value), undefined);
			assert.equal(anySniff(value), undefined);
		}
	});
});

describe('inputs and hints', () => {
	it('accepts a Node Buffer, including a view into a larger pooled buffer', () => {
		const frames = mp3Frames(100);
		const expected = measureAudioDuration(frames);
		assert.deepEqual(measureAudioDuration(Buffer.from(frames)), expected);
		// Surround the view with more frames: nothing outside the view may be read.
		const big = concat(mp3Frames(500), frames, mp3Frames(500));
		const view = big.subarray(417 * 500, 417 * 600);
		assert.deepEqual(measureAudioDuration(view), expected);
		const wavFile = wav({ sampleRate: 8000, dataBytes: 16000 });
		const roomy = concat(wavFile, wav({ sampleRate: 8000, dataBytes: 160000 }));
		assert.deepEqual(
			measureAudioDuration(roomy.subarray(0, wavFile.length)),
			measureAudioDuration(wavFile),
		);
	});

	it('the content decides the format, whatever the hint says', () => {
		const wavFile = wav({ sampleRate: 8000, dataBytes: 16000 });
		assert.equal(
			sniffAudioFormat(wavFile, { mimeType: 'audio/mpeg', fileName: 'voice.mp3' }),
			'wav',
		);
		assert.equal(measureAudioDuration(wavFile, { mimeType: 'audio/mpeg' })?.format, 'wav');
		assert.equal(
			sniffAudioFormat(mp3Frames(10), { mimeType: 'audio/wav', fileName: 'a.wav' }),
			'mp3',
		);
	});

	it('an MP3 hint accepts a short untagged stream after junk', () => {
		const data = concat(ascii('junk before the audio'), mp3Frames(2), ascii('and junk after it'));
		assert.equal(sniffAudioFormat(data), undefined);
		assert.equal(sniffAudioFormat(data, { mimeType: 'audio/mpeg; charset=binary' }), 'mp3');
		assert.equal(sniffAudioFormat(data, { fileName: 'speech.MP3' }), 'mp3');
		assert.deepEqual(measureAudioDuration(data, { fileName: 'speech.mp3' }), {
			format: 'mp3',
			durationMs: Math.floor((2 * 1152 * 1000) / 44100),
			exact: true,
		});
	});
});

describe('requireAudioDuration', () => {
	it('returns the info', () => {
		assert.equal(requireAudioDuration(mp3Frames(383)).durationMs, 10004);
	});

	it('explains unsupported and unreadable audio', () => {
		assert.throws(
			() => requireAudioDuration(PNG),
			(e: unknown) =>
				e instanceof AudioDurationError &&
				e.reason === 'unsupported' &&
				/not MP3, WAV or M4A/.test(e.message),
		);
		const noMoov = concat(ftyp(), box('mdat', new Uint8Array(100)));
		assert.throws(
			() => requireAudioDuration(noMoov),
			(e: unknown) =>
				e instanceof AudioDurationError &&
				e.reason === 'unreadable' &&
				e.format === 'm4a' &&
				/M4A/.test(e.message),
		);
	});
});

describe('fuzzing (the parsers themselves, without the safety net)', () => {
	const seeds: Uint8Array[] = [
		concat(
			id3v2({ padding: 50 }),
			xingFrame({
				kbps: 128,
				frames: 40,
				bytes: 417 * 41,
				toc: true,
				lame: { delay: 576, padding: 500 },
			}),
			mp3Frames(40),
			apev2(),
			id3v1(),
		),
		concat(
			mp3Frames(30, { version: 2, kbps: 32, sampleRate: 22050 }),
			mp3Frame({ version: 2.5, kbps: 8, sampleRate: 8000 }),
		),
		wav({ sampleRate: 8000, channels: 2, dataBytes: 3001, order: ['list', 'fmt', 'data'] }),
		wav({ rf64: true, extensible: true, sampleRate: 48000, dataBytes: 480 }),
		wav({ formatTag: 0x11, bitsPerSample: 4, blockAlign: 256, dataBytes: 512, factSamples: 1010 }),
		concat(
			ftyp(),
			box(
				'moov',
				timingBox('mvhd', 1, 1000, 5000),
				trak('vide', 1, 1),
				trak('soun', 44100, 441000, 1),
			),
			box('mdat', new Uint8Array(64)),
		),
	];
	const parse = (data: Uint8Array) => {
		const stream = findMp3Stream(data, true);
		const results = [measureWav(data), measureMp4(data), stream && measureMp3(data, stream)];
		for (const r of results) {
			if (r === undefined) continue;
			assert.ok(Number.isInteger(r.durationMs) && r.durationMs >= 0, JSON.stringify(r));
			assert.equal(typeof r.exact, 'boolean');
		}
		const info = measureAudioDuration(data);
		if (info) assert.ok(['mp3', 'wav', 'm4a'].includes(info.format));
	};

	it('survives 20,000 mutations: bit flips, overwrites, truncations, splices', () => {
		const rand = prng(2024);
		const pick = (n: number) => Math.floor(rand() * n);
		for (let i = 0; i < 20_000; i++) {
			const data = Uint8Array.from(seeds[i % seeds.length]);
			let mutated: Uint8Array = data;
			switch (pick(5)) {
				case 0:
					for (let k = 0; k <= pick(8); k++) data[pick(data.length)] ^= 1 << pick(8);
					break;
				case 1:
					for (let k = 0; k <= pick(4); k++)
						data[pick(data.length)] = [0, 0xff, 0x7f, 0x80, 1][pick(5)];
					break;
				case 2:
					mutated = data.subarray(0, pick(data.length));
					break;
				case 3:
					mutated = data.subarray(pick(data.length));
					break;
				default: {
					const at = pick(data.length);
					mutated = concat(data.subarray(0, at), randomBytes(pick(64), i), data.subarray(at));
				}
			}
			parse(mutated);
		}
	});

	it('survives every truncation of each seed file', () => {
		for (const seed of seeds) {
			for (let n = 0; n <= seed.length; n += seed.length > 4000 ? 7 : 1) parse(seed.subarray(0, n));
		}
	});

	it('rejects 10 MB of repeated frame headers that never chain, in one pass', (t) => {
		const data = new Uint8Array(10 * 1024 * 1024);
		for (let i = 0; i + 4 <= data.length; i += 4) data.set([0xff, 0xfb, 0x90, 0x64], i);
		const t0 = performance.now();
		assert.equal(duration.measureAudioDuration(data), undefined);
		const { spent } = work.lastWorkReport();
		t.diagnostic(`10 MB of unchained frame headers: ${(performance.now() - t0).toFixed(2)} ms, ${spent} work units`);
		// every byte looked at once, every header (one in four bytes) checked once more
		assert.ok(spent <= 1.25 * data.length + 100, `${spent} units for ${data.length} bytes`);
	});
});
