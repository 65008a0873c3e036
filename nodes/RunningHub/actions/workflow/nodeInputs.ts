/**
 * The Node Inputs list of Workflow → Run: reading its entries as overrides, and checking them
 * against a Workflow JSON the user supplied.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../../core/api/errors';
import type { Override } from '../helpers/overrides';
import { convertValue, withBinary } from '../helpers/overrides';

/** Reads the Node Inputs of a workflow run: every entry needs a node ID and a field name, once each. */
export async function readWorkflowOverrides(
	ctx: IExecuteFunctions,
	itemIndex: number,
	convert: boolean,
	listName = 'Node Inputs',
): Promise<Override[]> {
	const entries = ctx.getNodeParameter('nodeInputs.input', itemIndex, []) as Array<{
		nodeId?: unknown;
		fieldName?: unknown;
		value?: unknown;
	}>;
	const overrides: Override[] = [];
	const seen = new Map<string, number>();
	for (let n = 0; n < entries.length; n++) {
		const entry = entries[n] ?? {};
		const nodeId = String(entry.nodeId ?? '').trim();
		const fieldName = String(entry.fieldName ?? '').trim();
		const label = `${listName} entry ${n + 1}${nodeId ? ` (node ${nodeId}${fieldName ? `, field ${fieldName}` : ''})` : ''}`;
		if (!nodeId || !fieldName) {
			throw inputError(ctx.getNode(), {
				parameter: label,
				problem: `${!nodeId ? 'Node ID' : 'Field Name'} is empty`,
				fix: 'Enter the node ID and field name as Workflow → Get Inputs lists them (e.g. node 6, field text), or remove the entry.',
				itemIndex,
			});
		}
		const key = `${nodeId}\u0000${fieldName}`;
		const earlier = seen.get(key);
		if (earlier !== undefined) {
			throw inputError(ctx.getNode(), {
				parameter: label,
				problem: `sets node ${nodeId} field ${fieldName} again (entry ${earlier + 1} sets it too)`,
				fix: 'Keep one entry per node field.',
				itemIndex,
			});
		}
		seen.set(key, n);
		const raw = entry.value ?? '';
		overrides.push(await withBinary(ctx, itemIndex, { nodeId, fieldName, value: convertValue(raw, convert), label }));
	}
	return overrides;
}

/** Checks overrides against a workflow graph the user supplied: each must name a node and one of its inputs. */
export function checkOverridesAgainstGraph(
	ctx: IExecuteFunctions,
	overrides: Override[],
	graph: IDataObject,
	itemIndex: number,
): void {
	for (const override of overrides) {
		const node = graph[override.nodeId] as IDataObject | undefined;
		if (!node || typeof node !== 'object') {
			const ids = Object.keys(graph);
			throw inputError(ctx.getNode(), {
				parameter: override.label,
				problem: `node ${override.nodeId} is not in the Workflow JSON`,
				fix: `Its nodes are ${ids.slice(0, 30).join(', ')}${ids.length > 30 ? ', …' : ''}.`,
				itemIndex,
			});
		}
		const inputs = node.inputs && typeof node.inputs === 'object' ? Object.keys(node.inputs as IDataObject) : [];
		if (!inputs.includes(override.fieldName)) {
			throw inputError(ctx.getNode(), {
				parameter: override.label,
				problem: `node ${override.nodeId} (${String(node.class_type)}) has no input "${override.fieldName}" in the Workflow JSON`,
				fix: inputs.length ? `Its inputs are ${inputs.join(', ')}.` : 'That node has no inputs to set.',
				itemIndex,
			});
		}
	}
}
