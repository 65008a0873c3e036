import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as upload from './upload.operation';

export const operations: Record<string, OperationModule> = { upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['file'] } },
		options: [
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload a file from binary data or a URL, for use as a model input or in a ComfyUI loader node',
				action: 'Upload a file',
			},
		],
		default: 'upload',
	},
	...upload.description,
];
