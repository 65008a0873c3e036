import type { IDataObject } from 'n8n-workflow';

import type { RunningHubClient } from '../api/client';
import { apiError, errorInBrief } from '../api/errors';
import type { TaskResult } from '../tasks/task';
import { failureText } from '../tasks/task';
import { waitForTasks } from '../tasks/wait';
import { batchOf } from './batch';
import { cancelAbandoned } from './cancel';
import type { SubmitOptions } from './submitOptions';

/** A task as the user sees it: compact by default, with the raw answer on request. */
export function taskJson(task: TaskResult, options?: Pick<SubmitOptions, 'includeRaw'>, raw?: unknown): IDataObject {
	return {
		taskId: task.taskId,
		status: task.status,
		state: task.state,
		outputs: task.outputs as unknown as IDataObject[],
		...(task.errorCode ? { errorCode: task.errorCode } : {}),
		...(task.errorMessage ? { errorMessage: task.errorMessage } : {}),
		...(task.usage ? { usage: task.usage as unknown as IDataObject } : {}),
		...(options?.includeRaw && raw !== undefined ? { raw: raw as IDataObject } : {}),
	};
}

/**
 * Waits for a submitted task as the options say. Resolves with the finished task, or with the
 * still-pending task when the wait timed out and the user asked for the task ID back. A failed
 * or cancelled task, or a timeout set to fail or cancel, throws an error that carries the task ID.
 * The task is tracked in the context's batch (see runPerItem): once the batch stops (Stop, or
 * another item failed the node), the wait ends and the item stops here, before any next step.
 */
export async function settleTask(
	client: RunningHubClient,
	task: TaskResult,
	options: SubmitOptions,
	itemIndex: number,
): Promise<TaskResult & { timedOut?: boolean; message?: string }> {
	const batch = batchOf(client.transport.ctx);
	batch?.track(task, itemIndex);
	let current = task;
	if (options.waitForCompletion && current.state === 'pending' && !batch?.stopReason) {
		const [outcome] = await waitForTasks(client, [{ taskId: task.taskId, itemIndex, task }], {
			maxWaitMs: options.maxWaitMs,
			schedule: options.schedule,
			signal: batch?.signal,
			limit: batch?.polls,
		});
		current = outcome.task ?? current;
		batch?.track(current, itemIndex);
		if (outcome.error) throw outcome.error;
		if (outcome.timedOut) {
			// When reads kept failing (an outage) the status is only the last one known: say why.
			const lastRead = outcome.lastReadError ? ` Reading it kept failing until then: ${errorInBrief(outcome.lastReadError)}.` : '';
			const message = `The task was still ${current.status || 'running'} after ${Math.round(options.maxWaitMs / 1000)} s.${lastRead} It keeps running on RunningHub: read it later with Task → Get or the RunningHub Wait for Task node, using its task ID.`;
			if (options.onTimeout === 'cancel') throw await cancelledAtMaxWait(client, current, options, itemIndex);
			if (options.onTimeout === 'error') {
				const error = apiError(client.transport.node, {
					endpoint: '/openapi/v2/query',
					itemIndex,
					taskId: current.taskId,
					message: 'RunningHub did not finish the task within Max Wait',
					hint: message,
				});
				// The status travels with the task ID, so an error item says where the task was.
				error.context.status = current.status;
				throw error;
			}
			return { ...current, timedOut: true, message };
		}
	}
	// The batch stopped: this item ends here (its task is named and, if running, cancelled).
	if (batch?.stopReason) throw batch.stoppedError(client.transport.node, itemIndex, true);
	if (current.state === 'failed' || current.state === 'cancelled') {
		const error = apiError(client.transport.node, {
			endpoint: '/openapi/v2/query',
			itemIndex,
			taskId: current.taskId,
			code: current.errorCode,
			message: current.state === 'cancelled' ? 'The task was cancelled on RunningHub' : `The RunningHub task failed: ${failureText(current)}`,
			// A code brings its own advice; without one the user still needs to know what to do.
			hint:
				current.state === 'cancelled'
					? 'Someone (or another tool) cancelled it, so it has no outputs. Run the item again if you still need them.'
					: current.errorCode
						? undefined
						: 'See the reason above; fix the inputs it points at and run the item again.',
		});
		error.context.status = current.status;
		throw error;
	}
	return current;
}

/** Max Wait passed and the user chose to cancel: cancel the task (best effort), then fail the item with its ID and final status. */
async function cancelledAtMaxWait(client: RunningHubClient, task: TaskResult, options: SubmitOptions, itemIndex: number): Promise<Error> {
	const [report] = await cancelAbandoned(client.transport.ctx, [{ taskId: task.taskId, itemIndex, status: task.status, state: task.state }]);
	batchOf(client.transport.ctx)?.noteCancel(report);
	const status = report.state === 'unknown' ? task.status : report.status;
	const seconds = Math.round(options.maxWaitMs / 1000);
	const error = apiError(client.transport.node, {
		endpoint: '/task/openapi/cancel',
		itemIndex,
		taskId: task.taskId,
		message: report.error ? 'RunningHub did not finish the task within Max Wait, and the node could not cancel it' : 'RunningHub did not finish the task within Max Wait, so the node cancelled it',
		hint: report.error
			? `The cancel failed (${report.error.message}): the task may still be running and billing. Cancel it with Task → Cancel using its task ID.`
			: report.state === 'succeeded'
				? `It finished just as it was cancelled (${status}): read its outputs with Task → Get using its task ID.`
				: `It was still ${task.status || 'running'} after ${seconds} s and is now ${status || 'cancelled'}. Raise Max Wait if such tasks need longer, and run the item again.`,
	});
	error.context.status = status;
	if (report.cancelledByUs) error.context.cancelledByNode = true;
	return error;
}
