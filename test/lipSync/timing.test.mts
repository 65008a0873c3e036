// Timing computation (with its clamping edge cases), every timing rule with its exact message,
// and the cost sum.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { stepCost, sumCosts } from '../../nodes/core/lipSync/cost';
import type { FaceWindow } from '../../nodes/core/lipSync/timing';
import { checkAudioLength, computeTimings, overlapMs, validateTimings, WINDOW_END_MARGIN_MS } from '../../nodes/core/lipSync/timing';

const FACE: FaceWindow = { startMs: 200, endMs: 8300 };
const AUDIO = { parameter: 'Audio URL' };
const SPEECH = { parameter: 'Text', speech: true };

describe('computeTimings', () => {
	it('inserts the whole audio at the start of the face window when it fits', () => {
		assert.deepEqual(computeTimings({ audioMs: 3448, face: FACE, audio: SPEECH }), {
			timings: { soundStartTime: 0, soundEndTime: 3448, soundInsertTime: 200 },
			trimmedMs: 0,
		});
	});

	it('cuts audio that runs past the window, so the inserted span ends just before the window does', () => {
		const result = computeTimings({ audioMs: 12_000, face: FACE, audio: AUDIO });
		assert.deepEqual(result, { timings: { soundStartTime: 0, soundEndTime: 8050, soundInsertTime: 200 }, trimmedMs: 3950 });
		// RunningHub may report a window ending a few ms past the video (docs/runninghub-api.md §2).
		if ('timings' in result) assert.equal(result.timings.soundInsertTime + result.timings.soundEndTime - result.timings.soundStartTime, FACE.endMs - WINDOW_END_MARGIN_MS);
	});

	it('clamps from an overridden start and insert point', () => {
		assert.deepEqual(computeTimings({ audioMs: 10_000, face: FACE, overrides: { soundStartTime: 1000, soundInsertTime: 5000 }, audio: AUDIO }), {
			timings: { soundStartTime: 1000, soundEndTime: 4250, soundInsertTime: 5000 },
			trimmedMs: 5750,
		});
	});

	it('uses an audio that fits the window less its end margin, and a window of exactly 2 s', () => {
		assert.deepEqual(computeTimings({ audioMs: 8050, face: FACE, audio: AUDIO }), {
			timings: { soundStartTime: 0, soundEndTime: 8050, soundInsertTime: 200 },
			trimmedMs: 0,
		});
		assert.deepEqual(computeTimings({ audioMs: 5000, face: { startMs: 1000, endMs: 3000 }, audio: AUDIO }), {
			timings: { soundStartTime: 0, soundEndTime: 2000, soundInsertTime: 1000 },
			trimmedMs: 3000,
		});
	});

	it('keeps an explicit end (not clamped) and validates it', () => {
		assert.deepEqual(computeTimings({ audioMs: 9000, face: FACE, overrides: { soundEndTime: 9000 }, audio: AUDIO }), {
			timings: { soundStartTime: 0, soundEndTime: 9000, soundInsertTime: 200 },
			trimmedMs: 0,
		});
		assert.deepEqual(computeTimings({ face: FACE, overrides: { soundEndTime: 4000 }, audio: AUDIO }), {
			timings: { soundStartTime: 0, soundEndTime: 4000, soundInsertTime: 200 },
			trimmedMs: 0,
		});
	});

	it('refuses audio under 2 s or over 60 s, naming where the audio came from', () => {
		assert.deepEqual(computeTimings({ audioMs: 1500, face: FACE, audio: SPEECH }), {
			problem: {
				parameter: 'Text',
				problem: 'the speech is 1500 ms long, under the 2000 ms lip-sync needs',
				fix: 'Write a longer text: the speech must last at least 2 seconds.',
			},
		});
		assert.deepEqual(checkAudioLength(61_000, AUDIO), {
			parameter: 'Audio URL',
			problem: 'the audio is 61000 ms long, over the 60000 ms lip-sync accepts',
			fix: 'Trim the audio to at most 60 seconds, or split it into several parts.',
		});
		assert.equal(checkAudioLength(2000, AUDIO), undefined);
		assert.equal(checkAudioLength(60_000, AUDIO), undefined);
	});

	it('says what to set when the audio length is unknown', () => {
		assert.deepEqual(computeTimings({ face: FACE, audio: AUDIO }), {
			problem: {
				parameter: 'Sound End Time (Milliseconds)',
				problem: 'is not set, and the length of the audio is unknown',
				fix: 'Set Sound End Time (and if needed Sound Start Time and Sound Insert Time) under Lip-Sync Options, in milliseconds.',
			},
		});
	});

	it('refuses a start that leaves under 2 s of audio', () => {
		assert.deepEqual(computeTimings({ audioMs: 5000, face: FACE, overrides: { soundStartTime: 3500 }, audio: AUDIO }), {
			problem: {
				parameter: 'Sound Start Time (Milliseconds)',
				problem: '3500 ms leaves 1500 ms of the 5000 ms audio, under the 2000 ms minimum',
				fix: 'Set Sound Start Time to at most 3000, or leave it unset to start at the beginning of the audio.',
			},
		});
	});

	it('refuses an insert point that leaves under 2 s of the face window', () => {
		assert.deepEqual(computeTimings({ audioMs: 5000, face: FACE, overrides: { soundInsertTime: 7000 }, audio: AUDIO }), {
			problem: {
				parameter: 'Sound Insert Time (Milliseconds)',
				problem: '7000 ms leaves 1300 ms of the face\'s window (200–8300 ms), under the 2000 ms minimum',
				fix: 'Set Sound Insert Time to at most 6300, or leave it unset to insert at the start of the face\'s window (200 ms).',
			},
		});
		const after = computeTimings({ audioMs: 5000, face: FACE, overrides: { soundInsertTime: 9000 }, audio: AUDIO });
		assert.ok('problem' in after && after.problem.problem.startsWith('9000 ms leaves 0 ms'));
	});
});

