import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RunningHubClient } from '../../../core/client';
import { runPerItem } from '../../../core/run/items';
import { readId } from '../../../core/validation';
import { TASK_ID } from './common.description';

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['cancel'] } },
	[TASK_ID] as INodeProperties[],
);

/** Cancels a queued or running task (stops its billing) and reports the status it ended in. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = new RunningHubClient(this);
	return await runPerItem(this, {
		concurrency: 5,
		prepare: (i) => readId(this, 'taskId', 'Task ID', i),
		run: async (taskId, i) => {
			await client.cancel(taskId, i);
			const task = await client.query(taskId, i);
			// RunningHub accepts a cancel for a task that has already ended; say so instead of claiming it stopped.
			const finished = task.state === 'succeeded' || task.state === 'failed';
			return {
				json: {
					taskId,
					cancelled: !finished,
					status: task.status,
					state: task.state,
					...(finished ? { message: `The task had already ended (${task.status}) before the cancel, so nothing was stopped.` } : {}),
				},
			};
		},
	});
}
