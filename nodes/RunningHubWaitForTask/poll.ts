import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { RunningHubClient } from '../core/api/client';
import { deadlineAfter } from '../core/api/retry';
import { cancelAbandoned } from '../core/run/cancel';
import { addHintOnce } from '../core/run/hints';
import type { TaskResult } from '../core/tasks/task';
import { isTerminal } from '../core/tasks/task';
import { submittedAtField } from '../core/run/simplify';
import { checkNumberInRange, readNumberInRange } from '../core/validation';
import { DEFAULT_POLL_SCHEDULE, MAX_WAIT_SECONDS, POLL_INTERVAL_SECONDS, maxPollIntervalSecondsDefault, waitForTasks } from '../core/tasks/wait';
import { nodeVersion } from '../core/version';
import type { TaskRead } from './shared';
import {
	attachDownloads,
	downloadContext,
	errorResultJson,
	firstItemIndex,
	readTargets,
	readTasks,
	outputShape,
	resultJson,
	submittedAtOf,
	taskIdsOf,
	waitResultOf,
} from './shared';

export interface PollOptions {
	maxWaitMs: number;
	maxPollIntervalMs: number;
	cancelOnTimeLimit: boolean;
	downloadOutputs: boolean;
	binaryPropertyName: string;
	/** Version 2: the simplified task (simplify.ts). */
	simplify: boolean;
}

/** Reads and checks an item's options; a timing value that is not a number or out of range throws. */
export function readPollOptions(ctx: IExecuteFunctions, itemIndex = 0): PollOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as {
		maxPollIntervalSeconds?: unknown;
		cancelOnTimeLimit?: boolean;
		downloadOutputs?: boolean;
		binaryPropertyName?: string;
		simplify?: boolean;
	};
	const maxWaitSeconds = readNumberInRange(ctx, 'maxWaitSeconds', 'Max Wait (Seconds)', itemIndex, { ...MAX_WAIT_SECONDS, fallback: 900 });
	const interval = options.maxPollIntervalSeconds ?? maxPollIntervalSecondsDefault(nodeVersion(ctx));
	return {
		maxWaitMs: maxWaitSeconds * 1000,
		maxPollIntervalMs: checkNumberInRange(ctx, interval, 'Max Poll Interval (Seconds)', itemIndex, POLL_INTERVAL_SECONDS) * 1000,
		cancelOnTimeLimit: options.cancelOnTimeLimit ?? false,
		downloadOutputs: options.downloadOutputs ?? false,
		binaryPropertyName: options.binaryPropertyName?.trim() || 'data',
		simplify: options.simplify ?? true,
	};
}

interface Settled extends TaskRead {
	timedOut?: boolean;
	cancelled?: boolean;
	cancelError?: string;
}

/**
 * Poll mode: reads every item's task once (finished ones are done at once), then polls the rest
 * together with backoff until they finish or Max Wait passes. Routes each item to Succeeded,
 * Failed (failed, cancelled, unreadable) or Still Running (time limit reached).
 */
