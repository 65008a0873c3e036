// Fails on an import that breaks the layers of ARCHITECTURE.md: nodes/<Node>/ → actions → core,
// one resource never importing another (shared code lives in actions/helpers), credentials
// importing only core, no cycle, and shipped code never importing tests, scripts or the simulator.
// The rules are .dependency-cruiser.cjs (dependency-cruiser, pinned in devDependencies).
// Usage: npx tsx scripts/check-imports.mts [--root DIR]; exit 1 and each broken rule when found.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { REPO_DIR } from './lib/tools.mts';

export const CONFIG = join(REPO_DIR, '.dependency-cruiser.cjs');
export const SCANNED = ['nodes', 'credentials'];

export interface Violation {
	rule: string;
	from: string;
	to: string;
	/** The modules of a cycle, when the rule is no-circular. */
	cycle?: string[];
}

/** The rules broken under root's nodes/ and credentials/. */
export function findViolations(root = REPO_DIR): { violations: Violation[]; modules: number } {
	// Its bin is not in the package's exports, so it is taken from the project's node_modules.
	const bin = join(REPO_DIR, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
	const run = spawnSync(process.execPath, [bin, '--config', CONFIG, '--output-type', 'json', ...SCANNED], {
		cwd: root,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	let report: {
		summary: { violations: Array<{ rule: { name: string }; from: string; to: string; cycle?: Array<{ name: string }> }>; totalCruised: number };
	};
	try {
		report = JSON.parse(run.stdout);
	} catch {
		throw new Error(`dependency-cruiser failed (exit ${run.status}): ${run.stderr || run.stdout || run.error?.message}`);
	}
	const violations = report.summary.violations.map((v) => ({
		rule: v.rule.name,
		from: v.from,
		to: v.to,
		...(v.cycle ? { cycle: v.cycle.map((step) => step.name) } : {}),
	}));
	return { violations, modules: report.summary.totalCruised };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const at = process.argv.indexOf('--root');
	const root = at >= 0 ? resolve(process.argv[at + 1]) : REPO_DIR;
	const { violations, modules } = findViolations(root);
	for (const v of violations) console.log(`${v.rule}: ${v.from} → ${v.cycle ? v.cycle.join(' → ') : v.to}`);
	if (violations.length) {
		console.log(`${violations.length} import(s) break the layers of ARCHITECTURE.md (rules: .dependency-cruiser.cjs).`);
		process.exit(1);
	}
	console.log(`imports follow the layers of ARCHITECTURE.md (${modules} modules)`);
}
