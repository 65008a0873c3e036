// Writes the parts of docs/nodes/*.md that come from the node descriptions (the operation list and
// the parameter tables, node version 2) between `<!-- generated:NAME -->` and
// `<!-- /generated:NAME -->`, so the pages cannot drift from the nodes. The prose around them is
// written by hand. test/docs/nodeDocs.test.mts fails when a page differs from what this writes.
//
//   npx tsx scripts/generate-node-docs.mts          rewrite the pages
//   npx tsx scripts/generate-node-docs.mts --check  exit 1 when a page is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { IDisplayOptions, INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { RunningHub } from '../nodes/RunningHub/RunningHub.node';
import { RunningHubTrigger } from '../nodes/RunningHubTrigger/RunningHubTrigger.node';
import { RunningHubWaitForTask } from '../nodes/RunningHubWaitForTask/RunningHubWaitForTask.node';
import { V1_ERROR_CODES, V2_ERROR_CODES, type ErrorCodeInfo } from '../nodes/core/api/errorCodes';
import { LATEST_NODE_VERSION } from '../nodes/core/version';

export const DOCS_DIR = resolve(fileURLToPath(new URL('../docs/nodes', import.meta.url)));

type Show = Record<string, unknown[] | undefined>;

/** Whether a property is shown on this node version (its other conditions are reported, not judged). */
function onVersion(p: { displayOptions?: IDisplayOptions }, version: number): boolean {
	const conditions = p.displayOptions?.show?.['@version'];
	if (!conditions) return true;
	return conditions.some((c) => {
		if (typeof c === 'number') return c === version;
		const cnd = (c as { _cnd?: { gte?: number; lt?: number; eq?: number } })._cnd ?? {};
		return (cnd.gte === undefined || version >= cnd.gte) && (cnd.lt === undefined || version < cnd.lt) && (cnd.eq === undefined || version === cnd.eq);
	});
}

const plain = (html: string | undefined): string =>
	(html ?? '')
		.replace(/<br\s*\/?>/g, ' ')
		.replace(/<[^>]+>/g, '')
		.replace(/&nbsp;/g, ' ')
		.replace(/\s+/g, ' ')
		.replace(/\|/g, '\\|')
		.trim();

/** The resources of a node with their operations, in the order n8n shows them. */
export function operationsOf(desc: INodeTypeDescription): Array<{ resource: INodePropertyOptions; operations: INodePropertyOptions[] }> {
	const resources = (desc.properties.find((p) => p.name === 'resource')?.options ?? []) as INodePropertyOptions[];
	return resources.map((resource) => ({
		resource,
		operations: desc.properties
			.filter((p) => p.name === 'operation' && onVersion(p, LATEST_NODE_VERSION) && p.displayOptions?.show?.resource?.includes(resource.value))
			.flatMap((p) => p.options as INodePropertyOptions[]),
	}));
}

function operationList(desc: INodeTypeDescription): string {
	return operationsOf(desc)
		.map(({ resource, operations }) => [`- **${resource.name}**`, ...operations.map((o) => `  - **${o.name}**: ${plain(o.description)}.`.replace(/\.\.$/, '.'))].join('\n'))
		.join('\n');
}

