// The package's nodes can be found by name in n8n's nodes panel ("What happens next?" search).
// n8n's editor leaves nodes whose codex categories include "AI" out of that panel's search: they
// belong to the AI panel (editor-ui `isAINode` / `subcategorizeItems`). Seen in the real editor
// of n8n 2.8.4 and 2.40.7 with headless Chromium: with categories ["AI", "Marketing"], searching
// "RunningHub" found nothing; with ["Marketing"] it listed RunningHub and RunningHub Wait for Task.
// This check reads the node types the editor loads (/types/nodes.json) and applies that rule.
import assert from 'node:assert/strict';

import { PACKAGE_NAME } from '../lib/pack.mjs';
import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'nodes-panel',
	title: "the nodes are findable in the editor's nodes panel (no \"AI\" codex category)",
	async run({ instance, log }) {
		const types = await instance.rest.request<Array<{ name: string; displayName: string; group?: string[]; codex?: { categories?: string[] } }>>(
			'GET',
			'/types/nodes.json',
		);
		// n8n derives "<name>Tool" variants of usableAsTool nodes for the AI panel itself; skip those.
		const ours = types.filter((t) => t.name.startsWith(`${PACKAGE_NAME}.`) && !t.name.endsWith('Tool'));
		assert.ok(ours.length > 0, `/types/nodes.json lists no ${PACKAGE_NAME} node`);
		const hidden = ours.filter((t) => t.codex?.categories?.includes('AI'));
		assert.deepEqual(
			hidden.map((t) => `${t.displayName} (${t.name}): categories ${JSON.stringify(t.codex?.categories)}`),
			[],
			'these nodes do not show up when users search the nodes panel; remove "AI" from "categories" in their .node.json',
		);
		// The editor offers a node as a trigger (the "add trigger" list, a workflow's first node)
		// by its group "trigger": only the RunningHub Trigger is one; Wait for Task, which has a
		// webhook of its own (the resume URL), must not be offered there.
		const triggers = ours.filter((t) => t.group?.includes('trigger')).map((t) => t.name);
		assert.deepEqual(triggers, [`${PACKAGE_NAME}.runningHubTrigger`], 'only the RunningHub Trigger is offered as a trigger');
		log(ours.map((t) => `${t.displayName}: ${JSON.stringify(t.codex?.categories ?? [])}`).join('; '));
	},
};
