/**
 * Checks a request body against a model's parameters before it is sent, so that users get a
 * precise message (field, problem, what is allowed) instead of RunningHub's errorCode 1007.
 * It expects API types (run coerceModelInput first on n8n form values).
 */
import { isUnsafeInteger } from '../validation';
import { parseMediaReference, sameFormat } from './media';
import type {
	CatalogueModel,
	CatalogueParam,
	MediaParamType,
	ParamType,
	ProblemCode,
	ValidationProblem,
} from './types';

export interface ValidateOptions {
	/** Whether fields the model does not declare are allowed. Default false (they are reported). */
	allowUnknownFields?: boolean;
}

/** Longest part of a value quoted in a message. */
const QUOTE_LIMIT = 60;
/** Most values listed in a message (the `allowed` field always has them all). */
const LIST_LIMIT = 12;
const BYTES_PER_MB = 1024 * 1024;

const NOUNS: Record<ParamType, string> = {
	string: 'text',
	int: 'a whole number',
	float: 'a number',
	boolean: 'true or false',
	list: 'one of the listed values (text)',
	image: 'an http(s) URL or a data: URI',
	video: 'an http(s) URL or a data: URI',
	audio: 'an http(s) URL or a data: URI',
};

const MEDIA_NOUNS: Record<MediaParamType, string> = {
	image: 'an image',
	video: 'a video',
	audio: 'an audio file',
};

export function isEmptyValue(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		(typeof value === 'string' && value.trim() === '') ||
		(Array.isArray(value) && value.length === 0)
	);
}

