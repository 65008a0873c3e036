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

/** The label hint of a mapper field that takes a whole number as text (seeds, integers beyond 2^53). */
export const WHOLE_NUMBER_HINT = 'whole number';
/** ComfyUI's integer inputs: a seed goes up to 2^64-1; other integers may be negative (down to -2^63). */
const MAX_WHOLE = '18446744073709551615';
const MIN_WHOLE = '9223372036854775808';

/** Whether digit string `a` is above `b` (both without sign or leading zeros): no Number, no rounding. */
const above = (a: string, b: string): boolean => a.length > b.length || (a.length === b.length && a > b);

/**
 * A whole-number field's value as its exact digits, or the error that names the field and the
 * item, before anything is paid for: RunningHub would take "abc", "1.5" or 2^64 and fail (and bill) the task.
 */
function wholeNumber(ctx: IExecuteFunctions, itemIndex: number, label: string, fieldName: string, value: unknown): string {
	const seed = /seed/i.test(fieldName);
	const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
	const allowed = seed ? `a whole number from 0 to ${MAX_WHOLE}` : `a whole number from -${MIN_WHOLE} to ${MAX_WHOLE}`;
	const fail = (problem: string) =>
		inputError(ctx.getNode(), {
			parameter: label,
			problem,
			fix: `Enter ${allowed}, in digits only (no decimal point, spaces or letters), e.g. ${seed ? '123456789' : '20'}; an expression must give such a number as text, or clear the field to keep the workflow's value.`,
			itemIndex,
		});
	const match = text === undefined ? null : /^(-?)0*(\d+)$/.exec(text);
	if (!match) throw fail(`${typeof value === 'number' ? String(value) : `"${String(text ?? typeof value).slice(0, 40)}"`} is not a whole number`);
	const [, sign, digits] = match;
	if (sign && digits !== '0' && seed) throw fail(`${text} is negative; a seed is 0 or more`);
	if (sign && digits !== '0' && above(digits, MIN_WHOLE)) throw fail(`${text} is below -${MIN_WHOLE}`);
	if (!sign && above(digits, MAX_WHOLE)) throw fail(`${text} is above ${MAX_WHOLE} (2^64-1)`);
	return sign && digits !== '0' ? `-${digits}` : digits;
}

/**
 * A field that takes a whole number: marked so by its label, and a seed or holding a whole number
 * now (an app's FLOAT input with no value is marked too, and may take 1.5).
 */
function isWholeNumberField(field: ResourceMapperField | undefined, fieldName: string): boolean {
	if (!field?.displayName.endsWith(`(${WHOLE_NUMBER_HINT})`)) return false;
	return /seed/i.test(fieldName) || /^-?\d+$/.test(String(field.defaultValue ?? '').trim());
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
		const checked = isWholeNumberField(field, input.fieldName) ? wholeNumber(ctx, itemIndex, label, input.fieldName, value) : value;
		overrides.push(await withBinary(ctx, itemIndex, { ...input, value: send(checked, field), label }));
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
