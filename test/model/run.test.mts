// Model → Run and Estimate Cost against the simulator: one generated form per output type end
// to end, binary media fields uploaded (both binary modes), list fields, validation errors that
// name the field and the item before anything is sent, the editor methods, and the size of the
// node description (the catalogue stays out of it).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { exampleInput, getModel, listModels, type OutputType } from '../../nodes/core/catalogue/index.ts';
import { RunningHub } from '../../nodes/RunningHub/RunningHub.node.ts';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import {
	assertNoKey,
	binaryItem,
	formValues,
	jsonOf,
	listModels as searchModels,
	locator,
	mapper,
	modelFieldsFor,
	pairedOf,
	runNode,
	runNodeError,
	type BinaryMode,
} from './support.mts';

const KEY = SIM_KEYS.aiShared;
const PNG = Buffer.from(
	'89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
	'hex',
);

let sim: Simulator;
before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 30, quiet: true });
});
after(async () => sim.close());
beforeEach(async () => {
	await sim.control.reset();
	sim.control.configure({ taskDurationMs: 30, concurrencyLimit: 20 });
});

const run = (parameters: Record<string, unknown>, extra: { input?: Parameters<typeof runNode>[0]['input']; continueOnFail?: boolean; binaryMode?: BinaryMode } = {}) =>
	runNode({ baseUrl: sim.url, apiKey: KEY, parameters: { resource: 'model', operation: 'run', ...parameters }, ...extra });
const runError = (parameters: Record<string, unknown>, extra: { input?: Parameters<typeof runNode>[0]['input'] } = {}) =>
	runNodeError({ baseUrl: sim.url, apiKey: KEY, parameters: { resource: 'model', operation: 'run', ...parameters }, ...extra });

const bodiesOf = (endpoint: string) => sim.control.requests({ path: `/openapi/v2/${endpoint}` }).map((r) => JSON.parse(r.body) as Record<string, unknown>);

/** One model per output type, with values a user would type into its generated form. */
const SAMPLES: Array<{ output: OutputType; endpoint: string; values: Record<string, unknown>; expect: string[] }> = [
	{
		output: 'video',
		endpoint: 'alibaba/happyhorse-1.0/image-to-video',
		values: { imageUrl: 'https://cdn.example.com/cat.png', prompt: 'the cat waves', resolution: '720p', duration: '5', seed: 7 },
		expect: ['videoUrl', 'videoUrls'],
	},
	{
		output: 'image',
		endpoint: 'alibaba/wan-2.5-preview/image-to-image',
		values: { prompt: 'make it a watercolor', imageUrls: 'https://cdn.example.com/a.png\nhttps://cdn.example.com/b.jpg', n: 2, promptExtend: false },
		expect: ['imageUrl', 'imageUrls'],
	},
	{
		output: 'audio',
		endpoint: 'rhart-audio/suno-v4.5/custom',
		values: { title: 'Morning', prompt: 'a calm piano piece', tags: 'piano, calm' },
		expect: ['audioUrl', 'audioUrls'],
	},
	{
		output: '3d',
		endpoint: 'hitem3d-v15/image-to-3d',
		values: { requestType: 'mesh', imageUrl: 'https://cdn.example.com/chair.png', resolution: '1536' },
		expect: ['model3dUrl', 'model3dUrls'],
	},
	{
		output: 'text',
		endpoint: 'kling-elements',
		values: { name: 'Mascot', description: 'our mascot', imageUrl: 'https://cdn.example.com/m.png', elementReferList: '["https://cdn.example.com/r1.png","https://cdn.example.com/r2.png"]' },
		expect: ['text', 'texts'],
	},
];

/** MIME type and a signature of the file each output type downloads as. */
const OUTPUT_FILES: Record<Exclude<OutputType, 'text'>, [string, string]> = {
	video: ['video/mp4', 'ftyp'],
	image: ['image/png', 'PNG'],
	audio: ['audio/mpeg', 'ID3'],
	'3d': ['model/gltf-binary', 'glTF'],
};

