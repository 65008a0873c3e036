/**
 * The media parsers' work is linear in the input and bounded by the work budget: fuzzed with
 * random bytes, mutations of valid files and crafted structures (lying sizes and counts, deep
 * nesting, thousands of boxes, tags and chunks). Work is counted in the parsers' own units, never
 * timed (speed is bench/parsers.mts's job).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';

import type { AudioHint } from '../../nodes/core/media/duration.ts';
import {
	ascii,
	be32,
	be64,
	box,
	concat,
	frameHeader,
	ftyp,
	id3v2,
	le32,
	moof,
	mp3Frame,
	mp3Frames,
	timingBox,
	trak,
	trex,
	vbriFrame,
	wav,
	xingFrame,
} from './builders.mts';
import { HOSTILE, VALID } from './hostile.mts';
import { duration, mp3 as mp3Parser, mp4 as mp4Parser, wav as wavParser, work } from './work.mts';

const { AudioDurationError, measureAudioDuration, requireAudioDuration, sniffAudioFormat } = duration;
const { findMp3Stream, measureMp3 } = mp3Parser;
const { measureMp4 } = mp4Parser;
const { measureWav } = wavParser;

const FORMATS = ['mp3', 'wav', 'm4a'];
/** Honest parsing stays far inside the budget (8 units a byte): at most this many a byte. */
const LINEAR_PER_BYTE = 4;

function assertMeasurement(result: unknown, what: string): void {
	if (result === undefined) return;
	const r = result as { durationMs: number; exact: boolean; format?: string };
	assert.ok(Number.isInteger(r.durationMs) && r.durationMs >= 0, `${what}: ${JSON.stringify(r)}`);
	assert.equal(typeof r.exact, 'boolean', what);
	if (r.format !== undefined) assert.ok(FORMATS.includes(r.format), what);
}

/** The last parse stayed inside its budget, and linear. */
function assertWork(data: Uint8Array, what: string): void {
	const report = work.lastWorkReport();
	assert.equal(report.exceeded, false, `${what}: ran out of work budget (${JSON.stringify(report)})`);
	assert.ok(
		report.spent <= LINEAR_PER_BYTE * data.length + 4096,
		`${what}: ${report.spent} units for ${data.length} bytes`,
	);
}

/**
 * Everything the nodes call, and each parser on its own (no catch-all): nothing throws but the
 * "unreadable"/"unsupported" AudioDurationError, results are whole non-negative milliseconds, and
 * every parse keeps to a linear share of its budget.
 */
function parseAll(data: Uint8Array, hint?: AudioHint): void {
	if (data.length === 0) return;
	const info = measureAudioDuration(data, hint);
	assertWork(data, 'measureAudioDuration');
	assertMeasurement(info, 'measureAudioDuration');
	const format = sniffAudioFormat(data, hint);
	assertWork(data, 'sniffAudioFormat');
	if (info) assert.equal(format, info.format);
	try {
		assert.deepEqual(requireAudioDuration(data, hint), info);
	} catch (error) {
		assert.ok(error instanceof AudioDurationError, String(error));
		assert.equal(info, undefined);
		assert.equal(error.reason, format ? 'unreadable' : 'unsupported');
	}
	const wavResult = measureWav(data);
	assertWork(data, 'measureWav');
	assertMeasurement(wavResult, 'measureWav');
	const mp4Result = measureMp4(data);
	assertWork(data, 'measureMp4');
	assertMeasurement(mp4Result, 'measureMp4');
	const stream = findMp3Stream(data, true);
	assertWork(data, 'findMp3Stream');
	if (stream) {
		assertMeasurement(measureMp3(data, stream), 'measureMp3');
		assertWork(data, 'measureMp3');
	}
}

const HINTS: Array<AudioHint | undefined> = [
	undefined,
	{ fileName: 'voice.mp3' },
	{ mimeType: 'audio/mp4' },
];
const hint = fc.constantFrom(...HINTS);
/** Numbers a lying header would use. */
const u32 = fc.oneof(
	fc.constantFrom(0, 1, 2, 7, 8, 9, 16, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff),
	fc.integer({ min: 0, max: 0xffffffff }),
);

