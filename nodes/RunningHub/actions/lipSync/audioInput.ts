/**
 * Reading and checking the audio input of one item (TTS audio ID, URL or binary), measured where
 * it can be; a video given as the audio is refused before anything is paid for.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../../core/api/errors';
import type { BinaryInput } from '../../../core/media/binary';
import { assertHttpUrl, extensionOf, mimeTypeFor, ownBinary, readAllBytes, readBinaryInput } from '../../../core/media/binary';
import { AUDIO_EXTENSIONS, AUDIO_RULES, VIDEO_EXTENSIONS, checkAudioSize, describeFile, knownSize } from './files';
import type { AudioLength } from './measure';
import { measure, measureUrl } from './measure';
import { AUDIO_PARAMETERS, readText, readTextId } from './params';

export type AudioInput =
	| { kind: 'audioId'; audioId: string; parameter: string }
	| ({ kind: 'url'; url: string; parameter: string } & AudioLength)
	| ({ kind: 'binary'; file: BinaryInput; parameter: string } & AudioLength);

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
