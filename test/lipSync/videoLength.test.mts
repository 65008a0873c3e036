// The video length the lip-sync rules use: the movie header's duration (not the audio track's,
// which may be shorter than the picture), unknown when the header is missing or cut off, and
// never a crash on crafted bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { movieLengthMs } from '../../nodes/core/media/duration/mp4.ts';
import { measureMp4 } from '../../nodes/core/media/duration/mp4.ts';
import { box, concat, ftyp, timingBox, trak } from '../media/builders.mts';
import { media } from './helpers.mts';

/** An MP4 whose movie lasts movieMs, with a video track and an audio track of audioMs. */
function mp4(movieMs: number, audioMs: number, version: 0 | 1 = 0): Uint8Array {
	const moov = box('moov', timingBox('mvhd', version, 600, (movieMs * 600) / 1000), trak('vide', 12800, movieMs * 12.8), trak('soun', 48000, audioMs * 48, { trackId: 2 }));
	return concat(ftyp('isom'), moov, box('mdat', new Uint8Array(16)));
}

describe('video length (movie header)', () => {
	it('reads the length of MP4 videos', async () => {
		for (const ms of [1000, 2000, 10_000, 60_000, 90_000]) {
			assert.equal(movieLengthMs(new Uint8Array(await media('mp4', { durationMs: ms }))), ms);
		}
	});

	it('takes the movie header, not a shorter audio track', () => {
		for (const version of [0, 1] as const) {
			const video = mp4(30_000, 5000, version);
			assert.equal(measureMp4(video)?.durationMs, 5000, 'the audio reader takes the audio track');
			assert.equal(movieLengthMs(video), 30_000);
		}
	});

	it('does not know the length of a cut-off file, a file without a movie header, or another format', async () => {
		const video = await media('mp4', { durationMs: 5000 });
		const moov = video.indexOf('moov', 0, 'latin1') - 4;
		assert.equal(movieLengthMs(new Uint8Array(video.subarray(0, moov + 40))), undefined);
		assert.equal(movieLengthMs(mp4(0, 5000)), undefined, 'no movie duration');
		assert.equal(movieLengthMs(concat(ftyp('isom'), box('moov', trak('vide', 12800, 64000)))), undefined, 'no mvhd');
		assert.equal(movieLengthMs(new Uint8Array(await media('png'))), undefined);
		assert.equal(movieLengthMs(new Uint8Array(0)), undefined);
	});

	it('returns a length or undefined for any mutation of a real file (fuzz)', async () => {
		const video = new Uint8Array(await media('mp4', { durationMs: 5000 }));
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.nat({ max: video.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
				fc.nat({ max: video.length }),
				(edits, cut) => {
					const bytes = video.slice(0, Math.max(cut, 8));
					for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
					const ms = movieLengthMs(bytes);
					assert.ok(ms === undefined || (Number.isInteger(ms) && ms >= 0), String(ms));
				},
			),
			{ numRuns: 2000 },
		);
	});
});
