import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RunningHubClient } from '../../../core/api/client';
import { apiError, describeLines, inputError } from '../../../core/api/errors';
import { sumCosts, stepCost } from '../../../core/lipSync/cost';
import type { FaceSelection, IdentifiedFace } from '../../../core/lipSync/faces';
import { chooseFace } from '../../../core/lipSync/faces';
import { IDENTIFY_FACE_ENDPOINT, LIP_SYNC_VIDEO_ENDPOINT, TTS_ENDPOINT } from '../../../core/lipSync/rules';
import type { AudioRef, TimingOverrides, Timings } from '../../../core/lipSync/timing';
import { beyondWindowWarning, checkAudioLength, checkTimingsBeforeFaces, computeTimings, TIMING_PARAMETERS } from '../../../core/lipSync/timing';
import { accountCurrency, amountOf, RH_COINS } from '../../../core/run/cost';
import { addHintOnce } from '../../../core/run/hints';
import { errorJson, resolveConcurrency, runPerItem } from '../../../core/run/items';
import { submittedAtField, taskOutputOf, withoutEmpty } from '../../../core/run/simplify';
import { downloadOutputs } from '../../../core/media/outputs';
import { settleTask, taskJson } from '../../../core/run/settle';
import type { SubmitOptions } from '../../../core/run/submitOptions';
import { chosenConcurrency, readSubmitOptions } from '../../../core/run/submitOptions';
import type { TaskResult } from '../../../core/tasks/task';
import { checkNumberInRange } from '../../../core/validation';
import { nodeVersion } from '../../../core/version';
import type { TtsBody } from '../helpers/speech';
import { hintLanguageMismatch, readTtsBody, ttsResult } from '../helpers/speech';
import { credentialSite } from '../helpers/voice';
import type { AudioInput } from './audioInput';
import { readAudioInput } from './audioInput';
import { measureUrl } from './measure';
import type { Volumes } from './params';
import { checkTiming, problemError, readTextId, readVolume } from './params';
import { isVideoOutput, lipSyncBody, readFaces, videoUrlOf } from './tasks';
import { audioBody, videoBody } from './upload';
import type { VideoInput } from './videoInput';
import { readVideoInput } from './videoInput';
import { properties } from './lipSync.description';
import { NOT_WAITED_HINT } from '../../../core/run/taskOperation';

export const description = updateDisplayOptions({ show: { resource: ['lipSync'], operation: ['lipSync'] } }, properties);

/** The steps of the one-step Lip-Sync, by the key they have in `taskIds` and `costs`. */
export type StepName = 'identifyFaces' | 'textToSpeech' | 'lipSync';

export const STEP_LABELS: Record<StepName | 'uploadVideo' | 'uploadAudio', string> = {
	uploadVideo: 'Video Upload',
	identifyFaces: 'Identify Faces',
	uploadAudio: 'Audio Upload',
	textToSpeech: 'Text to Speech',
	lipSync: 'Create Lip-Sync Video',
};

interface Prepared {
	options: SubmitOptions;
	video: VideoInput;
	speech?: TtsBody;
	audio?: AudioInput;
	selection: FaceSelection;
	overrides: TimingOverrides;
	volumes: Volumes;
}

/** Task IDs, costs and the current step of one item, so a stop or failure can say where it was. */
class Progress {
	step: keyof typeof STEP_LABELS = 'uploadVideo';
	readonly taskIds: Partial<Record<StepName, string>> = {};
	readonly costs: Partial<Record<StepName, string | null>> = {};
	readonly raw: Partial<Record<StepName, TaskResult>> = {};

	submitted(step: StepName, task: TaskResult): void {
		this.taskIds[step] = task.taskId;
	}

	finished(step: StepName, task: TaskResult): void {
		this.costs[step] = stepCost(task.usage);
		this.raw[step] = task;
	}

	json(): IDataObject {
		return {
			taskIds: { ...this.taskIds },
			costs: { ...this.costs },
			totalCost: sumCosts(Object.values(this.costs)),
		};
	}

