/**
 * The result of `kling-lip-sync/identify-face`, read tolerantly (docs/runninghub-api.md §2).
 *
 * The observed shape: `results` holds face image entries (`url`, `outputType: "jpg"`), one text
 * entry `{"session_id": "…"}` and one text entry per face `{"face_id","start_time","end_time"}`,
 * each text a JSON string. Because that shape is documented by a third party only, this parser
 * also accepts camelCase keys, `face_data` / `face_list` / `faces` arrays, nested `data` /
 * `result` objects, JSON that is encoded twice, numbers sent as strings, and a face image per
 * face (inside the face object or as one image entry per face, in order).
 */
import { parseJsonKeepingLongIntegers } from '../api/json';
import type { LipSyncProblem } from './rules';
import { MIN_SPAN_MS } from './rules';

/** The part of a task output the parser reads (TaskOutput fits). */
export interface FaceTaskOutput {
	url: string | null;
	type: string | null;
	text: string | null;
}

export interface IdentifiedFace {
	/** Pass as Face ID to lip-sync (a string, often "0", "1" …). */
	faceId: string;
	/** When the face becomes usable for lip-sync on the video timeline (ms), if reported. */
	startMs: number | null;
	endMs: number | null;
	durationMs: number | null;
	imageUrl: string | null;
	/** Whether the window is long enough to lip-sync (at least 2 s). */
	usable: boolean;
	/** Why the face cannot be used, when it cannot. */
	reason?: string;
}

export interface FaceIdentification {
	sessionId: string | null;
	faces: IdentifiedFace[];
	/** Every image RunningHub returned (face previews), in order. */
	imageUrls: string[];
}

const SESSION_KEYS = ['session_id', 'sessionId', 'sessionID', 'session'];
const FACE_ID_KEYS = ['face_id', 'faceId', 'faceID'];
const START_KEYS = ['start_time', 'startTime', 'start_ms', 'startMs', 'start'];
const END_KEYS = ['end_time', 'endTime', 'end_ms', 'endMs', 'end'];
const IMAGE_KEYS = ['face_image', 'faceImage', 'face_image_url', 'faceImageUrl', 'image_url', 'imageUrl', 'image', 'url'];
const LIST_KEYS = ['face_data', 'faceData', 'face_list', 'faceList', 'faces', 'data', 'list', 'items', 'results'];
const NESTED_KEYS = ['data', 'result', 'output', 'payload'];
const IMAGE_TYPES = new Set(['jpg', 'jpeg', 'png', 'webp', 'gif', 'bmp', 'image']);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function firstKey(obj: Json, keys: string[]): unknown {
	for (const key of keys) {
		const value = obj[key];
		if (value !== undefined && value !== null && value !== '') return value;
	}
	return undefined;
}

