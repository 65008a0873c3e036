import type { INodeProperties } from 'n8n-workflow';

import { fromVersion } from '../../../core/version';

/** Shown for both Run and Estimate Cost. */
const show = { resource: ['model'], operation: ['run', 'estimateCost'] };

export const MODEL_LOCATOR: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	displayOptions: { show },
	description: 'The RunningHub standard model to run. The list is grouped by category and output type; type to search.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a model...',
			typeOptions: { searchListMethod: 'searchModels', searchable: true },
		},
		{
			displayName: 'By Endpoint',
			name: 'endpoint',
			type: 'string',
			placeholder: 'e.g. kling-lip-sync/tts',
			hint: 'The path after /openapi/v2/ in the model\'s API documentation',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^\\s*(https?://[^/\\s]+)?/?(openapi/v2/)?[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*\\s*$',
						errorMessage: 'Enter a model endpoint such as kling-lip-sync/tts',
					},
				},
			],
		},
	],
};

export const BINARY_NOTICE: INodeProperties = {
	displayName:
		'Image, video and audio fields take a public URL or <code>binary:&lt;field&gt;</code>, e.g. <code>binary:data</code>, to upload that binary property of the input item first. Fields marked "one per line" take several values: one per line, a JSON array, or an expression returning an array.',
	name: 'modelMediaNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { resource: ['model'], operation: ['run'] } },
};

/** Before a big batch: where to find out what it will cost and take (Estimate Cost, version 2). */
export const BATCH_NOTICE: INodeProperties = {
	displayName:
		'Running many items? Switch the operation to <b>Estimate Cost</b> first: with the same input it gives each item\'s price and the expected total and number of rounds at your key\'s concurrency, without running anything (an estimate from RunningHub\'s price table).',
	name: 'modelBatchNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { resource: ['model'], operation: ['run'], ...fromVersion(2) } },
};

export const MODEL_PARAMETERS: INodeProperties = {
	displayName: 'Parameters',
	name: 'modelParameters',
	type: 'resourceMapper',
	noDataExpression: true,
	default: { mappingMode: 'defineBelow', value: null },
	required: true,
	displayOptions: { show },
	typeOptions: {
		loadOptionsDependsOn: ['model.value'],
		resourceMapper: {
			resourceMapperMethod: 'getModelFields',
			mode: 'add',
			valuesLabel: 'Model Parameters',
			fieldWords: { singular: 'parameter', plural: 'parameters' },
			addAllFields: true,
			multiKeyMatch: false,
			supportAutoMap: false,
			noFieldsError: 'This model has no parameters to set',
		},
	},
	description: 'The model\'s parameters, loaded from the catalogue for the chosen model',
};

export const MODEL_PROPERTIES: INodeProperties[] = [MODEL_LOCATOR, BINARY_NOTICE, BATCH_NOTICE, MODEL_PARAMETERS];

export const OPERATION_OPTIONS = [
	{
		name: 'Estimate Cost',
		value: 'estimateCost',
		description: 'Estimate what a run would cost from RunningHub\'s price table, without running it',
		action: 'Estimate the cost of a model run',
	},
	{
		name: 'Run',
		value: 'run',
		description: 'Run any RunningHub standard model (video, image, audio, 3D, text) with typed parameters',
		action: 'Run a model',
	},
];
