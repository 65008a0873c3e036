/** Reading and checking the video input of one item (URL, Kling video ID or binary); nothing is uploaded. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../../core/api/errors';
import { assertHttpUrl, extensionOf, itemBinary, mimeTypeFor } from '../../../core/media/binary';
import { VIDEO_EXTENSIONS, VIDEO_RULES, checkVideoSize, describeFile, knownSize, videoTypeVerdict } from './files';
import { VIDEO_PARAMETERS, readText, readTextId } from './params';

export type VideoInput =
	| { kind: 'url'; url: string }
	| { kind: 'videoId'; videoId: string }
	| { kind: 'binary'; propertyName: string };

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