describe('validateTimings: every rule of docs/runninghub-api.md §4', () => {
	const ok = { soundStartTime: 0, soundEndTime: 3000, soundInsertTime: 200 };

	it('accepts valid timings, with and without what is known', () => {
		assert.equal(validateTimings(ok), undefined);
		assert.equal(validateTimings(ok, { audioMs: 3000, face: FACE }), undefined);
	});

	it('whole milliseconds from 0', () => {
		assert.deepEqual(validateTimings({ ...ok, soundInsertTime: -1 }), {
			parameter: 'Sound Insert Time (Milliseconds)',
			problem: '-1 is not a whole number of milliseconds from 0 up',
			fix: 'Enter a whole number of milliseconds, 0 or more, e.g. 2000 for 2 seconds.',
		});
		assert.equal(validateTimings({ ...ok, soundStartTime: 0.5 })?.parameter, 'Sound Start Time (Milliseconds)');
	});

	it('end at most 60 s', () => {
		assert.deepEqual(validateTimings({ ...ok, soundEndTime: 60_001 }), {
			parameter: 'Sound End Time (Milliseconds)',
			problem: '60001 ms is past 60000 ms, the longest audio lip-sync accepts',
			fix: 'Enter at most 60000: lip-sync audio lasts 2 to 60 seconds.',
		});
	});

	it('end after start', () => {
		assert.deepEqual(validateTimings({ ...ok, soundStartTime: 3000, soundEndTime: 3000 }), {
			parameter: 'Sound End Time (Milliseconds)',
			problem: '3000 ms is not after Sound Start Time (3000 ms)',
			fix: 'Set Sound End Time later than Sound Start Time: the audio between them is lip-synced and must last at least 2000 ms, e.g. 5000.',
		});
	});

	it('cut audio at least 2 s', () => {
		assert.deepEqual(validateTimings({ ...ok, soundStartTime: 1000, soundEndTime: 2999 }), {
			parameter: 'Sound End Time (Milliseconds)',
			problem: 'the cut audio from 1000 to 2999 ms lasts 1999 ms, under the 2000 ms minimum',
			fix: 'Set Sound End Time to at least 3000 (Sound Start Time + 2000 ms), or Sound Start Time earlier.',
		});
		assert.equal(validateTimings({ ...ok, soundStartTime: 1000, soundEndTime: 3000 }), undefined);
	});

	it('end within the audio, when its length is known', () => {
		assert.deepEqual(validateTimings(ok, { audioMs: 2999 }), {
			parameter: 'Sound End Time (Milliseconds)',
			problem: '3000 ms is past the end of the audio (2999 ms)',
			fix: 'Set Sound End Time to 2999 or less (the measured length of the audio).',
		});
	});

	it('overlap with the face window at least 2 s, when the window is known', () => {
		assert.deepEqual(validateTimings({ ...ok, soundInsertTime: 6400 }, { face: FACE }), {
			parameter: 'Sound Insert Time (Milliseconds)',
			problem: 'the audio would play from 6400 to 9400 ms and overlap the face\'s window (200–8300 ms) by 1900 ms, under the 2000 ms minimum',
			fix: 'Set Sound Insert Time so that at least 2000 ms of the audio plays while the face is visible, e.g. 200 (the start of the face\'s window).',
		});
		assert.equal(validateTimings({ ...ok, soundInsertTime: 6300 }, { face: FACE }), undefined);
		assert.equal(validateTimings({ ...ok, soundInsertTime: 0 }, { face: { startMs: 1000, endMs: 2500 } })?.fix, 'This face is visible for only 1500 ms: choose a face visible for at least 2000 ms.');
	});

	it('measures the overlap on both sides of the window', () => {
		assert.equal(overlapMs({ soundStartTime: 0, soundEndTime: 3000, soundInsertTime: 0 }, FACE), 2800);
		assert.equal(overlapMs({ soundStartTime: 0, soundEndTime: 3000, soundInsertTime: 9000 }, FACE), 0);
		assert.equal(overlapMs({ soundStartTime: 0, soundEndTime: 20_000, soundInsertTime: 0 }, FACE), 8100);
	});
});

describe('costs', () => {
	it('takes wallet money, else coins, else null', () => {
		assert.equal(stepCost({ consumeMoney: '0.350', consumeCoins: null }), '0.350');
		assert.equal(stepCost({ consumeMoney: null, consumeCoins: '35' }), '35');
		assert.equal(stepCost({ consumeMoney: '', consumeCoins: '' }), null);
		assert.equal(stepCost(undefined), null);
	});

	it('sums strings as numbers without float noise, skipping what is not a number', () => {
		assert.equal(sumCosts(['0.035', '0.035', '0.350']), 0.42);
		assert.equal(sumCosts(['0.1', '0.2']), 0.3);
		assert.equal(sumCosts(['35', null, 'n/a', '7']), 42);
		assert.equal(sumCosts([null, undefined]), null);
		assert.equal(sumCosts([]), null);
	});
});
