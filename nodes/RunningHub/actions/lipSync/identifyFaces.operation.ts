import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { FaceIdentification } from '../../../core/lipSync/faces';
import { longestUsableFace } from '../../../core/lipSync/faces';
import { IDENTIFY_FACE_ENDPOINT, MIN_SPAN_MS } from '../../../core/lipSync/rules';
import { addHintOnce } from '../../../core/run/hints';
import { withoutEmpty } from '../../../core/run/simplify';
import { runTaskOperation } from '../../../core/run/taskOperation';
import { nodeVersion } from '../../../core/version';
import { properties } from './identifyFaces.description';
import { readFaces } from './tasks';
import { videoBody } from './upload';
import type { VideoInput } from './videoInput';
import { readVideoInput } from './videoInput';

export const description = updateDisplayOptions({ show: { resource: ['lipSync'], operation: ['identifyFaces'] } }, properties);

/** What Identify Faces outputs for a finished task. */
function facesJson(parsed: FaceIdentification): IDataObject {
	const best = longestUsableFace(parsed.faces);
	return {
		sessionId: parsed.sessionId,
		faces: parsed.faces as unknown as IDataObject[],
		bestFace: (best ?? null) as unknown as IDataObject,
		faceImageUrl: parsed.imageUrls[0] ?? parsed.faces.find((f) => f.imageUrl)?.imageUrl ?? null,
		...(best
			? {}
			: {
					message:
						parsed.faces.length === 0
							? 'RunningHub found no face in the video, so it cannot be lip-synced.'
							: `No face is visible for ${MIN_SPAN_MS} ms or more, so the video cannot be lip-synced.`,
				}),
	};
}

/**
 * Identify Faces: finds the faces of a video (URL, Kling video ID, or binary, uploaded first) and
 * the window in which each can be lip-synced. Faces under 2 s are listed, flagged unusable.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = await runTaskOperation<VideoInput>(this, {
		prepare: async (i) => await readVideoInput(this, i, { allowVideoId: true }),
		submit: async (client, video, i, options) =>
			await client.submitModel(
				IDENTIFY_FACE_ENDPOINT,
				{ ...(await videoBody(this, client, video, i)), ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}) },
				i,
			),
		format: (task, _video, i) => facesJson(readFaces(this.getNode(), task, i)),
	});
	// Compact: the parsed faces replace the raw text outputs (still under "raw" when asked for).
	const v2 = nodeVersion(this) >= 2;
	for (const item of items) {
		if (item.json.sessionId === undefined) continue;
		const rest = { ...item.json };
		delete rest.outputs;
		if (v2) {
			// The faces' raw JSON text is no data of its own; why nothing can be lip-synced is said in the output pane.
			delete rest.text;
			delete rest.texts;
			if (typeof rest.message === 'string') addHintOnce(this, rest.message, 'warning');
			delete rest.message;
		}
		const json = {
			sessionId: rest.sessionId,
			faces: rest.faces,
			bestFace: rest.bestFace,
			faceImageUrl: rest.faceImageUrl,
			...rest,
		};
		item.json = v2 ? withoutEmpty(json) : json;
	}
	return items;
}
