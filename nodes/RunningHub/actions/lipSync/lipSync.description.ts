import type { INodeProperties } from 'n8n-workflow';

import { defaultChangedIn } from '../../../core/version';

import { MEDIA_SUBMIT_OPTIONS, WAIT_FOR_COMPLETION } from '../../../core/run/submitOptions';
import { voiceProperties } from '../helpers/voice';
import {
	AUDIO_URL,
	VIDEO_BINARY_PROPERTY,
	VIDEO_URL,
	audioBinaryProperty,
	videoSource,
	volume,
} from './common.description';

const whenText = { show: { audioSource: ['text'] } };

const SOUND_START_TIME: INodeProperties = {
	displayName: 'Sound Start Time (Milliseconds)',
	name: 'soundStartTime',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 60000 },
	default: 0,
	description: 'Where in the audio to start, in milliseconds; the audio before it is cut. By default 0.',
};

/** Version 1: Sound End Time is 5000 once added, and a Sound Insert Time of 0 means 0 ms (kept for saved workflows). */
const OPTIONS_V1: INodeProperties[] = [
	volume('Original Audio Volume'),
	{
		displayName: 'Sound End Time (Milliseconds)',
		name: 'soundEndTime',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60000 },
		default: 5000,
		description:
			'Where in the audio to stop, in milliseconds. Not added: the end of the audio, or earlier where the face\'s window ends. Needed when the audio\'s length cannot be measured.',
	},
	{
		displayName: 'Sound Insert Time (Milliseconds)',
		name: 'soundInsertTime',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60000 },
		default: 0,
		description: 'Where on the video the audio starts, in milliseconds. Not added: where the chosen face\'s window starts.',
	},
	SOUND_START_TIME,
	volume('Sound Volume'),
];

/** Version 2: 0 means "work it out" for both, so adding an option never changes the result by itself. */
const OPTIONS_V2: INodeProperties[] = [
	volume('Original Audio Volume'),
	{
		displayName: 'Sound End Time (Milliseconds)',
		name: 'soundEndTime',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60000 },
		default: 0,
		description:
			'Where in the audio to stop, in milliseconds. 0 (the default) means the end of the audio, or earlier where the face\'s window ends. Needed when the audio\'s length cannot be measured.',
	},
	{
		displayName: 'Sound Insert Time (Milliseconds)',
		name: 'soundInsertTime',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60000 },
		default: 0,
		description:
			'Where on the video the audio starts, in milliseconds. 0 (the default) means where the chosen face\'s window starts. To place the audio freely, use Create Lip-Sync Video.',
	},
	SOUND_START_TIME,
	volume('Sound Volume'),
];

const LIP_SYNC_OPTIONS: INodeProperties[] = defaultChangedIn(
	2,
	{ displayName: 'Lip-Sync Options', name: 'lipSyncOptions', type: 'collection', placeholder: 'Add Option', default: {}, options: OPTIONS_V1 },
	{},
	{ options: OPTIONS_V2 },
);

export const properties: INodeProperties[] = [
	{
		displayName:
			'Makes the person in a video speak a text or an audio file: identifies the faces, picks one, speaks the text (Text to Speech), works out the timings and creates the lip-synced video. The first steps always run to completion (Max Wait applies to each step); Wait for Completion applies to the final video.',
		name: 'lipSyncNotice',
		type: 'notice',
		default: '',
	},
	videoSource({ withVideoId: false }),
	VIDEO_BINARY_PROPERTY,
	VIDEO_URL,
	{
		displayName: 'Audio Source',
		name: 'audioSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: 'Audio from a previous node (n8n binary data), uploaded to RunningHub for you',
			},
			{ name: 'Text to Speech', value: 'text', description: 'Speak a text with a Kling voice' },
			{ name: 'URL', value: 'url', description: 'Audio at a public http(s) URL' },
		],
		default: 'text',
		description: 'What the person in the video says',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Hello, and welcome to our channel!',
		displayOptions: whenText,
		description: 'The text to speak, up to 1000 characters, in the voice\'s language. The speech must last 2–60 seconds.',
	},
	...voiceProperties(whenText),
	AUDIO_URL,
	audioBinaryProperty('Audio Input Binary Field', 'audio'),
	{
		displayName: 'Face',
		name: 'faceSelection',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'By Face ID', value: 'faceId', description: 'The face with this ID (as Identify Faces lists it)' },
			{ name: 'By Position', value: 'index', description: 'The face at this position in the list, 0 being the first' },
			{
				name: 'Longest Visible',
				value: 'longest',
				description: 'The face that can be lip-synced for the longest time',
			},
		],
		default: 'longest',
		description: 'Which face speaks when the video shows several',
	},
	{
		displayName: 'Face Position',
		name: 'faceIndex',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		displayOptions: { show: { faceSelection: ['index'] } },
		description: 'Position of the face in the list Identify Faces returns, 0 being the first',
	},
	{
		displayName: 'Face ID',
		name: 'faceId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 0',
		displayOptions: { show: { faceSelection: ['faceId'] } },
		description: 'The ID of the face, as Identify Faces lists it',
	},
	{
		...WAIT_FOR_COMPLETION,
		description:
			'Whether to wait for the lip-synced video and return it. Face identification and text to speech always run to completion first (the video needs their results); turned off, the lip-sync task ID is returned as soon as it is submitted.',
	},
	...LIP_SYNC_OPTIONS,
	MEDIA_SUBMIT_OPTIONS,
];
