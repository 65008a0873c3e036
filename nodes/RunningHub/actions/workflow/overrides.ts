/**
 * Node input overrides of workflows and AI apps (`nodeInfoList` entries): reading them, typing
 * their values, and uploading `binary:` values so their RunningHub file name (or URL) goes in.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { NodeInfo } from '../../../core/api/client';
import { inputError } from '../../../core/api/errors';
import type { BinaryUploads } from '../../../core/run/binaryRef';
import { BINARY_PREFIX, binaryFacts, looksLikeBinaryRef, parseBinaryRef } from '../../../core/run/binaryRef';

export interface Override {
	nodeId: string;
	fieldName: string;
	value: unknown;
	/** Set when the value is `binary:<property>`: uploaded before the run. */
	binaryProperty?: string;
	/** How the entry is named in messages, e.g. `Node Inputs entry 2 (node 6, field text)`. */
	label: string;
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * A value as sent: text that is a plain number or true/false becomes a number or boolean when
 * `convert` is on (ComfyUI casts numbers from text, but casts any non-empty text to true for a
 * toggle); numbers beyond 2^53 stay text so no digit is lost. Other values pass unchanged.
 */
export function convertValue(value: unknown, convert: boolean): unknown {
	if (!convert || typeof value !== 'string') return value;
	const text = value.trim();
	if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
	if (NUMBER.test(text)) {
		const number = Number(text);
		if (Number.isFinite(number) && (text.includes('.') || Number.isSafeInteger(number))) return number;
	}
	return value;
}

/** Checks a value for `binary:` and records the property (it must exist on the item). */
export async function withBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	override: Override,
): Promise<Override> {
	const property = parseBinaryRef(override.value);
	if (property === undefined) {
		if (looksLikeBinaryRef(override.value)) {
			throw inputError(ctx.getNode(), {
				parameter: override.label,
				problem: `"${String(override.value)}" names no binary property`,
				fix: `Write ${BINARY_PREFIX}<property name>, e.g. ${BINARY_PREFIX}data.`,
				itemIndex,
			});
		}
		return override;
	}
	await binaryFacts(ctx, itemIndex, property, override.label);
	return { ...override, binaryProperty: property };
}

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

/** The nodeInfoList to send: `binary:` values uploaded and replaced by their file name or URL. */
export async function resolveOverrides(
	uploads: BinaryUploads,
	overrides: Override[],
	itemIndex: number,
	uploadValue: 'fileName' | 'url',
): Promise<NodeInfo[]> {
	const list: NodeInfo[] = [];
	for (const override of overrides) {
		let fieldValue = override.value;
		if (override.binaryProperty !== undefined) {
			const upload = await uploads.upload(itemIndex, override.binaryProperty, {
				parameter: override.label,
				needUrl: uploadValue === 'url',
			});
			fieldValue = uploadValue === 'url' ? upload.downloadUrl : upload.fileName;
		}
		list.push({ nodeId: override.nodeId, fieldName: override.fieldName, fieldValue });
	}
	return list;
}
