import type { INodeProperties } from 'n8n-workflow';

export const TASK_ID: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	default: '={{ $json.taskId }}',
	required: true,
	placeholder: 'e.g. 1965432109876543210',
	description: 'The 19-digit ID RunningHub returned when the task was submitted',
};
