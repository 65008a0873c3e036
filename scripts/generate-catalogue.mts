/**
 * Generates the RunningHub standard-model catalogue from RunningHub's public model registry and
 * price table (Apache-2.0, see data/runninghub/LICENSE-registry.txt):
 *
 *   nodes/core/catalogue/models.generated.ts    every model with its typed parameters
 *   nodes/core/catalogue/pricing.generated.ts   the price rule of every priced model
 *
 * Usage: npx tsx scripts/generate-catalogue.mts [--check]
 *   --check   write nothing; exit 1 when the committed files differ from a fresh generation.
 * The data is the copy vendored in data/runninghub (see its README: where and when it was taken
 * from), or the folder named by $RUNNINGHUB_DATA_DIR.
 *
 * Only facts, only English: Chinese text of the registry (descriptions, Chinese labels, Chinese
 * example defaults) is left out, and the generator fails if any CJK character reaches its output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { labelFromKey, titleFromSlug } from '../nodes/core/catalogue/labels.ts';
import type {
	CatalogueModel,
	CatalogueParam,
	OutputType,
	ParamType,
	PriceEntry,
	PriceUnit,
} from '../nodes/core/catalogue/types.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = resolve(HERE, '..');
export const CATALOGUE_DIR = join(REPO_DIR, 'nodes', 'core', 'catalogue');
export const MODELS_FILE = join(CATALOGUE_DIR, 'models.generated.ts');
export const PRICING_FILE = join(CATALOGUE_DIR, 'pricing.generated.ts');

/** The vendored registry data: model-registry.json, pricing.json, LICENSE-registry.txt. */
export const VENDORED_DATA_DIR = join(REPO_DIR, 'data', 'runninghub');

export function defaultDataDir(): string {
	const fromEnv = process.env.RUNNINGHUB_DATA_DIR;
	return fromEnv ? resolve(fromEnv) : VENDORED_DATA_DIR;
}

// ---------------------------------------------------------------------------------------------
// Source shapes (model-registry.json, pricing.json)

interface RawOption {
	value: string;
	description?: string;
	descriptionEn?: string;
}

interface RawParam {
	fieldKey: string;
	label: string;
	type: string;
	required: boolean;
	description?: string;
	descriptionEn?: string;
	defaultValue?: unknown;
	options?: RawOption[];
	min?: number;
	max?: number;
	step?: number;
	maxLength?: number;
	accept?: string;
	maxSize?: number;
	multipleInputs?: boolean;
	maxInputNum?: number;
}

interface RawModel {
	endpoint: string;
	name_en: string;
	name_cn: string;
	display_name: string;
	category: string;
	output_type: string;
	class_name: string;
	params: RawParam[];
}

interface RawRegistry {
	version: string;
	model_count: number;
	models: RawModel[];
}

interface RawPrice {
	endpoint: string;
	currency: string;
	unit: string;
	pricing_type: string;
	price?: number;
	depends_on?: string[];
	rules?: Array<{ when: Record<string, unknown>; price: number }>;
	note?: string;
}

interface RawPricing {
	version: string;
	note?: string;
	pricing: RawPrice[];
}

// ---------------------------------------------------------------------------------------------
// Mapping tables: every value met in the data must be listed, so new data fails loudly.

const PARAM_TYPES: Record<string, ParamType> = {
	STRING: 'string',
	INT: 'int',
	FLOAT: 'float',
	BOOLEAN: 'boolean',
	LIST: 'list',
	IMAGE: 'image',
	VIDEO: 'video',
	AUDIO: 'audio',
};

const OUTPUT_TYPES: Record<string, OutputType> = {
	image: 'image',
	video: 'video',
	audio: 'audio',
	string: 'text',
	'3d': '3d',
};

/** Category names after the `RunningHub/` prefix that the registry spells short. */
const CATEGORY_FIXES: Record<string, string> = { Qwe: 'Qwen' };

