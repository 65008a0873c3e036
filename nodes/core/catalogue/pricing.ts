/**
 * Cost estimates from RunningHub's public price table (pricing.generated.ts). Prices may change:
 * show them as estimates (see PRICING_NOTE).
 */
import { coerceModelInput } from './coerce';
import { getModel, getParam } from './models';
import { CATALOGUE_PRICING } from './pricing.generated';
import type {
	CatalogueModel,
	CompactPriceEntry,
	CostEstimate,
	PriceEntry,
	PriceRule,
	PriceUnit,
} from './types';
import { characterCount } from './validate';

export { PRICING_NOTE } from './pricing.generated';

export interface CostContext {
	/** Output length in seconds when it is known from elsewhere (e.g. a measured audio file). */
	outputSeconds?: number;
	/** Number of billed characters when known from elsewhere. */
	characters?: number;
}

const UNIT_TEXT: Record<PriceUnit, string> = {
	call: 'call',
	second: 'second of output',
	'5 seconds': '5 s of output',
	'1000 characters': '1000 characters',
	image: 'image',
};

/** Parameters that say how many images a call makes, in order of preference. */
const IMAGE_COUNT_KEYS = ['imageNum', 'n', 'numImages', 'maxImages'];
/** Parameters whose text is billed per character. */
const TEXT_KEYS = ['text', 'prompt', 'lyrics'];

function decodeEntry(entry: CompactPriceEntry): PriceEntry {
	if (entry.kind !== 'rules') return entry;
	const rules: PriceRule[] = entry.rules.map(([price, ...values]) => {
		const when: Record<string, string> = {};
		entry.dependsOn.forEach((key, index) => {
			when[key] = values[index] ?? '';
		});
		return { when, price };
	});
	return { ...entry, rules };
}

function normaliseEndpointKey(endpoint: string): string | undefined {
	return getModel(endpoint)?.endpoint;
}

/** The price rule of an endpoint, or undefined when RunningHub publishes none. */
export function getPriceEntry(endpoint: string): PriceEntry | undefined {
	const key = normaliseEndpointKey(endpoint);
	const entry = key === undefined ? undefined : CATALOGUE_PRICING[key];
	return entry === undefined ? undefined : decodeEntry(entry);
}

function formatAmount(value: number): string {
	return String(Number(value.toFixed(6)));
}

function round(value: number): number {
	return Number(value.toFixed(6));
}

function labelOf(model: CatalogueModel, key: string): string {
	return getParam(model, key)?.label ?? key;
}

