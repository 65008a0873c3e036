/**
 * Fetching a media file from a URL to measure it (the lip-sync audio, the speech RunningHub
 * generated). A reset, a timeout, a 5xx or a body that breaks off is retried like any safe GET:
 * in the one-step Lip Sync the identify and speech steps are already paid for when the speech is
 * measured, and a length left unknown by one hiccup would fail the item.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { downloadToMemory, problemText } from './fetch';

export type Fetched =
	| { bytes: Uint8Array; mimeType?: string }
	/** Over `maxBytes`: `exact` when the server announced the size, else "more than maxBytes". */
	| { tooLarge: { size: number; exact: boolean } }
	/** Could not be fetched even after retries; the length stays unknown (RunningHub may still reach it). */
	| { unknownBecause: string };

/** Downloads at most `maxBytes` of the file at `url`, retrying transient failures. */
export async function fetchForMeasuring(
	ctx: Pick<IExecuteFunctions, 'helpers'>,
	url: string,
	o: { maxBytes: number; what: string; timeoutMs?: number },
): Promise<Fetched> {
	const result = await downloadToMemory(ctx, url, { maxBytes: o.maxBytes, timeoutMs: o.timeoutMs ?? 120_000 });
	if ('value' in result) {
		const mimeType = String(result.value.headers['content-type'] ?? '').split(';')[0].trim() || undefined;
		return { bytes: result.value.bytes, mimeType };
	}
	const { problem, attempts } = result;
	if (problem.kind === 'tooLarge') return { tooLarge: { size: problem.size, exact: problem.exact } };
	const tried = attempts > 1 ? `, tried ${attempts} times` : '';
	const detail =
		problem.kind === 'network' ? problem.reason : problem.kind === 'status' ? `HTTP ${problem.status}` : problemText(problem);
	return { unknownBecause: `the ${o.what} could not be downloaded to measure it (${detail}${tried})` };
}
