// PostgreSQL and Redis for the queue-mode e2e (e2e/queue.mts), run as plain processes: data in a
// fresh temp folder, listening on a free loopback port only, registered with procs.mts so they
// are stopped (and their data deleted) on every exit path. e2e/queue-install.sh installs the
// Debian packages first when they are missing.
import { execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './ports.mjs';
import { onCleanup, spawnManaged, type Managed } from './procs.mjs';
import { cleanEnv, E2E_DIR } from './runtime.mjs';

const run = promisify(execFile);

export interface Service {
	port: number;
	proc: Managed;
	logFile: string;
	stop(): Promise<void>;
}

export interface Postgres extends Service {
	host: '127.0.0.1';
	database: string;
	user: string;
}

/** Runs e2e/queue-install.sh (apt-get install of what is missing); returns how long it took. */
export async function ensureServicesInstalled(): Promise<number> {
	const t0 = Date.now();
	const code = await new Promise<number>((done) => {
		const child = spawn('bash', [join(E2E_DIR, 'queue-install.sh')], { stdio: ['ignore', process.stderr, process.stderr], env: cleanEnv() });
		child.on('exit', (c) => done(c ?? 1));
		child.on('error', () => done(1));
	});
	if (code !== 0) throw new Error(`e2e/queue-install.sh failed (exit ${code}): PostgreSQL and Redis are needed for the queue-mode e2e`);
	return Date.now() - t0;
}

/** The newest PostgreSQL the Debian packages installed (/usr/lib/postgresql/<major>/bin). */
function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root) ? readdirSync(root).filter((d) => existsSync(join(root, d, 'bin', 'postgres'))) : [];
	majors.sort((a, b) => Number(b) - Number(a));
	if (!majors.length) throw new Error(`no PostgreSQL under ${root}: run e2e/queue-install.sh`);
	return join(root, majors[0], 'bin');
}

/** PostgreSQL refuses to run as root: as root, its processes run as the `postgres` user. */
function postgresIdentity(): { uid?: number; gid?: number } {
	if (process.getuid?.() !== 0) return {};
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('postgres:'));
	if (!line) throw new Error('running as root but there is no `postgres` user (the postgresql package creates it)');
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

export async function startPostgres(): Promise<Postgres> {
	const bin = postgresBin();
	const identity = postgresIdentity();
	// Its own temp folder (not inside the harness's 0700 work folder, which `postgres` cannot enter).
	const root = mkdtempSync(join(tmpdir(), 'rh-e2e-pg-'));
	const removeRoot = onCleanup('postgres data', async () => rmSync(root, { recursive: true, force: true }));
	const dataDir = join(root, 'data');
	const socketDir = join(root, 'socket');
	mkdirSync(dataDir);
	mkdirSync(socketDir);
	if (identity.uid !== undefined) for (const dir of [root, dataDir, socketDir]) chownSync(dir, identity.uid, identity.gid as number);
	const user = 'n8n';
	const env = cleanEnv({ LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' });
	try {
		// Trust on loopback only: nothing but this machine can reach it, and it lives for one run.
		await run(join(bin, 'initdb'), ['-D', dataDir, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], {
			...identity,
			env,
			cwd: root,
		});
	} catch (error) {
		removeRoot();
		rmSync(root, { recursive: true, force: true });
		throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
	}
	const port = await freePort();
	const logFile = join(root, 'postgres.log');
	// A throwaway database: durability settings off, it only has to be correct while it runs.
	const proc = spawnManaged(
		'postgres',
		join(bin, 'postgres'),
		['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', socketDir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
		{ ...identity, env, cwd: root, logFile },
	);
	const stop = async () => {
		await proc.stop();
		removeRoot();
		rmSync(root, { recursive: true, force: true });
	};
	try {
		await waitFor(
			async () => {
				await run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'postgres'], { env });
				return true;
			},
			proc,
			'PostgreSQL',
			logFile,
		);
	} catch (error) {
		await stop();
		throw error;
	}
	return { host: '127.0.0.1', port, database: 'postgres', user, proc, logFile, stop };
}

export async function startRedis(logDir: string): Promise<Service> {
	const port = await freePort();
	const logFile = join(logDir, 'redis.log');
	// No persistence at all: no dump file, no append-only file; loopback only.
	const proc = spawnManaged(
		'redis',
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', logDir, '--daemonize', 'no'],
		{ env: cleanEnv(), cwd: logDir, logFile },
	);
	try {
		await waitFor(async () => (await redisPing(port)) === '+PONG', proc, 'Redis', logFile);
	} catch (error) {
		await proc.stop();
		throw error;
	}
	return { port, proc, logFile, stop: () => proc.stop() };
}

function redisPing(port: number): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
		socket.setTimeout(1000, () => socket.destroy(new Error('timeout')));
		socket.once('data', (d) => {
			socket.end();
			resolve(d.toString().trim());
		});
		socket.once('error', reject);
	});
}

async function waitFor(probe: () => Promise<boolean>, proc: Managed, what: string, logFile: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (proc.hasExited()) throw new Error(`${what} exited during start-up: ${tail(logFile)}`);
		try {
			if (await probe()) return;
		} catch {
			// not ready yet
		}
		if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs / 1000} s: ${tail(logFile)}`);
		await new Promise((r) => setTimeout(r, 150));
	}
}

function tail(file: string): string {
	return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-15).join('\n') : '(no log)';
}