describe('media parsers: linear work under the budget (fuzzed)', () => {
	it('random bytes, bare or behind a format signature', () => {
		const signatures = [
			new Uint8Array(0),
			concat(ascii('RIFF'), le32(0xffffffff), ascii('WAVE')),
			concat(ascii('RF64'), le32(0xffffffff), ascii('WAVE')),
			ftyp(),
			concat(be32(0), ascii('moov')),
			id3v2(),
			frameHeader({}),
		];
		fc.assert(
			fc.property(fc.constantFrom(...signatures), fc.uint8Array({ maxLength: 8192 }), hint, (head, body, h) =>
				parseAll(concat(head, body), h),
			),
			{ numRuns: 400 },
		);
	});

	it('mutations of valid files: bit flips, lying numbers, truncations, splices', () => {
		const seeds = [
			...VALID.map((sample) => sample.make(6000)),
			concat(id3v2({ padding: 20 }), xingFrame({ frames: 30, bytes: 417 * 31, toc: true, lame: { delay: 576, padding: 900 } }), mp3Frames(30)),
			concat(vbriFrame({ frames: 20, bytes: 417 * 21 }), mp3Frames(20)),
			wav({ sampleRate: 8000, channels: 2, dataBytes: 3001, order: ['list', 'fmt', 'junk', 'data'] }),
			wav({ rf64: true, extensible: true, sampleRate: 48000, dataBytes: 480, factSamples: 120 }),
			concat(ftyp(), box('moov', timingBox('mvhd', 1, 1000, 5000), trak('vide', 1, 1), trak('soun', 44100, 441000, { trackId: 2, edits: [[-1, -1], [4000, 1024]] }))),
			concat(ftyp(), box('moov', timingBox('mvhd', 0, 1000, 0), trak('soun', 44100, 0, { trackId: 3 }), box('mvex', trex(3, 1024))), moof(3, [1024, 1000]), moof(3, { count: 9, defaultDuration: 512 })),
		];
		const mutation = fc.oneof(
			fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
			fc.record({ kind: fc.constant('u32' as const), at: fc.nat(), value: u32 }),
			fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
			fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 64 }) }),
			fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }), times: fc.integer({ min: 1, max: 200 }) }),
		);
		fc.assert(
			fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 }), hint, (seed, mutations, h) => {
				let data = Uint8Array.from(seed);
				for (const m of mutations) {
					const at = data.length ? m.at % data.length : 0;
					if (m.kind === 'flip') data[at] ^= 1 << m.bit;
					else if (m.kind === 'u32') data.set(be32(m.value).subarray(0, Math.max(0, data.length - at)), at);
					else if (m.kind === 'truncate') data = data.subarray(0, at);
					else if (m.kind === 'splice') data = concat(data.subarray(0, at), m.bytes, data.subarray(at));
					else {
						const piece = data.subarray(at, at + m.length);
						data = concat(data.subarray(0, at), ...Array.from({ length: m.times }, () => piece), data.subarray(at));
					}
				}
				parseAll(data, h);
			}),
			{ numRuns: 1500 },
		);
	});

	it('crafted MP4 box trees: lying sizes and counts, deep nesting, many tracks', () => {
		const TYPES = ['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'elst', 'mvex', 'trex', 'mehd', 'moof', 'traf', 'tfhd', 'trun', 'hdlr', 'mdhd', 'mvhd', 'tkhd', 'stts', 'stsz', 'free', 'mdat'];
		/** A box's size field: honest, 0 (to the end), a 64-bit size, or a lie. */
		const sizing = fc.constantFrom('honest', 'honest', 'honest', 'zero', 'large', 'small', 'huge');
		type Tree = { type: string; sizing: string; payload: Uint8Array; children: Tree[] };
		// Full-box fields and table entries, with lying counts among them.
		const payload = fc.array(u32, { maxLength: 8 }).map((words) => concat(...words.map(be32)));
		const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
			tree: fc.oneof(
				{ maxDepth: 8, depthIdentifier: 'box' },
				fc.record({ type: fc.constantFrom(...TYPES), sizing, payload, children: fc.constant<Tree[]>([]) }),
				fc.record({
					type: fc.constantFrom(...TYPES),
					sizing,
					payload,
					children: fc.array(tie('tree'), { maxLength: 4, depthIdentifier: 'box' }),
				}),
			),
		}));
		const build = (t: Tree): Uint8Array => {
			const body = concat(t.payload, ...t.children.map(build));
			const type = ascii(t.type);
			if (t.sizing === 'large') return concat(be32(1), type, be64(body.length + 16), body);
			const size = { honest: body.length + 8, zero: 0, small: 8 + (body.length >> 1), huge: 0x7fffffff }[t.sizing] ?? 0;
			return concat(be32(size), type, body);
		};
		fc.assert(
			fc.property(
				fc.array(tree, { minLength: 1, maxLength: 6 }),
				fc.integer({ min: 1, max: 300 }),
				fc.nat(5),
				(trees, copies, repeated) => {
					// One of the trees many times over: thousands of tracks or fragments.
					const many = Array.from({ length: copies }, () => build(trees[repeated % trees.length]));
					parseAll(concat(ftyp(), ...trees.map(build), ...many));
				},
			),
			{ numRuns: 400 },
		);
	});

	it('crafted MP3 streams: lying Xing/VBRI counts, false sync words, tags with lying sizes', () => {
		const spec = fc.record({
			version: fc.constantFrom(1 as const, 2 as const, 2.5 as const),
			padding: fc.boolean(),
			mono: fc.boolean(),
		});
		const part = fc.oneof(
			spec.map((s) => mp3Frames(3, { ...s, kbps: s.version === 1 ? 128 : 64, sampleRate: s.version === 1 ? 44100 : s.version === 2 ? 22050 : 11025 })),
			u32.map((frames) => xingFrame({ frames, bytes: frames, toc: true, lame: { delay: 576, padding: 1000 } })),
			u32.map((frames) => vbriFrame({ frames, bytes: frames })),
			fc.integer({ min: 0, max: 0x0fffffff }).map((size) =>
				concat(ascii('ID3'), Uint8Array.of(3, 0, 0, (size >> 21) & 127, (size >> 14) & 127, (size >> 7) & 127, size & 127)),
			),
			fc.integer({ min: 1, max: 2000 }).map((n) => concat(...Array.from({ length: n }, () => frameHeader({ sampleRate: n % 2 ? 48000 : 44100 })))),
			fc.uint8Array({ maxLength: 300 }),
			fc.integer({ min: 1, max: 4000 }).map((n) => new Uint8Array(n).fill(0xff)),
			fc.constant(concat(ascii('TAG'), new Uint8Array(125))),
			u32.map((size) => concat(ascii('APETAGEX'), le32(2000), le32(size), le32(0), le32(0x80000000), new Uint8Array(8))),
		);
		fc.assert(
			fc.property(fc.array(part, { minLength: 1, maxLength: 12 }), hint, (parts, h) => parseAll(concat(mp3Frame(), ...parts), h)),
			{ numRuns: 500 },
		);
	});

	it('crafted WAV files: lying chunk sizes, thousands of chunks, RF64 sizes', () => {
		const chunk = fc.record({
			id: fc.constantFrom('fmt ', 'data', 'fact', 'ds64', 'LIST', 'JUNK', 'x\u0000\u00ff1'),
			declared: fc.oneof(u32, fc.integer({ min: 0, max: 64 })),
			body: fc.uint8Array({ maxLength: 48 }),
			times: fc.constantFrom(1, 1, 1, 3000),
		});
		fc.assert(
			fc.property(fc.constantFrom('RIFF', 'RF64', 'BW64'), u32, fc.array(chunk, { maxLength: 8 }), (magic, size, chunks) => {
				const body = chunks.flatMap((c) => Array.from({ length: c.times }, () => concat(ascii(c.id), le32(c.declared), c.body)));
				parseAll(concat(ascii(magic), le32(size), ascii('WAVE'), ...body));
			}),
			{ numRuns: 400 },
		);
	});
});

