// Kling lip-sync, modelled by hand on top of the catalogue (docs/runninghub-api.md §2–§4): identify-face
// creates a session with faces, tts creates an audio (a real MP3 whose length follows the
// text), and lip-sync-video enforces Kling's session/face/audio/timing rules.
import type { FaceSpec } from './config.mjs';
import { newId18 } from './ids.mjs';
import { generate } from './media.mjs';
import { audioDurationMs } from './mp3.mjs';
import { dataUriBytes, type FieldError } from './models.mjs';
import { FileStore } from './files.mjs';
import { makeOutputFile } from './results.mjs';
import type { Failure, ResultEntry, SimState, Task } from './state.mjs';

export const IDENTIFY_FACE = 'kling-lip-sync/identify-face';
export const TTS = 'kling-lip-sync/tts';
export const LIP_SYNC_VIDEO = 'kling-lip-sync/lip-sync-video';

export interface LipSyncPlan {
	/** Refuse the submit (errorCode 1007). */
	error?: FieldError;
	/** Accept, then fail the task (lipSyncRuleErrors = 'task'). */
	failure?: Failure;
	produce: (task: Task) => ResultEntry[];
}

const MIN_SPAN_MS = 2000;
const text = (t: string): ResultEntry => ({ url: null, outputType: 'text', text: t });
const given = (v: unknown) => v !== undefined && v !== null && v !== '';

/** TTS length: ~70 ms per character at speed 1, divided by the speed, at least 2.5 s. */
export function ttsDurationMs(t: string, speed: number): number {
	return Math.max(2500, Math.round((70 * Array.from(t).length) / speed));
}

function faceText(state: SimState, faces: FaceSpec[]): ResultEntry[] {
	const snake = (f: FaceSpec) => ({
		end_time: f.endTime,
		face_id: f.faceId,
		start_time: f.startTime,
	});
	switch (state.config.variants.faceShape) {
		case 'camel':
			return faces.map((f) =>
				text(JSON.stringify({ endTime: f.endTime, faceId: f.faceId, startTime: f.startTime })),
			);
		case 'faceData':
			return [text(JSON.stringify({ face_data: faces.map(snake) }))];
		default:
			return faces.map((f) => text(JSON.stringify(snake(f))));
	}
}

function identifyFace(state: SimState, body: Record<string, unknown>): LipSyncPlan {
	const produce = () => [];
	if (given(body.videoUrl) === given(body.videoId)) {
		const message = given(body.videoUrl)
			? 'videoUrl and videoId are mutually exclusive: give exactly one'
			: 'one of videoUrl or videoId is required';
		return { error: { field: 'videoUrl', message }, produce };
	}
	// faces are fixed when the video is submitted, like a real analysis
	const faces = structuredClone(state.config.faces);
	const videoDurationMs = state.config.faceVideoDurationMs;
	return {
		produce: (task) => {
			const sessionId = newId18();
			state.sessions.set(sessionId, {
				id: sessionId,
				key: task.key,
				taskId: task.id,
				faces,
				videoDurationMs,
				createdAt: Date.now(),
			});
			const images =
				state.config.variants.faceImages === 'perFace' ? faces.length : Math.min(1, faces.length);
			const entries: ResultEntry[] = Array.from({ length: images }, (_, i) => ({
				url: makeOutputFile(state, `output/${task.id}_face_${i}.jpg`, 'jpg'),
				outputType: 'jpg',
				text: null,
			}));
			return [
				...entries,
				text(JSON.stringify({ session_id: sessionId })),
				...(faces.length ? faceText(state, faces) : []),
			];
		},
	};
}

function tts(state: SimState, body: Record<string, unknown>): LipSyncPlan {
	const speed = given(body.voiceSpeed) ? Number(body.voiceSpeed) : 1;
	const durationMs = ttsDurationMs(String(body.text ?? ''), speed);
	return {
		produce: (task) => {
			const name = `output/${task.id}_0.mp3`;
			const gen = generate('mp3', { durationMs, id3: state.config.mp3Id3 });
			state.files.addGenerated(name, gen, 'output');
			const audioId = newId18();
			const url = state.fileUrl(name);
			state.audios.set(audioId, {
				id: audioId,
				key: task.key,
				taskId: task.id,
				durationMs: gen.durationMs ?? durationMs,
				url,
				createdAt: Date.now(),
			});
			const idEntry = text(audioId);
			return state.config.variants.ttsResult === 'audioIdOnly'
				? [idEntry]
				: [{ url, outputType: 'mp3', text: null }, idEntry];
		},
	};
}

