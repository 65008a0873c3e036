/**
 * Reading and checking the lip-sync inputs of one item: the video (URL, Kling video ID or binary)
 * and the audio (TTS audio ID, URL, binary, or text to speak). Everything here runs before any
 * paid call; uploads happen later, when the item runs.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RunningHubClient } from '../../../core/api/client';
import { inputError } from '../../../core/api/errors';
import type { LipSyncProblem } from '../../../core/lipSync/rules';
import { MAX_AUDIO_BYTES, MAX_VIDEO_BYTES } from '../../../core/lipSync/rules';
import type { BinaryInput } from '../../../core/media/binary';
import { assertHttpUrl, extensionOf, itemBinary, mimeTypeFor, ownBinary, readAllBytes, readBinaryInput, readHead, uploadFile } from '../../../core/media/binary';
import type { AudioFormat } from '../../../core/media/duration';
import { measureAudioDuration, sniffAudioFormat } from '../../../core/media/duration';
import { checkVideoLength } from '../../../core/lipSync/timing';
import { movieLengthOfChunks } from '../../../core/media/duration/mp4Stream';
import { fetchForMeasuring } from '../../../core/media/measureUrl';

export const VIDEO_PARAMETERS = {
	source: 'Video Source',
	url: 'Video URL',
	videoId: 'Kling Video ID',
	binary: 'Input Binary Field',
};

const VIDEO_MIME_TYPES = new Set(['video/mp4', 'video/quicktime']);
const VIDEO_EXTENSIONS = new Set(['mp4', 'mov']);
const AUDIO_EXTENSIONS: Record<string, AudioFormat> = { mp3: 'mp3', wav: 'wav', m4a: 'm4a' };
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

export function problemError(ctx: IExecuteFunctions, problem: LipSyncProblem, itemIndex: number): NodeOperationError {
	return inputError(ctx.getNode(), { ...problem, itemIndex });
}

/** 1536 → "1.5 KB", 5242880 → "5 MB"; rounded up, so a file just over a limit never reads as the limit. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const kb = bytes / 1024;
	if (kb < 1024) return `${Math.ceil(kb * 10) / 10} KB`;
	return `${Math.ceil((kb / 1024) * 10) / 10} MB`;
}

/**
 * A text ID (session, face, audio). A number above 2^53 has already lost digits in the expression
 * that produced it, so it is refused with a fix instead of being sent wrong.
 */
export function readTextId(
	ctx: IExecuteFunctions,
	name: string,
	displayName: string,
	itemIndex: number,
	example: string,
): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (typeof value === 'number' && !Number.isSafeInteger(value)) {
		throw inputError(ctx.getNode(), {
			parameter: displayName,
			problem: `the ID arrived as the number ${value}, which is too large to be exact`,
			fix: `Pass the ID as text: map it straight from the RunningHub node that returned it (e.g. ${example}), which outputs IDs as strings.`,
			itemIndex,
		});
	}
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (!text) {
		throw inputError(ctx.getNode(), { parameter: displayName, problem: 'is empty', fix: `Enter the ${displayName}, e.g. ${example}.`, itemIndex });
	}
	return text;
}

function readText(ctx: IExecuteFunctions, name: string, displayName: string, itemIndex: number, fix: string): string {
	const text = String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!text) throw inputError(ctx.getNode(), { parameter: displayName, problem: 'is empty', fix, itemIndex });
	return text;
}

