// The package content check (scripts/check-pack.mts) rejects what must not be published and
// misses nothing that must be.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { packProblems, type PackListing } from '../../scripts/check-pack.mts';
import { REPO_DIR } from '../../scripts/lib/tools.mts';

const manifest = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8'));

function listing(paths: string[]): PackListing {
	return { files: paths.map((path) => ({ path, size: 1 })), size: 1, unpackedSize: 1 };
}

const GOOD = [
	'package.json',
	'README.md',
	'LICENSE.md',
	...manifest.n8n.nodes,
	...manifest.n8n.credentials,
	'dist/icons/runninghub.svg',
	'dist/icons/runninghub.dark.svg',
	'dist/nodes/core/api/client.js',
];

describe('package content check', () => {
	it('accepts dist, package.json, README and LICENSE', () => {
		assert.deepEqual(packProblems(listing(GOOD), manifest), []);
	});

	it('rejects tests, the simulator, sources, data, workflows and source maps', () => {
		const extra = [
			'test/core/errors.test.mts',
			'simulator/server.mts',
			'nodes/core/api/client.ts',
			'data/runninghub/pricing.json',
			'.github/workflows/ci.yml',
			'dist/nodes/core/api/client.js.map',
		];
		const problems = packProblems(listing([...GOOD, ...extra]), manifest);
		assert.equal(problems.length, extra.length, problems.join('\n'));
		for (const path of extra) assert.ok(problems.some((problem) => problem.endsWith(path)), path);
	});

	it('names every node, credential, icon, README and LICENSE that is missing', () => {
		const required = GOOD.filter((path) => path !== 'dist/nodes/core/api/client.js');
		const problems = packProblems(listing(['dist/nodes/core/api/client.js']), manifest);
		assert.deepEqual(problems, required.map((path) => `missing from the package: ${path}`));
	});

	it('package.json publishes dist without source maps', () => {
		assert.deepEqual(manifest.files, ['dist', '!dist/**/*.map']);
	});
});
