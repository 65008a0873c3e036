import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RunningHubClient } from '../client';
import { createLimiter } from './limit';

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
 * Runs every input item: first validates all of them (so a bad item fails before anything is
 * paid for), then runs them concurrently up to the limit. Every input item yields output or an
 * error item, in input order, each with its pairedItem.
 */
export async function runPerItem<P>(ctx: IExecuteFunctions, plan: ItemPlan<P>): Promise<INodeExecutionData[]> {
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

	const limit = createLimiter(plan.concurrency);
	await Promise.all(
		prepared.map((p, i) =>
			p === undefined
				? undefined
				: limit(async () => {
						try {
							const out = await plan.run(p.value, i);
							results[i] = Array.isArray(out) ? out : [out];
						} catch (error) {
							errors[i] = error;
						}
					}),
		),
	);

	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		if (errors[i] !== undefined) {
			if (!continueOnFail) throw asNodeError(ctx, errors[i], i);
			output.push({ json: errorJson(errors[i]), pairedItem: { item: i } });
			continue;
		}
		for (const item of results[i] ?? []) output.push({ ...item, pairedItem: { item: i } });
	}
	return output;
}

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	const name = (error as Error)?.constructor?.name;
	if (name === 'NodeApiError' || name === 'NodeOperationError') return error as Error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** The concurrency to use: the user's choice, else the key's limit, else 3. */
export async function resolveConcurrency(client: RunningHubClient, chosen: number): Promise<number> {
	if (chosen > 0) return chosen;
	const status = await client.queueStatus();
	const limit = Number(status?.concurrentLimit);
	return Number.isFinite(limit) && limit > 0 ? limit : 3;
}
