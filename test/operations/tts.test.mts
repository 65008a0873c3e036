// Audio → Text to Speech against the simulator: the request sent, the output in both result
// shapes, binary audio in both binary modes with its measured length, validation before any
// submit, continueOnFail, and no API key anywhere.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { KLING_VOICES } from '../../nodes/core/lipSync/voices';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { assertNoKey, jsonOf, pairedOf, runRunningHub, runRunningHubError, type BinaryMode } from './support.mts';
import { assertRunningHubCode } from '../support/errors.mts';

const KEY = SIM_KEYS.aiShared;
const TTS_PATH = '/openapi/v2/kling-lip-sync/tts';

let sim: Simulator;

const tts = (parameters: Record<string, unknown>) => ({ resource: 'audio', operation: 'textToSpeech', text: 'Hello from n8n.', ...parameters });

const run = (parameters: Record<string, unknown>, extra: { input?: Array<{ json: Record<string, unknown> }>; continueOnFail?: boolean; binaryMode?: BinaryMode; apiKey?: string } = {}) =>
	runRunningHub({ baseUrl: sim.url, apiKey: extra.apiKey ?? KEY, parameters: tts(parameters), input: extra.input, continueOnFail: extra.continueOnFail, binaryMode: extra.binaryMode });

const runError = (parameters: Record<string, unknown>, extra: { input?: Array<{ json: Record<string, unknown> }>; apiKey?: string } = {}) =>
	runRunningHubError({ baseUrl: sim.url, apiKey: extra.apiKey ?? KEY, parameters: tts(parameters), input: extra.input });

/** Bodies of the TTS submits the simulator received. */
const submittedBodies = () => sim.control.requests({ path: TTS_PATH }).map((r) => JSON.parse(r.body) as Record<string, unknown>);

before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 200, quiet: true });
});
after(async () => {
	await sim.close();
});
beforeEach(async () => {
	await sim.control.reset();
	// Most tests are not about waiting: the submit answer is already SUCCESS.
	sim.control.configure({ variants: { syncSuccess: true } });
});

describe('Audio → Text to Speech: the request', () => {
	it('sends text, voice, the voice\'s language and speed as JSON with Bearer auth only', async () => {
		const { items } = await run({ text: 'Good morning, everyone.', voiceId: 'oversea_male1', voiceSpeed: 1.3 });
		assert.equal(items.length, 1);
		const [request] = sim.control.requests({ path: TTS_PATH });
		assert.equal(request.method, 'POST');
		assert.equal(request.headers.authorization, `Bearer ${KEY}`);
		assert.match(String(request.headers['content-type']), /application\/json/);
		assert.deepEqual(JSON.parse(request.body), { text: 'Good morning, everyone.', voiceId: 'oversea_male1', voiceLanguage: 'en', voiceSpeed: 1.3 });
	});

	it('defaults to the Chinese voice genshin_klee2 at speed 1.0', async () => {
		await run({ text: '大家好' });
		assert.deepEqual(submittedBodies(), [{ text: '大家好', voiceId: 'genshin_klee2', voiceLanguage: 'zh', voiceSpeed: 1 }]);
	});

	it('accepts an explicit Voice Language that matches the voice', async () => {
		await run({ voiceId: 'AOT', voiceLanguage: 'en' });
		assert.equal(submittedBodies()[0].voiceLanguage, 'en');
	});

	it('sends a voice ID it does not list as it is when Voice Language is set (RunningHub judges it)', async () => {
		const error = await runError({ voiceId: 'brand_new_voice_v9', voiceLanguage: 'en' });
		assert.deepEqual(submittedBodies().map((b) => [b.voiceId, b.voiceLanguage]), [['brand_new_voice_v9', 'en']]);
		assert.equal(error.context?.runningHubCode, '1007', 'the simulator refuses voices outside the published enum');
		assert.match(error.message, /\[item 0\]$/);
		assertNoKey(KEY, error);
	});

	it('offers every voice once, each name saying its language', async () => {
		const { RunningHub } = await import('../../nodes/RunningHub/RunningHub.node');
		const voice = new RunningHub().description.properties.find((p) => p.name === 'voiceId');
		const options = (voice?.options ?? []) as Array<{ name: string; value: string }>;
		assert.equal(options.length, 46);
		assert.equal(new Set(options.map((o) => o.value)).size, 46);
		for (const o of options) {
			const known = KLING_VOICES.find((v) => v.id === o.value);
			assert.ok(known, `${o.value} is a listed voice`);
			assert.ok(o.name.startsWith(known.language === 'en' ? 'English: ' : 'Chinese: '), o.name);
		}
		assert.equal(options.filter((o) => o.name.startsWith('English: ')).length, 11);
	});
});