describe('media parsers: hostile files', () => {
	for (const sample of [...HOSTILE, ...VALID]) {
		it(`${sample.name}: linear work, a length or a clear "unreadable"`, () => {
			const small = sample.make(64 * 1024);
			const big = sample.make(1024 * 1024);
			parseAll(small, { fileName: `file.${sample.kind}` });
			measureAudioDuration(small, { fileName: `file.${sample.kind}` });
			const smallWork = work.lastWorkReport().spent;
			parseAll(big, { fileName: `file.${sample.kind}` });
			measureAudioDuration(big, { fileName: `file.${sample.kind}` });
			const bigWork = work.lastWorkReport().spent;
			// 16 times the data takes at most about 16 times the work: no hidden quadratic.
			assert.ok(bigWork <= 17 * smallWork + 4096, `${smallWork} units for 64 KB, ${bigWork} for 1 MB`);
			try {
				assertMeasurement(requireAudioDuration(big, { fileName: `file.${sample.kind}` }), sample.name);
			} catch (error) {
				assert.ok(error instanceof AudioDurationError);
				if (error.reason === 'unsupported') {
					// MP3 is known by its frames: data without any is simply not audio.
					assert.equal(sample.kind, 'mp3');
					assert.equal(error.message, 'The audio is not MP3, WAV or M4A, so its length cannot be measured');
				} else {
					assert.equal(error.reason, 'unreadable');
					assert.equal(error.format, sample.kind);
					assert.match(error.message, /looks like (MP3|WAV|M4A) but its length cannot be read \(the file may be damaged or incomplete\)/);
				}
			}
		});
	}

	it('boxes a child claims beyond its parent are cut at the parent, as ffmpeg does', () => {
		// A fragment whose trun claims 2 GB holds no sample durations, so no length.
		const lying = HOSTILE[0].make(64 * 1024);
		assert.equal(measureAudioDuration(lying), undefined);
		// An mdia claiming to run to the end of the file does not swallow the tracks after it.
		const moov = box('moov', timingBox('mvhd', 0, 1000, 9000), box('trak', concat(be32(0x7fffffff), ascii('mdia'))), trak('soun', 44100, 44100 * 3));
		assert.deepEqual(measureAudioDuration(concat(ftyp(), moov)), { format: 'm4a', durationMs: 3000, exact: true });
	});
});

