// Face parsing for every documented (and defensively accepted) identify-face result shape, and
// the face choice of the one-step Lip-Sync.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { FaceTaskOutput, IdentifiedFace } from '../../nodes/core/lipSync/faces';
import { chooseFace, faceUsability, longestUsableFace, parseFaceResults } from '../../nodes/core/lipSync/faces';

const text = (value: unknown): FaceTaskOutput => ({ url: null, type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value) });
const image = (url: string, type = 'jpg'): FaceTaskOutput => ({ url, type, text: null });

const FACE_0 = { faceId: '0', startMs: 200, endMs: 8300, durationMs: 8100, usable: true };

describe('parseFaceResults', () => {
	it('reads the observed live shape: preview image, session entry, one entry per face', () => {
		const parsed = parseFaceResults([
			image('https://cdn.example/face.jpg'),
			text('{"session_id":"865289575831703581"}'),
			text('{"end_time":8300,"face_id":"0","start_time":200}'),
		]);
		assert.equal(parsed.sessionId, '865289575831703581');
		assert.deepEqual(parsed.faces, [{ ...FACE_0, imageUrl: 'https://cdn.example/face.jpg' }]);
		assert.deepEqual(parsed.imageUrls, ['https://cdn.example/face.jpg']);
	});

	it('accepts camelCase keys and numbers sent as strings', () => {
		const parsed = parseFaceResults([text({ sessionId: '1' }), text({ faceId: 0, startTime: '200', endTime: '8300' })]);
		assert.equal(parsed.sessionId, '1');
		assert.deepEqual(parsed.faces, [{ ...FACE_0, imageUrl: null }]);
	});

	it('accepts one face_data array, face_list arrays and faces arrays', () => {
		for (const key of ['face_data', 'faceData', 'face_list', 'faceList', 'faces']) {
			const parsed = parseFaceResults([
				text({ session_id: 's' }),
				text({ [key]: [{ face_id: '0', start_time: 200, end_time: 8300 }, { face_id: '1', start_time: 1000, end_time: 2500 }] }),
			]);
			assert.deepEqual(parsed.faces.map((f) => f.faceId), ['0', '1'], key);
		}
	});

	it('accepts nested data objects, a session next to the faces, and JSON encoded twice', () => {
		const nested = parseFaceResults([text({ data: { session_id: 's1', face_data: [{ face_id: '3', start_time: 0, end_time: 5000 }] } })]);
		assert.equal(nested.sessionId, 's1');
		assert.equal(nested.faces[0].faceId, '3');
		const twice = parseFaceResults([text(JSON.stringify(JSON.stringify({ session_id: 's2', face_id: '0', start_time: 0, end_time: 3000 })))]);
		assert.equal(twice.sessionId, 's2');
		assert.equal(twice.faces[0].durationMs, 3000);
		const stringList = parseFaceResults([text({ session_id: 's3', face_data: JSON.stringify([{ face_id: '0', start_time: 0, end_time: 3000 }]) })]);
		assert.equal(stringList.faces.length, 1);
	});

	it('keeps a long numeric session ID exact, even as a bare JSON number', () => {
		const parsed = parseFaceResults([text('{"session_id":8652895758317035813}')]);
		assert.equal(parsed.sessionId, '8652895758317035813');
	});

	it('associates images with faces: inside the face object, or one image per face in order', () => {
		const own = parseFaceResults([text({ session_id: 's', face_id: '0', start_time: 0, end_time: 3000, face_image: 'https://x/own.jpg' })]);
		assert.equal(own.faces[0].imageUrl, 'https://x/own.jpg');
		const perFace = parseFaceResults([
			image('https://x/0.jpg'),
			image('https://x/1.png', 'png'),
			text({ session_id: 's' }),
			text({ face_id: '0', start_time: 0, end_time: 3000 }),
			text({ face_id: '1', start_time: 0, end_time: 4000 }),
		]);
		assert.deepEqual(perFace.faces.map((f) => f.imageUrl), ['https://x/0.jpg', 'https://x/1.png']);
		const single = parseFaceResults([image('https://x/preview.jpg'), text({ session_id: 's' }), text({ face_id: '0', start_time: 0, end_time: 3000 }), text({ face_id: '1', start_time: 0, end_time: 4000 })]);
		assert.deepEqual(single.faces.map((f) => f.imageUrl), [null, null], 'one preview for two faces belongs to neither');
		assert.deepEqual(single.imageUrls, ['https://x/preview.jpg']);
	});

	it('flags faces under 2 s and faces without a window as unusable, with a reason', () => {
		const parsed = parseFaceResults([
			text({ session_id: 's' }),
			text({ face_id: '0', start_time: 1000, end_time: 2500 }),
			text({ face_id: '1', start_time: 1000, end_time: 3000 }),
			text({ face_id: '2' }),
		]);
		assert.deepEqual(
			parsed.faces.map((f) => [f.faceId, f.durationMs, f.usable, f.reason]),
			[
				['0', 1500, false, 'The face is visible for 1500 ms; lip-sync needs at least 2000 ms'],
				['1', 2000, true, undefined],
				['2', null, false, 'RunningHub reported no time window for this face'],
			],
		);
		assert.ok(!('reason' in parsed.faces[1]), 'a usable face has no reason key');
	});

	it('ignores entries that are not JSON, drops duplicate face IDs and survives an empty result', () => {
		const parsed = parseFaceResults([
			text('not json'),
			{ url: null, type: 'text', text: null },
			text({ session_id: 's' }),
			text({ face_id: '0', start_time: 0, end_time: 3000 }),
			text({ face_id: '0', start_time: 0, end_time: 9000 }),
		]);
		assert.equal(parsed.faces.length, 1);
		assert.equal(parsed.faces[0].endMs, 3000);
		assert.deepEqual(parseFaceResults([]), { sessionId: null, faces: [], imageUrls: [] });
	});

	it('reports an empty window', () => {
		assert.deepEqual(faceUsability(3000, 3000), { durationMs: 0, usable: false, reason: 'The face\'s window is empty (3000–3000 ms)' });
	});
});

