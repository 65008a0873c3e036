// Keeps docs/nodes/*.md and docs/credentials/RunningHubApi.md true: the generated parts (operations,
// parameters, error codes) are what the descriptions give today, every operation is on its node's
// page, every page has the sections of an n8n docs page and only links to files that exist, and
// the nodes' and the credential's documentation links point at these pages in the repository.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { RunningHubApi } from '../../credentials/RunningHubApi.credentials';
import { V1_ERROR_CODES, V2_ERROR_CODES } from '../../nodes/core/api/errorCodes';
import { DOCS_DIR, operationsOf, PAGES, render } from '../../scripts/generate-node-docs.mts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CREDENTIAL_PAGE = join(ROOT, 'docs', 'credentials', 'RunningHubApi.md');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
/** https://github.com/<owner>/<name>, from package.json's repository. */
const REPOSITORY = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const blobUrl = (path: string) => `${REPOSITORY}/blob/main/${path}`;

const read = (path: string) => readFileSync(path, 'utf8');

/** Relative link targets of a Markdown page (without anchors). */
function relativeLinks(text: string): string[] {
	return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((href) => !/^(https?:|mailto:|#)/.test(href)).map((href) => href.split('#')[0]);
}

describe('node documentation pages', () => {
	for (const { file, desc } of PAGES) {
		describe(file, () => {
			const path = join(DOCS_DIR, file);
			const text = read(path);

			it('holds the generated blocks as the node description gives them today (npx tsx scripts/generate-node-docs.mts)', () => {
				assert.match(text, /<!-- generated:parameters -->/);
				assert.equal(render(text, desc), text, `docs/nodes/${file} is out of date`);
			});

			it('lists every operation of the description under its resource', () => {
				const ops = operationsOf(desc);
				if (desc.name !== 'runningHub') return assert.equal(ops.length, 0, 'only the RunningHub node has resources');
				assert.ok(ops.length >= 9 && ops.every((r) => r.operations.length > 0));
				const list = text.slice(text.indexOf('<!-- generated:operations -->'), text.indexOf('<!-- /generated:operations -->'));
				for (const { resource, operations } of ops) {
					const at = list.indexOf(`- **${resource.name}**\n`);
					assert.ok(at >= 0, resource.name);
					const section = list.slice(at).split(/\n- \*\*/)[0];
					for (const op of operations) assert.ok(section.includes(`  - **${op.name}**: `), `${resource.name} → ${op.name}`);
				}
			});

			it('has the sections of an n8n node page, links the outputs and the credential, and only to files that exist', () => {
				for (const heading of ['## Node parameters', '## Output', '## Common errors', '## Templates and examples', '## Related resources']) {
					assert.ok(text.includes(`\n${heading}\n`), heading);
				}
				assert.ok(text.includes('](../outputs.md)'));
				assert.ok(text.includes('](../credentials/RunningHubApi.md)'));
				for (const href of relativeLinks(text)) assert.ok(existsSync(resolve(dirname(path), href)), `${file} links ${href}, which does not exist`);
			});

			it('is the node\'s documentation link (codex primaryDocumentation) and names the credential page as its credential documentation', () => {
				const codexFile = join(ROOT, 'nodes', file.replace(/\.md$/, ''), file.replace(/\.md$/, '.node.json'));
				const codex = JSON.parse(read(codexFile)) as { resources: Record<string, Array<{ url: string }>> };
				assert.deepEqual(codex.resources.primaryDocumentation, [{ url: blobUrl(`docs/nodes/${file}`) }]);
				assert.deepEqual(codex.resources.credentialDocumentation, [{ url: blobUrl('docs/credentials/RunningHubApi.md') }]);
			});
		});
	}

	it('the RunningHub page lists every RunningHub error code the node knows', () => {
		const text = read(join(DOCS_DIR, 'RunningHub.md'));
		for (const code of [...Object.keys(V2_ERROR_CODES), ...Object.keys(V1_ERROR_CODES)]) assert.ok(text.includes(`| \`${code}\` |`), code);
	});
});

describe('credential documentation page', () => {
	const text = read(CREDENTIAL_PAGE);

	it('is the credential\'s documentationUrl', () => {
		assert.equal(new RunningHubApi().documentationUrl, blobUrl('docs/credentials/RunningHubApi.md'));
	});

	it('names every site of the credential, both kinds of key and the 1014 refusal, and links the three node pages', () => {
		const site = new RunningHubApi().properties.find((p) => p.name === 'site');
		for (const option of (site?.options ?? []) as Array<{ name: string }>) assert.ok(text.includes(option.name), option.name);
		for (const words of ['Membership', 'Enterprise **shared**', '`1014`', '`802`']) assert.ok(text.includes(words), words);
		for (const { file } of PAGES) assert.ok(text.includes(`](../nodes/${file})`), file);
		for (const href of relativeLinks(text)) assert.ok(existsSync(resolve(dirname(CREDENTIAL_PAGE), href)), href);
	});
});
