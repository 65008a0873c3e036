// Issue 14: every lip-sync rule that can be decided before a paid call is decided before it.
// Each refusal is checked at the simulator's request log (no identify-face, TTS, lip-sync or
// upload request) and by its message (parameter, item, limit, fix).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Simulator } from '../../simulator/index.mjs';
import { binaryItem, media, run, runError, sessionAndAudio, taskBodies, videoItem, withSim } from './helpers.mjs';

const LIP_SYNC = 'kling-lip-sync/lip-sync-video';
const TEXT = 'Hello there, this is the lip-sync rules test speaking.';
const URL_VIDEO = { videoSource: 'url', videoUrl: 'https://example.com/presenter.mp4' };

/** Requests that cost money or move files: every lip-sync endpoint and both uploads. */
export function paidOrUploadRequests(sim: Simulator): string[] {
	return sim.control
		.requests()
		.map((r) => r.route)
		.filter((route) => /kling-lip-sync|upload/.test(route));
}

interface Expected {
	parameter: string;
	item?: number;
	limit: RegExp;
	fix: RegExp;
}

/** The node refused the input before any paid call or upload, with a message that says it all. */
async function assertRefusedBeforePaid(sim: Simulator, options: Parameters<typeof runError>[0], expected: Expected): Promise<void> {
	const error = await runError(options);
	assert.ok(error.message.startsWith(`${expected.parameter}: `), error.message);
	assert.ok(error.message.endsWith(`[item ${expected.item ?? 0}]`), error.message);
	assert.match(error.message, expected.limit);
	assert.match(String(error.description), expected.fix);
	assert.deepEqual(paidOrUploadRequests(sim), [], `nothing paid or uploaded: ${error.message}`);
}

async function audioItem(durationMs: number) {
	return await binaryItem(await media('mp3', { durationMs }), 'voice.mp3', 'audio/mpeg', 'audio');
}

async function videoAndAudio(videoMs: number, audioMs: number) {
	return { json: {}, binary: { ...(await videoItem('data', videoMs)).binary, ...(await audioItem(audioMs)).binary } };
}