describe('Audio → Text to Speech: the output', () => {
	it('returns the audio ID, the MP3 URL and the task (MP3 + audio ID result)', async () => {
		const { items } = await run({ voiceId: 'AOT' });
		const [audio] = sim.control.audios();
		assert.equal(items.length, 1);
		const json = items[0].json;
		assert.equal(json.audioId, audio.id);
		assert.match(String(json.audioId), /^\d{18}$/);
		assert.equal(json.audioUrl, audio.url);
		assert.equal(json.taskId, audio.taskId);
		assert.equal(typeof json.taskId, 'string');
		assert.equal(json.status, 'SUCCESS');
		assert.equal(json.state, 'succeeded');
		assert.equal(json.voiceId, 'AOT');
		assert.equal(json.voiceLanguage, 'en');
		assert.equal(json.voiceSpeed, 1);
		assert.equal(items[0].binary, undefined, 'no binary unless Download Outputs is on');
		assert.equal('durationMs' in json, false, 'the length is only measured from a downloaded file');
		assert.deepEqual(items[0].pairedItem, { item: 0 });
		assertNoKey(KEY, items);
	});

	it('returns the audio ID and no URL when RunningHub sends the audio ID only', async () => {
		sim.control.configure({ variants: { ttsResult: 'audioIdOnly' } });
		const { items } = await run({ submitOptions: { downloadOutputs: true } });
		const [audio] = sim.control.audios();
		assert.equal(items[0].json.audioId, audio.id);
		assert.equal(items[0].json.audioUrl, null);
		assert.equal(items[0].binary, undefined);
		assert.equal('durationMs' in items[0].json, false);
	});

	for (const binaryMode of ['default', 'filesystem'] as const) {
		it(`downloads the MP3 into binary and measures its length (${binaryMode} binary mode)`, async () => {
			const { items, bytes, recorder } = await run(
				{ text: 'A sentence long enough to make a few seconds of speech for the test.', voiceId: 'calm_story1', submitOptions: { downloadOutputs: true, binaryPropertyName: 'speech' } },
				{ binaryMode },
			);
			const [audio] = sim.control.audios();
			const meta = items[0].binary?.speech;
			assert.ok(meta, 'binary property "speech" is set');
			assert.equal(meta.mimeType, 'audio/mpeg');
			assert.match(String(meta.fileName), /\.mp3$/);
			if (binaryMode === 'filesystem') {
				assert.ok(meta.id, 'stored by reference in filesystem mode');
				assert.equal(meta.data, 'filesystem-v2');
			} else assert.equal(meta.id, undefined);
			const served = Buffer.from(await (await fetch(audio.url!)).arrayBuffer());
			assert.ok(bytes(meta).equals(served), 'binary holds the file RunningHub served');
			const durationMs = Number(items[0].json.durationMs);
			assert.ok(Math.abs(durationMs - audio.durationMs) <= 30, `measured ${durationMs} ms, the audio is ${audio.durationMs} ms`);
			assert.ok(recorder.requests.some((r) => r.url === audio.url && !r.authenticated), 'the CDN file is fetched without the credential');
		});
	}

	it('downloads into "data" by default and keeps output order for several items', async () => {
		const input = [{ json: { line: 'First line.' } }, { json: { line: 'Second line.' } }, { json: { line: 'Third line.' } }];
		const { items } = await run({ text: (i: number) => input[i].json.line, submitOptions: { downloadOutputs: true } }, { input });
		assert.deepEqual(pairedOf(items), [0, 1, 2]);
		const bodies = submittedBodies().map((b) => b.text).sort();
		assert.deepEqual(bodies, ['First line.', 'Second line.', 'Third line.']);
		for (const item of items) {
			assert.ok(item.binary?.data, 'binary "data"');
			assert.ok(Number(item.json.durationMs) >= 2500);
		}
		assert.equal(new Set(jsonOf(items).map((j) => j.audioId)).size, 3);
	});
});

