import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../resource';
import type { OperationModule } from '../types';
import * as textToSpeech from './textToSpeech.operation';

export const operations: Record<string, OperationModule> = { textToSpeech };

export const description: INodeProperties[] = [
	operationProperty('audio', 'textToSpeech', [
		{
			name: 'Text to Speech',
			value: 'textToSpeech',
			description: 'Turn text into speech with a Kling voice (MP3 and an audio ID for lip-sync)',
			action: 'Convert text to speech',
		},
	]),
	...textToSpeech.description,
];