/** Price units of pricing.json (Chinese or English) and what they mean. */
const PRICE_UNITS: Record<string, { unit: PriceUnit; minimum?: true }> = {
	'/次': { unit: 'call' },
	'/秒': { unit: 'second' },
	'/second': { unit: 'second' },
	'/秒起': { unit: 'second', minimum: true },
	'/5秒': { unit: '5 seconds' },
	'/1000字符': { unit: '1000 characters' },
	'/张': { unit: 'image' },
};

/** Units of `unparsed` entries, in English. */
const UNPARSED_UNITS: Record<string, string> = {
	'/参考视频秒+0.001/次起':
		'charged per second of reference video plus 0.001 CNY per call (a starting price); the per-second rate is not in the price table',
};

/** Phrases of model names made readable. */
const NAME_PHRASES: Array<[RegExp, string]> = [
	[/( ·)? Channel Low Price\b/g, ' (Low-Price Channel)'],
	[/ Official Stable\b/g, ' (Official Stable)'],
];

// ---------------------------------------------------------------------------------------------
// Checks

const CJK =
	/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;

export function hasCjk(text: string): boolean {
	return CJK.test(text);
}

class GenerationError extends Error {}

function fail(message: string): never {
	throw new GenerationError(message);
}

function assertNoCjk(fileName: string, text: string): void {
	const bad = text
		.split('\n')
		.map((line, index) => ({ line, number: index + 1 }))
		.filter(({ line }) => hasCjk(line));
	if (bad.length > 0) {
		fail(
			`${fileName}: CJK text would be emitted on line(s) ${bad
				.slice(0, 10)
				.map(({ number, line }) => `${number}: ${line.trim().slice(0, 80)}`)
				.join('; ')}`,
		);
	}
}

// ---------------------------------------------------------------------------------------------
// Conversion

export interface GenerationStats {
	models: number;
	params: number;
	options: number;
	paramTypes: Record<string, number>;
	pricingKinds: Record<string, number>;
	priceUnits: Record<string, number>;
	unpriced: string[];
	droppedDefaults: { cjk: number; media: number; sampleIds: number };
	deprecated: string[];
}

function count(record: Record<string, number>, key: string): void {
	record[key] = (record[key] ?? 0) + 1;
}

