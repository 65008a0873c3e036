// The GitHub Actions workflows: actionlint finds nothing in them and would find a mistake, CI
// runs e2e on the oldest and newest n8n the harness supports, and a version tag publishes with
// npm provenance the way n8n's verification expects.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { N8N_VERSIONS } from '../../e2e/lib/runtime.mts';
import { REPO_DIR } from '../../scripts/lib/tools.mts';
import { lintWorkflow, workflowFiles } from '../../scripts/lint-workflows.mts';

const WORKFLOWS = join(REPO_DIR, '.github', 'workflows');
const ci = readFileSync(join(WORKFLOWS, 'ci.yml'), 'utf8');
const publish = readFileSync(join(WORKFLOWS, 'publish.yml'), 'utf8');

/** The inline YAML list of a key, e.g. `node: [20, 22]` -> ['20', '22']. */
function inlineList(text: string, key: string): string[] {
	const match = new RegExp(`^\\s*${key}: \\[([^\\]]*)\\]`, 'm').exec(text);
	assert.ok(match, `no inline list "${key}"`);
	return match[1].split(',').map((item) => item.trim().replace(/^'|'$/g, ''));
}

describe('GitHub Actions workflows', { timeout: 300_000 }, () => {
	it('are ci.yml and publish.yml, and actionlint finds nothing in them', async () => {
		assert.deepEqual(
			workflowFiles().map((file) => file.slice(WORKFLOWS.length + 1)),
			['ci.yml', 'publish.yml'],
		);
		for (const file of workflowFiles()) assert.deepEqual(await lintWorkflow(file), [], file);
	});

	it('actionlint rejects a broken copy (an undefined matrix value, an unknown action input)', async () => {
		const broken = ci
			.replace('node-version: ${{ matrix.node }}', 'node-version: ${{ matrix.nodejs }}')
			.replace('cache: npm', 'cache: npm\n          cache-everything: true');
		assert.notEqual(broken, ci);
		const findings = await lintWorkflow(join(WORKFLOWS, 'ci.yml'), broken);
		const kinds = findings.map((finding) => `${finding.kind}: ${finding.message}`);
		assert.ok(kinds.some((k) => /^expression: .*"nodejs"/.test(k)), kinds.join('\n'));
		assert.ok(kinds.some((k) => /^action: .*"cache-everything"/.test(k)), kinds.join('\n'));
	});

	it('CI: quick tests on Node 20 and 22, e2e on the oldest and newest n8n of the harness', () => {
		assert.deepEqual(inlineList(ci, 'node'), ['20', '22']);
		assert.deepEqual(inlineList(ci, 'n8n'), [N8N_VERSIONS[0], N8N_VERSIONS[N8N_VERSIONS.length - 1]]);
		for (const command of ['npm ci', 'npm run lint:shipped', 'npm run build', 'npm run test:quick']) {
			assert.ok(ci.includes(`run: ${command}`), command);
		}
		assert.ok(ci.includes('npx tsx e2e/run.mts --n8n "${{ matrix.n8n }}"'));
	});

	it('publish: on a version tag, build, test and pack without publishing rights, then npm publish the tested tarball with provenance', () => {
		assert.match(publish, /^on:\n {2}push:\n {4}tags:\n/m);
		const build = publish.slice(publish.indexOf('\n  build:\n'), publish.indexOf('\n  publish:\n'));
		const release = publish.slice(publish.indexOf('\n  publish:\n'));
		assert.ok(build.length > 0 && release.length > 0, 'a build job and a publish job');
		const steps = ['npm ci', 'npm run build', 'npm run test:quick', 'npm pack'];
		const at = steps.map((command) => build.indexOf(`run: ${command}`));
		assert.ok(at.every((index) => index > 0), `build job misses one of ${steps.join(', ')}`);
		assert.deepEqual([...at].sort((a, b) => a - b), at, 'build steps out of order');
		// Only the publish job may mint the OIDC token, and it runs none of the project's code.
		assert.doesNotMatch(build, /id-token/);
		assert.match(release, /^ {6}id-token: write$/m);
		assert.match(release, /needs: build/);
		assert.match(release, /run: npm publish dist-tarball\/\*\.tgz --provenance --access public/);
		assert.doesNotMatch(release, /npm ci|npm install(?! -g npm@)|npm run|npx |actions\/checkout/);
	});
});
