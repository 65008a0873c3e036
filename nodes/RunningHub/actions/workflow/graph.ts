import type { IDataObject } from 'n8n-workflow';

import { parseJsonKeepingLongIntegers } from '../../../core/api/json';

/** One node of an API-format ComfyUI workflow with the inputs a run can override. */
export interface WorkflowNode {
	nodeId: string;
	classType: string;
	title: string | null;
	/** Inputs holding a value (not a connection to another node), in the graph's order. */
	fields: Array<{ fieldName: string; value: unknown; type: string }>;
	/** Inputs connected to other nodes (not overridable with a plain value). */
	connectedInputs: string[];
}

/** `["4", 0]`: an input wired to output 0 of node 4. */
function isConnection(value: unknown): boolean {
	return Array.isArray(value) && value.length === 2 && (typeof value[0] === 'string' || typeof value[0] === 'number') && typeof value[1] === 'number';
}

function typeOf(value: unknown, bigIntegers: ReadonlySet<string>): string {
	if (value === null) return 'null';
	// A seed up to 2^64-1 arrives as the string of its digits; it is still a number.
	if (typeof value === 'string' && bigIntegers.has(value)) return 'number';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

const byId = (a: string, b: string): number => {
	const x = Number(a);
	const y = Number(b);
	if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
	return a < b ? -1 : a > b ? 1 : 0;
};

/** The graph's nodes sorted by ID; entries that are not nodes are skipped. */
export function workflowNodes(graph: IDataObject, bigIntegers: ReadonlySet<string> = new Set()): WorkflowNode[] {
	const nodes: WorkflowNode[] = [];
	for (const nodeId of Object.keys(graph).sort(byId)) {
		const node = graph[nodeId] as IDataObject | undefined;
		if (!node || typeof node !== 'object' || typeof node.class_type !== 'string') continue;
		const inputs = node.inputs && typeof node.inputs === 'object' ? (node.inputs as IDataObject) : {};
		const meta = node._meta && typeof node._meta === 'object' ? (node._meta as IDataObject) : {};
		const fields: WorkflowNode['fields'] = [];
		const connectedInputs: string[] = [];
		for (const [fieldName, value] of Object.entries(inputs)) {
			if (isConnection(value)) connectedInputs.push(fieldName);
			else fields.push({ fieldName, value, type: typeOf(value, bigIntegers) });
		}
		nodes.push({
			nodeId,
			classType: node.class_type,
			title: typeof meta.title === 'string' && meta.title !== '' ? meta.title : null,
			fields,
			connectedInputs,
		});
	}
	return nodes;
}

export interface ReadGraph {
	graph: unknown;
	/** The graph as JSON text, digit for digit when it came as text. */
	text: string;
	/** Integers beyond 2^53 (seeds up to 2^64-1), which the graph holds as digit strings. */
	bigIntegers: Set<string>;
}

/**
 * Reads an API-format graph given as JSON text (RunningHub's getJsonApiFormat prompt, or the
 * user's Workflow JSON) or as an object. Text is parsed exactly and kept as it is, so a seed
 * such as 18446744073709551615 keeps every digit in outputs and in what is sent back.
 */
export function readGraph(value: unknown): ReadGraph | { error: string } {
	const bigIntegers = new Set<string>();
	if (typeof value !== 'string') return { graph: value, text: JSON.stringify(value ?? {}), bigIntegers };
	try {
		return { graph: parseJsonKeepingLongIntegers(value, bigIntegers), text: value, bigIntegers };
	} catch (error) {
		return { error: `is not valid JSON (${(error as Error).message})` };
	}
}

/** Parses a user's API-format workflow; returns the graph or a sentence saying what is wrong. */
export function parseWorkflowJson(value: unknown): { graph: IDataObject; text: string } | { error: string } {
	const read = readGraph(value);
	if ('error' in read) return read;
	const graph = read.graph;
	if (!graph || typeof graph !== 'object' || Array.isArray(graph)) {
		return { error: 'must be a JSON object of nodes keyed by node ID (ComfyUI\'s API format)' };
	}
	const entries = Object.entries(graph as IDataObject);
	if (entries.length === 0) return { error: 'has no nodes' };
	for (const [id, node] of entries) {
		if (!node || typeof node !== 'object' || typeof (node as IDataObject).class_type !== 'string') {
			return {
				error: `node "${id}" has no class_type: this looks like the UI format. Export the workflow with "Export (API)" in ComfyUI`,
			};
		}
	}
	return { graph: graph as IDataObject, text: read.text };
}