const face = (faceId: string, startMs: number, endMs: number): IdentifiedFace => ({
	faceId,
	startMs,
	endMs,
	imageUrl: null,
	...faceUsability(startMs, endMs),
});

describe('chooseFace', () => {
	const faces = [face('0', 0, 1500), face('1', 1000, 5000), face('2', 2000, 9000), face('3', 0, 7000)];

	it('picks the longest usable face by default (the first of equals)', () => {
		const choice = chooseFace(faces, { mode: 'longest' });
		assert.ok('face' in choice);
		assert.equal(choice.face.faceId, '2');
		assert.equal(choice.index, 2);
		assert.equal(longestUsableFace([face('a', 0, 3000), face('b', 1000, 4000)])?.faceId, 'a');
	});

	it('picks by position and by face ID', () => {
		const byIndex = chooseFace(faces, { mode: 'index', index: 1 });
		assert.ok('face' in byIndex && byIndex.face.faceId === '1');
		const byId = chooseFace(faces, { mode: 'faceId', faceId: ' 3 ' });
		assert.ok('face' in byId && byId.face.faceId === '3' && byId.index === 3);
	});

	it('names the parameter and the fix when the choice is impossible', () => {
		assert.deepEqual(chooseFace(faces, { mode: 'index', index: 4 }), {
			problem: {
				parameter: 'Face Position',
				problem: 'there is no face at position 4: the video has 4 faces (#0 face 0: 0–1500 ms; #1 face 1: 1000–5000 ms; #2 face 2: 2000–9000 ms; #3 face 3: 0–7000 ms)',
				fix: 'Enter a position from 0 to 3 (0 is the first face), or choose the longest visible face.',
			},
		});
		const missing = chooseFace(faces, { mode: 'faceId', faceId: '9' });
		assert.ok('problem' in missing);
		assert.equal(missing.problem.parameter, 'Face ID');
		assert.equal(missing.problem.problem, 'the video has no face "9" (faces: 0, 1, 2, 3)');
		const short = chooseFace(faces, { mode: 'index', index: 0 });
		assert.deepEqual(short, {
			problem: {
				parameter: 'Face Position',
				problem: 'face 0 cannot be lip-synced: the face is visible for 1500 ms; lip-sync needs at least 2000 ms',
				fix: 'Choose a face visible for at least 2000 ms, e.g. face 2 (position 2, 2000–9000 ms), or choose the longest visible face.',
			},
		});
	});

	it('explains a video without faces, or without a usable one', () => {
		const none = chooseFace([], { mode: 'longest' });
		assert.ok('problem' in none);
		assert.equal(none.problem.parameter, 'Video');
		assert.equal(none.problem.problem, 'RunningHub found no face in the video');
		const shortOnly = chooseFace([face('0', 0, 1500)], { mode: 'longest' });
		assert.ok('problem' in shortOnly);
		assert.equal(shortOnly.problem.parameter, 'Face');
		assert.equal(shortOnly.problem.problem, 'no face in the video is visible for 2000 ms or more (#0 face 0: 0–1500 ms)');
	});
});
