// Packs the package the way it is published and installs the tarball into an n8n user folder
// the way n8n's Community Nodes panel does: into <userFolder>/.n8n/nodes, without peer or dev
// dependencies and without running scripts, so n8n loads it as `n8n-nodes-runninghub.*` and its
// `require('n8n-workflow')` resolves to n8n's own copy.
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { cleanEnv, REPO_ROOT } from './runtime.mjs';

const run = promisify(execFile);

export const PACKAGE_NAME: string = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).name;

/** `npm pack` of the repository into outDir; returns the tarball's path. Needs a built dist. */
export async function packPackage(outDir: string): Promise<string> {
	const required = join(REPO_ROOT, 'dist', 'nodes', 'RunningHub', 'RunningHub.node.js');
	if (!existsSync(required)) {
		throw new Error(`dist is missing (${required}): run "npm run build" first`);
	}
	mkdirSync(outDir, { recursive: true });
	const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], {
		cwd: REPO_ROOT,
		env: cleanEnv(),
		maxBuffer: 64 * 1024 * 1024,
	});
	const [info] = JSON.parse(stdout) as Array<{ filename: string }>;
	const tgz = join(outDir, info.filename);
	if (!existsSync(tgz)) throw new Error(`npm pack did not write ${tgz}`);
	return tgz;
}

/** Installs the tarball into <userFolder>/.n8n/nodes; returns the installed package folder. */
export async function installPackage(userFolder: string, tgz: string): Promise<string> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	// The same minimal package.json n8n writes before its first community-package install.
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
	);
	await run(
		'npm',
		['install', '--omit=peer', '--omit=dev', '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', tgz],
		{ cwd: nodesDir, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 },
	);
	const pkgDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	if (!existsSync(join(pkgDir, 'package.json'))) throw new Error(`the package was not installed into ${pkgDir}`);
	if (lstatSync(pkgDir).isSymbolicLink()) throw new Error(`${pkgDir} is a symlink, not an installed copy`);
	return pkgDir;
}
