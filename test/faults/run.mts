/**
 * The fault-injection suite: runs every scenario (scenarios/*.mts) against its own simulator,
 * checks the invariants (invariants.mts), prints one line per scenario and `N passed, N failed`.
 *
 *   npx tsx test/faults/run.mts                 every scenario
 *   npx tsx test/faults/run.mts --only 429,drop  scenarios whose name contains one of the words
 *   npx tsx test/faults/run.mts --list           the scenario names
 */
import { useSuiteClock, withSimulator } from './harness.mts';
import { checkScenario } from './invariants.mts';
import { SCENARIOS, type Scenario } from './scenarios/index.mts';

/** Scenarios run side by side: they mostly wait on sockets, and each has its own simulator. */
const PARALLEL = 4;
/** A scenario that takes longer has hung (the slowest ones take about 3 s). */
const SCENARIO_TIMEOUT_MS = 30_000;

async function runOne(s: Scenario): Promise<{ ok: boolean; ms: number; problems?: string }> {
	const started = Date.now();
	let timer: NodeJS.Timeout | undefined;
	try {
		const run = withSimulator(async (sim) => {
			await s.setup?.(sim);
			const stages = await s.act(sim);
			checkScenario(stages, s.expect, sim);
		});
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`did not finish within ${SCENARIO_TIMEOUT_MS / 1000} s`)), SCENARIO_TIMEOUT_MS);
		});
		await Promise.race([run, timeout]);
		return { ok: true, ms: Date.now() - started };
	} catch (error) {
		// The checker's list of problems says it all; anything else (a crash) needs its stack.
		const e = error as Error;
		return { ok: false, ms: Date.now() - started, problems: /^\d+ problem\(s\):/.test(e.message) ? e.message : (e.stack ?? String(e)) };
	} finally {
		clearTimeout(timer);
	}
}

async function main(): Promise<number> {
	const args = process.argv.slice(2);
	const names = SCENARIOS.map((s) => s.name);
	const duplicate = names.find((n, i) => names.indexOf(n) !== i);
	if (duplicate) throw new Error(`two scenarios are named "${duplicate}"`);
	if (args.includes('--list')) {
		for (const name of names) console.log(name);
		return 0;
	}
	const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',').filter(Boolean) : [];
	const chosen = only.length ? SCENARIOS.filter((s) => only.some((word) => s.name.includes(word))) : SCENARIOS;
	if (!chosen.length) {
		console.log(`no scenario name contains ${only.join(' or ')} (see --list)`);
		return 1;
	}

	useSuiteClock();
	const started = Date.now();
	const results: Array<Promise<Awaited<ReturnType<typeof runOne>>>> = [];
	let next = 0;
	const worker = async () => {
		while (next < chosen.length) {
			const s = chosen[next++];
			const result = runOne(s);
			results[chosen.indexOf(s)] = result;
			await result;
		}
	};
	const workers = Array.from({ length: Math.min(PARALLEL, chosen.length) }, worker);

	// Lines in scenario order, each as soon as it and every scenario before it are done.
	let passed = 0;
	let failed = 0;
	for (let i = 0; i < chosen.length; i++) {
		while (!results[i]) await new Promise((r) => setTimeout(r, 5));
		const r = await results[i];
		if (r.ok) passed++;
		else failed++;
		console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${chosen[i].name} (${r.ms} ms)`);
		if (!r.ok) console.log(`     ${String(r.problems).replace(/\n/g, '\n     ')}`);
	}
	await Promise.all(workers);
	console.log(`\nfault-injection suite: ${chosen.length} scenarios in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	console.log(`${passed} passed, ${failed} failed`);
	return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
