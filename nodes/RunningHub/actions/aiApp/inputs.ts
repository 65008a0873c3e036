import type { FieldType, IDataObject, INodePropertyOptions, ResourceMapperField } from 'n8n-workflow';

import { inputKey, WHOLE_NUMBER_HINT } from '../helpers/mapped';

/** One editable input of an AI app, as its API call demo lists it. */
export interface AppInput {
	/** `nodeId:fieldName`, the value of the Input dropdown. */
	key: string;
	nodeId: string;
	nodeName: string | null;
	fieldName: string;
	/** e.g. IMAGE, STRING, INT, LIST (RunningHub's words). */
	fieldType: string | null;
	/** The app's current (default) value. */
	fieldValue: string;
	/** English description when the app has one, else its own description. */
	description: string | null;
}

const text = (value: unknown): string | null =>
	value === undefined || value === null || String(value).trim() === '' ? null : String(value);

/** Media field types whose value is an uploaded file name. */
export const MEDIA_FIELD_TYPES = new Set(['IMAGE', 'VIDEO', 'AUDIO', 'FILE', 'ZIP']);

/** The editable inputs of an app from its apiCallDemo answer (entries without a node or field are skipped). */
export function appInputs(demo: IDataObject): AppInput[] {
	return appEntries(demo).map(({ input }) => input);
}

/** Each input with the demo entry it came from (which also holds a list input's choices). */
function appEntries(demo: IDataObject): Array<{ input: AppInput; entry: IDataObject }> {
	const list = Array.isArray(demo.nodeInfoList) ? (demo.nodeInfoList as IDataObject[]) : [];
	const inputs: Array<{ input: AppInput; entry: IDataObject }> = [];
	for (const entry of list) {
		if (!entry || typeof entry !== 'object') continue;
		const nodeId = text(entry.nodeId);
		const fieldName = text(entry.fieldName);
		if (nodeId === null || fieldName === null) continue;
		const value = entry.fieldValue;
		const input: AppInput = {
			key: inputKey(nodeId, fieldName),
			nodeId,
			nodeName: text(entry.nodeName),
			fieldName,
			fieldType: text(entry.fieldType)?.toUpperCase() ?? null,
			fieldValue: value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value),
			description: text(entry.descriptionEn) ?? text(entry.description),
		};
		inputs.push({ input, entry });
	}
	return inputs;
}

/** Entries of the Input dropdown: the description leads, then node and field. */
export function appInputOptions(inputs: AppInput[]): INodePropertyOptions[] {
	return inputs.map((input) => {
		const where = `${input.nodeName ?? 'node'} #${input.nodeId} · ${input.fieldName}`;
		const current = input.fieldValue.length > 80 ? `${input.fieldValue.slice(0, 80)}…` : input.fieldValue;
		return {
			name: input.description ? `${input.description} (${where})` : where,
			value: input.key,
			description: `${input.fieldType ? `${input.fieldType} · ` : ''}current value: ${current || '(empty)'}`,
		};
	});
}

/**
 * The choices of a LIST input from its `fieldData`, when it is JSON holding a list of texts
 * (plainly, or first in a ComfyUI-style `[[choices], {options}]`); otherwise none.
 */
function listChoices(fieldData: unknown): string[] | undefined {
	let data: unknown = fieldData;
	if (typeof data === 'string') {
		try {
			data = JSON.parse(data);
		} catch {
			return undefined;
		}
	}
	if (Array.isArray(data) && Array.isArray(data[0])) data = data[0];
	if (!Array.isArray(data) || data.length === 0) return undefined;
	const choices = data.map((c) => (typeof c === 'string' || typeof c === 'number' ? String(c) : undefined));
	return choices.every((c) => c !== undefined) ? (choices as string[]) : undefined;
}

const NUMBER_TYPES = new Set(['INT', 'FLOAT', 'NUMBER']);

/** The resource mapper fields of an app's inputs (AI App → Run, version 2), typed from RunningHub's field types. */
export function appFields(demo: IDataObject): ResourceMapperField[] {
	return appEntries(demo).map(({ input, entry }) => {
		const where = `${input.nodeName ?? 'node'} #${input.nodeId} · ${input.fieldName}`;
		const kind = input.fieldType ?? '';
		const choices = kind === 'LIST' ? listChoices(entry.fieldData) : undefined;
		const number = Number(input.fieldValue);
		// Seeds and numbers beyond 2^53 stay text: n8n's number input would round them.
		const exactNumber = input.fieldValue.trim() !== '' && Number.isFinite(number) && (!Number.isInteger(number) || Number.isSafeInteger(number));
		let type: FieldType = 'string';
		let defaultValue: ResourceMapperField['defaultValue'] = input.fieldValue;
		let hint = MEDIA_FIELD_TYPES.has(kind) ? 'file' : undefined;
		if (choices) type = 'options';
		else if (kind === 'SWITCH' || kind === 'BOOLEAN') {
			type = 'boolean';
			defaultValue = input.fieldValue.trim().toLowerCase() === 'true';
		} else if (NUMBER_TYPES.has(kind) && exactNumber && !/seed/i.test(input.fieldName)) {
			type = 'number';
			defaultValue = number;
		} else if (NUMBER_TYPES.has(kind)) hint = WHOLE_NUMBER_HINT;
		const field: ResourceMapperField = {
			id: input.key,
			displayName: `${input.description ? `${input.description} (${where})` : where}${hint ? ` (${hint})` : ''}`,
			required: false,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type,
			defaultValue,
		};
		if (choices) field.options = choices.map((c) => ({ name: c, value: c }));
		return field;
	});
}
