/**
 * RunningHub standard-model catalogue: every `/openapi/v2/<endpoint>` model with typed
 * parameters, and the pure logic around it (search, coercion, validation, examples, cost).
 * Data: models.generated.ts and pricing.generated.ts (run `npm run catalogue`).
 */
export { getModel, getParam, listModels, normaliseEndpoint } from './models';
export {
	compareModels,
	listCategories,
	modelListItems,
	OUTPUT_LABELS,
	searchModels,
} from './search';
export type { ModelFilter, ModelListItem } from './search';
export {
	characterCount,
	describeValue,
	formatProblems,
	isEmptyValue,
	validateModelInput,
} from './validate';
export { isMediaType, parseMediaReference, sameFormat, urlExtension } from './media';
export type { MediaReference } from './media';
export type { ValidateOptions } from './validate';
export { coerceModelInput, coerceParamValue } from './coerce';
export { exampleInput, exampleValue } from './example';
export type { ExampleOptions } from './example';
export { describePricing, estimateCost, getPriceEntry, PRICING_NOTE } from './pricing';
export type { CostContext } from './pricing';
export { labelFromKey, titleFromSlug } from './labels';
export { CATALOGUE_SOURCE } from './models.generated';
export type {
	CatalogueModel,
	CatalogueOption,
	CatalogueParam,
	CostEstimate,
	MediaParamType,
	OutputType,
	ParamType,
	ParamValue,
	PriceEntry,
	PriceRule,
	PriceUnit,
	ProblemCode,
	ValidationProblem,
} from './types';
