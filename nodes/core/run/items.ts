import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RunningHubClient } from '../api/client';
import { BatchRun, batchSummary } from './batch';
import { currencyAlreadyRead } from './cost';
import { nodeVersion } from '../version';
import { createLimiter } from './limit';
import type { UnknownOutcome } from '../api/errors';
import { unknownOutcomeOf } from '../api/errors';
import { hideSentSecrets } from './sentSecrets';

export interface ItemPlan<P> {
	/** Reads and validates one item. Throws user-facing errors; nothing is sent to RunningHub yet. */
	prepare(itemIndex: number): Promise<P> | P;
	/** Does the item's work (submit, wait, download) and returns its output item(s). */
	run(prepared: P, itemIndex: number): Promise<INodeExecutionData | INodeExecutionData[]>;
	/** How many items may run at once. */
	concurrency: number;
}

/** The fields of a user-facing error that help pick the work up again (task ID above all). */
export function errorJson(error: unknown): IDataObject {
	const e = error as { message?: string; description?: string; context?: IDataObject };
	return {
		error: e.message ?? String(error),
		...(e.description ? { errorDescription: e.description } : {}),
		...(e.context?.taskId ? { taskId: e.context.taskId } : {}),
		...(e.context?.status ? { status: e.context.status } : {}),
		...(e.context?.runningHubCode ? { errorCode: e.context.runningHubCode } : {}),
	};
}

/**
 * The unknown submit outcome behind an error item (continue on fail), for a tool run: its JSON
 * keeps the version-1 shape, yet the agent must still be told not to call again (tool.ts).
 */
const unknownOutcomes = new WeakMap<IDataObject, UnknownOutcome>();

/** The unknown submit outcome of an error item's JSON, if its error left one. */
export function unknownOutcomeOfItem(json: IDataObject): UnknownOutcome | undefined {
	return unknownOutcomes.get(json);
}

/**
 * Runs every input item: first validates all of them (so a bad item fails before anything is
 * paid for), then runs them concurrently up to the limit. Every input item yields output or an
 * error item, in input order, each with its pairedItem.
 *
 * Paid work is never lost: when an item fails and the node will fail (continue on fail off), or
 * the execution is stopped, no further item starts, waits end, the tasks still running are
 * cancelled (best effort), and every task of the run is named, in the error the node throws or
 * on the items' error items.
 */
export async function runPerItem<P>(ctx: IExecuteFunctions, plan: ItemPlan<P>): Promise<INodeExecutionData[]> {
	try {
		const output = await runItems(ctx, plan);
		// A redacted item is a new object: it keeps the unknown outcome its error item carried.
		return hideSentSecrets(ctx, output, (from, to) => {
			const unknown = unknownOutcomes.get(from);
			if (unknown) unknownOutcomes.set(to, unknown);
		});
	} catch (error) {
		throw hideSentSecrets(ctx, error);
	}
}

async function runItems<P>(ctx: IExecuteFunctions, plan: ItemPlan<P>): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	const results: Array<INodeExecutionData[] | undefined> = new Array(items.length);
	const errors: Array<unknown> = new Array(items.length);
	const prepared: Array<{ value: P } | undefined> = new Array(items.length);

	for (let i = 0; i < items.length; i++) {
		try {
			prepared[i] = { value: await plan.prepare(i) };
		} catch (error) {
			if (!continueOnFail) throw asNodeError(ctx, error, i);
			errors[i] = error;
		}
	}

	const batch = new BatchRun(ctx, plan.concurrency);
	/** Items whose run ended (or never began) because the batch stopped: true = it had started. */
	const stopped: Array<boolean | undefined> = new Array(items.length);
	const limit = createLimiter(plan.concurrency);
	try {
		await Promise.all(
			prepared.map((p, i) =>
				p === undefined
					? undefined
					: limit(async () => {
							if (batch.stopReason) {
								stopped[i] = false;
								return;
							}
							try {
								const out = await plan.run(p.value, i);
								results[i] = Array.isArray(out) ? out : [out];
							} catch (error) {
								if (batch.stopReason) stopped[i] = true;
								else if (!continueOnFail) batch.fail(i, error);
								errors[i] = error;
							} finally {
								// Its inputs are read and sent: not kept until the last of 1000 items ends.
								prepared[i] = undefined;
							}
						}),
			),
		);
		if (batch.stopReason) await batch.cancelRunning();
	} finally {
		batch.close();
	}
	await showBatchSummary(ctx, batch);

	const notStarted = stopped.filter((s) => s === false).length;
	if (!continueOnFail) {
		const failure = batch.failure;
		const stop = failure ? undefined : firstStopped(stopped);
		const error = failure ? asNodeError(ctx, failure.error, failure.itemIndex) : stop && batch.stoppedError(ctx.getNode(), stop.itemIndex, stop.started);
		if (error) {
			batch.nameTasksIn(error, notStarted);
			throw error;
		}
	}

	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		if (stopped[i] !== undefined) {
			output.push({ json: errorJson(batch.stoppedError(ctx.getNode(), i, stopped[i] as boolean)), pairedItem: { item: i } });
			continue;
		}
		if (errors[i] !== undefined) {
			// The item's task, when its error does not name one (e.g. a read that failed mid-wait).
			const task = batch.lastTaskOf(i);
			const json = errorJson(errors[i]);
			const itemJson = task && json.taskId === undefined ? { ...json, taskId: task.taskId, status: task.status } : json;
			const unknown = unknownOutcomeOf(errors[i]);
			if (unknown) unknownOutcomes.set(itemJson, unknown);
			output.push({ json: itemJson, pairedItem: { item: i } });
			continue;
		}
		for (const item of results[i] ?? []) output.push({ ...item, pairedItem: { item: i } });
	}
	return output;
}

/**
 * From node version 2, a run of several tasks ends with a summary under the output (how many,
 * how long, what they cost in total), as an execution hint: the items stay as they are. n8n
 * versions without execution hints show nothing.
 */
async function showBatchSummary(ctx: IExecuteFunctions, batch: BatchRun): Promise<void> {
	if (nodeVersion(ctx) < 2 || typeof ctx.addExecutionHints !== 'function') return;
	try {
		const message = batchSummary(batch.summary(), await currencyAlreadyRead(ctx));
		if (message) ctx.addExecutionHints({ message, type: 'info', location: 'outputPane' });
	} catch {
		// A hint is a courtesy: failing here would lose the items of tasks already paid for.
	}
}

/** The first item the stop ended (preferring one that had started: it has a task to name). */
function firstStopped(stopped: Array<boolean | undefined>): { itemIndex: number; started: boolean } | undefined {
	const started = stopped.findIndex((s) => s === true);
	const itemIndex = started >= 0 ? started : stopped.findIndex((s) => s === false);
	return itemIndex < 0 ? undefined : { itemIndex, started: started >= 0 };
}

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	const name = (error as Error)?.constructor?.name;
	if (name === 'NodeApiError' || name === 'NodeOperationError') return error as Error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** The concurrency to use: the user's choice, else the key's limit, else 3. */
export async function resolveConcurrency(client: RunningHubClient, chosen: number, withinMs?: number): Promise<number> {
	if (chosen > 0) return chosen;
	const status = await client.queueStatus(undefined, withinMs);
	const limit = Number(status?.concurrentLimit);
	return Number.isFinite(limit) && limit > 0 ? limit : 3;
}
