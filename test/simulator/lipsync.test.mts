// Kling lip-sync: identify-face shapes, TTS audio (a real MP3 whose length follows the text)
// and every lip-sync-video rule, each with a failing case that names its field.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { generate } from '../../simulator/media.mjs';
import { SIM_KEYS, bytes, readMp3, setup, uploadForm, type Api } from './helpers.mjs';

let api: Api;
before(async () => (api = await setup()));
after(() => api.close());
beforeEach(async () => {
	await api.sim.control.reset();
	api.sim.control.configure({ taskDurationMs: 0, concurrencyLimit: 50 });
});

const IF = 'kling-lip-sync/identify-face';
const TTS = 'kling-lip-sync/tts';
const LSV = 'kling-lip-sync/lip-sync-video';
const VIDEO = { videoUrl: 'https://example.com/talk.mp4' };
const tts = (text: string, extra: Record<string, unknown> = {}) => ({
	text,
	voiceId: 'genshin_klee2',
	voiceLanguage: 'zh',
	...extra,
});
const texts = (q: any) =>
	q.results.filter((r: any) => r.outputType === 'text').map((r: any) => JSON.parse(r.text));

async function expect1007(endpoint: string, body: unknown, field: string) {
	const r = await api.v2(`/openapi/v2/${endpoint}`, body);
	assert.equal(r.body.errorCode, '1007', `${field}: ${r.text}`);
	assert.match(r.body.errorMessage, new RegExp(`\\b${field}\\b`), r.body.errorMessage);
}

async function session(): Promise<string> {
	const q = await api.runModel(IF, VIDEO);
	return texts(q).find((t: any) => t.session_id).session_id;
}

async function audio(text = 'x'.repeat(60)): Promise<{ audioId: string; url: string; ms: number }> {
	const q = await api.runModel(TTS, tts(text));
	const mp3 = q.results.find((r: any) => r.outputType === 'mp3');
	const audioId = q.results.find((r: any) => r.outputType === 'text').text;
	return { audioId, url: mp3.url, ms: readMp3((await bytes(mp3.url)).data.subarray(0)).durationMs };
}

describe('identify-face', () => {
	it('needs exactly one of videoUrl / videoId', async () => {
		await expect1007(IF, {}, 'videoUrl');
		await expect1007(IF, { ...VIDEO, videoId: 'abc' }, 'videoUrl');
		assert.equal(
			(await api.v2(`/openapi/v2/${IF}`, { videoId: 'kling-video-1' })).body.errorCode,
			'',
		);
	});
	it('default shape: face jpg, then a session text, then one snake_case text per face', async () => {
		const q = await api.runModel(IF, VIDEO);
		assert.equal(q.results[0].outputType, 'jpg');
		const img = await bytes(q.results[0].url);
		assert.equal(img.type, 'image/jpeg');
		assert.deepEqual([...img.data.subarray(0, 2)], [0xff, 0xd8]);
		assert.deepEqual([...img.data.subarray(-2)], [0xff, 0xd9]);
		const t = q.results.slice(1);
		assert.ok(
			t.every((r: any) => r.url === null && r.outputType === 'text' && typeof r.text === 'string'),
		);
		assert.match(JSON.parse(t[0].text).session_id, /^\d{18}$/);
		assert.equal(t[1].text, '{"end_time":8300,"face_id":"0","start_time":200}');
		assert.equal(t[2].text, '{"end_time":2500,"face_id":"1","start_time":1000}');
	});
	it('faces come from control; camelCase, face_data and per-face images are variants', async () => {
		api.sim.control.configure({
			faces: [{ faceId: '7', startTime: 0, endTime: 5000 }],
			variants: { faceShape: 'camel' },
		});
		assert.deepEqual(texts(await api.runModel(IF, VIDEO))[1], {
			endTime: 5000,
			faceId: '7',
			startTime: 0,
		});
		api.sim.control.configure({
			faces: [
				{ faceId: '0', startTime: 0, endTime: 3000 },
				{ faceId: '1', startTime: 100, endTime: 4000 },
			],
			variants: { faceShape: 'faceData', faceImages: 'perFace' },
		});
		const q = await api.runModel(IF, VIDEO);
		assert.equal(q.results.filter((r: any) => r.outputType === 'jpg').length, 2);
		const all = texts(q);
		assert.equal(all.length, 2);
		assert.deepEqual(
			all[1].face_data.map((f: any) => f.face_id),
			['0', '1'],
		);
	});
});

