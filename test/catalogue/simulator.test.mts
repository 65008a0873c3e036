// The simulator and the node agree on every catalogue endpoint: each model's example body is
// accepted over HTTP, and for every parameter of every model each kind of invalid value
// (missing, not an option, out of range, too long, wrong type, not a URL, too many items) is
// refused by the simulator with errorCode 1007 naming the field, as RunningHub does, and caught
// by the node's own validation first (so users get the precise message before a paid call).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { exampleInput, listModels, validateModelInput } from '../../nodes/core/catalogue/index.ts';
import type { CatalogueModel, CatalogueParam } from '../../nodes/core/catalogue/index.ts';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';

type Body = Record<string, unknown>;
interface Case {
	model: CatalogueModel;
	param: CatalogueParam;
	kind: string;
	body: Body;
}

const models = listModels();

/** A body every check accepts: all fields filled from the catalogue's example values. */
function validBody(model: CatalogueModel): Body {
	const body: Body = exampleInput(model, { includeOptional: true });
	// identify-face takes a video URL or a video ID, not both (a rule the registry does not state).
	if (model.endpoint === 'kling-lip-sync/identify-face') delete body.videoId;
	return body;
}

/** The invalid values a parameter can be given, by kind. */
function invalidValues(param: CatalogueParam, valid: unknown): Array<[string, unknown]> {
	const one = Array.isArray(valid) ? valid[0] : valid;
	const wrap = (v: unknown) => (param.multiple ? [v] : v);
	const out: Array<[string, unknown]> = [];
	switch (param.type) {
		case 'list':
			out.push(['not an option', wrap('not-an-option-zz')]);
			break;
		case 'int':
		case 'float':
			if (param.min !== undefined) out.push(['below min', wrap(param.min - 1)]);
			if (param.max !== undefined) out.push(['above max', wrap(param.max + 1)]);
			out.push(['not a number', wrap('many')]);
			if (param.type === 'int') out.push(['not an integer', wrap((param.min ?? 0) + 0.5)]);
			break;
		case 'boolean':
			out.push(['not a boolean', wrap('maybe')]);
			break;
		case 'string':
			if (param.maxLength !== undefined) out.push(['too long', wrap('x'.repeat(param.maxLength + 1))]);
			out.push(['an object', wrap({ text: 'x' })]);
			break;
		default:
			out.push(['not a URL', wrap('ftp://example.com/file.bin')]);
	}
	if (param.multiple && param.maxItems !== undefined) {
		out.push(['too many items', Array.from({ length: param.maxItems + 1 }, () => one)]);
	}
	if (param.required) out.push(['missing', undefined]);
	return out;
}

const cases: Case[] = models.flatMap((model) => {
	const base = validBody(model);
	return model.params.flatMap((param) =>
		invalidValues(param, base[param.key]).map(([kind, value]) => {
			const body = { ...base };
			if (value === undefined) delete body[param.key];
			else body[param.key] = value;
			return { model, param, kind, body };
		}),
	);
});

let sim: Simulator;
before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 5, quiet: true });
	sim.control.configure({ concurrencyLimit: 1000 });
});
after(async () => sim.close());

async function submit(endpoint: string, body: Body): Promise<{ taskId: string | null; errorCode: string; errorMessage: string }> {
	const response = await fetch(`${sim.url}/openapi/v2/${endpoint}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${SIM_KEYS.aiShared}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	assert.equal(response.status, 200);
	return (await response.json()) as { taskId: string | null; errorCode: string; errorMessage: string };
}

/** Runs fn over items, `width` at a time. */
async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
	for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

describe('the simulator and the node agree on every catalogue endpoint', () => {
	it('accepts each model\'s full example body (every parameter filled)', async () => {
		// lip-sync-video also checks sessions and faces made by earlier calls (Lip Sync's tests cover it).
		const plain = models.filter((m) => m.endpoint !== 'kling-lip-sync/lip-sync-video');
		await inBatches(plain, 40, async (model) => {
			const body = validBody(model);
			assert.deepEqual(validateModelInput(model, body), [], `${model.endpoint}: node validation`);
			const reply = await submit(model.endpoint, body);
			assert.equal(reply.errorCode, '', `${model.endpoint}: ${reply.errorMessage}`);
			assert.match(String(reply.taskId), /^\d{19}$/);
		});
		assert.equal(sim.control.submitCounts().total, plain.length);
	});

	it(`refuses every kind of invalid value of every parameter with 1007 naming the field, and the node catches each first (${cases.length} cases)`, async () => {
		const kinds = new Set(cases.map((c) => c.kind));
		for (const kind of ['missing', 'not an option', 'below min', 'above max', 'not a number', 'not an integer', 'not a boolean', 'too long', 'an object', 'not a URL', 'too many items']) {
			assert.ok(kinds.has(kind), `the catalogue gives at least one "${kind}" case`);
		}
		await sim.control.reset();
		await inBatches(cases, 40, async ({ model, param, kind, body }) => {
			const where = `${model.endpoint} ${param.key} (${kind})`;
			const problems = validateModelInput(model, body);
			assert.ok(problems.some((p) => p.key === param.key), `${where}: node validation reports it, got ${JSON.stringify(problems)}`);
			const reply = await submit(model.endpoint, body);
			assert.equal(reply.errorCode, '1007', `${where}: ${JSON.stringify(reply)}`);
			assert.equal(reply.taskId, null, where);
			assert.match(reply.errorMessage, new RegExp(`\\b${param.key}\\b`), where);
		});
		assert.equal(sim.control.submitCounts().total, 0, 'no refused body created a task');
		assert.equal(sim.control.submitCounts().refusedTotal, cases.length);
	});
});