describe('media parsers: running out of work budget', () => {
	const files = [
		['MP3', concat(id3v2(), mp3Frames(2000))],
		['WAV', wav({ sampleRate: 8000, dataBytes: 16000, order: [...Array.from({ length: 60 }, () => 'junk' as const), 'fmt', 'data'] })],
		['M4A', concat(ftyp(), box('moov', timingBox('mvhd', 0, 1000, 0), ...Array.from({ length: 50 }, () => trak('vide', 1, 1)), trak('soun', 44100, 44100)))],
	] as const;

	for (const [name, data] of files) {
		it(`${name}: the length is unknown, and the error says the file is unreadable`, () => {
			assert.ok(measureAudioDuration(data), 'readable within the normal budget');
			assert.equal(work.withWorkCap(40, () => measureAudioDuration(data)), undefined);
			assert.deepEqual(work.lastWorkReport(), { ...work.lastWorkReport(), budget: 40, exceeded: true });
			assert.throws(
				() => work.withWorkCap(40, () => requireAudioDuration(data)),
				(error: unknown) =>
					error instanceof AudioDurationError &&
					error.reason === 'unreadable' &&
					error.message === `The audio looks like ${name} but its length cannot be read (the file may be damaged or incomplete)`,
			);
		});
	}

	it('a stopped parse never leaks a partial result, even from the parsers used directly', () => {
		const [, mp3] = files[0];
		const stream = findMp3Stream(mp3, false);
		assert.ok(stream);
		assert.equal(work.withWorkCap(100, () => measureMp3(mp3, stream)), undefined);
		assert.equal(work.withWorkCap(3, () => measureWav(files[1][1])), undefined);
		assert.equal(work.withWorkCap(20, () => measureMp4(files[2][1])), undefined);
		// and the cap is gone afterwards
		assert.ok(measureMp3(mp3, stream));
		assert.equal(work.lastWorkReport().exceeded, false);
	});
});
