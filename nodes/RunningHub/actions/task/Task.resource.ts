import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../resource';
import type { OperationModule } from '../types';
import * as cancel from './cancel.operation';
import * as get from './get.operation';
import * as getWebhookDelivery from './getWebhookDelivery.operation';
import * as resendWebhook from './resendWebhook.operation';

export const operations: Record<string, OperationModule> = { get, cancel, getWebhookDelivery, resendWebhook };

export const description: INodeProperties[] = [
	operationProperty('task', 'get', [
		{ name: 'Cancel', value: 'cancel', description: 'Cancel a queued or running task', action: 'Cancel a task' },
		{ name: 'Get', value: 'get', description: 'Get a task\'s status and outputs', action: 'Get a task' },
		{
			name: 'Get Webhook Delivery',
			value: 'getWebhookDelivery',
			description: 'Get how RunningHub delivered the task\'s webhook: URL, status, retries, event data',
			action: 'Get the webhook delivery of a task',
		},
		{
			name: 'Resend Webhook',
			value: 'resendWebhook',
			description: 'Send the task\'s webhook event again, to the same or a new URL',
			action: 'Resend the webhook of a task',
		},
	]),
	...get.description,
	...cancel.description,
	...getWebhookDelivery.description,
	...resendWebhook.description,
];
