import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

// Placeholder: operations of this resource are being written.
export const operations: Record<string, OperationModule> = {};

export const description: INodeProperties[] = [];
