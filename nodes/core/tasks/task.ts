import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { itemSuffix } from '../api/errors';
import type { TaskObject } from '../api/transport';

/** Where a task is in its life, independent of RunningHub's spelling. */
export type TaskState = 'pending' | 'succeeded' | 'failed' | 'cancelled';

const STATES: Record<string, TaskState> = {
	CREATE: 'pending',
	QUEUED: 'pending',
	RUNNING: 'pending',
	SUCCESS: 'succeeded',
	FAILED: 'failed',
	CANCEL: 'cancelled',
};

/** One output of a task, the same shape whether it came from v2 `results` or v1 `fileUrl/fileType`. */
export interface TaskOutput {
	url: string | null;
	type: string | null;
	text: string | null;
	nodeId: string | null;
}

export interface TaskUsage {
	consumeMoney: string | null;
	consumeCoins: string | null;
	taskCostTime: string | null;
	thirdPartyConsumeMoney: string | null;
}

export interface TaskResult {
	taskId: string;
	/** RunningHub's own status word (SUCCESS, RUNNING, ...). */
	status: string;
	state: TaskState;
	outputs: TaskOutput[];
	errorCode?: string;
	errorMessage?: string;
	failedReason?: IDataObject;
	usage?: TaskUsage;
}

export function isTerminal(state: TaskState): boolean {
	return state !== 'pending';
}

/** Maps a status word to a state; an unknown word is an error that names it (and keeps the task ID). */
export function taskState(node: INode, status: unknown, taskId: string, itemIndex?: number): TaskState {
	const word = String(status ?? '').trim().toUpperCase();
	const state = STATES[word];
	if (!state) {
		const error = new NodeOperationError(node, `RunningHub reported an unknown task status "${String(status)}" for task ${taskId}${itemSuffix(itemIndex)}`, {
			description: 'Known statuses are CREATE, QUEUED, RUNNING (pending) and SUCCESS, FAILED, CANCEL (finished). Check the task on RunningHub, and report this status so the node can learn it.',
			itemIndex,
		});
		error.context.taskId = taskId;
		error.context.status = String(status);
		throw error;
	}
	return state;
}

const str = (value: unknown): string | null =>
	value === undefined || value === null || value === '' ? null : String(value);

/** Normalises a v2 `results` entry, with the fallbacks RunningHub's own plugin uses. */
export function outputFromV2(entry: IDataObject): TaskOutput {
	const type = str(entry.outputType ?? entry.fileType);
	return {
		url: str(entry.url ?? entry.outputUrl ?? entry.fileUrl),
		type: type && type.toLowerCase(),
		text: str(entry.text ?? entry.content ?? entry.output),
		nodeId: str(entry.nodeId),
	};
}

/** Normalises a v1 outputs entry `{fileUrl, fileType, nodeId, text?}`. */
export function outputFromV1(entry: IDataObject): TaskOutput {
	const type = str(entry.fileType);
	return {
		url: str(entry.fileUrl ?? entry.url),
		type: type && type.toLowerCase(),
		text: str(entry.text ?? entry.content),
		nodeId: str(entry.nodeId),
	};
}

function usageFrom(raw: unknown): TaskUsage | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const u = raw as IDataObject;
	return {
		consumeMoney: str(u.consumeMoney),
		consumeCoins: str(u.consumeCoins),
		taskCostTime: str(u.taskCostTime),
		thirdPartyConsumeMoney: str(u.thirdPartyConsumeMoney),
	};
}

/** Turns a v2 task object (submit or query answer) into a TaskResult. */
export function taskFromV2(node: INode, raw: TaskObject, fallbackTaskId = '', itemIndex?: number): TaskResult {
	const taskId = str(raw.taskId) ?? fallbackTaskId;
	// "0" is success: some answers fill errorCode with 0 instead of leaving it empty.
	const code = str(raw.errorCode)?.trim();
	const errorCode = code && code !== '0' ? code : undefined;
	const errorMessage = str(raw.errorMessage) ?? undefined;
	let state = taskState(node, raw.status, taskId, itemIndex);
	const results = Array.isArray(raw.results) ? (raw.results as IDataObject[]) : [];
	const outputs = results.filter((r) => r && typeof r === 'object').map(outputFromV2);
	// RunningHub's own client rules: an error code on a poll means failed; SUCCESS without outputs too.
	let message = errorMessage;
	if (errorCode && state !== 'cancelled') state = 'failed';
	if (state === 'succeeded' && outputs.length === 0) {
		state = 'failed';
		message = 'RunningHub reported success but returned no outputs';
	}
	const failedReason =
		raw.failedReason && typeof raw.failedReason === 'object' && Object.keys(raw.failedReason).length
			? (raw.failedReason as IDataObject)
			: undefined;
	return {
		taskId,
		status: String(raw.status ?? ''),
		state,
		outputs,
		...(errorCode ? { errorCode } : {}),
		...(message ? { errorMessage: message } : {}),
		...(failedReason ? { failedReason } : {}),
		...(usageFrom(raw.usage) ? { usage: usageFrom(raw.usage) } : {}),
	};
}

const V1_STATUS: Record<number, string> = { 0: 'SUCCESS', 804: 'RUNNING', 813: 'QUEUED', 805: 'FAILED' };
const isObject = (v: unknown): v is IDataObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Turns a v1 outputs answer `{code, msg, data}` (docs/runninghub-api.md §7; also the eventData of a TASK_END
 * webhook) into a TaskResult: 0 finished, 804 running, 813 queued, 805 or any other code failed.
 */
export function taskFromV1Outputs(node: INode, taskId: string, r: IDataObject, itemIndex?: number): TaskResult {
	const code = Number(r.code);
	const status = V1_STATUS[code] ?? 'FAILED';
	const entries = Array.isArray(r.data) ? (r.data as unknown[]).filter(isObject) : [];
	const failedReason = isObject(r.data) && isObject(r.data.failedReason) ? r.data.failedReason : undefined;
	const first = entries[0] ?? {};
	const usage =
		status === 'SUCCESS'
			? {
					consumeMoney: first.consumeMoney,
					consumeCoins: first.consumeCoins,
					taskCostTime: first.taskCostTime,
					thirdPartyConsumeMoney: first.thirdPartyConsumeMoney,
				}
			: undefined;
	const failed = status === 'FAILED';
	const message = failed
		? String((failedReason?.exception_message as string | undefined) || r.msg || '') || undefined
		: undefined;
	const task = taskFromV2(
		node,
		{
			taskId,
			status,
			errorCode: failed && code !== 805 ? String(code) : '',
			errorMessage: message ?? '',
			results: status === 'SUCCESS' ? entries : null,
			...(failedReason ? { failedReason } : {}),
			...(usage ? { usage: usage as IDataObject } : {}),
		},
		taskId,
		itemIndex,
	);
	// v1 entries carry fileUrl/fileType; read them with the v1 mapping.
	if (status === 'SUCCESS' && task.state === 'succeeded') task.outputs = entries.map(outputFromV1);
	if (failed && !task.errorMessage && message) task.errorMessage = message;
	return task;
}

/** The most useful one-line reason a task failed. */
export function failureText(task: TaskResult): string {
	const reason = task.failedReason as { exception_message?: string; node_name?: string } | undefined;
	const parts = [
		task.errorMessage,
		reason?.exception_message && `${reason.node_name ? `${reason.node_name}: ` : ''}${reason.exception_message}`,
	].filter(Boolean);
	return parts.join(' — ') || `the task ended with status ${task.status}`;
}
