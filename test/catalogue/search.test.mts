import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	compareModels,
	listCategories,
	listModels,
	modelListItems,
	searchModels,
} from '../../nodes/core/catalogue/index.ts';

describe('searchModels', () => {
	it('lists every model without a filter, grouped by category then output type', () => {
		const all = searchModels();
		assert.equal(all.length, 299);
		for (let index = 1; index < all.length; index++) {
			assert.ok(compareModels(all[index - 1], all[index]) < 0, all[index].endpoint);
		}
		assert.equal(all[0].category, 'Audio');
		const kling = all.filter((model) => model.category === 'Kling');
		const outputs = kling.map((model) => model.output);
		assert.deepEqual([...new Set(outputs)], ['video', 'text']);
	});

	it('matches every word in name, endpoint, category or output, ignoring case and separators', () => {
		assert.deepEqual(
			searchModels('lip sync').map((model) => model.endpoint),
			['kling-lip-sync/lip-sync-video', 'kling-lip-sync/identify-face', 'kling-lip-sync/tts'],
		);
		assert.deepEqual(
			searchModels('LIPSYNC tts').map((model) => model.endpoint),
			['kling-lip-sync/tts'],
		);
		assert.ok(
			searchModels('sora').every((model) =>
				/sora|rhart-video-s/i.test(model.name + model.endpoint),
			),
		);
		assert.ok(searchModels('rhart-video-s/').length > 0, 'endpoint text matches');
		assert.equal(searchModels('seedance 3d').length, 0);
		assert.equal(searchModels('   ').length, 299);
	});

	it('ranks models that have the searched words side by side first', () => {
		const [first, second] = searchModels('wan 2.5 image to image').map((model) => model.endpoint);
		assert.equal(first, 'alibaba/wan-2.5-preview/image-to-image');
		assert.equal(second, 'alibaba/wan-2.5-preview/image-to-video', 'the other matches follow, grouped');
		assert.equal(searchModels('image').length, searchModels('image').filter((m, n, all) => n === 0 || compareModels(all[n - 1], m) < 0).length, 'one word: grouped order only');
	});

	it('filters by category, output type and deprecation', () => {
		const audio = searchModels({ output: 'audio' });
		assert.equal(audio.length, 16);
		assert.ok(audio.every((model) => model.output === 'audio'));
		assert.equal(searchModels({ category: 'kling' }).length, 39);
		assert.equal(searchModels({ category: 'Qwen', text: 'edit' }).length, 2);
		assert.equal(searchModels({ includeDeprecated: false }).length, 295);
		const sora = searchModels({ text: 'sora 2 image to video pro' });
		assert.ok(sora.at(-1)?.deprecated, 'deprecated models sort last in their group');
	});

	it('gives n8n list-search items', () => {
		assert.deepEqual(modelListItems('kling lip sync tts'), [
			{
				name: 'Kling · Text: Kling Lip Sync · TTS',
				value: 'kling-lip-sync/tts',
				description: 'Text output · kling-lip-sync/tts',
			},
		]);
		// A category named like the output type is not repeated: "Audio: …", not "Audio · Audio: …".
		const music = modelListItems('minimax music').find((item) => item.value.includes('music'));
		assert.match(String(music?.name), /^Audio: MiniMax · Music/);
		const [deprecated] = modelListItems('gpt image 1.5 edit deprecated');
		assert.equal(deprecated.value, 'rhart-image-g-1.5/edit-[Deprecated]');
		assert.match(deprecated.description, /Please use gpt-image-2 instead\.$/);
	});

	it('lists the categories', () => {
		const categories = listCategories();
		assert.equal(categories.length, 24);
		assert.ok(categories.includes('Qwen') && !categories.includes('Qwe'));
		assert.deepEqual(new Set(categories), new Set(listModels().map((model) => model.category)));
	});
});
