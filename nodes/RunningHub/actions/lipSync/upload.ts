/**
 * The media fields of a lip-sync request body: URLs and IDs as given, a binary file checked
 * (a video also measured) and then uploaded for its download URL.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RunningHubClient } from '../../../core/api/client';
import { inputError } from '../../../core/api/errors';
import { checkVideoLength } from '../../../core/lipSync/timing';
import type { BinaryInput } from '../../../core/media/binary';
import { extensionOf, readBinaryInput, readHead, uploadFile } from '../../../core/media/binary';
import { movieLengthOfChunks } from '../../../core/media/duration/mp4Stream';
import type { AudioInput } from './audioInput';
import { VIDEO_RULES, checkVideoSize, describeFile, looksLikeMp4, videoTypeVerdict } from './files';
import { VIDEO_PARAMETERS, problemError } from './params';
import type { VideoInput } from './videoInput';

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