/** Letters and digits only, lower-case: compares names spelt with different separators. */
function bare(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

const DEPRECATED_IN_NAME = /-?\s*\[deprecated\]\s*(.*)$/i;

function modelName(raw: RawModel): { name: string; deprecated?: string } {
	const endpointDeprecated = /\[deprecated\]|-deprecated$/i.test(raw.endpoint);
	let source = raw.name_en.trim();
	let notice: string | undefined;
	const inName = DEPRECATED_IN_NAME.exec(source);
	if (inName) {
		notice = inName[1].trim();
		source = source.slice(0, inName.index);
	}
	if (source === '' || hasCjk(source)) source = raw.endpoint;
	const cleanEndpoint = raw.endpoint.replace(DEPRECATED_IN_NAME, '').replace(/-deprecated$/i, '');
	// A name that only spells the endpoint with other separators takes the endpoint's structure.
	if (bare(source) === bare(cleanEndpoint)) source = cleanEndpoint;
	let name = titleFromSlug(source);
	// `Kling V2.6 Pro Image to Video` → `Kling V2.6 Pro · Image to Video` (the endpoint's last part).
	const task = titleFromSlug(cleanEndpoint.split('/').pop() ?? '');
	if (!name.includes(' · ') && task !== '' && name.endsWith(` ${task}`)) {
		name = `${name.slice(0, -task.length - 1)} · ${task}`;
	}
	for (const [pattern, replacement] of NAME_PHRASES) name = name.replace(pattern, replacement);
	if (inName || endpointDeprecated) {
		const sentence = notice ? ` ${notice.charAt(0).toUpperCase()}${notice.slice(1)}` : '';
		return {
			name: `${name} (Deprecated)`,
			deprecated: `Deprecated by RunningHub.${sentence.replace(/([^.])$/, '$1.')}`,
		};
	}
	return { name };
}

function category(raw: RawModel): string {
	const short = raw.category.replace(/^RunningHub\//, '').trim();
	const fixed = CATEGORY_FIXES[short] ?? short;
	if (fixed === '' || hasCjk(fixed)) fail(`${raw.endpoint}: unusable category "${raw.category}"`);
	return fixed;
}

function parseAccept(raw: RawParam, endpoint: string): string[] | undefined {
	if (raw.accept === undefined) return undefined;
	let list: unknown;
	try {
		list = JSON.parse(raw.accept);
	} catch {
		fail(`${endpoint} ${raw.fieldKey}: accept is not JSON: ${raw.accept}`);
	}
	if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
		fail(`${endpoint} ${raw.fieldKey}: accept is not a list of strings: ${raw.accept}`);
	}
	const extensions = list.map((item: string) => item.trim().toLowerCase().replace(/^\./, ''));
	return [...new Set(extensions)];
}

function defaultValue(
	raw: RawParam,
	type: ParamType,
	endpoint: string,
	stats: GenerationStats,
): CatalogueParam['default'] {
	const value = raw.defaultValue;
	if (value === undefined || value === null) return undefined;
	if (type === 'image' || type === 'video' || type === 'audio') {
		// Sample files on runninghub.cn with signed, expiring query strings: not a usable default.
		stats.droppedDefaults.media++;
		return undefined;
	}
	if (typeof value === 'string' && /^https?:\/\//i.test(value.trim())) {
		// The same sample files, in fields typed STRING.
		stats.droppedDefaults.media++;
		return undefined;
	}
	if (
		typeof value === 'string' &&
		/(Id|_id)$/.test(raw.fieldKey) &&
		/^\d{10,}$/.test(value.trim())
	) {
		// Sample session or audio IDs of the documentation: sending them would use someone else's task.
		stats.droppedDefaults.sampleIds++;
		return undefined;
	}
	if (typeof value === 'string' && hasCjk(value)) {
		// Chinese example text (prompts, lyrics): English only.
		stats.droppedDefaults.cjk++;
		return undefined;
	}
	const where = `${endpoint} ${raw.fieldKey}`;
	switch (type) {
		case 'int':
			if (typeof value !== 'number' || !Number.isInteger(value))
				fail(`${where}: INT default ${String(value)}`);
			return value;
		case 'float':
			if (typeof value !== 'number' || !Number.isFinite(value))
				fail(`${where}: FLOAT default ${String(value)}`);
			return value;
		case 'boolean':
			if (typeof value !== 'boolean') fail(`${where}: BOOLEAN default ${String(value)}`);
			return value;
		default:
			if (typeof value !== 'string') fail(`${where}: ${type} default ${String(value)}`);
			return value;
	}
}

function convertParam(raw: RawParam, endpoint: string, stats: GenerationStats): CatalogueParam {
	const type = PARAM_TYPES[raw.type];
	if (type === undefined) fail(`${endpoint} ${raw.fieldKey}: unknown parameter type ${raw.type}`);
	count(stats.paramTypes, raw.type);
	const param: CatalogueParam = {
		key: raw.fieldKey,
		label: labelFromKey(raw.fieldKey),
		type,
		required: raw.required === true,
	};
	const fallback = defaultValue(raw, type, endpoint, stats);
	if (fallback !== undefined) param.default = fallback;
	if (type === 'list') {
		const options = raw.options ?? [];
		if (options.length === 0) fail(`${endpoint} ${raw.fieldKey}: LIST without options`);
		param.options = options.map((option) => {
			if (typeof option.value !== 'string')
				fail(`${endpoint} ${raw.fieldKey}: option value not a string`);
			const english = option.descriptionEn?.trim();
			const label = english && !hasCjk(english) ? english : option.value;
			stats.options++;
			return { value: option.value, label };
		});
		const values = param.options.map((option) => option.value);
		if (new Set(values).size !== values.length)
			fail(`${endpoint} ${raw.fieldKey}: duplicate options`);
		if (param.default !== undefined && !values.includes(String(param.default))) {
			fail(`${endpoint} ${raw.fieldKey}: default ${String(param.default)} is not an option`);
		}
	} else if (raw.options !== undefined && raw.options.length > 0) {
		fail(`${endpoint} ${raw.fieldKey}: options on a ${raw.type} parameter`);
	}
	for (const bound of ['min', 'max', 'step', 'maxLength'] as const) {
		const value = raw[bound];
		if (value === undefined || value === null) continue;
		if (typeof value !== 'number' || !Number.isFinite(value))
			fail(`${endpoint} ${raw.fieldKey}: ${bound}`);
		if (bound === 'step' && value <= 0) continue;
		param[bound] = value;
	}
	const accept = parseAccept(raw, endpoint);
	if (accept !== undefined && accept.length > 0) param.accept = accept;
	if (typeof raw.maxSize === 'number' && raw.maxSize > 0) param.maxSizeMb = raw.maxSize;
	if (raw.multipleInputs === true) {
		param.multiple = true;
		if (typeof raw.maxInputNum === 'number' && raw.maxInputNum > 0)
			param.maxItems = raw.maxInputNum;
	}
	const description = raw.descriptionEn?.trim();
	if (description && !hasCjk(description)) param.description = description;
	return param;
}

function convertModel(raw: RawModel, stats: GenerationStats): CatalogueModel {
	const output = OUTPUT_TYPES[raw.output_type];
	if (output === undefined) fail(`${raw.endpoint}: unknown output type ${raw.output_type}`);
	if (!/^[\w.\-/[\]]+$/.test(raw.endpoint)) fail(`unexpected endpoint "${raw.endpoint}"`);
	const { name, deprecated } = modelName(raw);
	const params = raw.params.map((param) => convertParam(param, raw.endpoint, stats));
	for (const field of ['key', 'label'] as const) {
		const seen = new Set<string>();
		for (const param of params) {
			if (seen.has(param[field]))
				fail(`${raw.endpoint}: duplicate parameter ${field} "${param[field]}"`);
			seen.add(param[field]);
		}
	}
	stats.params += params.length;
	const model: CatalogueModel = {
		endpoint: raw.endpoint,
		name,
		category: category(raw),
		output,
		params,
	};
	if (deprecated !== undefined) {
		model.deprecated = deprecated;
		stats.deprecated.push(raw.endpoint);
	}
	return model;
}

function convertPrice(raw: RawPrice, model: CatalogueModel, stats: GenerationStats): PriceEntry {
	const where = `pricing ${raw.endpoint}`;
	if (typeof raw.currency !== 'string' || !/^[A-Z]{3}$/.test(raw.currency))
		fail(`${where}: currency`);
	count(stats.pricingKinds, raw.pricing_type);
	count(stats.priceUnits, raw.unit);
	if (raw.pricing_type === 'unparsed') {
		const meaning = UNPARSED_UNITS[raw.unit];
		const note = meaning
			? `No structured price: ${meaning}.`
			: "No structured price: the price table could not express this model's price.";
		return { kind: 'unparsed', currency: raw.currency, note };
	}
	const unit = PRICE_UNITS[raw.unit];
	if (unit === undefined) fail(`${where}: unknown price unit ${raw.unit}`);
	const minimum = unit.minimum ? { minimum: true as const } : {};
	if (raw.pricing_type === 'fixed') {
		if (typeof raw.price !== 'number' || !Number.isFinite(raw.price)) fail(`${where}: price`);
		return { kind: 'fixed', currency: raw.currency, unit: unit.unit, price: raw.price, ...minimum };
	}
	if (raw.pricing_type === 'parameter_based') {
		const dependsOn = raw.depends_on ?? [];
		const keys = new Set(model.params.map((param) => param.key));
		for (const key of dependsOn)
			if (!keys.has(key)) fail(`${where}: depends on unknown parameter ${key}`);
		const rules = (raw.rules ?? []).map((rule) => {
			if (typeof rule.price !== 'number' || !Number.isFinite(rule.price))
				fail(`${where}: rule price`);
			const when: Record<string, string> = {};
			for (const key of Object.keys(rule.when)) {
				if (!dependsOn.includes(key)) fail(`${where}: rule on ${key}, not in depends_on`);
			}
			// A rule names every dependency (an empty string matches any value).
			for (const key of dependsOn) {
				const value = rule.when[key];
				if (value === undefined || value === null) fail(`${where}: rule without ${key}`);
				when[key] = String(value);
			}
			return { when, price: rule.price };
		});
		if (rules.length === 0) fail(`${where}: parameter_based without rules`);
		return { kind: 'rules', currency: raw.currency, unit: unit.unit, dependsOn, rules, ...minimum };
	}
	return fail(`${where}: unknown pricing type ${raw.pricing_type}`);
}

// ---------------------------------------------------------------------------------------------
// Output: a small, stable TypeScript literal printer (tabs, single quotes, fixed key order).

function quote(text: string): string {
	let out = "'";
	for (const char of text) {
		const code = char.codePointAt(0) ?? 0;
		if (char === '\\') out += '\\\\';
		else if (char === "'") out += "\\'";
		else if (char === '\n') out += '\\n';
		else if (char === '\r') out += '\\r';
		else if (char === '\t') out += '\\t';
		else if (code < 0x20 || code === 0x2028 || code === 0x2029 || (code >= 0x7f && code < 0xa0)) {
			out += `\\u${code.toString(16).padStart(4, '0')}`;
		} else out += char;
	}
	return `${out}'`;
}

function propertyName(key: string): string {
	return /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
}

function literal(value: unknown): string {
	if (typeof value === 'string') return quote(value);
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) fail(`non-finite number ${value}`);
		return Object.is(value, -0) ? '0' : String(value);
	}
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
	if (typeof value === 'object' && value !== null) {
		const entries = Object.entries(value).filter(([, item]) => item !== undefined);
		if (entries.length === 0) return '{}';
		return `{ ${entries.map(([key, item]) => `${propertyName(key)}: ${literal(item)}`).join(', ')} }`;
	}
	return fail(`cannot print ${typeof value}`);
}

