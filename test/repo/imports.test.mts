// The import check of `npm test` (scripts/check-imports.mts) can fail: in a copy of nodes/ and
// credentials/ with planted imports that break each rule it names every broken rule and exits 1,
// and the real tree passes (with no known violation let through).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const scratch: string[] = [];
after(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function runCli(root?: string) {
	const args = ['--import', 'tsx', join(REPO, 'scripts', 'check-imports.mts'), ...(root ? ['--root', root] : [])];
	return spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8' });
}

/** Each rule of .dependency-cruiser.cjs with files (path → text) that break it; some rules more than once. */
const PLANTED: Array<{ rule: string; files: Record<string, string> }> = [
	{ rule: 'core-stays-below', files: { 'nodes/core/plantedUp.ts': "export { router } from '../RunningHub/actions/router';\n" } },
	{
		rule: 'resource-uses-own-files-helpers-and-core',
		files: { 'nodes/RunningHub/actions/lipSync/plantedCross.ts': "export { readGraph } from '../workflow/graph';\n" },
	},
	// An operation file is imported only by the <Name>.resource.ts that registers it (every real one does).
	{
		rule: 'operations-only-registered',
		files: { 'nodes/RunningHub/actions/task/plantedHelper.ts': "export { execute } from './get.operation';\n" },
	},
	{
		rule: 'operations-only-registered',
		files: { 'nodes/RunningHub/actions/task/plantedLibrary.operation.ts': "export { description } from './get.operation';\n" },
	},
	{ rule: 'operations-only-registered', files: { 'nodes/RunningHub/plantedNodeFile.ts': "export { execute } from './actions/task/get.operation';\n" } },
	{ rule: 'helpers-use-core-only', files: { 'nodes/RunningHub/actions/helpers/plantedHelper.ts': "export { estimateJson } from '../model/output';\n" } },
	{ rule: 'actions-below-their-node', files: { 'nodes/RunningHub/actions/model/plantedMethods.ts': "export { methods } from '../../methods';\n" } },
	{ rule: 'nodes-keep-to-themselves', files: { 'nodes/RunningHubTrigger/plantedNode.ts': "export { SUBTITLE } from '../RunningHub/subtitle';\n" } },
	{ rule: 'credentials-use-core-only', files: { 'credentials/plantedCredential.ts': "export { SUBTITLE } from '../nodes/RunningHub/subtitle';\n" } },
	{ rule: 'nodes-never-import-credentials', files: { 'nodes/core/plantedCredential.ts': "export * from '../../credentials/RunningHubApi.credentials';\n" } },
	{
		rule: 'shipped-code-stays-shipped',
		files: {
			'test/plantedSupport.ts': 'export const fixture = 1;\n',
			'nodes/core/plantedTest.ts': "export { fixture } from '../../test/plantedSupport';\n",
		},
	},
	{
		rule: 'no-circular',
		files: {
			'nodes/core/plantedCycleA.ts': "import { b } from './plantedCycleB';\nexport const a = (): number => b() + 1;\n",
			'nodes/core/plantedCycleB.ts': "import { a } from './plantedCycleA';\nexport const b = (): number => (a ? 1 : 0);\n",
		},
	},
	// A cycle of type imports only (as api/detach.ts ⇄ api/transport.ts once was) counts too.
	{
		rule: 'no-circular',
		files: {
			'nodes/core/api/plantedTypeA.ts': "import type { B } from './plantedTypeB';\nexport interface A { b?: B }\n",
			'nodes/core/api/plantedTypeB.ts': "import type { A } from './plantedTypeA';\nexport interface B { a?: A }\n",
		},
	},
	{ rule: 'shipped-imports-resolve', files: { 'nodes/core/plantedMissing.ts': "export { nothing } from './noSuchModule';\n" } },
];

describe('import check (scripts/check-imports.mts)', () => {
	it('plants a break of every rule of .dependency-cruiser.cjs', () => {
		const config = createRequire(import.meta.url)(join(REPO, '.dependency-cruiser.cjs')) as { forbidden: Array<{ name: string }> };
		assert.deepEqual([...new Set(PLANTED.map((p) => p.rule))].sort(), config.forbidden.map((rule) => rule.name).sort());
	});

	it('passes on the real tree', () => {
		const cli = runCli();
		assert.equal(cli.status, 0, cli.stdout + cli.stderr);
		assert.match(cli.stdout, /imports follow the layers of ARCHITECTURE\.md \(\d+ modules/);
	});

	it('fails on a copy with planted imports that break each rule, naming each rule and file', () => {
		const root = mkdtempSync(join(tmpdir(), 'imports-test-'));
		scratch.push(root);
		for (const dir of ['nodes', 'credentials']) cpSync(join(REPO, dir), join(root, dir), { recursive: true });
		cpSync(join(REPO, 'tsconfig.json'), join(root, 'tsconfig.json'));
		// n8n-workflow must resolve as in the real tree.
		symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
		for (const { files } of PLANTED) {
			for (const [path, text] of Object.entries(files)) {
				mkdirSync(dirname(join(root, path)), { recursive: true });
				writeFileSync(join(root, path), text);
			}
		}
		const cli = runCli(root);
		assert.equal(cli.status, 1, cli.stdout + cli.stderr);
		const lines = cli.stdout.split('\n');
		for (const { rule, files } of PLANTED) {
			const shipped = Object.keys(files).filter((path) => /^(nodes|credentials)\//.test(path));
			assert.ok(
				lines.some((line) => shipped.some((path) => line.startsWith(`${rule}: ${path} `))),
				`rule ${rule} not reported for ${shipped.join(', ')}:\n${cli.stdout}`,
			);
		}
		// Nothing of the real tree is reported: only the planted files break a rule.
		for (const line of lines.filter((l) => /^[a-z-]+: /.test(l))) assert.match(line, /planted/, line);
	});
});
