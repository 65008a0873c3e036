// What `npm publish` would upload: `npm pack --dry-run` must list dist (without source maps),
// package.json, README.md and LICENSE.md, nothing else (no tests, simulator, sources, data),
// and every node, credential and icon that package.json and the nodes name. Reports the size.
// Usage: npx tsx scripts/check-pack.mts      (dist must be built)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface PackFile {
	path: string;
	size: number;
}

export interface PackListing {
	files: PackFile[];
	size: number;
	unpackedSize: number;
}

const ALLOWED = /^(dist\/.+|package\.json|README\.md|LICENSE\.md)$/;

/** Problems with a tarball listing; none means it may be published. */
export function packProblems(listing: PackListing, manifest: { n8n: { nodes: string[]; credentials: string[] } }): string[] {
	const paths = new Set(listing.files.map((file) => file.path));
	const problems: string[] = [];
	for (const path of paths) {
		if (!ALLOWED.test(path)) problems.push(`not allowed in the package: ${path}`);
		else if (path.endsWith('.map')) problems.push(`source map in the package: ${path}`);
	}
	const required = [
		'package.json',
		'README.md',
		'LICENSE.md',
		...manifest.n8n.nodes,
		...manifest.n8n.credentials,
		'dist/icons/runninghub.svg',
		'dist/icons/runninghub.dark.svg',
	];
	for (const path of required) if (!paths.has(path)) problems.push(`missing from the package: ${path}`);
	return problems;
}

export function packListing(): PackListing {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: REPO_DIR,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const [listing] = JSON.parse(out) as PackListing[];
	return listing;
}

function kb(bytes: number): string {
	return `${(bytes / 1024).toFixed(0)} KiB`;
}

function main(): number {
	const listing = packListing();
	const manifest = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8'));
	const problems = packProblems(listing, manifest);
	for (const problem of problems) console.log(problem);
	const dist = listing.files.filter((file) => file.path.startsWith('dist/'));
	console.log(
		`package: ${listing.files.length} files (${dist.length} in dist), ` +
			`${kb(listing.size)} packed, ${kb(listing.unpackedSize)} unpacked`,
	);
	if (problems.length > 0) return 1;
	console.log('package holds dist (no source maps), package.json, README.md and LICENSE.md only');
	return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	process.exitCode = main();
}
