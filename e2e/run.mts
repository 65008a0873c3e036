// Real-n8n end-to-end tests of the packed package.
//
//   npx tsx e2e/run.mts --n8n 2.8.4|2.40.7|2.41.1 [--only name[,name]] [--keep] [--list] [--tarball file.tgz] [--allow-pending]
//
// 1. makes sure the n8n runtime exists (e2e/install-n8n.sh; the first run installs it);
// 2. `npm pack`s the repository (dist must be built: `npm test` builds it first);
// 3. starts the RunningHub simulator in-process;
// 4. for each binary-data mode the selected scenarios need, starts a fresh n8n (own user folder,
//    own ports) with the tarball installed into <userFolder>/.n8n/nodes the way n8n installs
//    community packages, sets up the owner, logs in and creates the RunningHub credential
//    through n8n's REST API;
// 5. runs every scenario of e2e/scenarios/ (creates its workflows through REST, runs them from
//    their Manual Trigger with POST /rest/workflows/:id/run, and asserts on the execution n8n
//    stored, read back with the public API);
// 6. stops everything it started and prints `N passed, N failed`.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { Catalog } from './lib/catalog.mjs';
import { startInstance, type Instance } from './lib/instance.mjs';
import type { BinaryMode } from './lib/n8n.mjs';
import { packPackage } from './lib/pack.mjs';
import { stopAll } from './lib/procs.mjs';
import { ensureRuntime, E2E_DIR, isN8nVersion, N8N_VERSIONS } from './lib/runtime.mjs';
import { makeContext, Pending, type Scenario } from './lib/scenario.mjs';
import { startSim, type Sim } from './lib/sim.mjs';
import { printFailure, runMain, secs, withTimeout } from './lib/report.mjs';

export const E2E_OWNER = { email: 'owner@example.com', password: 'Passw0rd!E2e', firstName: 'E2E', lastName: 'Owner' };

const { values } = parseArgs({
	options: {
		n8n: { type: 'string' },
		only: { type: 'string' },
		keep: { type: 'boolean', default: false },
		list: { type: 'boolean', default: false },
		tarball: { type: 'string' },
		'allow-pending': { type: 'boolean', default: false },
	},
});


async function loadScenarios(): Promise<Array<{ file: string; scenario: Scenario }>> {
	const dir = join(E2E_DIR, 'scenarios');
	const files = readdirSync(dir).filter((f) => f.endsWith('.mts')).sort();
	const out: Array<{ file: string; scenario: Scenario }> = [];
	const names = new Set<string>();
	for (const file of files) {
		const mod = await import(pathToFileURL(join(dir, file)).href);
		// A file exports one `scenario`, or `scenarios` (a list, e.g. one per example workflow).
		const list = (Array.isArray(mod.scenarios) ? mod.scenarios : mod.scenario ? [mod.scenario] : null) as Scenario[] | null;
		if (!list) throw new Error(`e2e/scenarios/${file} exports no \`scenario\` (or \`scenarios\`)`);
		for (const scenario of list) {
			if (!scenario?.name || typeof scenario.run !== 'function') throw new Error(`e2e/scenarios/${file}: a scenario without name or run()`);
			if (names.has(scenario.name)) throw new Error(`duplicate scenario name "${scenario.name}" (e2e/scenarios/${file})`);
			names.add(scenario.name);
			out.push({ file, scenario });
		}
	}
	return out;
}