/** A value as it appears in a message: `"abc"`, `12`, `true`, `a list`, `an object`. */
export function describeValue(value: unknown): string {
	if (typeof value === 'string') {
		const shown = value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT)}…` : value;
		return JSON.stringify(shown);
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return `a list of ${value.length}`;
	return `a value of type ${typeof value}`;
}

function formatNumber(value: number): string {
	return String(Number(value.toPrecision(12)));
}

function listText(values: string[]): string {
	if (values.length <= LIST_LIMIT) return values.join(', ');
	return `${values.slice(0, LIST_LIMIT).join(', ')}, … (${values.length} values)`;
}

function rangeText(param: CatalogueParam): string | undefined {
	const { min, max, step } = param;
	let text: string | undefined;
	if (min !== undefined && max !== undefined) text = `${formatNumber(min)} to ${formatNumber(max)}`;
	else if (min !== undefined) text = `at least ${formatNumber(min)}`;
	else if (max !== undefined) text = `at most ${formatNumber(max)}`;
	if (step !== undefined && !(param.type === 'int' && step === 1)) {
		text = `${text ?? 'any value'}, in steps of ${formatNumber(step)}`;
	}
	return text;
}

function acceptText(param: CatalogueParam): string {
	return (param.accept ?? []).map((extension) => extension.toUpperCase()).join(', ');
}

/** `MP3, WAV or M4A`. */
function acceptChoice(param: CatalogueParam): string {
	const types = (param.accept ?? []).map((extension) => extension.toUpperCase());
	return types.length <= 1
		? types.join('')
		: `${types.slice(0, -1).join(', ')} or ${types[types.length - 1]}`;
}

/** Number of characters as people count them (code points, not UTF-16 units). */
export function characterCount(text: string): number {
	return Array.from(text).length;
}

class Collector {
	readonly problems: ValidationProblem[] = [];

	add(
		param: CatalogueParam,
		code: ProblemCode,
		text: string,
		allowed?: string,
		item?: number,
	): void {
		const subject = `${param.label} (${param.key})${item === undefined ? '' : ` item ${item + 1}`}`;
		const problem: ValidationProblem = {
			key: param.key,
			label: param.label,
			code,
			message: `${subject} ${text}.`,
		};
		if (allowed !== undefined) problem.allowed = allowed;
		this.problems.push(problem);
	}
}

function checkNumber(param: CatalogueParam, value: number, out: Collector, item?: number): void {
	const allowed = rangeText(param);
	if (param.min !== undefined && value < param.min) {
		out.add(
			param,
			'min',
			`must be at least ${formatNumber(param.min)}; got ${formatNumber(value)}`,
			allowed,
			item,
		);
		return;
	}
	if (param.max !== undefined && value > param.max) {
		out.add(
			param,
			'max',
			`must be at most ${formatNumber(param.max)}; got ${formatNumber(value)}`,
			allowed,
			item,
		);
		return;
	}
	const step = param.step;
	if (step === undefined || step <= 0 || (param.type === 'int' && step === 1)) return;
	const base = param.min ?? 0;
	const steps = (value - base) / step;
	if (Math.abs(steps - Math.round(steps)) > 1e-6) {
		const from = base === 0 ? '' : ` from ${formatNumber(base)}`;
		out.add(
			param,
			'step',
			`must go in steps of ${formatNumber(step)}${from}; got ${formatNumber(value)}`,
			allowed,
			item,
		);
	}
}

/** The formats a data: URI's media type may name: `image/x-png` → png, `image/svg+xml` → svg. */
function dataFormats(mime: string, extension: string | undefined): string[] {
	const subtype = mime.slice(mime.indexOf('/') + 1);
	const bare = subtype.replace(/^(?:x-|vnd\.)/, '').replace(/\+.*$/, '');
	return [extension, sameFormat(subtype), sameFormat(bare)].filter((f): f is string => f !== undefined);
}

/** Why a whole-number field's text is not a number it can send (coerce takes decimal digits only). */
function integerTextProblem(value: string): string {
	const text = value.trim();
	if (/^[+-]?\d+$/.test(text)) {
		return Number.isSafeInteger(Number(text))
			? `must be a whole number; got ${describeValue(value)}`
			: `must be a whole number from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER} to be sent exactly; got ${describeValue(value)}. Enter a smaller number`;
	}
	const meant = Number(text);
	const example = Number.isSafeInteger(meant) && text !== '' ? `, e.g. ${meant}` : '';
	return `must be a whole number written in decimal digits; got ${describeValue(value)}. Write it with the digits 0-9 only${example}`;
}

function checkMedia(param: CatalogueParam, value: string, out: Collector, item?: number): void {
	const reference = parseMediaReference(value);
	if (reference === undefined) {
		const text = `must be an http(s) URL or a data: URI; got ${describeValue(value)}`;
		out.add(param, 'url', text, undefined, item);
		return;
	}
	const accepted = (param.accept ?? []).map(sameFormat);
	const allowed = acceptText(param) || undefined;
	if (
		reference.kind === 'data' &&
		reference.mime !== '' &&
		!reference.mime.startsWith(`${param.type}/`)
	) {
		const noun = MEDIA_NOUNS[param.type as MediaParamType];
		out.add(param, 'fileType', `must be ${noun}; got ${reference.mime} data`, allowed, item);
		return;
	}
	// A data: URI says its format in its media type; one the field does not take is refused like
	// a URL with that extension (image/svg+xml or image/heic for a JPG/PNG field).
	if (reference.kind === 'data' && reference.mime !== '' && accepted.length > 0) {
		if (!dataFormats(reference.mime, reference.extension).some((format) => accepted.includes(format))) {
			const text = `must be a file of type ${acceptChoice(param)}; got ${reference.mime} data`;
			out.add(param, 'fileType', text, allowed, item);
			return;
		}
	}
	const extension = reference.extension;
	if (extension !== undefined && accepted.length > 0 && !accepted.includes(extension)) {
		const got = reference.kind === 'data' ? `${reference.mime} data` : `a .${extension} file`;
		out.add(
			param,
			'fileType',
			`must be a file of type ${acceptChoice(param)}; got ${got}`,
			allowed,
			item,
		);
		return;
	}
	if (reference.kind === 'data' && param.maxSizeMb !== undefined) {
		if (reference.bytes > param.maxSizeMb * BYTES_PER_MB) {
			const size = formatNumber(Math.round((reference.bytes / BYTES_PER_MB) * 10) / 10);
			const max = `${formatNumber(param.maxSizeMb)} MB`;
			out.add(param, 'fileSize', `is ${size} MB; the maximum is ${max}`, max, item);
		}
	}
}

function checkSingle(param: CatalogueParam, value: unknown, out: Collector, item?: number): void {
	const wrongType = (): void =>
		out.add(
			param,
			'type',
			`must be ${NOUNS[param.type]}; got ${describeValue(value)}`,
			undefined,
			item,
		);
	switch (param.type) {
		case 'string':
			if (isUnsafeInteger(value)) {
				const text = `arrived as the number ${value}, which is too large to be exact (digits were lost); pass it as text: map it straight from the node that returned it (RunningHub nodes output IDs as strings), or put the number in quotes in the source data`;
				out.add(param, 'type', text, undefined, item);
				return;
			}
			if (typeof value !== 'string') return wrongType();
			if (param.maxLength !== undefined) {
				const length = characterCount(value);
				if (length > param.maxLength) {
					out.add(
						param,
						'maxLength',
						`must be at most ${param.maxLength} characters; got ${length}`,
						`up to ${param.maxLength} characters`,
						item,
					);
				}
			}
			return;
		case 'int':
			if (typeof value === 'string') return out.add(param, 'type', integerTextProblem(value), undefined, item);
			if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType();
			if (!Number.isSafeInteger(value)) {
				const text = `got ${value}, a number too large to be exact (whole numbers are exact up to ${Number.MAX_SAFE_INTEGER}); enter a smaller number, as text in decimal digits`;
				out.add(param, 'max', text, `up to ${Number.MAX_SAFE_INTEGER}`, item);
				return;
			}
			return checkNumber(param, value, out, item);
		case 'float':
			// "0x10" or "Infinity": a number, but not one written in decimal digits.
			if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
				const text = `must be a number written in decimal digits, e.g. 1.5; got ${describeValue(value)}`;
				return out.add(param, 'type', text, undefined, item);
			}
			if (typeof value !== 'number' || !Number.isFinite(value)) return wrongType();
			return checkNumber(param, value, out, item);
		case 'boolean':
			if (typeof value !== 'boolean') return wrongType();
			return;
		case 'list': {
			const values = (param.options ?? []).map((option) => option.value);
			if (typeof value !== 'string') {
				out.add(
					param,
					'type',
					`must be one of ${listText(values)} (as text); got ${describeValue(value)}`,
					values.join(', '),
					item,
				);
				return;
			}
			if (!values.includes(value)) {
				out.add(
					param,
					'option',
					`must be one of ${listText(values)}; got ${describeValue(value)}`,
					values.join(', '),
					item,
				);
			}
			return;
		}
		default:
			if (typeof value !== 'string') return wrongType();
			return checkMedia(param, value, out, item);
	}
}

function checkParam(param: CatalogueParam, value: unknown, out: Collector): void {
	if (param.multiple === true) {
		if (!Array.isArray(value)) {
			out.add(
				param,
				'type',
				`must be a list of values, each ${NOUNS[param.type]}; got ${describeValue(value)}`,
			);
			return;
		}
		if (param.maxItems !== undefined && value.length > param.maxItems) {
			out.add(
				param,
				'maxItems',
				`takes at most ${param.maxItems} values; got ${value.length}`,
				`up to ${param.maxItems} values`,
			);
		}
		value.forEach((item, index) => {
			if (isEmptyValue(item)) out.add(param, 'required', 'is empty', undefined, index);
			else checkSingle(param, item, out, index);
		});
		return;
	}
	if (Array.isArray(value)) {
		out.add(
			param,
			'type',
			`must be a single value, ${NOUNS[param.type]}; got ${describeValue(value)}`,
		);
		return;
	}
	checkSingle(param, value, out);
}

/**
 * Problems of a request body for `model`, in parameter order, then unknown fields.
 * An empty list means the body is valid as far as the registry describes the model.
 */
export function validateModelInput(
	model: CatalogueModel,
	input: Record<string, unknown>,
	options: ValidateOptions = {},
): ValidationProblem[] {
	const out = new Collector();
	for (const param of model.params) {
		const value = input[param.key];
		if (isEmptyValue(value)) {
			if (param.required) out.add(param, 'required', 'is required');
			continue;
		}
		checkParam(param, value, out);
	}
	if (options.allowUnknownFields !== true) {
		const known = new Set(model.params.map((param) => param.key));
		const keys = model.params.map((param) => param.key).join(', ');
		for (const key of Object.keys(input)) {
			if (known.has(key) || input[key] === undefined) continue;
			out.problems.push({
				key,
				label: key,
				code: 'unknownField',
				message: `${key} is not a parameter of ${model.name} (${model.endpoint}); its parameters are ${keys || 'none'}.`,
				allowed: keys,
			});
		}
	}
	return out.problems;
}

/** All problems as one English text (one sentence per problem), for an error description. */
export function formatProblems(problems: ValidationProblem[]): string {
	return problems.map((problem) => problem.message).join(' ');
}
