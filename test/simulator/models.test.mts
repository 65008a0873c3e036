// Standard-model endpoints: every catalogue endpoint is served, bodies are validated against
// the endpoint's typed params, results follow the output type, ids are 19-digit strings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { bytes, setup, type Api } from './helpers.mjs';

interface P {
	fieldKey: string;
	type: string;
	required: boolean;
	options?: string[];
	defaultValue?: unknown;
	min?: number;
	maxLength?: number;
	multipleInputs?: boolean;
}
const catalogue = JSON.parse(
	readFileSync(new URL('../../simulator/catalogue/models.json', import.meta.url), 'utf8'),
) as {
	models: Array<{ endpoint: string; outputType: string; params: P[] }>;
};

/** A body with every required field filled with a valid value. */
function validBody(params: P[]): Record<string, unknown> {
	const b: Record<string, unknown> = {};
	for (const p of params.filter((x) => x.required)) {
		let v: unknown;
		if (p.type === 'LIST')
			v = p.options!.includes(String(p.defaultValue)) ? p.defaultValue : p.options![0];
		else if (p.type === 'STRING')
			v = typeof p.defaultValue === 'string' && p.defaultValue ? p.defaultValue : 'x';
		else if (p.type === 'INT' || p.type === 'FLOAT')
			v = typeof p.defaultValue === 'number' ? p.defaultValue : (p.min ?? 1);
		else if (p.type === 'BOOLEAN') v = p.defaultValue ?? false;
		else v = 'https://example.com/input.png';
		b[p.fieldKey] = p.multipleInputs ? [v] : v;
	}
	return b;
}

let api: Api;
before(async () => (api = await setup()));
after(() => api.close());
beforeEach(async () => {
	await api.sim.control.reset();
	api.sim.control.configure({ taskDurationMs: 0, concurrencyLimit: 1000 });
});

const EP = 'alibaba/wan-2.5-preview/image-to-image';
const good = { prompt: 'a dog', imageUrls: ['https://example.com/a.png'], n: 2 };
const submit = (body: unknown, ep = EP) => api.v2(`/openapi/v2/${ep}`, body);

describe('catalogue', () => {
	it('serves all 299 endpoints, each with an output matching its type', async () => {
		assert.equal(catalogue.models.length, 299);
		const exts: Record<string, string[]> = {
			image: ['png'],
			video: ['mp4'],
			audio: ['mp3'],
			'3d': ['glb'],
			string: ['text'],
		};
		const models = catalogue.models.filter((m) => m.endpoint !== 'kling-lip-sync/lip-sync-video');
		const submitted = await Promise.all(
			models.map(async (m) => {
				const body = validBody(m.params);
				if (m.endpoint === 'kling-lip-sync/identify-face')
					body.videoUrl = 'https://example.com/v.mp4';
				const r = await submit(body, m.endpoint);
				assert.equal(r.body.errorCode, '', `${m.endpoint}: ${r.text}`);
				assert.match(r.body.taskId, /^\d{19}$/);
				assert.ok(['QUEUED', 'RUNNING'].includes(r.body.status));
				assert.equal(r.body.results, null);
				return { m, taskId: r.body.taskId as string };
			}),
		);
		assert.equal(
			new Set(submitted.map((s) => s.taskId)).size,
			models.length,
			'task ids are unique',
		);
		for (const { m, taskId } of submitted) {
			await api.sim.control.waitForTask(taskId);
			const q = await api.query(taskId);
			assert.equal(q.status, 'SUCCESS', m.endpoint);
			const types = q.results.map((r: { outputType: string }) => r.outputType);
			assert.ok(
				types.some((t: string) => exts[m.outputType].includes(t)),
				`${m.endpoint} (${m.outputType}) gave ${types}`,
			);
		}
		assert.equal(api.sim.control.submitCount(), models.length);
	});
});

describe('validation ("1007" naming the field)', () => {
	const cases: Array<[string, Record<string, unknown>, string]> = [
		['missing required string', { ...good, prompt: undefined }, 'prompt'],
		['empty required array', { ...good, imageUrls: [] }, 'imageUrls'],
		['string too long', { ...good, prompt: 'x'.repeat(2001) }, 'prompt'],
		['wrong string type', { ...good, prompt: { a: 1 } }, 'prompt'],
		['LIST value not in options', { ...good, size: '999*999' }, 'size'],
		['INT below min', { ...good, n: 0 }, 'n'],
		['INT above max', { ...good, n: 5 }, 'n'],
		['INT not an integer', { ...good, n: 1.5 }, 'n'],
		['INT not a number', { ...good, n: 'two' }, 'n'],
		['BOOLEAN wrong type', { ...good, promptExtend: 'yes' }, 'promptExtend'],
		['media not a URL', { ...good, imageUrls: ['ftp://x/y.png'] }, 'imageUrls'],
		['media plain path', { ...good, imageUrls: ['/tmp/a.png'] }, 'imageUrls'],
		[
			'multiple input given as a string',
			{ ...good, imageUrls: 'https://example.com/a.png' },
			'imageUrls',
		],
		[
			'too many multiple inputs',
			{ ...good, imageUrls: Array(4).fill('https://example.com/a.png') },
			'imageUrls',
		],
		[
			'data URI over maxSize',
			{ ...good, imageUrls: [`data:image/png;base64,${'A'.repeat(14 * 1024 * 1024)}`] },
			'imageUrls',
		],
	];
	for (const [name, body, field] of cases) {
		it(name, async () => {
			const r = await submit(body);
			assert.equal(r.status, 200);
			assert.equal(r.body.errorCode, '1007');
			assert.match(r.body.errorMessage, new RegExp(`\\b${field}\\b`));
			assert.equal(r.body.taskId, null);
		});
	}
	it('rejects a non-object body', async () => {
		assert.equal((await submit([1, 2])).body.errorCode, '1007');
	});
	it('accepts numeric strings, boolean strings, data URIs and unknown extra fields', async () => {
		const r = await submit({
			...good,
			n: '3',
			promptExtend: 'false',
			imageUrls: ['data:image/png;base64,iVBORw0KGgo='],
			appCode: 'x',
		});
		assert.equal(r.body.errorCode, '', r.text);
	});
	it('does not create tasks for refused submits but logs them', async () => {
		await submit({});
		assert.equal(api.sim.control.submitCount(EP), 0);
		const refused = api.sim.control.submitCounts().refused;
		assert.equal(refused.length, 1);
		assert.equal(refused[0].code, '1007');
		assert.equal(refused[0].endpoint, EP);
	});
});

