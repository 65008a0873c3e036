import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../resource';
import type { OperationModule } from '../types';
import * as createVideo from './createVideo.operation';
import * as identifyFaces from './identifyFaces.operation';
import * as lipSync from './lipSync.operation';

export const operations: Record<string, OperationModule> = { identifyFaces, createVideo, lipSync };

export const description: INodeProperties[] = [
	operationProperty('lipSync', 'lipSync', [
		{
			name: 'Create Lip-Sync Video',
			value: 'createVideo',
			description: 'Make a face found by Identify Faces speak an audio (a Text to Speech audio ID, a URL or a file)',
			action: 'Create a lip sync video',
		},
		{
			name: 'Identify Faces',
			value: 'identifyFaces',
			description: 'Find the faces in a video and when each can be lip-synced',
			action: 'Identify faces in a video',
		},
		{
			name: 'Lip-Sync',
			value: 'lipSync',
			description: 'Make the person in a video speak a text or an audio file, in one step',
			action: 'Lip sync a video',
		},
	]),
	...identifyFaces.description,
	...createVideo.description,
	...lipSync.description,
];
