// The templates (templates/*.json) against our own node descriptions: the RunningHub nodes they
// use are on the current version and set only parameters and option values the nodes have (the
// same check the e2e scenario `templates` makes in real n8n for every node), credentials are
// named, never given by ID, and sticky notes say how to set up each node that needs a credential.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';
import { NodeHelpers } from 'n8n-workflow';

import { workflowProblems } from '../../e2e/lib/nodeCheck.mts';
import type { WorkflowJson } from '../../e2e/lib/rest.mts';
import { templateWorkflows } from '../../e2e/lib/templates.mts';
import { RunningHub } from '../../nodes/RunningHub/RunningHub.node';
import { RunningHubTrigger } from '../../nodes/RunningHubTrigger/RunningHubTrigger.node';
import { RunningHubWaitForTask } from '../../nodes/RunningHubWaitForTask/RunningHubWaitForTask.node';
import { LATEST_NODE_VERSION } from '../../nodes/core/version';

const PREFIX = 'n8n-nodes-runninghub.';
const OURS = [new RunningHub(), new RunningHubTrigger(), new RunningHubWaitForTask()].map((n) => ({ ...n.description, name: PREFIX + n.description.name }));
const templates = templateWorkflows();

/** The workflow with only its RunningHub nodes (the others are checked in real n8n by the e2e). */
const oursOnly = (workflow: WorkflowJson): WorkflowJson => ({ ...workflow, nodes: workflow.nodes.filter((n) => n.type.startsWith(PREFIX)) });
const problems = (workflow: WorkflowJson) => workflowProblems(oursOnly(workflow), OURS, NodeHelpers);

describe('templates', () => {
	it('are the three uses of issue 17: Drive + Sheets → Slack on a schedule, a voice-over form, Trigger → S3', () => {
		const types = (w: WorkflowJson) => new Set(w.nodes.map((n) => n.type.replace(/^n8n-nodes-base\./, '')));
		assert.equal(templates.length, 3);
		const [drive, s3, form] = ['talking-video-from-drive-and-sheets-to-slack.json', 'task-outputs-to-s3.json', 'voice-over-order-form.json'].map(
			(file) => templates.find((t) => t.file === file)?.workflow,
		);
		assert.ok(drive && s3 && form, templates.map((t) => t.file).join(', '));
		for (const t of ['scheduleTrigger', 'googleDrive', 'googleSheets', 'slack', `${PREFIX}runningHub`]) assert.ok(types(drive).has(t), t);
		for (const t of ['formTrigger', 'form', `${PREFIX}runningHub`]) assert.ok(types(form).has(t), t);
		for (const t of [`${PREFIX}runningHubTrigger`, 's3']) assert.ok(types(s3).has(t), t);
	});

	for (const { file, workflow } of templates) {
		describe(file, () => {
			it('uses the RunningHub nodes on the current version, with parameters and values the nodes have', () => {
				const ours = workflow.nodes.filter((n) => n.type.startsWith(PREFIX));
				assert.ok(ours.length > 0);
				for (const node of ours) assert.equal(node.typeVersion, LATEST_NODE_VERSION, node.name);
				assert.deepEqual(problems(workflow), []);
			});

			it('is wired: unique node names, every connection between nodes that exist, every node but the notes connected', () => {
				const names = workflow.nodes.map((n) => n.name);
				assert.equal(new Set(names).size, names.length);
				const linked = new Set<string>();
				for (const [from, outputs] of Object.entries(workflow.connections as Record<string, { main: Array<Array<{ node: string }>> }>)) {
					assert.ok(names.includes(from), from);
					linked.add(from);
					for (const target of outputs.main.flat()) {
						assert.ok(names.includes(target.node), target.node);
						linked.add(target.node);
					}
				}
				for (const node of workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')) assert.ok(linked.has(node.name), `${node.name} is not connected`);
			});

			it('names its credentials without IDs or secrets, and a sticky note says how to set up each node that needs one', () => {
				const notes = workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content));
				assert.ok(notes.length >= 2, 'a set-up note and a note on costs');
				assert.ok(notes.some((n) => /^## /.test(n) && /### Set up/.test(n)), 'a set-up note');
				assert.ok(notes.some((n) => /\b(paid|costs nothing)\b/i.test(n)), 'a note on what it costs');
				for (const node of workflow.nodes.filter((n) => n.credentials)) {
					for (const [type, ref] of Object.entries(node.credentials ?? {})) {
						assert.deepEqual(Object.keys(ref), ['name'], `${node.name}: ${type} is named only`);
					}
					assert.ok(notes.some((n) => n.includes(node.name)), `no sticky note names "${node.name}"`);
				}
				const text = JSON.stringify(workflow);
				assert.doesNotMatch(text, /"(apiKey|password|accessToken)"\s*:/);
				for (const node of workflow.nodes.filter((n) => n.type === `${PREFIX}runningHubTrigger`)) assert.equal(node.parameters.secret, '', 'the user sets the secret');
			});
		});
	}

	it('the check finds what n8n would drop or refuse: an unknown parameter or option, a value outside a list, an unknown version', () => {
		const nodes = templates.flatMap(({ workflow }) => workflow.nodes.filter((n) => n.type.startsWith(PREFIX)));
		const known = new Set(OURS.flatMap((d) => d.properties.flatMap((p) => [p.name, ...((p.options ?? []) as Array<{ name: string }>).map((o) => o.name)])));
		const name = fc.stringMatching(/^[a-z][A-Za-z0-9]{2,14}$/).filter((n) => !known.has(n));
		fc.assert(
			fc.property(fc.constantFrom(...nodes), name, fc.constantFrom('top', 'options', 'value', 'version'), (node, key, where) => {
				const changed = structuredClone(node);
				if (where === 'top') changed.parameters[key] = 'x';
				if (where === 'version') changed.typeVersion = 7;
				const collection = Object.keys(changed.parameters).find((k) => k.endsWith('ptions') && typeof changed.parameters[k] === 'object');
				if (where === 'options' && collection) (changed.parameters[collection] as Record<string, unknown>)[key] = 1;
				const choice = ['resource', 'operation', 'videoSource', 'audioSource', 'faceSelection'].find((k) => typeof changed.parameters[k] === 'string');
				if (where === 'value' && choice) changed.parameters[choice] = key;
				const found = workflowProblems({ name: 'x', nodes: [changed], connections: {} }, OURS, NodeHelpers);
				const expected = where === 'options' ? !!collection : where === 'value' ? !!choice : true;
				assert.equal(found.length > 0, expected, `${where} ${key}: ${found.join('; ')}`);
			}),
			{ numRuns: 200 },
		);
	});
});