describe('tts', () => {
	it('validates text, voiceId, voiceLanguage and voiceSpeed', async () => {
		await expect1007(TTS, tts('x'.repeat(1001)), 'text');
		await expect1007(TTS, { voiceId: 'genshin_klee2', voiceLanguage: 'zh' }, 'text');
		await expect1007(TTS, tts('hi', { voiceId: 'no_such_voice' }), 'voiceId');
		await expect1007(TTS, tts('hi', { voiceLanguage: 'fr' }), 'voiceLanguage');
		await expect1007(TTS, tts('hi', { voiceSpeed: 2.5 }), 'voiceSpeed');
		await expect1007(TTS, tts('hi', { voiceSpeed: 0.5 }), 'voiceSpeed');
		for (const voiceId of ['commercial_lady_en_f-v1', 'genshin_vindi2', 'AOT'])
			assert.equal((await api.v2(`/openapi/v2/${TTS}`, tts('hi', { voiceId }))).body.errorCode, '');
	});
	it('default result: an mp3 entry plus an 18-digit audioId text', async () => {
		const q = await api.runModel(TTS, tts('hello'));
		assert.equal(q.results.length, 2);
		assert.equal(q.results[0].outputType, 'mp3');
		assert.deepEqual(Object.keys(q.results[1]).sort(), ['outputType', 'text', 'url']);
		assert.match(q.results[1].text, /^\d{18}$/);
	});
	it('audioIdOnly variant: one text entry', async () => {
		api.sim.control.configure({ variants: { ttsResult: 'audioIdOnly' } });
		const q = await api.runModel(TTS, tts('hello'));
		assert.equal(q.results.length, 1);
		assert.equal(q.results[0].url, null);
		assert.match(q.results[0].text, /^\d{18}$/);
	});
	it('the MP3 is real MPEG-1 Layer III, 128 kbps 44.1 kHz, its length following the text and speed', async () => {
		const frame = 1152000 / 44100;
		for (const [text, speed, want] of [
			['hi', 1, 2500],
			['x'.repeat(100), 1, 7000],
			['x'.repeat(100), 2, 3500],
			['好'.repeat(200), 0.8, 17500],
		] as const) {
			const q = await api.runModel(TTS, tts(text, { voiceSpeed: speed }));
			const f = await bytes(q.results[0].url);
			assert.equal(f.type, 'audio/mpeg');
			assert.equal(f.length, f.data.length);
			assert.equal(f.data.toString('latin1', 0, 3), 'ID3');
			const mp3 = readMp3(f.data);
			assert.deepEqual(mp3.bitrates, [128000]);
			assert.equal(mp3.sampleRate, 44100);
			assert.ok(
				mp3.durationMs >= want && mp3.durationMs < want + frame,
				`${text.length} chars @${speed}: ${mp3.durationMs} ms, want ~${want}`,
			);
			const stored = api.sim.control.audios().find((a) => a.id === q.results[1].text)!;
			assert.equal(stored.durationMs, Math.floor(mp3.durationMs));
		}
	});
	it('mp3Id3 off: the file starts with a frame', async () => {
		api.sim.control.configure({ mp3Id3: false });
		const q = await api.runModel(TTS, tts('hello'));
		const f = await bytes(q.results[0].url);
		assert.deepEqual([...f.data.subarray(0, 4)], [0xff, 0xfb, 0x90, 0xc4]);
	});
});

