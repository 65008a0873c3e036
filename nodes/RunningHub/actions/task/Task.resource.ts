import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as cancel from './cancel.operation';
import * as get from './get.operation';

export const operations: Record<string, OperationModule> = { get, cancel };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{ name: 'Cancel', value: 'cancel', description: 'Cancel a queued or running task', action: 'Cancel a task' },
			{ name: 'Get', value: 'get', description: 'Get a task\'s status and outputs', action: 'Get a task' },
		],
		default: 'get',
	},
	...get.description,
	...cancel.description,
];
