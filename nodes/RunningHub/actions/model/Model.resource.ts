import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as estimateCost from './estimateCost.operation';
import { MODEL_PROPERTIES, OPERATION_OPTIONS } from './model.description';
import * as run from './run.operation';

export const operations: Record<string, OperationModule> = { run, estimateCost };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['model'] } },
		options: OPERATION_OPTIONS,
		default: 'run',
	},
	...MODEL_PROPERTIES,
	...run.description,
	...estimateCost.description,
];