describe('Model → Run: one generated form per output type, end to end', () => {
	for (const sample of SAMPLES) {
		it(`${sample.output}: ${sample.endpoint}`, async () => {
			const model = getModel(sample.endpoint)!;
			assert.equal(model.output, sample.output);
			// The form the editor shows: every field of the model, typed.
			const { fields } = await modelFieldsFor(locator(sample.endpoint));
			assert.deepEqual(fields.map((f) => f.id), model.params.map((p) => p.key));
			for (const key of Object.keys(sample.values)) assert.ok(fields.some((f) => f.id === key), `${key} is a field`);
			// Fields with defaults start with them, as the editor fills them in.
			const defaults = Object.fromEntries(fields.filter((f) => f.defaultValue !== undefined).map((f) => [f.id, f.defaultValue]));

			const { items, bytes } = await run({
				model: locator(sample.endpoint),
				modelParameters: mapper({ ...defaults, ...sample.values }),
				submitOptions: { downloadOutputs: sample.output !== 'text' },
			});
			assert.equal(items.length, 1);
			const json = items[0].json;
			assert.equal(json.state, 'succeeded');
			assert.equal(json.model, sample.endpoint);
			assert.equal(json.modelName, model.name);
			assert.equal(json.outputType, sample.output);
			assert.match(String(json.taskId), /^\d{19}$/);
			for (const key of sample.expect) assert.ok(json[key] !== undefined, `${key} in ${JSON.stringify(json).slice(0, 300)}`);
			// Cost: the estimate from the price table and the charge from the task's usage.
			const estimate = json.estimatedCost as { amount: number; currency: string; basis: string };
			assert.ok(estimate && estimate.amount > 0 && estimate.currency, JSON.stringify(estimate));
			const actual = json.actualCost as { money: number | null };
			assert.ok(actual && typeof actual.money === 'number', JSON.stringify(json.actualCost));
			if (sample.output !== 'text') {
				const file = items[0].binary?.data;
				assert.ok(file, 'the output file is downloaded');
				const [mimeType, magic] = OUTPUT_FILES[sample.output];
				assert.equal(file.mimeType, mimeType);
				assert.ok(bytes(file).subarray(0, 16).includes(magic), `the ${sample.output} file has its format's signature`);
			} else {
				assert.equal(items[0].binary, undefined);
			}
			// What was sent: the form's values, typed for the API.
			const [body] = bodiesOf(sample.endpoint);
			for (const [key, value] of Object.entries(sample.values)) {
				const param = model.params.find((p) => p.key === key)!;
				if (param.multiple) assert.ok(Array.isArray(body[key]), `${key} is sent as an array`);
				else if (param.type === 'int' || param.type === 'float') assert.equal(body[key], Number(value));
				else assert.equal(body[key], value);
			}
			assertNoKey(KEY, items);
		});
	}

	it('sends list fields as arrays from one-per-line text, a JSON array or an expression\'s array', async () => {
		const endpoint = 'alibaba/wan-2.5-preview/image-to-image';
		const base = { prompt: 'x', n: 1 };
		await run(
			{
				model: locator(endpoint),
				modelParameters: (i: number) =>
					mapper({
						...base,
						imageUrls: [
							'https://e.com/1.png\nhttps://e.com/2.png',
							'["https://e.com/3.png", "https://e.com/4.png"]',
							['https://e.com/5.png', 'https://e.com/6.png'],
						][i],
					}),
				waitForCompletion: false,
			},
			{ input: [{ json: {} }, { json: {} }, { json: {} }] },
		);
		assert.deepEqual(
			bodiesOf(endpoint).map((b) => b.imageUrls).sort(),
			[
				['https://e.com/1.png', 'https://e.com/2.png'],
				['https://e.com/3.png', 'https://e.com/4.png'],
				['https://e.com/5.png', 'https://e.com/6.png'],
			],
		);
	});

	it('without waiting returns the task ID with the estimate', async () => {
		const { items } = await run({
			model: locator('rhart-audio/suno-v4.5/custom'),
			modelParameters: mapper({ title: 'a', prompt: 'b', tags: 'c' }),
			waitForCompletion: false,
		});
		assert.match(String(items[0].json.taskId), /^\d{19}$/);
		assert.equal(items[0].json.state, 'pending');
		assert.ok(items[0].json.estimatedCost);
		assert.equal(items[0].json.audioUrl, undefined);
	});

	it('takes the model by endpoint, also pasted as a full API URL', async () => {
		const { items } = await run({
			model: locator('https://www.runninghub.ai/openapi/v2/rhart-audio/suno/lyrics', 'endpoint'),
			modelParameters: mapper({ prompt: 'a song about rain' }),
		});
		assert.equal(items[0].json.model, 'rhart-audio/suno/lyrics');
		assert.equal(bodiesOf('rhart-audio/suno/lyrics').length, 1);
	});
});

