// n8n's verification scanner (@n8n/scan-community-package, pinned in tools/scanner) run offline
// on the package as it would be published. On the registry the scanner downloads the package
// and the source commit its npm provenance names, then lints both; here the two legs run on the
// packed tarball and on this checkout, with the scanner's own analyser and rule set:
//   source   package.json and nodes/, credentials/ (*.ts, *.js, *.json) of the checkout
//   tarball  every *.js file and package.json of the packed package
// Usage: npx tsx scripts/scan-package.mts [--tarball file.tgz] [--source dir]
//   Without --tarball the built checkout is packed (npm pack; dist must be built).
// Ends with `scanner: N passed, N failed` (one per leg); exit 1 when a leg fails.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { REPO_DIR, resolveInTool } from './lib/tools.mts';

interface Analysis {
	passed: boolean;
	message?: string;
	details?: string;
}

interface Scanner {
	analyzePackage(dir: string, patterns?: string[]): Promise<Analysis>;
	SOURCE_FILE_PATTERNS: string[];
}

export interface LegResult extends Analysis {
	leg: 'source' | 'tarball';
	dir: string;
}

/** The file patterns the scanner's tarball leg lints (scanner.mjs, analyzePackageByName). */
export const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

let scanner: Scanner | undefined;

async function loadScanner(): Promise<Scanner> {
	const file = resolveInTool('scanner', '@n8n/scan-community-package/scanner/scanner.mjs');
	scanner ??= (await import(pathToFileURL(file).href)) as Scanner;
	return scanner;
}

/** Runs both legs of the scan; either folder may be left out. */
export async function scanPackage(options: { packageDir?: string; sourceDir?: string }): Promise<LegResult[]> {
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await loadScanner();
	const results: LegResult[] = [];
	if (options.sourceDir !== undefined) {
		const dir = options.sourceDir;
		results.push({ leg: 'source', dir, ...(await analyzePackage(dir, SOURCE_FILE_PATTERNS)) });
	}
	if (options.packageDir !== undefined) {
		const dir = options.packageDir;
		results.push({ leg: 'tarball', dir, ...(await analyzePackage(dir, TARBALL_PATTERNS)) });
	}
	return results;
}

/** Packs the checkout (dist must be built) into dir; returns the tarball's path. */
export function packCheckout(dir: string): string {
	mkdirSync(dir, { recursive: true });
	execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], {
		cwd: REPO_DIR,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
	if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${dir}`);
	return join(dir, tarball);
}

/** Unpacks a package tarball the way the scanner does (tar, first path part stripped). */
export function unpack(tarball: string, dir: string): string {
	mkdirSync(dir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	return dir;
}

async function main(argv: string[]): Promise<number> {
	const { values } = parseArgs({
		args: argv,
		options: { tarball: { type: 'string' }, source: { type: 'string' } },
	});
	const work = mkdtempSync(join(tmpdir(), 'rh-scan-'));
	try {
		const tarball = values.tarball ? resolve(values.tarball) : packCheckout(join(work, 'pack'));
		const packageDir = unpack(tarball, join(work, 'package'));
		const sourceDir = values.source ? resolve(values.source) : REPO_DIR;
		console.log(`scanner: @n8n/scan-community-package on ${tarball} and ${sourceDir}`);
		const results = await scanPackage({ packageDir, sourceDir });
		for (const result of results) {
			console.log(`${result.passed ? 'ok' : 'not ok'} ${result.leg}${result.message ? `: ${result.message}` : ''}`);
			if (result.details) console.log(result.details);
		}
		const failed = results.filter((result) => !result.passed).length;
		console.log(`scanner: ${results.length - failed} passed, ${failed} failed`);
		return failed === 0 ? 0 : 1;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	process.exitCode = await main(process.argv.slice(2));
}
