import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	coerceModelInput,
	formatProblems,
	getModel,
	validateModelInput,
	type CatalogueModel,
} from '../../nodes/core/catalogue/index.ts';

const model = (endpoint: string): CatalogueModel => {
	const found = getModel(endpoint);
	assert.ok(found, endpoint);
	return found;
};

const TTS = model('kling-lip-sync/tts');
const LIP_SYNC = model('kling-lip-sync/lip-sync-video');
const QWEN_EDIT = model('alibaba/qwen-image-2.0/image-edit');
const HITEM = model('hitem3d-portrait-v15/image-to-3d');
const SPEECH = model('rhart-audio/text-to-audio/speech-2.8-hd');

const VALID_TTS = { text: 'Hello', voiceId: 'uk_man2', voiceLanguage: 'en', voiceSpeed: 1.2 };
const VALID_LIP_SYNC = {
	sessionId: '865289575831703581',
	faceId: '0',
	audioUrl: 'https://cdn.example.com/voice.mp3',
	soundStartTime: 0,
	soundEndTime: 5000,
	soundInsertTime: 200,
};

/** Messages of the problems of one field. */
function messages(target: CatalogueModel, input: Record<string, unknown>): string[] {
	return validateModelInput(target, input).map((problem) => problem.message);
}

describe('validateModelInput', () => {
	it('accepts valid input', () => {
		assert.deepEqual(validateModelInput(TTS, VALID_TTS), []);
		assert.deepEqual(validateModelInput(LIP_SYNC, VALID_LIP_SYNC), []);
	});

	it('reports missing required fields', () => {
		assert.deepEqual(validateModelInput(TTS, { ...VALID_TTS, text: '  ', voiceId: undefined }), [
			{ key: 'text', label: 'Text', code: 'required', message: 'Text (text) is required.' },
			{
				key: 'voiceId',
				label: 'Voice ID',
				code: 'required',
				message: 'Voice ID (voiceId) is required.',
			},
		]);
	});

	it('reports wrong types', () => {
		assert.deepEqual(messages(TTS, { ...VALID_TTS, text: 12 }), [
			'Text (text) must be text; got 12.',
		]);
		assert.deepEqual(messages(LIP_SYNC, { ...VALID_LIP_SYNC, soundEndTime: 12.5 }), [
			'Sound End Time (soundEndTime) must be a whole number; got 12.5.',
		]);
		assert.deepEqual(messages(LIP_SYNC, { ...VALID_LIP_SYNC, soundEndTime: '5000' }), [
			'Sound End Time (soundEndTime) must be a whole number; got "5000".',
		]);
		assert.deepEqual(messages(TTS, { ...VALID_TTS, voiceSpeed: 'fast' }), [
			'Voice Speed (voiceSpeed) must be a number; got "fast".',
		]);
		assert.deepEqual(
			messages(SPEECH, {
				text: 'Hi',
				voice_id: 'Wise_Woman',
				enable_base64_output: 'no',
				english_normalization: false,
			}),
			['Enable Base64 Output (enable_base64_output) must be true or false; got "no".'],
		);
		assert.deepEqual(messages(TTS, { ...VALID_TTS, voiceLanguage: 1 }), [
			'Voice Language (voiceLanguage) must be one of zh, en (as text); got 1.',
		]);
		assert.deepEqual(messages(TTS, { ...VALID_TTS, text: ['a', 'b'] }), [
			'Text (text) must be a single value, text; got a list of 2.',
		]);
	});

	it('reports values outside the options, with the allowed values', () => {
		const [problem] = validateModelInput(TTS, { ...VALID_TTS, voiceLanguage: 'fr' });
		assert.deepEqual(problem, {
			key: 'voiceLanguage',
			label: 'Voice Language',
			code: 'option',
			message: 'Voice Language (voiceLanguage) must be one of zh, en; got "fr".',
			allowed: 'zh, en',
		});
		const [long] = validateModelInput(TTS, { ...VALID_TTS, voiceId: 'nobody' });
		assert.match(
			long.message,
			/^Voice ID \(voiceId\) must be one of genshin_vindi2, .*, girlfriend_2_speech02, … \(46 values\); got "nobody"\.$/,
		);
		assert.equal(long.allowed?.split(', ').length, 46);
	});

	it('reports min, max and step', () => {
		assert.deepEqual(validateModelInput(TTS, { ...VALID_TTS, voiceSpeed: 0.5 }), [
			{
				key: 'voiceSpeed',
				label: 'Voice Speed',
				code: 'min',
				message: 'Voice Speed (voiceSpeed) must be at least 0.8; got 0.5.',
				allowed: '0.8 to 2, in steps of 0.1',
			},
		]);
		assert.deepEqual(messages(TTS, { ...VALID_TTS, voiceSpeed: 2.5 }), [
			'Voice Speed (voiceSpeed) must be at most 2; got 2.5.',
		]);
		assert.deepEqual(messages(TTS, { ...VALID_TTS, voiceSpeed: 1.25 }), [
			'Voice Speed (voiceSpeed) must go in steps of 0.1 from 0.8; got 1.25.',
		]);
		assert.deepEqual(
			messages(TTS, { ...VALID_TTS, voiceSpeed: 1.1 }),
			[],
			'float noise is tolerated',
		);
		assert.deepEqual(
			messages(HITEM, {
				requestType: 'mesh',
				imageUrl: 'https://x.test/a.png',
				resolution: '1536',
				face: 150001,
			}),
			['Face (face) must go in steps of 10000 from 100000; got 150001.'],
		);
		assert.deepEqual(messages(LIP_SYNC, { ...VALID_LIP_SYNC, soundStartTime: -1 }), [
			'Sound Start Time (soundStartTime) must be at least 0; got -1.',
		]);
	});

	it('reports text over the maximum length, counting characters', () => {
		const [problem] = validateModelInput(TTS, { ...VALID_TTS, text: 'x'.repeat(1001) });
		assert.deepEqual(problem, {
			key: 'text',
			label: 'Text',
			code: 'maxLength',
			message: 'Text (text) must be at most 1000 characters; got 1001.',
			allowed: 'up to 1000 characters',
		});
		assert.deepEqual(
			messages(TTS, { ...VALID_TTS, text: '\u{1F600}'.repeat(1000) }),
			[],
			'emoji count once',
		);
	});

	it('requires media fields to be http(s) URLs or data: URIs', () => {
		assert.deepEqual(messages(LIP_SYNC, { ...VALID_LIP_SYNC, audioUrl: 'ftp://x.test/a.mp3' }), [
			'Audio URL (audioUrl) must be an http(s) URL or a data: URI; got "ftp://x.test/a.mp3".',
		]);
		assert.deepEqual(messages(LIP_SYNC, { ...VALID_LIP_SYNC, audioUrl: 'voice.mp3' }), [
			'Audio URL (audioUrl) must be an http(s) URL or a data: URI; got "voice.mp3".',
		]);
		assert.deepEqual(
			messages(LIP_SYNC, { ...VALID_LIP_SYNC, audioUrl: 'data:audio/mpeg;base64,SUQz' }),
			[],
		);
		assert.deepEqual(messages(LIP_SYNC, { ...VALID_LIP_SYNC, audioUrl: 42 }), [
			'Audio URL (audioUrl) must be an http(s) URL or a data: URI; got 42.',
		]);
	});

	it('checks the file type from the URL extension when there is one', () => {
		const [problem] = validateModelInput(LIP_SYNC, {
			...VALID_LIP_SYNC,
			audioUrl: 'https://x.test/a.OGG?sig=1#t',
		});
		assert.deepEqual(problem, {
			key: 'audioUrl',
			label: 'Audio URL',
			code: 'fileType',
			message: 'Audio URL (audioUrl) must be a file of type MP3, WAV or M4A; got a .ogg file.',
			allowed: 'MP3, WAV, M4A',
		});
		// No extension, or one that names no media format: not determinable, accepted.
		assert.deepEqual(
			messages(LIP_SYNC, { ...VALID_LIP_SYNC, audioUrl: 'https://x.test/view?filename=a.ogg' }),
			[],
		);
		assert.deepEqual(
			messages(LIP_SYNC, { ...VALID_LIP_SYNC, audioUrl: 'https://x.test/download.php' }),
			[],
		);
		// JPEG is JPG.
		assert.deepEqual(
			messages(HITEM, {
				requestType: 'mesh',
				imageUrl: 'https://x.test/a.jpeg',
				resolution: '1536',
			}),
			[],
		);
		assert.deepEqual(
			messages(LIP_SYNC, { ...VALID_LIP_SYNC, audioUrl: 'data:audio/ogg;base64,T2dn' }),
			['Audio URL (audioUrl) must be a file of type MP3, WAV or M4A; got audio/ogg data.'],
		);
		assert.deepEqual(
			messages(LIP_SYNC, { ...VALID_LIP_SYNC, audioUrl: 'data:video/mp4;base64,AAAA' }),
			['Audio URL (audioUrl) must be an audio file; got video/mp4 data.'],
		);
	});

	it('checks the size of data: URIs', () => {
		const sixMb = 'A'.repeat(Math.ceil((6 * 1024 * 1024 * 4) / 3));
		assert.deepEqual(
			validateModelInput(LIP_SYNC, {
				...VALID_LIP_SYNC,
				audioUrl: `data:audio/mpeg;base64,${sixMb}`,
			}),
			[
				{
					key: 'audioUrl',
					label: 'Audio URL',
					code: 'fileSize',
					message: 'Audio URL (audioUrl) is 6 MB; the maximum is 5 MB.',
					allowed: '5 MB',
				},
			],
		);
	});

	it('takes arrays for multi-value fields, within their maximum count', () => {
		const base = { prompt: 'Make it blue' };
		assert.deepEqual(
			messages(QWEN_EDIT, {
				...base,
				imageUrls: ['https://x.test/1.png', 'https://x.test/2.webp'],
			}),
			[],
		);
		assert.deepEqual(messages(QWEN_EDIT, { ...base, imageUrls: 'https://x.test/1.png' }), [
			'Image URLs (imageUrls) must be a list of values, each an http(s) URL or a data: URI; got "https://x.test/1.png".',
		]);
		const four = [1, 2, 3, 4].map((n) => `https://x.test/${n}.png`);
		assert.deepEqual(validateModelInput(QWEN_EDIT, { ...base, imageUrls: four }), [
			{
				key: 'imageUrls',
				label: 'Image URLs',
				code: 'maxItems',
				message: 'Image URLs (imageUrls) takes at most 3 values; got 4.',
				allowed: 'up to 3 values',
			},
		]);
		assert.deepEqual(
			messages(QWEN_EDIT, { ...base, imageUrls: ['https://x.test/1.png', 'x', ''] }),
			[
				'Image URLs (imageUrls) item 2 must be an http(s) URL or a data: URI; got "x".',
				'Image URLs (imageUrls) item 3 is empty.',
			],
		);
		assert.deepEqual(messages(QWEN_EDIT, { ...base, imageUrls: [] }), [
			'Image URLs (imageUrls) is required.',
		]);
	});

	it('reports fields the model does not have, unless allowed', () => {
		assert.deepEqual(validateModelInput(TTS, { ...VALID_TTS, webhookUrl: 'https://x.test' }), [
			{
				key: 'webhookUrl',
				label: 'webhookUrl',
				code: 'unknownField',
				message:
					'webhookUrl is not a parameter of Kling Lip Sync · TTS (kling-lip-sync/tts); its parameters are text, voiceId, voiceLanguage, voiceSpeed.',
				allowed: 'text, voiceId, voiceLanguage, voiceSpeed',
			},
		]);
		assert.deepEqual(
			validateModelInput(TTS, { ...VALID_TTS, webhookUrl: 'x' }, { allowUnknownFields: true }),
			[],
		);
	});

	it('formats problems as one text', () => {
		assert.equal(
			formatProblems(validateModelInput(TTS, {})),
			'Text (text) is required. Voice ID (voiceId) is required. Voice Language (voiceLanguage) is required.',
		);
	});
});

