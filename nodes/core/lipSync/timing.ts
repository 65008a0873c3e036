/**
 * Lip-sync timings (docs/runninghub-api.md §4): which part of the audio is used (`soundStartTime` to
 * `soundEndTime`) and where it starts on the video (`soundInsertTime`), all in ms.
 *
 * Kling's rules: the cut audio lasts at least 2 s and ends within the audio; the inserted span
 * overlaps the face's lip-sync window by at least 2 s. The automatic timings insert the audio at
 * the start of the face's window and cut it so it ends just before the window does.
 */
import type { LipSyncProblem } from './rules';
import { MAX_AUDIO_MS, MAX_VIDEO_MS, MIN_AUDIO_MS, MIN_SPAN_MS, MIN_VIDEO_MS } from './rules';

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
	soundStartTime: 'Sound Start Time (Milliseconds)',
	soundEndTime: 'Sound End Time (Milliseconds)',
	soundInsertTime: 'Sound Insert Time (Milliseconds)',
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

/** Identify-face takes videos of 2–60 s (docs/runninghub-api.md §2). */
export function checkVideoLength(videoMs: number, parameter: string): LipSyncProblem | undefined {
	if (videoMs >= MIN_VIDEO_MS && videoMs <= MAX_VIDEO_MS) return undefined;
	const under = videoMs < MIN_VIDEO_MS;
	return {
		parameter,
		problem: under
			? `the video is ${videoMs} ms long, under the ${MIN_VIDEO_MS} ms face identification needs`
			: `the video is ${videoMs} ms long, over the ${MAX_VIDEO_MS} ms face identification accepts`,
		fix: under
			? 'Use a video that lasts 2 to 60 seconds.'
			: 'Trim the video to at most 60 seconds (the part with the face), or split it into several videos.',
	};
}

/** The video's length when measured, else the longest video identify-face accepts. */
function videoBound(videoMs: number | undefined): { ms: number; text: string } {
	return videoMs === undefined
		? { ms: MAX_VIDEO_MS, text: `${MAX_VIDEO_MS} ms, the longest video face identification accepts` }
		: { ms: videoMs, text: `the end of the video (${videoMs} ms)` };
}

/**
 * Checks timings against every rule of docs/runninghub-api.md §4 that can be checked here. The audio length and
 * the face window are checked when known, and skipped when not.
 */
export function validateTimings(
	t: Timings,
	known: { audioMs?: number; face?: FaceWindow; videoMs?: number } = {},
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
	// The inserted audio must end within the video, which lasts at most 60 s when not measured.
	const video = videoBound(known.videoMs);
	if (insert + span > video.ms) {
		return {
			parameter: TIMING_PARAMETERS.soundInsertTime,
			problem: `the audio would play from ${insert} to ${insert + span} ms, past ${video.text}`,
			fix:
				span <= video.ms
					? `Set Sound Insert Time to at most ${video.ms - span}, or cut the audio shorter with Sound Start Time and Sound End Time.`
					: `Cut the audio to at most ${video.ms} ms with Sound Start Time and Sound End Time.`,
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
 * The rules the one-step Lip-Sync can check before identify-face (nothing paid yet): the set
 * timings, the audio's length when known, and the video's length (when measured, else 60 s).
 */
export function checkTimingsBeforeFaces(
	overrides: TimingOverrides,
	known: { audioMs?: number; videoMs?: number },
): LipSyncProblem | undefined {
	const start = overrides.soundStartTime ?? 0;
	const insert = overrides.soundInsertTime ?? 0;
	if (overrides.soundEndTime !== undefined) {
		const problem = validateTimings({ soundStartTime: start, soundEndTime: overrides.soundEndTime, soundInsertTime: insert }, known);
		if (problem) return problem;
	} else if (known.audioMs !== undefined) {
		const problem = startLeavesTooLittle(start, known.audioMs);
		if (problem) return problem;
	}
	// At least 2 s of audio must play while a face is visible, and faces are visible only in the video.
	const video = videoBound(known.videoMs);
	if (insert > video.ms - MIN_SPAN_MS) {
		return {
			parameter: TIMING_PARAMETERS.soundInsertTime,
			problem: `${insert} ms leaves ${Math.max(0, video.ms - insert)} ms before ${video.text}, under the ${MIN_SPAN_MS} ms the audio must overlap a face`,
			fix: `Set Sound Insert Time to at most ${video.ms - MIN_SPAN_MS}, or leave it unset to insert at the start of the face's window.`,
		};
	}
	return undefined;
}

function startLeavesTooLittle(start: number, audioMs: number): LipSyncProblem | undefined {
	if (audioMs - start >= MIN_SPAN_MS) return undefined;
	return {
		parameter: TIMING_PARAMETERS.soundStartTime,
		problem: `${start} ms leaves ${Math.max(0, audioMs - start)} ms of the ${audioMs} ms audio, under the ${MIN_SPAN_MS} ms minimum`,
		fix: `Set Sound Start Time to at most ${audioMs - MIN_SPAN_MS}, or leave it unset to start at the beginning of the audio.`,
	};
}

/**
 * A warning when the inserted audio ends after the face's window and the video's length is not
 * known (a video URL): RunningHub refuses audio that runs past the end of the video.
 */
export function beyondWindowWarning(t: Timings, face: FaceWindow): string | undefined {
	const endsAt = t.soundInsertTime + (t.soundEndTime - t.soundStartTime);
	if (endsAt <= face.endMs) return undefined;
	return `The audio plays until ${endsAt} ms, after the face's window ends (${face.endMs} ms). RunningHub refuses the lip-sync if that is past the end of the video; if it does, set Sound End Time or Sound Insert Time earlier.`;
}

/**
 * The timings for the one-step Lip-Sync: the audio from Sound Start Time (default 0) inserted at
 * Sound Insert Time (default: the face's window start), cut where the audio or the face's window
 * ends, whichever comes first. Each value can be overridden; the result is validated.
 */
export function computeTimings(input: {
	audioMs?: number;
	/** The video's length when measured (a binary video). */
	videoMs?: number;
	face: FaceWindow;
	overrides?: TimingOverrides;
	audio: AudioRef;
}): { timings: Timings; trimmedMs: number } | { problem: LipSyncProblem } {
	const { audioMs, videoMs, face, audio } = input;
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
		const startProblem = startLeavesTooLittle(start, audioMs);
		if (startProblem) return { problem: startProblem };
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
		// A measured video may end before the reported window does: the audio must end within it.
		const fits = Math.min(room - WINDOW_END_MARGIN_MS, videoMs === undefined ? Infinity : videoMs - insert);
		end = Math.min(audioMs, start + Math.max(MIN_SPAN_MS, fits));
		trimmedMs = audioMs - end;
	}
	const timings: Timings = { soundStartTime: start, soundEndTime: end, soundInsertTime: insert };
	const problem = validateTimings(timings, { audioMs, face, videoMs });
	return problem ? { problem } : { timings, trimmedMs };
}
