/**
 * Cancelling tasks on RunningHub: Task → Cancel, and the best-effort cancels of tasks the node
 * abandons (Stop, Max Wait set to cancel, a batch that fails). Each cancel reads the task before
 * and after, so the report says what the cancel really did.
 */
import { RunningHubClient } from '../api/client';
import { withoutCancelSignal } from '../api/context';
import type { TaskResult, TaskState } from '../tasks/task';
import { isTerminal } from '../tasks/task';
import type { RunningHubContext } from '../api/context';
import { createLimiter } from './limit';

/** What one cancel did. */
export interface CancelReport {
	taskId: string;
	/** The status before the cancel ('' when it could not be read). */
	statusBefore: string;
	/** The status and state read after the cancel (the ones before when no cancel was sent). */
	status: string;
	state: TaskState | 'unknown';
	/** True when the task was still running and the cancel ended it (FAILED or CANCEL afterwards). */
	cancelledByUs: boolean;
	/** True when a cancel was sent and RunningHub accepted it. */
	cancelSent: boolean;
	/** The task as read after the cancel (outputs included, should it have finished first). */
	task?: TaskResult;
	/** Why the cancel failed, for best-effort cancels. */
	error?: Error;
}

/** A task the node abandons, with what it knew of it last. */
export interface AbandonedTask {
	taskId: string;
	itemIndex: number;
	status: string;
	state: TaskState;
}

/** Cancels at once, at most (polls and cancels never all go out together). */
export const CANCEL_CONCURRENCY = 5;
/** Best-effort cancels start within this time; later ones are skipped (and reported). */
export const CLEANUP_BUDGET_MS = 30_000;
/** Longest single request of a best-effort cancel. */
const CLEANUP_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Cancels one task and reports what happened: a task that had already ended is left alone; one
 * that was running and is FAILED or CANCEL afterwards was cancelled by us (RunningHub reports
 * some cancelled tasks as FAILED). A task that cannot be read first is cancelled anyway: the
 * cancel's own answer (e.g. 807 unknown task) is the one to report.
 */
export async function cancelTask(
	client: RunningHubClient,
	taskId: string,
	itemIndex?: number,
	known?: { status: string; state: TaskState },
): Promise<CancelReport> {
	const before = known ?? (await client.query(taskId, itemIndex).catch(() => undefined));
	if (before && isTerminal(before.state)) {
		return { taskId, statusBefore: before.status, status: before.status, state: before.state, cancelledByUs: false, cancelSent: false };
	}
	await client.cancel(taskId, itemIndex);
	const after = await client.query(taskId, itemIndex).catch(() => undefined);
	const state = after?.state ?? 'unknown';
	return {
		taskId,
		statusBefore: before?.status ?? '',
		status: after?.status ?? '',
		state,
		// It was running (or unreadable) before, so ending without success now is the cancel's doing.
		cancelledByUs: state === 'failed' || state === 'cancelled',
		cancelSent: true,
		...(after ? { task: after } : {}),
	};
}

/**
 * Best-effort cancels of abandoned tasks: a few at a time, started within a time budget, short
 * request timeouts, never throwing (a failed cancel is reported in its entry). They go out even
 * after Stop (see withoutCancelSignal).
 */
export async function cancelAbandoned(ctx: RunningHubContext, tasks: AbandonedTask[], budgetMs = CLEANUP_BUDGET_MS): Promise<CancelReport[]> {
	if (!tasks.length) return [];
	const client = new RunningHubClient(detachedFromCancel(ctx), { retry: { maxAttempts: 2, capacityMaxWaitMs: 5_000 } });
	const limit = createLimiter(CANCEL_CONCURRENCY);
	const until = client.transport.now() + budgetMs;
	return await Promise.all(
		tasks.map((t) =>
			limit(async (): Promise<CancelReport> => {
				const unsent = { taskId: t.taskId, statusBefore: t.status, status: t.status, state: t.state, cancelledByUs: false, cancelSent: false };
				if (client.transport.now() > until) {
					return { ...unsent, error: new Error(`not sent: the ${Math.round(budgetMs / 1000)} s allowed for cancelling had passed`) };
				}
				try {
					return await cancelTask(client, t.taskId, t.itemIndex, { status: t.status, state: t.state });
				} catch (error) {
					return { ...unsent, error: error as Error };
				}
			}),
		),
	);
}

/** The context for best-effort cancels: not aborted by Stop, and with short request timeouts. */
function detachedFromCancel(ctx: RunningHubContext): RunningHubContext {
	return withoutCancelSignal(ctx, {
		...ctx.helpers,
		httpRequestWithAuthentication(this: unknown, type: string, options: Parameters<RunningHubContext['helpers']['httpRequestWithAuthentication']>[1]) {
			const timeout = Math.min(options.timeout ?? CLEANUP_REQUEST_TIMEOUT_MS, CLEANUP_REQUEST_TIMEOUT_MS);
			return ctx.helpers.httpRequestWithAuthentication.call(this, type, { ...options, timeout });
		},
	});
}
