/** A task's webhook delivery as RunningHub records it, read for Get Webhook Delivery and Resend Webhook. */
import type { IDataObject } from 'n8n-workflow';

import type { RunningHubClient } from '../../../core/api/client';
import { redactDeep, redactWebhookSecrets, runningHubCodeOf } from '../../../core/api/errors';
import { parseJsonKeepingLongIntegers } from '../../../core/api/json';

export const NO_DELIVERY_MESSAGE =
	'RunningHub has no webhook delivery for this task: it was submitted without a Webhook URL, or it has not ended yet.';

/** A webhook delivery as RunningHub records it (getWebhookDetail), with eventData parsed. */
export interface WebhookDelivery extends IDataObject {
	webhookId: string;
	webhookUrl: string | null;
	callbackStatus: string | null;
	callbackResponse: string | null;
	retryCount: number | null;
	eventData: IDataObject | IDataObject[] | string | number | boolean | null;
	userApiKey: string | null;
	createTime: string | null;
	updateTime: string | null;
}

const text = (value: unknown): string | null => (value === undefined || value === null || value === '' ? null : String(value));

/**
 * eventData is JSON in a string (the v1 outputs answer); parsed as deep as it is stringified,
 * exactly (task IDs and seeds beyond 2^53 keep their digits).
 */
export function parseEventData(value: unknown): WebhookDelivery['eventData'] {
	let current = value;
	for (let depth = 0; depth < 3 && typeof current === 'string'; depth++) {
		const trimmed = current.trim();
		if (!trimmed.startsWith('{') && !trimmed.startsWith('[') && !trimmed.startsWith('"')) break;
		try {
			current = parseJsonKeepingLongIntegers(trimmed);
		} catch {
			break;
		}
	}
	return (current ?? null) as WebhookDelivery['eventData'];
}

/**
 * The task's webhook delivery as it may be shown (URL secrets hidden) and the URL it went to
 * (secret included, to resend to it), or undefined when RunningHub has none ("webhook event not exists").
 */
export async function readDelivery(
	client: RunningHubClient,
	taskId: string,
	itemIndex: number,
): Promise<{ delivery: WebhookDelivery; url: string | null } | undefined> {
	let detail: IDataObject | undefined;
	let failure: unknown;
	try {
		detail = await client.webhookDetail(taskId, itemIndex);
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined) {
		const message = String((failure as Error).message ?? '');
		if (runningHubCodeOf(failure) === '1' && /not exist/i.test(`${message} ${String((failure as { description?: string }).description ?? '')}`)) {
			return undefined;
		}
		throw failure;
	}
	const d = detail ?? {};
	const retries = Number(d.retryCount);
	const apiKey = (await client.transport.getCredentials()).apiKey;
	// Everything here is about the webhook: its URL's ?secret= is hidden wherever it appears
	// (webhookUrl, the last response, the event data).
	const delivery = redactWebhookSecrets(redactDeep(
		{
			webhookId: String(d.id ?? ''),
			webhookUrl: text(d.webhookUrl),
			callbackStatus: text(d.callbackStatus),
			callbackResponse: text(d.callbackResponse),
			retryCount: d.retryCount === undefined || d.retryCount === null || !Number.isFinite(retries) ? null : retries,
			eventData: parseEventData(d.eventData),
			userApiKey: text(d.userApiKey),
			createTime: text(d.createTime),
			updateTime: text(d.updateTime),
		},
		apiKey,
	), true);
	return { delivery, url: text(d.webhookUrl) };
}
