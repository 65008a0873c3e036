import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RunningHubClient } from '../../../core/api/client';
import { runPerItem } from '../../../core/run/items';
import { downloadOutputs } from '../../../core/media/outputs';
import { taskJson } from '../../../core/run/settle';
import { readId } from '../../../core/validation';
import { TASK_ID } from './common.description';
import { DOWNLOAD_OUTPUTS_OPTION, MAX_DOWNLOAD_SIZE_OPTION, OUTPUT_BINARY_PROPERTY_OPTION } from '../../../core/run/outputOptions';

const properties: INodeProperties[] = [
	TASK_ID,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			OUTPUT_BINARY_PROPERTY_OPTION,
			DOWNLOAD_OUTPUTS_OPTION,
			{
				displayName: 'Include Raw Response',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description: 'Whether to add RunningHub\'s raw task answer under "raw"',
			},
			MAX_DOWNLOAD_SIZE_OPTION,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['get'] } }, properties);

/** A task's status and normalised outputs; downloads them when asked and the task succeeded. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = new RunningHubClient(this);
	return await runPerItem(this, {
		concurrency: 5,
		prepare: (i) => ({
			taskId: readId(this, 'taskId', 'Task ID', i),
			options: this.getNodeParameter('options', i, {}) as {
				binaryPropertyName?: string;
				downloadOutputs?: boolean;
				includeRaw?: boolean;
			},
		}),
		run: async ({ taskId, options }, i) => {
			const task = await client.query(taskId, i);
			const binary =
				options.downloadOutputs && task.state === 'succeeded'
					? await downloadOutputs(this, task, options.binaryPropertyName?.trim() || 'data', i)
					: undefined;
			return { json: taskJson(task, { includeRaw: options.includeRaw ?? false }, task), ...(binary ? { binary } : {}) };
		},
	});
}
