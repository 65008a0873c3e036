// Every catalogue entry builds a valid form: the resource mapper fields match the model's
// parameters, the example body entered into those fields passes the editor's own parameter
// checks, the node's validation, and the simulator's validator; and every model runs end to end
// through the node against the simulator in one execution (one item per model).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type * as Workflow from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { coerceModelInput, exampleInput, listModels, validateModelInput } from '../../nodes/core/catalogue/index.ts';
import { fieldLabel, modelFields } from '../../nodes/RunningHub/methods/resourceMapping.ts';
import { RunningHub } from '../../nodes/RunningHub/RunningHub.node.ts';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { MODELS, validateModelBody } from '../../simulator/models.mts';
import { formValues, jsonOf, locator, mapper, modelFieldsFor, runNode } from './support.mts';

const { NodeHelpers } = createRequire(import.meta.url)('n8n-workflow') as typeof Workflow;

const KEY = SIM_KEYS.aiShared;
const models = listModels();

/** The editor's parameter issues for a Model → Run node with these field values (empty = none). */
function editorIssues(endpoint: string, values: Record<string, unknown>, schema: unknown[]): Record<string, unknown> {
	const description = new RunningHub().description;
	const node: INode = {
		id: 'n',
		name: 'RunningHub',
		type: 'n8n-nodes-runninghub.runningHub',
		typeVersion: 1,
		position: [0, 0],
		parameters: { resource: 'model', operation: 'run', model: locator(endpoint), modelParameters: { ...mapper(values), schema } } as never,
	};
	const issues = NodeHelpers.getNodeParametersIssues(description.properties, node, description);
	return issues?.parameters ?? {};
}

describe('every catalogue model builds a valid form', () => {
	it('has 299 models', () => {
		assert.equal(models.length, 299);
	});

	it('gives one resource mapper field per parameter, typed, required where the model requires it', async () => {
		for (const model of models) {
			const { fields, emptyFieldsNotice } = await modelFieldsFor(locator(model.endpoint));
			if (model.params.length === 0) {
				assert.ok(emptyFieldsNotice, `${model.endpoint}: a model without parameters says so`);
				continue;
			}
			assert.deepEqual(fields.map((f) => f.id), model.params.map((p) => p.key), model.endpoint);
			for (const [n, field] of fields.entries()) {
				const param = model.params[n];
				const where = `${model.endpoint} ${param.key}`;
				assert.equal(field.required, param.required, where);
				assert.equal(field.display, true, where);
				assert.equal(field.displayName, fieldLabel(param), where);
				assert.ok(field.displayName.startsWith(param.label), where);
				const expected = param.multiple ? 'string' : { int: 'number', float: 'number', boolean: 'boolean', list: 'options' }[param.type as string] ?? 'string';
				assert.equal(field.type, expected, where);
				if (field.type === 'options') {
					assert.deepEqual(field.options?.map((o) => o.value), param.options?.map((o) => o.value), where);
				}
				if (param.default !== undefined && !param.multiple) assert.equal(field.defaultValue, param.default, where);
				if (param.type === 'int' || param.type === 'float') {
					if (param.min !== undefined && param.max !== undefined) assert.match(field.displayName, /\d to -?\d/, `${where}: range in the label`);
				}
				if (param.type === 'string' && param.maxLength !== undefined) assert.match(field.displayName, new RegExp(`max ${param.maxLength} characters`), where);
				if (param.multiple) assert.match(field.displayName, /one per line/, `${where}: list fields say how to give several values`);
				if (param.accept?.length) assert.match(field.displayName, new RegExp(param.accept[0].toUpperCase()), `${where}: file types in the label`);
				if (param.maxSizeMb !== undefined) assert.match(field.displayName, / MB/, `${where}: size limit in the label`);
			}
		}
	});

	it('accepts each model\'s example body (every parameter filled): editor checks, node validation and the simulator\'s validator all pass', () => {
		for (const model of models) {
			for (const includeOptional of [false, true]) {
				const body = exampleInput(model, { includeOptional });
				const values = formValues(model, body);
				const schema = modelFields(model);
				assert.deepEqual(editorIssues(model.endpoint, values, schema), {}, `${model.endpoint}: editor issues`);
				const coerced = coerceModelInput(model, values);
				assert.deepEqual(validateModelInput(model, coerced), [], `${model.endpoint}: node validation`);
				const spec = MODELS.get(model.endpoint);
				assert.ok(spec, `${model.endpoint} is known to the simulator`);
				assert.equal(validateModelBody(spec, coerced), null, `${model.endpoint}: simulator validation of ${JSON.stringify(coerced).slice(0, 200)}`);
			}
		}
	});

	it('flags a required field left empty in the editor', () => {
		const model = models.find((m) => m.params.some((p) => p.required && p.default === undefined))!;
		const body = exampleInput(model);
		const missing = model.params.find((p) => p.required && p.default === undefined)!;
		const values = formValues(model, body);
		delete values[missing.key];
		const issues = editorIssues(model.endpoint, values, modelFields(model));
		assert.ok(issues[`modelParameters.${missing.key}`], JSON.stringify(issues));
	});
});

describe('every catalogue model runs end to end through the node', () => {
	let sim: Simulator;
	before(async () => {
		sim = await startSimulator({ port: 0, taskDurationMs: 5, quiet: true });
		sim.control.configure({ concurrencyLimit: 400, variants: { syncSuccess: true } });
	});
	after(async () => sim.close());

	// The Kling lip-sync models also check sessions, faces and audio IDs made by earlier calls:
	// example values cannot satisfy them; Lip Sync's own tests cover them.
	const runnable = models.filter((m) => !/^kling-lip-sync\/(lip-sync-video)$/.test(m.endpoint));

	it('submits every model with its example body as one item each, and each item succeeds', async () => {
		const bodies = runnable.map((model) => {
			const body = exampleInput(model, { includeOptional: true });
			// identify-face takes a video URL or a video ID, not both (a rule the registry does not state).
			if (model.endpoint === 'kling-lip-sync/identify-face') delete body.videoId;
			return formValues(model, body);
		});
		const { items } = await runNode({
			baseUrl: sim.url,
			apiKey: KEY,
			input: runnable.map((model) => ({ json: { endpoint: model.endpoint } })),
			parameters: {
				resource: 'model',
				operation: 'run',
				model: (i: number) => locator(runnable[i].endpoint),
				modelParameters: (i: number) => mapper(bodies[i]),
				submitOptions: { concurrency: 50 },
			},
			continueOnFail: true,
		});
		assert.equal(items.length, runnable.length);
		const failed = jsonOf(items).filter((j) => j.error !== undefined || j.state !== 'succeeded');
		assert.deepEqual(failed, [], 'no model fails');
		for (const [n, item] of items.entries()) {
			assert.equal(item.json.model, runnable[n].endpoint);
			assert.equal((item.pairedItem as { item: number }).item, n);
		}
		const submitted = sim.control.submitCounts();
		assert.equal(submitted.refusedTotal, 0, JSON.stringify(submitted.refused.slice(0, 3)));
		assert.equal(submitted.total, runnable.length);
	});
});
