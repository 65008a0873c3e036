import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { RunningHubCredentials } from '../site';
import type { TaskResult } from '../tasks';
import { outputConveniences } from '../../RunningHub/actions/model/output';
import { fromVersion } from '../version';

/**
 * The one place the output shape of a task is built (node version 2), used by the RunningHub
 * node's Wait for Completion, the Wait for Task node (poll and callback) and the Trigger, so a
 * task looks the same whichever way it was waited for. docs/outputs.md documents it.
 */

export const SIMPLIFY_OPTION: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return a compact task (taskId, status, outputs, videoUrl/audioUrl/imageUrl, cost) instead of the full task as RunningHub reports it',
	displayOptions: { show: fromVersion(2) },
};

/** The currency wallet money (usage.consumeMoney) is charged in, by site: .cn bills in CNY, .ai in USD. */
export function walletCurrency(credentials: Pick<RunningHubCredentials, 'site' | 'baseUrl'> | undefined): string {
	if (!credentials) return 'USD';
	if (credentials.site === 'cn') return 'CNY';
	if (credentials.site === 'custom' && /\.cn(\/|:|$)/i.test(credentials.baseUrl ?? '')) return 'CNY';
	return 'USD';
}

const amount = (value: string | null | undefined): number | undefined => {
	if (value === null || value === undefined || value.trim() === '') return undefined;
	const n = Number(value);
	return Number.isFinite(n) ? n : undefined;
};

/** What the task cost, as a number with its currency: wallet money, else RH coins. */
export function costOf(task: TaskResult, currency: string): { amount: number; currency: string } | undefined {
	const money = amount(task.usage?.consumeMoney);
	if (money !== undefined) return { amount: money, currency };
	const coins = amount(task.usage?.consumeCoins);
	return coins === undefined ? undefined : { amount: coins, currency: 'RH coins' };
}

/** Drops null and undefined values, so no field is null-only. */
function compact(object: Record<string, unknown>): IDataObject {
	return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined)) as IDataObject;
}

/**
 * The simplified task: `taskId`, `status` (pending, succeeded, failed, cancelled: one word, no
 * twin), `outputs` without empty fields, shortcuts by kind (`imageUrl`, `videoUrl`, `audioUrl`,
 * `model3dUrl`, `fileUrl` and their lists, `text`), `cost {amount, currency}`, and on failure
 * `errorCode` / `errorMessage` (RunningHub's own words).
 */
export function simplifiedTask(task: TaskResult, currency: string): IDataObject {
	const failed = task.state === 'failed' || task.state === 'cancelled';
	return compact({
		taskId: task.taskId,
		status: task.state,
		outputs: task.outputs.map((o) => compact({ ...o })),
		...outputConveniences(task, 'image'),
		cost: costOf(task, currency),
		errorCode: failed ? task.errorCode : undefined,
		errorMessage: failed ? task.errorMessage : undefined,
	});
}

/** The full task (Simplify off): everything the node knows, RunningHub's status word included. */
export function fullTask(task: TaskResult): IDataObject {
	return { ...task } as unknown as IDataObject;
}

/** The version-2 task JSON: simplified unless Simplify is off. */
export function taskOutput(task: TaskResult, simplify: boolean, currency: string): IDataObject {
	return simplify ? simplifiedTask(task, currency) : fullTask(task);
}
