// The example workflows users import (examples/*.json), one scenario each: the example must match
// the node description n8n loaded (every parameter it sets exists), import through n8n's REST
// API with the credential wired in, and, when it has a run spec below, run and produce what the
// spec checks. An example whose operations are not built yet is pending; one without a run spec
// is imported and checked, then reported as pending until its spec is written here.
import assert from 'node:assert/strict';

import type { Requirement } from '../lib/catalog.mjs';
import { exampleWorkflows } from '../lib/demo.mjs';
import { importWorkflow } from '../lib/instance.mjs';
import type { WorkflowJson } from '../lib/rest.mjs';
import { Execution, type Scenario, type ScenarioContext } from '../lib/scenario.mjs';
import { manualTriggerName, NODE_PREFIX } from '../lib/workflows.mjs';

export interface ExampleSpec {
	/** Adapts the example to this run (paths into ctx.filesDir, input files, URLs); gets a copy. */
	prepare?(ctx: ScenarioContext, workflow: WorkflowJson): Promise<WorkflowJson> | WorkflowJson;
	/** Runs it; default: a manual run from its Manual Trigger, waited for. */
	run?(ctx: ScenarioContext, workflowId: string, workflow: WorkflowJson): Promise<Execution>;
	/** What a good run produced. */
	check(execution: Execution, ctx: ScenarioContext): Promise<void> | void;
	timeoutMs?: number;
}

/** Replaces a string everywhere in a workflow's parameters (e.g. a demo folder → ctx.filesDir). */
export function replaceInWorkflow(workflow: WorkflowJson, from: string, to: string): WorkflowJson {
	return JSON.parse(JSON.stringify(workflow).split(JSON.stringify(from).slice(1, -1)).join(JSON.stringify(to).slice(1, -1)));
}

/** Run specs by example file name. Add one when you add an example. */
export const SPECS: Record<string, ExampleSpec> = {};

function requirementsOf(workflow: WorkflowJson): Requirement[] {
	return workflow.nodes
		.filter((n) => n.type.startsWith(NODE_PREFIX))
		.map((n) => ({
			node: n.type.slice(NODE_PREFIX.length),
			...(typeof n.parameters.resource === 'string' ? { resource: n.parameters.resource } : {}),
			...(typeof n.parameters.operation === 'string' ? { operation: n.parameters.operation } : {}),
		}));
}

export const scenarios: Scenario[] = exampleWorkflows().map(({ file, workflow }) => {
	const spec = SPECS[file];
	return {
		name: `example:${file.replace(/\.json$/, '')}`,
		title: `examples/${file}: "${workflow.name}"`,
		requires: requirementsOf(workflow),
		timeoutMs: spec?.timeoutMs,
		async run(ctx) {
			ctx.catalog.checkWorkflow(workflow);
			const prepared = spec?.prepare ? await spec.prepare(ctx, structuredClone(workflow)) : structuredClone(workflow);
			prepared.name = `${prepared.name} [e2e]`;
			const { id } = await importWorkflow(ctx.instance, prepared);
			const stored = await ctx.instance.rest.getWorkflow(id);
			assert.equal(stored.nodes.length, workflow.nodes.length);
			if (!spec) ctx.pending(`imported and checked; add a run spec for examples/${file} in e2e/scenarios/20-examples.mts`);
			const execution = spec.run
				? await spec.run(ctx, id, prepared)
				: new Execution(
						await ctx.instance.rest.waitForExecution(await ctx.instance.rest.runManually(id, manualTriggerName(prepared)), {
							timeoutMs: spec.timeoutMs ?? 60_000,
						}),
					);
			await spec.check(execution, ctx);
		},
	};
});
