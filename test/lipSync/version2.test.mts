// Issue 15 points 1–3 in node version 2, and version 1 keeping its old behaviour: the timing
// options' defaults, the site's voice and the language hint, the audio file checks before any call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { NodeHelpers, type INode, type INodeProperties } from 'n8n-workflow';

import { RunningHub } from '../../nodes/RunningHub/RunningHub.node';
import { languageMismatch, scriptLanguage, siteOf, SITE_DEFAULT_VOICE } from '../../nodes/core/lipSync/voices';
import { voiceOptionsFor } from '../../nodes/RunningHub/actions/helpers/voice.ts';
import { binaryItem, media, run, runError, taskBodies, videoItem, withSim } from './helpers.mjs';

const description = new RunningHub().description;
const LIP_SYNC = 'kling-lip-sync/lip-sync-video';

function visible(typeVersion: number, parameters: Record<string, unknown>, name: string): INodeProperties[] {
	const node = { name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion, position: [0, 0], parameters: {}, id: 'n' } as INode;
	return description.properties.filter(
		(p) => p.name === name && NodeHelpers.displayParameter(parameters as never, p, node, description) && NodeHelpers.displayParameterPath(parameters as never, p, '', node, description),
	);
}

function option(typeVersion: number, name: string): INodeProperties | undefined {
	const [collection] = visible(typeVersion, { resource: 'lipSync', operation: 'lipSync' }, 'lipSyncOptions');
	return (collection?.options as INodeProperties[]).find((o) => o.name === name);
}

async function videoAndAudio(audioMs: number) {
	const video = await videoItem('data', 10_000);
	const audio = await binaryItem(await media('mp3', { durationMs: audioMs }), 'voice.mp3', 'audio/mpeg', 'audio');
	return { json: {}, binary: { ...video.binary, ...audio.binary } };
}

describe('Lip-Sync defaults by node version', () => {
	it('Sound End Time is 5000 when added on version 1 and 0 (end of audio) on version 2; both name their unit', () => {
		assert.equal(option(1, 'soundEndTime')?.default, 5000);
		assert.equal(option(2, 'soundEndTime')?.default, 0);
		assert.equal(option(2, 'soundInsertTime')?.default, 0);
		for (const v of [1, 2]) for (const n of ['soundEndTime', 'soundInsertTime', 'soundStartTime']) assert.match(String(option(v, n)?.displayName), /\(Milliseconds\)$/);
	});

	it('Voice defaults to a Chinese voice on version 1 and to the site default on version 2, in Text to Speech and Lip-Sync', () => {
		for (const parameters of [{ resource: 'audio', operation: 'textToSpeech' }, { resource: 'lipSync', operation: 'lipSync', audioSource: 'text' }]) {
			const [v1] = visible(1, parameters, 'voiceId');
			const [v2] = visible(2, parameters, 'voiceId');
			assert.equal(v1.default, 'genshin_klee2');
			assert.equal(v2.default, SITE_DEFAULT_VOICE);
			assert.equal(v2.typeOptions?.loadOptionsMethod, 'getVoices');
			assert.equal(visible(2, parameters, 'voiceId').length, 1, 'one Voice per version');
		}
	});

	it('lists the default first, then the site\'s own language first', () => {
		for (const [site, first] of [['ai', 'English'], ['cn', 'Chinese']] as const) {
			const options = voiceOptionsFor(site);
			assert.equal(options[0].value, SITE_DEFAULT_VOICE);
			assert.ok(options[1].name.startsWith(`${first}:`), options[1].name);
			assert.equal(options.length, 47);
		}
		assert.equal(siteOf({ site: 'custom', baseUrl: 'https://www.runninghub.cn' }), 'cn');
		assert.equal(siteOf({ site: 'custom', baseUrl: 'http://127.0.0.1:1234' }), 'ai');
		assert.equal(siteOf({ site: 'ai' }), 'ai');
	});
});

