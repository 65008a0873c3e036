// Fails on a hand-written copy in shipped code: any run of 10 lines or more (and jscpd's default
// 50 tokens, so a run of closing brackets is no copy) that stands twice in nodes/ or credentials/.
// A copy is folded into one helper instead (issue 16, ARCHITECTURE.md). Generated files
// (*.generated.ts, written by scripts/generate-catalogue.mts) repeat by design and are skipped.
// Usage: npx tsx scripts/check-copies.mts [--root DIR]; exit 1 and each copy's two places when found.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { REPO_DIR } from './lib/tools.mts';

export const MIN_LINES = 10;
export const MIN_TOKENS = 50;
export const SCANNED = ['nodes', 'credentials'];
export const GENERATED = ['**/*.generated.ts'];

export interface Copy {
	lines: number;
	tokens: number;
	first: string; // file:start-end, relative to the root
	second: string;
}

interface Side {
	name: string;
	start: number;
	end: number;
}

/** The copies jscpd finds under root's nodes/ and credentials/. */
export function findCopies(root = REPO_DIR): { copies: Copy[]; files: number } {
	const paths = SCANNED.map((dir) => join(root, dir)).filter((dir) => existsSync(dir));
	if (paths.length === 0) return { copies: [], files: 0 };
	const out = mkdtempSync(join(tmpdir(), 'check-copies-'));
	try {
		const bin = createRequire(import.meta.url).resolve('jscpd/run-jscpd.js');
		const args = [
			bin,
			...paths,
			'--min-lines', String(MIN_LINES),
			'--min-tokens', String(MIN_TOKENS),
			'--format', 'typescript',
			'--ignore', GENERATED.join(','),
			'--reporters', 'json',
			'--output', out,
			'--absolute',
			'--silent',
			'--no-tips',
			'--no-colors',
		];
		const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, JSCPD_NO_TIPS: '1' } });
		const reportFile = join(out, 'jscpd-report.json');
		if (run.status !== 0 || !existsSync(reportFile)) {
			throw new Error(`jscpd failed (exit ${run.status}): ${run.stderr || run.stdout || run.error?.message}`);
		}
		const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
			duplicates: Array<{ lines: number; tokens: number; firstFile: Side; secondFile: Side }>;
			statistics: { total: { sources: number } };
		};
		const place = (side: Side) => `${relative(root, resolve(root, side.name))}:${side.start}-${side.end}`;
		const copies = report.duplicates
			.map((d) => ({ lines: d.lines, tokens: d.tokens, first: place(d.firstFile), second: place(d.secondFile) }))
			.sort((a, b) => a.first.localeCompare(b.first) || a.second.localeCompare(b.second));
		return { copies, files: report.statistics.total.sources };
	} finally {
		rmSync(out, { recursive: true, force: true });
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const at = process.argv.indexOf('--root');
	const root = at >= 0 ? resolve(process.argv[at + 1]) : REPO_DIR;
	const { copies, files } = findCopies(root);
	for (const copy of copies) {
		console.log(`copy: ${copy.first} = ${copy.second} (${copy.lines} lines, ${copy.tokens} tokens)`);
	}
	if (copies.length) {
		console.log(`${copies.length} hand-written copies of ${MIN_LINES} lines or more in ${SCANNED.join('/, ')}/: fold each into one helper (see ARCHITECTURE.md).`);
		process.exit(1);
	}
	console.log(`no hand-written copy of ${MIN_LINES} lines or more in ${SCANNED.join('/, ')}/ (${files} files read)`);
}
