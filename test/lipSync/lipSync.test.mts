// Lip Sync → Lip-Sync (one step) against the simulator: binary video + text in, binary mp4 out
// (both binary modes); audio from a file with the timings clamped to the face window; every step
// stopping or failing with the task IDs so far; several items at once; checks before any call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { jsonOf, pairedOf } from '../operations/support.mjs';
import { binaryItem, binaryOf, fetchBytes, media, run, runError, taskBodies, videoItem, withSim } from './helpers.mjs';
import { assertRunningHubCode } from '../support/errors.mts';

const IDENTIFY = 'kling-lip-sync/identify-face';
const TTS = 'kling-lip-sync/tts';
const LIP_SYNC = 'kling-lip-sync/lip-sync-video';
const TEXT = 'Hello there, this is the one-step lip-sync test speaking.';
const op = { operation: 'lipSync' };

/** The most tasks active at the same time (created, not yet ended); an end frees its slot before a start in the same ms. */
function mostActiveAtOnce(tasks: Array<{ createdAt: string; endedAt: string | null }>): number {
	const events = tasks.flatMap((t) => [
		{ at: Date.parse(t.createdAt), step: 1 },
		{ at: t.endedAt === null ? Infinity : Date.parse(t.endedAt), step: -1 },
	]);
	events.sort((a, b) => a.at - b.at || a.step - b.step);
	let active = 0;
	let peak = 0;
	for (const e of events) peak = Math.max(peak, (active += e.step));
	return peak;
}

const idsOf = (sim: { control: { tasks(): Array<{ id: string; endpoint: string }> } }, endpoint: string) =>
	sim.control.tasks().filter((t) => t.endpoint === endpoint).map((t) => t.id);

