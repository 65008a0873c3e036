/**
 * Lip-sync timings (docs/runninghub-api.md §4): which part of the audio is used (`soundStartTime` to
 * `soundEndTime`) and where it starts on the video (`soundInsertTime`), all in ms.
 *
 * Kling's rules: the cut audio lasts at least 2 s and ends within the audio; the inserted span
 * overlaps the face's lip-sync window by at least 2 s. The automatic timings insert the audio at
 * the start of the face's window and cut it so it ends just before the window does.
 */
import type { LipSyncProblem } from './rules';
import { MAX_AUDIO_MS, MIN_AUDIO_MS, MIN_SPAN_MS } from './rules';

export interface FaceWindow {
	startMs: number;
	endMs: number;
}

export interface Timings {
	soundStartTime: number;
	soundEndTime: number;
	soundInsertTime: number;
}

export type TimingOverrides = Partial<Timings>;

/** How much earlier than the face window's reported end the automatic cut stops. */
export const WINDOW_END_MARGIN_MS = 50;

/** The display names of the timing parameters (the same in every operation). */
export const TIMING_PARAMETERS = {
	soundStartTime: 'Sound Start Time',
	soundEndTime: 'Sound End Time',
	soundInsertTime: 'Sound Insert Time',
} as const;

/** Where the audio comes from, for messages about its length. */
export interface AudioRef {
	/** Display name of the parameter that gave the audio (e.g. "Audio URL", "Text"). */
	parameter: string;
	/** True when the audio is speech made from the node's text. */
	speech?: boolean;
}

/** How long the inserted audio plays while the face is visible. */
export function overlapMs(t: Timings, face: FaceWindow): number {
	const span = t.soundEndTime - t.soundStartTime;
	const overlap = Math.min(t.soundInsertTime + span, face.endMs) - Math.max(t.soundInsertTime, face.startMs);
	return Math.max(0, overlap);
}

/** Kling takes audio of 2–60 s. */
export function checkAudioLength(audioMs: number, audio: AudioRef): LipSyncProblem | undefined {
	if (audioMs < MIN_AUDIO_MS) {
		return {
			parameter: audio.parameter,
			problem: `the ${audio.speech ? 'speech' : 'audio'} is ${audioMs} ms long, under the ${MIN_AUDIO_MS} ms lip-sync needs`,
			fix: audio.speech
				? 'Write a longer text: the speech must last at least 2 seconds.'
				: 'Use audio that lasts 2 to 60 seconds.',
		};
	}
	if (audioMs > MAX_AUDIO_MS) {
		return {
			parameter: audio.parameter,
			problem: `the ${audio.speech ? 'speech' : 'audio'} is ${audioMs} ms long, over the ${MAX_AUDIO_MS} ms lip-sync accepts`,
			fix: audio.speech
				? 'Shorten the text so the speech lasts at most 60 seconds, or split it into several items.'
				: 'Trim the audio to at most 60 seconds, or split it into several parts.',
		};
	}
	return undefined;
}

/**
 * Checks timings against every rule of docs/runninghub-api.md §4 that can be checked here. The audio length and
 * the face window are checked when known, and skipped when not.
 */