/** The size of binary data without reading it, when n8n knows it; undefined otherwise. */
async function knownSize(ctx: IExecuteFunctions, meta: IBinaryData): Promise<number | undefined> {
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

function describeFile(fileName: string | undefined, mimeType: string | undefined): string {
	const parts = [fileName && `"${fileName}"`, mimeType && mimeType !== 'application/octet-stream' && mimeType].filter(Boolean);
	return parts.length ? parts.join(', ') : 'the file';
}

// ---------------------------------------------------------------------------------------------
// Video

export type VideoInput =
	| { kind: 'url'; url: string }
	| { kind: 'videoId'; videoId: string }
	| { kind: 'binary'; propertyName: string };

/** Whether a MIME type or file name says MP4/MOV (true), something else (false) or nothing (undefined). */
function videoTypeVerdict(mimeType: string | undefined, fileName: string | undefined): boolean | undefined {
	const mime = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	if (VIDEO_MIME_TYPES.has(mime)) return true;
	const ext = fileName ? extensionOf(fileName) : undefined;
	if (ext && VIDEO_EXTENSIONS.has(ext)) return true;
	if (mime && mime !== 'application/octet-stream' && mime !== 'binary/octet-stream') return false;
	if (ext && mimeTypeFor(ext)) return false;
	return undefined;
}

const VIDEO_RULES = 'Face identification takes an MP4 or MOV video of 2–60 s, up to 100 MB, 720p or 1080p.';

/** Reads and checks the video input of an item (nothing is uploaded yet). */
export async function readVideoInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: { allowVideoId: boolean },
): Promise<VideoInput> {
	const node = ctx.getNode();
	const source = String(ctx.getNodeParameter('videoSource', itemIndex, 'binary'));
	if (source === 'url') {
		const raw = readText(ctx, 'videoUrl', VIDEO_PARAMETERS.url, itemIndex, 'Enter the public http(s) URL of the video, e.g. https://example.com/presenter.mp4.');
		const url = assertHttpUrl(node, raw, VIDEO_PARAMETERS.url, itemIndex);
		const ext = extensionOf(new URL(url).pathname);
		if (ext && !VIDEO_EXTENSIONS.has(ext) && mimeTypeFor(ext)) {
			throw inputError(node, {
				parameter: VIDEO_PARAMETERS.url,
				problem: `the URL points to a .${ext} file, not an MP4 or MOV video`,
				fix: `${VIDEO_RULES} Convert the video to MP4 first.`,
				itemIndex,
			});
		}
		return { kind: 'url', url };
	}
	if (source === 'videoId' && options.allowVideoId) {
		return { kind: 'videoId', videoId: readTextId(ctx, 'videoId', VIDEO_PARAMETERS.videoId, itemIndex, 'the ID Kling returned for a generated video') };
	}
	if (source !== 'binary') {
		throw inputError(node, {
			parameter: VIDEO_PARAMETERS.source,
			problem: `"${source}" is not a supported source`,
			fix: options.allowVideoId ? 'Choose Binary File, URL or Kling Video ID.' : 'Choose Binary File or URL.',
			itemIndex,
		});
	}
	const propertyName = readText(ctx, 'binaryPropertyName', VIDEO_PARAMETERS.binary, itemIndex, 'Enter the name of the binary property that holds the video, e.g. data.');
	const meta = itemBinary(ctx, itemIndex, propertyName, VIDEO_PARAMETERS.binary);
	if (videoTypeVerdict(meta.mimeType, meta.fileName) === false) {
		throw inputError(node, {
			parameter: VIDEO_PARAMETERS.binary,
			problem: `${describeFile(meta.fileName, meta.mimeType)} is not an MP4 or MOV video`,
			fix: `${VIDEO_RULES} Convert the video to MP4 first, or check that "${propertyName}" is the property that holds the video.`,
			itemIndex,
		});
	}
	const size = await knownSize(ctx, meta);
	if (size !== undefined) checkVideoSize(ctx, size, meta.fileName, itemIndex);
	return { kind: 'binary', propertyName };
}

