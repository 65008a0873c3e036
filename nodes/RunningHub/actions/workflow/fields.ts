/**
 * The Node Inputs resource mapper of Workflow → Run (version 2): one field per input of the
 * workflow's graph that holds a value, typed from that value, the value itself as the default.
 */
import type { FieldType, ResourceMapperField } from 'n8n-workflow';

import type { MappedValue } from '../helpers/mapped';
import { inputKey, WHOLE_NUMBER_HINT } from '../helpers/mapped';
import { convertValue } from '../helpers/overrides';
import type { WorkflowNode } from './graph';

/** Inputs of loader nodes that take a file: a URL, a RunningHub file name or binary:<field>. */
const FILE_FIELDS = new Set(['image', 'video', 'audio', 'file', 'mask']);
const FILE_EXTENSION = /\.(png|jpe?g|webp|gif|bmp|tiff?|mp4|mov|webm|avi|mkv|mp3|wav|flac|ogg|m4a|aac|zip)$/i;

/** Whether a node input takes a file (LoadImage.image, LoadVideo.video, VHS_LoadAudio.audio, …). */
export function isFileInput(classType: string, fieldName: string, value: unknown): boolean {
	if (!/load/i.test(classType) || typeof value !== 'string') return false;
	return FILE_FIELDS.has(fieldName.toLowerCase()) || FILE_EXTENSION.test(value.trim());
}

/**
 * Seeds are typed as text: n8n's number input rounds what is typed beyond 2^53 (a seed goes up to
 * 2^64-1), and so does an expression's result converted to a number field.
 */
const isSeed = (fieldName: string): boolean => /seed/i.test(fieldName);

export function nodeLabel(node: { nodeId: string; classType: string; title: string | null }): string {
	return node.title && node.title !== node.classType ? `${node.title} (${node.classType} #${node.nodeId})` : `${node.classType} #${node.nodeId}`;
}

function fieldOf(node: WorkflowNode, field: WorkflowNode['fields'][number]): ResourceMapperField | undefined {
	const { fieldName, value, type } = field;
	const base = { id: inputKey(node.nodeId, fieldName), required: false, defaultMatch: false, canBeUsedToMatch: false, display: true };
	const label = (type: FieldType, hint?: string): ResourceMapperField => ({
		...base,
		displayName: `${nodeLabel(node)} · ${fieldName}${hint ? ` (${hint})` : ''}`,
		type,
	});
	// A big integer is already its digit string (readGraph keeps it exact).
	if (type === 'number' && (typeof value === 'string' || !Number.isSafeInteger(value) || isSeed(fieldName))) {
		if (typeof value === 'number' && !Number.isInteger(value)) return { ...label('number'), defaultValue: value };
		return { ...label('string', WHOLE_NUMBER_HINT), defaultValue: String(value) };
	}
	if (type === 'number') return { ...label('number'), defaultValue: value as number };
	if (type === 'boolean') return { ...label('boolean'), defaultValue: value as boolean };
	if (type === 'string') {
		const file = isFileInput(node.classType, fieldName, value);
		return { ...label('string', file ? 'file' : undefined), defaultValue: value as string };
	}
	if (type === 'null') return label('string');
	// Lists and objects that are not connections are not overridable with one value.
	return undefined;
}

/** The mapper fields of a graph's nodes, node by node in ID order, inputs in the graph's order. */
export function workflowFields(nodes: WorkflowNode[]): ResourceMapperField[] {
	return nodes.flatMap((node) => node.fields.map((field) => fieldOf(node, field)).filter((f): f is ResourceMapperField => f !== undefined));
}

/**
 * How a mapped workflow value is sent. Numbers and booleans as they are; text is sent as text
 * when the input holds text (a prompt "42" stays a prompt), and converted like the list's values
 * (numbers, true/false; beyond 2^53 digit for digit) when it holds a number or the field is unknown.
 */
export function workflowValue(convert: boolean): MappedValue {
	return (value, field) => {
		if (typeof value !== 'string') return value;
		const current = field?.defaultValue;
		if (typeof current === 'string' && field?.type === 'string' && !/^-?\d+(\.\d+)?$/.test(current.trim())) return value;
		if (typeof current === 'number' || (typeof current === 'string' && field?.type === 'string')) return convertValue(value, true);
		return convertValue(value, convert);
	};
}
