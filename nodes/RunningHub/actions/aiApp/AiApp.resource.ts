import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../resource';
import type { OperationModule } from '../types';
import { OPERATION_OPTIONS } from './aiApp.description';
import * as getInputs from './getInputs.operation';
import * as run from './run.operation';

export const operations: Record<string, OperationModule> = { run, getInputs };

export const description: INodeProperties[] = [
	operationProperty('aiApp', 'run', OPERATION_OPTIONS),
	...run.description,
	...getInputs.description,
];
