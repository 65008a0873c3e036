import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { RunningHubClient } from '../core/api/client';
import { taskJson } from '../core/run/settle';
import { taskOutputOf, withoutEmpty } from '../core/run/simplify';
import type { TaskResult } from '../core/tasks/task';
import { isTerminal } from '../core/tasks/task';
import { redactAnswer, redactSecretValues, redactSecretValuesInError } from '../core/api/errors';
import { claimDelivery, deliverySeen } from '../core/webhooks/dedup';
import type { Delivery } from '../core/webhooks/payload';
import { parseDelivery, reportedTask } from '../core/webhooks/payload';
import { answer, classifyFailure } from '../core/webhooks/respond';
import { MIN_SECRET_LENGTH, secretFromPath, secretFromQuery, secretMatches } from '../core/webhooks/secret';
import { nodeVersion } from '../core/version';
import { downloadContext, downloadTaskOutputs } from '../core/media/outputs';
import { taskForDownload } from '../core/webhooks/download';

export type EventFilter = 'succeeded' | 'failed';

interface TriggerOptions {
	binaryPropertyName?: string;
	downloadOutputs?: boolean;
	duplicateWindowMinutes?: number;
	includeDelivery?: boolean;
	simplify?: boolean;
}

const eventOf = (task: TaskResult): EventFilter | undefined =>
	task.state === 'succeeded' ? 'succeeded' : task.state === 'pending' ? undefined : 'failed';

/**
 * Handles one delivery to the trigger's URL, in this order, so that nothing unauthenticated or
 * unreadable costs an API call or starts an execution:
 * 1. secret (version 1: from `?secret=`; version 2: the URL's last path segment, which n8n's
 *    routing already matched) compared in constant time: missing or wrong → 401;
 * 2. body parsed (TASK_END with its JSON-string eventData, or a v2 task object), at most 1 MB:
 *    malformed or too large → 400;
 * 3. duplicate of a task event already handled within the window → 200, nothing started;
 * 4. with Verify with API, the task is re-read: unknown to this credential → 200 and ignored
 *    (RunningHub would only retry in vain); RunningHub unreachable or still reporting the task
 *    as running → 503 so RunningHub delivers again; a broken credential → the error is thrown,
 *    so a failed execution shows it;
 * 5. only now, verified, the delivery claims its de-duplication slot (synchronously, so of
 *    copies verified at the same time one wins): a delivery that failed verification (a forged
 *    one, or one that came before RunningHub showed the task ended) never blocks the real one;
 * 6. events the user did not choose → 200, ignored;
 * 7. start the execution: n8n answers the 200 once it has created and started it (as for its
 *    own Webhook node), so RunningHub hears success only for an event that has an execution, and
 *    a burst of deliveries waits for n8n instead of piling up executions that start seconds late.
 *    With Download Outputs the 200 goes first, so RunningHub does not wait for the files.
 */
