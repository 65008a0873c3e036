// Every resource's Operation selector (built by operationProperty in nodes/RunningHub/actions/resource.ts)
// as n8n's community rules want it: shown for its resource only, options sorted by name, each with
// an action, and a default among them. The rules cannot see options passed to a helper, so this does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { INodePropertyOptions } from 'n8n-workflow';

import { RunningHub } from '../../nodes/RunningHub/RunningHub.node.ts';

const properties = new RunningHub().description.properties;
const resources = (properties.find((p) => p.name === 'resource')?.options ?? []) as INodePropertyOptions[];

describe('Operation selectors', () => {
	it('one per resource, shown for that resource only', () => {
		const selectors = properties.filter((p) => p.name === 'operation');
		assert.deepEqual(
			selectors.map((p) => p.displayOptions?.show?.resource).sort(),
			resources.map((r) => [r.value]).sort(),
		);
	});

	for (const selector of properties.filter((p) => p.name === 'operation')) {
		const resource = String(selector.displayOptions?.show?.resource);
		it(`${resource}: sorted, each with an action, default among them`, () => {
			const options = selector.options as INodePropertyOptions[];
			assert.equal(selector.type, 'options');
			assert.equal(selector.noDataExpression, true);
			assert.ok(options.length > 0);
			const names = options.map((o) => o.name);
			assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)), 'options sorted by name');
			for (const option of options) assert.ok(typeof option.action === 'string' && option.action.length > 0, `${option.name} has an action`);
			assert.ok(options.some((o) => o.value === selector.default), `default ${String(selector.default)} is an option`);
		});
	}
});
