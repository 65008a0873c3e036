/**
 * Node input overrides of workflows, AI apps and Quick Create (`nodeInfoList` entries): typing
 * their values, and uploading `binary:` values so their RunningHub file name (or URL) goes in.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

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
