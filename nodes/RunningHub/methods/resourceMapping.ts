import type {
	FieldType,
	ILoadOptionsFunctions,
	INodePropertyOptions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';

import type { CatalogueModel, CatalogueParam } from '../../core/catalogue';
import { getModel, isMediaType } from '../../core/catalogue';
import { locatorEndpoint } from '../actions/model/input';

function formatNumber(value: number): string {
	return String(Number(value.toPrecision(12)));
}

/** `1 to 10`, `≥ 0`, `0 to 1, step 0.1`, or undefined ("to", not a dash: bounds may be negative). */
function rangeHint(param: CatalogueParam): string | undefined {
	const { min, max, step } = param;
	let text: string | undefined;
	if (min !== undefined && max !== undefined) text = `${formatNumber(min)} to ${formatNumber(max)}`;
	else if (min !== undefined) text = `≥ ${formatNumber(min)}`;
	else if (max !== undefined) text = `≤ ${formatNumber(max)}`;
	if (step !== undefined && step > 0 && !(param.type === 'int' && step === 1)) {
		text = `${text ? `${text}, ` : ''}step ${formatNumber(step)}`;
	}
	if (param.type === 'int') text = text ? `whole number, ${text}` : 'whole number';
	return text;
}

/** `JPG/PNG/WEBP`: the accepted types, without JPEG where JPG is listed (the same files). */
function fileTypes(accept: string[]): string {
	const shown = accept.filter((type) => !(type === 'jpeg' && accept.includes('jpg')));
	return shown.map((type) => type.toUpperCase()).join('/');
}

/**
 * The label a field shows: its name, then what it accepts (n8n's resource mapper shows no
 * field descriptions, so ranges, lengths, file types and sizes go into the label; validation
 * before the call enforces them). The editor cuts long labels, so the most useful facts come
 * first; that media fields also take binary:<field> is said once, in the notice above them.
 */
export function fieldLabel(param: CatalogueParam): string {
	const hints: string[] = [];
	if (param.multiple) {
		const how = isMediaType(param.type) ? 'one per line' : 'one per line or a JSON array';
		hints.push(param.maxItems !== undefined ? `${how}, up to ${param.maxItems}` : how);
	}
	if (isMediaType(param.type)) {
		if (param.accept?.length) hints.push(fileTypes(param.accept));
		if (param.maxSizeMb !== undefined) hints.push(`max ${formatNumber(param.maxSizeMb)} MB${param.multiple ? ' each' : ''}`);
	}
	if (param.type === 'int' || param.type === 'float') {
		const range = rangeHint(param);
		if (range) hints.push(range);
	}
	if (param.type === 'string' && param.maxLength !== undefined) hints.push(`max ${param.maxLength} characters`);
	return hints.length ? `${param.label} (${hints.join('; ')})` : param.label;
}

const FIELD_TYPES: Record<CatalogueParam['type'], FieldType> = {
	string: 'string',
	int: 'number',
	float: 'number',
	boolean: 'boolean',
	list: 'options',
	image: 'string',
	video: 'string',
	audio: 'string',
};

function optionName(value: string, label: string): string {
	return label === value || label.includes(value) ? label : `${label} (${value})`;
}

/** One resource mapper field per model parameter, in the registry's order. */
export function modelFields(model: CatalogueModel): ResourceMapperField[] {
	return model.params.map((param) => {
		const multiple = param.multiple === true;
		const field: ResourceMapperField = {
			id: param.key,
			displayName: fieldLabel(param),
			required: param.required,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			// Lists of values are typed as text: one per line, a JSON array, or an expression's array.
			type: multiple ? 'string' : FIELD_TYPES[param.type],
		};
		if (param.type === 'list' && !multiple) {
			field.options = (param.options ?? []).map(
				(option): INodePropertyOptions => ({ name: optionName(option.value, option.label), value: option.value }),
			);
		}
		if (param.default !== undefined && !multiple) field.defaultValue = param.default;
		return field;
	});
}

/** The fields of the model chosen in the node's Model parameter. */
export async function getModelFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const endpoint = locatorEndpoint(this.getNodeParameter('model', '', { extractValue: true }));
	if (!endpoint) {
		return { fields: [], emptyFieldsNotice: 'Choose a model first (from the list or by endpoint) to see its parameters.' };
	}
	const model = getModel(endpoint);
	if (!model) {
		return {
			fields: [],
			emptyFieldsNotice: `"${endpoint}" is not a model of the catalogue. Choose one from the list, or check the endpoint (e.g. kling-lip-sync/tts).`,
		};
	}
	if (model.params.length === 0) return { fields: [], emptyFieldsNotice: `${model.name} takes no parameters.` };
	return { fields: modelFields(model) };
}