describe('Lip-Sync (one step)', { concurrency: true }, () => {
	for (const binaryMode of ['default', 'filesystem'] as const) {
		it(`turns a binary video and a text into a binary mp4 (${binaryMode} binary mode)`, async () => {
			await withSim(async (sim) => {
				const video = await media('mp4', { durationMs: 10_000 });
				const { items, bytes } = await run({
					sim,
					binaryMode,
					// The defaults do the rest: Binary File from "data", Text to Speech, the longest face.
					parameters: { ...op, text: TEXT, submitOptions: { downloadOutputs: true } },
					input: [await binaryItem(video, 'presenter.mp4', 'video/mp4')],
				});
				assert.equal(items.length, 1);
				const json = items[0].json as Record<string, any>;
				const mp4 = binaryOf(items[0]);
				assert.equal(mp4.mimeType, 'video/mp4');
				assert.match(String(mp4.fileName), /\.mp4$/);
				if (binaryMode === 'filesystem') assert.ok(mp4.id, 'stored by reference in filesystem mode');
				assert.ok(bytes(mp4).equals(await fetchBytes(json.videoUrl)), 'the binary is the lip-synced video');
				assert.equal(bytes(mp4).subarray(4, 8).toString('latin1'), 'ftyp');

				// What RunningHub received, step by step.
				const [identifyBody] = taskBodies(sim, IDENTIFY);
				assert.match(String(identifyBody.videoUrl), new RegExp(`^${sim.url}/files/openapi/[0-9a-f]+\\.mp4\\?`));
				assert.ok((await fetchBytes(String(identifyBody.videoUrl))).equals(video), 'the uploaded video');
				assert.deepEqual(taskBodies(sim, TTS), [{ text: TEXT, voiceId: 'genshin_klee2', voiceLanguage: 'zh', voiceSpeed: 1 }]);
				const [audio] = sim.control.audios();
				const [session] = sim.control.sessions();
				assert.deepEqual(taskBodies(sim, LIP_SYNC), [
					{
						sessionId: session.id,
						faceId: '0',
						audioId: audio.id,
						soundStartTime: 0,
						soundEndTime: audio.durationMs,
						soundInsertTime: 200,
						soundVolume: 1,
						originalAudioVolume: 1,
					},
				]);

				// What the item says.
				assert.equal(json.state, 'succeeded');
				assert.equal(json.taskId, idsOf(sim, LIP_SYNC)[0]);
				assert.deepEqual(json.face, { faceId: '0', position: 0, startMs: 200, endMs: 8300, durationMs: 8100, imageUrl: null });
				assert.equal(json.sessionId, session.id);
				assert.equal(json.faceCount, 2);
				assert.deepEqual(json.audio, { source: 'text', audioId: audio.id, audioUrl: audio.url, durationMs: audio.durationMs, voiceId: 'genshin_klee2' });
				assert.deepEqual(json.timings, { soundStartTime: 0, soundEndTime: audio.durationMs, soundInsertTime: 200, soundVolume: 1, originalAudioVolume: 1 });
				assert.deepEqual(json.taskIds, { identifyFaces: idsOf(sim, IDENTIFY)[0], textToSpeech: idsOf(sim, TTS)[0], lipSync: idsOf(sim, LIP_SYNC)[0] });
				assert.deepEqual(json.costs, { identifyFaces: '0.035', textToSpeech: '0.035', lipSync: '0.350' });
				assert.equal(json.totalCost, 0.42);
				assert.ok(!('warnings' in json) && !('raw' in json) && !('message' in json));
				assert.deepEqual(pairedOf(items), [0]);
			});
		});
	}

	it('speaks with an English voice and returns each step\'s raw answer when asked', async () => {
		await withSim(async (sim) => {
			const { items } = await run({
				sim,
				parameters: { ...op, videoSource: 'url', videoUrl: 'https://example.com/v.mp4', text: TEXT, voiceId: 'AOT', voiceSpeed: 1.2, submitOptions: { includeRaw: true } },
			});
			assert.deepEqual(taskBodies(sim, TTS), [{ text: TEXT, voiceId: 'AOT', voiceLanguage: 'en', voiceSpeed: 1.2 }]);
			assert.deepEqual(Object.keys(items[0].json.raw as object), ['identifyFaces', 'textToSpeech', 'lipSync']);
			assert.equal(items[0].binary, undefined, 'no download unless asked');
		});
	});

	it('takes audio from a binary file, cuts it where the face window ends and says so', async () => {
		await withSim(async (sim) => {
			const audio = await media('mp3', { durationMs: 12_000 });
			const item = await binaryItem(audio, 'voice.mp3', 'audio/mpeg', 'audio');
			const { items } = await run({
				sim,
				binaryMode: 'filesystem',
				parameters: { ...op, videoSource: 'url', videoUrl: 'https://example.com/v.mp4', audioSource: 'binary', lipSyncOptions: { soundVolume: 0.5 } },
				input: [item],
			});
			const json = items[0].json as Record<string, any>;
			const [body] = taskBodies(sim, LIP_SYNC);
			assert.match(String(body.audioUrl), new RegExp(`^${sim.url}/files/openapi/[0-9a-f]+\\.mp3\\?`));
			assert.deepEqual(
				{ start: body.soundStartTime, end: body.soundEndTime, insert: body.soundInsertTime, volume: body.soundVolume },
				{ start: 0, end: 8050, insert: 200, volume: 0.5 },
				'the inserted span ends just before the face window does (8300 ms)',
			);
			assert.equal(json.state, 'succeeded');
			assert.equal(json.audio.source, 'binary');
			assert.equal(json.audio.audioUrl, body.audioUrl);
			assert.deepEqual(Object.keys(json.taskIds), ['identifyFaces', 'lipSync']);
			assert.equal(json.totalCost, 0.385);
			assert.equal(
				json.warnings[0],
				`The audio (${json.audio.durationMs} ms) runs past the end of the face's window, so the last ${json.audio.durationMs - 8050} ms were cut (the video uses 0–8050 ms of the audio).`,
			);
			assert.equal(sim.control.submitCount(TTS), 0);
		});
	});

	it('stops the audio before a face window that overshoots the end of the video (docs/runninghub-api.md §2)', async () => {
		await withSim(async (sim) => {
			sim.control.configure({ faces: [{ faceId: '0', startTime: 200, endTime: 10_004 }], faceVideoDurationMs: 10_000 });
			const audio = await media('mp3', { durationMs: 12_000 });
			const { items } = await run({
				sim,
				parameters: { ...op, videoSource: 'url', videoUrl: 'https://example.com/v.mp4', audioSource: 'binary' },
				input: [await binaryItem(audio, 'voice.mp3', 'audio/mpeg', 'audio')],
			});
			const json = items[0].json as Record<string, any>;
			assert.equal(json.state, 'succeeded', JSON.stringify(json).slice(0, 400));
			const [body] = taskBodies(sim, LIP_SYNC);
			assert.ok(Number(body.soundInsertTime) + Number(body.soundEndTime) - Number(body.soundStartTime) <= 10_000, JSON.stringify(body));
		});
	});

	it('uses timing overrides and a face chosen by ID', async () => {
		await withSim(async (sim) => {
			sim.control.configure({ faces: [{ faceId: '0', startTime: 0, endTime: 3000 }, { faceId: '5', startTime: 1000, endTime: 9000 }] });
			const file = sim.control.createFile({ ext: 'mp3', durationMs: 6000 });
			const { items } = await run({
				sim,
				parameters: {
					...op,
					videoSource: 'url',
					videoUrl: 'https://example.com/v.mp4',
					audioSource: 'url',
					audioUrl: file.url,
					faceSelection: 'faceId',
					faceId: '5',
					lipSyncOptions: { soundStartTime: 1000, soundInsertTime: 2000 },
				},
			});
			const [body] = taskBodies(sim, LIP_SYNC);
			assert.deepEqual([body.faceId, body.audioUrl, body.soundStartTime, body.soundEndTime, body.soundInsertTime], ['5', file.url, 1000, (items[0].json.audio as { durationMs: number }).durationMs, 2000]);
			assert.equal(items[0].json.state, 'succeeded');
		});
	});

	it('stops waiting at an intermediate step and keeps every task ID so far', async () => {
		await withSim(async (sim) => {
			sim.control.configure({ endpointDurations: { [TTS]: -1 } });
			const { items } = await run({
				sim,
				parameters: { ...op, videoSource: 'url', videoUrl: 'https://example.com/v.mp4', text: TEXT, submitOptions: { maxWaitSeconds: 1 } },
			});
			const json = items[0].json as Record<string, any>;
			assert.equal(json.timedOut, true);
			assert.equal(json.step, 'textToSpeech');
			assert.equal(json.state, 'pending');
			assert.equal(json.taskId, idsOf(sim, TTS)[0]);
			assert.deepEqual(json.taskIds, { identifyFaces: idsOf(sim, IDENTIFY)[0], textToSpeech: idsOf(sim, TTS)[0] });
			assert.deepEqual(json.costs, { identifyFaces: '0.035' });
			assert.equal(json.face.faceId, '0');
			assert.match(json.message, /^Stopped waiting at the Text to Speech step: its task was still RUNNING after 1 s, so the later steps did not run\./);
			assert.equal(sim.control.submitCount(LIP_SYNC), 0);
		});
	});

	it('fails on timeout when asked to, as an error item that keeps the task IDs', async () => {
		await withSim(async (sim) => {
			sim.control.configure({ endpointDurations: { [LIP_SYNC]: -1 } });
			const { items } = await run({
				sim,
				continueOnFail: true,
				parameters: { ...op, videoSource: 'url', videoUrl: 'https://example.com/v.mp4', text: TEXT, submitOptions: { maxWaitSeconds: 1, onTimeout: 'error' } },
			});
			const json = items[0].json as Record<string, any>;
			assert.equal(json.error, 'RunningHub did not finish the task within Max Wait [item 0]');
			assert.equal(json.step, 'lipSync');
			assert.equal(json.status, 'RUNNING');
			assert.equal(json.taskId, idsOf(sim, LIP_SYNC)[0]);
			assert.deepEqual(json.taskIds, { identifyFaces: idsOf(sim, IDENTIFY)[0], textToSpeech: idsOf(sim, TTS)[0], lipSync: idsOf(sim, LIP_SYNC)[0] });
			assert.equal(json.totalCost, 0.07);
		});
	});

	it('reports a failed step with the task IDs so far: an error item, or an error that names them', async () => {
		await withSim(async (sim) => {
			const parameters = { ...op, videoSource: 'url', videoUrl: 'https://example.com/v.mp4', text: TEXT };
			sim.control.scriptOutcome({ endpoint: TTS, fail: { errorCode: '1501', errorMessage: 'Content verification failed' } });
			const { items } = await run({ sim, parameters, continueOnFail: true });
			const json = items[0].json as Record<string, any>;
			const [identifyId] = idsOf(sim, IDENTIFY);
			const [ttsId] = idsOf(sim, TTS);
			assert.equal(json.step, 'textToSpeech');
			assert.equal(json.errorCode, '1501');
			assert.equal(json.taskId, ttsId);
			assert.deepEqual(json.taskIds, { identifyFaces: identifyId, textToSpeech: ttsId });
			assert.deepEqual(json.costs, { identifyFaces: '0.035' });
			assert.match(json.error, /Content verification failed.*\[item 0\]$/);
			assert.match(json.errorDescription, new RegExp(`Failed at the Text to Speech step\\. Task IDs so far: Identify Faces ${identifyId}, Text to Speech ${ttsId}\\.$`));
			assert.equal(sim.control.submitCount(LIP_SYNC), 0);

			// A business error on the final submit, without Continue On Fail: the error names the step and IDs.
			sim.control.addFault({ path: `/openapi/v2/${LIP_SYNC}`, fault: { type: 'businessError', code: '1505', message: 'Photorealistic real people are prohibited' } });
			const error = await runError({ sim, parameters });
			assert.equal(error.message, 'Photorealistic real people are prohibited [item 0]', "RunningHub's words are the headline");
			assertRunningHubCode(error, '1505', 'REAL_PEOPLE_PROHIBITED');
			assert.match(String(error.description), /Failed at the Create Lip-Sync Video step\. Task IDs so far: Identify Faces \d{19}, Text to Speech \d{19}\.$/);
			assert.deepEqual(Object.keys(error.context?.taskIds as object), ['identifyFaces', 'textToSpeech']);
			assert.equal(error.context?.step, 'lipSync');
		});
	});

	it('explains a video without a usable face (after identifying it) and runs no speech', async () => {
		await withSim(async (sim) => {
			sim.control.configure({ faces: [{ faceId: '0', startTime: 0, endTime: 1500 }] });
			const { items } = await run({ sim, continueOnFail: true, parameters: { ...op, videoSource: 'url', videoUrl: 'https://example.com/v.mp4', text: TEXT } });
			const json = items[0].json as Record<string, any>;
			assert.equal(json.error, 'Face: no face in the video is visible for 2000 ms or more (#0 face 0: 0–1500 ms) [item 0]');
			assert.equal(json.step, 'identifyFaces');
			assert.deepEqual(json.taskIds, { identifyFaces: idsOf(sim, IDENTIFY)[0] });
			assert.equal(sim.control.submitCount(TTS), 0);
		});
	});

	it('returns the lip-sync task at once without waiting for the video (the first steps still wait)', async () => {
		await withSim(async (sim) => {
			const { items } = await run({ sim, parameters: { ...op, videoSource: 'url', videoUrl: 'https://example.com/v.mp4', text: TEXT, waitForCompletion: false, submitOptions: { downloadOutputs: true } } });
			const json = items[0].json as Record<string, any>;
			assert.equal(json.state, 'pending');
			assert.equal(json.videoUrl, null);
			assert.deepEqual(Object.keys(json.taskIds), ['identifyFaces', 'textToSpeech', 'lipSync']);
			assert.match(json.message, /^Submitted the lip-sync video without waiting/);
			assert.equal(items[0].binary, undefined);
		});
	});

	it('needs Sound End Time when RunningHub returns the speech as an audio ID only', async () => {
		await withSim(async (sim) => {
			sim.control.configure({ variants: { ttsResult: 'audioIdOnly' } });
			const parameters = { ...op, videoSource: 'url', videoUrl: 'https://example.com/v.mp4', text: TEXT };
			const error = await runError({ sim, parameters });
			assert.equal(error.message, 'Sound End Time (Milliseconds): is needed because the audio\'s length is unknown: RunningHub returned no audio file for the speech, only its audio ID [item 0]');
			assert.match(String(error.description), /use Create Lip-Sync Video with session ID \d+, face ID 0 and the audio\.\nFailed at the Create Lip-Sync Video step\. Task IDs so far: Identify Faces \d{19}, Text to Speech \d{19}\.$/);
			const { items } = await run({ sim, parameters: { ...parameters, lipSyncOptions: { soundEndTime: 2500 } } });
			assert.equal(items[0].json.state, 'succeeded');
			assert.deepEqual(items[0].json.timings, { soundStartTime: 0, soundEndTime: 2500, soundInsertTime: 200, soundVolume: 1, originalAudioVolume: 1 });
		});
	});

	it('checks the inputs of every item before anything is uploaded or paid for', async () => {
		await withSim(async (sim) => {
			const junk = await binaryItem(Buffer.alloc(4000, 7), 'voice.mp3', 'audio/mpeg', 'audio');
			const cases: Array<[Record<string, unknown>, any[] | undefined, string]> = [
				[{ text: '' }, [await videoItem()], 'Text: is empty [item 0]'],
				[{ text: 'x'.repeat(1001) }, [await videoItem()], 'Text: is 1001 characters long, 1 over the limit of 1000 [item 0]'],
				[{ text: TEXT }, [{ json: {} }], 'Input Binary Field: the input item has no binary property "data" [item 0]'],
				[
					{ audioSource: 'binary' },
					[{ ...(await videoItem()), binary: { ...(await videoItem()).binary, ...junk.binary } }],
					'Audio Input Binary Field: the MP3 file\'s length cannot be read (it may be damaged or incomplete), so the lip-sync timings cannot be worked out [item 0]',
				],
				[{ audioSource: 'url', audioUrl: 'https://example.com/a.mp3', lipSyncOptions: { soundStartTime: 4000, soundEndTime: 3000 } }, [await videoItem()], 'Sound End Time (Milliseconds): 3000 ms is not after Sound Start Time (4000 ms) [item 0]'],
				[{ text: TEXT, faceSelection: 'faceId', faceId: '' }, [await videoItem()], 'Face ID: is empty [item 0]'],
				[{ text: TEXT, faceSelection: 'index', faceIndex: 1.5 }, [await videoItem()], 'Face Position: 1.5 is not a whole number [item 0]'],
				[{ text: (i: number) => (i === 2 ? '' : TEXT) }, [await videoItem(), await videoItem(), await videoItem()], 'Text: is empty [item 2]'],
			];
			for (const [parameters, input, message] of cases) {
				const error = await runError({ sim, parameters: { ...op, ...parameters }, input });
				assert.equal(error.message, message);
			}
			assert.equal(sim.control.submitCounts().total, 0, 'nothing was submitted');
			assert.equal(sim.control.requests({ path: '/openapi/v2/media/upload/binary' }).length, 0, 'nothing was uploaded');
		});
	});

	// Order, pairing and the concurrency cap only: no wall-clock bound (speed is bench/'s job).
	// The cap is counted in the simulator as the most of this key's tasks active at once.
	it('runs several items concurrently up to the key\'s limit, in order, each paired, with errors in place', async () => {
		await withSim(
			async (sim) => {
				const { items } = await run({
					sim,
					continueOnFail: true,
					parameters: { ...op, text: TEXT, faceSelection: 'index', faceIndex: (i: number) => (i === 1 ? 1 : 0) },
					input: [await videoItem(), await videoItem(), await videoItem(), await videoItem()],
				});
				assert.deepEqual(pairedOf(items), [0, 1, 2, 3]);
				assert.deepEqual(jsonOf(items).map((j) => j.state ?? j.step), ['succeeded', 'identifyFaces', 'succeeded', 'succeeded']);
				assert.match(String(items[1].json.error), /^Face Position: face 1 cannot be lip-synced: the face is visible for 1500 ms; lip-sync needs at least 2000 ms \[item 1\]$/);
				assert.deepEqual(Object.keys(items[1].json.taskIds as object), ['identifyFaces']);
				const tasks = sim.control.tasks();
				assert.equal(tasks.filter((t) => t.endpoint === IDENTIFY).length, 4);
				const peak = mostActiveAtOnce(tasks);
				assert.ok(peak <= 3, `${peak} tasks were active at once; the key allows 3`);
				assert.ok(peak >= 2, `the items ran one after another (at most ${peak} task active at once)`);
				assert.equal(sim.control.submitCounts().refusedTotal, 0, 'no submit went over the key\'s limit');
				const videos = jsonOf(items).filter((j) => j.state === 'succeeded').map((j) => j.videoUrl);
				assert.equal(new Set(videos).size, 3, 'each item has its own video');
			},
			{ concurrencyLimit: 3 },
		);
	});
});
