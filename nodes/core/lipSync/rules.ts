/**
 * Kling lip-sync limits (docs/runninghub-api.md §2–§4), in one place. Times are milliseconds.
 */

/** The cut audio, and its overlap with the face's window, must each last at least this long. */
export const MIN_SPAN_MS = 2000;
/** Audio given to lip-sync-video must be 2–60 s long. */
export const MIN_AUDIO_MS = 2000;
export const MAX_AUDIO_MS = 60_000;
/** Audio files for `audioUrl`: MP3, WAV or M4A, up to 5 MB. */
export const MAX_AUDIO_BYTES = 5 * 1024 * 1024;
/** Videos for identify-face: MP4 or MOV, up to 100 MB. */
export const MAX_VIDEO_BYTES = 100 * 1024 * 1024;
/** Videos for identify-face last 2–60 s, so no face window (and no inserted audio) ends later. */
export const MIN_VIDEO_MS = 2000;
export const MAX_VIDEO_MS = 60_000;
/** Volumes of the new and the original audio. */
export const VOLUME_RANGE = { min: 0, max: 2 };

export const IDENTIFY_FACE_ENDPOINT = 'kling-lip-sync/identify-face';
export const TTS_ENDPOINT = 'kling-lip-sync/tts';
export const LIP_SYNC_VIDEO_ENDPOINT = 'kling-lip-sync/lip-sync-video';

/**
 * A bad input found by the pure lip-sync logic: which parameter (display name), what is wrong,
 * what is allowed and how to fix it. Operations turn it into an error that names the item.
 */
export interface LipSyncProblem {
	parameter: string;
	problem: string;
	fix: string;
}