describe('coerceModelInput', () => {
	it('converts n8n form values into API types and drops empty fields', () => {
		const input = {
			sessionId: 865289575831703,
			faceId: 0,
			audioId: '',
			audioUrl: ' https://x.test/a.mp3 ',
			soundStartTime: '0',
			soundEndTime: ' 5000 ',
			soundInsertTime: 200,
			soundVolume: '1.5',
			originalAudioVolume: null,
		};
		const coerced = coerceModelInput(LIP_SYNC, input);
		assert.deepEqual(coerced, {
			sessionId: '865289575831703',
			faceId: '0',
			audioUrl: 'https://x.test/a.mp3',
			soundStartTime: 0,
			soundEndTime: 5000,
			soundInsertTime: 200,
			soundVolume: 1.5,
		});
		assert.deepEqual(validateModelInput(LIP_SYNC, coerced), []);
	});

	it('converts booleans and list values', () => {
		const coerced = coerceModelInput(SPEECH, {
			text: 'Hi',
			voice_id: 'Wise_Woman',
			enable_base64_output: 'FALSE',
			english_normalization: 1,
			emotion: 'Happy',
			pitch: '-3',
		});
		assert.deepEqual(coerced, {
			text: 'Hi',
			voice_id: 'Wise_Woman',
			enable_base64_output: false,
			english_normalization: true,
			emotion: 'happy',
			pitch: -3,
		});
		const tts = coerceModelInput(TTS, {
			text: 'Hi',
			voiceId: 'uk_man2',
			voiceLanguage: 'en (English)',
		});
		assert.equal(tts.voiceLanguage, 'en', 'an option label maps back to its value');
		assert.equal(coerceModelInput(QWEN_EDIT, { imageNum: 3 }).imageNum, '3');
		const hitem = model('alibaba/wan-2.7/video-edit');
		assert.equal(coerceModelInput(hitem, { resolution: '1080p' }).resolution, '1080P');
	});

	it('builds arrays for multi-value fields from arrays, JSON text or lines', () => {
		const urls = ['https://x.test/1.png', 'https://x.test/2.png'];
		assert.deepEqual(coerceModelInput(QWEN_EDIT, { imageUrls: urls }).imageUrls, urls);
		assert.deepEqual(
			coerceModelInput(QWEN_EDIT, { imageUrls: JSON.stringify(urls) }).imageUrls,
			urls,
		);
		assert.deepEqual(
			coerceModelInput(QWEN_EDIT, { imageUrls: `${urls[0]}\r\n\n${urls[1]}\n` }).imageUrls,
			urls,
		);
		assert.deepEqual(coerceModelInput(QWEN_EDIT, { imageUrls: urls[0] }).imageUrls, [urls[0]]);
		assert.deepEqual(coerceModelInput(QWEN_EDIT, { imageUrls: ['', ' '] }), {});
	});

	it('keeps unknown fields and values it cannot convert, for validation to report', () => {
		const coerced = coerceModelInput(TTS, {
			text: 'Hi',
			voiceSpeed: 'fast',
			extra: 'x',
			voiceId: ['a', 'b'],
		});
		assert.deepEqual(coerced, { text: 'Hi', voiceSpeed: 'fast', extra: 'x', voiceId: ['a', 'b'] });
		assert.deepEqual(coerceModelInput(TTS, { voiceId: ['uk_man2'] }), { voiceId: 'uk_man2' });
	});
});

describe('parseMediaReference', () => {
	it('tells URLs and data: URIs apart and reads what it can', async () => {
		const { parseMediaReference, urlExtension } = await import(
			'../../nodes/core/catalogue/index.ts'
		);
		assert.deepEqual(parseMediaReference('https://x.test/a/b.JPEG?x=1'), {
			kind: 'url',
			extension: 'jpg',
		});
		assert.deepEqual(parseMediaReference('https://x.test/a/b.php'), { kind: 'url' });
		assert.deepEqual(parseMediaReference('data:image/png;base64,iVBORw0KGgo='), {
			kind: 'data',
			mime: 'image/png',
			bytes: 8,
			extension: 'png',
		});
		assert.equal(parseMediaReference('/tmp/a.png'), undefined);
		assert.equal(parseMediaReference('http://'), undefined);
		assert.equal(urlExtension('https://x.test/dir.v2/file'), undefined);
	});
});
