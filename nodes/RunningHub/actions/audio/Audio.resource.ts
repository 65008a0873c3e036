import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as textToSpeech from './textToSpeech.operation';

export const operations: Record<string, OperationModule> = { textToSpeech };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['audio'] } },
		options: [
			{
				name: 'Text to Speech',
				value: 'textToSpeech',
				description: 'Turn text into speech with a Kling voice (MP3 and an audio ID for lip-sync)',
				action: 'Convert text to speech',
			},
		],
		default: 'textToSpeech',
	},
	...textToSpeech.description,
];
