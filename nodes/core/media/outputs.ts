/**
 * A task's output files as n8n binaries, one implementation for every node: the RunningHub node
 * (Download Outputs of an operation or of Task → Get) and the Wait for Task and Trigger nodes.
 * The same Max Download Size, file names and errors everywhere.
 */
import type { IBinaryKeyData, IExecuteFunctions, INode, IWebhookFunctions } from 'n8n-workflow';

import { downloadToBinary, extensionOf, fileNameFromUrl, mimeTypeFor } from './binary';
import { safeFileName } from './fileName';
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
 * Downloads every output file of a task into binary properties `data`, `data_1`, ... under the
 * node's Max Download Size (see downloadTaskOutputs).
 */
export async function downloadOutputs(
	ctx: IExecuteFunctions,
	task: TaskResult,
	propertyName: string,
	itemIndex: number,
	pick: (output: TaskOutput) => boolean = (o) => Boolean(o.url),
): Promise<IBinaryKeyData> {
	const maxBytes = readMaxDownloadBytes(ctx.getNode(), (name) => ctx.getNodeParameter(name, itemIndex, {}), itemIndex);
	return await downloadTaskOutputs({ getNode: () => ctx.getNode(), helpers: ctx.helpers, maxBytes }, task, propertyName, itemIndex, pick);
}