describe('Model → Run: binary media fields', () => {
	for (const binaryMode of ['default', 'filesystem'] as BinaryMode[]) {
		it(`uploads binary:<field> values and sends the download URLs (${binaryMode} mode)`, async () => {
			const endpoint = 'alibaba/wan-2.5-preview/image-to-image';
			const item = await binaryItem(PNG, 'photo.png', 'image/png', 'photo');
			item.binary!.second = (await binaryItem(PNG, 'second.jpg', 'image/jpeg', 'second')).binary!.second;
			const { items } = await run(
				{
					model: locator(endpoint),
					modelParameters: mapper({ prompt: 'x', n: 1, imageUrls: 'binary:photo\nhttps://e.com/keep.png\nbinary:photo' }),
					submitOptions: { concurrency: 1 },
				},
				{ input: [item], binaryMode },
			);
			assert.equal(items[0].json.state, 'succeeded');
			const uploads = sim.control.requests({ path: '/openapi/v2/media/upload/binary' });
			assert.equal(uploads.length, 1, 'a binary property used twice is uploaded once');
			const [body] = bodiesOf(endpoint);
			const urls = body.imageUrls as string[];
			assert.equal(urls.length, 3);
			assert.match(urls[0], /^http:\/\/127\.0\.0\.1:\d+\/.*openapi\/[0-9a-f]+\.png/);
			assert.equal(urls[1], 'https://e.com/keep.png');
			assert.equal(urls[2], urls[0]);
		});
	}

	it('uploads a single media field (video model) and the task gets the uploaded URL', async () => {
		const endpoint = 'alibaba/happyhorse-1.0/image-to-video';
		const { items } = await run(
			{ model: locator(endpoint), modelParameters: mapper({ imageUrl: 'binary:data', resolution: '720p', duration: '3' }) },
			{ input: [await binaryItem(PNG, 'face.jpg', 'image/jpeg')] },
		);
		assert.equal(items[0].json.state, 'succeeded');
		assert.match(String(bodiesOf(endpoint)[0].imageUrl), /openapi\/[0-9a-f]+\.jpg\?/);
	});
});

