// Issue 14, Model → Run: whole numbers in decimal digits only and exact, long IDs given as numbers,
// data: URIs of a format the field does not take, and the lip-sync rules on the kling-lip-sync
// endpoints are refused before anything is sent (the simulator's request log stays empty).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { locator, mapper, runNode, runNodeError } from './support.mts';

let sim: Simulator;
before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 30, quiet: true });
});
after(async () => sim.close());
beforeEach(async () => {
	await sim.control.reset();
});

const HYPIR = 'image-enhance/hypir-balance';
const IMAGE = 'https://cdn.example.com/cat.png';

/** Runs Model → Run with these fields for item 1 (item 0 is valid), expecting a refusal. */
async function refused(endpoint: string, valid: Record<string, unknown>, bad: Record<string, unknown>, expected: { field: RegExp; limit: RegExp; fix: RegExp }) {
	const error = await runNodeError({
		baseUrl: sim.url,
		apiKey: SIM_KEYS.aiShared,
		parameters: { resource: 'model', operation: 'run', model: locator(endpoint), modelParameters: (i: number) => mapper(i === 0 ? valid : bad) },
		input: [{ json: {} }, { json: {} }],
	});
	assert.match(error.message, expected.field);
	assert.ok(error.message.endsWith('[item 1]'), error.message);
	assert.match(error.message, expected.limit);
	assert.match(String(error.description), expected.fix);
	// Items are all checked before the first is sent: no submit and no upload reached RunningHub
	// (only the free concurrency look-up may have).
	const sent = sim.control.requests().map((r) => r.route).filter((route) => route !== '/openapi/v2/queue/status');
	assert.deepEqual(sent, [], error.message);
	return error;
}

