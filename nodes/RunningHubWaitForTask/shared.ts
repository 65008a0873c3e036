import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { RunningHubClient } from '../core/api/client';
import { createLimiter } from '../core/run/limit';
import { errorJson } from '../core/run/items';
import { accountCurrency, amountOf } from '../core/run/cost';
import { taskJson } from '../core/run/settle';
import { taskOutput, withoutEmpty } from '../core/run/simplify';
import type { TaskResult, TaskState } from '../core/tasks/task';
import { isTerminal } from '../core/tasks/task';
import { normaliseId } from '../core/validation';
import type { DownloadContext } from '../core/media/outputs';
import { downloadTaskOutputs } from '../core/media/outputs';

export { downloadContext } from '../core/media/outputs';

/** The routing field every item of this node carries. */
export type WaitResult = 'succeeded' | 'failed' | 'stillRunning';

export type WaitMode = 'poll' | 'callback';

/** One input item and the task it names (or why it names none). */
export interface Target {
	itemIndex: number;
	taskId?: string;
	error?: Error;
}

/** What is known about one task after reading it. */
export interface TaskRead {
	task?: TaskResult;
	error?: Error;
}

export const TASK_ID_PARAMETER = 'taskId';
export const TASK_ID_LABEL = 'Task ID';
/** Parallel reads of RunningHub (status reads are cheap, but stay polite). */
export const READ_CONCURRENCY = 5;

export function waitResultOf(state: TaskState): WaitResult {
	if (state === 'succeeded') return 'succeeded';
	return state === 'pending' ? 'stillRunning' : 'failed';
}

/** Whether a read ended the wait for its item: the task finished, or it cannot be read. */
export function isSettled(read: TaskRead | undefined): boolean {
	return Boolean(read && (read.error || (read.task && isTerminal(read.task.state))));
}

/** How the node shapes its items: version 1 keeps its first shape; version 2 the shared one (simplify.ts). */
export interface OutputShape {
	version: number;
	simplify: boolean;
	/** The account's currency, when a task reported wallet money. */
	currency?: string;
}

/** The shape for these tasks, the account's currency read only when needed (version 2). */
export async function outputShape(
	client: RunningHubClient,
	version: number,
	simplify: boolean,
	tasks: Array<TaskResult | undefined>,
): Promise<OutputShape> {
	if (version < 2) return { version, simplify };
	const withMoney = tasks.find((t) => t && amountOf(t.usage?.consumeMoney) !== undefined);
	return { version, simplify, currency: withMoney ? await accountCurrency(client) : undefined };
}

/**
 * The output JSON of an item: the task, plus how the wait ended (`waitResult`). Version 2 gives
 * the same task fields as the RunningHub node and the Trigger; how the node waited (waitMode,
 * resumedBy) and prose (message) stay out of its data.
 */
export function resultJson(task: TaskResult, mode: WaitMode, extra: IDataObject = {}, shape?: OutputShape): IDataObject {
	if (!shape || shape.version < 2) return { ...taskJson(task), waitResult: waitResultOf(task.state), waitMode: mode, ...extra };
	const rest = { ...extra };
	delete rest.message;
	delete rest.resumedBy;
	return withoutEmpty({ ...taskOutput(task, shape.simplify, shape.currency), waitResult: waitResultOf(task.state), ...rest });
}

/** The output JSON of an item whose task could not be read (continue on fail). */
export function errorResultJson(error: unknown, mode: WaitMode, taskId?: string): IDataObject {
	const json = errorJson(error);
	return { ...(taskId ? { taskId } : {}), ...json, waitResult: 'failed', waitMode: mode };
}

/** Reads each item's task ID in execute(); a bad ID fails the node unless it continues on fail. */
export function readTargets(ctx: IExecuteFunctions): Target[] {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	return items.map((_, itemIndex) => {
		let target: Target;
		try {
			const value = ctx.getNodeParameter(TASK_ID_PARAMETER, itemIndex, '') as unknown;
			target = { itemIndex, taskId: normaliseId(ctx, value, TASK_ID_LABEL, itemIndex) };
		} catch (error) {
			target = { itemIndex, error: error as Error };
		}
		// A bad ID is a user-facing NodeOperationError already (see normaliseId).
		if (target.error && !continueOnFail) throw target.error;
		return target;
	});
}

