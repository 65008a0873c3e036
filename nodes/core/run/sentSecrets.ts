import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { redactSecretValues, redactSecretValuesInError, webhookSecretOf } from '../api/errors';
import { MIN_SECRET_LENGTH } from '../webhooks/secret';

/**
 * The Trigger secrets (`?secret=`) of the Webhook URLs the items of an execution send, by the
 * execution's context. RunningHub may echo the URL anywhere (a failure reason, a result's text),
 * in any encoding: runPerItem hides these exact values in every output and error.
 */
const sentWebhookSecrets = new WeakMap<object, Set<string>>();

export function webhookSecretsSentBy(ctx: object): string[] {
	return [...(sentWebhookSecrets.get(ctx) ?? [])];
}

/** Notes the secret of a Webhook URL an item of the execution sends (readSubmitOptions). */
export function rememberWebhookSecret(ctx: object, webhookUrl: string | undefined): void {
	const secret = webhookSecretOf(webhookUrl);
	// Only a secret as long as the Trigger demands is masked by its value: a short or all-digit
	// one ("1234", "test") would also mask parts of task IDs, URLs and text. The ?secret= pattern
	// still hides any secret where it stands in a URL.
	if (!secret || secret.length < MIN_SECRET_LENGTH || /^\d+$/.test(secret)) return;
	const secrets = sentWebhookSecrets.get(ctx) ?? new Set<string>();
	secrets.add(secret);
	sentWebhookSecrets.set(ctx, secrets);
}

/**
 * The one place where the Webhook URL secrets the items sent are hidden, exactly and in every
 * encoding, from what the node returns (items) or throws (an error). `redacted` hears of each item
 * JSON replaced by its redacted copy, so a caller can carry what it keyed by the old object.
 */
export function hideSentSecrets<T>(ctx: object, result: T, redacted?: (from: IDataObject, to: IDataObject) => void): T {
	const secrets = webhookSecretsSentBy(ctx);
	if (!secrets.length) return result;
	if (!Array.isArray(result)) return redactSecretValuesInError(result, secrets);
	return result.map((item: INodeExecutionData) => {
		const json = redactSecretValues(item.json, secrets);
		redacted?.(item.json, json);
		return { ...item, json };
	}) as T;
}
