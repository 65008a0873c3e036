// Properties of the lip-sync timing rules (issue 14): timings the node accepts never break a rule
// RunningHub enforces, and the checks made before identify-face never refuse timings that the
// full check (with the face window) would accept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { checkTimingsBeforeFaces, computeTimings, overlapMs, validateTimings } from '../../nodes/core/lipSync/timing.ts';

const ms = (min: number, max: number) => fc.integer({ min, max });
const optional = (arb: fc.Arbitrary<number>) => fc.option(arb, { nil: undefined });

/** A video, a face window inside it (ending at most a few ms after it, as Kling reports), audio, overrides. */
const scene = fc
	.record({ videoMs: ms(2000, 60_000), audioMs: ms(2000, 60_000), a: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }), overshoot: ms(0, 10) })
	.chain((s) => {
		const startMs = Math.floor(s.a * s.videoMs);
		const endMs = Math.min(s.videoMs + s.overshoot, startMs + Math.ceil(s.b * (s.videoMs - startMs)) + s.overshoot);
		return fc.record({
			videoMs: fc.constant(s.videoMs),
			audioMs: fc.constant(s.audioMs),
			face: fc.constant({ startMs, endMs }),
			measured: fc.boolean(),
			overrides: fc.record({ soundStartTime: optional(ms(0, 60_000)), soundEndTime: optional(ms(0, 60_000)), soundInsertTime: optional(ms(0, 60_000)) }, { requiredKeys: [] }),
		});
	});

describe('lip-sync timings (property)', () => {
	it('accepted timings keep every rule: 2 s cut, within the audio, within the video, 2 s on the face', () => {
		fc.assert(
			fc.property(scene, ({ videoMs, audioMs, face, measured, overrides }) => {
				const known = measured ? videoMs : undefined;
				const result = computeTimings({ audioMs, videoMs: known, face, overrides, audio: { parameter: 'Audio URL' } });
				if ('problem' in result) return;
				const t = result.timings;
				const span = t.soundEndTime - t.soundStartTime;
				assert.ok(span >= 2000 && t.soundEndTime <= audioMs, JSON.stringify(t));
				assert.ok(t.soundInsertTime + span <= (known ?? 60_000), JSON.stringify({ t, known }));
				assert.ok(overlapMs(t, face) >= 2000, JSON.stringify({ t, face }));
			}),
			{ numRuns: 3000 },
		);
	});

	it('the check before identify-face refuses nothing the full check accepts', () => {
		fc.assert(
			fc.property(scene, ({ videoMs, audioMs, face, measured, overrides }) => {
				const known = measured ? videoMs : undefined;
				const result = computeTimings({ audioMs, videoMs: known, face, overrides, audio: { parameter: 'Audio URL' } });
				if ('problem' in result) return;
				assert.equal(checkTimingsBeforeFaces(overrides, { audioMs, videoMs: known }), undefined, JSON.stringify({ result, overrides }));
				assert.equal(validateTimings(result.timings, { audioMs, videoMs: known, face }), undefined);
			}),
			{ numRuns: 3000 },
		);
	});

	it('cuts automatic timings to a measured video that ends before the reported face window', () => {
		const result = computeTimings({ audioMs: 12_000, videoMs: 8000, face: { startMs: 200, endMs: 8300 }, audio: { parameter: 'Audio URL' } });
		assert.ok(!('problem' in result));
		assert.deepEqual(result.timings, { soundStartTime: 0, soundEndTime: 7800, soundInsertTime: 200 });
	});
});
