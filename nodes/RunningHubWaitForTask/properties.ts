import type { INodeProperties } from 'n8n-workflow';

import { DOWNLOAD_OUTPUTS_OPTION, MAX_DOWNLOAD_SIZE_OPTION, OUTPUT_BINARY_PROPERTY_OPTION } from '../core/run/outputOptions';

const POLL = { show: { mode: ['poll'] } };
const CALLBACK = { show: { mode: ['callback'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Poll',
				value: 'poll',
				description: 'Check the tasks with growing intervals until they finish or Max Wait passes. Works everywhere, holds the execution while waiting.',
			},
			{
				name: 'Resume on Callback',
				value: 'callback',
				description: 'Park the execution (no worker held) until RunningHub calls back. For tasks submitted with "Send Callback to Wait for Task Node".',
			},
		],
		default: 'poll',
	},
	{
		displayName:
			'Submit the tasks with the RunningHub node option "Send Callback to Wait for Task Node" (their webhook URL is then this execution\'s resume URL). n8n must be reachable from RunningHub. This mode has one output: route on <code>{{ $json.waitResult }}</code> (succeeded, failed, stillRunning) with an If or Switch node. If the Time Limit passes first, the items go on unchanged (no waitResult field): check them again with this node in Poll mode.',
		name: 'callbackNotice',
		type: 'notice',
		default: '',
		displayOptions: CALLBACK,
	},
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '={{ $json.taskId }}',
		required: true,
		placeholder: 'e.g. 1965432109876543210',
		description: 'The 19-digit ID of the task to wait for. Each input item names one task; all items are waited for together.',
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 900,
		description: 'How long to wait before sending the unfinished tasks to the Still Running output (they keep running on RunningHub)',
		displayOptions: POLL,
	},
	{
		displayName: 'Time Limit (Minutes)',
		name: 'timeLimitMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description: 'How long the execution may stay parked. When it passes, n8n continues with the input items unchanged (n8n checks parked executions about once a minute).',
		displayOptions: CALLBACK,
	},
	{
		displayName: 'Resume When',
		name: 'resumeWhen',
		type: 'options',
		options: [
			{
				name: 'All Tasks Finished',
				value: 'allFinished',
				description: 'Each callback re-checks every task; the execution continues once none is still running',
			},
			{
				name: 'Any Task Finished',
				value: 'anyFinished',
				description: 'The first callback (or first check) that finds a finished task continues the execution; unfinished tasks come out with waitResult stillRunning',
			},
		],
		default: 'allFinished',
		description: 'A parked execution resumes only once, so with several items this decides when',
		displayOptions: CALLBACK,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			OUTPUT_BINARY_PROPERTY_OPTION,
			{
				displayName: 'Cancel Task at Time Limit',
				name: 'cancelOnTimeLimit',
				type: 'boolean',
				default: false,
				description: 'Whether to cancel tasks at RunningHub (stops billing) when Max Wait passes. Cancelled tasks leave through the Failed output with timedOut and cancelledAtTimeLimit set.',
				displayOptions: { show: { '/mode': ['poll'] } },
			},
			DOWNLOAD_OUTPUTS_OPTION,
			MAX_DOWNLOAD_SIZE_OPTION,
			{
				displayName: 'Max Poll Interval (Seconds)',
				name: 'maxPollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 300 },
				default: 15,
				description: 'Polling starts after 2 s and slows down as the tasks run longer, up to this interval. When not set: 60 s (15 s on nodes made before version 2).',
				displayOptions: { show: { '/mode': ['poll'] } },
			},
		],
	},
];
