/**
 * Node inputs chosen in a resource mapper (node version 2 of Workflow → Run and AI App → Run):
 * each field is one node input, its ID `nodeId:fieldName`, so a run needs no graph or app demo
 * to know where a value goes. The values become overrides, then a nodeInfoList through
 * resolveOverrides like the entries of the older lists.
 */
import type { IExecuteFunctions, ResourceMapperField } from 'n8n-workflow';

import { inputError } from '../../../core/api/errors';
import type { Override } from './overrides';
import { withBinary } from './overrides';

/** The mapper field ID of a node input. */
export function inputKey(nodeId: string, fieldName: string): string {
	return `${nodeId}:${fieldName}`;
}

/**
 * The node and field a key names. The last colon splits them: ComfyUI node IDs inside subgraphs
 * have colons themselves (`57:12`), field names never do.
 */
export function splitInputKey(key: string): { nodeId: string; fieldName: string } | undefined {
	const colon = key.lastIndexOf(':');
	if (colon <= 0 || colon === key.length - 1) return undefined;
	return { nodeId: key.slice(0, colon).trim(), fieldName: key.slice(colon + 1).trim() };
}

/** How a mapped value is sent, given its field as the editor loaded it (when the node kept it). */
export type MappedValue = (value: unknown, field: ResourceMapperField | undefined) => unknown;

interface MapperParameter {
	value?: Record<string, unknown> | null;
	schema?: ResourceMapperField[];
}

/** An empty field keeps the workflow's or app's own value: nothing is sent for it. */
const isEmpty = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The mapper's values as overrides, in the order the fields were added; `binary:` values checked. */
export async function readMappedOverrides(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: { name: string; displayName: string },
	send: MappedValue,
): Promise<Override[]> {
	const mapper = (ctx.getNodeParameter(parameter.name, itemIndex, {}) ?? {}) as MapperParameter;
	const values = mapper.value && typeof mapper.value === 'object' ? mapper.value : {};
	const schema = new Map((Array.isArray(mapper.schema) ? mapper.schema : []).map((field) => [field.id, field]));
	const overrides: Override[] = [];
	for (const [key, value] of Object.entries(values)) {
		const field = schema.get(key);
		if (isEmpty(value) || field?.removed === true) continue;
		const input = splitInputKey(key);
		const label = `${parameter.displayName} → ${field?.displayName ?? key}`;
		if (!input || !input.nodeId || !input.fieldName) {
			throw inputError(ctx.getNode(), {
				parameter: label,
				problem: `"${key.slice(0, 60)}" does not name a node input (nodeId:fieldName)`,
				fix: `Remove the field and add it again from the list (⋯ → Refresh the list of ${parameter.displayName} first).`,
				itemIndex,
			});
		}
		overrides.push(await withBinary(ctx, itemIndex, { ...input, value: send(value, field), label }));
	}
	return overrides;
}

/** The mapped inputs, then those of the list by node ID; a node input set in both is refused. */
export function mergeOverrides(ctx: IExecuteFunctions, mapped: Override[], listed: Override[], itemIndex: number): Override[] {
	const byKey = new Map(mapped.map((o) => [inputKey(o.nodeId, o.fieldName), o]));
	for (const entry of listed) {
		const earlier = byKey.get(inputKey(entry.nodeId, entry.fieldName));
		if (earlier) {
			throw inputError(ctx.getNode(), {
				parameter: entry.label,
				problem: `sets node ${entry.nodeId} field ${entry.fieldName}, which ${earlier.label} sets too`,
				fix: 'Keep one of the two: remove the field from the mapped inputs or the entry from the list.',
				itemIndex,
			});
		}
	}
	return [...mapped, ...listed];
}