/** Fixed key order of a parameter, so that output never depends on insertion order. */
const PARAM_KEYS: Array<keyof CatalogueParam> = [
	'key',
	'label',
	'type',
	'required',
	'default',
	'min',
	'max',
	'step',
	'maxLength',
	'accept',
	'maxSizeMb',
	'multiple',
	'maxItems',
	'description',
	'options',
];

function printParam(param: CatalogueParam): string {
	const ordered: Record<string, unknown> = {};
	for (const key of PARAM_KEYS)
		if (param[key] !== undefined) ordered[key === 'key' ? 'field' : key] = param[key];
	if (!param.required) delete ordered.required;
	if (param.options !== undefined) {
		ordered.options = param.options.map((option) =>
			option.label === option.value ? option.value : [option.value, option.label],
		);
	}
	if (Object.keys(param).some((key) => !PARAM_KEYS.includes(key as keyof CatalogueParam))) {
		fail(`parameter ${param.key} has a field the printer does not know`);
	}
	return literal(ordered);
}

function printModel(model: CatalogueModel): string {
	const lines = [
		'\t{',
		`\t\tendpoint: ${quote(model.endpoint)},`,
		`\t\tname: ${quote(model.name)},`,
		`\t\tcategory: ${quote(model.category)},`,
		`\t\toutput: ${quote(model.output)},`,
	];
	if (model.deprecated !== undefined) lines.push(`\t\tdeprecated: ${quote(model.deprecated)},`);
	if (model.params.length === 0) lines.push('\t\tparams: [],');
	else {
		lines.push('\t\tparams: [');
		for (const param of model.params) lines.push(`\t\t\t${printParam(param)},`);
		lines.push('\t\t],');
	}
	lines.push('\t},');
	return lines.join('\n');
}

