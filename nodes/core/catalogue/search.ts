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

/** Models matching a text (or a filter), grouped by category and output type. */
export function searchModels(filter: string | ModelFilter = {}): CatalogueModel[] {
	const options: ModelFilter = typeof filter === 'string' ? { text: filter } : filter;
	const category = options.category?.trim().toLowerCase();
	return listModels()
		.filter(
			(model) =>
				(options.includeDeprecated !== false || model.deprecated === undefined) &&
				(category === undefined || category === '' || model.category.toLowerCase() === category) &&
				(options.output === undefined || model.output === options.output) &&
				matchesText(model, options.text ?? ''),
		)
		.sort(compareModels);
}

export interface ModelListItem {
	/** e.g. `Kling · Video: Kling Lip Sync · Lip Sync Video` (category, output type, model). */
	name: string;
	/** The endpoint. */
	value: string;
	/** e.g. `Video output · kling-lip-sync/lip-sync-video` */
	description: string;
}

/** Entries for an n8n list search (`INodeListSearchItems`): the category and output type lead the name. */
export function modelListItems(filter: string | ModelFilter = {}): ModelListItem[] {
	return searchModels(filter).map((model) => ({
		name: `${model.category} · ${OUTPUT_LABELS[model.output]}: ${model.name}`,
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
