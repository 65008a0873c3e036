import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RunningHubClient } from '../../../core/api/client';
import type { UploadResult } from '../../../core/api/client';
import { apiError, inputError, runningHubCodeOf } from '../../../core/api/errors';
import type { BinaryInput } from '../../../core/media/binary';
import {
	LEGACY_UPLOAD_LIMIT_BYTES,
	assertHttpUrl,
	extensionOf,
	mimeTypeFor,
	readBinaryInput,
	uploadFile,
} from '../../../core/media/binary';
import { runPerItem } from '../../../core/run/items';
import { readRequiredString } from '../../../core/validation';
import { MAX_DOWNLOAD_SIZE_OPTION } from '../../../core/run/outputOptions';
import { asNodeError, checkBinaryProperty, downloadUrlInput, formatBytes } from './source';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Type',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Binary File', value: 'binary', description: 'A file from a previous node (n8n binary data)' },
			{ name: 'URL', value: 'url', description: 'A file at a public http(s) URL: the node downloads it, then uploads it' },
		],
		default: 'binary',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { source: ['binary'] } },
		hint: 'The name of the input binary field containing the file to be uploaded',
	},
	{
		displayName: 'File URL',
		name: 'fileUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/clip.mp4',
		displayOptions: { show: { source: ['url'] } },
		description: 'Public http(s) URL of the file to upload',
	},
	{
		displayName: 'Options',
		name: 'uploadOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Fall Back to Legacy Upload',
				name: 'legacyFallback',
				type: 'boolean',
				default: true,
				description:
					'Whether to use the legacy upload when the new upload refuses the file (too large, or not offered on this site). The legacy upload takes files up to 30 MB and returns a file name for ComfyUI loader nodes, but no download URL.',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. portrait.png',
				description:
					'Name to upload the file under, with its extension. Defaults to the binary data\'s file name, or the last part of the URL.',
			},
			{
				...MAX_DOWNLOAD_SIZE_OPTION,
				description: 'Largest file the node downloads from File URL, in MB; a larger one fails the item instead of filling n8n\'s memory. 0 = no limit.',
				displayOptions: { show: { '/source': ['url'] } },
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['upload'] } }, properties);

interface UploadOptions {
	legacyFallback?: boolean;
	fileName?: string;
}

type Source = { kind: 'binary'; propertyName: string } | { kind: 'url'; url: string };

interface Prepared {
	source: Source;
	allowLegacy: boolean;
	fileName?: string;
}

const SIZE_CODES = ['1008', '809'];

/**
 * Uploads a file to RunningHub: the new v2 upload (download URL + file name), falling back to
 * the legacy upload (file name only, 30 MB) where the new one refuses the file.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = new RunningHubClient(this);
	return await runPerItem<Prepared>(this, {
		concurrency: 3,
		prepare: (i) => {
			const kind = this.getNodeParameter('source', i, 'binary') as string;
			const options = this.getNodeParameter('uploadOptions', i, {}) as UploadOptions;
			const fileName = options.fileName?.trim() || undefined;
			if (fileName && /[\\/]/.test(fileName)) {
				throw inputError(this.getNode(), {
					parameter: 'File Name',
					problem: `"${fileName.slice(0, 80)}" contains a path separator`,
					fix: 'Enter a plain file name with its extension, e.g. portrait.png.',
					itemIndex: i,
				});
			}
			let source: Source;
			if (kind === 'url') {
				const url = readRequiredString(this, 'fileUrl', 'File URL', i, 'Enter the public http(s) URL of the file, e.g. https://example.com/clip.mp4.');
				source = { kind: 'url', url: assertHttpUrl(this.getNode(), url, 'File URL', i) };
			} else {
				const propertyName = readRequiredString(
					this,
					'binaryPropertyName',
					'Input Binary Field',
					i,
					'Enter the name of the binary property that holds the file, e.g. data.',
				);
				checkBinaryProperty(this, i, propertyName, 'Input Binary Field');
				source = { kind: 'binary', propertyName };
			}
			return { source, allowLegacy: options.legacyFallback ?? true, fileName };
		},
		run: async (prepared, i) => {
			const parameter = prepared.source.kind === 'url' ? 'File URL' : 'Input Binary Field';
			const input: BinaryInput =
				prepared.source.kind === 'url'
					? await downloadUrlInput(this, prepared.source.url, i, 'File URL')
					: await readBinaryInput(this, i, prepared.source.propertyName, 'Input Binary Field');
			if (prepared.fileName) {
				input.fileName = prepared.fileName;
				const byName = mimeTypeFor(extensionOf(prepared.fileName));
				if (byName && input.mimeType === 'application/octet-stream') input.mimeType = byName;
			}
			if (input.size === 0) {
				throw inputError(this.getNode(), {
					parameter,
					problem: 'the file is empty (0 bytes)',
					fix: 'Check the node that produced the file; RunningHub cannot use an empty file.',
					itemIndex: i,
				});
			}
			let uploaded: UploadResult;
			try {
				uploaded = await uploadFile(client, input, { itemIndex: i, allowLegacy: prepared.allowLegacy });
			} catch (error) {
				throw sizeRefusal(this, error, input, prepared.allowLegacy, i) ?? asNodeError(this.getNode(), error, i);
			}
			const json: IDataObject = {
				downloadUrl: uploaded.downloadUrl,
				fileName: uploaded.fileName,
				size: uploaded.size ?? input.size,
				type: uploaded.type,
				endpoint: uploaded.endpoint,
				sourceFileName: input.fileName,
				mimeType: input.mimeType,
			};
			if (uploaded.endpoint === 'legacy') {
				json.message =
					'The new upload refused the file, so it went through the legacy upload: use fileName in ComfyUI loader nodes (LoadImage, LoadAudio, LoadVideo); there is no download URL for model URL fields.';
			}
			return { json };
		},
	});
}

/** A size refusal, rewritten to say the file's size and both uploads' limits; undefined for other errors. */
function sizeRefusal(
	ctx: IExecuteFunctions,
	error: unknown,
	input: BinaryInput,
	allowLegacy: boolean,
	itemIndex: number,
) {
	const code = runningHubCodeOf(error);
	const httpCode = String((error as { httpCode?: unknown })?.httpCode ?? '');
	if (!(code && SIZE_CODES.includes(code)) && httpCode !== '413') return undefined;
	const overLegacy = input.size > LEGACY_UPLOAD_LIMIT_BYTES;
	const limits =
		'Limits: the new upload\'s limit is not published by RunningHub (it refused this file); the legacy upload takes at most 30 MB.';
	const advice = overLegacy
		? 'Use a smaller or compressed file, or host it elsewhere (e.g. S3 or a public drive link) and pass its public URL to the model\'s URL field instead of uploading it.'
		: allowLegacy
			? 'Use a smaller or compressed file, or host it elsewhere and pass its public URL to the model instead.'
			: 'Turn on Options → Fall Back to Legacy Upload (up to 30 MB; returns a file name for ComfyUI loader nodes but no download URL), use a smaller file, or host it elsewhere and pass its public URL to the model.';
	return apiError(ctx.getNode(), {
		endpoint: 'file upload',
		code: code ?? undefined,
		httpCode: httpCode ? Number(httpCode) : undefined,
		itemIndex,
		message: `RunningHub refused "${input.fileName}" (${formatBytes(input.size)}) as too large`,
		hint: `${limits} ${advice}`,
	});
}
