import type { IBinaryKeyData, IExecuteFunctions, INode, IWebhookFunctions } from 'n8n-workflow';

import { downloadToBinary, extensionOf, fileNameFromUrl, mimeTypeFor } from '../media/binary';
import type { TaskResult } from '../tasks';

export type DownloadContext = Pick<IExecuteFunctions, 'getNode' | 'helpers'>;

/** Works in execute() and in webhook(): both offer httpRequest and prepareBinaryData. */
export function downloadContext(ctx: IExecuteFunctions | IWebhookFunctions): DownloadContext {
	return { getNode: (): INode => ctx.getNode(), helpers: ctx.helpers } as unknown as DownloadContext;
}

/** Downloads every output file of a succeeded task into `data`, `data_1`, ... */
export async function downloadTaskOutputs(
	ctx: DownloadContext,
	task: TaskResult,
	propertyName: string,
	itemIndex: number,
): Promise<IBinaryKeyData> {
	const binary: IBinaryKeyData = {};
	const files = task.outputs.filter((o) => o.url);
	for (let n = 0; n < files.length; n++) {
		const url = files[n].url as string;
		const type = files[n].type;
		const ext = type && type !== 'text' ? type : extensionOf(url);
		const fileName = fileNameFromUrl(url) ?? `${task.taskId}${n ? `_${n}` : ''}${ext ? `.${ext}` : ''}`;
		binary[n === 0 ? propertyName : `${propertyName}_${n}`] = await downloadToBinary(ctx, {
			url,
			fileName,
			mimeType: mimeTypeFor(ext),
			itemIndex,
			taskId: task.taskId,
		});
	}
	return binary;
}

