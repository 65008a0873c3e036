import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
	NodeOperationError,
} from 'n8n-workflow';

import { RunningHubClient } from '../core/api/client';
import type { TaskResult } from '../core/tasks/task';
import { isTerminal } from '../core/tasks/task';
import { readNumberInRange } from '../core/validation';
import { nodeVersion } from '../core/version';
import { parseDelivery } from '../core/webhooks/payload';
import { answer, classifyFailure } from '../core/webhooks/respond';
import type { OutputShape, Target, TaskRead } from './shared';
import {
	outputShape,
	attachDownloads,
	downloadContext,
	errorResultJson,
	firstItemIndex,
	isSettled,
	readTargets,
	readTargetsInWebhook,
	readTasks,
	resultJson,
	taskIdsOf,
} from './shared';

export type ResumeWhen = 'allFinished' | 'anyFinished';

/** Time Limit bounds: a year at most (longer is surely a unit mistake). */
export const TIME_LIMIT_MINUTES = { min: 1, max: 365 * 24 * 60 };

export interface CallbackOptions {
	timeLimitMs: number;
	resumeWhen: ResumeWhen;
	downloadOutputs: boolean;
	binaryPropertyName: string;
	/** Version 2: the simplified task (simplify.ts). */
	simplify: boolean;
}

/** Reads the options with a getter that hides the execute/webhook getNodeParameter difference. */
export function readCallbackOptions(get: (name: string, fallback: unknown) => unknown): CallbackOptions {
	const options = (get('options', {}) ?? {}) as { downloadOutputs?: boolean; binaryPropertyName?: string; simplify?: boolean };
	const minutes = Number(get('timeLimitMinutes', 60));
	return {
		timeLimitMs: Math.max(1, Number.isFinite(minutes) ? minutes : 60) * 60_000,
		resumeWhen: get('resumeWhen', 'allFinished') === 'anyFinished' ? 'anyFinished' : 'allFinished',
		downloadOutputs: options.downloadOutputs ?? false,
		binaryPropertyName: options.binaryPropertyName?.trim() || 'data',
		simplify: options.simplify ?? true,
	};
}

/** Whether the wait is over: every item's task settled, or (any mode) at least one. */
export function waitIsOver(targets: Target[], reads: Map<string, TaskRead>, resumeWhen: ResumeWhen): boolean {
	const settled = targets.map((t) => Boolean(t.error) || isSettled(t.taskId ? reads.get(t.taskId) : undefined));
	if (settled.length === 0) return true;
	return resumeWhen === 'anyFinished' ? settled.some(Boolean) : settled.every(Boolean);
}

interface Built {
	item: INodeExecutionData;
	task?: TaskResult;
	itemIndex: number;
}

/** One output item per input item, in input order, each keeping its task ID. */
function buildItems(targets: Target[], reads: Map<string, TaskRead>, extra: IDataObject, shape: OutputShape): Built[] {
	return targets.map((target) => {
		const read = target.taskId ? reads.get(target.taskId) : undefined;
		const pairedItem = { item: target.itemIndex };
		const error = target.error ?? read?.error;
		if (error || !read?.task) {
			return { item: { json: errorResultJson(error ?? new Error('The task could not be read'), 'callback', target.taskId), pairedItem }, itemIndex: target.itemIndex };
		}
		return { item: { json: resultJson(read.task, 'callback', extra, shape), pairedItem }, task: read.task, itemIndex: target.itemIndex };
	});
}

/**
 * Resume on Callback, first run: reads each task once. When the wait is already over (all
 * tasks finished, or any in "any" mode) the items continue at once; otherwise the execution is
 * parked until RunningHub calls this execution's resume URL, or the time limit passes.
 */
export async function executeCallback(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = readCallbackOptions((name, fallback) => ctx.getNodeParameter(name, 0, fallback));
	// Each item's Time Limit is checked: a bad one fails that item with an error naming it, and
	// the execution parks for the first good one (not at all when every item failed).
	let timeLimitMs: number | undefined;
	const targets = readTargets(ctx).map((t) => {
		try {
			const minutes = readNumberInRange(ctx, 'timeLimitMinutes', 'Time Limit (Minutes)', t.itemIndex, { ...TIME_LIMIT_MINUTES, fallback: 60 });
			timeLimitMs ??= minutes * 60_000;
			return t;
		} catch (error) {
			return { ...t, error: error as NodeOperationError };
		}
	});
	const badLimit = targets.find((t) => t.error);
	if (badLimit?.error && !ctx.continueOnFail()) throw badLimit.error;
	const client = new RunningHubClient(ctx);
	const reads = await readTasks(client, taskIdsOf(targets.filter((t) => !t.error)), firstItemIndex(targets));
	if (!ctx.continueOnFail()) {
		const failedRead = targets.map((t) => (t.taskId ? reads.get(t.taskId)?.error : undefined)).find(Boolean);
		if (failedRead) throw failedRead;
	}
	if (waitIsOver(targets, reads, options.resumeWhen)) {
		const shape = await outputShape(client, nodeVersion(ctx), options.simplify, [...reads.values()].map((r) => r.task));
		const built = buildItems(targets, reads, { resumedBy: 'firstCheck' }, shape);
		if (options.downloadOutputs) {
			let firstError: unknown;
			await attachDownloads(downloadContext(ctx), built, options.binaryPropertyName, (error, entry) => {
				if (!ctx.continueOnFail()) firstError ??= error;
				else entry.item.json = { ...entry.item.json, downloadError: (error as Error).message };
			});
			if (firstError) throw firstError;
		}
		return [built.map((b) => b.item)];
	}
	await ctx.putExecutionToWait(new Date(Date.now() + (timeLimitMs ?? options.timeLimitMs)));
	// n8n discards this output when it resumes the node (webhook() gives the output), and passes
	// the node's input through unchanged when the time limit passes first.
	return [ctx.getInputData()];
}