describe('lip-sync-video', () => {
	let sid: string;
	let a: { audioId: string; url: string; ms: number };
	const base = () => ({
		sessionId: sid,
		faceId: '0',
		audioId: a.audioId,
		soundStartTime: 0,
		soundEndTime: 3000,
		soundInsertTime: 200,
	});
	beforeEach(async () => {
		sid = await session();
		a = await audio('x'.repeat(60)); // 4.2 s
	});

	it('succeeds with one mp4 entry', async () => {
		const q = await api.runModel(LSV, base());
		assert.equal(q.status, 'SUCCESS');
		assert.equal(q.results.length, 1);
		assert.equal(q.results[0].outputType, 'mp4');
		assert.equal((await bytes(q.results[0].url)).type, 'video/mp4');
	});
	it('accepts audioUrl instead, measuring the simulator-served MP3', async () => {
		const { audioId: _drop, ...rest } = base();
		assert.equal(
			(await api.v2(`/openapi/v2/${LSV}`, { ...rest, audioUrl: a.url })).body.errorCode,
			'',
		);
		await expect1007(LSV, { ...rest, audioUrl: a.url, soundEndTime: 5000 }, 'soundEndTime');
		// external URLs cannot be measured, so only the fixed rules apply
		assert.equal(
			(await api.v2(`/openapi/v2/${LSV}`, { ...rest, audioUrl: 'https://example.com/any.mp3' }))
				.body.errorCode,
			'',
		);
	});

	const rules: Array<[string, (b: Record<string, unknown>) => Record<string, unknown>, string]> = [
		['sessionId missing', (b) => ({ ...b, sessionId: undefined }), 'sessionId'],
		['sessionId unknown', (b) => ({ ...b, sessionId: '123456789012345678' }), 'sessionId'],
		['faceId missing', (b) => ({ ...b, faceId: undefined }), 'faceId'],
		['faceId not in the session', (b) => ({ ...b, faceId: '9' }), 'faceId'],
		['neither audioId nor audioUrl', (b) => ({ ...b, audioId: undefined }), 'audioId'],
		[
			'both audioId and audioUrl',
			(b) => ({ ...b, audioUrl: 'https://example.com/a.mp3' }),
			'audioId',
		],
		['audioId unknown', (b) => ({ ...b, audioId: '999999999999999999' }), 'audioId'],
		['audioUrl not a URL', (b) => ({ ...b, audioId: undefined, audioUrl: 'a.mp3' }), 'audioUrl'],
		['soundStartTime missing', (b) => ({ ...b, soundStartTime: undefined }), 'soundStartTime'],
		['soundStartTime negative', (b) => ({ ...b, soundStartTime: -1 }), 'soundStartTime'],
		['soundStartTime not an integer', (b) => ({ ...b, soundStartTime: 1.5 }), 'soundStartTime'],
		['soundEndTime missing', (b) => ({ ...b, soundEndTime: undefined }), 'soundEndTime'],
		['soundInsertTime negative', (b) => ({ ...b, soundInsertTime: -5 }), 'soundInsertTime'],
		[
			'cut audio shorter than 2 s',
			(b) => ({ ...b, soundStartTime: 1500, soundEndTime: 3000 }),
			'soundEndTime',
		],
		[
			'soundEndTime before soundStartTime',
			(b) => ({ ...b, soundStartTime: 3000, soundEndTime: 1000 }),
			'soundEndTime',
		],
		['soundEndTime past the audio length', (b) => ({ ...b, soundEndTime: 4300 }), 'soundEndTime'],
		[
			'overlap with the face window under 2 s',
			(b) => ({ ...b, soundInsertTime: 6500 }),
			'soundInsertTime',
		],
		[
			'face window too short to overlap 2 s',
			(b) => ({ ...b, faceId: '1', soundInsertTime: 1000 }),
			'soundInsertTime',
		],
		[
			'inserted span past the end of the video',
			(b) => ({ ...b, faceId: '2', soundInsertTime: 7000, soundEndTime: 4000 }),
			'soundInsertTime',
		],
		['soundVolume above 2', (b) => ({ ...b, soundVolume: 2.5 }), 'soundVolume'],
		[
			'originalAudioVolume below 0',
			(b) => ({ ...b, originalAudioVolume: -0.1 }),
			'originalAudioVolume',
		],
	];
	for (const [name, change, field] of rules) {
		it(`refuses: ${name}`, async () => {
			if (name.startsWith('inserted span')) {
				api.sim.control.configure({ faces: [{ faceId: '2', startTime: 0, endTime: 20000 }] });
				sid = await session();
			}
			await expect1007(LSV, change(base()), field);
		});
	}
	it('refuses audio shorter than 2 s behind audioUrl (uploaded MP3 and WAV are measured)', async () => {
		const short = generate('mp3', { durationMs: 1500 });
		const chunks: Buffer[] = [];
		for await (const c of short.open()) chunks.push(c as Buffer);
		const up = await uploadForm(
			`${api.sim.url}/openapi/v2/media/upload/binary`,
			{},
			{ name: 'short.mp3', data: Buffer.concat(chunks) },
			SIM_KEYS.aiShared,
		);
		const { audioId: _x, ...rest } = base();
		await expect1007(LSV, { ...rest, audioUrl: up.body.data.download_url }, 'audioUrl');
		// a 3 s PCM WAV: 8 kHz mono 16-bit
		const pcm = Buffer.alloc(8000 * 2 * 3);
		const wav = Buffer.alloc(44);
		wav.write('RIFF', 0, 'latin1');
		wav.writeUInt32LE(36 + pcm.length, 4);
		wav.write('WAVEfmt ', 8, 'latin1');
		wav.writeUInt32LE(16, 16);
		wav.writeUInt16LE(1, 20);
		wav.writeUInt16LE(1, 22);
		wav.writeUInt32LE(8000, 24);
		wav.writeUInt32LE(16000, 28);
		wav.writeUInt16LE(2, 32);
		wav.writeUInt16LE(16, 34);
		wav.write('data', 36, 'latin1');
		wav.writeUInt32LE(pcm.length, 40);
		const w = await uploadForm(
			`${api.sim.url}/openapi/v2/media/upload/binary`,
			{},
			{ name: 'voice.wav', data: Buffer.concat([wav, pcm]) },
			SIM_KEYS.aiShared,
		);
		assert.equal(
			(await api.v2(`/openapi/v2/${LSV}`, { ...rest, audioUrl: w.body.data.download_url })).body
				.errorCode,
			'',
		);
		await expect1007(
			LSV,
			{ ...rest, audioUrl: w.body.data.download_url, soundEndTime: 3200 },
			'soundEndTime',
		);
	});
	it('refuses an audioUrl of the simulator whose file has expired', async () => {
		api.sim.control.expireFile(a.url);
		const { audioId: _y, ...rest } = base();
		await expect1007(LSV, { ...rest, audioUrl: a.url }, 'audioUrl');
	});
	it('sessions and audio ids belong to their key', async () => {
		const r = await api.v2(`/openapi/v2/${LSV}`, base(), SIM_KEYS.aiShared, api.sim.cnUrl);
		assert.equal(r.body.errorCode, '1002');
	});
	it("lipSyncRuleErrors 'task': the submit is accepted and the task fails with 1007", async () => {
		api.sim.control.configure({ variants: { lipSyncRuleErrors: 'task' } });
		const r = await api.v2(`/openapi/v2/${LSV}`, { ...base(), soundInsertTime: 6500 });
		assert.equal(r.body.errorCode, '');
		await api.sim.control.waitForTask(r.body.taskId);
		const q = await api.query(r.body.taskId);
		assert.equal(q.status, 'FAILED');
		assert.equal(q.errorCode, '1007');
		assert.match(q.errorMessage, /soundInsertTime/);
		assert.equal(q.results, null);
	});
});
