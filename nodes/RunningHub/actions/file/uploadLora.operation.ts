import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RunningHubClient } from '../../../core/api/client';
import { apiError, inputError } from '../../../core/api/errors';
import { runPerItem } from '../../../core/run/items';
import { readRequiredString } from '../../../core/validation';
import { defaultLoraName, digestLora, safetensorsProblem } from './lora';
import { checkBinaryProperty, formatBytes } from './source';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the LoRA file (.safetensors)',
	},
	{
		displayName: 'LoRA Name',
		name: 'loraName',
		type: 'string',
		default: '',
		placeholder: 'e.g. my-style',
		description:
			'Name RunningHub records the LoRA under. Leave empty to use the file name without its extension. The name to use in workflows is the fileName this operation returns.',
	},
	{
		displayName:
			'Use the returned fileName as the LoRA of an RHLoraLoader node in your ComfyUI workflow (Workflow → Run → Node Inputs). Other LoRA loader nodes cannot load files uploaded this way.',
		name: 'loraNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['uploadLora'] } }, properties);

const PARAMETER = 'Input Binary Field';

interface Prepared {
	sourceFileName: string;
	loraName: string;
	md5Hex: string;
	size: number;
	/** The bytes to send: a fresh stream from n8n's binary store, or the in-memory buffer. */
	body(): Promise<Buffer>;
}

/**
 * Uploads a LoRA for the RHLoraLoader node: hashes the file (MD5 is RunningHub's key for it),
 * asks for a presigned URL, and PUTs the file there without the API key.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = new RunningHubClient(this);
	return await runPerItem<Prepared>(this, {
		concurrency: 2,
		// Everything is read and checked here, so a wrong file fails before anything is sent.
		prepare: async (i) => {
			const property = readRequiredString(
				this,
				'binaryPropertyName',
				PARAMETER,
				i,
				'Enter the name of the binary property that holds the LoRA file, e.g. data.',
			);
			checkBinaryProperty(this, i, property, PARAMETER);
			const meta = this.helpers.assertBinaryData(i, property);
			const sourceFileName = meta.fileName ?? property;
			const loraName = readLoraName(this, i, sourceFileName);
			let body: () => Promise<Buffer>;
			let digest;
			if (meta.id) {
				const id = meta.id;
				// A stream, so large files are never held in memory; n8n hands streams to axios as they are.
				body = async () => (await this.helpers.getBinaryStream(id)) as unknown as Buffer;
				digest = await digestLora(await this.helpers.getBinaryStream(id));
			} else {
				const buffer = await this.helpers.getBinaryDataBuffer(i, property);
				body = async () => buffer;
				digest = await digestLora([buffer]);
			}
			const problem = safetensorsProblem(digest.head, digest.size);
			if (problem) {
				throw inputError(this.getNode(), {
					parameter: PARAMETER,
					problem: `"${sourceFileName.slice(0, 80)}" is not a LoRA RunningHub can take: ${problem}`,
					fix: 'RunningHub\'s LoRA upload takes .safetensors files only. Convert .ckpt/.pt LoRAs to safetensors first, and check that the node before this one downloaded the file itself (not a web page).',
					itemIndex: i,
				});
			}
			return { sourceFileName, loraName, md5Hex: digest.md5Hex, size: digest.size, body };
		},
		run: async (prepared, i) => {
			const target = await client.loraUploadUrl(prepared.loraName, prepared.md5Hex, i);
			if (!target.fileName) {
				throw apiError(this.getNode(), {
					endpoint: '/api/openapi/getLoraUploadUrl',
					itemIndex: i,
					message: 'RunningHub returned no file name for the LoRA',
					hint: 'Run the node again; if it keeps failing, upload the LoRA on the RunningHub website.',
				});
			}
			// RunningHub keeps LoRAs by MD5: for a file it already has, it may return the name only.
			const alreadyUploaded = !target.url;
			if (target.url) await putFile(this, target.url, prepared, i);
			const json: IDataObject = {
				fileName: target.fileName,
				loraName: prepared.loraName,
				md5Hex: prepared.md5Hex,
				size: prepared.size,
				sourceFileName: prepared.sourceFileName,
				alreadyUploaded,
			};
			return { json };
		},
	});
}

function readLoraName(ctx: IExecuteFunctions, itemIndex: number, sourceFileName: string): string {
	const entered = String(ctx.getNodeParameter('loraName', itemIndex, '') ?? '').trim();
	const name = entered || defaultLoraName(sourceFileName);
	const parameter = entered ? 'LoRA Name' : PARAMETER;
	const hasControl = [...name].some((c) => c.charCodeAt(0) < 0x20);
	if (!name || /[\\/]/.test(name) || hasControl) {
		throw inputError(ctx.getNode(), {
			parameter,
			problem: entered
				? `"${name.slice(0, 80)}" is not a usable name (it contains a path separator or a control character)`
				: `the file name "${sourceFileName.slice(0, 80)}" gives no usable LoRA name`,
			fix: 'Enter a plain name in LoRA Name, e.g. my-style.',
			itemIndex,
		});
	}
	return name;
}

/** PUTs the file to the presigned URL; the URL carries its own signature, so no credential is sent. */
async function putFile(ctx: IExecuteFunctions, url: string, file: Prepared, itemIndex: number): Promise<void> {
	const endpoint = 'LoRA upload (presigned PUT)';
	let response: { statusCode: number; body: unknown };
	try {
		response = await ctx.helpers.httpRequest({
			method: 'PUT',
			url,
			body: await file.body(),
			headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(file.size) },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 60 * 60_000,
		});
	} catch (error) {
		const e = error as { cause?: { code?: string }; code?: string; message?: string };
		throw apiError(ctx.getNode(), {
			endpoint,
			itemIndex,
			message: `The LoRA file "${file.sourceFileName}" (${formatBytes(file.size)}) could not be uploaded`,
			hint: `Network error: ${e.cause?.code ?? e.code ?? e.message ?? 'unknown'}. Run the node again; the upload link is requested anew each time.`,
		});
	}
	if (response.statusCode < 300) return;
	const storageCode = /<Code>([^<]+)<\/Code>/.exec(String(response.body ?? ''))?.[1];
	throw apiError(ctx.getNode(), {
		endpoint,
		httpCode: response.statusCode,
		itemIndex,
		message: `RunningHub's storage refused the LoRA file "${file.sourceFileName}" (HTTP ${response.statusCode}${storageCode ? ` ${storageCode}` : ''})`,
		hint:
			storageCode === 'BadDigest'
				? 'The bytes received did not match the MD5 computed before the upload (the file changed, or the transfer was damaged). Run the node again.'
				: response.statusCode === 403
					? 'The upload link was refused or has expired (links are valid for a limited time). Run the node again to get a new one.'
					: 'Run the node again later; if it keeps failing, upload the LoRA on the RunningHub website.',
	});
}
