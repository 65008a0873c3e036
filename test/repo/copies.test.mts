// The copy check of `npm test` (scripts/check-copies.mts) can fail: on a scratch tree it names a
// planted copy of 10 lines in nodes/ or credentials/ with both places, and lets 9 lines, a copy
// in a generated file and a copy outside the shipped folders pass.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

import { MIN_LINES, findCopies } from '../../scripts/check-copies.mts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const scratch: string[] = [];
after(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** `lines` lines of real-looking code, each with enough tokens that only the line count decides. */
function block(lines: number): string {
	return Array.from({ length: lines }, (_, n) => `\tconst value${n} = compute(input.field${n}, options.limit * ${n + 1}, 'label ${n}');`).join('\n');
}

/** A file whose only run shared with its sibling is `body`, between lines of its own. */
function file(name: string, body: string): string {
	// The lines around it begin and end in names of their own, so the copy is the body's lines alone.
	return `export function ${name}(input: Record<string, number>, options: { limit: number }): void {\n\tvoid ${name}Begin\n${body}\n\t${name}End(input, options);\n}\n`;
}

function tree(files: Record<string, string>): string {
	const root = mkdtempSync(join(tmpdir(), 'copies-test-'));
	scratch.push(root);
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(root, path)), { recursive: true });
		writeFileSync(join(root, path), text);
	}
	return root;
}

function runCli(root: string) {
	return spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'scripts', 'check-copies.mts'), '--root', root], { cwd: REPO, encoding: 'utf8' });
}

describe('copy check (scripts/check-copies.mts)', () => {
	it(`fails on a copy of ${MIN_LINES} lines between nodes/ and credentials/, naming both places`, () => {
		const root = tree({
			'nodes/Example/a.ts': file('first', block(MIN_LINES)),
			'credentials/b.ts': file('second', block(MIN_LINES)),
		});
		const { copies } = findCopies(root);
		assert.equal(copies.length, 1, JSON.stringify(copies));
		// jscpd may also count the closing line after the planted block (its `(input, options);` tokens are shared).
		assert.ok(copies[0].lines >= MIN_LINES && copies[0].lines <= MIN_LINES + 1, `${copies[0].lines} lines`);
		const places = [copies[0].first, copies[0].second].sort();
		assert.match(places[0], /^credentials\/b\.ts:\d+-\d+$/);
		assert.match(places[1], /^nodes\/Example\/a\.ts:\d+-\d+$/);
		const cli = runCli(root);
		assert.equal(cli.status, 1, cli.stdout + cli.stderr);
		assert.match(cli.stdout, /copy: \S+a\.ts:\d+-\d+ = \S+b\.ts:\d+-\d+|copy: \S+b\.ts:\d+-\d+ = \S+a\.ts:\d+-\d+/);
	});

	it('fails on a copy inside one file too', () => {
		const root = tree({ 'nodes/core/twice.ts': file('first', block(MIN_LINES)) + file('second', block(MIN_LINES)) });
		assert.equal(findCopies(root).copies.length, 1);
	});

	it(`passes a shared run of ${MIN_LINES - 1} lines`, () => {
		const root = tree({
			'nodes/Example/a.ts': file('first', block(MIN_LINES - 1)),
			'nodes/core/b.ts': file('second', block(MIN_LINES - 1)),
		});
		assert.deepEqual(findCopies(root).copies, []);
		const cli = runCli(root);
		assert.equal(cli.status, 0, cli.stdout + cli.stderr);
		assert.match(cli.stdout, /no hand-written copy/);
	});

	it('skips generated files and folders that do not ship', () => {
		const root = tree({
			'nodes/core/catalogue/models.generated.ts': file('first', block(MIN_LINES + 5)),
			'nodes/core/catalogue/models.ts': file('second', block(MIN_LINES + 5)),
			'test/a.test.mts': file('third', block(MIN_LINES + 5)),
			'scripts/b.mts': file('fourth', block(MIN_LINES + 5)),
		});
		assert.deepEqual(findCopies(root).copies, []);
	});
});
