/**
 * Turns n8n form values into the types a model's API wants: numbers typed as text by
 * expressions become numbers, `"true"` becomes true, list values become their exact option
 * text, multi-value fields become arrays; empty fields are dropped.
 */
import { getParam } from './models';
import type { CatalogueModel, CatalogueParam } from './types';
import { isMediaType } from './media';
import { isEmptyValue } from './validate';
import { isUnsafeInteger } from '../validation';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** Whole numbers in decimal digits only: `Number()` would also take `0x10`, `1e3` or `0b1`. */
const DECIMAL_INTEGER = /^[+-]?\d+$/;
// Linear: the digits before and after the point cannot trade characters (`\d+\.?\d*` could,
// which made a long run of digits followed by a letter take quadratic time).
const DECIMAL_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
/**
 * Longer text is never read as a number: no double has more than 17 significant digits, so even
 * generous zero padding fits; the regexes then never see server- or expression-sized input.
 */
export const MAX_NUMBER_TEXT_LENGTH = 400;

/**
 * A number typed as text, when it is written in decimal digits and exact; anything else stays
 * text, so that validation names it (instead of sending 16 for "0x10", or
 * 12345678901234567000 for "12345678901234567890").
 */
function toNumber(value: unknown, integer: boolean): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (text === '') return undefined;
	if (text.length > MAX_NUMBER_TEXT_LENGTH || !(integer ? DECIMAL_INTEGER : DECIMAL_NUMBER).test(text)) return value;
	const number = Number(text);
	if (integer) return Number.isSafeInteger(number) ? number : value;
	return Number.isFinite(number) ? number : value;
}

function toBoolean(value: unknown): unknown {
	if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : value;
	if (typeof value !== 'string') return value;
	const word = value.trim().toLowerCase();
	if (word === '') return undefined;
	if (TRUE_WORDS.has(word)) return true;
	if (FALSE_WORDS.has(word)) return false;
	return value;
}

function toOption(param: CatalogueParam, value: unknown): unknown {
	if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (text === '') return undefined;
	const values = (param.options ?? []).map((option) => option.value);
	if (values.includes(text)) return text;
	const lower = text.toLowerCase();
	const matches = values.filter((option) => option.toLowerCase() === lower);
	if (matches.length === 1) return matches[0];
	// A label chosen instead of its value (e.g. from an AI agent): map it back when unambiguous.
	const byLabel = (param.options ?? []).filter((option) => option.label.toLowerCase() === lower);
	return byLabel.length === 1 ? byLabel[0].value : text;
}

function coerceSingle(param: CatalogueParam, value: unknown): unknown {
	if (value === undefined || value === null) return undefined;
	switch (param.type) {
		case 'int':
			return toNumber(value, true);
		case 'float':
			return toNumber(value, false);
		case 'boolean':
			return toBoolean(value);
		case 'list':
			return toOption(param, value);
		case 'string':
			// A long ID that arrived as a number has lost digits: kept as it is, validation refuses it.
			if (isUnsafeInteger(value)) return value;
			if (typeof value === 'number' || typeof value === 'boolean') return String(value);
			return typeof value === 'string' && value.trim() === '' ? undefined : value;
		default:
			if (typeof value !== 'string') return value;
			return value.trim() === '' ? undefined : value.trim();
	}
}

/**
 * Values of a multi-value field: an array, a JSON array in text, or text with one value per
 * line (commas are not separators: they occur in URLs and data: URIs).
 */
function toList(param: CatalogueParam, value: unknown): unknown[] {
	let items: unknown[];
	if (Array.isArray(value)) items = value;
	else if (typeof value === 'string') {
		const text = value.trim();
		let parsed: unknown;
		if (text.startsWith('[')) {
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = undefined;
			}
		}
		if (Array.isArray(parsed)) items = parsed;
		else items = isMediaType(param.type) || param.type === 'string' ? text.split(/\r?\n/) : [text];
	} else items = [value];
	return items.map((item) => coerceSingle(param, item)).filter((item) => !isEmptyValue(item));
}

/** The value of one parameter as the API wants it, or undefined when it is empty. */
export function coerceParamValue(param: CatalogueParam, value: unknown): unknown {
	let result: unknown;
	if (param.multiple === true) result = toList(param, value);
	else if (Array.isArray(value) && value.length <= 1) result = coerceSingle(param, value[0]);
	else result = coerceSingle(param, value);
	return isEmptyValue(result) ? undefined : result;
}

/**
 * A copy of `input` with every known field converted (see coerceParamValue) and empty fields
 * dropped. Unknown fields are kept as they are, so that validation can name them.
 */
export function coerceModelInput(
	model: CatalogueModel,
	input: Record<string, unknown>,
): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const key of Object.keys(input)) {
		const param = getParam(model, key);
		const value = param === undefined ? input[key] : coerceParamValue(param, input[key]);
		if (!isEmptyValue(value)) result[key] = value;
	}
	return result;
}
