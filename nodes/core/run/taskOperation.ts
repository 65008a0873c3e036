import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { RunningHubClient } from '../api/client';
import type { TaskOutput, TaskResult } from '../tasks/task';
import { resolveConcurrency, runPerItem } from './items';
import { downloadOutputs } from '../media/outputs';
import { settleTask, taskJson } from './settle';
import { addHintOnce } from './hints';
import { submittedAtField, taskOutputOf, withoutEmpty } from './simplify';
import { nodeVersion } from '../version';
import type { OutputsKind, SubmitOptions } from './submitOptions';
import { chosenConcurrency, readSubmitOptions } from './submitOptions';

export interface TaskOperationSpec<P> {
	/** Reads and validates one item (throw input errors here: nothing has been sent yet). */
	prepare(itemIndex: number, options: SubmitOptions): Promise<P> | P;
	/** Submits the item's task; include `options.webhookUrl` in the body where the endpoint takes it. */
	submit(client: RunningHubClient, prepared: P, itemIndex: number, options: SubmitOptions): Promise<TaskResult>;
	/** Operation-specific fields added to the output (e.g. `audioId` for text to speech). */
	format?(task: TaskResult, prepared: P, itemIndex: number): IDataObject | Promise<IDataObject>;
	/** Which outputs Download Outputs fetches (default: every output with a URL). */
	downloadable?(output: TaskOutput): boolean;
	/** 'media': Download Outputs is on by default from version 2 (see submitOptions). */
	outputs?: OutputsKind;
}

/** Version 2 says in the output pane, not in the data, why a task came back unfinished. */
export const NOT_WAITED_HINT =
	'Submitted without waiting: use the task ID with Task → Get, the RunningHub Wait for Task node or the RunningHub Trigger.';

/**
 * The shape of every single-task operation: validate all items, submit up to the concurrency
 * limit, wait as the options say, shape the output, download files. Items that stop waiting
 * keep their task ID and status instead of being lost.
 */
export async function runTaskOperation<P>(ctx: IExecuteFunctions, spec: TaskOperationSpec<P>): Promise<INodeExecutionData[]> {
	const client = new RunningHubClient(ctx);
	const concurrency = await resolveConcurrency(client, chosenConcurrency(ctx));
	return await runPerItem(ctx, {
		concurrency,
		prepare: async (i) => {
			const options = readSubmitOptions(ctx, i, spec.outputs);
			return { options, prepared: await spec.prepare(i, options) };
		},
		run: async ({ options, prepared }, i) => {
			const submitted = await spec.submit(client, prepared, i, options);
			const submittedAt = client.transport.now();
			const task = await settleTask(client, submitted, options, i);
			const extra = task.state === 'succeeded' && spec.format ? await spec.format(task, prepared, i) : {};
			let json: IDataObject;
			if (nodeVersion(ctx) < 2) {
				// Version 1 keeps its first shape.
				json = {
					...taskJson(task, options, task),
					...extra,
					...(task.timedOut ? { timedOut: true, message: task.message } : {}),
					...(!options.waitForCompletion ? { message: NOT_WAITED_HINT } : {}),
				};
			} else {
				// Version 2: the shared task shape (simplify.ts); why it is unfinished goes to a hint, not the data.
				json = withoutEmpty({
					...(await taskOutputOf(client, task, options.simplify)),
					...extra,
					...(task.timedOut ? { timedOut: true } : {}),
					...submittedAtField(task, submittedAt),
					...(options.includeRaw ? { raw: task as unknown as IDataObject } : {}),
				});
				const hint = task.timedOut ? task.message : !options.waitForCompletion ? NOT_WAITED_HINT : undefined;
				if (hint) addHintOnce(ctx, hint);
			}
			const binary =
				options.downloadOutputs && task.state === 'succeeded'
					? await downloadOutputs(ctx, task, options.binaryPropertyName, i, spec.downloadable)
					: undefined;
			return { json, ...(binary && Object.keys(binary).length ? { binary } : {}) };
		},
	});
}
