// The editor's By URL check of the Workflow ID / AI App ID locators: anchored, so it accepts a
// page address of runninghub.ai or runninghub.cn (the shapes the sites show) and nothing that only
// contains one; and it agrees with what the node reads on run (idFromPageUrl).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { idFromPageUrl, pageIdLocator, type PageKind } from '../../nodes/core/pageId';

const PATHS: Record<PageKind, string> = { workflow: 'workflow', aiApp: 'ai-detail' };
const regexes = (kind: PageKind) => {
	const mode = pageIdLocator(kind).modes!.find((m) => m.name === 'url')!;
	const validation = (mode.validation![0] as unknown as { properties: { regex: string } }).properties.regex;
	return { validation: new RegExp(validation), extract: new RegExp((mode.extractValue as { regex: string }).regex) };
};

const kindArb = fc.constantFrom<PageKind>('workflow', 'aiApp');
const idArb = fc.stringMatching(/^[1-9][0-9]{0,18}$/);
/** A page address as the sites show it: www or not, .ai or .cn, a locale, a trailing slash, a query or a fragment. */
const pageUrl = (kind: PageKind) =>
	fc
		.record({
			scheme: fc.constantFrom('https://', 'http://', ''),
			host: fc.constantFrom('www.runninghub.ai', 'runninghub.ai', 'www.runninghub.cn', 'runninghub.cn'),
			locale: fc.constantFrom('', '/en-US', '/zh-CN'),
			id: idArb,
			tail: fc.constantFrom('', '/', '?tab=api', '?inviteCode=abc&x=1', '#inputs', '/?tab=api'),
		})
		.map((u) => ({ ...u, url: `${u.scheme}${u.host}${u.locale}/${PATHS[kind]}/${u.id}${u.tail}` }));

describe('By URL locator regex', () => {
	it('accepts every real page address of both sites and extracts its exact ID, as the node does', () => {
		fc.assert(
			fc.property(kindArb.chain((kind) => pageUrl(kind).map((u) => ({ kind, ...u }))), ({ kind, url, id }) => {
				const { validation, extract } = regexes(kind);
				assert.ok(validation.test(url), url);
				assert.equal(extract.exec(url)?.[1], id);
				assert.deepEqual(idFromPageUrl(url, kind), { id });
			}),
		);
	});

	it('refuses text that only contains an address, another host, a longer ID or letters after it', () => {
		fc.assert(
			fc.property(
				kindArb.chain((kind) => pageUrl(kind).map((u) => ({ kind, ...u }))),
				fc.constantFrom('prefix', 'evilHost', 'lookalikeHost', 'longId', 'letters', 'otherPage'),
				({ kind, url, id, host, locale }, spoil) => {
					const bad = {
						prefix: `see ${url}`,
						evilHost: `https://evil.example.com/?next=${url}`,
						lookalikeHost: `https://${host}.evil.example.com${locale}/${PATHS[kind]}/${id}`,
						longId: `https://${host}/${PATHS[kind]}/${id}${'1'.repeat(20)}`,
						letters: `https://${host}/${PATHS[kind]}/${id}abc`,
						otherPage: `https://${host}/${kind === 'workflow' ? 'ai-detail' : 'workflow'}/${id}`,
					}[spoil];
					const { validation, extract } = regexes(kind);
					assert.equal(validation.test(bad), false, bad);
					assert.equal(extract.exec(bad), null, bad);
				},
			),
		);
	});
});
