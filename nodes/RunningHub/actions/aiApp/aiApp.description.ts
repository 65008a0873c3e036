import type { INodeProperties } from 'n8n-workflow';

import { INSTANCE_TYPE, USE_PERSONAL_QUEUE } from '../workflow/workflow.description';

export const WEBAPP_ID: INodeProperties = {
	displayName: 'AI App ID',
	name: 'webappId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1937084629516193794',
	description: 'The 19-digit number in the AI app\'s page URL on RunningHub (…/ai-detail/&lt;ID&gt;)',
};

export const APP_INPUTS: INodeProperties = {
	displayName: 'App Inputs',
	name: 'appInputs',
	type: 'fixedCollection',
	placeholder: 'Add App Input',
	default: {},
	typeOptions: { multipleValues: true, sortable: true },
	description: 'Values for the app\'s editable inputs; inputs not listed keep the app\'s defaults',
	options: [
		{
			displayName: 'App Input',
			name: 'input',
			values: [
				{
					displayName: 'Input Name or ID',
					name: 'input',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getAiAppInputs', loadOptionsDependsOn: ['webappId'] },
					default: '',
					required: true,
					description:
						'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					hint: 'With an expression, give nodeId:fieldName, e.g. 10:image',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: 'e.g. a watercolor portrait, or binary:data',
					description:
						'The new value. For image, video and audio inputs use <code>binary:&lt;field&gt;</code> to upload that binary property of the input item; its RunningHub file name is sent.',
				},
			],
		},
	],
};

export const APP_OPTIONS: INodeProperties = {
	displayName: 'App Options',
	name: 'appOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [INSTANCE_TYPE, USE_PERSONAL_QUEUE],
};

export const OPERATION_OPTIONS = [
	{
		name: 'Get Inputs',
		value: 'getInputs',
		description: 'List the app\'s editable inputs with their current values',
		action: 'Get the inputs of an AI app',
	},
	{
		name: 'Run',
		value: 'run',
		description: 'Run a RunningHub AI app with new values for its inputs',
		action: 'Run an AI app',
	},
];
