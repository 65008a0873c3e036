import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { RunningHubClient } from '../api/client';
import type { TaskResult, TaskState } from '../tasks/task';
import { fromVersion } from '../version';
import { amountOf, currencyForUsage, taskCost } from './cost';
import { outputConveniences } from './outputKinds';

/**
 * The one place the output shape of a task is built from node version 2, used by the RunningHub
 * node's Wait for Completion, the Wait for Task node (poll and callback) and the Trigger, so a
 * task looks the same whichever way it was waited for. docs/outputs.md documents it. Version-1
 * nodes keep their first shape (taskJson in settle.ts).
 */

/** One output of a task, without the fields RunningHub left empty. */
export interface SimplifiedOutput {
	url?: string;
	type?: string;
	text?: string;
	nodeId?: string;
}

/** The simplified task (Simplify on, the default from version 2). No field is ever null. */
export interface SimplifiedTask {
	taskId: string;
	/** One word: pending, succeeded, failed or cancelled. */
	status: TaskState;
	outputs: SimplifiedOutput[];
	/** Shortcuts by kind, each only when the task produced that kind (first one, and all). */
	imageUrl?: string;
	imageUrls?: string[];
	videoUrl?: string;
	videoUrls?: string[];
	audioUrl?: string;
	audioUrls?: string[];
	model3dUrl?: string;
	model3dUrls?: string[];
	fileUrl?: string;
	fileUrls?: string[];
	text?: string;
	texts?: string[];
	/** What the task cost, when RunningHub reported it. */
	cost?: number;
	/** The account's currency (e.g. CNY), or "RH coins"; absent when not known. */
	currency?: string;
	/** Only for failed or cancelled tasks: RunningHub's code and words. */
	errorCode?: string;
	errorMessage?: string;
}

/** The full task (Simplify off): the simplified task plus what RunningHub reported besides. */
export interface FullTask extends SimplifiedTask {
	/** RunningHub's own status word (QUEUED, RUNNING, SUCCESS, FAILED, CANCEL…). */
	runningHubStatus: string;
	/** ComfyUI's failure detail, as RunningHub sent it. */
	failedReason?: IDataObject;
	/** RunningHub's usage record, as numbers. */
	usage?: { money?: number; coins?: number; thirdPartyMoney?: number; taskCostTime?: number };
}

export const SIMPLIFY_OPTION: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return the compact task (taskId, status, outputs, imageUrl/videoUrl/audioUrl, cost and currency). Off adds RunningHub\'s status word, failure detail and usage record.',
	displayOptions: { show: fromVersion(2) },
};

/** Keys whose values are RunningHub's own answer, kept exactly as sent. */
const AS_SENT = new Set(['raw', 'failedReason', 'delivery']);

/** Drops null and undefined values, also inside nested objects and lists, so no field is null-only. */
export function withoutEmpty<T extends object>(object: T): T {
	const clean = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(clean);
		if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return withoutEmpty(value as object);
		return value;
	};
	return Object.fromEntries(
		Object.entries(object)
			.filter(([, v]) => v !== null && v !== undefined)
			.map(([k, v]) => [k, AS_SENT.has(k) ? v : clean(v)]),
	) as T;
}

/** The simplified task; `currency` is the account's (see cost.ts). */
export function simplifiedTask(task: TaskResult, currency: string | undefined): SimplifiedTask {
	const failed = task.state === 'failed' || task.state === 'cancelled';
	return withoutEmpty({
		taskId: task.taskId,
		status: task.state,
		outputs: task.outputs.map((o) => withoutEmpty({ url: o.url, type: o.type, text: o.text, nodeId: o.nodeId }) as SimplifiedOutput),
		...(outputConveniences(task) as Partial<SimplifiedTask>),
		...taskCost(task.usage, currency),
		errorCode: failed ? task.errorCode || undefined : undefined,
		errorMessage: failed ? task.errorMessage || undefined : undefined,
	});
}

/** The full task (Simplify off). */
export function fullTask(task: TaskResult, currency: string | undefined): FullTask {
	const usage = task.usage
		? withoutEmpty({
				money: amountOf(task.usage.consumeMoney),
				coins: amountOf(task.usage.consumeCoins),
				thirdPartyMoney: amountOf(task.usage.thirdPartyConsumeMoney),
				taskCostTime: amountOf(task.usage.taskCostTime),
			})
		: undefined;
	return withoutEmpty({
		...simplifiedTask(task, currency),
		runningHubStatus: task.status,
		failedReason: task.failedReason,
		usage: usage && Object.keys(usage).length ? usage : undefined,
	});
}

/** The version-2 task JSON: simplified unless Simplify is off. */
export function taskOutput(task: TaskResult, simplify: boolean, currency: string | undefined): IDataObject {
	return (simplify ? simplifiedTask(task, currency) : fullTask(task, currency)) as unknown as IDataObject;
}

/**
 * Version 2, a task still pending: when it was submitted (ISO 8601). Wait for Task reads it from
 * its input item and times its polls from the task's start (core/tasks/wait.ts firstPollAt), so a short
 * job is seen as it ends however long the steps between took.
 */
export function submittedAtField(task: TaskResult, submittedAtMs: number | undefined): { submittedAt?: string } {
	if (task.state !== 'pending' || submittedAtMs === undefined || !Number.isFinite(submittedAtMs)) return {};
	return { submittedAt: new Date(submittedAtMs).toISOString() };
}

/** The version-2 task JSON, with the account's currency looked up when the task cost wallet money. */
export async function taskOutputOf(client: RunningHubClient, task: TaskResult, simplify: boolean): Promise<IDataObject> {
	return taskOutput(task, simplify, await currencyForUsage(client, task.usage));
}
