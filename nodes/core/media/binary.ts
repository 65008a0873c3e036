import type { IBinaryData, IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiFailure } from '../errors';
import { apiError, inputError, itemSuffix, runningHubCodeOf } from '../errors';
import { DEFAULT_RETRY_POLICY, backoffDelay } from '../retry';
import { abortableSleep } from '../sleep';
import type { RunningHubClient, UploadResult } from '../client';

/** Legacy upload limit (docs/runninghub-api.md §11); the v2 upload documents none. */
export const LEGACY_UPLOAD_LIMIT_BYTES = 30 * 1024 * 1024;

const MIME_BY_EXTENSION: Record<string, string> = {
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	webm: 'video/webm',
	mkv: 'video/x-matroska',
	avi: 'video/x-msvideo',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	m4a: 'audio/mp4',
	flac: 'audio/flac',
	ogg: 'audio/ogg',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
	glb: 'model/gltf-binary',
	obj: 'model/obj',
	fbx: 'application/octet-stream',
	zip: 'application/zip',
	txt: 'text/plain',
	json: 'application/json',
};

export function mimeTypeFor(extension: string | null | undefined): string | undefined {
	return extension ? MIME_BY_EXTENSION[extension.toLowerCase().replace(/^\./, '')] : undefined;
}

export function extensionOf(urlOrName: string): string | undefined {
	const path = urlOrName.split(/[?#]/)[0];
	const match = /\.([A-Za-z0-9]{1,5})$/.exec(path);
	return match ? match[1].toLowerCase() : undefined;
}

/** The last path segment of a URL, decoded, or undefined. */
export function fileNameFromUrl(url: string): string | undefined {
	try {
		const last = new URL(url).pathname.split('/').filter(Boolean).pop();
		return last ? decodeURIComponent(last) : undefined;
	} catch {
		return undefined;
	}
}

export interface BinaryInput {
	data: Blob;
	fileName: string;
	mimeType: string;
	size: number;
}

/** Reads an item's binary property (works in n8n's filesystem binary mode). */
export async function readBinaryInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	parameterName = 'Input Binary Field',
): Promise<BinaryInput> {
	const item = ctx.getInputData()[itemIndex];
	if (!item?.binary?.[propertyName]) {
		const available = Object.keys(item?.binary ?? {});
		throw inputError(ctx.getNode(), {
			parameter: parameterName,
			problem: `the input item has no binary property "${propertyName}"`,
			fix: available.length
				? `Binary properties on this item: ${available.join(', ')}. Enter one of them.`
				: 'This item has no binary data. Read the file first (e.g. with Read/Write Files from Disk, Google Drive or HTTP Request) or use a URL instead.',
			itemIndex,
		});
	}
	const meta = ctx.helpers.assertBinaryData(itemIndex, propertyName);
	const fileName = meta.fileName ?? `${propertyName}.${meta.fileExtension ?? 'bin'}`;
	const mimeType =
		meta.mimeType || mimeTypeFor(extensionOf(fileName)) || 'application/octet-stream';
	let data: Blob;
	if (meta.id) {
		// Stored outside the item (filesystem or S3 mode): read chunk by chunk into one Blob, so a
		// big video is held once, not as a whole Buffer plus the Blob's copy of it.
		const parts: Blob[] = [];
		for await (const chunk of await ctx.helpers.getBinaryStream(meta.id)) parts.push(new Blob([chunk as Uint8Array]));
		data = new Blob(parts, { type: mimeType });
	} else {
		data = new Blob([await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName)], { type: mimeType });
	}
	return { data, fileName, mimeType, size: data.size };
}

/**
 * Uploads a file through the v2 upload; where that refuses the file (size, or the endpoint is
 * missing on this site) falls back to the legacy upload when `allowLegacy` (it returns no URL).
 */
export async function uploadFile(
	client: RunningHubClient,
	input: BinaryInput,
	options: { itemIndex: number; allowLegacy: boolean },
): Promise<UploadResult> {
	// Errors from the client are already user-facing NodeApiErrors; they pass through unchanged.
	let refusal: (Error & { httpCode?: string }) | undefined;
	try {
		return await client.uploadV2(input.data, input.fileName, options.itemIndex);
	} catch (error) {
		refusal = error as typeof refusal;
	}
	const code = runningHubCodeOf(refusal) ?? '';
	const httpCode = String(refusal?.httpCode ?? '');
	const refused =
		['1008', '809', '1001', '1009'].includes(code) || httpCode === '404' || httpCode === '413';
	if (!options.allowLegacy || !refused || input.size > LEGACY_UPLOAD_LIMIT_BYTES) throw refusal;
	return await client.uploadLegacy(input.data, input.fileName, 'input', options.itemIndex);
}

