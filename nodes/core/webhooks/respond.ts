import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { lookupErrorCode, isRetryableKind } from '../api/errorCodes';
import { runningHubCodeOf } from '../api/errors';

/**
 * What a failed API read means for a webhook delivery:
 * - notFound: RunningHub does not know the task (for this key and site): ignore the delivery.
 *   Only task reads are classified here, so a 1007 (invalid parameter) means an unknown task ID.
 * - retryLater: network, rate limit, 5xx, busy: answer 503 so RunningHub delivers again later.
 * - fatal: the credential or configuration is wrong: make it visible (a failed execution).
 */
export type FailureClass = 'notFound' | 'retryLater' | 'fatal';

export function classifyFailure(error: unknown): FailureClass {
	const code = runningHubCodeOf(error);
	if (code !== undefined) {
		// Task reads answer 1007 for task IDs RunningHub never issued (docs/runninghub-api.md §17.10).
		if (String(code) === '1007') return 'notFound';
		const kind = lookupErrorCode(code)?.kind;
		if (kind === 'notFound') return 'notFound';
		return isRetryableKind(kind) ? 'retryLater' : 'fatal';
	}
	if ((error as Error)?.constructor?.name !== 'NodeApiError') return 'fatal';
	const http = Number((error as { httpCode?: string | null }).httpCode ?? NaN);
	if (Number.isNaN(http)) return 'retryLater'; // the request never got an HTTP answer
	return http === 429 || http >= 500 ? 'retryLater' : 'fatal';
}

/**
 * Answers the webhook call now, with a status and a JSON body, and tells n8n not to answer
 * again. With `workflowData` the execution still starts (or resumes) after the answer, so a slow
 * step (downloading outputs) does not keep RunningHub waiting for its answer.
 */
export function answer(
	ctx: IWebhookFunctions,
	status: number,
	body: IDataObject,
	workflowData?: IWebhookResponseData['workflowData'],
): IWebhookResponseData {
	const res = ctx.getResponseObject();
	if (!res.headersSent) res.status(status).json(body);
	return workflowData ? { noWebhookResponse: true, workflowData } : { noWebhookResponse: true };
}
