// n8n's verification scanner, as npm test runs it (scripts/scan-package.mts), must be able to
// fail: a forbidden call injected into a copy of the package is rejected, by the rule that
// forbids it, in the file it was put in, and in nothing else.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { REPO_DIR } from '../../scripts/lib/tools.mts';
import { scanPackage } from '../../scripts/scan-package.mts';

const work = mkdtempSync(join(tmpdir(), 'scanner-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The files of ESLint's stylish report that have findings (their lines start with a path). */
function flaggedFiles(details: string | undefined): string[] {
	return (details ?? '').split('\n').filter((line) => line.startsWith('/'));
}

describe("n8n's verification scanner (@n8n/scan-community-package)", { timeout: 600_000 }, () => {
	it('rejects a restricted global and eval injected into a copy of the node source', async () => {
		const source = join(work, 'source');
		for (const part of ['package.json', 'nodes', 'credentials', 'icons']) {
			cpSync(join(REPO_DIR, part), join(source, part), { recursive: true });
		}
		const injected = join(source, 'nodes', 'RunningHub', 'RunningHub.node.ts');
		appendFileSync(
			injected,
			'\nexport function later(code: string, done: () => void): void {\n' +
				'\tsetTimeout(done, 1);\n\teval(code);\n}\n',
		);

		const [result] = await scanPackage({ sourceDir: source });
		assert.equal(result.leg, 'source');
		assert.equal(result.passed, false, 'the scanner passed a forbidden call');
		assert.equal(result.message, 'ESLint violations found');
		assert.deepEqual(flaggedFiles(result.details), [injected], result.details);
		assert.match(result.details ?? '', /@n8n\/community-nodes\/no-restricted-globals/);
		assert.match(result.details ?? '', /@n8n\/community-nodes\/no-dangerous-functions/);
	});

	it('rejects a child process spawned from the compiled code of the tarball', async () => {
		const pkg = join(work, 'package');
		mkdirSync(join(pkg, 'dist', 'nodes', 'RunningHub'), { recursive: true });
		cpSync(join(REPO_DIR, 'package.json'), join(pkg, 'package.json'));
		const injected = join(pkg, 'dist', 'nodes', 'RunningHub', 'RunningHub.node.js');
		writeFileSync(
			injected,
			'"use strict";\nconst cp = require("child_process");\nexports.run = () => cp.execSync("id");\n',
		);

		const [result] = await scanPackage({ packageDir: pkg });
		assert.equal(result.leg, 'tarball');
		assert.equal(result.passed, false, 'the scanner passed a child process');
		assert.ok(flaggedFiles(result.details).includes(injected), result.details);
		assert.match(result.details ?? '', /@n8n\/community-nodes\/no-dangerous-functions/);
		assert.match(result.details ?? '', /@n8n\/community-nodes\/no-restricted-imports/);
	});
});
