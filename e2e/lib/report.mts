// Timing and reporting helpers shared by the e2e runners (single n8n and queue mode).
import { stopAll } from './procs.mjs';

/** Milliseconds as seconds with one decimal, for reports. */
export const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Rejects with "<what> timed out after N s" when the promise takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error(`${what} timed out after ${secs(ms)}`)), ms);
			}),
		]);
	} finally {
		clearTimeout(timer);
	}
}

/** Prints a failed scenario: its label and time, the first lines of the stack, and its notes. */
export function printFailure(label: string, startedAt: number, error: unknown, notes: string[]): void {
	const message = (error as Error).stack ?? String(error);
	console.log(`  ✗ ${label} (${secs(Date.now() - startedAt)})\n      ${message.split('\n').slice(0, 12).join('\n      ')}`);
	for (const n of notes) console.log(`      note: ${n}`);
}

/**
 * Runs a runner's main and exits with its code. A crash stops every process the run started and
 * still prints a closing line the test script can count.
 */
export function runMain(main: () => Promise<number>): void {
	main().then(
		(code) => process.exit(code),
		async (error) => {
			console.error(error);
			await stopAll();
			console.log('0 passed, 1 failed');
			process.exit(1);
		},
	);
}
