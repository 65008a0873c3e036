/**
 * Searching the catalogue: backs the model resource locator's list search.
 */
import { listModels } from './models';
import type { CatalogueModel, OutputType } from './types';

export interface ModelFilter {
	/** Words that must all occur in the name, endpoint, category or output type (any case). */
	text?: string;
	category?: string;
	output?: OutputType;
	/** Whether to list models RunningHub marks as deprecated. Default true (they sort last). */
	includeDeprecated?: boolean;
}

/** Order of output types within a category. */
const OUTPUT_ORDER: OutputType[] = ['video', 'image', 'audio', 'text', '3d'];

export const OUTPUT_LABELS: Record<OutputType, string> = {
	video: 'Video',
	image: 'Image',
	audio: 'Audio',
	text: 'Text',
	'3d': '3D',
};

function compact(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function haystack(model: CatalogueModel): { spaced: string; joined: string } {
	const text = [
		model.name,
		model.endpoint,
		model.category,
		model.output,
		OUTPUT_LABELS[model.output],
	]
		.join(' ')
		.toLowerCase();
	return { spaced: text, joined: compact(text) };
}

function matchesText(model: CatalogueModel, text: string): boolean {
	const words = text
		.toLowerCase()
		.split(/\s+/)
		.filter((word) => word !== '');
	if (words.length === 0) return true;
	const { spaced, joined } = haystack(model);
	return words.every((word) => {
		if (spaced.includes(word)) return true;
		const bare = compact(word);
		return bare !== '' && joined.includes(bare);
	});
}

function compareText(a: string, b: string): number {
	const left = a.toLowerCase();
	const right = b.toLowerCase();
	if (left !== right) return left < right ? -1 : 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders models by category, then output type, then deprecated last, then name. */
export function compareModels(a: CatalogueModel, b: CatalogueModel): number {
	return (
		compareText(a.category, b.category) ||
		OUTPUT_ORDER.indexOf(a.output) - OUTPUT_ORDER.indexOf(b.output) ||
		Number(a.deprecated !== undefined) - Number(b.deprecated !== undefined) ||
		compareText(a.name, b.name) ||
		compareText(a.endpoint, b.endpoint)
	);
}

function words(text: string): string[] {
	return text
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter((word) => word !== '');
}

/**
 * How many neighbouring word pairs of the search text are neighbours in the model's name or
 * endpoint too: "image to image" then ranks Image to Image above Image to Video.
 */
function phraseScore(model: CatalogueModel, text: string): number {
	const query = words(text);
	if (query.length < 2) return 0;
	const target = ` ${words(`${model.name} ${model.endpoint}`).join(' ')} `;
	let score = 0;
	for (let n = 1; n < query.length; n++) {
		if (target.includes(` ${query[n - 1]} ${query[n]} `)) score++;
	}
	return score;
}

/**
 * Models matching a text (or a filter), grouped by category and output type; with a search text
 * of several words, the models that have those words side by side come first.
 */
export function searchModels(filter: string | ModelFilter = {}): CatalogueModel[] {
	const options: ModelFilter = typeof filter === 'string' ? { text: filter } : filter;
	const category = options.category?.trim().toLowerCase();
	const text = options.text ?? '';
	const found = listModels().filter(
		(model) =>
			(options.includeDeprecated !== false || model.deprecated === undefined) &&
			(category === undefined || category === '' || model.category.toLowerCase() === category) &&
			(options.output === undefined || model.output === options.output) &&
			matchesText(model, text),
	);
	const scores = new Map(found.map((model) => [model, phraseScore(model, text)]));
	return found.sort((a, b) => scores.get(b)! - scores.get(a)! || compareModels(a, b));
}

export interface ModelListItem {
	/** e.g. `Kling · Video: Kling Lip Sync · Lip Sync Video` (category, output type, model). */
	name: string;
	/** The endpoint. */
	value: string;
	/** e.g. `Video output · kling-lip-sync/lip-sync-video` */
	description: string;
}

/** `Kling · Video`, or just `Audio` where the category is the output type's name. */
function listPrefix(model: CatalogueModel): string {
	const output = OUTPUT_LABELS[model.output];
	return model.category === output ? output : `${model.category} · ${output}`;
}

/** Entries for an n8n list search (`INodeListSearchItems`): the category and output type lead the name. */
export function modelListItems(filter: string | ModelFilter = {}): ModelListItem[] {
	return searchModels(filter).map((model) => ({
		name: `${listPrefix(model)}: ${model.name}`,
		value: model.endpoint,
		description: `${OUTPUT_LABELS[model.output]} output · ${model.endpoint}${
			model.deprecated !== undefined ? ` · ${model.deprecated}` : ''
		}`,
	}));
}

/** The categories, sorted. */
export function listCategories(): string[] {
	return [...new Set(listModels().map((model) => model.category))].sort(compareText);
}