function printPrice(endpoint: string, entry: PriceEntry): string {
	if (entry.kind !== 'rules') return `\t${quote(endpoint)}: ${literal(entry)},`;
	const head = {
		kind: entry.kind,
		currency: entry.currency,
		unit: entry.unit,
		minimum: entry.minimum,
	};
	const lines = [`\t${quote(endpoint)}: {`];
	for (const [key, value] of Object.entries(head)) {
		if (value !== undefined) lines.push(`\t\t${key}: ${literal(value)},`);
	}
	lines.push(`\t\tdependsOn: ${literal(entry.dependsOn)},`);
	lines.push('\t\trules: [');
	for (const rule of entry.rules) {
		lines.push(`\t\t\t${literal([rule.price, ...entry.dependsOn.map((key) => rule.when[key])])},`);
	}
	lines.push('\t\t],');
	lines.push('\t},');
	return lines.join('\n');
}

function header(licence: string, what: string, version: string): string {
	const notice = licence
		.trim()
		.split('\n')
		.map((line) => (line.trim() === '' ? ' *' : ` *   ${line.trimEnd()}`));
	return [
		'/*!',
		` * ${what}`,
		` * Generated from RunningHub's public model registry and price table (version ${version}).`,
		' * GENERATED FILE - DO NOT EDIT. Run `npm run catalogue` (scripts/generate-catalogue.mts).',
		' *',
		' * The source data is licensed by RunningHub under the Apache License 2.0:',
		' *',
		...notice,
		' *',
		' * Changes made to the source data: converted to TypeScript; English only (Chinese',
		' * descriptions, labels and example texts removed, labels derived from field names);',
		' * sample media URLs and sample IDs removed as defaults.',
		' */',
	].join('\n');
}

