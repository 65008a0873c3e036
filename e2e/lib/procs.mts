// Everything the harness starts is registered here, so it is stopped on a normal exit, on a
// failure, on Ctrl-C (SIGINT), on SIGTERM and on an uncaught error. Child processes are started
// in their own process group (detached) and stopped by signalling the whole group, which also
// reaches n8n's task-runner child.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';

type Cleanup = { name: string; stop: () => Promise<void>; kill?: () => void };

const cleanups: Cleanup[] = [];
let installed = false;
let stopping: Promise<void> | null = null;

/** Registers something to stop at exit; returns a function that unregisters it. */
export function onCleanup(name: string, stop: () => Promise<void>, kill?: () => void): () => void {
	installHandlers();
	const entry = { name, stop, kill };
	cleanups.push(entry);
	return () => {
		const i = cleanups.indexOf(entry);
		if (i >= 0) cleanups.splice(i, 1);
	};
}

/** Stops everything registered, newest first. Safe to call more than once. */
export function stopAll(): Promise<void> {
	stopping ??= (async () => {
		while (cleanups.length) {
			const entry = cleanups.pop() as Cleanup;
			try {
				await entry.stop();
			} catch (error) {
				console.error(`[cleanup] ${entry.name}: ${(error as Error).message}`);
			}
		}
	})();
	return stopping;
}

/** Whether stopAll has begun (a signal, or the end of a run). */
export function isStopping(): boolean {
	return stopping !== null;
}

function installHandlers(): void {
	if (installed) return;
	installed = true;
	const onSignal = (signal: NodeJS.Signals) => {
		console.error(`\n[stop] ${signal}: stopping n8n and everything else this command started`);
		const hardExit = setTimeout(() => process.exit(130), 20_000);
		hardExit.unref();
		void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	// Last resort when the process exits without running stopAll (process.exit elsewhere,
	// uncaught error): synchronous kills only.
	process.on('exit', () => {
		for (const entry of cleanups) {
			try {
				entry.kill?.();
			} catch {
				// already gone
			}
		}
	});
}

export interface Managed {
	child: ChildProcess;
	pid: number;
	/** Resolves with the exit code (or signal name) once the process has exited. */
	exited: Promise<number | string>;
	hasExited(): boolean;
	/** SIGTERM to the group, then SIGKILL after graceMs. */
	stop(graceMs?: number): Promise<void>;
}

/** Spawns a process in its own group, output to logFile, registered for cleanup. */
export function spawnManaged(
	name: string,
	command: string,
	args: string[],
	options: SpawnOptions & { logFile: string },
): Managed {
	const log = createWriteStream(options.logFile, { flags: 'a' });
	const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout?.pipe(log);
	child.stderr?.pipe(log);
	if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
	const pid = child.pid;
	let done = false;
	const exited = new Promise<number | string>((resolve) => {
		child.on('exit', (code, signal) => {
			done = true;
			resolve(code ?? signal ?? 'unknown');
		});
		child.on('error', (error) => {
			done = true;
			log.write(`\n[harness] spawn error: ${error.message}\n`);
			resolve('spawn-error');
		});
	});
	const signalGroup = (signal: NodeJS.Signals) => {
		try {
			process.kill(-pid, signal);
		} catch {
			// the group is gone
		}
	};
	let unregister = () => {};
	const stop = async (graceMs = 15_000) => {
		unregister();
		if (!done) {
			signalGroup('SIGTERM');
			const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		}
		// The group leader is gone; make sure no member (task runner) outlives it.
		signalGroup('SIGKILL');
		await new Promise<void>((resolve) => log.end(resolve));
	};
	unregister = onCleanup(name, () => stop(), () => signalGroup('SIGKILL'));
	return { child, pid, exited, hasExited: () => done, stop };
}