async function main(): Promise<number> {
	const t0 = Date.now();
	let scenarios = await loadScenarios();
	if (values.list) {
		for (const { file, scenario } of scenarios) console.log(`${scenario.name.padEnd(28)} ${scenario.title}  (${file})`);
		return 0;
	}
	const version = values.n8n ?? '';
	if (!isN8nVersion(version)) {
		console.error(`usage: npx tsx e2e/run.mts --n8n ${N8N_VERSIONS.join('|')} [--only name[,name]] [--keep] [--list] [--tarball file.tgz]`);
		return 2;
	}
	if (values.only) {
		const wanted = values.only.split(',').map((s) => s.trim());
		const unknown = wanted.filter((w) => !scenarios.some((s) => s.scenario.name === w));
		if (unknown.length) {
			console.error(`unknown scenario(s): ${unknown.join(', ')}; see --list`);
			return 2;
		}
		scenarios = scenarios.filter((s) => wanted.includes(s.scenario.name));
	}

	const runtime = await ensureRuntime(version);
	const tRuntime = Date.now();
	const workDir = mkdtempSync(join(tmpdir(), `rh-e2e-${version}-`));
	// --tarball tests a given package file (e.g. a release candidate) instead of packing the repository.
	const tgz = values.tarball ? resolve(values.tarball) : await packPackage(join(workDir, 'pack'));
	const tPack = Date.now();
	console.log(`e2e: n8n ${version} (${runtime.nodeBin === 'node' ? `Node ${process.version}` : 'Node 24'}), package ${values.tarball ? tgz : relative(workDir, tgz)}, work folder ${workDir}`);

	let passed = 0;
	let failed = 0;
	let skipped = 0;
	let sim: Sim | null = null;
	const instances = new Map<BinaryMode, Instance>();
	let tStarted = Date.now();
	try {
		sim = await startSim({ taskDurationMs: 400 });
		const simRef = sim;
		const modes = [...new Set(scenarios.flatMap(({ scenario }) => scenario.binaryModes ?? ['filesystem']))] as BinaryMode[];
		const started = await Promise.all(
			modes.map((mode) =>
				startInstance({
					runtime,
					workDir: join(workDir, `n8n-${mode}`),
					tarball: tgz,
					backend: { label: 'simulator', site: 'custom', apiKey: simRef.keys.aiShared, baseUrl: simRef.url },
					owner: E2E_OWNER,
					credentialName: 'RunningHub (simulator)',
					binaryMode: mode,
					label: `binary mode ${mode}`,
				}),
			),
		);
		modes.forEach((mode, i) => instances.set(mode, started[i]));
		tStarted = Date.now();
		console.log(`  started simulator ${sim.url} and n8n ${[...instances].map(([m, i]) => `${i.n8n.baseUrl} (${m})`).join(', ')} in ${secs(tStarted - tPack)}`);
		const catalogs = new Map<BinaryMode, Catalog>();
		for (const [mode, instance] of instances) catalogs.set(mode, await Catalog.load(instance.rest));

		for (const { scenario } of scenarios) {
			for (const mode of scenario.binaryModes ?? ['filesystem']) {
				const label = `${scenario.name}${(scenario.binaryModes?.length ?? 1) > 1 ? ` [${mode}]` : ''}`;
				const catalog = catalogs.get(mode) as Catalog;
				const reason = (scenario.requires ?? []).map((r) => catalog.missing(r)).find(Boolean);
				if (reason) {
					skipped++;
					console.log(`  - ${label}: pending: ${reason}`);
					continue;
				}
				const notes: string[] = [];
				const ts = Date.now();
				try {
					if (typeof sim.control?.reset === 'function') await sim.control.reset();
					const ctx = makeContext({
						version,
						mode,
						instance: instances.get(mode) as Instance,
						sim,
						catalog,
						scenario,
						log: (m) => notes.push(m),
					});
					await withTimeout(scenario.run(ctx), scenario.timeoutMs ?? 90_000, scenario.name);
					passed++;
					console.log(`  ✓ ${label} (${secs(Date.now() - ts)})${notes.length ? `\n      ${notes.join('\n      ')}` : ''}`);
				} catch (error) {
					if (error instanceof Pending) {
						skipped++;
						console.log(`  - ${label}: pending: ${error.message}`);
						continue;
					}
					failed++;
					printFailure(label, ts, error, notes);
				}
			}
		}
	} catch (error) {
		failed++;
		console.log(`  ✗ set-up failed: ${(error as Error).stack ?? String(error)}`);
	} finally {
		const tStop = Date.now();
		await stopAll();
		await sim?.close().catch(() => undefined);
		const tEnd = Date.now();
		console.log(
			`timings: runtime check ${secs(tRuntime - t0)}, pack ${secs(tPack - tRuntime)}, start ${secs(tStarted - tPack)}, scenarios ${secs(tStop - tStarted)}, stop ${secs(tEnd - tStop)}, total ${secs(tEnd - t0)}`,
		);
		if (failed === 0 && !values.keep) rmSync(workDir, { recursive: true, force: true });
		else console.log(`kept ${workDir} (n8n logs: n8n-*/n8n.log)`);
	}
	// A pending scenario proves nothing: it fails the run unless asked for (while building one).
	if (skipped && !values['allow-pending']) {
		failed += skipped;
		console.log(`${skipped} pending scenario(s) counted as failed (--allow-pending to skip them while building)`);
	} else if (skipped) console.log(`${skipped} skipped (pending: not built yet)`);
	console.log(`${passed} passed, ${failed} failed`);
	return failed === 0 ? 0 : 1;
}

runMain(main);