describe('Script detection', () => {
	it('Latin-only text is English and any text with more Han than a quarter of its Latin letters is Chinese', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[A-Za-z ,.!?0-9]*[A-Za-z][A-Za-z ,.!?0-9]*$/), (text) => {
				assert.equal(scriptLanguage(text), 'en');
				assert.match(String(languageMismatch(text, { voiceId: 'genshin_klee2', voiceLanguage: 'zh' })), /looks English/);
				assert.equal(languageMismatch(text, { voiceId: 'reader_en_m-v1', voiceLanguage: 'en' }), undefined);
			}),
		);
		fc.assert(
			fc.property(fc.array(fc.constantFrom('你', '好', '世', '界'), { minLength: 1, maxLength: 30 }), fc.string({ maxLength: 3 }), (han, tail) => {
				const text = han.join('') + tail.replace(/[^A-Za-z]/g, '');
				assert.equal(scriptLanguage(text), 'zh');
			}),
		);
		fc.assert(fc.property(fc.stringMatching(/^[0-9 ,.!?]*$/), (text) => assert.equal(scriptLanguage(text), undefined)));
	});
});

describe('Lip-Sync runs by node version', { concurrency: true }, () => {
	it('version 1 keeps an added Sound End Time of 5000: a 7.7 s audio is cut to 5 s', async () => {
		await withSim(async (sim) => {
			await run({ sim, typeVersion: 1, parameters: { operation: 'lipSync', audioSource: 'binary', lipSyncOptions: { soundEndTime: 5000, soundInsertTime: 0 } }, input: [await videoAndAudio(7700)] });
			const [body] = taskBodies(sim, LIP_SYNC);
			assert.equal(body.soundEndTime, 5000);
			assert.equal(body.soundInsertTime, 0);
		});
	});

	it('version 2 takes the added defaults (0) as the end of the audio and the face window start', async () => {
		await withSim(async (sim) => {
			await run({ sim, typeVersion: 2, parameters: { operation: 'lipSync', audioSource: 'binary', lipSyncOptions: { soundEndTime: 0, soundInsertTime: 0 } }, input: [await videoAndAudio(7700)] });
			const [body] = taskBodies(sim, LIP_SYNC);
			assert.ok(Math.abs(Number(body.soundEndTime) - 7700) < 100, `the whole audio: ${body.soundEndTime}`);
			assert.equal(body.soundInsertTime, 200, 'the face window start');
		});
	});

	it('version 2 speaks English text with an English voice on an .ai credential, and hints when the voice does not match', async () => {
		await withSim(async (sim) => {
			const { recorder } = await run({ sim, typeVersion: 2, parameters: { operation: 'lipSync', text: 'Hello, and welcome to our channel!' }, input: [await videoItem()] });
			assert.deepEqual(taskBodies(sim, 'kling-lip-sync/tts').map((b) => [b.voiceId, b.voiceLanguage]), [['reader_en_m-v1', 'en']]);
			// The batch summary (an info hint) may show; no warning may.
			assert.deepEqual((recorder.hints ?? []).filter((h) => h.type === 'warning'), []);
		});
		await withSim(async (sim) => {
			const { recorder, items } = await run({ sim, typeVersion: 2, parameters: { operation: 'lipSync', text: 'Hello, and welcome to our channel!', voiceId: 'genshin_klee2' }, input: [await videoItem()] });
			assert.equal(items.length, 1, 'a warning, not an error');
			const warnings = (recorder.hints ?? []).filter((h) => h.type === 'warning');
			assert.match(String(warnings[0]?.message), /^Item 0: The text looks English but the voice "Gentle Little Sister" speaks Chinese/);
		});
	});
});

describe('Audio binary checks before any call', { concurrency: true }, () => {
	it("refuses the video's own field or a video as the audio, and says how to bring two files on one item", async () => {
		await withSim(async (sim) => {
			const video = await videoItem('data');
			for (const [input, field, message] of [
				[video, 'data', /"data" is also the video's field/],
				[{ json: {}, binary: { data: video.binary!.data, audio: { ...video.binary!.data } } }, 'audio', /"presenter.mp4", video\/mp4 in "audio" is a video/],
				[video, 'audio', /no binary property "audio" for the audio/],
			] as const) {
				const error = await runError({ sim, typeVersion: 2, parameters: { operation: 'lipSync', audioSource: 'binary', audioBinaryPropertyName: field }, input: [input] });
				assert.match(error.message, message);
				assert.match(String(error.description), /Merge node \(Mode: Combine, Combine By: Position\)/);
				if (field === 'audio' && message.source.includes('no binary')) assert.match(String(error.description), /data \(the video\)/);
			}
			assert.deepEqual(sim.control.tasks(), [], 'nothing submitted');
		});
	});
});
