// `npm run demo`: a real n8n on 127.0.0.1 with this package installed, a RunningHub credential
// and the example workflows, backed by the embedded RunningHub simulator (or real RunningHub
// when RUNNINGHUB_API_KEY is set). Ctrl-C stops everything it started.
//
//   DEMO_PORT=5678            n8n's port on 127.0.0.1
//   RUNNINGHUB_API_KEY=...    use real RunningHub instead of the simulator
//   RUNNINGHUB_SITE=ai|cn     the site that issued the key (default ai)
//   DEMO_KEEP_DATA=1          keep the previous demo's n8n data instead of starting fresh
//   DEMO_N8N_VERSION=2.8.4    or 2.41.1, 2.40.7 (installs Node 24 + that n8n on first use)
import { demoOptionsFromEnv, startDemo } from '../e2e/lib/demo.mjs';
import { isStopping, stopAll } from '../e2e/lib/procs.mjs';

async function main(): Promise<void> {
	const options = demoOptionsFromEnv();
	const demo = await startDemo({ ...options, log: (line) => console.log(`[demo] ${line}`) });
	const bar = '─'.repeat(64);
	console.log(`\n${bar}`);
	console.log(`  n8n with n8n-nodes-runninghub is running`);
	console.log(`  URL:       ${demo.url}`);
	console.log(`  Login:     ${demo.owner.email}`);
	console.log(`  Password:  ${demo.owner.password}`);
	console.log(`  Backend:   ${demo.backend.site === 'custom' ? `RunningHub simulator (${demo.backend.baseUrl})` : `real RunningHub (${demo.backend.label})`}`);
	console.log(`  Credential "${demo.instance.credential.name}" is set up.`);
	if (demo.workflows.length) {
		console.log(`  Workflows imported from examples/:`);
		for (const w of demo.workflows) {
			console.log(`    - ${w.name}  ${demo.url}/workflow/${w.id}`);
			if (w.triggerUrl) console.log(`      active; its RunningHub Trigger receives task events at\n      ${w.triggerUrl}`);
		}
		if (!demo.sim && demo.workflows.some((w) => w.triggerUrl)) {
			console.log('    (real RunningHub cannot reach 127.0.0.1: the trigger example needs n8n on a public URL)');
		}
	} else {
		console.log('  No example workflows found in examples/.');
	}
	console.log(`  Files folder (the only one n8n's file nodes may use): ${demo.instance.filesDir}`);
	if (demo.samples.length) console.log(`    sample inputs: ${demo.samples.map((p) => p.split('/').pop()).join(', ')}`);
	else console.log('    put a presenter.mp4 (a real video with a face, 2–60 s) there for the lip-sync examples');
	console.log(`  Press Ctrl-C to stop n8n${demo.sim ? ' and the simulator' : ''}.`);
	console.log(`${bar}\n`);

	const exited = await demo.instance.n8n.proc.exited;
	if (isStopping()) return; // Ctrl-C: the signal handler stops the rest and exits
	console.error(`[demo] n8n exited (${exited}). Last lines of its log:\n${demo.instance.n8n.logTail(30)}`);
	await demo.stop();
	process.exit(1);
}

main().catch(async (error) => {
	console.error(`[demo] ${(error as Error).message}`);
	await stopAll();
	process.exit(1);
});