	/** Version 2: each step's cost as a number, and `cost` the item's total (all steps) with its currency. */
	async jsonV2(client: RunningHubClient): Promise<IDataObject> {
		const steps = Object.values(this.raw);
		const total = sumCosts(Object.values(this.costs));
		const money = steps.some((t) => amountOf(t?.usage?.consumeMoney) !== undefined);
		const currency = total === null ? undefined : money ? await accountCurrency(client) : RH_COINS;
		const costs = Object.fromEntries(Object.entries(this.costs).flatMap(([step, c]) => (amountOf(c) === undefined ? [] : [[step, amountOf(c)]])));
		return withoutEmpty({ taskIds: { ...this.taskIds }, costs, cost: total ?? undefined, currency });
	}

	/** "Identify Faces 123, Text to Speech 456" */
	idsText(): string {
		return (Object.keys(this.taskIds) as StepName[]).map((s) => `${STEP_LABELS[s]} ${this.taskIds[s]}`).join(', ');
	}
}

function readSelection(ctx: IExecuteFunctions, itemIndex: number): FaceSelection {
	const mode = String(ctx.getNodeParameter('faceSelection', itemIndex, 'longest'));
	if (mode === 'index') {
		const index = checkNumberInRange(ctx, ctx.getNodeParameter('faceIndex', itemIndex, 0), 'Face Position', itemIndex, {
			min: 0,
			max: 99,
			integer: true,
		});
		return { mode: 'index', index };
	}
	if (mode === 'faceId') {
		return { mode: 'faceId', faceId: readTextId(ctx, 'faceId', 'Face ID', itemIndex, '0 (the first face Identify Faces lists)') };
	}
	if (mode !== 'longest') {
		throw inputError(ctx.getNode(), {
			parameter: 'Face',
			problem: `"${mode}" is not a supported choice`,
			fix: 'Choose Longest Visible, By Position or By Face ID.',
			itemIndex,
		});
	}
	return { mode: 'longest' };
}

function readOverrides(ctx: IExecuteFunctions, itemIndex: number): { overrides: TimingOverrides; volumes: Volumes } {
	const raw = ctx.getNodeParameter('lipSyncOptions', itemIndex, {}) as IDataObject;
	const overrides: TimingOverrides = {};
	// Version 2: 0 in Sound End Time / Sound Insert Time means "work it out", like not adding them
	// (version 1 took them as given, so an added Sound End Time of 5000 cut longer speech).
	const zeroIsAuto = nodeVersion(ctx) >= 2;
	for (const key of ['soundStartTime', 'soundEndTime', 'soundInsertTime'] as const) {
		if (raw[key] === undefined || raw[key] === null || raw[key] === '') continue;
		const value = checkTiming(ctx, raw[key], key, itemIndex);
		if (zeroIsAuto && value === 0 && key !== 'soundStartTime') continue;
		overrides[key] = value;
	}
	const volumes: Volumes = {
		soundVolume: raw.soundVolume === undefined ? 1 : readVolume(ctx, 'lipSyncOptions.soundVolume', 'soundVolume', itemIndex),
		originalAudioVolume:
			raw.originalAudioVolume === undefined ? 1 : readVolume(ctx, 'lipSyncOptions.originalAudioVolume', 'originalAudioVolume', itemIndex),
	};
	return { overrides, volumes };
}

function audioLengthOf(audio: AudioInput | undefined): number | undefined {
	return audio && audio.kind !== 'audioId' ? audio.durationMs : undefined;
}

