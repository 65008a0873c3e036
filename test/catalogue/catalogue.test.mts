import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	CATALOGUE_SOURCE,
	exampleInput,
	getModel,
	labelFromKey,
	listModels,
	titleFromSlug,
	validateModelInput,
	type CatalogueParam,
	type ParamType,
} from '../../nodes/core/catalogue/index.ts';
import { allStrings, CJK, REGISTRY, type RawParam } from './helpers.mts';

const TYPES: Record<string, ParamType> = {
	STRING: 'string',
	INT: 'int',
	FLOAT: 'float',
	BOOLEAN: 'boolean',
	LIST: 'list',
	IMAGE: 'image',
	VIDEO: 'video',
	AUDIO: 'audio',
};

function checkParam(endpoint: string, raw: RawParam, param: CatalogueParam): void {
	const where = `${endpoint} ${raw.fieldKey}`;
	assert.equal(param.key, raw.fieldKey, where);
	assert.equal(param.type, TYPES[raw.type], where);
	assert.equal(param.required, raw.required, where);
	assert.ok(param.label.length > 0 && !CJK.test(param.label), where);
	for (const bound of ['min', 'max', 'step', 'maxLength'] as const) {
		if (typeof raw[bound] === 'number' && !(bound === 'step' && (raw.step as number) <= 0)) {
			assert.equal(param[bound], raw[bound], `${where} ${bound}`);
		} else assert.equal(param[bound], undefined, `${where} ${bound}`);
	}
	if (raw.type === 'LIST') {
		assert.deepEqual(
			param.options?.map((option) => option.value),
			raw.options?.map((option) => option.value),
			where,
		);
		param.options?.forEach((option, index) => {
			const english = raw.options?.[index].descriptionEn;
			assert.equal(option.label, english ?? option.value, where);
		});
	} else assert.equal(param.options, undefined, where);
	if (raw.accept !== undefined) {
		assert.deepEqual(
			param.accept,
			[...new Set((JSON.parse(raw.accept) as string[]).map((type) => type.toLowerCase()))],
			where,
		);
	}
	assert.equal(param.maxSizeMb, raw.maxSize, where);
	assert.equal(param.multiple, raw.multipleInputs === true ? true : undefined, where);
	assert.equal(param.maxItems, raw.multipleInputs === true ? raw.maxInputNum : undefined, where);
	if (param.default !== undefined) assert.equal(param.default, raw.defaultValue, where);
	else if (raw.defaultValue !== undefined) {
		// Dropped on purpose: Chinese text, sample media URLs, sample IDs.
		const value = String(raw.defaultValue);
		assert.ok(
			CJK.test(value) ||
				/^https?:\/\//.test(value) ||
				/^\d{10,}$/.test(value) ||
				['IMAGE', 'VIDEO', 'AUDIO'].includes(raw.type),
			`${where}: default ${value} dropped`,
		);
	}
	assert.equal(param.description, undefined, `${where}: the registry has no descriptionEn`);
}