describe('Audio → Text to Speech: validation (before anything is sent)', () => {
	it('counts characters, not bytes: 1000 Chinese characters pass', async () => {
		const text = '语'.repeat(1000);
		assert.equal(Buffer.byteLength(text), 3000);
		const { items } = await run({ text });
		assert.ok(items[0].json.audioId);
		assert.equal(sim.control.submitCount(), 1);
	});

	it('refuses 1001 characters and says how many are over', async () => {
		const error = await runError({ text: '语'.repeat(1001) });
		assert.equal(error.message, 'Text: is 1001 characters long, 1 over the limit of 1000 [item 0]');
		assert.match(String(error.description), /at most 1000 characters/);
		assert.equal(sim.control.submitCount(), 0);
	});

	it('counts an emoji as one character', async () => {
		const error = await runError({ text: `${'a'.repeat(1000)}😀😀` });
		assert.match(error.message, /is 1002 characters long, 2 over/);
	});

	const cases: Array<[string, Record<string, unknown>, RegExp, RegExp?]> = [
		['empty text', { text: '   ' }, /^Text: is empty \[item 0\]$/],
		['a voice that does not speak the chosen language', { voiceId: 'AOT', voiceLanguage: 'zh' }, /^Voice Language: Chinese does not match the voice "Ace" \(AOT\), which speaks English \[item 0\]$/, /From Voice or English/],
		['an English language for a Chinese voice', { voiceId: 'genshin_klee2', voiceLanguage: 'en' }, /^Voice Language: English does not match the voice "Gentle Little Sister" \(genshin_klee2\), which speaks Chinese \[item 0\]$/, /English voice, e\.g\. Ace/],
		['an unknown voice', { voiceId: 'nobody' }, /^Voice: "nobody" is not a known Kling voice \[item 0\]$/, /set Voice Language/],
		['a voice ID in the wrong case', { voiceId: 'aot' }, /^Voice: "aot" is not a known Kling voice/, /did you mean "AOT"/],
		['a speed above 2.0', { voiceSpeed: 2.5 }, /^Speed: 2\.5 is out of range \[item 0\]$/, /from 0\.8 to 2/],
		['a speed below 0.8', { voiceSpeed: 0.5 }, /^Speed: 0\.5 is out of range \[item 0\]$/],
		['a speed with two decimals', { voiceSpeed: 1.25 }, /^Speed: 1\.25 has more than one decimal place \[item 0\]$/, /steps of 0\.1/],
		['a speed that is not a number', { voiceSpeed: 'fast' }, /^Speed: "fast" is not a number \[item 0\]$/],
		['an unsupported language', { voiceLanguage: 'fr' }, /^Voice Language: "fr" is not a supported language \[item 0\]$/],
		['a webhook URL that is not http(s)', { submitOptions: { webhookUrl: 'ftp://example.com/hook' } }, /^Webhook URL: "ftp:\/\/example\.com\/hook" is not an http\(s\) URL \[item 0\]$/],
	];
	for (const [name, parameters, message, description] of cases) {
		it(`names the parameter and item for ${name}`, async () => {
			const error = await runError(parameters);
			assert.match(error.message, message);
			if (description) assert.match(String(error.description), description);
			assert.equal(error.constructor.name, 'NodeOperationError');
			assert.equal(sim.control.submitCount(), 0, 'nothing was submitted');
			assertNoKey(KEY, error);
		});
	}

	it('validates every item before submitting any (item 3 of 3 invalid → no submit)', async () => {
		const input = [{ json: { t: 'one' } }, { json: { t: 'two' } }, { json: { t: '' } }];
		const error = await runError({ text: (i: number) => input[i].json.t }, { input });
		assert.equal(error.message, 'Text: is empty [item 2]');
		assert.equal(sim.control.submitCount(), 0);
		assert.equal(sim.control.requests({ path: TTS_PATH }).length, 0);
	});
});

