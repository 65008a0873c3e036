// A real n8n in queue mode (scaling mode), the way users scale out: PostgreSQL as the database,
// Redis as the queue, one main (`n8n start`: editor, REST, triggers; production webhooks off),
// workers (`n8n worker`) that run every execution, manual ones included, and webhook processors
// (`n8n webhook`) that answer production webhooks and resume URLs. Every process has its own user
// folder with the package installed into it (as on separate machines), one encryption key, and
// binary data in the database (queue mode does not support the filesystem mode).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { startInstance, type Backend, type Instance } from './instance.mjs';
import { startN8n, type N8nProcess } from './n8n.mjs';
import { installPackage } from './pack.mjs';
import { freePort } from './ports.mjs';
import type { Owner } from './rest.mjs';
import type { Runtime } from './runtime.mjs';
import { startPostgres, startRedis, type Postgres, type Service } from './services.mjs';

/** Four n8n processes start at once on a small machine, the first one migrating a fresh database. */
const READY_TIMEOUT_MS = 300_000;

export interface ClusterOptions {
	runtime: Runtime;
	workDir: string;
	tarball: string;
	backend: Backend;
	owner: Owner;
	workers?: number;
	/** Webhook processors (default 1); all behind the first one's WEBHOOK_URL. */
	webhooks?: number;
	concurrency?: number;
	/** Environment every process gets on top of the queue-mode settings (timings for the tests). */
	env?: Record<string, string>;
}

export interface Cluster {
	postgres: Postgres;
	redis: Service;
	/** The main process with the owner, API key and credential (REST like a regular instance). */
	main: Instance;
	workers: N8nProcess[];
	webhooks: N8nProcess[];
	/** WEBHOOK_URL of every process: the first webhook processor (users put a load balancer here). */
	webhookBase: string;
	/** Start-up figures, ms: services (PostgreSQL + Redis), then main ready, then every n8n process ready. */
	timings: { services: number; main: number; all: number };
	/** Starts one more webhook processor (same database, queue and WEBHOOK_URL). */
	addWebhookProcessor(): Promise<N8nProcess>;
	/** Starts one more worker. */
	addWorker(): Promise<N8nProcess>;
	/** Stops every n8n process at once (each waits for its graceful shutdown), then Redis and PostgreSQL. */
	stop(): Promise<void>;
}

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
	const t0 = Date.now();
	mkdirSync(o.workDir, { recursive: true });
	const [postgres, redis] = await Promise.all([startPostgres(), startRedis(o.workDir)]);
	const tServices = Date.now();
	// The first webhook processor's port is fixed now: every process builds webhook and resume
	// URLs from WEBHOOK_URL, and it must point there before anything starts.
	const webhookPort = await freePort();
	const webhookBase = `http://127.0.0.1:${webhookPort}/`;
	const concurrency = o.concurrency ?? 5;
	const shared: Record<string, string> = {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// Manual runs (how the scenarios start workflows) go to the workers too, not to main.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// Production webhooks only on webhook processors: a delivery main answered would hide a
		// package that only works in one process.
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		WEBHOOK_URL: webhookBase,
		N8N_WEBHOOK_URL: webhookBase,
		...o.env,
	};
	let workerCount = 0;
	let webhookCount = 0;
	const workers: N8nProcess[] = [];
	const webhooks: N8nProcess[] = [];
	const startProcess = async (kind: 'worker' | 'webhook', port?: number): Promise<N8nProcess> => {
		const n = kind === 'worker' ? ++workerCount : ++webhookCount;
		const dir = join(o.workDir, `${kind}-${n}`);
		const userFolder = join(dir, 'user');
		// Community packages are installed on every process, not shared with main.
		await installPackage(userFolder, o.tarball);
		const healthPort = port ?? (await freePort());
		const proc = await startN8n({
			runtime: o.runtime,
			userFolder,
			filesDir: join(dir, 'files'),
			port: healthPort,
			binaryMode: 'database',
			logFile: join(dir, 'n8n.log'),
			label: `${kind} ${n}`,
			command: kind,
			readyTimeoutMs: READY_TIMEOUT_MS,
			args: kind === 'worker' ? [`--concurrency=${concurrency}`] : [],
			env: {
				...shared,
				...(kind === 'worker'
					? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
					: {}),
			},
		});
		(kind === 'worker' ? workers : webhooks)[n - 1] = proc;
		return proc;
	};
	// All at once: n8n takes a database lock for its migrations, so whichever process comes first
	// migrates the fresh database and the others wait for it, while their node loading overlaps.
	let tMain = 0;
	const [main] = await Promise.all([
		startInstance({
			runtime: o.runtime,
			workDir: join(o.workDir, 'main'),
			tarball: o.tarball,
			backend: o.backend,
			owner: o.owner,
			credentialName: 'RunningHub (simulator)',
			binaryMode: 'database',
			label: 'main',
			env: shared,
			readyTimeoutMs: READY_TIMEOUT_MS,
		}).then((instance) => ((tMain = Date.now()), instance)),
		...Array.from({ length: o.workers ?? 2 }, () => startProcess('worker')),
		startProcess('webhook', webhookPort),
		...Array.from({ length: (o.webhooks ?? 1) - 1 }, () => startProcess('webhook')),
	]);
	const tRest = Date.now();
	return {
		postgres,
		redis,
		main,
		workers,
		webhooks,
		webhookBase: webhookBase.replace(/\/$/, ''),
		timings: { services: tServices - t0, main: tMain - tServices, all: tRest - tServices },
		addWebhookProcessor: () => startProcess('webhook'),
		addWorker: () => startProcess('worker'),
		async stop() {
			await Promise.all([main.n8n, ...workers, ...webhooks].map((p) => p.stop()));
			await Promise.all([redis.stop(), postgres.stop()]);
		},
	};
}
