import * as workflow from 'n8n-workflow';
import { ManualExecutionCancelledError, sleep } from 'n8n-workflow';

type SleepWithAbort = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Longest single `sleep` while waiting, so a cancelled execution stops within this time. */
const SLICE_MS = 250;

/**
 * An abortable sleep that works with every n8n version. n8n-workflow 2.8 exports
 * `sleepWithAbort`; 2.40 removed it (only `sleep` is kept for community nodes), and calling it
 * there fails with "sleepWithAbort is not a function". So: use it where it exists, else sleep in
 * short slices and check the execution's cancel signal between them (timers are not allowed in
 * community nodes).
 */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	const native = (workflow as unknown as { sleepWithAbort?: SleepWithAbort }).sleepWithAbort;
	if (typeof native === 'function') {
		if (!signal) return await native(ms);
		// sleepWithAbort never removes its listener from the signal: give it a signal of its own,
		// so a long execution's shared signal does not collect one listener per wait.
		const own = new AbortController();
		const forward = () => own.abort();
		if (signal.aborted) own.abort();
		else signal.addEventListener('abort', forward, { once: true });
		try {
			await native(ms, own.signal);
		} finally {
			signal.removeEventListener('abort', forward);
		}
		return;
	}
	const until = Date.now() + ms;
	for (;;) {
		if (signal?.aborted) throw new ManualExecutionCancelledError('');
		const left = until - Date.now();
		if (left <= 0) return;
		await sleep(Math.min(left, SLICE_MS));
	}
}
