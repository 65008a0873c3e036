// The templates (templates/*.json) in real n8n: every node type and typeVersion is one this n8n
// loaded, every parameter and option value is one the node shows for the template's settings
// (judged with this n8n's own n8n-workflow, against the node types its editor is served:
// GET /types/nodes.json), and each template imports through the REST API as the editor's import
// does, credentials named only. The templates call Google, Slack and S3, so they are not run.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type * as Workflow from 'n8n-workflow';

import { workflowProblems } from '../lib/nodeCheck.mjs';
import { runtimeFor } from '../lib/runtime.mjs';
import type { Scenario } from '../lib/scenario.mjs';
import { templateWorkflows } from '../lib/templates.mjs';
import { NODE_PREFIX } from '../lib/workflows.mjs';

type Description = Workflow.INodeTypeDescription;

export const scenario: Scenario = {
	name: 'templates',
	title: 'templates/*.json import into n8n with only node types, versions, parameters and values it knows',
	timeoutMs: 120_000,
	async run(ctx) {
		const { rest } = ctx.instance;
		const served = await rest.request<Description[]>('GET', '/types/nodes.json');
		assert.ok(Array.isArray(served) && served.some((d) => d.name === 'n8n-nodes-base.slack'), 'the editor is served n8n\'s node types');
		// Community nodes may come to the editor by another list; then take them as n8n loaded them.
		const servedOurs = served.filter((d) => d.name.startsWith(NODE_PREFIX));
		const ours = servedOurs.length ? servedOurs : [...ctx.catalog.nodes.values()].map((d) => ({ ...d, name: NODE_PREFIX + d.name }) as unknown as Description);
		for (const short of ['runningHub', 'runningHubWaitForTask', 'runningHubTrigger']) {
			assert.ok(ours.some((d) => d.name === NODE_PREFIX + short), `${short} is loaded (have ${ours.map((d) => d.name).join(', ')})`);
		}
		ctx.log(`${served.length} node types served${servedOurs.length ? ', the RunningHub ones among them' : '; the RunningHub ones read from /rest/node-types'}`);
		const types = [...served.filter((d) => !d.name.startsWith(NODE_PREFIX)), ...ours];
		const n8nWorkflow = createRequire(join(runtimeFor(ctx.version).dir, 'node_modules', 'n8n', 'package.json'))('n8n-workflow') as typeof Workflow;

		for (const { file, workflow } of templateWorkflows()) {
			const problems = workflowProblems(workflow, types, n8nWorkflow.NodeHelpers);
			assert.deepEqual(problems, [], `templates/${file} on n8n ${ctx.version}`);
			const { id } = await rest.createWorkflow(workflow);
			const stored = await rest.getWorkflow(id);
			assert.deepEqual(
				stored.nodes.map((n) => [n.name, n.type, n.typeVersion, n.parameters]),
				workflow.nodes.map((n) => [n.name, n.type, n.typeVersion, n.parameters]),
				`n8n stored templates/${file} as given`,
			);
			const used = [...new Set(workflow.nodes.map((n) => `${n.type.replace(/^n8n-nodes-base\./, '')} v${n.typeVersion}`))];
			ctx.log(`${file}: imported as workflow ${id}; ${used.join(', ')}`);
		}
	},
};
