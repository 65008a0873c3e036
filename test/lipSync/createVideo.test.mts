// Lip Sync → Create Lip-Sync Video against the simulator: the request body for each audio source,
// the audio length measured from URL and binary audio, every validation rule with its message
// (naming the parameter and the item) before anything is sent, and RunningHub's own refusals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { measureAudioDuration } from '../../nodes/core/media/duration';
import { pairedOf, startFileServer } from '../operations/support.mjs';
import { binaryItem, binaryOf, fetchBytes, media, run, runError, sessionAndAudio, taskBodies, withSim } from './helpers.mjs';
import { assertRunningHubCode } from '../support/errors.mts';

const LIP_SYNC = 'kling-lip-sync/lip-sync-video';
const op = { operation: 'createVideo' };

describe('Create Lip-Sync Video', { concurrency: true }, () => {
	for (const binaryMode of ['default', 'filesystem'] as const) {
		it(`lip-syncs a TTS audio ID with explicit timings and downloads the mp4 (${binaryMode} binary mode)`, async () => {
			await withSim(async (sim) => {
				const { sessionId, audioId } = await sessionAndAudio(sim);
				const { items, bytes } = await run({
					sim,
					binaryMode,
					parameters: {
						...op,
						sessionId,
						faceId: '0',
						audioId,
						soundEndTime: 3000,
						soundInsertTime: 200,
						soundVolume: 1.5,
						submitOptions: { downloadOutputs: true },
					},
				});
				assert.deepEqual(taskBodies(sim, LIP_SYNC), [
					{ sessionId, faceId: '0', audioId, soundStartTime: 0, soundEndTime: 3000, soundInsertTime: 200, soundVolume: 1.5, originalAudioVolume: 1 },
				]);
				const json = items[0].json as Record<string, any>;
				assert.equal(json.state, 'succeeded');
				assert.match(json.videoUrl, /\/files\/output\/\d+_0\.mp4$/);
				assert.deepEqual(json.outputs, [{ url: json.videoUrl, type: 'mp4', text: null, nodeId: null }]);
				assert.deepEqual(json.timings, { soundStartTime: 0, soundEndTime: 3000, soundInsertTime: 200 });
				assert.equal(json.audioDurationMs, null);
				const video = binaryOf(items[0]);
				assert.equal(video.mimeType, 'video/mp4');
				assert.ok(bytes(video).equals(await fetchBytes(json.videoUrl)), 'the binary is the output file');
				assert.deepEqual(pairedOf(items), [0]);
			});
		});
	}

	it('measures audio at a URL and uses its end when Sound End Time is 0', async () => {
		await withSim(async (sim) => {
			const { sessionId } = await sessionAndAudio(sim);
			const file = sim.control.createFile({ ext: 'mp3', durationMs: 4000 });
			const measured = measureAudioDuration(await fetchBytes(file.url))?.durationMs;
			assert.ok(measured && measured >= 4000 && measured < 4100);
			const { items } = await run({ sim, parameters: { ...op, sessionId, faceId: '0', audioSource: 'url', audioUrl: file.url, soundInsertTime: 200 } });
			assert.deepEqual(taskBodies(sim, LIP_SYNC)[0], {
				sessionId,
				faceId: '0',
				audioUrl: file.url,
				soundStartTime: 0,
				soundEndTime: measured,
				soundInsertTime: 200,
				soundVolume: 1,
				originalAudioVolume: 1,
			});
			assert.equal(items[0].json.audioDurationMs, measured);
			assert.equal(items[0].json.state, 'succeeded');
		});
	});

	it('uploads binary audio and sends its download URL', async () => {
		await withSim(async (sim) => {
			const { sessionId } = await sessionAndAudio(sim);
			const audio = await media('mp3', { durationMs: 3000 });
			const measured = measureAudioDuration(audio)?.durationMs as number;
			const { items } = await run({
				sim,
				binaryMode: 'filesystem',
				parameters: { ...op, sessionId, faceId: '0', audioSource: 'binary', faceWindow: { window: { startMs: 200, endMs: 8300 } } },
				input: [await binaryItem(audio, 'voice.mp3', 'audio/mpeg')],
			});
			const [body] = taskBodies(sim, LIP_SYNC);
			assert.match(String(body.audioUrl), new RegExp(`^${sim.url}/files/openapi/[0-9a-f]+\\.mp3\\?`));
			assert.ok((await fetchBytes(String(body.audioUrl))).equals(audio));
			assert.equal(body.soundEndTime, measured);
			assert.equal(items[0].json.state, 'succeeded');
		});
	});

	it('checks every rule before anything is sent, naming the parameter and the item', async () => {
		await withSim(async (sim) => {
			const { sessionId, audioId } = await sessionAndAudio(sim);
			const threeSeconds = await media('mp3', { durationMs: 3000 });
			const threeMs = measureAudioDuration(threeSeconds)?.durationMs;
			const oneSecond = await media('mp3', { durationMs: 1000 });
			const oneMs = measureAudioDuration(oneSecond)?.durationMs;
			const base = { ...op, sessionId, faceId: '0', audioId, soundEndTime: 3000 };
			const cases: Array<[Record<string, unknown>, any[] | undefined, string, string?]> = [
				[{ sessionId: '' }, undefined, 'Session ID: is empty [item 0]'],
				[{ faceId: ' ' }, undefined, 'Face ID: is empty [item 0]'],
				[{ audioId: '' }, undefined, 'Audio ID: is empty [item 0]'],
				[
					{ soundEndTime: 0 },
					undefined,
					'Sound End Time (Milliseconds): 0 (the end of the audio) needs the audio\'s length, which an audio ID does not tell [item 0]',
					'Enter where the audio ends, in milliseconds, e.g. {{ $json.durationMs }} from Audio → Text to Speech with Download Outputs on. Or set Audio Source to URL and map {{ $json.audioUrl }} from Text to Speech: the node then measures the audio itself.',
				],
				[{ soundStartTime: 1500.5 }, undefined, 'Sound Start Time (Milliseconds): 1500.5 is not a whole number [item 0]'],
				[{ soundInsertTime: -5 }, undefined, 'Sound Insert Time (Milliseconds): -5 is out of range [item 0]'],
				[{ soundEndTime: 70_000 }, undefined, 'Sound End Time (Milliseconds): 70000 is out of range [item 0]', 'Enter a value from 0 to 60000.'],
				[
					{ soundStartTime: 3000, soundEndTime: 2000 },
					undefined,
					'Sound End Time (Milliseconds): 2000 ms is not after Sound Start Time (3000 ms) [item 0]',
					'Set Sound End Time later than Sound Start Time: the audio between them is lip-synced and must last at least 2000 ms, e.g. 5000.',
				],
				[
					{ soundStartTime: 1000, soundEndTime: 2500 },
					undefined,
					'Sound End Time (Milliseconds): the cut audio from 1000 to 2500 ms lasts 1500 ms, under the 2000 ms minimum [item 0]',
					'Set Sound End Time to at least 3000 (Sound Start Time + 2000 ms), or Sound Start Time earlier.',
				],
				[
					{ audioSource: 'binary', soundEndTime: 5000 },
					[await binaryItem(threeSeconds, 'voice.mp3', 'audio/mpeg')],
					`Sound End Time (Milliseconds): 5000 ms is past the end of the audio (${threeMs} ms) [item 0]`,
					`Set Sound End Time to ${threeMs} or less (the measured length of the audio).`,
				],
				[
					{ audioSource: 'binary', soundEndTime: 0 },
					[await binaryItem(oneSecond, 'short.mp3', 'audio/mpeg')],
					`Input Binary Field: the audio is ${oneMs} ms long, under the 2000 ms lip-sync needs [item 0]`,
					'Use audio that lasts 2 to 60 seconds.',
				],
				[
					{ soundInsertTime: 7000, faceWindow: { window: { startMs: 200, endMs: 8300 } } },
					undefined,
					'Sound Insert Time (Milliseconds): the audio would play from 7000 to 10000 ms and overlap the face\'s window (200–8300 ms) by 1300 ms, under the 2000 ms minimum [item 0]',
					'Set Sound Insert Time so that at least 2000 ms of the audio plays while the face is visible, e.g. 200 (the start of the face\'s window).',
				],
				[{ faceWindow: { window: { startMs: 5000, endMs: 5000 } } }, undefined, 'Face Window End Time: 5000 ms is not after the window\'s start (5000 ms) [item 0]'],
				[{ soundVolume: 2.5 }, undefined, 'Sound Volume: 2.5 is out of range [item 0]', 'Enter a value from 0 to 2.'],
				[{ originalAudioVolume: -0.1 }, undefined, 'Original Audio Volume: -0.1 is out of range [item 0]'],
				[{ audioSource: 'url', audioUrl: 'file:///tmp/voice.mp3' }, undefined, 'Audio URL: "file:///tmp/voice.mp3" is not an http(s) URL [item 0]'],
				[{ audioSource: 'url', audioUrl: 'https://example.com/voice.ogg' }, undefined, 'Audio URL: the URL points to a .ogg file, not MP3, WAV or M4A audio [item 0]'],
				[
					{ audioSource: 'binary' },
					[await binaryItem(await media('png'), 'photo.png', 'image/png')],
					'Input Binary Field: "photo.png", image/png is not MP3, WAV or M4A audio [item 0]',
				],
				[
					{ audioSource: 'binary' },
					[await binaryItem(Buffer.alloc(5 * 1024 * 1024 + 1), 'long.mp3', 'audio/mpeg')],
					'Input Binary Field: "long.mp3" is 5.1 MB, over the 5 MB limit [item 0]',
				],
				[
					{ audioSource: 'binary' },
					[await binaryItem(Buffer.from('plain text, not audio'), 'notes', 'application/octet-stream')],
					'Input Binary Field: "notes" is not MP3, WAV or M4A audio [item 0]',
				],
				[
					{ soundEndTime: (i: number) => (i === 1 ? 1000 : 3000) },
					[{ json: {} }, { json: {} }],
					'Sound End Time (Milliseconds): the cut audio from 0 to 1000 ms lasts 1000 ms, under the 2000 ms minimum [item 1]',
				],
			];
			for (const [parameters, input, message, description] of cases) {
				const error = await runError({ sim, parameters: { ...base, ...parameters }, input });
				assert.equal(error.message, message);
				if (description) assert.equal(error.description, description, message);
			}
			assert.equal(sim.control.submitCount(LIP_SYNC), 0, 'nothing was submitted');
			assert.equal(sim.control.requests({ path: '/openapi/v2/media/upload/binary' }).length, 0, 'nothing was uploaded');
		});
	});

	it('leaves the length unknown when a URL cannot be downloaded, unless it is needed', async () => {
		await withSim(async (sim) => {
			const { sessionId } = await sessionAndAudio(sim);
			const missing = `${sim.url}/files/output/missing.mp3`;
			const error = await runError({ sim, parameters: { ...op, sessionId, faceId: '0', audioSource: 'url', audioUrl: missing } });
			assert.equal(
				error.message,
				'Sound End Time (Milliseconds): 0 (the end of the audio) needs the audio\'s length, but the audio could not be downloaded to measure it (HTTP 404) [item 0]',
			);
			// With an explicit end the node sends it and RunningHub judges the URL (here: refuses it).
			const refused = await runError({ sim, parameters: { ...op, sessionId, faceId: '0', audioSource: 'url', audioUrl: missing, soundEndTime: 3000 } });
			// RunningHub's reason is the headline, its code in its own fields.
			assert.match(refused.message, /audioUrl cannot be downloaded.*\[item 0\]$/);
			assertRunningHubCode(refused, '1007', 'PARAMS_INVALID');
		});
	});

	it('refuses audio at a URL over 5 MB, and measures audio a server sends without a helpful name or type', async () => {
		await withSim(async (sim) => {
			const { sessionId } = await sessionAndAudio(sim);
			const audio = await media('mp3', { durationMs: 2500 });
			const server = await startFileServer({
				'/big.mp3': { body: Buffer.alloc(6 * 1024 * 1024), type: 'audio/mpeg' },
				'/download': { body: audio, type: 'application/octet-stream' },
			});
			try {
				const base = { ...op, sessionId, faceId: '0', audioSource: 'url' };
				const error = await runError({ sim, parameters: { ...base, audioUrl: `${server.url}/big.mp3` } });
				assert.equal(error.message, 'Audio URL: the audio at the URL is 6 MB, over the 5 MB limit [item 0]');
				assert.equal(sim.control.submitCount(LIP_SYNC), 0);
				const { items } = await run({ sim, parameters: { ...base, audioUrl: `${server.url}/download`, soundInsertTime: 200 } });
				assert.equal(items[0].json.audioDurationMs, measureAudioDuration(audio)?.durationMs);
				assert.ok(server.hits.every((hit) => hit.endsWith('auth=')), 'no RunningHub credential goes to other hosts');
			} finally {
				await server.close();
			}
		});
	});

	it('reports RunningHub\'s refusal; with Continue On Fail as an error item with its code', async () => {
		await withSim(async (sim) => {
			const { sessionId, audioId } = await sessionAndAudio(sim);
			const parameters = { ...op, sessionId, faceId: '7', audioId, soundEndTime: 3000 };
			const error = await runError({ sim, parameters });
			assert.match(error.message, /faceId 7 is not a face of session/);
			const { items } = await run({ sim, parameters, continueOnFail: true, input: [{ json: {} }, { json: {} }] });
			assert.deepEqual(pairedOf(items), [0, 1]);
			assert.equal(items[1].json.errorCode, '1007');
			assert.match(String(items[1].json.error), /\[item 1\]$/);
		});
	});

	it('keeps the task ID when the task outlasts Max Wait', async () => {
		await withSim(async (sim) => {
			const { sessionId, audioId } = await sessionAndAudio(sim);
			sim.control.configure({ endpointDurations: { [LIP_SYNC]: -1 } });
			const { items } = await run({ sim, parameters: { ...op, sessionId, faceId: '0', audioId, soundEndTime: 3000, submitOptions: { maxWaitSeconds: 1 } } });
			assert.equal(items[0].json.timedOut, true);
			assert.equal(items[0].json.state, 'pending');
			assert.equal(items[0].json.taskId, sim.control.tasks().find((t) => t.endpoint === LIP_SYNC)?.id);
		});
	});
});
