import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as getStyles from './getStyles.operation';
import { OPERATION_OPTIONS } from './quickCreate.description';
import * as run from './run.operation';

export const operations: Record<string, OperationModule> = { run, getStyles };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['quickCreate'] } },
		options: OPERATION_OPTIONS,
		default: 'run',
	},
	...run.description,
	...getStyles.description,
];
