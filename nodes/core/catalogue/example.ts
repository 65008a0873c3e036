/**
 * A minimal valid request body for any model, from defaults, options and ranges: for the
 * simulator, end-to-end tests and documentation examples.
 */
import type { CatalogueModel, CatalogueParam, MediaParamType, ParamValue } from './types';
import { isMediaType } from './media';

const MEDIA_EXTENSION: Record<MediaParamType, string> = {
	image: 'png',
	video: 'mp4',
	audio: 'mp3',
};

export interface ExampleOptions {
	/** Whether to fill optional parameters too (with their defaults or example values). Default false. */
	includeOptional?: boolean;
	/** Base of example media URLs. Default `https://example.com/media`. */
	mediaBaseUrl?: string;
}

function exampleNumber(param: CatalogueParam): number {
	const step =
		param.step !== undefined && param.step > 0 ? param.step : param.type === 'int' ? 1 : 0;
	if (param.min !== undefined) return param.min;
	let value = 0;
	if (param.max !== undefined && value > param.max) {
		value = step > 0 ? Math.floor(param.max / step) * step : param.max;
	}
	return value;
}

/** An example value of one parameter (a list for multi-value fields). */
export function exampleValue(
	param: CatalogueParam,
	options: ExampleOptions = {},
): ParamValue | ParamValue[] {
	let value: ParamValue;
	if (param.default !== undefined) value = param.default;
	else if (param.type === 'list') value = param.options?.[0]?.value ?? '';
	else if (param.type === 'boolean') value = false;
	else if (param.type === 'int' || param.type === 'float') value = exampleNumber(param);
	else if (isMediaType(param.type)) {
		const extension = param.accept?.[0] ?? MEDIA_EXTENSION[param.type];
		value = `${options.mediaBaseUrl ?? 'https://example.com/media'}/example-${param.type}.${extension}`;
	} else {
		value = 'example';
		if (param.maxLength !== undefined && param.maxLength < value.length) {
			value = value.slice(0, Math.max(param.maxLength, 1));
		}
	}
	return param.multiple === true ? [value] : value;
}

/** A request body with every required parameter (and optionally every other one) filled in. */
export function exampleInput(
	model: CatalogueModel,
	options: ExampleOptions = {},
): Record<string, ParamValue | ParamValue[]> {
	const input: Record<string, ParamValue | ParamValue[]> = {};
	for (const param of model.params) {
		if (param.required || options.includeOptional === true)
			input[param.key] = exampleValue(param, options);
	}
	return input;
}