export interface DownloadOptions {
	url: string;
	fileName?: string;
	mimeType?: string;
	itemIndex?: number;
	taskId?: string;
	timeoutMs?: number;
}

type DownloadResponse = {
	statusCode: number;
	headers: Record<string, string>;
	body: { destroy?: () => void };
};

/** Statuses of a download worth trying again: the CDN is briefly overloaded or unwell. */
const RETRY_DOWNLOAD_STATUS = new Set([408, 429, 500, 502, 503, 504]);

async function downloadOnce(
	ctx: Pick<IExecuteFunctions, 'helpers'>,
	request: IHttpRequestOptions,
	options: DownloadOptions,
): Promise<{ response: DownloadResponse } | { failure: ApiFailure; retry: boolean }> {
	const where = { endpoint: 'output download', itemIndex: options.itemIndex, taskId: options.taskId };
	let response: DownloadResponse;
	try {
		response = await ctx.helpers.httpRequest(request);
	} catch (error) {
		const e = error as { cause?: { code?: string }; code?: string; httpCode?: string; message?: string };
		// The reason goes into the description: n8n replaces a message that contains an error code.
		const reason = e.cause?.code ?? e.code ?? e.httpCode ?? e.message ?? 'network error';
		return {
			retry: true,
			failure: {
				...where,
				message: 'The output file could not be downloaded',
				hint: `Network error: ${reason}. The task finished; its outputs can be read again with Task → Get while the URLs are valid (about 24 hours).`,
			},
		};
	}
	if (response.statusCode < 400) return { response };
	response.body?.destroy?.();
	const expired = response.statusCode === 404 || response.statusCode === 403;
	return {
		retry: RETRY_DOWNLOAD_STATUS.has(response.statusCode),
		failure: {
			...where,
			httpCode: response.statusCode,
			message: `The output file could not be downloaded (HTTP ${response.statusCode})`,
			hint: expired
				? 'RunningHub output URLs expire after about 24 hours. Run the task again, or download outputs right after the task finishes.'
				: 'Retry later; the task itself finished and its outputs can be read with Task → Get.',
		},
	};
}

/**
 * Streams a RunningHub output file into n8n binary data. Output URLs are signed CDN links, so
 * no credential is sent with them.
 */
export async function downloadToBinary(
	ctx: Pick<IExecuteFunctions, 'getNode' | 'helpers'>,
	options: DownloadOptions,
): Promise<IBinaryData> {
	const node: INode = ctx.getNode();
	const request: IHttpRequestOptions = {
		method: 'GET',
		url: options.url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: options.timeoutMs ?? 30 * 60_000,
	};
	let response: DownloadResponse;
	for (let attempt = 1; ; attempt++) {
		const result = await downloadOnce(ctx, request, options);
		if ('response' in result) {
			response = result.response;
			break;
		}
		// A network error or a 5xx/429 from the CDN is usually brief, and a GET is safe to repeat.
		if (!result.retry || attempt >= DEFAULT_RETRY_POLICY.maxAttempts) {
			const tried = attempt > 1 ? ` The node tried ${attempt} times.` : '';
			throw apiError(node, { ...result.failure, hint: `${result.failure.hint ?? ''}${tried}` });
		}
		await abortableSleep(backoffDelay('transient', attempt, DEFAULT_RETRY_POLICY));
	}
	const headerType = String(response.headers['content-type'] ?? '')
		.split(';')[0]
		.trim();
	const fileName = options.fileName ?? fileNameFromUrl(options.url) ?? 'output';
	const mimeType =
		options.mimeType ??
		(headerType && headerType !== 'application/octet-stream' ? headerType : undefined) ??
		mimeTypeFor(extensionOf(fileName)) ??
		'application/octet-stream';
	return await ctx.helpers.prepareBinaryData(
		response.body as unknown as Buffer,
		fileName,
		mimeType,
	);
}

/** A clear error for a URL parameter that is not http(s). */
export function assertHttpUrl(
	node: INode,
	value: string,
	parameter: string,
	itemIndex: number,
): string {
	const url = value.trim();
	let ok = false;
	try {
		const parsed = new URL(url);
		ok = parsed.protocol === 'http:' || parsed.protocol === 'https:';
	} catch {
		ok = false;
	}
	if (!ok) {
		throw new NodeOperationError(
			node,
			`${parameter}: "${url.slice(0, 80)}" is not an http(s) URL${itemSuffix(itemIndex)}`,
			{
				description:
					'Enter a public http:// or https:// URL, or switch the input to Binary to upload a file from the workflow.',
				itemIndex,
			},
		);
	}
	return url;
}
