import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../../core/api/errors';
import { LIP_SYNC_VIDEO_ENDPOINT } from '../../../core/lipSync/rules';
import type { FaceWindow, Timings } from '../../../core/lipSync/timing';
import { beyondWindowWarning, checkAudioLength, TIMING_PARAMETERS, validateTimings } from '../../../core/lipSync/timing';
import { runTaskOperation } from '../../../core/run/taskOperation';
import { checkNumberInRange } from '../../../core/validation';
import { properties } from './createVideo.description';
import type { AudioInput } from './audioInput';
import { readAudioInput } from './audioInput';
import type { Volumes } from './params';
import { checkTiming, problemError, readTextId, readVolume } from './params';
import { isVideoOutput, lipSyncBody, videoUrlOf } from './tasks';
import { audioBody } from './upload';

export const description = updateDisplayOptions({ show: { resource: ['lipSync'], operation: ['createVideo'] } }, properties);

interface Prepared {
	sessionId: string;
	faceId: string;
	audio: AudioInput;
	audioMs?: number;
	timings: Timings;
	volumes: Volumes;
}

/** The optional Face Window (start and end in ms), checked. */
function readFaceWindow(ctx: IExecuteFunctions, itemIndex: number): FaceWindow | undefined {
	const raw = ctx.getNodeParameter('faceWindow', itemIndex, {}) as { window?: { startMs?: unknown; endMs?: unknown } };
	if (!raw?.window) return undefined;
	const range = { min: 0, max: 10 * 60_000, integer: true };
	const startMs = checkNumberInRange(ctx, raw.window.startMs ?? 0, 'Face Window Start Time', itemIndex, range);
	const endMs = checkNumberInRange(ctx, raw.window.endMs ?? 0, 'Face Window End Time', itemIndex, range);
	if (endMs <= startMs) {
		throw inputError(ctx.getNode(), {
			parameter: 'Face Window End Time',
			problem: `${endMs} ms is not after the window's start (${startMs} ms)`,
			fix: 'Map both ends from Identify Faces, e.g. {{ $(\'Identify Faces\').item.json.bestFace.startMs }} and {{ $(\'Identify Faces\').item.json.bestFace.endMs }}, or remove the Face Window.',
			itemIndex,
		});
	}
	return { startMs, endMs };
}

async function prepare(ctx: IExecuteFunctions, itemIndex: number): Promise<Prepared> {
	const sessionId = readTextId(ctx, 'sessionId', 'Session ID', itemIndex, '{{ $json.sessionId }} from Identify Faces');
	const faceId = readTextId(ctx, 'faceId', 'Face ID', itemIndex, '{{ $json.bestFace.faceId }} from Identify Faces');
	const start = checkTiming(ctx, ctx.getNodeParameter('soundStartTime', itemIndex, 0), 'soundStartTime', itemIndex);
	let end = checkTiming(ctx, ctx.getNodeParameter('soundEndTime', itemIndex, 0), 'soundEndTime', itemIndex);
	const insert = checkTiming(ctx, ctx.getNodeParameter('soundInsertTime', itemIndex, 0), 'soundInsertTime', itemIndex);
	const face = readFaceWindow(ctx, itemIndex);
	const volumes: Volumes = {
		soundVolume: readVolume(ctx, 'soundVolume', 'soundVolume', itemIndex),
		originalAudioVolume: readVolume(ctx, 'originalAudioVolume', 'originalAudioVolume', itemIndex),
	};
	const audio = await readAudioInput(ctx, itemIndex, { binaryParameter: 'Input Binary Field', defaultBinaryProperty: 'data' });
	const audioMs = audio.kind === 'audioId' ? undefined : audio.durationMs;
	if (audioMs !== undefined) {
		const problem = checkAudioLength(audioMs, { parameter: audio.parameter });
		if (problem) throw problemError(ctx, problem, itemIndex);
	}
	if (end === 0) {
		if (audioMs === undefined) {
			throw inputError(ctx.getNode(), {
				parameter: TIMING_PARAMETERS.soundEndTime,
				problem:
					audio.kind === 'audioId'
						? '0 (the end of the audio) needs the audio\'s length, which an audio ID does not tell'
						: `0 (the end of the audio) needs the audio's length, but ${audio.unknownBecause ?? 'it is unknown'}`,
				fix:
					audio.kind === 'audioId'
						? 'Enter where the audio ends, in milliseconds, e.g. {{ $json.durationMs }} from Audio → Text to Speech with Download Outputs on. Or set Audio Source to URL and map {{ $json.audioUrl }} from Text to Speech: the node then measures the audio itself.'
						: 'Enter where the audio ends, in milliseconds (at least 2000 after Sound Start Time).',
				itemIndex,
			});
		}
		end = audioMs;
	}
	const timings: Timings = { soundStartTime: start, soundEndTime: end, soundInsertTime: insert };
	const problem = validateTimings(timings, { audioMs, face });
	if (problem) throw problemError(ctx, problem, itemIndex);
	// The video's length is unknown here: only a span past the face's window hints at a refusal.
	const warning = face ? beyondWindowWarning(timings, face) : undefined;
	if (warning) ctx.addExecutionHints({ message: `Item ${itemIndex}: ${warning}`, type: 'warning', location: 'outputPane' });
	return { sessionId, faceId, audio, audioMs, timings, volumes };
}

/**
 * Create Lip-Sync Video: a face of an identified video speaks the given audio (TTS audio ID, URL
 * or binary file). Every rule RunningHub enforces is checked first, with the audio's length
 * measured from a URL or file and the face window when given.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runTaskOperation<Prepared>(this, {
		prepare: async (i) => await prepare(this, i),
		submit: async (client, p, i, options) =>
			await client.submitModel(
				LIP_SYNC_VIDEO_ENDPOINT,
				lipSyncBody(p, await audioBody(this, client, p.audio, i), p.timings, p.volumes, options.webhookUrl),
				i,
			),
		format: (task, p) => ({
			videoUrl: videoUrlOf(task),
			timings: { ...p.timings },
			audioDurationMs: p.audioMs ?? null,
		}),
		downloadable: isVideoOutput,
		outputs: 'media',
	});
}