/** Reads and checks one item; nothing is uploaded or paid for yet. */
async function prepare(ctx: IExecuteFunctions, itemIndex: number): Promise<Prepared> {
	const options = readSubmitOptions(ctx, itemIndex, 'media');
	const video = await readVideoInput(ctx, itemIndex, { allowVideoId: false });
	const selection = readSelection(ctx, itemIndex);
	const { overrides, volumes } = readOverrides(ctx, itemIndex);
	const source = String(ctx.getNodeParameter('audioSource', itemIndex, 'text'));
	let speech: TtsBody | undefined;
	let audio: AudioInput | undefined;
	if (source === 'text') {
		speech = readTtsBody(ctx, itemIndex, await credentialSite(ctx));
		hintLanguageMismatch(ctx, speech, itemIndex);
	} else {
		audio = await readAudioInput(ctx, itemIndex, { binaryParameter: 'Audio Input Binary Field', defaultBinaryProperty: 'audio' });
		if (audio.kind === 'audioId') {
			throw inputError(ctx.getNode(), {
				parameter: 'Audio Source',
				problem: 'an audio ID is not supported here',
				fix: 'Choose Text to Speech, URL or Binary File, or use Create Lip-Sync Video for an audio ID.',
				itemIndex,
			});
		}
		if (audio.durationMs !== undefined) {
			const problem = checkAudioLength(audio.durationMs, { parameter: audio.parameter });
			if (problem) throw problemError(ctx, problem, itemIndex);
		} else if (overrides.soundEndTime === undefined) {
			throw inputError(ctx.getNode(), {
				parameter: audio.parameter,
				problem: `${audio.unknownBecause ?? 'the audio\'s length is unknown'}, so the lip-sync timings cannot be worked out`,
				fix: 'Use an MP3, WAV or M4A file that plays to the end, or set Sound End Time (and if needed Sound Start Time and Sound Insert Time) under Lip-Sync Options, in milliseconds.',
				itemIndex,
			});
		}
	}
	// What can be checked without the face window is checked now, before anything is paid for
	// (a binary video's own length is checked again when it is read, before it is uploaded).
	const problem = checkTimingsBeforeFaces(overrides, { audioMs: audioLengthOf(audio) });
	if (problem) throw problemError(ctx, problem, itemIndex);
	return { options, video, speech, audio, selection, overrides, volumes };
}

function faceJson(face: IdentifiedFace, position: number): IDataObject {
	return {
		faceId: face.faceId,
		position,
		startMs: face.startMs,
		endMs: face.endMs,
		durationMs: face.durationMs,
		imageUrl: face.imageUrl,
	};
}