describe('results', () => {
	it('image task: png URL served with the right type, usage as strings', async () => {
		const q = await api.runModel(EP, good);
		assert.equal(q.status, 'SUCCESS');
		assert.equal(q.errorCode, '');
		assert.deepEqual(q.failedReason, {});
		assert.equal(q.results.length, 1);
		assert.equal(q.results[0].outputType, 'png');
		assert.equal(q.results[0].text, null);
		const f = await bytes(q.results[0].url);
		assert.equal(f.status, 200);
		assert.equal(f.type, 'image/png');
		assert.equal(f.length, f.data.length);
		assert.deepEqual([...f.data.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
		for (const k of ['consumeMoney', 'consumeCoins', 'taskCostTime', 'thirdPartyConsumeMoney'])
			assert.ok(k in q.usage);
		assert.equal(typeof q.usage.consumeMoney, 'string');
		assert.equal(typeof q.usage.taskCostTime, 'string');
	});
	it('string task: a text entry', async () => {
		const m = catalogue.models.find(
			(x) => x.outputType === 'string' && !x.endpoint.startsWith('kling-lip-sync'),
		)!;
		const q = await api.runModel(m.endpoint, validBody(m.params));
		assert.equal(q.results[0].outputType, 'text');
		assert.equal(q.results[0].url, null);
		assert.equal(typeof q.results[0].text, 'string');
	});
	it('video task: mp4 whose mvhd duration follows the duration field', async () => {
		const m = catalogue.models.find(
			(x) =>
				x.outputType === 'video' &&
				x.params.some((p) => p.fieldKey === 'duration' && p.type === 'LIST'),
		)!;
		const body = validBody(m.params);
		body.duration = m.params.find((p) => p.fieldKey === 'duration')!.options![0];
		const q = await api.runModel(m.endpoint, body);
		const f = await bytes(q.results[0].url);
		assert.equal(f.type, 'video/mp4');
		assert.equal(f.data.toString('latin1', 4, 8), 'ftyp');
		const mvhd = f.data.indexOf('mvhd');
		assert.equal(
			f.data.readUInt32BE(mvhd + 20) / f.data.readUInt32BE(mvhd + 16),
			Number(body.duration),
		); // duration / timescale
	});
	it('3d task: a glTF binary', async () => {
		const m = catalogue.models.find((x) => x.outputType === '3d')!;
		const q = await api.runModel(m.endpoint, validBody(m.params));
		const f = await bytes(q.results[0].url);
		assert.equal(f.type, 'model/gltf-binary');
		assert.equal(f.data.toString('latin1', 0, 4), 'glTF');
		assert.equal(f.data.readUInt32LE(8), f.data.length);
	});
	it('consumer-coin usage and the usage:null variant', async () => {
		api.sim.control.configure({ variants: { usage: 'null' } });
		const q = await api.runModel(EP, good);
		assert.deepEqual(q.usage, {
			consumeMoney: null,
			consumeCoins: null,
			taskCostTime: null,
			thirdPartyConsumeMoney: null,
		});
	});
});

describe('19-digit ids', () => {
	it('are strings beyond 2^53 by default', async () => {
		const r = await submit(good);
		assert.match(r.text, /"taskId":"\d{19}"/);
		assert.ok(BigInt(r.body.taskId) > 2n ** 53n);
	});
	it('bareNumericIds writes them as exact bare numbers (raw text) and accepts them back', async () => {
		api.sim.control.configure({ variants: { bareNumericIds: true } });
		const r = await submit(good);
		const id = /"taskId":(\d{19})[,}]/.exec(r.text)?.[1];
		assert.ok(id, r.text);
		assert.ok(api.sim.control.task(id), 'the raw digits name the real task');
		assert.notEqual(String(JSON.parse(r.text).taskId), id, 'JSON.parse would have lost digits');
		// a client sending the id back as a bare number still finds it (parsed as an exact long)
		const q = await api.v2('/openapi/v2/query', `{"taskId":${id}}`);
		assert.match(q.text, new RegExp(`"taskId":${id}[,}]`));
		assert.equal(q.body.errorCode, '');
	});
});
