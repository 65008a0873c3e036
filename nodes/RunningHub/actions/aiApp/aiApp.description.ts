import type { INodeProperties } from 'n8n-workflow';

import { pageIdLocator } from '../../../core/pageId';
import { changedIn, fromVersion } from '../../../core/version';
import { INSTANCE_TYPE, USE_PERSONAL_QUEUE } from '../helpers/machine';

export const WEBAPP_ID: INodeProperties = {
	displayName: 'AI App ID',
	name: 'webappId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1937084629516193794',
	description: 'The 19-digit number in the AI app\'s page URL on RunningHub (…/ai-detail/&lt;ID&gt;)',
};

/** Version 1: the ID as text; version 2: a resource locator (By ID, or the app page's address By URL). */
export const WEBAPP_ID_BY_VERSION = changedIn(2, WEBAPP_ID, {
	...pageIdLocator('aiApp'),
	description: 'The AI app on RunningHub: its 19-digit ID, or the address of its page (…/ai-detail/&lt;ID&gt;)',
});

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

/** Version 2 keeps the list under its own name, so nodes saved with it still run. */
export const APP_INPUTS_BY_VERSION = changedIn(2, APP_INPUTS, {
	displayName: 'App Inputs by ID',
	placeholder: 'Add App Input by ID',
	description: 'More inputs, each chosen from the list or given as nodeId:fieldName. App Inputs above is easier when the app ID is known.',
});

export const APP_INPUTS_NOTICE: INodeProperties = {
	displayName:
		'Only the inputs you set are sent; the others keep the app\'s values. Inputs marked "file" take a URL, a RunningHub file name or <code>binary:&lt;field&gt;</code> (that binary property of the input item is uploaded first).',
	name: 'appInputsNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: fromVersion(2) },
};

/** Version 2: the app's editable inputs, loaded from its API call demo, one field per input. */
export const APP_INPUT_VALUES: INodeProperties = {
	displayName: 'App Inputs',
	name: 'appInputValues',
	type: 'resourceMapper',
	noDataExpression: true,
	default: { mappingMode: 'defineBelow', value: null },
	displayOptions: { show: fromVersion(2) },
	typeOptions: {
		loadOptionsDependsOn: ['webappId.value'],
		resourceMapper: {
			resourceMapperMethod: 'getAiAppFields',
			mode: 'add',
			valuesLabel: 'App Inputs',
			fieldWords: { singular: 'input', plural: 'inputs' },
			addAllFields: true,
			multiKeyMatch: false,
			supportAutoMap: false,
			noFieldsError: 'This app lists no editable inputs',
		},
	},
	description: 'Values for the app\'s editable inputs, loaded from its API call demo with their types and current values',
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
