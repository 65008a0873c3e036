// Regenerates models.json, the compact copy of RunningHub's public model registry the
// simulator validates against, from the registry data vendored in data/runninghub.
// Usage: npx tsx simulator/catalogue/build.mts [path/to/data]   (default data/runninghub)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface RawParam {
	fieldKey: string;
	type: string;
	required: boolean;
	defaultValue?: unknown;
	options?: Array<{ value: string }>;
	min?: number;
	max?: number;
	maxLength?: number;
	multipleInputs?: boolean;
	maxInputNum?: number;
	maxSize?: number;
}
interface RawModel {
	endpoint: string;
	output_type: string;
	params: RawParam[];
}
interface RawPrice {
	endpoint: string;
	price?: number;
	rules?: Array<{ price: number }>;
}

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(process.argv[2] ?? join(here, '../../data/runninghub'));
const registry = JSON.parse(readFileSync(join(source, 'model-registry.json'), 'utf8')) as {
	version: string;
	models: RawModel[];
};
const pricing = JSON.parse(readFileSync(join(source, 'pricing.json'), 'utf8')) as {
	pricing: RawPrice[];
};
const prices = new Map(
	pricing.pricing.map((p) => [p.endpoint, p.price ?? p.rules?.[0]?.price ?? null]),
);

const models = registry.models.map((m) => ({
	endpoint: m.endpoint,
	outputType: m.output_type,
	price: prices.get(m.endpoint) ?? null,
	params: m.params.map((p) => {
		const spec: Record<string, unknown> = {
			fieldKey: p.fieldKey,
			type: p.type,
			required: p.required,
		};
		if (p.options) spec.options = p.options.map((o) => o.value);
		for (const k of [
			'defaultValue',
			'min',
			'max',
			'maxLength',
			'maxInputNum',
			'maxSize',
		] as const) {
			if (p[k] !== undefined) spec[k] = p[k];
		}
		if (p.multipleInputs) spec.multipleInputs = true;
		return spec;
	}),
}));

const out = {
	notice:
		'Derived from RunningHub model-registry.json and pricing.json (' +
		registry.version +
		'), Copyright 2025 RunningHub, Apache-2.0: see NOTICE.txt',
	version: registry.version,
	models,
};
writeFileSync(join(here, 'models.json'), JSON.stringify(out) + '\n');
writeFileSync(join(here, 'NOTICE.txt'), readFileSync(join(source, 'LICENSE-registry.txt'), 'utf8'));
console.log(`wrote ${models.length} models to ${join(here, 'models.json')}`);
