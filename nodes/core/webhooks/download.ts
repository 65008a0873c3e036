import type { IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { RunningHubClient } from '../api/client';
import type { TaskResult } from '../tasks/task';

/**
 * The task whose outputs may be downloaded after a delivery. A delivery is a request anyone who
 * knows the URL can send, so the URLs in it are never fetched (they could name any address,
 * n8n's own network included): a verified task was already read from RunningHub, an unverified
 * one is read now, by its task ID (checked when the body was parsed), and only the files
 * RunningHub lists for it are downloaded.
 */
export async function taskForDownload(ctx: IWebhookFunctions, task: TaskResult, verified: boolean): Promise<TaskResult> {
	if (verified) return task;
	let read: TaskResult;
	try {
		read = await new RunningHubClient(ctx).query(task.taskId);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Download Outputs: task ${task.taskId} could not be read from RunningHub, so nothing was downloaded`, {
			description: `With Verify with API off, the node still downloads only the files RunningHub itself lists for the task, never URLs from the delivery. Reading the task failed: ${(error as Error).message}. Turn on Verify with API, or read the task later with Task → Get (Download Outputs on).`,
		});
	}
	if (read.state !== 'succeeded') {
		throw new NodeOperationError(ctx.getNode(), `Download Outputs: RunningHub reports task ${task.taskId} as ${read.status || read.state}, not succeeded, so nothing was downloaded`, {
			description: 'The delivery said the task succeeded, RunningHub does not: the delivery may be forged. Turn on Verify with API so such deliveries start nothing.',
		});
	}
	return read;
}
