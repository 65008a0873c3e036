import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../resource';
import type { OperationModule } from '../types';
import * as getStyles from './getStyles.operation';
import { OPERATION_OPTIONS } from './quickCreate.description';
import * as run from './run.operation';

export const operations: Record<string, OperationModule> = { run, getStyles };

export const description: INodeProperties[] = [
	operationProperty('quickCreate', 'run', OPERATION_OPTIONS),
	...run.description,
	...getStyles.description,
];