/**
 * Lip-Sync (one step): identify the faces, choose one, speak the text (or take the audio),
 * compute and check the timings, create the lip-synced video. Items run concurrently up to the
 * limit; each item carries the task IDs of every step, also when it stops or fails.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const client = new RunningHubClient(this);
	const concurrency = await resolveConcurrency(client, chosenConcurrency(this));

	/** Waits for an intermediate step regardless of Wait for Completion (its result is needed). */
	const finishStep = async (task: TaskResult, options: SubmitOptions, i: number) =>
		await settleTask(client, task, { ...options, waitForCompletion: true }, i);

	const v2 = nodeVersion(this) >= 2;

	const stopped = async (
		progress: Progress,
		step: StepName,
		task: TaskResult & { message?: string },
		options: SubmitOptions,
		extra: IDataObject = {},
	): Promise<INodeExecutionData> => {
		const message = `Stopped waiting at the ${STEP_LABELS[step]} step: its task was still ${task.status || 'running'} after ${Math.round(options.maxWaitMs / 1000)} s, so the later steps did not run. The task keeps running on RunningHub; read it later with Task → Get using its task ID (taskIds.${step}).`;
		if (!v2) return { json: { ...taskJson(task), timedOut: true, step, message, ...extra, ...progress.json() } };
		// Version 2: the shared task shape; the explanation goes to the output pane.
		addHintOnce(this, message);
		return { json: withoutEmpty({ ...(await taskOutputOf(client, task, options.simplify)), timedOut: true, step, ...extra, ...(await progress.jsonV2(client)) }) };
	};

	const runItem = async (p: Prepared, i: number, progress: Progress): Promise<INodeExecutionData> => {
		const { options } = p;

		// 1. Uploads (free), so a file RunningHub refuses costs nothing.
		progress.step = 'uploadVideo';
		let videoMs: number | undefined;
		const videoFields = await videoBody(this, client, p.video, i, (measured) => {
			videoMs = measured;
			const problem = checkTimingsBeforeFaces(p.overrides, { audioMs: audioLengthOf(p.audio), videoMs });
			if (problem) throw problemError(this, problem, i);
		});
		let audioFields: { audioId: string } | { audioUrl: string } | undefined;
		if (p.audio) {
			progress.step = 'uploadAudio';
			audioFields = await audioBody(this, client, p.audio, i);
		}

		// 2. Faces.
		progress.step = 'identifyFaces';
		const identifySubmitted = await client.submitModel(IDENTIFY_FACE_ENDPOINT, videoFields, i);
		progress.submitted('identifyFaces', identifySubmitted);
		const identified = await finishStep(identifySubmitted, options, i);
		if (identified.timedOut) return await stopped(progress, 'identifyFaces', identified, options);
		progress.finished('identifyFaces', identified);
		const parsed = readFaces(node, identified, i);
		const choice = chooseFace(parsed.faces, p.selection);
		if ('problem' in choice) throw problemError(this, choice.problem, i);
		const { face, index } = choice;
		const sessionId = parsed.sessionId as string;
		const faceInfo = { sessionId, face: faceJson(face, index), faceCount: parsed.faces.length };
		const window = { startMs: face.startMs as number, endMs: face.endMs as number };

		// 3. Speech.
		let audioMs: number | undefined;
		let unknownBecause: string | undefined;
		let audioRef: AudioRef;
		let audioJson: IDataObject;
		if (p.speech) {
			progress.step = 'textToSpeech';
			const ttsSubmitted = await client.submitModel(TTS_ENDPOINT, { ...p.speech }, i);
			progress.submitted('textToSpeech', ttsSubmitted);
			const spoken = await finishStep(ttsSubmitted, options, i);
			if (spoken.timedOut) return await stopped(progress, 'textToSpeech', spoken, options, faceInfo);
			progress.finished('textToSpeech', spoken);
			const { audioId, audioUrl } = ttsResult(spoken);
			if (!audioId && !audioUrl) {
				throw apiError(node, {
					endpoint: `/openapi/v2/${TTS_ENDPOINT}`,
					itemIndex: i,
					taskId: spoken.taskId,
					message: 'RunningHub finished the text to speech task but returned neither an audio ID nor an audio file',
					hint: 'Run the item again; if it keeps happening, report the task ID to RunningHub.',
				});
			}
			audioFields = audioId ? { audioId } : { audioUrl: audioUrl as string };
			const measured = audioUrl
				? await measureUrl(this, audioUrl, i, 'Text')
				: { durationMs: undefined, unknownBecause: 'RunningHub returned no audio file for the speech, only its audio ID' };
			audioMs = measured.durationMs;
			unknownBecause = measured.unknownBecause;
			audioRef = { parameter: 'Text', speech: true };
			audioJson = { source: 'text', audioId, audioUrl, durationMs: audioMs ?? null, voiceId: p.speech.voiceId };
		} else {
			const audio = p.audio as Exclude<AudioInput, { kind: 'audioId' }>;
			audioMs = audio.durationMs;
			unknownBecause = audio.unknownBecause;
			audioRef = { parameter: audio.parameter };
			audioJson = {
				source: audio.kind,
				audioUrl: audioFields && 'audioUrl' in audioFields ? audioFields.audioUrl : null,
				durationMs: audioMs ?? null,
			};
		}
		const audioRequest = audioFields as { audioId: string } | { audioUrl: string };

		// 4. Timings.
		progress.step = 'lipSync';
		if (audioMs === undefined && p.overrides.soundEndTime === undefined) {
			throw inputError(node, {
				parameter: TIMING_PARAMETERS.soundEndTime,
				problem: `is needed because the audio's length is unknown: ${unknownBecause ?? 'it could not be measured'}`,
				fix: `Set Sound End Time under Lip-Sync Options, in milliseconds. To continue without repeating the paid steps, use Create Lip-Sync Video with session ID ${sessionId}, face ID ${face.faceId} and the audio.`,
				itemIndex: i,
			});
		}
		const computed = computeTimings({ audioMs, videoMs, face: window, overrides: p.overrides, audio: audioRef });
		if ('problem' in computed) throw problemError(this, computed.problem, i);
		const timings: Timings = computed.timings;
		const warnings: string[] = [];
		if (computed.trimmedMs > 0) {
			warnings.push(
				`The audio (${audioMs} ms) runs past the end of the face's window, so the last ${computed.trimmedMs} ms were cut (the video uses ${timings.soundStartTime}–${timings.soundEndTime} ms of the audio).`,
			);
		}
		// A measured video was checked exactly; for a URL only the face's window is known.
		const beyond = videoMs === undefined ? beyondWindowWarning(timings, window) : undefined;
		if (beyond) warnings.push(beyond);

		// 5. The lip-synced video.
		const submitted = await client.submitModel(
			LIP_SYNC_VIDEO_ENDPOINT,
			lipSyncBody({ sessionId, faceId: face.faceId }, audioRequest, timings, p.volumes, options.webhookUrl),
			i,
		);
		progress.submitted('lipSync', submitted);
		const submittedAt = client.transport.now();
		const final = await settleTask(client, submitted, options, i);
		if (final.state === 'succeeded') progress.finished('lipSync', final);
		const succeeded = final.state === 'succeeded';
		const json: IDataObject = v2
			? withoutEmpty({
					// Version 2: the shared task shape of the lip-sync task, `cost` being the whole item's.
					...(await taskOutputOf(client, final, options.simplify)),
					...(succeeded ? { videoUrl: videoUrlOf(final) ?? undefined } : {}),
					...faceInfo,
					audio: withoutEmpty(audioJson),
					timings: { ...timings, ...p.volumes },
					...(await progress.jsonV2(client)),
					...(warnings.length ? { warnings } : {}),
					...(final.timedOut ? { timedOut: true, step: 'lipSync' } : {}),
					...submittedAtField(final, submittedAt),
					...(options.includeRaw ? { raw: { ...progress.raw, ...(succeeded ? {} : { lipSync: final }) } as unknown as IDataObject } : {}),
				})
			: {
					taskId: final.taskId,
					status: final.status,
					state: final.state,
					videoUrl: succeeded ? videoUrlOf(final) : null,
					outputs: final.outputs as unknown as IDataObject[],
					...faceInfo,
					audio: audioJson,
					timings: { ...timings, ...p.volumes },
					...progress.json(),
					...(warnings.length ? { warnings } : {}),
					...(final.timedOut ? { timedOut: true, step: 'lipSync', message: final.message } : {}),
					...(!options.waitForCompletion
						? {
								message:
									'Submitted the lip-sync video without waiting: use taskId with Task → Get, the RunningHub Wait for Task node or the RunningHub Trigger.',
							}
						: {}),
					...(options.includeRaw ? { raw: { ...progress.raw, ...(succeeded ? {} : { lipSync: final }) } as unknown as IDataObject } : {}),
				};
		if (v2 && final.timedOut && final.message) addHintOnce(this, final.message);
		if (v2 && !options.waitForCompletion) addHintOnce(this, NOT_WAITED_HINT);
		const binary =
			options.downloadOutputs && succeeded ? await downloadOutputs(this, final, options.binaryPropertyName, i, isVideoOutput) : undefined;
		return { json, ...(binary && Object.keys(binary).length ? { binary } : {}) };
	};

	return await runPerItem<Prepared>(this, {
		concurrency,
		prepare: async (i) => await prepare(this, i),
		run: async (p, i) => {
			const progress = new Progress();
			try {
				return await runItem(p, i, progress);
			} catch (error) {
				const annotated = annotate(error, progress);
				if (!this.continueOnFail()) throw annotated;
				return { json: { ...errorJson(annotated), step: progress.step, ...progress.json() } };
			}
		},
	});
}

/** Adds the step and the task IDs so far to an error, for the message and the error item. */
function annotate(error: unknown, progress: Progress): unknown {
	if (!error || typeof error !== 'object') return error;
	const e = error as { description?: string | null; context?: IDataObject };
	const ids = progress.idsText();
	const where = `Failed at the ${STEP_LABELS[progress.step]} step.${ids ? ` Task IDs so far: ${ids}.` : ''}`;
	e.description = describeLines([e.description ?? undefined, where]);
	e.context = { ...(e.context ?? {}), step: progress.step, taskIds: { ...progress.taskIds } };
	return error;
}
