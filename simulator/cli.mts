// Run the simulator as a process:
//   npx tsx simulator/cli.mts [--port 8787] [--host 127.0.0.1] [--task-duration-ms N]
//                             [--concurrency N] [--public-base-url URL] [--quiet]
// Port also from RUNNINGHUB_SIMULATOR_PORT. Stops cleanly on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { SIM_KEYS, startSimulator } from './index.mjs';

const { values } = parseArgs({
	options: {
		port: { type: 'string' },
		host: { type: 'string' },
		'task-duration-ms': { type: 'string' },
		concurrency: { type: 'string' },
		'public-base-url': { type: 'string' },
		quiet: { type: 'boolean' },
	},
});

const num = (v: string | undefined, name: string): number | undefined => {
	if (v === undefined || v === '') return undefined;
	const n = Number(v);
	if (!Number.isInteger(n) || n < 0) {
		console.error(`invalid ${name}: ${v}`);
		process.exit(2);
	}
	return n;
};

const sim = await startSimulator({
	port: num(values.port ?? process.env.RUNNINGHUB_SIMULATOR_PORT, 'port') ?? 8787,
	host: values.host,
	taskDurationMs: num(values['task-duration-ms'], 'task-duration-ms'),
	concurrencyLimit: num(values.concurrency, 'concurrency'),
	publicBaseUrl: values['public-base-url'],
	quiet: values.quiet,
});

// Key names only: values come from SIM_KEYS or GET /__sim/keys.
console.log(
	`RunningHub simulator listening on ${sim.url} (keys: ${Object.keys(SIM_KEYS).join(', ')}; values at GET ${sim.url}/__sim/keys)`,
);

let stopping = false;
const stop = (signal: string) => {
	if (stopping) return;
	stopping = true;
	void sim.close().then(() => {
		console.log(`RunningHub simulator stopped (${signal})`);
		process.exit(0);
	});
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
