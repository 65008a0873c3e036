import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

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

export function inputKey(nodeId: string, fieldName: string): string {
	return `${nodeId}:${fieldName}`;
}

/** The editable inputs of an app from its apiCallDemo answer (entries without a node or field are skipped). */
export function appInputs(demo: IDataObject): AppInput[] {
	const list = Array.isArray(demo.nodeInfoList) ? (demo.nodeInfoList as IDataObject[]) : [];
	const inputs: AppInput[] = [];
	for (const entry of list) {
		if (!entry || typeof entry !== 'object') continue;
		const nodeId = text(entry.nodeId);
		const fieldName = text(entry.fieldName);
		if (nodeId === null || fieldName === null) continue;
		const value = entry.fieldValue;
		inputs.push({
			key: inputKey(nodeId, fieldName),
			nodeId,
			nodeName: text(entry.nodeName),
			fieldName,
			fieldType: text(entry.fieldType)?.toUpperCase() ?? null,
			fieldValue: value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value),
			description: text(entry.descriptionEn) ?? text(entry.description),
		});
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
