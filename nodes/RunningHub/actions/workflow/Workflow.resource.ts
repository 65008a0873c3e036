import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as getInputs from './getInputs.operation';
import * as run from './run.operation';
import { OPERATION_OPTIONS } from './workflow.description';

export const operations: Record<string, OperationModule> = { run, getInputs };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workflow'] } },
		options: OPERATION_OPTIONS,
		default: 'run',
	},
	...run.description,
	...getInputs.description,
];
