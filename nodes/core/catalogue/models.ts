/**
 * The catalogue as typed objects: decodes the compact generated data once, on first use.
 */
import { CATALOGUE_MODELS } from './models.generated';
import type { CatalogueModel, CatalogueParam, CompactParam } from './types';

let models: readonly CatalogueModel[] | undefined;
let byEndpoint: Map<string, CatalogueModel> | undefined;

function decodeParam(compact: CompactParam): CatalogueParam {
	const { field, label, type, required, options, ...rest } = compact;
	const param: CatalogueParam = { key: field, label, type, required: required === true, ...rest };
	if (options !== undefined) {
		param.options = options.map((option) =>
			Object.freeze(
				typeof option === 'string'
					? { value: option, label: option }
					: { value: option[0], label: option[1] },
			),
		);
		Object.freeze(param.options);
	}
	if (param.accept !== undefined) param.accept = Object.freeze([...param.accept]) as string[];
	return Object.freeze(param);
}

function load(): readonly CatalogueModel[] {
	if (models === undefined) {
		models = Object.freeze(
			CATALOGUE_MODELS.map((compact) =>
				Object.freeze({
					...compact,
					params: Object.freeze(compact.params.map(decodeParam)) as CatalogueParam[],
				}),
			),
		);
		byEndpoint = new Map(models.map((model) => [model.endpoint, model]));
	}
	return models;
}

/**
 * Endpoint as users may paste it: `kling-lip-sync/tts`, `/openapi/v2/kling-lip-sync/tts`, or the
 * full URL `https://www.runninghub.ai/openapi/v2/kling-lip-sync/tts`.
 */
export function normaliseEndpoint(endpoint: string): string {
	return endpoint
		.trim()
		.replace(/^https?:\/\/[^/]+/i, '')
		.replace(/^\/?openapi\/v2\//i, '')
		.replace(/^\/+/, '')
		.replace(/[?#].*$/, '');
}

/** All models, sorted by endpoint. The objects are shared and frozen: copy before changing. */
export function listModels(): readonly CatalogueModel[] {
	return load();
}

/** The model of an endpoint, or undefined when the catalogue does not know it. */
export function getModel(endpoint: string): CatalogueModel | undefined {
	load();
	return byEndpoint?.get(normaliseEndpoint(endpoint));
}

/** The parameter `key` of a model, or undefined. */
export function getParam(model: CatalogueModel, key: string): CatalogueParam | undefined {
	return model.params.find((param) => param.key === key);
}