/** Executions this process has decided to resume (a late duplicate must not resume them twice). */
const resuming = new Map<string, number>();
/** Callbacks of one execution are decided one after the other. */
const locks = new Map<string, Promise<unknown>>();
const RESUMING_TTL_MS = 60 * 60_000;

async function oneAtATime<T>(key: string, job: () => Promise<T>): Promise<T> {
	const previous = locks.get(key) ?? Promise.resolve();
	const run = previous.then(job, job);
	const settled = run.then(
		() => undefined,
		() => undefined,
	);
	locks.set(key, settled);
	try {
		return await run;
	} finally {
		if (locks.get(key) === settled) locks.delete(key);
	}
}

function markResuming(executionId: string, now: number): void {
	for (const [id, at] of resuming) if (now - at > RESUMING_TTL_MS) resuming.delete(id);
	resuming.set(executionId, now);
	while (resuming.size > 1000) resuming.delete(resuming.keys().next().value as string);
}

/** Test hook: forget which executions were resumed. */
export function resetCallbackState(): void {
	resuming.clear();
	locks.clear();
}

type Decision = { resume: false; response: IWebhookResponseData } | { resume: true; reads: Map<string, TaskRead> };

/**
 * Resume on Callback, when RunningHub posts to the resume URL. The body only says "a task may
 * have ended": every task of the node's items is re-read through the API, and:
 * - the wait is over (all finished, or any in "any" mode): answer 200 and resume the execution
 *   with one item per input item (the node's single output; route on `waitResult`);
 * - otherwise: answer 200 and leave the execution waiting. n8n keeps an execution parked when
 *   webhook() returns no workflowData, so each task's callback is one more check, and the last
 *   task's callback resumes it;
 * - RunningHub cannot be read right now, or still reports the called-back task as running:
 *   answer 503, so RunningHub delivers again later; the execution keeps waiting;
 * - the credential or configuration is broken: throw, so the execution ends with that error.
 */
export async function callbackWebhook(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (ctx.getNodeParameter('mode', 'poll') !== 'callback') {
		return answer(ctx, 404, { received: false, error: 'This RunningHub Wait for Task node is not in Resume on Callback mode' });
	}
	const req = ctx.getRequestObject() as { rawBody?: unknown };
	const parsed = parseDelivery({ rawBody: req.rawBody, body: ctx.getBodyData() });
	if (!parsed.ok) return answer(ctx, parsed.status, { received: false, error: `Not a RunningHub task event: ${parsed.reason}` });
	const { taskId } = parsed.delivery;

	const targets = readTargetsInWebhook(ctx);
	const ids = taskIdsOf(targets);
	if (!ids.includes(taskId)) {
		return answer(ctx, 200, { received: true, resumed: false, reason: `This execution does not wait for task ${taskId}` });
	}
	const options = readCallbackOptions((name, fallback) => ctx.getNodeParameter(name, fallback));
	const executionId = String(ctx.getExecutionId() ?? '');

	const decision = await oneAtATime<Decision>(executionId, async () => {
		if (resuming.has(executionId)) {
			return { resume: false, response: answer(ctx, 200, { received: true, resumed: false, reason: 'The execution is already resuming' }) };
		}
		// A short retry budget: RunningHub waits for this answer, and retries the delivery itself.
		const client = new RunningHubClient(ctx, { retry: { maxAttempts: 2, capacityMaxWaitMs: 0 } });
		const reads = await readTasks(client, ids, firstItemIndex(targets));
		const failures = [...reads.values()].filter((r) => r.error).map((r) => r.error as Error);
		const fatal = failures.find((e) => classifyFailure(e) === 'fatal');
		if (fatal) throw fatal;
		if (failures.some((e) => classifyFailure(e) === 'retryLater')) {
			return { resume: false, response: answer(ctx, 503, { received: true, resumed: false, reason: 'RunningHub could not be read; deliver again later' }) };
		}
		const called = reads.get(taskId)?.task;
		if (called && !isTerminal(called.state)) {
			return {
				resume: false,
				response: answer(ctx, 503, { received: true, resumed: false, reason: `RunningHub still reports task ${taskId} as ${called.status}; deliver again later` }),
			};
		}
		if (!waitIsOver(targets, reads, options.resumeWhen)) {
			// Which tasks are still awaited is not said: whoever holds the resume URL would learn
			// the IDs of the execution's other tasks.
			return { resume: false, response: answer(ctx, 200, { received: true, resumed: false, reason: 'The execution waits for other tasks' }) };
		}
		markResuming(executionId, Date.now());
		return { resume: true, reads };
	});
	if (!decision.resume) return decision.response;

	// Answer now: downloads may take long and RunningHub must not time out and deliver again.
	answer(ctx, 200, { received: true, resumed: true });
	const shape = await outputShape(new RunningHubClient(ctx, { retry: { maxAttempts: 2, capacityMaxWaitMs: 0 } }), nodeVersion(ctx), options.simplify, [...decision.reads.values()].map((r) => r.task));
	const built = buildItems(targets, decision.reads, { resumedBy: 'callback' }, shape);
	if (options.downloadOutputs) {
		await attachDownloads(downloadContext(ctx), built, options.binaryPropertyName, (error, entry) => {
			entry.item.json = { ...entry.item.json, downloadError: (error as Error).message };
		});
	}
	return { noWebhookResponse: true, workflowData: [built.map((b) => b.item)] };
}
