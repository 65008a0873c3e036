// The import check of `npm test` (scripts/check-imports.mts) can fail: in a copy of nodes/ and
// credentials/ with one planted import per rule it names every broken rule and exits 1, and the
// real tree passes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const scratch: string[] = [];
after(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function runCli(root?: string) {
	const args = ['--import', 'tsx', join(REPO, 'scripts', 'check-imports.mts'), ...(root ? ['--root', root] : [])];
	return spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8' });
}

/** Each rule of .dependency-cruiser.cjs with a file (path → text) that breaks it. */
const PLANTED: Record<string, Record<string, string>> = {
	'core-stays-below': { 'nodes/core/plantedUp.ts': "export { router } from '../RunningHub/actions/router';\n" },
	'resource-uses-own-files-helpers-and-core': {
		'nodes/RunningHub/actions/lipSync/plantedCross.ts': "export { description } from '../audio/textToSpeech.operation';\n",
	},
	'helpers-use-core-only': { 'nodes/RunningHub/actions/helpers/plantedHelper.ts': "export { estimateJson } from '../model/output';\n" },
	'actions-below-their-node': { 'nodes/RunningHub/actions/model/plantedMethods.ts': "export { methods } from '../../methods';\n" },
	'nodes-keep-to-themselves': { 'nodes/RunningHubTrigger/plantedNode.ts': "export { SUBTITLE } from '../RunningHub/subtitle';\n" },
	'credentials-use-core-only': { 'credentials/plantedCredential.ts': "export { SUBTITLE } from '../nodes/RunningHub/subtitle';\n" },
	'nodes-never-import-credentials': { 'nodes/core/plantedCredential.ts': "export * from '../../credentials/RunningHubApi.credentials';\n" },
	'shipped-code-stays-shipped': {
		'test/plantedSupport.ts': 'export const fixture = 1;\n',
		'nodes/core/plantedTest.ts': "export { fixture } from '../../test/plantedSupport';\n",
	},
	'no-circular': {
		'nodes/core/plantedCycleA.ts': "import { b } from './plantedCycleB';\nexport const a = (): number => b() + 1;\n",
		'nodes/core/plantedCycleB.ts': "import { a } from './plantedCycleA';\nexport const b = (): number => (a ? 1 : 0);\n",
	},
	'shipped-imports-resolve': { 'nodes/core/plantedMissing.ts': "export { nothing } from './noSuchModule';\n" },
};

describe('import check (scripts/check-imports.mts)', () => {
	it('passes on the real tree', () => {
		const cli = runCli();
		assert.equal(cli.status, 0, cli.stdout + cli.stderr);
		assert.match(cli.stdout, /imports follow the layers of ARCHITECTURE\.md \(\d+ modules/);
	});

	it('fails on a copy with one planted import per rule, naming each rule and file', () => {
		const root = mkdtempSync(join(tmpdir(), 'imports-test-'));
		scratch.push(root);
		for (const dir of ['nodes', 'credentials']) cpSync(join(REPO, dir), join(root, dir), { recursive: true });
		cpSync(join(REPO, 'tsconfig.json'), join(root, 'tsconfig.json'));
		// n8n-workflow must resolve as in the real tree.
		symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
		for (const files of Object.values(PLANTED)) {
			for (const [path, text] of Object.entries(files)) {
				mkdirSync(dirname(join(root, path)), { recursive: true });
				writeFileSync(join(root, path), text);
			}
		}
		const cli = runCli(root);
		assert.equal(cli.status, 1, cli.stdout + cli.stderr);
		const lines = cli.stdout.split('\n');
		for (const [rule, files] of Object.entries(PLANTED)) {
			const shipped = Object.keys(files).filter((path) => /^(nodes|credentials)\//.test(path));
			assert.ok(
				lines.some((line) => line.startsWith(`${rule}: `) && shipped.some((path) => line.includes(path))),
				`rule ${rule} not reported for ${shipped.join(', ')}:\n${cli.stdout}`,
			);
		}
		// Nothing of the real tree is reported: only the planted files break a rule.
		for (const line of lines.filter((l) => /^[a-z-]+: /.test(l))) assert.match(line, /planted/, line);
	});
});
