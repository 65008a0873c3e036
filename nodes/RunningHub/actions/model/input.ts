/**
 * Reading a Model item: the model from the resource locator, its parameters from the resource
 * mapper, `binary:` references in media fields, and validation against the catalogue, all
 * before anything is sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CatalogueModel, CatalogueParam, CostEstimate, ValidationProblem } from '../../../core/catalogue';
import {
	coerceModelInput,
	estimateCost,
	getModel,
	isMediaType,
	normaliseEndpoint,
	parseMediaReference,
	searchModels,
	validateModelInput,
} from '../../../core/catalogue';
import { describeLines, inputError, itemSuffix } from '../../../core/api/errors';
import { lipSyncModelProblems } from '../../../core/lipSync/modelRules';
import type { BinaryUploads } from '../../../core/run/binaryRef';
import { BINARY_PREFIX, binaryFacts, looksLikeBinaryRef, parseBinaryRef } from '../../../core/run/binaryRef';

/** A media value that names a binary property, and where it sits in the body. */
export interface BinaryField {
	key: string;
	/** Position in a multi-value field. */
	index?: number;
	property: string;
	param: CatalogueParam;
}

export interface PreparedModelInput {
	model: CatalogueModel;
	/** The body as the API wants it; `binary:` references still in place. */
	body: Record<string, unknown>;
	binaryFields: BinaryField[];
	/** Problems found (empty when the body is valid). */
	problems: ValidationProblem[];
	estimate: CostEstimate | undefined;
}

const BYTES_PER_MB = 1024 * 1024;

/** `Image URL (imageUrl)`: how fields are named in messages. */
export const fieldName = (param: CatalogueParam): string => `${param.label} (${param.key})`;

/** The endpoint a model resource locator value names, or '' (expressions and empty values). */
export function locatorEndpoint(value: unknown): string {
	const raw = value && typeof value === 'object' ? (value as { value?: unknown }).value : value;
	const text = typeof raw === 'string' ? raw.trim() : '';
	return text.startsWith('=') ? '' : text;
}

/** The item's model from the Model parameter; unknown endpoints get close matches suggested. */
export function readModel(ctx: IExecuteFunctions, itemIndex: number): CatalogueModel {
	const raw = ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }) as unknown;
	const endpoint = locatorEndpoint(raw);
	if (!endpoint) {
		throw inputError(ctx.getNode(), {
			parameter: 'Model',
			problem: 'no model is chosen',
			fix: 'Choose a model from the list, or enter its endpoint, e.g. kling-lip-sync/tts.',
			itemIndex,
		});
	}
	const model = getModel(endpoint);
	if (model) return model;
	const words = normaliseEndpoint(endpoint).split(/[^A-Za-z0-9]+/).filter((w) => w.length > 2);
	const close = words.length ? searchModels(words.slice(-2).join(' ')).slice(0, 3) : [];
	throw inputError(ctx.getNode(), {
		parameter: 'Model',
		problem: `"${endpoint.slice(0, 80)}" is not a RunningHub standard model this node knows`,
		fix: close.length
			? `Did you mean ${close.map((m) => m.endpoint).join(', ')}? Choose the model from the list to be sure.`
			: 'Choose the model from the list, or copy the endpoint from its API documentation (the path after /openapi/v2/).',
		itemIndex,
	});
}

/** The values of the Parameters resource mapper (an object of field → value). */
function readMapperValues(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const mapper = ctx.getNodeParameter('modelParameters', itemIndex, {}) as { value?: unknown } | null;
	const value = mapper && typeof mapper === 'object' ? mapper.value : undefined;
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw inputError(ctx.getNode(), {
			parameter: 'Parameters',
			problem: 'is not a set of fields',
			fix: 'Choose the model again so that its parameters load, then fill them in.',
			itemIndex,
		});
	}
	return { ...(value as IDataObject) };
}

/** A URL standing in for a binary file during validation: it carries the file's extension. */
function placeholderUrl(property: string, extension: string | undefined): string {
	return `https://binary.n8n.invalid/${encodeURIComponent(property)}${extension ? `.${extension}` : ''}`;
}

function problem(param: CatalogueParam, code: ValidationProblem['code'], text: string, index?: number): ValidationProblem {
	return {
		key: param.key,
		label: param.label,
		code,
		message: `${fieldName(param)}${index === undefined ? '' : ` item ${index + 1}`} ${text}.`,
	};
}

/**
 * Reads and checks one item. With `inspectBinaries` each `binary:` reference must exist on the
 * item, and its file type and size are checked against the field; without it (cost estimates)
 * references are taken on trust.
 */
