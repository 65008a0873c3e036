import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_DOWNLOAD_BYTES, DEFAULT_MAX_DOWNLOAD_MB } from '../media/fetch';
import { checkNumberInRange } from '../validation';

/**
 * The options every node that can fetch task outputs offers (submitting operations, Task →
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
	// n8n's own nodes name this field so (HTTP Request, Read/Write Files).
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	description: 'Name of the binary property downloaded outputs are written to. Several outputs get a suffix: data, data_1, data_2.',
};

export const MAX_DOWNLOAD_SIZE_OPTION: INodeProperties = {
	displayName: 'Max Download Size (MB)',
	name: 'maxDownloadSizeMb',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: DEFAULT_MAX_DOWNLOAD_MB,
	description:
		'Largest output file Download Outputs accepts, in MB; a larger one fails the item with its task ID instead of filling the disk. 0 = no limit.',
};

/** Max Download Size bounds, in MB (0 = no limit; the top is 1 TB). */
const MAX_DOWNLOAD_SIZE_MB = { min: 0, max: 1024 * 1024 };

/**
 * The size cap in bytes from a node's options (the submitting operations' `submitOptions`, the
 * `options` of Task → Get, Wait for Task and the Trigger, File → Upload's `uploadOptions`);
 * 0 = none. A value that is not a
 * number from 0 to 1048576 is an error naming the option. `collection(name)` reads a whole
 * collection with `{}` as fallback (n8n throws for a missing parameter without a fallback).
 */
export function readMaxDownloadBytes(
	node: INode,
	collection: (name: string) => unknown,
	itemIndex = 0,
	collections = ['submitOptions', 'options'],
): number {
	const raw = collections
		.map((name) => (collection(name) as Record<string, unknown> | undefined)?.[MAX_DOWNLOAD_SIZE_OPTION.name])
		.find((value) => value !== undefined);
	if (raw === undefined || raw === null || raw === '') return DEFAULT_MAX_DOWNLOAD_BYTES;
	const megabytes = checkNumberInRange({ getNode: () => node } as IExecuteFunctions, raw, MAX_DOWNLOAD_SIZE_OPTION.displayName, itemIndex, MAX_DOWNLOAD_SIZE_MB);
	return Math.floor(megabytes * 1024 * 1024);
}