describe('catalogue entries', () => {
	it('has one entry per registry model, sorted by endpoint', () => {
		const models = listModels();
		assert.equal(models.length, 299);
		assert.equal(REGISTRY.models.length, 299);
		const endpoints = models.map((model) => model.endpoint);
		assert.deepEqual(
			endpoints,
			[...endpoints].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
		);
		assert.deepEqual(new Set(endpoints), new Set(REGISTRY.models.map((model) => model.endpoint)));
	});

	it('keeps every fact of every parameter of all 299 models', () => {
		for (const raw of REGISTRY.models) {
			const model = getModel(raw.endpoint);
			assert.ok(model, raw.endpoint);
			assert.equal(model.params.length, raw.params.length, raw.endpoint);
			raw.params.forEach((param, index) => checkParam(raw.endpoint, param, model.params[index]));
			assert.equal(
				model.category,
				raw.category.replace('RunningHub/', '').replace(/^Qwe$/, 'Qwen'),
			);
			assert.equal(model.output, raw.output_type === 'string' ? 'text' : raw.output_type);
			assert.ok(model.name.length > 0, raw.endpoint);
		}
	});

	it('handles every parameter type of the registry', () => {
		const seen = new Set(
			REGISTRY.models.flatMap((model) => model.params.map((param) => param.type)),
		);
		assert.deepEqual([...seen].sort(), Object.keys(TYPES).sort());
		const converted = new Set(
			listModels().flatMap((model) => model.params.map((param) => param.type)),
		);
		assert.deepEqual([...converted].sort(), Object.values(TYPES).sort());
	});

	it('contains no CJK text anywhere', () => {
		const strings = allStrings(listModels());
		assert.ok(strings.length > 10000);
		assert.deepEqual(
			strings.filter((text) => CJK.test(text)),
			[],
		);
	});

	it('gives every model a unique name and every parameter a unique label', () => {
		const names = listModels().map((model) => model.name);
		assert.equal(new Set(names).size, names.length);
		for (const model of listModels()) {
			const labels = model.params.map((param) => param.label);
			assert.equal(new Set(labels).size, labels.length, model.endpoint);
		}
	});

	it('has a valid minimal example input for every model', () => {
		for (const model of listModels()) {
			const minimal = exampleInput(model);
			assert.deepEqual(validateModelInput(model, minimal), [], model.endpoint);
			assert.deepEqual(
				Object.keys(minimal),
				model.params.filter((param) => param.required).map((param) => param.key),
			);
			const full = exampleInput(model, { includeOptional: true });
			assert.deepEqual(validateModelInput(model, full), [], model.endpoint);
		}
	});

	it('builds example values from defaults, options and ranges', () => {
		const tts = getModel('kling-lip-sync/tts')!;
		assert.deepEqual(exampleInput(tts), {
			text: 'example',
			voiceId: 'genshin_klee2',
			voiceLanguage: 'zh',
		});
		const lipSync = getModel('kling-lip-sync/lip-sync-video')!;
		assert.deepEqual(exampleInput(lipSync), {
			sessionId: 'example',
			faceId: '0',
			soundStartTime: 0,
			soundEndTime: 0,
			soundInsertTime: 0,
		});
		assert.deepEqual(
			exampleInput(lipSync, { includeOptional: true }).audioUrl,
			'https://example.com/media/example-audio.mp3',
		);
		const edit = getModel('alibaba/qwen-image-2.0/image-edit')!;
		assert.deepEqual(exampleInput(edit, { mediaBaseUrl: 'http://127.0.0.1:9/files' }).imageUrls, [
			'http://127.0.0.1:9/files/example-image.jpg',
		]);
	});

	it('finds models by endpoint in any pasted form', () => {
		for (const form of [
			'kling-lip-sync/tts',
			' /openapi/v2/kling-lip-sync/tts ',
			'https://www.runninghub.ai/openapi/v2/kling-lip-sync/tts',
		]) {
			assert.equal(getModel(form)?.name, 'Kling Lip Sync · TTS');
		}
		assert.equal(getModel('no/such-model'), undefined);
	});

	it('returns frozen shared objects', () => {
		const model = getModel('kling-lip-sync/tts')!;
		assert.ok(
			Object.isFrozen(model) && Object.isFrozen(model.params) && Object.isFrozen(model.params[1]),
		);
		assert.equal(getModel('kling-lip-sync/tts'), model);
	});

	it('marks deprecated models', () => {
		const deprecated = listModels().filter((model) => model.deprecated !== undefined);
		assert.deepEqual(
			deprecated.map((model) => model.endpoint),
			[
				'rhart-image-g-1.5/edit-[Deprecated]',
				'rhart-image-g-1.5/text-to-image-[Deprecated]',
				'rhart-video-s/image-to-video-pro-deprecated',
				'rhart-video-s/text-to-video-pro-deprecated',
			],
		);
		assert.equal(
			deprecated[0].deprecated,
			'Deprecated by RunningHub. Please use gpt-image-2 instead.',
		);
		assert.equal(deprecated[0].name, 'GPT Image 1.5 · Edit (Low-Price Channel) (Deprecated)');
	});

	it('names the data source and licence', () => {
		assert.equal(CATALOGUE_SOURCE.registryVersion, 'public-2026-04-29');
		assert.match(CATALOGUE_SOURCE.licence, /^Apache-2\.0/);
	});
});

describe('labels', () => {
	it('makes field keys readable', () => {
		assert.equal(labelFromKey('imageUrl'), 'Image URL');
		assert.equal(labelFromKey('aspectRatio'), 'Aspect Ratio');
		assert.equal(labelFromKey('voice_id'), 'Voice ID');
		assert.equal(labelFromKey('imageUrls'), 'Image URLs');
		assert.equal(labelFromKey('enable_base64_output'), 'Enable Base64 Output');
		assert.equal(labelFromKey('cfgScale'), 'CFG Scale');
		assert.equal(labelFromKey('targetFps'), 'Target FPS');
		assert.equal(labelFromKey('n'), 'Number of Images');
	});

	it('makes endpoint slugs readable', () => {
		assert.equal(titleFromSlug('kling-lip-sync/tts'), 'Kling Lip Sync · TTS');
		assert.equal(titleFromSlug('hunyuan3d-v3.1/image-to-3d'), 'Hunyuan3D V3.1 · Image to 3D');
		assert.equal(titleFromSlug('kling-v3.0-4k/motion-control'), 'Kling V3.0 4K · Motion Control');
		assert.equal(titleFromSlug('meshy6/text-to-3d'), 'Meshy 6 · Text to 3D');
		assert.equal(
			getModel('rhart-video-s/image-to-video')?.name,
			'Sora 2 · Image to Video (Low-Price Channel)',
		);
		assert.equal(
			getModel('kling-v2.6-pro/image-to-video')?.name,
			'Kling V2.6 Pro · Image to Video',
		);
	});
});