/** Length of the audio behind audioUrl when the simulator can know it; an error when it is ours but gone. */
async function audioUrlDuration(state: SimState, url: string): Promise<number | FieldError | null> {
	if (url.startsWith('data:')) {
		const b64 = url.slice(url.indexOf(',') + 1);
		return dataUriBytes(url) !== null ? audioDurationMs(Buffer.from(b64, 'base64')) : null;
	}
	const name = FileStore.nameFromUrl(url);
	if (!state.publicBase || !url.startsWith(state.publicBase) || !name) return null;
	const f = state.files.get(name);
	if (!f)
		return {
			field: 'audioUrl',
			message: `audioUrl cannot be downloaded (file missing or expired): ${url}`,
		};
	if (f.durationMs === undefined)
		f.durationMs = audioDurationMs(await state.files.head(f, 8 * 1024 * 1024)) ?? undefined;
	return f.durationMs ?? { field: 'audioUrl', message: 'audioUrl is not a readable MP3/WAV file' };
}

async function lipSyncRules(
	state: SimState,
	key: string,
	b: Record<string, unknown>,
): Promise<FieldError | null> {
	if (given(b.audioId) === given(b.audioUrl)) {
		return {
			field: 'audioId',
			message: given(b.audioId)
				? 'audioId and audioUrl are mutually exclusive: give exactly one'
				: 'one of audioId or audioUrl is required',
		};
	}
	const session = state.sessions.get(String(b.sessionId));
	if (!session || session.key !== key)
		return {
			field: 'sessionId',
			message: `sessionId ${String(b.sessionId)} does not exist or has expired`,
		};
	const face = session.faces.find((f) => f.faceId === String(b.faceId));
	if (!face)
		return {
			field: 'faceId',
			message: `faceId ${String(b.faceId)} is not a face of session ${session.id} (faces: ${session.faces.map((f) => f.faceId).join(', ') || 'none'})`,
		};

	let audioMs: number | null = null;
	const audioField = given(b.audioId) ? 'audioId' : 'audioUrl';
	if (given(b.audioId)) {
		const audio = state.audios.get(String(b.audioId));
		if (!audio || audio.key !== key)
			return {
				field: 'audioId',
				message: `audioId ${String(b.audioId)} does not exist or has expired`,
			};
		audioMs = audio.durationMs;
	} else {
		const d = await audioUrlDuration(state, String(b.audioUrl));
		if (d !== null && typeof d === 'object') return d;
		audioMs = d;
	}
	if (audioMs !== null && (audioMs < 2000 || audioMs > 60000)) {
		return {
			field: audioField,
			message: `${audioField} audio must be 2-60 s long (it is ${audioMs} ms)`,
		};
	}

	const start = Number(b.soundStartTime);
	const end = Number(b.soundEndTime);
	const insert = Number(b.soundInsertTime);
	if (!Number.isInteger(end) || end < 0)
		return { field: 'soundEndTime', message: 'soundEndTime must be an integer >= 0' };
	if (end - start < MIN_SPAN_MS) {
		return {
			field: 'soundEndTime',
			message: `the cut audio (soundEndTime - soundStartTime = ${end - start} ms) must be at least ${MIN_SPAN_MS} ms`,
		};
	}
	if (audioMs !== null && end > audioMs)
		return {
			field: 'soundEndTime',
			message: `soundEndTime (${end} ms) exceeds the audio length (${audioMs} ms)`,
		};
	const span = end - start;
	const overlap = Math.min(insert + span, face.endTime) - Math.max(insert, face.startTime);
	if (overlap < MIN_SPAN_MS) {
		return {
			field: 'soundInsertTime',
			message: `soundInsertTime: the inserted audio [${insert}, ${insert + span}] ms must overlap face ${face.faceId}'s window [${face.startTime}, ${face.endTime}] ms by at least ${MIN_SPAN_MS} ms (overlap ${Math.max(0, overlap)} ms)`,
		};
	}
	if (insert + span > session.videoDurationMs) {
		return {
			field: 'soundInsertTime',
			message: `soundInsertTime: the inserted audio ends at ${insert + span} ms, after the end of the video (${session.videoDurationMs} ms)`,
		};
	}
	return null;
}

async function lipSyncVideo(
	state: SimState,
	key: string,
	body: Record<string, unknown>,
): Promise<LipSyncPlan> {
	const session = state.sessions.get(String(body.sessionId));
	const produce = (task: Task): ResultEntry[] => [
		{
			url: makeOutputFile(state, `output/${task.id}_0.mp4`, 'mp4', {
				durationMs: session?.videoDurationMs,
			}),
			outputType: 'mp4',
			text: null,
		},
	];
	const err = await lipSyncRules(state, key, body);
	if (!err) return { produce };
	if (state.config.variants.lipSyncRuleErrors === 'task') {
		return {
			failure: { errorCode: '1007', errorMessage: `Parameter validation failed: ${err.message}` },
			produce,
		};
	}
	return { error: err, produce };
}

/** Lip-sync handling for a Kling endpoint (after catalogue validation), or null for other endpoints. */
export async function planLipSync(
	state: SimState,
	endpoint: string,
	key: string,
	body: Record<string, unknown>,
): Promise<LipSyncPlan | null> {
	if (endpoint === IDENTIFY_FACE) return identifyFace(state, body);
	if (endpoint === TTS) return tts(state, body);
	if (endpoint === LIP_SYNC_VIDEO) return lipSyncVideo(state, key, body);
	return null;
}