export async function prepareModelInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: { inspectBinaries: boolean },
): Promise<PreparedModelInput> {
	const model = readModel(ctx, itemIndex);
	const body = coerceModelInput(model, readMapperValues(ctx, itemIndex));
	const check: Record<string, unknown> = { ...body };
	const binaryFields: BinaryField[] = [];
	const extra: ValidationProblem[] = [];

	for (const param of model.params) {
		if (!isMediaType(param.type) || body[param.key] === undefined) continue;
		const value = body[param.key];
		const values = Array.isArray(value) ? value : [value];
		const replaced: unknown[] = [];
		for (let n = 0; n < values.length; n++) {
			const entry = values[n];
			const index = Array.isArray(value) ? n : undefined;
			const property = parseBinaryRef(entry);
			if (property === undefined) {
				if (looksLikeBinaryRef(entry)) {
					extra.push(problem(param, 'url', `names no binary property: write ${BINARY_PREFIX}<property name>, e.g. ${BINARY_PREFIX}data`, index));
					replaced.push(placeholderUrl('missing', undefined));
					continue;
				}
				replaced.push(entry);
				continue;
			}
			binaryFields.push({ key: param.key, property, param, ...(index === undefined ? {} : { index }) });
			if (!options.inspectBinaries) {
				replaced.push(placeholderUrl(property, param.accept?.[0]));
				continue;
			}
			const facts = await binaryFacts(ctx, itemIndex, property, fieldName(param));
			const stand = placeholderUrl(property, facts.extension);
			replaced.push(stand);
			// Validation judges a URL by a media extension only (a URL may serve an image from any
			// path), but a binary's name is the file's own: a .txt given to an image field is refused.
			if (facts.extension && param.accept?.length && parseMediaReference(stand)?.extension === undefined) {
				extra.push(problem(param, 'fileType', `must be a file of type ${param.accept?.join(', ')}; got ${facts.fileName} (${BINARY_PREFIX}${property})`, index));
			}
			if (param.maxSizeMb !== undefined && facts.bytes !== undefined && facts.bytes > param.maxSizeMb * BYTES_PER_MB) {
				const mb = Math.round((facts.bytes / BYTES_PER_MB) * 10) / 10;
				extra.push(problem(param, 'fileSize', `is ${mb} MB (${BINARY_PREFIX}${property}); the maximum is ${param.maxSizeMb} MB`, index));
			}
		}
		check[param.key] = Array.isArray(value) ? replaced : replaced[0];
	}

	const problems = [...validateModelInput(model, check), ...extra];
	// Rules between fields (lip-sync) once each field is right, so messages do not repeat.
	if (!problems.length) problems.push(...lipSyncModelProblems(model.endpoint, check));
	return { model, body, binaryFields, problems, estimate: estimateCost(model.endpoint, check) };
}

/** The error for an item whose parameters do not fit the model: every problem, each naming its field. */
export function problemsError(
	ctx: IExecuteFunctions,
	model: CatalogueModel,
	problems: ValidationProblem[],
	itemIndex: number,
): NodeOperationError {
	const first = problems[0].message.replace(/\.$/, '');
	const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
	const unknown = problems.some((p) => p.code === 'unknownField');
	const description = describeLines([
		`Parameters of ${model.name} (${model.endpoint}):`,
		...problems.map((p) => `- ${p.message}`),
		unknown
			? 'If you changed the model, refresh the parameter list (the ⋯ menu of Parameters) so that it shows this model\'s fields.'
			: 'Fix the values above; nothing was sent to RunningHub.',
	]);
	return new NodeOperationError(ctx.getNode(), `${model.name}: ${first}${more}${itemSuffix(itemIndex)}`, {
		description,
		itemIndex,
	});
}

/** The body with every `binary:` reference uploaded and replaced by its download URL. */
export async function resolveBinaryFields(
	uploads: BinaryUploads,
	prepared: PreparedModelInput,
	itemIndex: number,
): Promise<IDataObject> {
	const body: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(prepared.body)) body[key] = Array.isArray(value) ? [...value] : value;
	for (const field of prepared.binaryFields) {
		const upload = await uploads.upload(itemIndex, field.property, {
			parameter: fieldName(field.param),
			maxSizeMb: field.param.maxSizeMb,
			needUrl: true,
		});
		const url = upload.downloadUrl as string;
		if (field.index === undefined) body[field.key] = url;
		else (body[field.key] as unknown[])[field.index] = url;
	}
	return body as IDataObject;
}
