import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RunningHubClient } from '../../../core/api/client';
import { inputError, redactUrlSecrets } from '../../../core/api/errors';
import { assertHttpUrl } from '../../../core/media/binary';
import { runPerItem } from '../../../core/run/items';
import { readId } from '../../../core/validation';
import { TASK_ID } from './common.description';
import { NO_DELIVERY_MESSAGE, readDelivery } from './webhookDelivery';

const properties: INodeProperties[] = [
	TASK_ID,
	{
		displayName: 'New Webhook URL',
		name: 'newWebhookUrl',
		type: 'string',
		// The URL carries the Trigger's secret: masked in the editor like a password.
		typeOptions: { password: true },
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/…/runninghub?secret=…',
		description: 'Where to send the event. Leave empty to send it again to the URL the task was submitted with.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['resendWebhook'] } }, properties);

/**
 * Sends a task's TASK_END event again: looks up the task's webhook delivery, then asks RunningHub
 * to re-send it to the same URL or to a new one.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = new RunningHubClient(this);
	return await runPerItem(this, {
		concurrency: 5,
		prepare: (i) => {
			const taskId = readId(this, 'taskId', 'Task ID', i);
			const raw = String(this.getNodeParameter('newWebhookUrl', i, '') ?? '').trim();
			return { taskId, newUrl: raw ? assertHttpUrl(this.getNode(), raw, 'New Webhook URL', i) : undefined };
		},
		run: async ({ taskId, newUrl }, i) => {
			const read = await readDelivery(client, taskId, i);
			if (!read) {
				throw inputError(this.getNode(), {
					parameter: 'Task ID',
					problem: `task ${taskId} has no webhook delivery to resend`,
					fix: `${NO_DELIVERY_MESSAGE} Submit tasks with the Webhook URL option to get deliveries.`,
					itemIndex: i,
				});
			}
			const { delivery } = read;
			const target = newUrl ?? read.url ?? undefined;
			if (!target) {
				throw inputError(this.getNode(), {
					parameter: 'New Webhook URL',
					problem: 'is empty and RunningHub reports no URL for the original delivery',
					fix: 'Enter the URL to send the event to.',
					itemIndex: i,
				});
			}
			await client.retryWebhook(delivery.webhookId, target, i);
			return {
				json: {
					taskId,
					webhookId: delivery.webhookId,
					resent: true,
					// Shown without its ?secret= (the previous URL is hidden by readDelivery).
					webhookUrl: redactUrlSecrets(target),
					previousWebhookUrl: delivery.webhookUrl,
					previousCallbackStatus: delivery.callbackStatus,
					previousRetryCount: delivery.retryCount,
				},
			};
		},
	});
}
