// Workflow JSON files: loading, filling in run-time values, wiring the RunningHub credential.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGE_NAME } from './pack.mjs';
import type { CredentialRef, WorkflowJson } from './rest.mjs';
import { E2E_DIR } from './runtime.mjs';

export const CREDENTIAL_TYPE = 'runningHubApi';
/** Node type prefix of the installed package, as n8n names community nodes. */
export const NODE_PREFIX = `${PACKAGE_NAME}.`;

/**
 * Reads a workflow file and replaces its `__E2E_NAME__` tokens with vars.NAME. Values are
 * inserted JSON-escaped, so a token may stand inside any string (a path, an expression). A token
 * left without a value is an error, so a scenario cannot run a half-filled workflow.
 */
export function loadWorkflow(fileOrName: string, vars: Record<string, string | number> = {}): WorkflowJson {
	const file = fileOrName.endsWith('.json') ? fileOrName : join(E2E_DIR, 'workflows', `${fileOrName}.json`);
	return fillWorkflow(readFileSync(file, 'utf8'), vars, file);
}

export function fillWorkflow(text: string, vars: Record<string, string | number>, source = 'workflow'): WorkflowJson {
	const filled = text.replace(/__E2E_([A-Z0-9_]+?)__/g, (token, name: string) => {
		if (!(name in vars)) throw new Error(`${source}: no value for ${token}`);
		return JSON.stringify(String(vars[name])).slice(1, -1);
	});
	return JSON.parse(filled) as WorkflowJson;
}

/** Node types that register webhooks and therefore need a webhookId. */
const WEBHOOK_NODES = new RegExp(`^(n8n-nodes-base\\.(webhook|wait|formTrigger)|${NODE_PREFIX.replace(/[.-]/g, '\\$&')}.*(Trigger|Wait).*)$`);

/**
 * Sets the credential on every node of this package (all of them use `runningHubApi`) and gives
 * nodes the ids n8n expects. Returns a copy.
 */
export function wireCredentials(workflow: WorkflowJson, credential: CredentialRef): WorkflowJson {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes) {
		node.id ??= randomUUID();
		if (node.type.startsWith(NODE_PREFIX)) {
			node.credentials = { ...(node.credentials ?? {}), [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } };
		}
		if (WEBHOOK_NODES.test(node.type) && !node.webhookId) {
			node.webhookId = randomUUID();
		}
	}
	return copy;
}

/** The name of the workflow's Manual Trigger node (the node a manual run starts from). */
export function manualTriggerName(workflow: WorkflowJson): string {
	const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`workflow "${workflow.name}" has no Manual Trigger node`);
	return trigger.name;
}
