import type { INode } from 'n8n-workflow';

/** The part of n8n's logger (the `logger` of every node context) the package uses. */
export interface TaskLogger {
	info(message: string, metadata?: Record<string, unknown>): void;
}

/**
 * Names every task RunningHub created in n8n's log the moment its ID is known, before any waiting.
 * In queue mode a worker can die while it waits (killed, out of memory, machine lost); n8n then
 * fails the execution ("This execution failed to be processed too many times") and stores it
 * without any node data, even with EXECUTIONS_DATA_SAVE_ON_PROGRESS. This line in the worker's
 * log is then the one place in n8n that still names the paid task. Only IDs: no key, no URL.
 */
export function logTaskCreated(
	ctx: { logger?: TaskLogger; getExecutionId?(): string },
	node: INode,
	task: { taskId: string; endpoint: string; itemIndex?: number },
): void {
	let executionId = '';
	try {
		executionId = String(ctx.getExecutionId?.() ?? '');
	} catch {
		// some contexts (credential tests, load options) have no execution
	}
	const item = task.itemIndex === undefined ? '' : `, item ${task.itemIndex}`;
	const execution = executionId ? `, execution ${executionId}` : '';
	ctx.logger?.info(`RunningHub task ${task.taskId} created by node "${node.name}" (${task.endpoint}${item}${execution})`, {
		taskId: task.taskId,
		node: node.name,
		itemIndex: task.itemIndex,
		executionId: executionId || undefined,
	});
}