export interface GeneratedFiles {
	models: string;
	pricing: string;
	stats: GenerationStats;
}

export function generate(dataDir: string = defaultDataDir()): GeneratedFiles {
	const registry = JSON.parse(
		readFileSync(join(dataDir, 'model-registry.json'), 'utf8'),
	) as RawRegistry;
	const pricing = JSON.parse(readFileSync(join(dataDir, 'pricing.json'), 'utf8')) as RawPricing;
	const licence = readFileSync(join(dataDir, 'LICENSE-registry.txt'), 'utf8');
	if (hasCjk(licence)) fail('LICENSE-registry.txt contains CJK text');

	const stats: GenerationStats = {
		models: 0,
		params: 0,
		options: 0,
		paramTypes: {},
		pricingKinds: {},
		priceUnits: {},
		unpriced: [],
		droppedDefaults: { cjk: 0, media: 0, sampleIds: 0 },
		deprecated: [],
	};

	if (registry.models.length !== registry.model_count) {
		fail(
			`registry lists ${registry.models.length} models but says model_count ${registry.model_count}`,
		);
	}
	const byEndpoint = new Map<string, CatalogueModel>();
	for (const raw of registry.models) {
		if (byEndpoint.has(raw.endpoint)) fail(`duplicate endpoint ${raw.endpoint}`);
		byEndpoint.set(raw.endpoint, convertModel(raw, stats));
	}
	const models = [...byEndpoint.values()].sort((a, b) => compare(a.endpoint, b.endpoint));
	stats.models = models.length;
	const names = new Map<string, string>();
	for (const model of models) {
		const other = names.get(model.name);
		if (other !== undefined)
			fail(`models ${other} and ${model.endpoint} share the name "${model.name}"`);
		names.set(model.name, model.endpoint);
	}

	const prices = new Map<string, PriceEntry>();
	for (const raw of pricing.pricing) {
		const model = byEndpoint.get(raw.endpoint);
		if (model === undefined) fail(`pricing for unknown endpoint ${raw.endpoint}`);
		if (prices.has(raw.endpoint)) fail(`duplicate pricing for ${raw.endpoint}`);
		prices.set(raw.endpoint, convertPrice(raw, model, stats));
	}
	stats.unpriced = models
		.map((model) => model.endpoint)
		.filter((endpoint) => !prices.has(endpoint));

	const modelsText = [
		header(licence, 'RunningHub standard-model catalogue.', registry.version),
		'', // a detached header: tsc keeps it in dist even with removeComments
		"import type { CompactModel } from './types';",
		'',
		'/** Source and licence of the catalogue data. */',
		'export const CATALOGUE_SOURCE = {',
		`\tregistryVersion: ${quote(registry.version)},`,
		`\tlicence: 'Apache-2.0 (Copyright 2025 RunningHub), http://www.apache.org/licenses/LICENSE-2.0',`,
		'} as const;',
		'',
		'/** Every RunningHub standard model (POST /openapi/v2/<endpoint>), sorted by endpoint. */',
		'export const CATALOGUE_MODELS: readonly CompactModel[] = [',
		...models.map(printModel),
		'];',
		'',
	].join('\n');

	const priceNote = (pricing.note ?? '').trim();
	if (hasCjk(priceNote)) fail('pricing.json note contains CJK text');
	const pricingText = [
		header(licence, 'RunningHub standard-model price rules.', pricing.version),
		'',
		"import type { CompactPriceEntry } from './types';",
		'',
		"/** The price table's own caveat. */",
		`export const PRICING_NOTE = ${quote(priceNote)};`,
		'',
		`/** Price rule per endpoint (${prices.size} of ${models.length} models; the others have no public price). */`,
		'export const CATALOGUE_PRICING: Readonly<Record<string, CompactPriceEntry>> = {',
		...[...prices.keys()]
			.sort(compare)
			.map((endpoint) => printPrice(endpoint, prices.get(endpoint) as PriceEntry)),
		'};',
		'',
	].join('\n');

	assertNoCjk('models.generated.ts', modelsText);
	assertNoCjk('pricing.generated.ts', pricingText);
	return { models: modelsText, pricing: pricingText, stats };
}

