import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../resource';
import type { OperationModule } from '../types';
import * as getInputs from './getInputs.operation';
import * as run from './run.operation';
import { OPERATION_OPTIONS } from './workflow.description';

export const operations: Record<string, OperationModule> = { run, getInputs };

export const description: INodeProperties[] = [
	operationProperty('workflow', 'run', OPERATION_OPTIONS),
	...run.description,
	...getInputs.description,
];
