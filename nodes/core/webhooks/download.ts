import type { IBinaryKeyData, IExecuteFunctions, INode, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { RunningHubClient } from '../api/client';
import { downloadToBinary, extensionOf, fileNameFromUrl, mimeTypeFor } from '../media/binary';
import { safeFileName } from '../media/fileName';
import { readMaxDownloadBytes } from '../run/outputOptions';
import type { TaskOutput, TaskResult } from '../tasks/task';

export type DownloadContext = Pick<IExecuteFunctions, 'getNode' | 'helpers'> & {
	/** Max Download Size in bytes (0 = none), read from the node's options. */
	maxBytes?: number;
};

/** Works in execute() and in webhook(): both offer httpRequest and prepareBinaryData. */
export function downloadContext(ctx: IExecuteFunctions | IWebhookFunctions): DownloadContext {
	const node = ctx.getNode();
	const get =
		'getInputData' in ctx
			? (name: string) => (ctx as IExecuteFunctions).getNodeParameter(name, 0, {})
			: (name: string) => (ctx as IWebhookFunctions).getNodeParameter(name, {});
	return { getNode: (): INode => node, helpers: ctx.helpers, maxBytes: readMaxDownloadBytes(node, get) } as unknown as DownloadContext;
}

/**
 * Downloads every output file of a succeeded task into `data`, `data_1`, ... File names come
 * from the URLs, reduced to safe base names (no path, no control characters).
 */
export async function downloadTaskOutputs(
	ctx: DownloadContext,
	task: TaskResult,
	propertyName: string,
	itemIndex: number,
	pick: (output: TaskOutput) => boolean = () => true,
): Promise<IBinaryKeyData> {
	const binary: IBinaryKeyData = {};
	const files = task.outputs.filter((o) => o.url && pick(o));
	for (let n = 0; n < files.length; n++) {
		const url = files[n].url as string;
		const type = files[n].type;
		const ext = type && type !== 'text' ? type : extensionOf(url);
		const fallback = `${task.taskId}${n ? `_${n}` : ''}${ext ? `.${ext}` : ''}`;
		binary[n === 0 ? propertyName : `${propertyName}_${n}`] = await downloadToBinary(ctx, {
			url,
			fileName: safeFileName(fileNameFromUrl(url), fallback),
			mimeType: mimeTypeFor(ext),
			itemIndex,
			taskId: task.taskId,
			maxBytes: ctx.maxBytes,
		});
	}
	return binary;
}

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