describe('Model → Run: validation before anything is sent', () => {
	const endpoint = 'alibaba/wan-2.5-preview/image-to-image';
	const good = { prompt: 'x', imageUrls: 'https://e.com/a.png', n: 1 };

	it('names the field (label and key) and the item, and submits none of the items', async () => {
		const error = await runError(
			{ model: locator(endpoint), modelParameters: (i: number) => mapper(i === 1 ? { ...good, n: 9 } : good) },
			{ input: [{ json: {} }, { json: {} }] },
		);
		assert.match(error.message, /Number of Images \(n\) must be at most 4; got 9 \[item 1\]$/);
		assert.match(String(error.description), /Parameters of .* \(alibaba\/wan-2\.5-preview\/image-to-image\)/);
		assert.equal(sim.control.submitCount(), 0);
		assertNoKey(KEY, error);
	});

	it('reports every problem of an item: required, option, type, length, file type', async () => {
		const error = await runError({
			model: locator(endpoint),
			modelParameters: mapper({ imageUrls: 'https://e.com/a.gif', n: 1.5, size: 'huge', prompt: 'x'.repeat(5000) }),
		});
		const text = `${error.message}\n${error.description}`;
		assert.match(error.message, /\(and \d+ more problems\) \[item 0\]$/);
		assert.match(text, /Prompt \(prompt\) must be at most \d+ characters; got 5000/);
		assert.match(text, /Image URLs \(imageUrls\) item 1 must be a file of type .*; got a \.gif file/);
		assert.match(text, /Number of Images \(n\) must be a whole number; got 1\.5/);
		assert.match(text, /\(size\) must be one of .*; got "huge"/);
		assert.equal(sim.control.submitCount(), 0);
	});

	it('checks binary files: missing property, wrong type and size, naming the item', async () => {
		const gif = await binaryItem(Buffer.from('GIF89a'), 'anim.gif', 'image/gif', 'anim');
		const missing = await runError({ model: locator(endpoint), modelParameters: mapper({ ...good, imageUrls: 'binary:nope' }) }, { input: [gif] });
		assert.match(missing.message, /^Image URLs \(imageUrls\): "binary:nope" names no binary property of the input item \[item 0\]$/);
		assert.match(String(missing.description), /binary:anim/);

		const wrongType = await runError({ model: locator(endpoint), modelParameters: mapper({ ...good, imageUrls: 'binary:anim' }) }, { input: [gif] });
		assert.match(wrongType.message, /Image URLs \(imageUrls\) item 1 must be a file of type .*; got a \.gif file \[item 0\]/);

		const maxMb = getModel(endpoint)!.params.find((p) => p.key === 'imageUrls')!.maxSizeMb!;
		const big = await binaryItem(Buffer.alloc(maxMb * 1024 * 1024 + 10), 'big.png', 'image/png', 'big');
		const tooBig = await runError(
			{ model: locator(endpoint), modelParameters: (i: number) => mapper(i === 1 ? { ...good, imageUrls: 'binary:big' } : good) },
			{ input: [{ json: {} }, big] },
		);
		assert.match(tooBig.message, new RegExp(`Image URLs \\(imageUrls\\) item 1 is ${maxMb} MB \\(binary:big\\); the maximum is ${maxMb} MB \\[item 1\\]`));
		assert.equal(sim.control.submitCount(), 0);
		assert.equal(sim.control.requests({ path: '/openapi/v2/media/upload/binary' }).length, 0, 'nothing is uploaded either');
	});

	it('with Continue On Fail, a bad item becomes an error item and the others run', async () => {
		const { items } = await run(
			{ model: locator(endpoint), modelParameters: (i: number) => mapper(i === 0 ? { ...good, prompt: '' } : good) },
			{ input: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		assert.deepEqual(pairedOf(items), [0, 1]);
		assert.match(String(items[0].json.error), /Prompt \(prompt\) is required \[item 0\]/);
		assert.equal(items[1].json.state, 'succeeded');
		assert.equal(sim.control.submitCount(), 1);
	});

	it('refuses an unknown endpoint and suggests close ones', async () => {
		const error = await runError({ model: locator('alibaba/happyhorse-1.0/image-to-vid', 'endpoint'), modelParameters: mapper({}) });
		assert.match(error.message, /^Model: "alibaba\/happyhorse-1\.0\/image-to-vid" is not a RunningHub standard model/);
		assert.match(String(error.description), /happyhorse-1\.0\/image-to-video/);
	});

	it('names a field the model does not have (a stale form after changing the model)', async () => {
		const error = await runError({ model: locator('rhart-audio/suno/lyrics'), modelParameters: mapper({ prompt: 'x', imageUrl: 'https://e.com/a.png' }) });
		assert.match(error.message, /imageUrl is not a parameter of .* \(rhart-audio\/suno\/lyrics\)/);
		assert.match(String(error.description), /refresh the parameter list/);
	});
});

describe('Model → Estimate Cost', () => {
	it('estimates from the price table without running, and reports parameter problems without failing', async () => {
		const { items } = await runNode({
			baseUrl: sim.url,
			apiKey: KEY,
			parameters: {
				resource: 'model',
				operation: 'estimateCost',
				model: locator('alibaba/wan-2.5-preview/image-to-image'),
				modelParameters: (i: number) => mapper(i === 0 ? { prompt: 'x', imageUrls: 'binary:data', n: 3 } : { n: 3 }),
			},
			input: [{ json: {} }, { json: {} }],
		});
		const [ok, bad] = jsonOf(items);
		assert.equal(ok.valid, true);
		assert.deepEqual(ok.inputProblems, []);
		const estimate = ok.estimatedCost as { amount: number; currency: string; basis: string };
		assert.equal(estimate.currency, 'CNY');
		assert.ok(estimate.amount > 0);
		assert.match(String(ok.pricing), /CNY/);
		assert.equal(bad.valid, false);
		assert.ok((bad.inputProblems as string[]).some((p) => /Prompt \(prompt\) is required/.test(p)));
		assert.equal(sim.control.submitCount(), 0);
		assert.equal(sim.control.requests().length, 0, 'no request at all');
	});
});

describe('Model editor methods', () => {
	it('lists every model for an empty search, names leading with category and output type', async () => {
		const { results } = await searchModels();
		assert.equal(results.length, listModels().length);
		const tts = results.find((r) => r.value === 'kling-lip-sync/tts')!;
		assert.match(tts.name, /^Kling · Text: /);
		assert.match(String(tts.description), /kling-lip-sync\/tts/);
	});

	it('searches by words across name, endpoint, category and output type', async () => {
		const { results } = await searchModels('kling tts');
		assert.ok(results.some((r) => r.value === 'kling-lip-sync/tts'));
		const video = await searchModels('happyhorse video');
		assert.ok(video.results.length > 0 && video.results.every((r) => /HappyHorse · Video/.test(r.name)));
		assert.deepEqual((await searchModels('no such model zzz')).results, []);
	});

	it('explains an empty form: no model, an expression, an unknown endpoint', async () => {
		assert.match(String((await modelFieldsFor(locator(''))).emptyFieldsNotice), /Choose a model first/);
		assert.match(String((await modelFieldsFor(locator('={{ $json.model }}'))).emptyFieldsNotice), /Choose a model first/);
		assert.match(String((await modelFieldsFor(locator('nope/nope', 'endpoint'))).emptyFieldsNotice), /not a model of the catalogue/);
	});

	it('shows required fields, lists as options with defaults, ranges and limits in the labels', async () => {
		const { fields } = await modelFieldsFor(locator('alibaba/wan-2.5-preview/image-to-image'));
		const byId = Object.fromEntries(fields.map((f) => [f.id, f]));
		assert.equal(byId.prompt.required, true);
		assert.equal(byId.n.displayName, 'Number of Images (whole number, 1 to 4)');
		assert.equal(byId.seed.displayName, 'Seed (whole number, -1 to 2147483647)');
		assert.equal(byId.imageUrls.displayName, 'Image URLs (one per line, up to 3; JPG/PNG/BMP/WEBP; max 10 MB each)');
		assert.equal(byId.size.type, 'options');
		assert.ok(byId.size.options!.length > 1);
	});
});

describe('Node description', () => {
	it('stays small: the catalogue is loaded by the editor methods, not shipped in the description', () => {
		const text = JSON.stringify(new RunningHub().description);
		for (const model of listModels()) assert.ok(!text.includes(`"${model.endpoint}"`), `${model.endpoint} is not in the description`);
		assert.ok(!text.includes('happyhorse'), 'no model names');
		console.log(`node description: ${text.length} characters`);
		assert.ok(text.length < 120_000, `description is ${text.length} characters`);
	});

	it('example bodies of all models fit the form values the run reads', () => {
		for (const model of listModels()) {
			const values = formValues(model, exampleInput(model, { includeOptional: true }));
			assert.ok(Object.keys(values).every((key) => model.params.some((p) => p.key === key)));
		}
	});
});
