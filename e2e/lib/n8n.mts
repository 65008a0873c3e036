// Starts a real `n8n start` on loopback ports with its own user folder, waits until it can be
// driven over REST, and stops it (and its task runner) again.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { freePort } from './ports.mjs';
import { spawnManaged, type Managed } from './procs.mjs';
import { cleanEnv, type Runtime } from './runtime.mjs';

/**
 * n8n's binary data modes: `filesystem` is n8n 2.x's default in regular mode, `default` keeps
 * binaries in memory, `database` (PostgreSQL) is the one queue mode supports across processes.
 */
export type BinaryMode = 'filesystem' | 'default' | 'database';

/** The n8n process kinds: `start` (main), and queue mode's `worker` and `webhook` processors. */
export type N8nCommand = 'start' | 'worker' | 'webhook';

export interface N8nStartOptions {
	runtime: Runtime;
	/** N8N_USER_FOLDER; n8n keeps `.n8n/` (database, config, nodes) in it. */
	userFolder: string;
	/** Fixed port (the demo); a free one otherwise. */
	port?: number;
	binaryMode?: BinaryMode;
	/** The one folder n8n's Read/Write Files from Disk node may use. */
	filesDir: string;
	/** Where n8n's output goes. */
	logFile: string;
	/** Extra environment (wins over the defaults). */
	env?: Record<string, string | undefined>;
	label?: string;
	readyTimeoutMs?: number;
	/** Default `start`; a worker listens on `port` for its health check only. */
	command?: N8nCommand;
	/** Extra CLI arguments (e.g. `--concurrency=5` for a worker). */
	args?: string[];
}

export interface N8nProcess {
	baseUrl: string;
	port: number;
	brokerPort: number;
	userFolder: string;
	logFile: string;
	binaryMode: BinaryMode;
	proc: Managed;
	stop(): Promise<void>;
	/** The last lines n8n printed, for failure reports. */
	logTail(lines?: number): string;
}

/** The environment n8n runs with: loopback only, quiet, deterministic, nothing phoning home. */
export function n8nEnv(o: {
	runtime: Runtime;
	userFolder: string;
	port: number;
	brokerPort: number;
	binaryMode: BinaryMode;
	filesDir: string;
	extra?: Record<string, string | undefined>;
}): NodeJS.ProcessEnv {
	const base = `http://127.0.0.1:${o.port}/`;
	return cleanEnv({
		PATH: o.runtime.pathPrefix ? `${o.runtime.pathPrefix}:${process.env.PATH ?? ''}` : process.env.PATH,
		N8N_USER_FOLDER: o.userFolder,
		N8N_PORT: String(o.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: base,
		WEBHOOK_URL: base,
		N8N_WEBHOOK_URL: base,
		N8N_RUNNERS_BROKER_PORT: String(o.brokerPort),
		N8N_SECURE_COOKIE: 'false',
		N8N_ENCRYPTION_KEY: 'runninghub-e2e-encryption-key-0123456789',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_DEFAULT_BINARY_DATA_MODE: o.binaryMode,
		N8N_RESTRICT_FILE_ACCESS_TO: o.filesDir,
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		// 2.40 fetches an MCP server list from api.n8n.io at start-up; 2.8 has no such module.
		...(o.runtime.version === '2.8.4' ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		...o.extra,
	});
}

export async function startN8n(options: N8nStartOptions): Promise<N8nProcess> {
	const { runtime, userFolder, filesDir, logFile } = options;
	const binaryMode = options.binaryMode ?? 'filesystem';
	mkdirSync(userFolder, { recursive: true });
	mkdirSync(filesDir, { recursive: true });
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const env = n8nEnv({ runtime, userFolder, port, brokerPort, binaryMode, filesDir, extra: options.env });
	const command = options.command ?? 'start';
	const proc = spawnManaged(`n8n ${runtime.version}${options.label ? ` (${options.label})` : ''}`, runtime.nodeBin, [runtime.n8nEntry, command, ...(options.args ?? [])], {
		cwd: userFolder,
		env,
		logFile,
	});
	const baseUrl = `http://127.0.0.1:${port}`;
	const logTail = (lines = 40) =>
		existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n') : '(no log)';
	const handle: N8nProcess = { baseUrl, port, brokerPort, userFolder, logFile, binaryMode, proc, stop: () => proc.stop(), logTail };
	try {
		await waitReady(handle, options.readyTimeoutMs ?? 120_000, command);
	} catch (error) {
		await proc.stop();
		throw new Error(`${(error as Error).message}\n--- n8n log (${logFile}) ---\n${logTail()}`);
	}
	return handle;
}

/**
 * /healthz answers before the REST API is mounted, so readiness is: healthz 200, then
 * /rest/settings 200. Fails early when n8n exits.
 */
async function waitReady(n8n: N8nProcess, timeoutMs: number, command: N8nCommand = 'start'): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	// While migrations run, n8n answers every other path with HTTP 200 and the plain text
	// "n8n is starting up. Please wait", so /rest/settings only counts once it is JSON.
	const checks: Array<[string, (res: Response, body: string) => boolean]> = [
		['/healthz/readiness', (res) => res.status === 200],
		['/rest/settings', (res, body) => res.status === 200 && isJsonWithData(body)],
	];
	// Workers and webhook processors have no REST API: their readiness endpoint is all there is.
	if (command !== 'start') checks.pop();
	for (const [path, ok] of checks) {
		for (;;) {
			if (n8n.proc.hasExited()) throw new Error(`n8n exited during start-up (exit ${await n8n.proc.exited})`);
			if (Date.now() > deadline) throw new Error(`n8n was not ready within ${timeoutMs / 1000} s (waiting for ${path})`);
			try {
				const res = await fetch(n8n.baseUrl + path, { signal: AbortSignal.timeout(2000) });
				if (ok(res, await res.text())) break;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 200));
		}
	}
}

function isJsonWithData(body: string): boolean {
	try {
		const parsed = JSON.parse(body);
		return Boolean(parsed && typeof parsed === 'object' && 'data' in parsed);
	} catch {
		return false;
	}
}

/** The binary-data folder n8n writes to in filesystem mode. */
export function binaryDataDir(userFolder: string): string {
	return join(userFolder, '.n8n', 'binaryData');
}
