/**
 * One run of an operation over its input items, as far as paid work goes: every task it creates
 * (item, task ID, last known status), and whether it must stop, because the execution was
 * stopped or because an item failed and the node will fail (continue on fail off). Once it
 * stops, nothing new is submitted, waits end, and the tasks still running are cancelled (best
 * effort); the error the node throws names every task, so none is lost.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeLines, itemSuffix } from '../api/errors';
import type { TaskResult, TaskState } from '../tasks/task';
import { isTerminal } from '../tasks/task';
import type { RunningHubContext } from '../api/context';
import { pollConcurrencyFor } from '../tasks/wait';
import type { CancelReport } from './cancel';
import { cancelAbandoned } from './cancel';
import { amountOf } from './cost';
import { createLimiter } from './limit';
import type { SubmitGate } from './submitGate';
import { closeSubmitGate, openSubmitGate } from './submitGate';

export type StopReason = 'stopped' | 'failed';

/** A task this run created, with what is known of it last. */
export interface TrackedTask {
	itemIndex: number;
	taskId: string;
	status: string;
	state: TaskState;
	/** Set once the node tried to cancel it: what that did. */
	cancel?: CancelReport;
	/** What RunningHub charged for it (usage.consumeMoney), once it reports it. */
	cost?: number;
}

/** What a whole run did: for the summary users see after a batch (see batchSummary). */
export interface BatchSummary {
	tasks: number;
	succeeded: number;
	failed: number;
	running: number;
	/** Sum of the charges RunningHub reported, undefined when it reported none. */
	cost?: number;
	durationMs: number;
}

/** How many tasks an error lists by name (the rest are counted, and all are in its context). */
const LISTED_TASKS = 50;

// The batch an execution context is running, so that every task that reaches settleTask (also
// from operations with several steps per item) is tracked without being passed around. Weak and
// cleared when the run ends: nothing is kept between executions.
const batches = new WeakMap<object, BatchRun>();

/** The batch the context is running (see runPerItem), if any. */
export function batchOf(ctx: object): BatchRun | undefined {
	return batches.get(ctx);
}

export class BatchRun implements SubmitGate {
	/** Polls in flight at once across all items of the run (see pollConcurrencyFor). */
	readonly polls: ReturnType<typeof createLimiter>;

	private readonly tasks = new Map<string, TrackedTask>();
	private readonly controller = new AbortController();
	private readonly executionSignal: AbortSignal | undefined;
	private reason: StopReason | undefined;
	private firstFailure: { itemIndex: number; error: unknown } | undefined;
	private readonly onExecutionStopped = () => this.stop('stopped');
	private readonly startedAt = Date.now();

	/** `concurrency`: how many items run at once (bounds the polls in flight, see pollConcurrencyFor). */
	constructor(
		readonly ctx: RunningHubContext,
		concurrency = 0,
	) {
		this.polls = createLimiter(pollConcurrencyFor(concurrency));
		this.executionSignal = ctx.getExecutionCancelSignal?.();
		if (this.executionSignal?.aborted) this.stop('stopped');
		else this.executionSignal?.addEventListener('abort', this.onExecutionStopped, { once: true });
		batches.set(ctx, this);
		openSubmitGate(ctx, this);
	}

	/** Aborts once the run stops: waits end, and items not yet started are not started. */
	get signal(): AbortSignal {
		return this.controller.signal;
	}

	get stopReason(): StopReason | undefined {
		return this.reason;
	}

	/** The first failure that fails the node (continue on fail off). */
	get failure(): { itemIndex: number; error: unknown } | undefined {
		return this.firstFailure;
	}

	/** Records a task (or a newer state of it). */
	track(task: TaskResult, itemIndex: number): void {
		if (!task.taskId) return;
		const known = this.tasks.get(task.taskId);
		const charged = amountOf(task.usage?.consumeMoney);
		// A charge the total can trust: a non-negative amount (never a garbled figure).
		const cost = charged !== undefined && charged >= 0 ? charged : known?.cost;
		this.tasks.set(task.taskId, { ...known, itemIndex, taskId: task.taskId, status: task.status, state: task.state, ...(cost !== undefined ? { cost } : {}) });
	}

	/** The run so far: tasks by outcome, their total charge and the time since it began. */
	summary(now = Date.now()): BatchSummary {
		const tasks = this.list();
		const charged = tasks.filter((t) => t.cost !== undefined);
		return {
			tasks: tasks.length,
			succeeded: tasks.filter((t) => t.state === 'succeeded').length,
			failed: tasks.filter((t) => isTerminal(t.state) && t.state !== 'succeeded').length,
			running: tasks.filter((t) => !isTerminal(t.state)).length,
			...(charged.length ? { cost: Math.round(charged.reduce((sum, t) => sum + (t.cost as number), 0) * 1000) / 1000 } : {}),
			durationMs: Math.max(0, now - this.startedAt),
		};
	}

	/** Every task of the run, in the order they were created. */
	list(): TrackedTask[] {
		return [...this.tasks.values()];
	}

	/** The newest task of an item (the one its error should name). */
	lastTaskOf(itemIndex: number): TrackedTask | undefined {
		return this.list().filter((t) => t.itemIndex === itemIndex).pop();
	}

	/** An item failed and the node will fail: stop everything else. The first failure is kept. */
	fail(itemIndex: number, error: unknown): void {
		if (this.firstFailure) return;
		this.firstFailure = { itemIndex, error };
		this.stop('failed');
	}

