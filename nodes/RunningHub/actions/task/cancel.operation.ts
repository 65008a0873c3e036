import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RunningHubClient } from '../../../core/api/client';
import { CANCEL_CONCURRENCY, cancelTask } from '../../../core/run/cancel';
import { runPerItem } from '../../../core/run/items';
import { readId } from '../../../core/validation';
import { TASK_ID } from './common.description';

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['cancel'] } },
	[TASK_ID] as INodeProperties[],
);

/**
 * Cancels a queued or running task (stops its billing) and reports what the cancel did: the
 * status is read before and after, so a task that had already ended is reported as such, and one
 * that was running and is FAILED or CANCEL afterwards as cancelled (by this node).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = new RunningHubClient(this);
	return await runPerItem(this, {
		concurrency: CANCEL_CONCURRENCY,
		prepare: (i) => readId(this, 'taskId', 'Task ID', i),
		run: async (taskId, i) => {
			const report = await cancelTask(client, taskId, i);
			const status = report.status || report.statusBefore;
			const message = !report.cancelSent
				? `The task had already ended (${report.statusBefore}) before the cancel, so nothing was stopped.`
				: report.state === 'succeeded'
					? `The task finished (${status}) before the cancel arrived, so nothing was stopped.`
					: report.state === 'pending'
						? `RunningHub accepted the cancel, but the task still reports ${status}: check it again with Task → Get.`
						: report.state === 'unknown'
							? 'RunningHub accepted the cancel, but the task could not be read afterwards: check it with Task → Get.'
							: undefined;
			return {
				json: {
					taskId,
					cancelled: report.cancelSent && report.state !== 'succeeded',
					status,
					state: report.state,
					...(report.statusBefore && report.cancelSent ? { statusBefore: report.statusBefore } : {}),
					...(message ? { message } : {}),
				},
			};
		},
	});
}