/** Parses JSON text (also text that holds JSON encoded twice); undefined when it is not JSON. */
function parseLoose(text: string): unknown {
	let value: unknown = text;
	for (let depth = 0; depth < 3 && typeof value === 'string'; depth++) {
		const trimmed = value.trim();
		if (!/^[[{"]/.test(trimmed)) return depth === 0 ? undefined : value;
		try {
			value = parseJsonKeepingLongIntegers(trimmed);
		} catch {
			return depth === 0 ? undefined : value;
		}
	}
	return value;
}

/** A time in ms from a number or a numeric string; null otherwise. */
function timeOf(value: unknown): number | null {
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	return Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

function idOf(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return null;
}

function imageOf(value: unknown): string | null {
	if (typeof value === 'string' && /^(https?:|data:image\/)/i.test(value.trim())) return value.trim();
	if (Array.isArray(value)) return imageOf(value[0]);
	if (isObject(value)) return imageOf(firstKey(value, ['url', 'image_url', 'imageUrl']));
	return null;
}

interface RawFace {
	faceId: string;
	startMs: number | null;
	endMs: number | null;
	imageUrl: string | null;
}

class Collector {
	sessionId: string | null = null;
	faces: RawFace[] = [];

	visit(value: unknown, depth = 0): void {
		if (depth > 6) return;
		if (typeof value === 'string') {
			const parsed = parseLoose(value);
			if (parsed !== undefined && typeof parsed !== 'string') this.visit(parsed, depth + 1);
			return;
		}
		if (Array.isArray(value)) {
			for (const entry of value) this.visit(entry, depth + 1);
			return;
		}
		if (!isObject(value)) return;
		if (this.sessionId === null) this.sessionId = idOf(firstKey(value, SESSION_KEYS));
		const faceId = idOf(firstKey(value, FACE_ID_KEYS));
		if (faceId !== null) {
			this.faces.push({
				faceId,
				startMs: timeOf(firstKey(value, START_KEYS)),
				endMs: timeOf(firstKey(value, END_KEYS)),
				imageUrl: imageOf(firstKey(value, IMAGE_KEYS)),
			});
		}
		for (const key of LIST_KEYS) {
			const list = value[key];
			if (Array.isArray(list) || typeof list === 'string') this.visit(list, depth + 1);
		}
		for (const key of NESTED_KEYS) {
			if (isObject(value[key])) this.visit(value[key], depth + 1);
		}
	}
}

/** Whether a face's window is long enough to lip-sync, and why not. */
export function faceUsability(startMs: number | null, endMs: number | null): Pick<IdentifiedFace, 'durationMs' | 'usable' | 'reason'> {
	if (startMs === null || endMs === null) {
		return { durationMs: null, usable: false, reason: 'RunningHub reported no time window for this face' };
	}
	if (endMs <= startMs) {
		return { durationMs: 0, usable: false, reason: `The face's window is empty (${startMs}–${endMs} ms)` };
	}
	const durationMs = endMs - startMs;
	if (durationMs < MIN_SPAN_MS) {
		return {
			durationMs,
			usable: false,
			reason: `The face is visible for ${durationMs} ms; lip-sync needs at least ${MIN_SPAN_MS} ms`,
		};
	}
	return { durationMs, usable: true };
}

function isImage(output: FaceTaskOutput): boolean {
	if (!output.url) return false;
	const type = (output.type ?? '').toLowerCase();
	if (IMAGE_TYPES.has(type)) return true;
	return /\.(jpe?g|png|webp|gif|bmp)(?:[?#]|$)/i.test(output.url);
}

/** Reads the session ID, the faces and the face images from an identify-face result. */
export function parseFaceResults(outputs: readonly FaceTaskOutput[]): FaceIdentification {
	const collector = new Collector();
	const imageUrls: string[] = [];
	for (const output of outputs) {
		if (isImage(output)) imageUrls.push(output.url as string);
		if (output.text) collector.visit(output.text);
	}
	const seen = new Set<string>();
	const unique = collector.faces.filter((f) => (seen.has(f.faceId) ? false : (seen.add(f.faceId), true)));
	// One image per face, in order, when RunningHub sends as many images as faces.
	const byOrder = imageUrls.length === unique.length;
	const faces = unique.map<IdentifiedFace>((f, index) => {
		const { durationMs, usable, reason } = faceUsability(f.startMs, f.endMs);
		return {
			faceId: f.faceId,
			startMs: f.startMs,
			endMs: f.endMs,
			durationMs,
			imageUrl: f.imageUrl ?? (byOrder ? imageUrls[index] : null),
			usable,
			...(reason ? { reason } : {}),
		};
	});
	return { sessionId: collector.sessionId, faces, imageUrls };
}

/** How the one-step Lip-Sync picks a face. */
export type FaceSelection =
	| { mode: 'longest' }
	| { mode: 'index'; index: number }
	| { mode: 'faceId'; faceId: string };

/** Parameter display names the face choice reports problems against. */
export const FACE_PARAMETERS = { selection: 'Face', index: 'Face Position', faceId: 'Face ID' };

function describeFaces(faces: readonly IdentifiedFace[]): string {
	return faces
		.map((f, i) => `#${i} face ${f.faceId}: ${f.durationMs === null ? 'no window' : `${f.startMs}–${f.endMs} ms`}`)
		.join('; ');
}

/** The longest usable face (the first of equals), or undefined when none is usable. */
export function longestUsableFace(faces: readonly IdentifiedFace[]): IdentifiedFace | undefined {
	let best: IdentifiedFace | undefined;
	for (const face of faces) {
		if (face.usable && (best === undefined || (face.durationMs ?? 0) > (best.durationMs ?? 0))) best = face;
	}
	return best;
}

/** Picks the face to lip-sync; a problem when the video has none that fits the choice. */
export function chooseFace(
	faces: readonly IdentifiedFace[],
	selection: FaceSelection,
): { face: IdentifiedFace; index: number } | { problem: LipSyncProblem } {
	if (faces.length === 0) {
		return {
			problem: {
				parameter: 'Video',
				problem: 'RunningHub found no face in the video',
				fix: 'Use a video in which one person faces the camera for at least 2 seconds (MP4 or MOV, 2–60 s, 720p or 1080p).',
			},
		};
	}
	if (selection.mode === 'index') {
		const face = faces[selection.index];
		if (!Number.isInteger(selection.index) || !face) {
			return {
				problem: {
					parameter: FACE_PARAMETERS.index,
					problem: `there is no face at position ${selection.index}: the video has ${faces.length} face${faces.length === 1 ? '' : 's'} (${describeFaces(faces)})`,
					fix: `Enter a position from 0 to ${faces.length - 1} (0 is the first face), or choose the longest visible face.`,
				},
			};
		}
		return usableOr(face, selection.index, FACE_PARAMETERS.index, faces);
	}
	if (selection.mode === 'faceId') {
		const index = faces.findIndex((f) => f.faceId === selection.faceId.trim());
		if (index < 0) {
			return {
				problem: {
					parameter: FACE_PARAMETERS.faceId,
					problem: `the video has no face "${selection.faceId}" (faces: ${faces.map((f) => f.faceId).join(', ')})`,
					fix: `Enter one of the face IDs ${faces.map((f) => `"${f.faceId}"`).join(', ')}, or choose the longest visible face.`,
				},
			};
		}
		return usableOr(faces[index], index, FACE_PARAMETERS.faceId, faces);
	}
	const face = longestUsableFace(faces);
	if (!face) {
		return {
			problem: {
				parameter: FACE_PARAMETERS.selection,
				problem: `no face in the video is visible for ${MIN_SPAN_MS} ms or more (${describeFaces(faces)})`,
				fix: 'Lip-sync needs a face visible for at least 2 seconds: use a video in which the speaker faces the camera longer.',
			},
		};
	}
	return { face, index: faces.indexOf(face) };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

function usableOr(
	face: IdentifiedFace,
	index: number,
	parameter: string,
	faces: readonly IdentifiedFace[],
): { face: IdentifiedFace; index: number } | { problem: LipSyncProblem } {
	if (face.usable) return { face, index };
	const other = longestUsableFace(faces);
	return {
		problem: {
			parameter,
			problem: `face ${face.faceId} cannot be lip-synced: ${lowerFirst(face.reason ?? 'its window is too short')}`,
			fix: other
				? `Choose a face visible for at least ${MIN_SPAN_MS} ms, e.g. face ${other.faceId} (position ${faces.indexOf(other)}, ${other.startMs}–${other.endMs} ms), or choose the longest visible face.`
				: `No face in this video is visible for ${MIN_SPAN_MS} ms or more: use another video.`,
		},
	};
}
