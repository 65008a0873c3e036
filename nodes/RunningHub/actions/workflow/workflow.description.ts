import type { INodeProperties } from 'n8n-workflow';

import { pageIdLocator } from '../../../core/pageId';
import { changedIn, fromVersion } from '../../../core/version';
import { INSTANCE_TYPE, USE_PERSONAL_QUEUE } from '../helpers/machine';

export const WORKFLOW_ID: INodeProperties = {
	displayName: 'Workflow ID',
	name: 'workflowId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1950000000000000001',
	description:
		'The 19-digit number in the workflow\'s page URL on RunningHub. The workflow must have been saved and run once there.',
};

/** Version 1: the ID as text; version 2: a resource locator (By ID, or the page's address By URL). */
export const WORKFLOW_ID_BY_VERSION = changedIn(2, WORKFLOW_ID, {
	...pageIdLocator('workflow'),
	description: 'The workflow saved on RunningHub: its 19-digit ID, or the address of its page. It must have been run once there.',
});

export const NODE_INPUTS: INodeProperties = {
	displayName: 'Node Inputs',
	name: 'nodeInputs',
	type: 'fixedCollection',
	placeholder: 'Add Node Input',
	default: {},
	typeOptions: { multipleValues: true, sortable: true },
	description: 'Values that replace node inputs of the saved workflow for this run. Get Inputs lists the nodes and their fields.',
	options: [
		{
			displayName: 'Node Input',
			name: 'input',
			values: [
				{
					displayName: 'Node ID',
					name: 'nodeId',
					type: 'string',
					default: '',
					required: true,
					placeholder: 'e.g. 6',
					description: 'The ID of the node in the API-format workflow (the number in Get Inputs)',
				},
				{
					displayName: 'Field Name',
					name: 'fieldName',
					type: 'string',
					default: '',
					required: true,
					placeholder: 'e.g. text',
					description: 'The input of that node to set, e.g. text, seed, image',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: 'e.g. a cat on a windowsill, 42, or binary:data',
					description:
						'The new value. Text that looks like a number or true/false is sent as a number or boolean (see Convert Values). <code>binary:&lt;field&gt;</code> uploads that binary property of the input item and sends its RunningHub file name, which ComfyUI loader nodes (LoadImage, LoadAudio, LoadVideo) expect.',
				},
			],
		},
	],
};

/**
 * Version 2 keeps the list under its own name, so nodes saved with it still run; it now sits
 * below the mapper for inputs set by node ID (e.g. when the Workflow ID is an expression).
 */
export const NODE_INPUTS_BY_VERSION = changedIn(2, NODE_INPUTS, {
	displayName: 'Node Inputs by ID',
	placeholder: 'Add Node Input by ID',
	description: 'More inputs, given by node ID and field name (Get Inputs lists them). Node Inputs above is easier when the workflow ID is known.',
});

/** File inputs of the mapper: what they take (the resource mapper shows no field descriptions). */
export const FILE_INPUTS_NOTICE: INodeProperties = {
	displayName:
		'Inputs marked "file" take a URL, a RunningHub file name or <code>binary:&lt;field&gt;</code> (that binary property of the input item is uploaded first). An input left empty keeps the workflow\'s value.',
	name: 'nodeInputsNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: fromVersion(2) },
};

/** Version 2: the workflow's inputs, loaded from its graph, one field per node input. */
export const NODE_INPUT_VALUES: INodeProperties = {
	displayName: 'Node Inputs',
	name: 'nodeInputValues',
	type: 'resourceMapper',
	noDataExpression: true,
	default: { mappingMode: 'defineBelow', value: null },
	displayOptions: { show: fromVersion(2) },
	typeOptions: {
		loadOptionsDependsOn: ['workflowId.value'],
		resourceMapper: {
			resourceMapperMethod: 'getWorkflowFields',
			mode: 'add',
			valuesLabel: 'Node Inputs',
			fieldWords: { singular: 'input', plural: 'inputs' },
			addAllFields: false,
			multiKeyMatch: false,
			supportAutoMap: false,
			noFieldsError: 'This workflow has no node inputs to set',
		},
	},
	description: 'Values that replace node inputs of the saved workflow for this run, loaded from its graph (node title, class and ID in each name)',
};

export const WORKFLOW_OPTIONS: INodeProperties = {
	displayName: 'Workflow Options',
	name: 'workflowOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Add Metadata',
			name: 'addMetadata',
			type: 'boolean',
			default: true,
			description: 'Whether RunningHub writes the workflow and prompt into the metadata of output images',
		},
		{
			displayName: 'Convert Values',
			name: 'convertValues',
			type: 'boolean',
			default: true,
			description:
				'Whether to send values that look like numbers or true/false as numbers and booleans (ComfyUI number and toggle inputs need them). Turn off to send every text value as it is.',
		},
		INSTANCE_TYPE,
		{
			displayName: 'Send Uploads As',
			name: 'uploadValue',
			type: 'options',
			default: 'fileName',
			options: [
				{
					name: 'File Name',
					value: 'fileName',
					description: 'The RunningHub file name, for ComfyUI loader nodes (LoadImage, LoadAudio, LoadVideo)',
				},
				{ name: 'Download URL', value: 'url', description: 'A signed URL (valid about 24 hours), for nodes that load from a URL' },
			],
			description: 'What a binary:&lt;field&gt; value becomes once uploaded',
		},
		USE_PERSONAL_QUEUE,
		{
			displayName: 'Workflow JSON',
			name: 'workflowJson',
			type: 'json',
			default: '',
			description:
				'A full API-format workflow (ComfyUI "Export (API)") that replaces the saved graph for this run; the Workflow ID is still required. Node inputs are checked against it before the run.',
		},
	],
};

export const OPERATION_OPTIONS = [
	{
		name: 'Get Inputs',
		value: 'getInputs',
		description: 'List each node of the workflow with its editable fields and current values',
		action: 'Get the inputs of a workflow',
	},
	{
		name: 'Run',
		value: 'run',
		description: 'Run a ComfyUI workflow saved on RunningHub, with node input overrides',
		action: 'Run a workflow',
	},
];
