/**
 * The canvas subtitles, evaluated as n8n evaluates them (the node's subtitle expression on its
 * parameters): words for every resource and operation, and the model's name for models.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type * as N8nWorkflow from 'n8n-workflow';
import type { INode, INodePropertyOptions } from 'n8n-workflow';

import { RunningHub } from '../../nodes/RunningHub/RunningHub.node';
import { SUBTITLES } from '../../nodes/RunningHub/subtitle';
import { modelListItems } from '../../nodes/core/catalogue/search';
import { listModels } from '../../nodes/core/catalogue/models';

const { Workflow } = createRequire(import.meta.url)('n8n-workflow') as typeof N8nWorkflow;
const node = new RunningHub();

function subtitle(parameters: Record<string, unknown>, typeVersion = 2): unknown {
	const n: INode = { id: 'n', name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion, position: [0, 0], parameters: parameters as INode['parameters'] };
	const nodeTypes = { getByName: () => node, getByNameAndVersion: () => node, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [n], connections: {}, active: false, nodeTypes: nodeTypes as never });
	return workflow.expression.getSimpleParameterValue(n, node.description.subtitle!, 'internal', {});
}

/** Every resource → operation the node offers. */
const operations = node.description.properties
	.filter((p) => p.name === 'operation')
	.flatMap((p) => (p.displayOptions!.show!.resource as string[]).flatMap((resource) => (p.options as INodePropertyOptions[]).map((o) => ({ resource, operation: String(o.value), name: o.name }))));

describe('RunningHub node: canvas subtitle', () => {
	it('is words for every resource and operation, on both versions', () => {
		assert.ok(operations.length >= 17);
		for (const { resource, operation } of operations) {
			for (const version of [1, 2]) {
				const text = String(subtitle({ resource, operation }, version));
				assert.equal(text, SUBTITLES[resource]?.[operation], `${resource} → ${operation}`);
				assert.doesNotMatch(text, /^[a-z]|[a-z][A-Z][a-z]/, `no parameter values in ${text}`);
			}
		}
		assert.equal(subtitle({ resource: 'audio', operation: 'textToSpeech' }), 'Text to Speech');
		assert.equal(subtitle({ resource: 'file', operation: 'uploadLora' }), 'Upload LoRA');
	});

	it('names the model picked from the list by its catalogue name, and a typed endpoint by itself', () => {
		const items = modelListItems();
		fc.assert(
			fc.property(fc.constantFrom(...items), fc.constantFrom('run', 'estimateCost'), (item, operation) => {
				const model = listModels().find((m) => m.endpoint === item.value)!;
				const text = subtitle({ resource: 'model', operation, model: { __rl: true, mode: 'list', value: item.value, cachedResultName: item.name } });
				assert.equal(text, `${SUBTITLES.model[operation]}: ${model.name.split(' · ').join(' ')}`);
			}),
			{ numRuns: 100 },
		);
		assert.equal(subtitle({ resource: 'model', operation: 'run', model: { __rl: true, mode: 'endpoint', value: 'kling-v3/image-to-video' } }), 'Run: kling-v3/image-to-video');
		assert.equal(subtitle({ resource: 'model', operation: 'run', model: { __rl: true, mode: 'list', value: '' } }), 'Run');
	});

	it('falls back to the raw values for an operation it does not know', () => {
		assert.equal(subtitle({ resource: 'task', operation: 'somethingNew' }), 'somethingNew: task');
	});
});