function asNumber(value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** Input after coercion, with the model's defaults for what is missing (RunningHub applies them). */
function effectiveInput(
	model: CatalogueModel,
	input: Record<string, unknown>,
): Record<string, unknown> {
	const values = coerceModelInput(model, input);
	for (const param of model.params) {
		if (values[param.key] === undefined && param.default !== undefined)
			values[param.key] = param.default;
	}
	return values;
}

function sameValue(actual: unknown, expected: string): boolean {
	if (actual === undefined || actual === null || Array.isArray(actual)) return false;
	return String(actual).trim().toLowerCase() === expected.trim().toLowerCase();
}

function findRule(rules: PriceRule[], values: Record<string, unknown>): PriceRule | undefined {
	return rules.find((rule) =>
		Object.keys(rule.when).every(
			(key) => rule.when[key] === '' || sameValue(values[key], rule.when[key]),
		),
	);
}

interface Quantity {
	quantity?: number;
	text?: string;
	assumptions: string[];
}

function outputSeconds(
	model: CatalogueModel,
	values: Record<string, unknown>,
	context: CostContext,
): { seconds?: number; source?: string; assumption?: string } {
	if (context.outputSeconds !== undefined && context.outputSeconds > 0) {
		return { seconds: context.outputSeconds };
	}
	const duration = asNumber(values.duration);
	if (getParam(model, 'duration') !== undefined && duration !== undefined && duration > 0) {
		return { seconds: duration, source: `from ${labelOf(model, 'duration')}` };
	}
	const start = asNumber(values.soundStartTime);
	const end = asNumber(values.soundEndTime);
	if (start !== undefined && end !== undefined && end > start) {
		return {
			seconds: (end - start) / 1000,
			source: `between ${labelOf(model, 'soundStartTime')} and ${labelOf(model, 'soundEndTime')}`,
			assumption: 'Assumes the output is as long as the inserted audio.',
		};
	}
	return {};
}

function quantityFor(
	unit: PriceUnit,
	model: CatalogueModel,
	values: Record<string, unknown>,
	context: CostContext,
): Quantity {
	switch (unit) {
		case 'call':
			return { quantity: 1, assumptions: [] };
		case 'image': {
			const key = IMAGE_COUNT_KEYS.find((name) => getParam(model, name) !== undefined);
			const count = key === undefined ? undefined : asNumber(values[key]);
			if (key === undefined || count === undefined) return { quantity: 1, assumptions: [] };
			const assumptions = key === 'maxImages' ? [`${labelOf(model, key)} is an upper bound.`] : [];
			return {
				quantity: count,
				text: `${formatAmount(count)} (${labelOf(model, key)})`,
				assumptions,
			};
		}
		case 'second':
		case '5 seconds': {
			const { seconds, source, assumption } = outputSeconds(model, values, context);
			if (seconds === undefined) {
				return {
					assumptions: ['The output length is unknown, so this is the price of one unit.'],
				};
			}
			const assumptions = assumption === undefined ? [] : [assumption];
			const length = `${formatAmount(seconds)} s`;
			if (unit === 'second') {
				return {
					quantity: seconds,
					text: source === undefined ? length : `${length} (${source})`,
					assumptions,
				};
			}
			const blocks = Math.ceil(seconds / 5 - 1e-9);
			assumptions.push('Assumes a started 5-second block is charged in full.');
			const text = `${blocks} (${length}${source === undefined ? '' : ` ${source}`})`;
			return { quantity: blocks, text, assumptions };
		}
		case '1000 characters': {
			let characters = context.characters;
			let source: string | undefined;
			if (characters === undefined) {
				const key = TEXT_KEYS.find((name) => typeof values[name] === 'string');
				if (key !== undefined) {
					characters = characterCount(values[key] as string);
					source = labelOf(model, key);
				}
			}
			if (characters === undefined) {
				return {
					assumptions: ['The text length is unknown, so this is the price of 1000 characters.'],
				};
			}
			return {
				quantity: characters / 1000,
				text: `${formatAmount(characters / 1000)} (${characters} characters${source === undefined ? '' : ` of ${source}`})`,
				assumptions: ['Assumes the charge is proportional to the number of characters.'],
			};
		}
	}
}

/**
 * Estimated cost of running `endpoint` with `input` (n8n form values are fine: they are coerced,
 * and missing fields take the model's defaults). Undefined when RunningHub publishes no usable
 * price for the model or no price rule matches the input.
 */
export function estimateCost(
	endpoint: string,
	input: Record<string, unknown> = {},
	context: CostContext = {},
): CostEstimate | undefined {
	const model = getModel(endpoint);
	const entry = getPriceEntry(endpoint);
	if (model === undefined || entry === undefined || entry.kind === 'unparsed') return undefined;
	const values = effectiveInput(model, input);
	const assumptions: string[] = [];
	let unitPrice: number;
	let conditions = '';
	let multiplier = 1;
	const factors: string[] = [];
	if (entry.kind === 'fixed') unitPrice = entry.price;
	else {
		const rule = findRule(entry.rules, values);
		if (rule === undefined) return undefined;
		unitPrice = rule.price;
		const named = entry.dependsOn.filter((key) => rule.when[key] !== '');
		if (named.length > 0) {
			conditions = ` for ${named.map((key) => `${labelOf(model, key)} ${rule.when[key]}`).join(', ')}`;
		}
		for (const key of entry.dependsOn.filter((name) => rule.when[name] === '')) {
			// The table says the price depends on this field without listing values: a count.
			const count = asNumber(values[key]);
			if (count !== undefined && count > 0) {
				multiplier *= count;
				factors.push(`${formatAmount(count)} (${labelOf(model, key)})`);
				assumptions.push(`Assumes the price is per unit of ${labelOf(model, key)}.`);
			}
		}
	}
	const {
		quantity,
		text,
		assumptions: quantityAssumptions,
	} = quantityFor(entry.unit, model, values, context);
	assumptions.push(...quantityAssumptions);
	if (entry.minimum === true) assumptions.push('The table gives this as a starting price.');
	if (unitPrice === 0) assumptions.push('The table lists a price of 0, which may be incomplete.');
	if (text !== undefined) factors.unshift(text);
	const amount = round(unitPrice * (quantity ?? 1) * multiplier);
	const from = entry.minimum === true ? 'from ' : '';
	const basis =
		`${from}${formatAmount(unitPrice)} ${entry.currency} per ${UNIT_TEXT[entry.unit]}` +
		`${factors.map((factor) => ` × ${factor}`).join('')}${conditions}` +
		`${assumptions.length > 0 ? `. ${assumptions.join(' ')}` : ''}`;
	const estimate: CostEstimate = {
		amount,
		currency: entry.currency,
		basis,
		exact: assumptions.length === 0 && quantity !== undefined,
		unit: entry.unit,
		unitPrice,
	};
	if (quantity !== undefined) estimate.quantity = round(quantity * multiplier);
	return estimate;
}

/**
 * The price of a model in one line, without input, e.g. `0.9 to 1.6 CNY per second of output,
 * depending on Resolution`; undefined when RunningHub publishes no price.
 */
export function describePricing(endpoint: string): string | undefined {
	const model = getModel(endpoint);
	const entry = getPriceEntry(endpoint);
	if (model === undefined || entry === undefined) return undefined;
	if (entry.kind === 'unparsed') return entry.note;
	const from = entry.minimum === true ? 'from ' : '';
	const per = `${entry.currency} per ${UNIT_TEXT[entry.unit]}`;
	if (entry.kind === 'fixed') return `${from}${formatAmount(entry.price)} ${per}`;
	const prices = entry.rules.map((rule) => rule.price);
	const low = Math.min(...prices);
	const high = Math.max(...prices);
	const range = low === high ? formatAmount(low) : `${formatAmount(low)} to ${formatAmount(high)}`;
	const depends = entry.dependsOn.map((key) => labelOf(model, key)).join(' and ');
	return `${from}${range} ${per}, depending on ${depends}`;
}
