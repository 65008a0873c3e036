import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../resource';
import type { OperationModule } from '../types';
import * as upload from './upload.operation';
import * as uploadLora from './uploadLora.operation';

export const operations: Record<string, OperationModule> = { upload, uploadLora };

export const description: INodeProperties[] = [
	operationProperty('file', 'upload', [
		{
			name: 'Upload',
			value: 'upload',
			description: 'Upload a file from binary data or a URL, for use as a model input or in a ComfyUI loader node',
			action: 'Upload a file',
		},
		{
			name: 'Upload LoRA',
			value: 'uploadLora',
			description: 'Upload a LoRA (.safetensors) for the RHLoraLoader node of ComfyUI workflows',
			action: 'Upload a safetensors file',
		},
	]),
	...upload.description,
	...uploadLora.description,
];
