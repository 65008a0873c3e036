import type { INodeProperties } from 'n8n-workflow';

import { SUBMIT_OPTIONS, WAIT_FOR_COMPLETION } from '../../../core/run/submitOptions';
import { VIDEO_BINARY_PROPERTY, VIDEO_ID, VIDEO_URL, videoSource } from './common.description';

export const properties: INodeProperties[] = [
	{
		displayName:
			'Finds the faces in a video and when each can be lip-synced. Pass the session ID and a face ID (with its window) to Create Lip-Sync Video, or use the one-step Lip-Sync operation instead.',
		name: 'identifyFacesNotice',
		type: 'notice',
		default: '',
	},
	videoSource({ withVideoId: true }),
	VIDEO_BINARY_PROPERTY,
	VIDEO_URL,
	VIDEO_ID,
	WAIT_FOR_COMPLETION,
	SUBMIT_OPTIONS,
];