describe('Model → Run: rules checked before anything is sent', () => {
	for (const [typed, limit, fix] of [
		['12345678901234567890', /from -9007199254740991 to 9007199254740991 to be sent exactly; got "12345678901234567890"/, /Enter a smaller number/],
		['0x10', /must be a whole number written in decimal digits; got "0x10"/, /digits 0-9 only, e.g\. 16/],
		['1e3', /must be a whole number written in decimal digits; got "1e3"/, /e\.g\. 1000/],
	] as const) {
		it(`refuses the seed "${typed}" instead of sending another number (item 4)`, async () => {
			await refused(HYPIR, { imageUrl: IMAGE, upscale: 2 }, { imageUrl: IMAGE, upscale: 2, seed: typed }, { field: /^HYPIR Balance: Seed \(seed\)/, limit, fix });
		});
	}

	it('refuses an upscale factor that arrived as an inexact number (item 4)', async () => {
		await refused(HYPIR, { imageUrl: IMAGE, upscale: 2 }, { imageUrl: IMAGE, upscale: 2 ** 60 }, {
			field: /Upscale \(upscale\)/,
			limit: /got 1152921504606847000, a number too large to be exact \(whole numbers are exact up to 9007199254740991\)/,
			fix: /Upscale \(upscale\) got 1152921504606847000/,
		});
	});

	it('refuses a session ID given as a number above 2^53 in a text field (item 5)', async () => {
		const valid = { sessionId: '865289575831703581', faceId: '0', audioId: '865272148167389266', soundStartTime: 0, soundEndTime: 3000, soundInsertTime: 0 };
		// What an expression such as {{ JSON.parse(text).session_id }} produces for the spec's example ID.
		const rounded = Number('865289575831703581');
		await refused('kling-lip-sync/lip-sync-video', valid, { ...valid, sessionId: rounded }, {
			field: /Session ID \(sessionId\) arrived as the number 865289575831703600/,
			limit: /too large to be exact/,
			fix: /pass it as text/,
		});
	});

	for (const mime of ['image/svg+xml', 'image/heic']) {
		it(`refuses a ${mime} data: URI for a JPG/PNG/WEBP field, as it refuses such a URL (item 6)`, async () => {
			const ok = { prompt: 'waves', firstImageUrl: 'data:image/webp;base64,UklGRg==', resolution: '720p' };
			await refused('youchuan/image-to-video', ok, { ...ok, firstImageUrl: `data:${mime};base64,PHN2Zz48L3N2Zz4=` }, {
				field: /First Image URL \(firstImageUrl\) must be a file of type JPG, PNG or WEBP/,
				limit: new RegExp(`got ${mime.replace('+', '\\+')} data`),
				fix: /nothing was sent to RunningHub/,
			});
		});
	}

	const session = { sessionId: '865289575831703581', faceId: '0', soundStartTime: 0, soundEndTime: 3000, soundInsertTime: 0 };
	for (const [name, endpoint, valid, bad, limit] of [
		['both an audio ID and an audio URL', 'kling-lip-sync/lip-sync-video', { ...session, audioId: '865272148167389266' }, { ...session, audioId: '865272148167389266', audioUrl: 'https://cdn.example.com/v.mp3' }, /Audio ID \(audioId\) and Audio URL \(audioUrl\) are both set, but lip-sync takes exactly one of them/],
		['neither an audio ID nor an audio URL', 'kling-lip-sync/lip-sync-video', { ...session, audioId: '865272148167389266' }, session, /Audio ID \(audioId\) or Audio URL \(audioUrl\) is required: lip-sync takes exactly one/],
		['a cut audio under 2 s', 'kling-lip-sync/lip-sync-video', { ...session, audioId: '1' }, { ...session, audioId: '1', soundStartTime: 2000 }, /Sound End Time \(Milliseconds\) \(soundEndTime\) is wrong: the cut audio from 2000 to 3000 ms lasts 1000 ms, under the 2000 ms minimum/],
		['a Sound End Time past 60 s', 'kling-lip-sync/lip-sync-video', { ...session, audioId: '1' }, { ...session, audioId: '1', soundEndTime: 70_000 }, /Sound End Time \(Milliseconds\) \(soundEndTime\) is wrong: 70000 ms is past 60000 ms/],
		['audio ending past the longest video', 'kling-lip-sync/lip-sync-video', { ...session, audioId: '1' }, { ...session, audioId: '1', soundInsertTime: 58_000 }, /Sound Insert Time \(Milliseconds\) \(soundInsertTime\) is wrong: the audio would play from 58000 to 61000 ms, past 60000 ms/],
		['neither a video URL nor a video ID', 'kling-lip-sync/identify-face', { videoUrl: 'https://cdn.example.com/v.mp4' }, {}, /Video URL \(videoUrl\) or Video ID \(videoId\) is required: face identification takes exactly one/],
		['an English voice with the default zh language', 'kling-lip-sync/tts', { text: 'Hello', voiceId: 'AOT', voiceLanguage: 'en' }, { text: 'Hello', voiceId: 'AOT', voiceLanguage: 'zh' }, /Voice Language \(voiceLanguage\) must match the voice: AOT \(Ace\) speaks English; got "zh"/],
	] as const) {
		it(`applies the lip-sync rules on ${endpoint}: ${name} (item 7)`, async () => {
			await refused(endpoint, valid, bad, { field: /^Kling Lip Sync · /, limit, fix: /\. (Clear|Fill|Set|Cut|Enter)/ });
		});
	}

	it('still sends decimal whole numbers exactly, as numbers (item 4)', async () => {
		const { items } = await runNode({
			baseUrl: sim.url,
			apiKey: SIM_KEYS.aiShared,
			parameters: { resource: 'model', operation: 'run', model: locator(HYPIR), modelParameters: mapper({ imageUrl: IMAGE, upscale: ' 2 ', seed: '9007199254740991' }) },
		});
		assert.equal(items[0].json.state, 'succeeded', JSON.stringify(items[0].json).slice(0, 300));
		const [body] = sim.control.requests({ path: `/openapi/v2/${HYPIR}` }).map((r) => r.body);
		assert.match(body, /"upscale":2,/);
		assert.match(body, /"seed":9007199254740991[,}]/);
	});
});
