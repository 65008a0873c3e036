/**
 * The lip-sync tasks on RunningHub: the Create Lip-Sync Video request body, and what a finished
 * identify-face or lip-sync-video task gives (the faces, the video).
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { apiError } from '../../../core/api/errors';
import type { FaceIdentification } from '../../../core/lipSync/faces';
import { parseFaceResults } from '../../../core/lipSync/faces';
import { IDENTIFY_FACE_ENDPOINT } from '../../../core/lipSync/rules';
import type { Timings } from '../../../core/lipSync/timing';
import type { TaskOutput, TaskResult } from '../../../core/tasks/task';
import type { Volumes } from './params';

/** The lip-sync-video request body. */
export function lipSyncBody(
	ids: { sessionId: string; faceId: string },
	audio: { audioId: string } | { audioUrl: string },
	timings: Timings,
	volumes: Volumes,
	webhookUrl?: string,
): IDataObject {
	return {
		sessionId: ids.sessionId,
		faceId: ids.faceId,
		...audio,
		soundStartTime: timings.soundStartTime,
		soundEndTime: timings.soundEndTime,
		soundInsertTime: timings.soundInsertTime,
		soundVolume: volumes.soundVolume,
		originalAudioVolume: volumes.originalAudioVolume,
		...(webhookUrl ? { webhookUrl } : {}),
	};
}

/** The faces of a finished identify-face task; an error when RunningHub sent no session ID. */
export function readFaces(node: INode, task: TaskResult, itemIndex: number): FaceIdentification {
	const parsed = parseFaceResults(task.outputs);
	if (!parsed.sessionId) {
		throw apiError(node, {
			endpoint: `/openapi/v2/${IDENTIFY_FACE_ENDPOINT}`,
			itemIndex,
			taskId: task.taskId,
			message: 'RunningHub finished face identification but returned no session ID',
			hint: 'Run the item again. If it keeps happening, turn on Options → Include Raw Response and report the answer: its shape may have changed.',
		});
	}
	return parsed;
}

/** Whether a task output is a video file (what Download Outputs fetches). */
export function isVideoOutput(output: TaskOutput): boolean {
	if (!output.url) return false;
	return ['mp4', 'mov', 'video'].includes(output.type ?? '') || /\.(mp4|mov)(?:[?#]|$)/i.test(output.url);
}

/** The first video output's URL (else the first file's). */
export function videoUrlOf(task: TaskResult): string | null {
	return task.outputs.find(isVideoOutput)?.url ?? task.outputs.find((o) => o.url)?.url ?? null;
}
