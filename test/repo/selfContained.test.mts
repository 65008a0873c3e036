// A clone is the whole project: nothing that the build, the generator, the tests, the benchmarks,
// the e2e suite or the demo read may point at the reference folder that sits beside the
// repository on the developers' machines (it is not there on a user's clone or on CI).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Spelt in pieces so that this file does not match itself.
const FOLDER = 'sha' + 'red';
const REFERENCES: RegExp[] = [
	new RegExp(`\\.\\.[/\\\\]${FOLDER}\\b`), // up one or more folders, either slash
	new RegExp(`/work/${FOLDER}\\b`),
	new RegExp(`['"]\\.\\.['"]\\s*,\\s*['"]${FOLDER}['"]`), // path.join(dir, '..', <folder>)
	new RegExp(`RUNNINGHUB_${FOLDER.toUpperCase()}_DIR`), // the old generator's override
];

/**
 * Prose that no script reads: Markdown outside data/ (data/runninghub/README.md is read by the
 * catalogue tests). Everything else (scripts, tests, sources, e2e, bench, simulator,
 * package.json, workflows, tool manifests, data) is scanned.
 */
function isProse(file: string): boolean {
	return file.endsWith('.md') && !file.startsWith('data/');
}

/** Files of a checkout: tracked ones and new ones not ignored (so a new file fails before commit). */
function checkoutFiles(root: string): string[] {
	const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
		cwd: root,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	return [...new Set(out.split('\0').filter((file) => file !== ''))];
}

interface Finding {
	file: string;
	line: number;
	text: string;
}

export function findReferences(root: string): Finding[] {
	const findings: Finding[] = [];
	for (const file of checkoutFiles(root)) {
		if (isProse(file)) continue;
		let text: string;
		try {
			text = readFileSync(join(root, file), 'utf8');
		} catch {
			continue; // deleted in the work tree, or a folder (submodule)
		}
		if (text.includes('\0')) continue; // binary (images)
		text.split('\n').forEach((line, index) => {
			if (REFERENCES.some((pattern) => pattern.test(line))) {
				findings.push({ file, line: index + 1, text: line.trim().slice(0, 120) });
			}
		});
	}
	return findings;
}

const temporary: string[] = [];
after(() => {
	for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('the repository is self-contained', () => {
	it(`no script, test, source or manifest refers to ../${FOLDER} or /work/${FOLDER}`, () => {
		const findings = findReferences(REPO);
		assert.deepEqual(
			findings.map((f) => `${f.file}:${f.line}: ${f.text}`),
			[],
			'read the vendored copies instead (data/runninghub, docs/runninghub-api.md)',
		);
	});

	it('the check finds every spelling of such a reference, and skips only Markdown prose', () => {
		const dir = mkdtempSync(join(tmpdir(), 'self-contained-'));
		temporary.push(dir);
		execFileSync('git', ['init', '-q'], { cwd: dir });
		mkdirSync(join(dir, 'scripts'));
		const bad = {
			'scripts/a.mts': `readFileSync('../${FOLDER}/runninghub/pricing.json')`,
			'scripts/b.sh': `cat /work/${FOLDER}/runninghub/API.md`,
			'c.mts': `resolve(REPO_DIR, '..', '${FOLDER}')`,
			'package.json': `{ "scripts": { "x": "node ../../${FOLDER}/x.js" } }`,
			'd.yml': `run: ls ..\\${FOLDER}`,
		};
		for (const [file, text] of Object.entries(bad)) writeFileSync(join(dir, file), `${text}\n`);
		writeFileSync(join(dir, 'notes.md'), `The reference folder ../${FOLDER} is not read.\n`);
		writeFileSync(join(dir, 'clean.mts'), `const data = 'data/runninghub/${FOLDER}-nothing';\n`);
		execFileSync('git', ['add', 'package.json'], { cwd: dir }); // tracked and untracked alike

		const found = findReferences(dir).map((f) => f.file).sort();
		assert.deepEqual(found, Object.keys(bad).sort());
	});
});
