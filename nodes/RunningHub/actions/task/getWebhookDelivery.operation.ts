import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RunningHubClient } from '../../../core/api/client';
import { runPerItem } from '../../../core/run/items';
import { readId } from '../../../core/validation';
import { TASK_ID } from './common.description';
import { NO_DELIVERY_MESSAGE, readDelivery } from './webhookDelivery';

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['getWebhookDelivery'] } },
	[TASK_ID] as INodeProperties[],
);

/**
 * How RunningHub delivered the task's webhook: URL, status (e.g. SUCCESS, FAILED), retries,
 * the last response and the event data it sent (parsed). Tasks without a webhook give
 * `found: false` instead of an error.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = new RunningHubClient(this);
	return await runPerItem(this, {
		concurrency: 5,
		prepare: (i) => readId(this, 'taskId', 'Task ID', i),
		run: async (taskId, i) => {
			const read = await readDelivery(client, taskId, i);
			if (!read) return { json: { taskId, found: false, message: NO_DELIVERY_MESSAGE } };
			return { json: { taskId, found: true, ...read.delivery } };
		},
	});
}
