/**
 * What a lip-sync file may be before it is sent: MP4/MOV video up to 100 MB, MP3/WAV/M4A audio up
 * to 5 MB, judged from the MIME type, the name and (when these say nothing) the first bytes.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../../core/api/errors';
import { MAX_AUDIO_BYTES, MAX_VIDEO_BYTES } from '../../../core/lipSync/rules';
import { extensionOf, mimeTypeFor } from '../../../core/media/binary';
import type { AudioFormat } from '../../../core/media/duration';
import { VIDEO_PARAMETERS } from './params';

const VIDEO_MIME_TYPES = new Set(['video/mp4', 'video/quicktime']);
export const VIDEO_EXTENSIONS = new Set(['mp4', 'mov']);
export const AUDIO_EXTENSIONS: Record<string, AudioFormat> = { mp3: 'mp3', wav: 'wav', m4a: 'm4a' };
const AUDIO_MIME_TYPES: Record<string, AudioFormat> = {
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/wave': 'wav',
	'audio/vnd.wave': 'wav',
	'audio/mp4': 'm4a',
	'audio/m4a': 'm4a',
	'audio/x-m4a': 'm4a',
};

export const VIDEO_RULES = 'Face identification takes an MP4 or MOV video of 2–60 s, up to 100 MB, 720p or 1080p.';

export const AUDIO_RULES = 'Lip-sync takes MP3, WAV or M4A audio of 2–60 s, up to 5 MB.';

/** 1536 → "1.5 KB", 5242880 → "5 MB"; rounded up, so a file just over a limit never reads as the limit. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const kb = bytes / 1024;
	if (kb < 1024) return `${Math.ceil(kb * 10) / 10} KB`;
	return `${Math.ceil((kb / 1024) * 10) / 10} MB`;
}

/** The size of binary data without reading it, when n8n knows it; undefined otherwise. */
export async function knownSize(ctx: IExecuteFunctions, meta: IBinaryData): Promise<number | undefined> {
	if (meta.id) {
		try {
			const size = (await ctx.helpers.getBinaryMetadata(meta.id))?.fileSize;
			return typeof size === 'number' && Number.isFinite(size) ? size : undefined;
		} catch {
			return undefined;
		}
	}
	if (typeof meta.data === 'string' && meta.data.length > 0) {
		const padding = meta.data.endsWith('==') ? 2 : meta.data.endsWith('=') ? 1 : 0;
		return Math.floor((meta.data.length * 3) / 4) - padding;
	}
	return undefined;
}

export function describeFile(fileName: string | undefined, mimeType: string | undefined): string {
	const parts = [fileName && `"${fileName}"`, mimeType && mimeType !== 'application/octet-stream' && mimeType].filter(Boolean);
	return parts.length ? parts.join(', ') : 'the file';
}

/** Whether a MIME type or file name says MP4/MOV (true), something else (false) or nothing (undefined). */
export function videoTypeVerdict(mimeType: string | undefined, fileName: string | undefined): boolean | undefined {
	const mime = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	if (VIDEO_MIME_TYPES.has(mime)) return true;
	const ext = fileName ? extensionOf(fileName) : undefined;
	if (ext && VIDEO_EXTENSIONS.has(ext)) return true;
	if (mime && mime !== 'application/octet-stream' && mime !== 'binary/octet-stream') return false;
	if (ext && mimeTypeFor(ext)) return false;
	return undefined;
}

export function checkVideoSize(ctx: IExecuteFunctions, size: number, fileName: string | undefined, itemIndex: number): void {
	if (size === 0) {
		throw inputError(ctx.getNode(), {
			parameter: VIDEO_PARAMETERS.binary,
			problem: `${describeFile(fileName, undefined)} is empty (0 bytes)`,
			fix: 'Check the node that produced the video.',
			itemIndex,
		});
	}
	if (size > MAX_VIDEO_BYTES) {
		throw inputError(ctx.getNode(), {
			parameter: VIDEO_PARAMETERS.binary,
			problem: `${describeFile(fileName, undefined)} is ${formatBytes(size)}, over the ${formatBytes(MAX_VIDEO_BYTES)} limit`,
			fix: `${VIDEO_RULES} Compress or shorten the video.`,
			itemIndex,
		});
	}
}

/** An MP4/MOV file starts with an `ftyp` box (or, for old QuickTime files, another top-level box). */
export function looksLikeMp4(bytes: Uint8Array): boolean {
	if (bytes.length < 12) return false;
	const type = String.fromCharCode(bytes[4], bytes[5], bytes[6], bytes[7]);
	return ['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip'].includes(type);
}

export function claimedAudioFormat(mimeType: string | undefined, fileName: string | undefined): AudioFormat | false | undefined {
	const mime = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	if (AUDIO_MIME_TYPES[mime]) return AUDIO_MIME_TYPES[mime];
	const ext = fileName ? extensionOf(fileName) : undefined;
	if (ext && AUDIO_EXTENSIONS[ext]) return AUDIO_EXTENSIONS[ext];
	if (mime && mime !== 'application/octet-stream' && mime !== 'binary/octet-stream') return false;
	if (ext && mimeTypeFor(ext)) return false;
	return undefined;
}

export function checkAudioSize(ctx: IExecuteFunctions, size: number, fileName: string | undefined, parameter: string, itemIndex: number): void {
	if (size === 0) {
		throw inputError(ctx.getNode(), {
			parameter,
			problem: `${describeFile(fileName, undefined)} is empty (0 bytes)`,
			fix: 'Check the node that produced the audio.',
			itemIndex,
		});
	}
	if (size > MAX_AUDIO_BYTES) {
		throw inputError(ctx.getNode(), {
			parameter,
			problem: `${describeFile(fileName, undefined)} is ${formatBytes(size)}, over the ${formatBytes(MAX_AUDIO_BYTES)} limit`,
			fix: `${AUDIO_RULES} Compress it (e.g. a lower MP3 bitrate) or shorten it.`,
			itemIndex,
		});
	}
}