export function validateTimings(
	t: Timings,
	known: { audioMs?: number; face?: FaceWindow } = {},
): LipSyncProblem | undefined {
	for (const key of ['soundStartTime', 'soundEndTime', 'soundInsertTime'] as const) {
		const value = t[key];
		if (!Number.isInteger(value) || value < 0) {
			return {
				parameter: TIMING_PARAMETERS[key],
				problem: `${value} is not a whole number of milliseconds from 0 up`,
				fix: 'Enter a whole number of milliseconds, 0 or more, e.g. 2000 for 2 seconds.',
			};
		}
	}
	const { soundStartTime: start, soundEndTime: end, soundInsertTime: insert } = t;
	if (end > MAX_AUDIO_MS) {
		return {
			parameter: TIMING_PARAMETERS.soundEndTime,
			problem: `${end} ms is past ${MAX_AUDIO_MS} ms, the longest audio lip-sync accepts`,
			fix: `Enter at most ${MAX_AUDIO_MS}: lip-sync audio lasts 2 to 60 seconds.`,
		};
	}
	if (end <= start) {
		return {
			parameter: TIMING_PARAMETERS.soundEndTime,
			problem: `${end} ms is not after Sound Start Time (${start} ms)`,
			fix: `Set Sound End Time later than Sound Start Time: the audio between them is lip-synced and must last at least ${MIN_SPAN_MS} ms, e.g. ${start + MIN_SPAN_MS}.`,
		};
	}
	const span = end - start;
	if (span < MIN_SPAN_MS) {
		return {
			parameter: TIMING_PARAMETERS.soundEndTime,
			problem: `the cut audio from ${start} to ${end} ms lasts ${span} ms, under the ${MIN_SPAN_MS} ms minimum`,
			fix: `Set Sound End Time to at least ${start + MIN_SPAN_MS} (Sound Start Time + ${MIN_SPAN_MS} ms), or Sound Start Time earlier.`,
		};
	}
	if (known.audioMs !== undefined && end > known.audioMs) {
		return {
			parameter: TIMING_PARAMETERS.soundEndTime,
			problem: `${end} ms is past the end of the audio (${known.audioMs} ms)`,
			fix: `Set Sound End Time to ${known.audioMs} or less (the measured length of the audio).`,
		};
	}
	if (known.face) {
		const face = known.face;
		const overlap = overlapMs(t, face);
		if (overlap < MIN_SPAN_MS) {
			const faceMs = face.endMs - face.startMs;
			return {
				parameter: TIMING_PARAMETERS.soundInsertTime,
				problem: `the audio would play from ${insert} to ${insert + span} ms and overlap the face's window (${face.startMs}–${face.endMs} ms) by ${overlap} ms, under the ${MIN_SPAN_MS} ms minimum`,
				fix:
					faceMs < MIN_SPAN_MS
						? `This face is visible for only ${Math.max(0, faceMs)} ms: choose a face visible for at least ${MIN_SPAN_MS} ms.`
						: `Set Sound Insert Time so that at least ${MIN_SPAN_MS} ms of the audio plays while the face is visible, e.g. ${face.startMs} (the start of the face's window).`,
			};
		}
	}
	return undefined;
}

/**
 * The timings for the one-step Lip-Sync: the audio from Sound Start Time (default 0) inserted at
 * Sound Insert Time (default: the face's window start), cut where the audio or the face's window
 * ends, whichever comes first. Each value can be overridden; the result is validated.
 */
export function computeTimings(input: {
	audioMs?: number;
	face: FaceWindow;
	overrides?: TimingOverrides;
	audio: AudioRef;
}): { timings: Timings; trimmedMs: number } | { problem: LipSyncProblem } {
	const { audioMs, face, audio } = input;
	const overrides = input.overrides ?? {};
	if (audioMs !== undefined) {
		const problem = checkAudioLength(audioMs, audio);
		if (problem) return { problem };
	}
	const start = overrides.soundStartTime ?? 0;
	const insert = overrides.soundInsertTime ?? face.startMs;
	let end = overrides.soundEndTime;
	let trimmedMs = 0;
	if (end === undefined) {
		if (audioMs === undefined) {
			return {
				problem: {
					parameter: TIMING_PARAMETERS.soundEndTime,
					problem: 'is not set, and the length of the audio is unknown',
					fix: 'Set Sound End Time (and if needed Sound Start Time and Sound Insert Time) under Lip-Sync Options, in milliseconds.',
				},
			};
		}
		if (audioMs - start < MIN_SPAN_MS) {
			return {
				problem: {
					parameter: TIMING_PARAMETERS.soundStartTime,
					problem: `${start} ms leaves ${Math.max(0, audioMs - start)} ms of the ${audioMs} ms audio, under the ${MIN_SPAN_MS} ms minimum`,
					fix: `Set Sound Start Time to at most ${audioMs - MIN_SPAN_MS}, or leave it unset to start at the beginning of the audio.`,
				},
			};
		}
		const room = face.endMs - insert;
		if (room < MIN_SPAN_MS) {
			return {
				problem: {
					parameter: TIMING_PARAMETERS.soundInsertTime,
					problem: `${insert} ms leaves ${Math.max(0, room)} ms of the face's window (${face.startMs}–${face.endMs} ms), under the ${MIN_SPAN_MS} ms minimum`,
					fix: `Set Sound Insert Time to at most ${face.endMs - MIN_SPAN_MS}, or leave it unset to insert at the start of the face's window (${face.startMs} ms).`,
				},
			};
		}
		// The window's end may overshoot the video by a few ms (docs/runninghub-api.md §2): stop a little earlier.
		end = Math.min(audioMs, start + Math.max(MIN_SPAN_MS, room - WINDOW_END_MARGIN_MS));
		trimmedMs = audioMs - end;
	}
	const timings: Timings = { soundStartTime: start, soundEndTime: end, soundInsertTime: insert };
	const problem = validateTimings(timings, { audioMs, face });
	return problem ? { problem } : { timings, trimmedMs };
}