export async function executePoll(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// One wait for all items, with the first item's options; each item's own values are checked
	// too, so that a bad one fails that item with an error naming it, before anything is read.
	const perItem = ctx.getInputData().map((_, i) => {
		try {
			return { options: readPollOptions(ctx, i) };
		} catch (error) {
			return { error: error as NodeOperationError };
		}
	});
	const badItem = perItem.find((p) => p.error);
	if (badItem?.error && !ctx.continueOnFail()) throw badItem.error;
	const options = perItem.find((p) => p.options)?.options;
	const targets = readTargets(ctx).map((t) => (perItem[t.itemIndex]?.error ? { ...t, error: perItem[t.itemIndex].error } : t));
	if (!options) return [[], targets.map((t) => ({ json: errorResultJson(t.error, 'poll', t.taskId), pairedItem: { item: t.itemIndex } })), []];
	const client = new RunningHubClient(ctx);
	const itemIndexOf = firstItemIndex(targets);
	const ids = taskIdsOf(targets.filter((t) => !t.error));
	// When the input items say when their tasks were submitted, polls follow each task's schedule
	// from then (core/tasks/wait.ts firstPollAt): the earliest an item gives, for a task named twice.
	const submittedAt = new Map<string, number>();
	for (const t of targets) {
		const at = t.taskId && !t.error ? submittedAtOf(ctx, t) : undefined;
		if (t.taskId && at !== undefined) submittedAt.set(t.taskId, Math.min(at, submittedAt.get(t.taskId) ?? Infinity));
	}

	// Max Wait is one deadline for the node: the first reads count, and so do their retries.
	const deadline = deadlineAfter(client.transport.now(), options.maxWaitMs);
	const settled = new Map<string, Settled>(await readTasks(client, ids, itemIndexOf, deadline));
	const pending = ids.filter((id) => {
		const read = settled.get(id);
		return read?.task && !read.error && !isTerminal(read.task.state);
	});
	if (pending.length) {
		const outcomes = await waitForTasks(
			client,
			pending.map((taskId) => ({ taskId, itemIndex: itemIndexOf(taskId) ?? 0, task: settled.get(taskId)?.task, submittedAt: submittedAt.get(taskId) })),
			{
				maxWaitMs: options.maxWaitMs,
				deadline,
				schedule: { ...DEFAULT_POLL_SCHEDULE, maxIntervalMs: options.maxPollIntervalMs },
			},
		);
		for (const o of outcomes) settled.set(o.taskId, { task: o.task, error: o.error, timedOut: o.timedOut });
	}

	if (options.cancelOnTimeLimit) {
		// A few cancels at a time, bounded in time; a failed one is reported on its item.
		const abandoned = [...settled.entries()].flatMap(([taskId, s]) =>
			s.timedOut && !s.error && s.task ? [{ taskId, itemIndex: itemIndexOf(taskId) ?? 0, status: s.task.status, state: s.task.state }] : [],
		);
		for (const report of await cancelAbandoned(ctx, abandoned)) {
			const s = settled.get(report.taskId) as Settled;
			if (report.cancelSent) s.cancelled = true;
			if (report.error) s.cancelError = report.error.message;
			// Re-read after the cancel: the task may have finished just before it arrived.
			if (report.task) s.task = report.task;
		}
	}

	const continueOnFail = ctx.continueOnFail();
	const succeeded: INodeExecutionData[] = [];
	const failed: INodeExecutionData[] = [];
	const stillRunning: INodeExecutionData[] = [];
	const forDownload: Array<{ item: INodeExecutionData; task?: TaskResult; itemIndex: number }> = [];

	const shape = await outputShape(client, nodeVersion(ctx), options.simplify, [...settled.values()].map((s) => s.task));
	for (const target of targets) {
		const pairedItem = { item: target.itemIndex };
		const s = target.taskId ? settled.get(target.taskId) : undefined;
		const error = target.error ?? s?.error;
		if (error || !s?.task) {
			// Read errors are user-facing NodeApiErrors; they fail the node unless it continues on fail.
			if (!continueOnFail) throw error ?? new NodeOperationError(ctx.getNode(), `Task ${target.taskId} could not be read [item ${target.itemIndex}]`);
			failed.push({ json: errorResultJson(error, 'poll', target.taskId), pairedItem });
			continue;
		}
		const task = s.task;
		const extra: IDataObject = {};
		if (s.timedOut) {
			extra.timedOut = true;
			if (task.state === 'pending') {
				extra.message = `The task was still ${task.status || 'running'} after ${Math.round(options.maxWaitMs / 1000)} s (Max Wait). It keeps running on RunningHub: wait for it again with its task ID.`;
				// Version 2 says it in the output pane (resultJson keeps prose out of the data).
				if (shape.version >= 2) addHintOnce(ctx, String(extra.message));
			}
		}
		// Version 2: a task still running keeps its submit time, for a next Wait for Task.
		if (shape.version >= 2) Object.assign(extra, submittedAtField(task, submittedAt.get(task.taskId)));
		if (s.cancelled) extra.cancelledAtTimeLimit = true;
		if (s.cancelError) extra.cancelError = s.cancelError;
		const item: INodeExecutionData = { json: resultJson(task, 'poll', extra, shape), pairedItem };
		const result = waitResultOf(task.state);
		(result === 'succeeded' ? succeeded : result === 'failed' ? failed : stillRunning).push(item);
		if (options.downloadOutputs) forDownload.push({ item, task, itemIndex: target.itemIndex });
	}

	if (forDownload.length) {
		let firstError: unknown;
		await attachDownloads(downloadContext(ctx), forDownload, options.binaryPropertyName, (error, entry) => {
			if (!continueOnFail) {
				firstError ??= error;
				return;
			}
			entry.item.json = { ...entry.item.json, downloadError: (error as Error).message };
		});
		if (firstError) throw firstError;
	}
	return [succeeded, failed, stillRunning];
}
