// Every value the package's dist imports from n8n-workflow exists in the n8n-workflow this n8n
// runs with. n8n resolves the package's `require('n8n-workflow')` to its own copy (the package
// ships none), so a helper that exists in the dev dependency but not in the user's n8n (e.g.
// `sleepWithAbort`, which n8n-workflow 2.40 no longer exports) breaks only at run time, and only
// on the code path that calls it. This check reads the installed dist, so it covers every path.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { runtimeFor } from '../lib/runtime.mjs';
import type { Scenario } from '../lib/scenario.mjs';

function jsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
	);
}

export const scenario: Scenario = {
	name: 'n8n-workflow-api',
	title: "every n8n-workflow export the dist uses exists in this n8n's n8n-workflow",
	async run({ instance, version, log }) {
		const dist = join(instance.packageDir, 'dist');
		const used = new Map<string, Set<string>>();
		for (const file of jsFiles(dist)) {
			const source = readFileSync(file, 'utf8');
			// tsc's CommonJS output: `const n8n_workflow_1 = require("n8n-workflow")` then `n8n_workflow_1.Name`.
			const aliases = [...source.matchAll(/(?:const|var|let)\s+(\w+)\s*=\s*require\(["']n8n-workflow["']\)/g)].map((m) => m[1]);
			for (const alias of aliases) {
				for (const m of source.matchAll(new RegExp(`\\b${alias}\\.(\\w+)`, 'g'))) {
					if (!used.has(m[1])) used.set(m[1], new Set());
					used.get(m[1])?.add(relative(dist, file));
				}
			}
			for (const m of source.matchAll(/\{([^}]*)\}\s*=\s*require\(["']n8n-workflow["']\)/g)) {
				for (const name of m[1].split(',').map((s) => s.split(':')[0].trim()).filter(Boolean)) {
					if (!used.has(name)) used.set(name, new Set());
					used.get(name)?.add(relative(dist, file));
				}
			}
		}
		assert.ok(used.size > 0, 'found no n8n-workflow imports in the dist');
		const runtime = runtimeFor(version);
		// The copy n8n itself resolves (its NODE_PATH starts at n8n's own node_modules).
		const probe = `const p=require.resolve('n8n-workflow/package.json',{paths:[${JSON.stringify(join(runtime.dir, 'node_modules', 'n8n'))}]});
			process.stdout.write(JSON.stringify({version:require(p).version,keys:Object.keys(require(require('path').dirname(p)))}))`;
		const { version: workflowVersion, keys } = JSON.parse(execFileSync(runtime.nodeBin, ['-e', probe], { encoding: 'utf8' })) as {
			version: string;
			keys: string[];
		};
		const exported = new Set(keys);
		const missing = [...used].filter(([name]) => !exported.has(name));
		assert.deepEqual(
			missing.map(([name, files]) => `${name} (used in ${[...files].join(', ')})`),
			[],
			`n8n ${version} ships n8n-workflow ${workflowVersion}, which does not export these`,
		);
		log(`n8n-workflow ${workflowVersion} exports all ${used.size} used: ${[...used.keys()].sort().join(', ')}`);
	},
};