describe('Audio → Text to Speech: continueOnFail and failures', () => {
	it('turns an invalid item into an error item and runs the others', async () => {
		const input = [{ json: { t: 'one' } }, { json: { t: 'x'.repeat(1200) } }, { json: { t: 'three' } }];
		const { items } = await run({ text: (i: number) => input[i].json.t }, { input, continueOnFail: true });
		assert.deepEqual(pairedOf(items), [0, 1, 2]);
		assert.ok(items[0].json.audioId);
		assert.equal(items[1].json.error, 'Text: is 1200 characters long, 200 over the limit of 1000 [item 1]');
		assert.equal(items[1].json.taskId, undefined, 'nothing was submitted for it');
		assert.ok(items[2].json.audioId);
		assert.equal(sim.control.submitCount(), 2);
	});

	it('reports a failed task with its task ID, status and code', async () => {
		sim.control.configure({ variants: { syncSuccess: false } });
		sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', fail: { errorCode: '1501', errorMessage: 'Content verification failed' } });
		const { items } = await run({}, { continueOnFail: true });
		const [task] = sim.control.tasks();
		assert.equal(items.length, 1);
		assert.deepEqual(items[0].pairedItem, { item: 0 });
		assert.equal(items[0].json.taskId, task.id);
		assert.equal(items[0].json.status, 'FAILED');
		assert.equal(items[0].json.errorCode, '1501');
		assert.match(String(items[0].json.error), /Content verification failed.*\[item 0\]/);
		assert.match(String(items[0].json.errorDescription), new RegExp(`Task ID: ${task.id}`));
	});

	it('fails the node on a failed task when continueOnFail is off, keeping the task ID', async () => {
		sim.control.configure({ variants: { syncSuccess: false } });
		sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', fail: { errorCode: '1015', errorMessage: 'Generation failed' } });
		const error = await runError({});
		const [task] = sim.control.tasks();
		assert.equal(error.constructor.name, 'NodeApiError');
		assert.equal(error.context?.taskId, task.id);
		assert.match(error.message, /Generation failed/);
	});

	it('explains a key that may not use standard models, without showing the key', async () => {
		const error = await runError({}, { apiKey: SIM_KEYS.aiNormal });
		// RunningHub's words are the headline; what to do (an enterprise shared key) leads the description.
		assert.equal(error.message, 'Access Denied: Standard Model API [item 0]');
		assert.match(String(error.description), /^Create an enterprise shared key in the RunningHub API console/);
		assertRunningHubCode(error, '1014', 'ACCESS_DENIED_STANDARD_MODEL');
		assertNoKey(SIM_KEYS.aiNormal, error);
	});

	it('never shows a rejected key', async () => {
		const bad = 'not0a0real0key0000000000000000xyz';
		const error = await runError({}, { apiKey: bad });
		assert.equal(error.context?.runningHubCode, '1002');
		assertNoKey(bad, error);
		const { items } = await run({}, { apiKey: bad, continueOnFail: true });
		assertNoKey(bad, items);
	});
});