/** "when Video Source is URL" for the display conditions other than resource, operation and version. */
function condition(p: INodeProperties, all: INodeProperties[]): string {
	const parts: string[] = [];
	for (const [key, values] of Object.entries((p.displayOptions?.show ?? {}) as Show)) {
		if (['resource', 'operation', '@version'].includes(key)) continue;
		// Several properties may share the name (one per operation): the one with these values owns them.
		const owners = all.filter((q) => q.name === key.replace(/^\//, ''));
		const option = (v: unknown) => owners.flatMap((q) => (q.options ?? []) as INodePropertyOptions[]).find((o) => o.value === v);
		const owner = owners[0];
		const names = (values ?? []).map((v) => option(v)?.name ?? String(v));
		parts.push(`${owner?.displayName ?? key} is ${names.join(' or ')}`);
	}
	return parts.length ? ` *Shown when ${parts.join(' and ')}.*` : '';
}

function defaultOf(p: INodeProperties): string {
	if (p.default === '' || p.default === undefined || p.default === null || (typeof p.default === 'object' && !Array.isArray(p.default))) return '';
	if (p.type === 'options') {
		const option = ((p.options ?? []) as INodePropertyOptions[]).find((o) => o.value === p.default);
		if (option) return option.name;
	}
	if (typeof p.default === 'string' && p.default.startsWith('=')) return `\`${p.default.slice(1).replace(/\|/g, '\\|')}\``;
	return `\`${JSON.stringify(p.default).replace(/\|/g, '\\|')}\``;
}

function rows(props: INodeProperties[], all: INodeProperties[], prefix = ''): string[] {
	const out: string[] = [];
	for (const p of props) {
		if (p.type === 'notice' || p.type === 'hidden' || !onVersion(p, LATEST_NODE_VERSION)) continue;
		const name = prefix ? `${prefix} → ${p.displayName}` : p.displayName;
		out.push(`| ${name} | ${defaultOf(p)} | ${plain(p.description)}${condition(p, all)} |`);
		if (p.type === 'collection') out.push(...rows(p.options as INodeProperties[], all, name));
		if (p.type === 'fixedCollection') {
			for (const group of p.options as INodePropertyCollection[]) out.push(...rows(group.values, all, `${name} → ${group.displayName}`));
		}
	}
	return out;
}

const TABLE_HEAD = ['| Parameter | Default | Description |', '|---|---|---|'];

function parameterTables(desc: INodeTypeDescription): string {
	const resources = operationsOf(desc);
	if (!resources.length) return [...TABLE_HEAD, ...rows(desc.properties, desc.properties)].join('\n');
	const sections: string[] = [];
	for (const { resource, operations } of resources) {
		for (const op of operations) {
			const props = desc.properties.filter((p) => {
				const show = (p.displayOptions?.show ?? {}) as Show;
				if (p.name === 'resource' || p.name === 'operation') return false;
				return (!show.resource || show.resource.includes(resource.value)) && (!show.operation || show.operation.includes(op.value));
			});
			sections.push(`### ${resource.name} → ${op.name}\n\n${[...TABLE_HEAD, ...rows(props, desc.properties)].join('\n')}`);
		}
	}
	return sections.join('\n\n');
}

/** RunningHub's error codes, what each means and what to do (nodes/core/api/errorCodes.ts). */
function errorTable(): string {
	const row = (code: string, info: ErrorCodeInfo) => `| \`${code}\` | ${plain(info.meaning)} | ${plain(info.action)} |`;
	return [
		'| Code | Meaning | Fix |',
		'|---|---|---|',
		...Object.entries(V2_ERROR_CODES).map(([code, info]) => row(code, info)),
		...Object.entries(V1_ERROR_CODES).map(([code, info]) => row(code, info)),
	].join('\n');
}

export const PAGES: Array<{ file: string; desc: INodeTypeDescription }> = [
	{ file: 'RunningHub.md', desc: new RunningHub().description },
	{ file: 'RunningHubWaitForTask.md', desc: new RunningHubWaitForTask().description },
	{ file: 'RunningHubTrigger.md', desc: new RunningHubTrigger().description },
];

/** The page with its generated blocks filled in from the description. */
export function render(text: string, desc: INodeTypeDescription): string {
	const blocks: Record<string, () => string> = { operations: () => operationList(desc), parameters: () => parameterTables(desc), errors: errorTable };
	return text.replace(/<!-- generated:(\w+) -->\n[\s\S]*?<!-- \/generated:\1 -->/g, (whole, name: string) => {
		const make = blocks[name];
		if (!make) throw new Error(`unknown generated block "${name}"`);
		return `<!-- generated:${name} -->\n${make()}\n<!-- /generated:${name} -->`;
	});
}

function main(check: boolean): number {
	let stale = 0;
	for (const { file, desc } of PAGES) {
		const path = join(DOCS_DIR, file);
		const text = readFileSync(path, 'utf8');
		const next = render(text, desc);
		if (next === text) continue;
		stale++;
		if (check) console.log(`docs/nodes/${file} is out of date: npx tsx scripts/generate-node-docs.mts`);
		else {
			writeFileSync(path, next);
			console.log(`wrote docs/nodes/${file}`);
		}
	}
	return check && stale ? 1 : 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	process.exitCode = main(process.argv.includes('--check'));
}
