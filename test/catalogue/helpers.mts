// Shared test helpers: the raw registry and price table, and a CJK detector.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { VENDORED_DATA_DIR } from '../../scripts/generate-catalogue.mts';

/** The registry data vendored in the repository (data/runninghub). */
export const DATA_DIR = VENDORED_DATA_DIR;

export interface RawParam {
	fieldKey: string;
	type: string;
	required: boolean;
	defaultValue?: unknown;
	options?: Array<{ value: string; description?: string; descriptionEn?: string }>;
	min?: number;
	max?: number;
	step?: number;
	maxLength?: number;
	accept?: string;
	maxSize?: number;
	multipleInputs?: boolean;
	maxInputNum?: number;
}

export interface RawModel {
	endpoint: string;
	name_en: string;
	category: string;
	output_type: string;
	params: RawParam[];
}

export interface RawPrice {
	endpoint: string;
	currency: string;
	unit: string;
	pricing_type: string;
	price?: number;
	depends_on?: string[];
	rules?: Array<{ when: Record<string, string>; price: number }>;
}

export function readJson<T>(name: string): T {
	return JSON.parse(readFileSync(join(DATA_DIR, name), 'utf8')) as T;
}

export const REGISTRY = readJson<{ model_count: number; models: RawModel[] }>(
	'model-registry.json',
);
export const PRICING = readJson<{
	counts_by_pricing_type: Record<string, number>;
	pricing: RawPrice[];
}>('pricing.json');

export const CJK =
	/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** Every string inside a value (keys included). */
export function allStrings(value: unknown, out: string[] = []): string[] {
	if (typeof value === 'string') out.push(value);
	else if (Array.isArray(value)) for (const item of value) allStrings(item, out);
	else if (value !== null && typeof value === 'object') {
		for (const [key, item] of Object.entries(value)) {
			out.push(key);
			allStrings(item, out);
		}
	}
	return out;
}