describe('lip-sync rules checked before the first paid call', { concurrency: true }, () => {
	it('one step: a Sound Start Time leaving under 2 s of a measured audio is refused before Identify Faces (item 1)', async () => {
		await withSim(async (sim) => {
			await assertRefusedBeforePaid(
				sim,
				{ sim, parameters: { operation: 'lipSync', ...URL_VIDEO, audioSource: 'binary', lipSyncOptions: { soundStartTime: 4000 } }, input: [await audioItem(5000)] },
				{ parameter: 'Sound Start Time (Milliseconds)', limit: /4000 ms leaves 1\d{3} ms of the 5\d{3} ms audio, under the 2000 ms minimum/, fix: /at most 3\d{3}/ },
			);
		});
	});

	it('one step: a Sound Insert Time past the longest video is refused before Identify Faces (item 1)', async () => {
		await withSim(async (sim) => {
			await assertRefusedBeforePaid(
				sim,
				{ sim, parameters: { operation: 'lipSync', ...URL_VIDEO, text: TEXT, lipSyncOptions: { soundInsertTime: 59_000 } } },
				{ parameter: 'Sound Insert Time (Milliseconds)', limit: /59000 ms leaves 1000 ms before 60000 ms, the longest video/, fix: /at most 58000/ },
			);
		});
	});

	it('one step: a Sound Insert Time near the end of a measured binary video is refused before its upload (items 1, 3)', async () => {
		await withSim(async (sim) => {
			await assertRefusedBeforePaid(
				sim,
				{ sim, parameters: { operation: 'lipSync', text: TEXT, lipSyncOptions: { soundInsertTime: 9000 } }, input: [await videoItem('data', 10_000)] },
				{ parameter: 'Sound Insert Time (Milliseconds)', limit: /before the end of the video \(10000 ms\)/, fix: /at most 8000/ },
			);
		});
	});

	it('one step: 15 s of speech inserted into a 10 s binary video is refused before its upload (item 2)', async () => {
		await withSim(async (sim) => {
			await assertRefusedBeforePaid(
				sim,
				{ sim, parameters: { operation: 'lipSync', text: TEXT, lipSyncOptions: { soundEndTime: 15_000 } }, input: [await videoItem('data', 10_000)] },
				{ parameter: 'Sound Insert Time (Milliseconds)', limit: /from 0 to 15000 ms, past the end of the video \(10000 ms\)/, fix: /Cut the audio to at most 10000 ms/ },
			);
		});
	});

	it('one step: audio that fits the face window but not a 6 s binary video is refused before identify-face (item 2)', async () => {
		await withSim(async (sim) => {
			// Face 0 is visible 200–8300 ms in the simulator, longer than this video: the video decides.
			await assertRefusedBeforePaid(
				sim,
				{ sim, parameters: { operation: 'lipSync', audioSource: 'binary', lipSyncOptions: { soundEndTime: 5000, soundInsertTime: 3000 } }, input: [await videoAndAudio(6000, 5000)] },
				{ parameter: 'Sound Insert Time (Milliseconds)', limit: /from 3000 to 8000 ms, past the end of the video \(6000 ms\)/, fix: /at most 1000/ },
			);
		});
	});

	it('one step with a video URL: audio running past the face window is sent with a warning (item 2)', async () => {
		await withSim(async (sim) => {
			sim.control.configure({ faceVideoDurationMs: 20_000 });
			const { items } = await run({
				sim,
				parameters: { operation: 'lipSync', ...URL_VIDEO, audioSource: 'binary', lipSyncOptions: { soundEndTime: 12_000 } },
				input: [await audioItem(12_000)],
			});
			const json = items[0].json as Record<string, any>;
			assert.equal(json.state, 'succeeded', JSON.stringify(json).slice(0, 300));
			assert.deepEqual(json.warnings, [
				"The audio plays until 12200 ms, after the face's window ends (8300 ms). RunningHub refuses the lip-sync if that is past the end of the video; if it does, set Sound End Time or Sound Insert Time earlier.",
			]);
		});
	});

	it('Create Lip-Sync Video: audio ending past 60 s (the longest video) is refused before the paid call (item 2)', async () => {
		await withSim(async (sim) => {
			await assertRefusedBeforePaid(
				sim,
				{ sim, parameters: { operation: 'createVideo', sessionId: '865289575831703581', faceId: '0', audioId: '865272148167389266', soundEndTime: 15_000, soundInsertTime: 50_000 } },
				{ parameter: 'Sound Insert Time (Milliseconds)', limit: /from 50000 to 65000 ms, past 60000 ms, the longest video/, fix: /at most 45000/ },
			);
		});
	});

	it('Create Lip-Sync Video: audio ending after the given face window is sent with an execution hint (item 2)', async () => {
		await withSim(async (sim) => {
			sim.control.configure({ faceVideoDurationMs: 20_000 });
			const { sessionId, audioId, audioMs } = await sessionAndAudio(sim, `${TEXT} ${TEXT} ${TEXT}`);
			assert.ok(audioMs >= 6000, `the speech lasts ${audioMs} ms`);
			const { items, recorder } = await run({
				sim,
				parameters: {
					operation: 'createVideo',
					sessionId,
					faceId: '0',
					audioId,
					soundEndTime: 6000,
					soundInsertTime: 5000,
					faceWindow: { window: { startMs: 200, endMs: 8300 } },
				},
				continueOnFail: true,
			});
			assert.equal(items[0].json.state, 'succeeded', JSON.stringify(items[0].json).slice(0, 300));
			assert.equal(taskBodies(sim, LIP_SYNC).length, 1, 'sent');
			assert.deepEqual(recorder.hints, [
				{
					message:
						"Item 0: The audio plays until 11000 ms, after the face's window ends (8300 ms). RunningHub refuses the lip-sync if that is past the end of the video; if it does, set Sound End Time or Sound Insert Time earlier.",
					type: 'warning',
					location: 'outputPane',
				},
			]);
		});
	});

	for (const [durationMs, limit] of [
		[1000, /the video is 1000 ms long, under the 2000 ms face identification needs/],
		[90_000, /the video is 90000 ms long, over the 60000 ms face identification accepts/],
	] as const) {
		for (const operation of ['identifyFaces', 'lipSync']) {
			it(`${operation}: a ${durationMs / 1000} s binary video is refused before its upload (item 3)`, async () => {
				await withSim(async (sim) => {
					await assertRefusedBeforePaid(
						sim,
						{ sim, parameters: { operation, text: TEXT }, input: [await videoItem('data', durationMs)] },
						{ parameter: 'Input Binary Field', limit, fix: /2 to 60 seconds|at most 60 seconds/ },
					);
				});
			});
		}
	}
});