export async function handleDelivery(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const expected = String(ctx.getNodeParameter('secret', '') ?? '');
	if (expected.length < MIN_SECRET_LENGTH) {
		return answer(ctx, 401, {
			received: false,
			error: nodeVersion(ctx) >= 2
				? `The RunningHub Trigger has no Secret of at least ${MIN_SECRET_LENGTH} characters: set one in the node, then copy its URL again`
				: `The RunningHub Trigger has no Secret of at least ${MIN_SECRET_LENGTH} characters: set one in the node and add it to the URL as ?secret=…`,
		});
	}
	if (!secretMatches(providedSecret(ctx), expected)) {
		return answer(ctx, 401, { received: false, error: 'Missing or wrong secret' });
	}

	const req = ctx.getRequestObject() as { rawBody?: unknown };
	const parsed = parseDelivery({ rawBody: req.rawBody, body: ctx.getBodyData() });
	if (!parsed.ok) return answer(ctx, parsed.status, { received: false, error: `Not a RunningHub task event: ${parsed.reason}` });
	const delivery = parsed.delivery;

	const events = (ctx.getNodeParameter('events', ['succeeded', 'failed']) as EventFilter[]) ?? [];
	const verify = ctx.getNodeParameter('verifyWithApi', true) !== false;
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as TriggerOptions;
	const windowMinutes = Number(options.duplicateWindowMinutes ?? 60);

	const node = ctx.getNode();
	const ttlMs = Math.max(0, windowMinutes) * 60_000;
	const claim = {
		staticData: ctx.getWorkflowStaticData('node'),
		scope: `${ctx.getWorkflow().id ?? ''}:${node.id}:${ctx.getMode()}`,
		key: delivery.taskId,
		ttlMs,
	};
	const duplicate = () => answer(ctx, 200, { received: true, duplicate: true, taskId: delivery.taskId });
	// A copy of a delivery already handled costs no API call; looking does not take the slot.
	if (deliverySeen({ ...claim, now: Date.now() })) return duplicate();

	let task: TaskResult;
	// One client per delivery: its credentials are read once, for the task read and the currency.
	const client = verify ? new RunningHubClient(ctx, { retry: VERIFY_RETRY }) : new RunningHubClient(ctx);
	if (verify) {
		const read = await verifyTask(client, delivery);
		if (read.outcome === 'unknown') {
			return answer(ctx, 200, {
				received: true,
				ignored: true,
				taskId: delivery.taskId,
				reason: 'RunningHub does not know this task for the credential of this trigger',
			});
		}
		if (read.outcome === 'retry') return answer(ctx, 503, { received: true, taskId: delivery.taskId, reason: read.reason });
		if (read.outcome === 'fatal') throw redactSecretValuesInError(read.error, [expected]);
		task = read.task;
	} else {
		let reported: TaskResult | undefined;
		let problem: string | undefined;
		try {
			reported = reportedTask(node, delivery);
		} catch (error) {
			problem = (error as Error).message;
		}
		if (!reported) return answer(ctx, 400, { received: false, error: `Not a RunningHub task event: ${problem ?? 'unreadable'}` });
		task = reported;
	}

	const event = eventOf(task);
	if (!event) return answer(ctx, 200, { received: true, ignored: true, taskId: task.taskId, reason: `The task is still ${task.status}` });
	// The claim is taken synchronously after verification, so a copy verified at the same moment
	// sees it; what follows before n8n answers is bounded (the v2 item reads the currency within
	// CURRENCY_READ_MS at most, core/run/cost.ts).
	if (claimDelivery({ ...claim, now: Date.now() }) === 'duplicate') return duplicate();
	if (!events.includes(event)) {
		return answer(ctx, 200, { received: true, ignored: true, taskId: task.taskId, reason: `Task ${event} events are not selected` });
	}

	const accepted: IDataObject = { received: true, taskId: task.taskId };
	const about: IDataObject = {
		event: delivery.event,
		verified: verify,
		receivedAt: new Date().toISOString(),
		// RunningHub may echo the Trigger URL anywhere in the event, not only under webhook keys.
		...(options.includeDelivery ? { delivery: redactAnswer(delivery.reported, undefined) } : {}),
	};
	// Version 2: the same task fields as the RunningHub node and the Wait for Task node (simplify.ts).
	const json: IDataObject =
		nodeVersion(ctx) < 2
			? { ...taskJson(task), ...about }
			: withoutEmpty({ ...(await taskOutputOf(client, task, options.simplify ?? true)), ...about });
	const item: INodeExecutionData = { json };
	// The Trigger's own secret, in any encoding, never reaches the execution (the URL may be echoed in a failure reason).
	const workflowData = () => [[{ ...item, json: redactSecretValues(item.json, [expected]) }]];
	if (!options.downloadOutputs || task.state !== 'succeeded') return { webhookResponse: accepted, workflowData: workflowData() };

	answer(ctx, 200, accepted);
	try {
		// Unverified, the task is read again first: URLs from the request are never fetched.
		const source = await taskForDownload(ctx, task, verify);
		const binary = await downloadTaskOutputs(downloadContext(ctx), source, options.binaryPropertyName?.trim() || 'data', 0);
		if (Object.keys(binary).length) item.binary = binary;
	} catch (error) {
		// Already answered: keep the verified result and say what went wrong.
		item.json.downloadError = (error as Error).message;
	}
	return { noWebhookResponse: true, workflowData: workflowData() };
}

/** The secret a delivery carries where this node's version puts it. */
function providedSecret(ctx: IWebhookFunctions): unknown {
	if (nodeVersion(ctx) < 2) return secretFromQuery(ctx.getQueryData());
	const req = ctx.getRequestObject() as { path?: unknown; originalUrl?: unknown; url?: unknown };
	return secretFromPath(req.originalUrl ?? req.url ?? req.path);
}

type Verified =
	| { outcome: 'ok'; task: TaskResult }
	| { outcome: 'unknown' }
	| { outcome: 'retry'; reason: string }
	| { outcome: 'fatal'; error: Error };

/** Verify with API's short retry budget: RunningHub is waiting for the answer and retries itself. */
const VERIFY_RETRY = { maxAttempts: 2, capacityMaxWaitMs: 0 };

/** Re-reads the task. */
async function verifyTask(client: RunningHubClient, delivery: Delivery): Promise<Verified> {
	let task: TaskResult;
	try {
		task = await client.query(delivery.taskId);
	} catch (error) {
		const kind = classifyFailure(error);
		if (kind === 'notFound') return { outcome: 'unknown' };
		if (kind === 'retryLater') return { outcome: 'retry', reason: 'RunningHub could not be read; deliver again later' };
		return { outcome: 'fatal', error: error as Error };
	}
	if (!isTerminal(task.state)) {
		return { outcome: 'retry', reason: `RunningHub still reports task ${task.taskId} as ${task.status}; deliver again later` };
	}
	return { outcome: 'ok', task };
}
