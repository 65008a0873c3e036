import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../resource';
import type { OperationModule } from '../types';
import * as estimateCost from './estimateCost.operation';
import { MODEL_PROPERTIES, OPERATION_OPTIONS } from './model.description';
import * as run from './run.operation';

export const operations: Record<string, OperationModule> = { run, estimateCost };

export const description: INodeProperties[] = [
	operationProperty('model', 'run', OPERATION_OPTIONS),
	...MODEL_PROPERTIES,
	...run.description,
	...estimateCost.description,
];
