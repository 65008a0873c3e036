// docs/runninghub-api.md is where source comments send readers for RunningHub's API facts:
// every section they cite (§14b, §2–§4, §17.10) must exist there, and every fact names a source.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { REPO_DIR } from '../../scripts/lib/tools.mts';

const DOC = 'docs/runninghub-api.md';
const text = readFileSync(join(REPO_DIR, DOC), 'utf8');

/** Section ids the document defines: `## 14.` -> 14, `### 14b.` -> 14b, items of §17 -> 17.N. */
function sections(markdown: string): Set<string> {
	const ids = new Set<string>();
	let current = '';
	for (const line of markdown.split('\n')) {
		const heading = /^#{2,3} (\d+[a-z]?)\. /.exec(line);
		if (heading) {
			current = heading[1];
			ids.add(current);
			continue;
		}
		const item = /^(\d+)\. /.exec(line);
		if (item && current === '17') ids.add(`17.${item[1]}`);
	}
	return ids;
}

/** Tracked and new (not ignored) files other than the document itself. */
function trackedFiles(): string[] {
	return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
		cwd: REPO_DIR,
		encoding: 'utf8',
	})
		.split('\0')
		.filter((file) => file !== '' && file !== DOC && !file.startsWith('data/') && file !== 'package-lock.json');
}

function lines(file: string): string[] {
	try {
		const content = readFileSync(join(REPO_DIR, file), 'utf8');
		return content.includes('\0') ? [] : content.split('\n');
	} catch {
		return [];
	}
}

/** Every `docs/runninghub-api.md §…` citation in those files, with the sections it names. */
function citations(): Array<{ where: string; ids: string[] }> {
	const found: Array<{ where: string; ids: string[] }> = [];
	const cite = /docs\/runninghub-api\.md ((?:§\d+[a-z]?(?:\.\d+)?)(?:(?:, | and |–|-)§\d+[a-z]?(?:\.\d+)?)*)/g;
	for (const file of trackedFiles()) {
		lines(file).forEach((line, index) => {
			for (const match of line.matchAll(cite)) {
				const ids = [...match[1].matchAll(/§(\d+[a-z]?(?:\.\d+)?)/g)].map((m) => m[1]);
				found.push({ where: `${file}:${index + 1}`, ids });
			}
		});
	}
	return found;
}

describe(DOC, () => {
	const defined = sections(text);

	it('keeps the section numbers 0 to 19 (source comments cite them)', () => {
		for (let n = 0; n <= 19; n++) assert.ok(defined.has(String(n)), `§${n} missing`);
		for (const id of ['8a', '8b', '8c', '8d', '8e', '12a', '12b', '14a', '14b', '17.10']) {
			assert.ok(defined.has(id), `§${id} missing`);
		}
	});

	it('defines every section that a source, test or script cites', () => {
		const missing = citations().flatMap(({ where, ids }) =>
			ids.filter((id) => !defined.has(id)).map((id) => `${where}: §${id}`),
		);
		assert.deepEqual(missing, []);
	});

	it('is the only API reference cited: nothing cites the research notes kept outside the repository', () => {
		const stale = trackedFiles().flatMap((file) =>
			lines(file)
				.map((line, index) => ({ line, where: `${file}:${index + 1}` }))
				.filter(({ line }) => /(?<![\w./-])API\.md\b/.test(line))
				.map(({ where }) => where),
		);
		assert.deepEqual(stale, [], `cite ${DOC} instead (same section numbers); see the commit that introduced this test`);
	});

	it('names a source or marks the confidence of every fact table row and bullet', () => {
		const marks = /\*\*(doc|vendor|live|3rd|inferred|unconfirmed)\*\*/;
		const sourceIds = new Set([...text.matchAll(/^\| ([DVKTL]\d+) \|/gm)].map((m) => m[1]));
		assert.ok(sourceIds.size >= 10, 'the source table lists the documentation pages');
		for (const id of text.matchAll(/\*\* ((?:[DVKTL]\d+)(?:, [DVKTL]\d+)*)/g)) {
			for (const one of id[1].split(', ')) assert.ok(sourceIds.has(one), `unknown source ${one}`);
		}
		const body = text.slice(text.indexOf('## 0.'), text.indexOf('## 16.'));
		const bullets = body.split('\n').filter((line) => line.startsWith('- '));
		for (const bullet of bullets) {
			// A bullet's mark may sit on one of its continuation lines.
			const start = body.indexOf(bullet);
			const end = body.indexOf('\n- ', start + 1);
			const whole = body.slice(start, end === -1 ? undefined : end);
			const section = body.slice(0, start).match(/^#{2,3} .*$/gm)?.pop() ?? '';
			assert.ok(marks.test(whole) || marks.test(section), `no source or mark: ${bullet.slice(0, 80)}`);
		}
	});
});