function checkVideoSize(ctx: IExecuteFunctions, size: number, fileName: string | undefined, itemIndex: number): void {
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
function looksLikeMp4(bytes: Uint8Array): boolean {
	if (bytes.length < 12) return false;
	const type = String.fromCharCode(bytes[4], bytes[5], bytes[6], bytes[7]);
	return ['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip'].includes(type);
}

/**
 * The `videoUrl` or `videoId` body field for identify-face; a binary video is measured and
 * checked (2–60 s), then `beforeUpload` gets its length (undefined when unknown) so the caller
 * can check more before anything is uploaded, then it is uploaded.
 */
export async function videoBody(
	ctx: IExecuteFunctions,
	client: RunningHubClient,
	video: VideoInput,
	itemIndex: number,
	beforeUpload?: (videoMs: number | undefined) => void,
): Promise<{ videoUrl: string } | { videoId: string }> {
	if (video.kind === 'url') return { videoUrl: video.url };
	if (video.kind === 'videoId') return { videoId: video.videoId };
	const file = await readBinaryInput(ctx, itemIndex, video.propertyName, VIDEO_PARAMETERS.binary);
	checkVideoSize(ctx, file.size, file.fileName, itemIndex);
	if (videoTypeVerdict(file.mimeType, file.fileName) === undefined) {
		const head = await readHead(file, 16);
		if (!looksLikeMp4(head)) {
			throw inputError(ctx.getNode(), {
				parameter: VIDEO_PARAMETERS.binary,
				problem: `${describeFile(file.fileName, file.mimeType)} does not look like an MP4 or MOV video`,
				fix: `${VIDEO_RULES} Convert the video to MP4, or set its MIME type to video/mp4.`,
				itemIndex,
			});
		}
		file.fileName = extensionOf(file.fileName) ? file.fileName : `${file.fileName}.mp4`;
	}
	const videoMs = await movieLengthOfChunks(await file.source.open());
	if (videoMs !== undefined) {
		const problem = checkVideoLength(videoMs, VIDEO_PARAMETERS.binary);
		if (problem) throw problemError(ctx, problem, itemIndex);
	}
	beforeUpload?.(videoMs);
	return { videoUrl: await uploadForUrl(ctx, client, file, itemIndex, VIDEO_PARAMETERS.binary) };
}

/** Uploads a file with the v2 upload and returns its download URL (the legacy upload gives none). */
async function uploadForUrl(
	ctx: IExecuteFunctions,
	client: RunningHubClient,
	file: BinaryInput,
	itemIndex: number,
	parameter: string,
): Promise<string> {
	const uploaded = await uploadFile(client, file, { itemIndex, allowLegacy: false });
	if (!uploaded.downloadUrl) {
		throw new NodeOperationError(ctx.getNode(), `${parameter}: RunningHub's upload returned no download URL for "${file.fileName}" [item ${itemIndex}]`, {
			description: 'Lip-sync needs a URL for the file. Retry, or host the file elsewhere and pass its public URL instead.',
			itemIndex,
		});
	}
	return uploaded.downloadUrl;
}

// ---------------------------------------------------------------------------------------------
// Audio

/** How the audio length became known, or why not. */
export interface AudioLength {
	durationMs?: number;
	/** Why the length is unknown (for messages), when it is. */
	unknownBecause?: string;
}

export type AudioInput =
	| { kind: 'audioId'; audioId: string; parameter: string }
	| ({ kind: 'url'; url: string; parameter: string } & AudioLength)
	| ({ kind: 'binary'; file: BinaryInput; parameter: string } & AudioLength);

export const AUDIO_PARAMETERS = {
	source: 'Audio Source',
	audioId: 'Audio ID',
	url: 'Audio URL',
};

const AUDIO_RULES = 'Lip-sync takes MP3, WAV or M4A audio of 2–60 s, up to 5 MB.';

function claimedAudioFormat(mimeType: string | undefined, fileName: string | undefined): AudioFormat | false | undefined {
	const mime = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	if (AUDIO_MIME_TYPES[mime]) return AUDIO_MIME_TYPES[mime];
	const ext = fileName ? extensionOf(fileName) : undefined;
	if (ext && AUDIO_EXTENSIONS[ext]) return AUDIO_EXTENSIONS[ext];
	if (mime && mime !== 'application/octet-stream' && mime !== 'binary/octet-stream') return false;
	if (ext && mimeTypeFor(ext)) return false;
	return undefined;
}

/** Measures audio bytes; the format comes from the content, else from what the MIME type / name claims. */
function measure(bytes: Uint8Array, mimeType: string | undefined, fileName: string | undefined): { format?: AudioFormat } & AudioLength {
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

/** Reads the audio of an item given as an audio ID, URL or binary file, measuring it where it can. */
export async function readAudioInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: { binaryParameter: string; defaultBinaryProperty: string },
): Promise<AudioInput> {
	const node = ctx.getNode();
	const source = String(ctx.getNodeParameter('audioSource', itemIndex, 'audioId'));
	if (source === 'audioId') {
		return {
			kind: 'audioId',
			audioId: readTextId(ctx, 'audioId', AUDIO_PARAMETERS.audioId, itemIndex, '{{ $json.audioId }} from Audio → Text to Speech'),
			parameter: AUDIO_PARAMETERS.audioId,
		};
	}
	if (source === 'url') {
		const raw = readText(ctx, 'audioUrl', AUDIO_PARAMETERS.url, itemIndex, 'Enter the public http(s) URL of the audio, e.g. https://example.com/voice.mp3.');
		const url = assertHttpUrl(node, raw, AUDIO_PARAMETERS.url, itemIndex);
		const ext = extensionOf(new URL(url).pathname);
		if (ext && !AUDIO_EXTENSIONS[ext] && mimeTypeFor(ext)) {
			throw inputError(node, {
				parameter: AUDIO_PARAMETERS.url,
				problem: `the URL points to a .${ext} file, not MP3, WAV or M4A audio`,
				fix: `${AUDIO_RULES} Convert the audio to MP3 first.`,
				itemIndex,
			});
		}
		return { kind: 'url', url, parameter: AUDIO_PARAMETERS.url, ...(await measureUrl(ctx, url, itemIndex)) };
	}
	if (source !== 'binary') {
		throw inputError(node, {
			parameter: AUDIO_PARAMETERS.source,
			problem: `"${source}" is not a supported source`,
			fix: 'Choose Audio ID, URL or Binary File.',
			itemIndex,
		});
	}
	const parameter = options.binaryParameter;
	const propertyName = readText(ctx, 'audioBinaryPropertyName', parameter, itemIndex, `Enter the name of the binary property that holds the audio, e.g. ${options.defaultBinaryProperty}.`);
	const meta = audioBinaryMeta(ctx, itemIndex, propertyName, parameter);
	const size = await knownSize(ctx, meta);
	if (size !== undefined) checkAudioSize(ctx, size, meta.fileName, parameter, itemIndex);
	checkNotVideo(ctx, meta, propertyName, parameter, itemIndex);
	const file = await readBinaryInput(ctx, itemIndex, propertyName, parameter);
	checkAudioSize(ctx, file.size, file.fileName, parameter, itemIndex);
	const measured = measure(await readAllBytes(file), file.mimeType, file.fileName);
	// The content decides (an M4A file labelled video/mp4 is fine); the label only breaks a tie.
	if (!measured.format) {
		throw inputError(node, {
			parameter,
			problem: `${describeFile(file.fileName, file.mimeType)} is not MP3, WAV or M4A audio`,
			fix: `${AUDIO_RULES} Convert the audio first, or check that "${propertyName}" is the property that holds the audio.`,
			itemIndex,
		});
	}
	if (!extensionOf(file.fileName)) file.fileName = `${file.fileName}.${measured.format}`;
	return { kind: 'binary', file, parameter, durationMs: measured.durationMs, unknownBecause: measured.unknownBecause };
}

const TWO_FILES_FIX =
	'To bring the video and the audio on one item, join the two branches with a Merge node (Mode: Combine, Combine By: Position); give the two files different field names (e.g. data and audio) first.';

/** The video's binary field when the video comes from a binary file, for messages. */
function videoProperty(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	if (String(ctx.getNodeParameter('videoSource', itemIndex, '')) !== 'binary') return undefined;
	return String(ctx.getNodeParameter('binaryPropertyName', itemIndex, '') ?? '').trim() || undefined;
}

/** The audio's binary property, or an error that tells the video's field apart and how to bring both files. */
function audioBinaryMeta(ctx: IExecuteFunctions, itemIndex: number, propertyName: string, parameter: string): IBinaryData {
	const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
	const meta = ownBinary(binary, propertyName);
	if (meta) return meta;
	const video = videoProperty(ctx, itemIndex);
	const others = Object.keys(binary).filter((name) => name !== video);
	const listed = Object.keys(binary).map((name) => (name === video ? `${name} (the video)` : name));
	throw inputError(ctx.getNode(), {
		parameter,
		problem: `the input item has no binary property "${propertyName}" for the audio`,
		fix: [
			listed.length ? `Binary properties on this item: ${listed.join(', ')}.` : 'This item has no binary data.',
			others.length ? `If the audio is in ${others.map((n) => `"${n}"`).join(' or ')}, enter that name.` : TWO_FILES_FIX,
		].join(' '),
		itemIndex,
	});
}

/**
 * Refuses a video given as the audio before anything is paid for: an MP4 video reads as M4A
 * audio by its content, and RunningHub only refuses it at the lip-sync step (1007), after
 * Identify Faces was paid. An M4A file labelled video/mp4 but named .m4a still passes.
 */
function checkNotVideo(ctx: IExecuteFunctions, meta: IBinaryData, propertyName: string, parameter: string, itemIndex: number): void {
	const mime = (meta.mimeType ?? '').split(';')[0].trim().toLowerCase();
	const ext = meta.fileName ? extensionOf(meta.fileName) : undefined;
	const sameAsVideo = propertyName === videoProperty(ctx, itemIndex);
	const looksVideo = ext !== undefined && VIDEO_EXTENSIONS.has(ext) ? true : mime.startsWith('video/') && ext !== 'm4a';
	if (!sameAsVideo && !looksVideo) return;
	throw inputError(ctx.getNode(), {
		parameter,
		problem: sameAsVideo
			? `"${propertyName}" is also the video's field (Input Binary Field): the audio needs its own file`
			: `${describeFile(meta.fileName, meta.mimeType)} in "${propertyName}" is a video, not MP3, WAV or M4A audio`,
		fix: `${AUDIO_RULES} Enter the field that holds the audio. ${TWO_FILES_FIX} For M4A audio labelled as video, set its MIME type to audio/mp4 or name it .m4a.`,
		itemIndex,
	});
}

function checkAudioSize(ctx: IExecuteFunctions, size: number, fileName: string | undefined, parameter: string, itemIndex: number): void {
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

/** The `audioId` or `audioUrl` body field for lip-sync-video; a binary file is uploaded first. */
export async function audioBody(
	ctx: IExecuteFunctions,
	client: RunningHubClient,
	audio: AudioInput,
	itemIndex: number,
): Promise<{ audioId: string } | { audioUrl: string }> {
	if (audio.kind === 'audioId') return { audioId: audio.audioId };
	if (audio.kind === 'url') return { audioUrl: audio.url };
	return { audioUrl: await uploadForUrl(ctx, client, audio.file, itemIndex, audio.parameter) };
}
