// Does a workflow only use what n8n knows? For every node: its type and typeVersion exist, and
// every parameter it sets (nested ones in collections and fixed collections too) is one the node
// shows for the values the workflow chose (resource, operation, other switches, @version).
// Static options must hold one of their values. The display logic is n8n's own: NodeHelpers of
// the n8n-workflow given (the e2e passes the copy of the n8n under test, unit tests the repo's),
// so a parameter the editor would drop on import counts as unknown here.
import type * as Workflow from 'n8n-workflow';

import type { WorkflowJson } from './rest.mjs';

type Helpers = typeof Workflow.NodeHelpers;
type Description = Pick<Workflow.INodeTypeDescription, 'name' | 'version' | 'properties'> & Partial<Workflow.INodeTypeDescription>;
type Property = Workflow.INodeProperties;

/** The description of this type and version, if the list has it. */
export function findNodeType(types: Description[], type: string, version: number): Description | undefined {
	return types.find((d) => d.name === type && [d.version].flat().includes(version));
}

/** Every problem of the workflow's nodes against these descriptions, one line each (none when it is clean). */
export function workflowProblems(workflow: WorkflowJson, types: Description[], helpers: Helpers): string[] {
	const problems: string[] = [];
	for (const node of workflow.nodes) {
		const where = `node "${node.name}" (${node.type} v${node.typeVersion})`;
		if (!types.some((d) => d.name === node.type)) {
			problems.push(`${where}: unknown node type`);
			continue;
		}
		const desc = findNodeType(types, node.type, node.typeVersion);
		if (!desc) {
			const known = types.filter((d) => d.name === node.type).flatMap((d) => [d.version].flat());
			problems.push(`${where}: unknown typeVersion; n8n has ${known.join(', ')}`);
			continue;
		}
		const inode = { ...node, parameters: node.parameters as Workflow.INodeParameters } as unknown as Workflow.INode;
		for (const p of parameterProblems(desc, inode, helpers)) problems.push(`${where}: ${p}`);
	}
	return problems;
}

function parameterProblems(desc: Description, node: Workflow.INode, helpers: Helpers): string[] {
	// What n8n keeps of the parameters: the shown ones, with defaults filled in.
	const kept = helpers.getNodeParameters(desc.properties, node.parameters, true, false, node, desc as Workflow.INodeTypeDescription) ?? {};
	const problems = droppedPaths(node.parameters, kept, '').map((path) => `parameter "${path}" is unknown or not shown for these settings`);
	problems.push(...optionProblems(desc.properties, node.parameters, kept, '', node, desc, helpers));
	return problems;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Paths set in `given` that n8n did not keep. */
function droppedPaths(given: unknown, kept: unknown, path: string): string[] {
	if (Array.isArray(given)) {
		if (!Array.isArray(kept)) return given.length ? [path] : [];
		return given.flatMap((g, i) => droppedPaths(g, kept[i], `${path}[${i}]`));
	}
	if (!isObject(given)) return [];
	if (!isObject(kept)) return Object.keys(given).length ? [path] : [];
	return Object.entries(given).flatMap(([key, value]) => {
		const at = path ? `${path}.${key}` : key;
		return key in kept ? droppedPaths(value, kept[key], at) : [at];
	});
}

/** Options and multi-options with a fixed list must hold values of the list (or an expression). */
function optionProblems(
	props: Property[],
	given: Record<string, unknown>,
	kept: Record<string, unknown>,
	path: string,
	node: Workflow.INode,
	desc: Description,
	helpers: Helpers,
	root: Record<string, unknown> = kept,
): string[] {
	const problems: string[] = [];
	for (const prop of props) {
		if (!(prop.name in given)) continue;
		// Several properties may share a name (by version or mode): judge the one that is shown.
		if (!helpers.displayParameter(kept as Workflow.INodeParameters, prop, node, desc as Workflow.INodeTypeDescription, root as Workflow.INodeParameters)) continue;
		const value = given[prop.name];
		const at = path ? `${path}.${prop.name}` : prop.name;
		if ((prop.type === 'options' || prop.type === 'multiOptions') && Array.isArray(prop.options) && !prop.typeOptions?.loadOptionsMethod && !prop.typeOptions?.loadOptions) {
			const allowed = (prop.options as Workflow.INodePropertyOptions[]).map((o) => o.value);
			for (const v of [value].flat()) {
				if (typeof v === 'string' && v.startsWith('=')) continue;
				if (!allowed.includes(v as string)) problems.push(`parameter "${at}" has value ${JSON.stringify(v)}; allowed: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
			}
		}
		if (prop.type === 'collection' && isObject(value) && isObject(kept[prop.name])) {
			problems.push(...optionProblems(prop.options as Property[], value, kept[prop.name] as Record<string, unknown>, at, node, desc, helpers, root));
		}
		if (prop.type === 'fixedCollection' && isObject(value)) {
			for (const group of prop.options as Workflow.INodePropertyCollection[]) {
				const entries = [value[group.name] ?? []].flat();
				const keptEntries = [(kept[prop.name] as Record<string, unknown> | undefined)?.[group.name] ?? []].flat();
				entries.forEach((entry, i) => {
					if (isObject(entry) && isObject(keptEntries[i])) {
						problems.push(...optionProblems(group.values, entry, keptEntries[i] as Record<string, unknown>, `${at}.${group.name}[${i}]`, node, desc, helpers, root));
					}
				});
			}
		}
	}
	return problems;
}
