import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../resource';
import type { OperationModule } from '../types';
import * as get from './get.operation';

export const operations: Record<string, OperationModule> = { get };

export const description: INodeProperties[] = [
	operationProperty('account', 'get', [
		{
			name: 'Get',
			value: 'get',
			description: 'Get the balance, running tasks, key type and concurrency limit',
			action: 'Get account status',
		},
	]),
	...get.description,
];
