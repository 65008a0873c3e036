/**
 * Workflow and AI app IDs as resource locators (node version 2): typed By ID, or pasted By URL as
 * the address of the workflow's or app's page on runninghub.ai or runninghub.cn. IDs stay the
 * exact digit strings of the page (19 digits are beyond 2^53: never a Number).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from './api/errors';
import { idProblem, normaliseId } from './validation';

export type PageKind = 'workflow' | 'aiApp';

interface PageFacts {
	/** The page path before the ID, as the site shows it. */
	path: string;
	noun: string;
	/** The noun with its article, for sentences. */
	aNoun: string;
	example: string;
}

const PAGES: Record<PageKind, PageFacts> = {
	workflow: { path: 'workflow', noun: 'workflow', aNoun: 'a workflow', example: '1950000000000000001' },
	aiApp: { path: 'ai-detail', noun: 'AI app', aNoun: 'an AI app', example: '1937084629516193794' },
};

const HOST = /^(?:[a-z0-9-]+\.)*runninghub\.(?:ai|cn)$/i;

/** The ID in a RunningHub page address, or why there is none. */
export function idFromPageUrl(text: string, kind: PageKind): { id: string } | { error: string } {
	const facts = PAGES[kind];
	let url: URL;
	try {
		url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
	} catch {
		return { error: `"${text.slice(0, 80)}" is not a web address` };
	}
	if (!HOST.test(url.hostname)) return { error: `${url.hostname} is not runninghub.ai or runninghub.cn` };
	// e.g. /workflow/1950000000000000001, /en-US/workflow/…/ , /ai-detail/1937084629516193794?tab=api
	const segments = url.pathname.split('/').filter(Boolean);
	const at = segments.indexOf(facts.path);
	const id = at >= 0 ? segments[at + 1] : undefined;
	if (id === undefined) return { error: `the address is not ${facts.aNoun} page (…/${facts.path}/<ID>)` };
	const problem = idProblem(id);
	return problem ? { error: `"${id.slice(0, 40)}" in the address ${problem}` } : { id };
}

/**
 * The ID a parameter holds: a resource locator value (version 2) or the plain text of version 1
 * and of nodes saved before the locator. An empty value or an expression left in gives ''.
 */
export function pageIdOf(raw: unknown, kind: PageKind): { id: string } | { error: string } {
	const locator = raw && typeof raw === 'object' && '__rl' in raw ? (raw as { mode?: unknown; value?: unknown }) : undefined;
	const value = locator ? locator.value : raw;
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (locator?.mode === 'url' && text !== '') return idFromPageUrl(text, kind);
	return { id: text };
}

/** The checked ID of a Workflow ID / AI App ID parameter, before any call. */
export function readPageId(ctx: IExecuteFunctions, parameterName: string, displayName: string, kind: PageKind, itemIndex: number): string {
	const raw = ctx.getNodeParameter(parameterName, itemIndex, '') as unknown;
	if (!(raw && typeof raw === 'object' && '__rl' in raw)) return normaliseId(ctx, raw, displayName, itemIndex);
	const read = pageIdOf(raw, kind);
	if ('error' in read) {
		throw inputError(ctx.getNode(), {
			parameter: displayName,
			problem: read.error,
			fix: `Paste the address of the ${PAGES[kind].noun}'s page, e.g. https://www.runninghub.ai/${PAGES[kind].path}/${PAGES[kind].example}, or switch to By ID.`,
			itemIndex,
		});
	}
	return normaliseId(ctx, read.id, displayName, itemIndex);
}

/** The version-2 copy of an ID parameter: a resource locator with By ID and By URL. */
export function pageIdLocator(kind: PageKind): Partial<INodeProperties> {
	const facts = PAGES[kind];
	// Anchored: the whole text must be the page's address (an address inside other text, a longer
	// ID or letters after it are refused in the editor as the node refuses them on run).
	const urlRegex = `^\\s*(?:https?://)?(?:[a-zA-Z0-9-]+\\.)*runninghub\\.(?:ai|cn)/(?:[^?#\\s]*/)?${facts.path}/(\\d{1,19})(?:[/?#]\\S*)?\\s*$`;
	return {
		type: 'resourceLocator',
		default: { mode: 'id', value: '' },
		modes: [
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: `e.g. ${facts.example}`,
				validation: [
					{ type: 'regex', properties: { regex: '^\\s*\\d{1,19}\\s*$', errorMessage: `Enter the ${facts.noun}'s ID: up to 19 digits` } },
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `e.g. https://www.runninghub.ai/${facts.path}/${facts.example}`,
				validation: [
					{
						type: 'regex',
						properties: { regex: urlRegex, errorMessage: `Paste the address of ${facts.aNoun} page on runninghub.ai or runninghub.cn` },
					},
				],
				extractValue: { type: 'regex', regex: urlRegex },
			},
		],
	};
}