	/** Cancels (best effort, bounded) every task of the run still running; the reports land on the tasks. */
	async cancelRunning(): Promise<void> {
		const running = this.list().filter((t) => !isTerminal(t.state) && !t.cancel);
		const reports = await cancelAbandoned(this.ctx, running);
		for (const report of reports) this.noteCancel(report);
	}

	/** Records what a cancel did to one of the run's tasks. */
	noteCancel(report: CancelReport): void {
		const task = this.tasks.get(report.taskId);
		if (!task) return;
		task.cancel = report;
		if (report.state !== 'unknown') {
			task.status = report.status;
			task.state = report.state;
		}
	}

	/** Ends the run: no listener or entry is left behind. */
	close(): void {
		this.executionSignal?.removeEventListener('abort', this.onExecutionStopped);
		batches.delete(this.ctx);
		closeSubmitGate(this.ctx);
	}

	/** The error of an item that stopped because the run stopped (its task, if any, named). */
	stoppedError(node: INode, itemIndex: number, started: boolean): NodeOperationError {
		const task = this.lastTaskOf(itemIndex);
		const why = this.reason === 'failed' ? `item ${this.firstFailure?.itemIndex} failed` : 'the execution was stopped';
		const message = started ? `Stopped: ${why} while this item was running${itemSuffix(itemIndex)}` : `Not started: ${why} first${itemSuffix(itemIndex)}`;
		const description = task
			? `${taskLine(task)}. ${task.state === 'succeeded' ? 'Read its outputs with Task → Get using the task ID.' : 'Run the item again if you still need its result.'}`
			: started
				? 'RunningHub confirmed no task for this item before the stop, so none is known to be paid for. Run it again if you still need it.'
				: 'Nothing was submitted for this item, so nothing was paid for it. Run it again if you still need it.';
		const error = new NodeOperationError(node, message, { description, itemIndex });
		if (task) {
			error.context.taskId = task.taskId;
			error.context.status = task.status;
		}
		return error;
	}

	/**
	 * Adds the run's tasks to the error the node throws, so the user can pick up each of them
	 * (Task → Get): the error keeps its own message; its description lists the tasks (the first
	 * 50, and how many more), its context holds them all.
	 */
	nameTasksIn(error: Error & { description?: string | null; context?: IDataObject }, notStarted: number): void {
		const tasks = this.list();
		// Tasks the error names already (e.g. a step's "Task IDs so far") are not listed twice.
		const named = `${error.message}\n${error.description ?? ''}`;
		if (tasks.every((t) => named.includes(t.taskId)) && !notStarted) return;
		const lines = [
			tasks.length
				? `This run created ${tasks.length} task(s); read the finished ones with Task → Get using their task IDs:`
				: undefined,
			...tasks.slice(0, LISTED_TASKS).map((t) => `- item ${t.itemIndex}: ${taskLine(t)}`),
			tasks.length > LISTED_TASKS ? `- … and ${tasks.length - LISTED_TASKS} more (all of them are in the error's context, under "tasks")` : undefined,
			notStarted ? `${notStarted} item(s) were not started, so nothing was submitted or paid for them.` : undefined,
		].filter((line): line is string => Boolean(line));
		error.description = describeLines([error.description ?? undefined, ...lines]);
		error.context = {
			...(error.context ?? {}),
			tasks: tasks.map((t) => ({
				itemIndex: t.itemIndex,
				taskId: t.taskId,
				status: t.status,
				...(t.cancel?.cancelledByUs ? { cancelledByNode: true } : {}),
			})),
		};
	}

	private stop(reason: StopReason): void {
		if (this.reason) return;
		this.reason = reason;
		this.controller.abort();
	}
}

/** A duration in words: 45 s, 3 min 20 s, 1 h 5 min. */
export function durationWords(ms: number): string {
	const seconds = Math.round(ms / 1000);
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
	return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/**
 * The batch summary shown under the node's output (an execution hint), or undefined for a run
 * of less than two tasks (its item says it all). The charge is wallet money in the account's
 * currency, named when the run already read it (see currencyAlreadyRead), else said to be unknown.
 */
export function batchSummary(summary: BatchSummary, currency?: string): string | undefined {
	if (summary.tasks < 2) return undefined;
	const outcomes = [
		`${summary.succeeded} succeeded`,
		summary.failed ? `${summary.failed} failed` : undefined,
		summary.running ? `${summary.running} still running` : undefined,
	].filter(Boolean);
	const amount = summary.cost?.toFixed(3);
	const cost =
		amount === undefined
			? 'RunningHub reported no charge yet'
			: currency
				? `RunningHub charged ${amount} ${currency} in total (see each item's cost)`
				: `RunningHub charged ${amount} in total, in the account's currency, which RunningHub did not name (see each item's cost)`;
	return `${summary.tasks} RunningHub tasks (${outcomes.join(', ')}) in ${durationWords(summary.durationMs)}. ${cost}.`;
}

/** One task as a line of an error: ID, status, and what the node's cancel did. */
function taskLine(t: TrackedTask): string {
	const status = t.status || t.state;
	const cancel = t.cancel;
	const what = !cancel
		? ''
		: cancel.cancelledByUs
			? ', cancelled by the node'
			: cancel.error
				? `, could not be cancelled (${cancel.error.message}): it may still be running`
				: cancel.cancelSent && cancel.state === 'pending'
					? ', cancel requested'
					: '';
	return `task ${t.taskId} ${status}${what}`;
}
