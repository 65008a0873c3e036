// Keeps docs/input-rules.md true: every row names tests that exist and functions that exist, a
// rule left to RunningHub names neither, and every rule-checking function and registry problem
// code of the code is in the table (a new check without a row fails here).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);
const CHECKED = new Set(['before upload', 'before the paid call', 'after identify-face, before lip-sync', 'warning', 'RunningHub only']);

interface Row {
	id: string;
	checked: string;
	code: string[];
	tests: string[];
}

const quoted = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

function readRows(): Row[] {
	const text = readFileSync(join(ROOT, 'docs/input-rules.md'), 'utf8');
	const rows: Row[] = [];
	for (const line of text.split('\n')) {
		const cells = line.split(' | ').map((c) => c.replace(/^\|\s*|\s*\|$/g, '').trim());
		if (cells.length !== 6 || !/^[A-Z]+-\d+$/.test(cells[0])) continue;
		rows.push({ id: cells[0], checked: cells[3], code: quoted(cells[4]), tests: quoted(cells[5]) });
	}
	return rows;
}

function filesUnder(dir: string, suffix: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return filesUnder(path, suffix);
		return path.endsWith(suffix) ? [path] : [];
	});
}

const rows = readRows();
const testSources = filesUnder(join(ROOT, 'test'), '.test.mts')
	.filter((path) => path !== THIS_FILE)
	.map((path) => readFileSync(path, 'utf8'))
	.join('\n');
const source = (path: string) => readFileSync(join(ROOT, 'nodes', path), 'utf8');
const problemCodes = [...source('core/catalogue/types.ts').match(/export type ProblemCode =([^;]+);/)![1].matchAll(/'(\w+)'/g)].map((m) => m[1]);
const declared = (path: string, pattern = /\bfunction (\w+)/g) => [...source(path).matchAll(pattern)].map((m) => m[1]);

describe('docs/input-rules.md', () => {
	it('has one row per rule, each with a known place of checking', () => {
		assert.ok(rows.length >= 40, `only ${rows.length} rows read`);
		assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'IDs are unique');
		for (const row of rows) assert.ok(CHECKED.has(row.checked), `${row.id}: "${row.checked}"`);
	});

	it('names, for every rule the node checks, tests that exist; for a rule left to RunningHub, none', () => {
		for (const row of rows) {
			if (row.checked === 'RunningHub only') {
				assert.deepEqual([...row.code, ...row.tests], [], `${row.id} is RunningHub's alone`);
				continue;
			}
			assert.ok(row.tests.length > 0, `${row.id} names a test`);
			for (const title of row.tests) assert.ok(testSources.includes(title), `${row.id}: no test says "${title}"`);
		}
	});

	it('names functions and problem codes that exist', () => {
		for (const row of rows) {
			if (row.checked !== 'RunningHub only') assert.ok(row.code.length > 0, `${row.id} names its code`);
			for (const ref of row.code) {
				if (ref.startsWith('problem:')) {
					assert.ok(problemCodes.includes(ref.slice('problem:'.length)), `${row.id}: ${ref}`);
					continue;
				}
				const [path, name] = ref.split('#');
				assert.match(source(path), new RegExp(`\\b(function|const) ${name}\\b`), `${row.id}: ${ref}`);
			}
		}
	});

	it('lists every rule-checking function and every registry problem code', () => {
		const named = new Set(rows.flatMap((r) => r.code));
		for (const code of problemCodes) assert.ok(named.has(`problem:${code}`), `problem code ${code} has no row`);
		// Every function of the pure lip-sync rule modules checks or applies a rule.
		const helpers = new Set(['ruleProblem']);
		for (const path of ['core/lipSync/timing.ts', 'core/lipSync/modelRules.ts']) {
			for (const name of declared(path)) if (!helpers.has(name)) assert.ok(named.has(`${path}#${name}`), `${path}#${name} has no row`);
		}
		// Elsewhere, the check* functions are the rule checks.
		const checkers = [
			...filesUnder(join(ROOT, 'nodes/RunningHub/actions/lipSync'), '.ts'),
			join(ROOT, 'nodes/core/catalogue/validate.ts'),
		].map((path) => relative(join(ROOT, 'nodes'), path));
		for (const path of checkers) {
			for (const name of declared(path, /\bfunction (check\w+)/g)) assert.ok(named.has(`${path}#${name}`), `${path}#${name} has no row`);
		}
	});
});
