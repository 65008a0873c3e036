import type { INodeProperties } from 'n8n-workflow';

import { MEDIA_SUBMIT_OPTIONS, WAIT_FOR_COMPLETION } from '../../../core/run/submitOptions';
import { AUDIO_URL, audioBinaryProperty, volume } from './common.description';

export const properties: INodeProperties[] = [
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 865289575831703581',
		description: 'The session ID that Identify Faces returned (sessionId, valid for 24 hours)',
	},
	{
		displayName: 'Face ID',
		name: 'faceId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 0',
		description: 'The face to lip-sync, as Identify Faces lists it (faceId, e.g. of bestFace)',
	},
	{
		displayName: 'Audio Source',
		name: 'audioSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Audio ID (From Text to Speech)',
				value: 'audioId',
				description: 'The audio ID that Audio → Text to Speech returned (made in the last 30 days)',
			},
			{
				name: 'Binary File',
				value: 'binary',
				description: 'Audio from a previous node (n8n binary data), uploaded to RunningHub for you',
			},
			{ name: 'URL', value: 'url', description: 'Audio at a public http(s) URL' },
		],
		default: 'audioId',
		description: 'Where the speech comes from',
	},
	{
		displayName: 'Audio ID',
		name: 'audioId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 865272148167389266',
		displayOptions: { show: { audioSource: ['audioId'] } },
		description: 'The audio ID that Audio → Text to Speech returned (audioId)',
	},
	AUDIO_URL,
	audioBinaryProperty('Input Binary Field', 'data'),
	{
		displayName: 'Sound Start Time (Milliseconds)',
		name: 'soundStartTime',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60000 },
		default: 0,
		description: 'Where in the audio to start, in milliseconds; the audio before it is cut',
	},
	{
		displayName: 'Sound End Time (Milliseconds)',
		name: 'soundEndTime',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60000 },
		default: 0,
		description:
			'Where in the audio to stop, in milliseconds; at least 2000 after Sound Start Time and not past the end of the audio. 0 means the end of the audio, measured from a URL or binary file. An audio ID comes without a length: enter it, e.g. durationMs from Text to Speech with Download Outputs on.',
	},
	{
		displayName: 'Sound Insert Time (Milliseconds)',
		name: 'soundInsertTime',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60000 },
		default: 0,
		description:
			'Where on the video the cut audio starts, in milliseconds. At least 2000 ms of the audio must play while the face is visible, e.g. the face\'s start time from Identify Faces.',
	},
	{
		displayName: 'Face Window',
		name: 'faceWindow',
		type: 'fixedCollection',
		placeholder: 'Add Face Window',
		default: {},
		description:
			'The face\'s lip-sync window from Identify Faces, so the 2-second overlap is checked before anything is paid for. Without it RunningHub checks it.',
		options: [
			{
				displayName: 'Window',
				name: 'window',
				values: [
					{
						displayName: 'Start Time',
						name: 'startMs',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'When the face\'s window starts, in milliseconds (startMs of the face in the Identify Faces output)',
					},
					{
						displayName: 'End Time',
						name: 'endMs',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'When the face\'s window ends, in milliseconds (endMs of the face in the Identify Faces output)',
					},
				],
			},
		],
	},
	volume('Sound Volume'),
	volume('Original Audio Volume'),
	WAIT_FOR_COMPLETION,
	MEDIA_SUBMIT_OPTIONS,
];
