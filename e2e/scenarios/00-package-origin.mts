// n8n runs the package from the installed tarball, not from the repository: the package folder
// is a real copy in <userFolder>/.n8n/nodes/node_modules (not a symlink), without its own
// n8n-workflow, its node and credential types carry the package name, and a marker file placed
// only in the installed copy is what n8n serves under the package's icon route (n8n resolves
// that route against the folder it loaded the package from).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGE_NAME } from '../lib/pack.mjs';
import { REPO_ROOT } from '../lib/runtime.mjs';
import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'package-origin',
	title: 'the package n8n runs is the installed tarball, loaded as a community package',
	async run({ instance, catalog, log }) {
		const dir = instance.packageDir;
		assert.ok(dir.includes(join('.n8n', 'nodes', 'node_modules', PACKAGE_NAME)), dir);
		assert.ok(!lstatSync(dir).isSymbolicLink(), `${dir} is a symlink`);
		assert.ok(!existsSync(join(dir, 'node_modules', 'n8n-workflow')), 'n8n-workflow was installed beside the package (peer dependencies must be omitted)');
		const installed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
		const repo = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
		assert.equal(installed.version, repo.version);
		assert.ok(!existsSync(join(dir, 'nodes')) && !existsSync(join(dir, 'simulator')), 'sources were packed');

		assert.ok(catalog.has('runningHub'), `n8n did not load ${PACKAGE_NAME}.runningHub`);
		const [desc] = await instance.rest.nodeTypes([{ name: `${PACKAGE_NAME}.runningHub`, version: 1 }]);
		const icon = typeof desc.iconUrl === 'object' ? desc.iconUrl.light : desc.iconUrl;
		assert.match(String(icon), new RegExp(`^icons/${PACKAGE_NAME}/dist/`), 'icon URL of a community package');

		const marker = `e2e-origin-${randomUUID()}.svg`;
		const markerPath = join(dir, 'dist', 'icons', marker);
		const content = `<svg xmlns="http://www.w3.org/2000/svg"><!-- ${marker} --></svg>`;
		writeFileSync(markerPath, content);
		try {
			const res = await fetch(`${instance.n8n.baseUrl}/icons/${PACKAGE_NAME}/dist/icons/${marker}`);
			const body = await res.text();
			assert.equal(res.status, 200, `n8n does not serve the marker from the installed copy (HTTP ${res.status})`);
			assert.equal(body, content);
		} finally {
			rmSync(markerPath, { force: true });
		}
		const nodes = [...catalog.nodes.keys()].map((n) => `${PACKAGE_NAME}.${n}`);
		log(`loaded from ${dir}: ${nodes.join(', ')}`);
	},
};
