import type { INodeProperties } from 'n8n-workflow';

import { pageIdLocator } from '../../../core/pageId';
import { changedIn } from '../../../core/version';

export const QUICK_APP_ID: INodeProperties = {
	displayName: 'AI App ID',
	name: 'webappId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1957344152277151746',
	description: 'The 19-digit ID of the Quick Create module\'s AI app, as its "Call API" example on RunningHub shows it',
};

/** Version 1: the ID as text; version 2: the same locator as AI App → Run's AI App ID (By ID, By URL). */
export const QUICK_APP_ID_BY_VERSION = changedIn(2, QUICK_APP_ID, {
	...pageIdLocator('aiApp'),
	description: 'The Quick Create module\'s AI app: its 19-digit ID, as its "Call API" example shows it, or the address of its page (…/ai-detail/&lt;ID&gt;)',
});

export const QUICK_CREATE_CODE: INodeProperties = {
	displayName: 'Quick Create Code',
	name: 'quickCreateCode',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 002',
	description: 'The module\'s code (quickCreateCode) from the "Call API" example on the Quick Create module page',
};

export const STYLE: INodeProperties = {
	displayName: 'Style',
	name: 'style',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description: 'The model-library style to run with. Leave empty for modules without styles.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a style…',
			typeOptions: { searchListMethod: 'searchQuickCreateStyles', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 1',
		},
	],
};

/** Where a style's data goes: each input can take one part of the chosen style. */
export const FROM_STYLE_OPTIONS = [
	{ name: 'Nothing (Use Value)', value: 'none' },
	{ name: 'Style Key', value: 'styleKey', description: 'The style\'s key, e.g. input1 (the module\'s style selector)' },
	{ name: 'Trigger Words + Value', value: 'triggerWords', description: 'The style\'s trigger words, then the value (a prompt)' },
	{ name: 'Sample Prompt (When Value Is Empty)', value: 'samplePrompt', description: 'The style\'s sample prompt unless a value is given' },
	{ name: 'LoRA 1 File', value: 'lora1File' },
	{ name: 'LoRA 1 Weight', value: 'lora1Weight' },
	{ name: 'LoRA 2 File', value: 'lora2File' },
	{ name: 'LoRA 2 Weight', value: 'lora2Weight' },
];

export const FIELD_TYPES = ['IMAGE', 'STRING', 'LIST', 'INT', 'SWITCH'];

export const QUICK_INPUTS: INodeProperties = {
	displayName: 'Inputs',
	name: 'quickInputs',
	type: 'fixedCollection',
	placeholder: 'Add Input',
	default: {},
	required: true,
	typeOptions: { multipleValues: true, sortable: true },
	description: 'The module\'s nodeInfoList, as its "Call API" example lists it: one entry per input',
	options: [
		{
			displayName: 'Input',
			name: 'input',
			values: [
				{
					displayName: 'Description',
					name: 'description',
					type: 'string',
					default: '',
					placeholder: 'e.g. prompt',
				},
				{
					displayName: 'Field Name',
					name: 'fieldName',
					type: 'string',
					default: '',
						required:	true,
					placeholder: 'e.g. prompt',
				},
				{
					displayName: 'Field Type',
					name: 'fieldType',
					type: 'options',
					default: '',
				},
				{
					displayName: 'Node ID',
					name: 'nodeId',
					type: 'string',
					default: '',
						required:	true,
					placeholder: 'e.g. 52',
				},
				{
					displayName: 'Node Name',
					name: 'nodeName',
					type: 'string',
					default: '',
						required:	true,
					placeholder: 'e.g. RH_Translator',
				},
				{
					displayName: 'Take From Style',
					name: 'fromStyle',
					type: 'options',
					default: '',
					description: 'Which part of the chosen style this input receives',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: 'e.g. a fox in the snow, or binary:data',
					description: 'The value to send. For IMAGE inputs use <code>binary:&lt;field&gt;</code>	to upload that binary property of the input item;	its RunningHub file name is sent.',
				},
			],
		},
	],
};

export const OPERATION_OPTIONS = [
	{
		name: 'Get Styles',
		value: 'getStyles',
		description: 'List the styles of a Quick Create app: name, preview, trigger words and LoRAs',
		action: 'Get the styles of a Quick Create app',
	},
	{
		name: 'Run',
		value: 'run',
		description: 'Run a Quick Create module with a style and its inputs',
		action: 'Run a Quick Create style',
	},
];
