// Lip Sync → Identify Faces against the simulator: every video source, the result variants,
// options, validation before any call, and several items at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { jsonOf, pairedOf } from '../operations/support.mjs';
import { binaryItem, binaryOf, media, run, runError, taskBodies, videoItem, withSim } from './helpers.mjs';

const IDENTIFY = 'kling-lip-sync/identify-face';
const op = { operation: 'identifyFaces' };

describe('Identify Faces', { concurrency: true }, () => {
	it('identifies the faces of a video URL: session, faces flagged by length, best face, compact output', async () => {
		await withSim(async (sim) => {
			const { items } = await run({ sim, parameters: { ...op, videoSource: 'url', videoUrl: 'https://example.com/presenter.mp4' } });
			assert.deepEqual(taskBodies(sim, IDENTIFY), [{ videoUrl: 'https://example.com/presenter.mp4' }]);
			assert.equal(items.length, 1);
			const json = items[0].json as Record<string, any>;
			assert.match(json.sessionId, /^\d{18}$/);
			assert.deepEqual(json.faces, [
				{ faceId: '0', startMs: 200, endMs: 8300, durationMs: 8100, imageUrl: null, usable: true },
				{
					faceId: '1',
					startMs: 1000,
					endMs: 2500,
					durationMs: 1500,
					imageUrl: null,
					usable: false,
					reason: 'The face is visible for 1500 ms; lip-sync needs at least 2000 ms',
				},
			]);
			assert.deepEqual(json.bestFace, json.faces[0]);
			assert.match(json.faceImageUrl, /\/files\/output\/\d+_face_0\.jpg$/);
			assert.equal(json.state, 'succeeded');
			assert.match(json.taskId, /^\d{19}$/);
			assert.equal(json.usage.consumeMoney, '0.035');
			assert.ok(!('outputs' in json), 'the raw text outputs are replaced by the parsed faces');
			assert.ok(!('raw' in json));
			assert.deepEqual(Object.keys(json).slice(0, 4), ['sessionId', 'faces', 'bestFace', 'faceImageUrl']);
			assert.deepEqual(pairedOf(items), [0]);
		});
	});

	for (const binaryMode of ['default', 'filesystem'] as const) {
		it(`uploads a binary video first (${binaryMode} binary mode) and identifies the uploaded URL`, async () => {
			await withSim(async (sim) => {
				const video = await media('mp4', { durationMs: 6000 });
				const { items } = await run({
					sim,
					binaryMode,
					parameters: { ...op, binaryPropertyName: 'clip' },
					input: [await binaryItem(video, 'clip.mp4', 'video/mp4', 'clip')],
				});
				const [body] = taskBodies(sim, IDENTIFY);
				assert.match(String(body.videoUrl), new RegExp(`^${sim.url}/files/openapi/[0-9a-f]+\\.mp4\\?`));
				const uploaded = await fetch(String(body.videoUrl));
				assert.ok(Buffer.from(await uploaded.arrayBuffer()).equals(video), 'RunningHub received the very bytes');
				assert.equal(items[0].json.state, 'succeeded');
			});
		});
	}

	it('sends a Kling video ID as videoId', async () => {
		await withSim(async (sim) => {
			await run({ sim, parameters: { ...op, videoSource: 'videoId', videoId: ' 865289575831703581 ' } });
			assert.deepEqual(taskBodies(sim, IDENTIFY), [{ videoId: '865289575831703581' }]);
		});
	});

	it('reads the camelCase, face_data and per-face image variants the same way', async () => {
		await withSim(async (sim) => {
			const faces = async () => {
				const { items } = await run({ sim, parameters: { ...op, videoSource: 'url', videoUrl: 'https://example.com/v.mp4' } });
				return items[0].json.faces as Array<Record<string, unknown>>;
			};
			sim.control.configure({ variants: { faceShape: 'camel' } });
			const camel = await faces();
			sim.control.configure({ variants: { faceShape: 'faceData', faceImages: 'perFace' } });
			const faceData = await faces();
			assert.deepEqual(camel.map((f) => [f.faceId, f.startMs, f.endMs, f.usable]), [
				['0', 200, 8300, true],
				['1', 1000, 2500, false],
			]);
			assert.deepEqual(faceData.map((f) => [f.faceId, f.startMs, f.endMs, f.usable]), [
				['0', 200, 8300, true],
				['1', 1000, 2500, false],
			]);
			assert.match(String(faceData[0].imageUrl), /_face_0\.jpg$/);
			assert.match(String(faceData[1].imageUrl), /_face_1\.jpg$/);
		});
	});

	it('adds the raw answer and downloads the face image when asked', async () => {
		await withSim(async (sim) => {
			const { items, bytes } = await run({
				sim,
				parameters: {
					...op,
					videoSource: 'url',
					videoUrl: 'https://example.com/v.mp4',
					submitOptions: { includeRaw: true, downloadOutputs: true, binaryPropertyName: 'face' },
				},
			});
			const json = items[0].json as Record<string, any>;
			assert.ok(Array.isArray(json.raw.outputs) && json.raw.outputs.length === 4, 'raw keeps every result entry');
			const image = binaryOf(items[0], 'face');
			assert.equal(image.mimeType, 'image/jpeg');
			assert.ok(bytes(image).subarray(0, 2).equals(Buffer.from([0xff, 0xd8])), 'a JPEG');
		});
	});

	it('says so when no face can be lip-synced', async () => {
		await withSim(async (sim) => {
			sim.control.configure({ faces: [{ faceId: '0', startTime: 0, endTime: 1200 }] });
			const { items } = await run({ sim, parameters: { ...op, videoSource: 'url', videoUrl: 'https://example.com/v.mp4' } });
			assert.equal(items[0].json.bestFace, null);
			assert.equal(items[0].json.message, 'No face is visible for 2000 ms or more, so the video cannot be lip-synced.');
			sim.control.configure({ faces: [] });
			const none = await run({ sim, parameters: { ...op, videoSource: 'url', videoUrl: 'https://example.com/v.mp4' } });
			assert.deepEqual(none.items[0].json.faces, []);
			assert.equal(none.items[0].json.message, 'RunningHub found no face in the video, so it cannot be lip-synced.');
		});
	});

	it('returns the task ID at once without waiting', async () => {
		await withSim(async (sim) => {
			const { items } = await run({ sim, parameters: { ...op, videoSource: 'url', videoUrl: 'https://example.com/v.mp4', waitForCompletion: false } });
			assert.equal(items[0].json.state, 'pending');
			assert.match(String(items[0].json.taskId), /^\d{19}$/);
			assert.equal(items[0].json.sessionId, undefined);
		});
	});

	it('validates the video before any call, naming the parameter and the item', async () => {
		await withSim(async (sim) => {
			const cases: Array<[Record<string, unknown>, any[] | undefined, string, string?]> = [
				[{ videoSource: 'url', videoUrl: 'ftp://example.com/v.mp4' }, undefined, 'Video URL: "ftp://example.com/v.mp4" is not an http(s) URL [item 0]'],
				[{ videoSource: 'url', videoUrl: '  ' }, undefined, 'Video URL: is empty [item 0]'],
				[
					{ videoSource: 'url', videoUrl: 'https://example.com/v.avi' },
					undefined,
					'Video URL: the URL points to a .avi file, not an MP4 or MOV video [item 0]',
					'Face identification takes an MP4 or MOV video of 2–60 s, up to 100 MB, 720p or 1080p. Convert the video to MP4 first.',
				],
				[{ videoSource: 'videoId', videoId: '' }, undefined, 'Kling Video ID: is empty [item 0]'],
				[{ videoSource: 'videoId', videoId: Number('8652895758317035813') }, undefined, 'Kling Video ID: the ID arrived as the number 8652895758317036000, which is too large to be exact [item 0]'],
				[
					{ binaryPropertyName: 'video' },
					[await videoItem('data')],
					'Input Binary Field: the input item has no binary property "video" [item 0]',
					'Binary properties on this item: data. Enter one of them.',
				],
				[
					{},
					[await binaryItem(await media('png'), 'photo.png', 'image/png')],
					'Input Binary Field: "photo.png", image/png is not an MP4 or MOV video [item 0]',
				],
				[
					{},
					[{ json: {}, binary: { data: { data: 'A'.repeat(Math.ceil(((100 * 1024 * 1024 + 1) * 4) / 3) + 4), mimeType: 'video/mp4', fileName: 'big.mp4' } } }],
					'Input Binary Field: "big.mp4" is 100.1 MB, over the 100 MB limit [item 0]',
				],
			];
			for (const [parameters, input, message, description] of cases) {
				const error = await runError({ sim, parameters: { ...op, ...parameters }, input });
				assert.equal(error.message, message);
				if (description) assert.equal(error.description, description);
			}
			assert.equal(sim.control.submitCounts().total, 0, 'nothing was submitted');
			assert.equal(sim.control.requests({ path: '/openapi/v2/media/upload/binary' }).length, 0, 'nothing was uploaded');
		});
	});

	it('runs several items concurrently, keeps their order and pairs each; a bad item becomes an error item', async () => {
		await withSim(async (sim) => {
			const { items } = await run({
				sim,
				continueOnFail: true,
				parameters: { ...op, submitOptions: { concurrency: 3 } },
				input: [await videoItem(), { json: {} }, await videoItem(), await videoItem()],
			});
			assert.deepEqual(pairedOf(items), [0, 1, 2, 3]);
			assert.deepEqual(jsonOf(items).map((j) => j.state ?? 'error'), ['succeeded', 'error', 'succeeded', 'succeeded']);
			assert.equal(items[1].json.error, 'Input Binary Field: the input item has no binary property "data" [item 1]');
			const created = sim.control.tasks().map((t) => Date.parse(t.createdAt));
			assert.equal(created.length, 3);
			assert.ok(Math.max(...created) - Math.min(...created) < 500, 'all three were submitted together');
		});
	});
});
