import type { INodeProperties } from 'n8n-workflow';

/**
 * The two options every node that can fetch task outputs offers (submitting operations, Task →
 * Get, Wait for Task, Trigger), described once so they read the same everywhere.
 */
export const DOWNLOAD_OUTPUTS_OPTION: INodeProperties = {
	displayName: 'Download Outputs',
	name: 'downloadOutputs',
	type: 'boolean',
	default: false,
	description:
		'Whether to download the output files of succeeded tasks into n8n binary data (streamed). Output URLs expire after about 24 hours.',
};

export const OUTPUT_BINARY_PROPERTY_OPTION: INodeProperties = {
	displayName: 'Binary Property',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	description: 'Name of the binary property downloaded outputs are written to. Several outputs get a suffix: data, data_1, data_2.',
};