/** Code-unit order: the same on every machine and locale. */
function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function readOrEmpty(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

function main(argv: string[]): number {
	const check = argv.includes('--check');
	let generated: GeneratedFiles;
	try {
		generated = generate();
	} catch (error) {
		if (error instanceof GenerationError) {
			console.error(`generate-catalogue: ${error.message}`);
			return 1;
		}
		throw error;
	}
	const outputs: Array<[string, string]> = [
		[MODELS_FILE, generated.models],
		[PRICING_FILE, generated.pricing],
	];
	if (check) {
		const stale = outputs
			.filter(([file, text]) => readOrEmpty(file) !== text)
			.map(([file]) => file);
		if (stale.length > 0) {
			console.error(`generate-catalogue: out of date: ${stale.join(', ')}. Run npm run catalogue.`);
			return 1;
		}
		console.log('generate-catalogue: up to date');
		return 0;
	}
	for (const [file, text] of outputs) writeFileSync(file, text);
	const { stats } = generated;
	console.log(
		`generate-catalogue: ${stats.models} models, ${stats.params} parameters, ${stats.options} options; ` +
			`${Buffer.byteLength(generated.models)} + ${Buffer.byteLength(generated.pricing)} bytes`,
	);
	console.log(`  parameter types: ${JSON.stringify(stats.paramTypes)}`);
	console.log(
		`  pricing: ${JSON.stringify(stats.pricingKinds)} units ${JSON.stringify(stats.priceUnits)}`,
	);
	console.log(`  unpriced: ${stats.unpriced.join(', ') || 'none'}`);
	console.log(
		`  dropped defaults: ${JSON.stringify(stats.droppedDefaults)}; deprecated: ${stats.deprecated.length}`,
	);
	return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	process.exitCode = main(process.argv.slice(2));
}