/**
 * Reads each item's task ID inside webhook(), when n8n resumes the parked execution. The webhook
 * context holds the node's input items (the execution stack entry n8n parked) but offers no
 * getInputData(): the items are counted with `$input.all()` and the Task ID parameter is
 * evaluated for each of them, exactly as execute() did.
 */
export function readTargetsInWebhook(ctx: IWebhookFunctions): Target[] {
	const node = ctx.getNode();
	const raw = node.parameters[TASK_ID_PARAMETER];
	let count = 1;
	try {
		const n = Number(ctx.evaluateExpression('{{ $input.all().length }}', 0));
		if (Number.isInteger(n) && n >= 0) count = n;
	} catch {
		count = 1; // no input data visible: fall back to the first item, as getNodeParameter would
	}
	const asExecute = { getNode: () => node } as unknown as IExecuteFunctions;
	const targets: Target[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const value =
				typeof raw === 'string' && raw.startsWith('=')
					? ctx.evaluateExpression(raw.slice(1), itemIndex)
					: (raw ?? ctx.getNodeParameter(TASK_ID_PARAMETER, ''));
			targets.push({ itemIndex, taskId: normaliseId(asExecute, value, TASK_ID_LABEL, itemIndex) });
		} catch (error) {
			targets.push({ itemIndex, error: error as Error });
		}
	}
	return targets;
}

/**
 * When the item's task was submitted: the `submittedAt` the RunningHub node (version 2) gives a
 * task it did not see finish, when the item is that task's. Undefined when the item does not say.
 */
export function submittedAtOf(ctx: IExecuteFunctions, target: Target): number | undefined {
	const json = ctx.getInputData()[target.itemIndex]?.json;
	if (!json || typeof json.submittedAt !== 'string' || String(json.taskId ?? '').trim() !== target.taskId) return undefined;
	const ms = Date.parse(json.submittedAt);
	return Number.isFinite(ms) ? ms : undefined;
}

/** Distinct task IDs of the targets, in item order. */
export function taskIdsOf(targets: Target[]): string[] {
	return [...new Set(targets.flatMap((t) => (t.taskId ? [t.taskId] : [])))];
}

/** Reads tasks once each, a few at a time; a failed read is recorded, not thrown. */
export async function readTasks(
	client: RunningHubClient,
	taskIds: string[],
	itemIndexOf: (taskId: string) => number | undefined,
	/** A wait's deadline: failed reads are retried until then (see waitForTasks). */
	deadline?: number,
): Promise<Map<string, TaskRead>> {
	const limit = createLimiter(READ_CONCURRENCY);
	const reads = new Map<string, TaskRead>();
	await Promise.all(
		taskIds.map((taskId) =>
			limit(async () => {
				try {
					reads.set(taskId, { task: await client.query(taskId, itemIndexOf(taskId), { deadline }) });
				} catch (error) {
					reads.set(taskId, { error: error as Error });
				}
			}),
		),
	);
	return reads;
}

/** The first item index that names each task (for item numbers in error messages). */
export function firstItemIndex(targets: Target[]): (taskId: string) => number | undefined {
	const first = new Map<string, number>();
	for (const t of targets) if (t.taskId && !first.has(t.taskId)) first.set(t.taskId, t.itemIndex);
	return (taskId) => first.get(taskId);
}

/** Adds downloaded outputs to the items of succeeded tasks, a few downloads at a time. */
export async function attachDownloads(
	ctx: DownloadContext,
	items: Array<{ item: INodeExecutionData; task?: TaskResult; itemIndex: number }>,
	propertyName: string,
	onError: (error: unknown, entry: { item: INodeExecutionData; itemIndex: number }) => void,
): Promise<void> {
	const limit = createLimiter(3);
	await Promise.all(
		items
			.filter((e) => e.task?.state === 'succeeded' && e.task.outputs.some((o) => o.url))
			.map((entry) =>
				limit(async () => {
					try {
						const binary = await downloadTaskOutputs(ctx, entry.task as TaskResult, propertyName, entry.itemIndex);
						if (Object.keys(binary).length) entry.item.binary = binary;
					} catch (error) {
						onError(error, entry);
					}
				}),
			),
	);
}
