/** The length of lip-sync audio: measured from its bytes, or from a bounded download of its URL. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../../core/api/errors';
import { MAX_AUDIO_BYTES } from '../../../core/lipSync/rules';
import type { AudioFormat } from '../../../core/media/duration';
import { measureAudioDuration, sniffAudioFormat } from '../../../core/media/duration';
import { fetchForMeasuring } from '../../../core/media/measureUrl';
import { AUDIO_RULES, claimedAudioFormat, formatBytes } from './files';
import { AUDIO_PARAMETERS } from './params';

/** How the audio length became known, or why not. */
export interface AudioLength {
	durationMs?: number;
	/** Why the length is unknown (for messages), when it is. */
	unknownBecause?: string;
}

/** Measures audio bytes; the format comes from the content, else from what the MIME type / name claims. */
export function measure(bytes: Uint8Array, mimeType: string | undefined, fileName: string | undefined): { format?: AudioFormat } & AudioLength {
	const hint = { mimeType, fileName };
	const info = measureAudioDuration(bytes, hint);
	if (info) return { format: info.format, durationMs: info.durationMs };
	const sniffed = sniffAudioFormat(bytes, hint);
	const claimed = claimedAudioFormat(mimeType, fileName) || undefined;
	const format = sniffed ?? claimed;
	return {
		format,
		unknownBecause: format
			? `the ${format.toUpperCase()} file's length cannot be read (it may be damaged or incomplete)`
			: 'the file is not MP3, WAV or M4A audio',
	};
}

/**
 * Downloads audio from a URL to measure it (streamed, never more than 5 MB; transient failures
 * retried, see fetchForMeasuring). A file over 5 MB is an error (lip-sync would refuse it); a
 * download that still fails only leaves the length unknown (RunningHub may still reach the URL).
 */
export async function measureUrl(ctx: IExecuteFunctions, url: string, itemIndex: number, parameter = AUDIO_PARAMETERS.url): Promise<AudioLength> {
	const tooLarge = (size: string) =>
		inputError(ctx.getNode(), {
			parameter,
			problem: `the audio at the URL is ${size}, over the ${formatBytes(MAX_AUDIO_BYTES)} limit`,
			fix: `${AUDIO_RULES} Compress it (e.g. a lower MP3 bitrate) or shorten it.`,
			itemIndex,
		});
	const fetched = await fetchForMeasuring(ctx, url, { maxBytes: MAX_AUDIO_BYTES, what: 'audio' });
	if ('tooLarge' in fetched) throw tooLarge(fetched.tooLarge.exact ? formatBytes(fetched.tooLarge.size) : `more than ${formatBytes(MAX_AUDIO_BYTES)}`);
	if ('unknownBecause' in fetched) return { unknownBecause: fetched.unknownBecause };
	const { durationMs, unknownBecause } = measure(fetched.bytes, fetched.mimeType, new URL(url).pathname);
	return durationMs !== undefined ? { durationMs } : { unknownBecause };
}
