import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import { OPERATION_OPTIONS } from './aiApp.description';
import * as getInputs from './getInputs.operation';
import * as run from './run.operation';

export const operations: Record<string, OperationModule> = { run, getInputs };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['aiApp'] } },
		options: OPERATION_OPTIONS,
		default: 'run',
	},
	...run.description,
	...getInputs.description,
];
