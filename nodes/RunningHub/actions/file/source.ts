import type { IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { inputError } from '../../../core/errors';
import type { BinaryInput } from '../../../core/media/binary';
import { extensionOf, fileNameFromUrl, mimeTypeFor } from '../../../core/media/binary';

/** Checks that an item carries the binary property, naming the ones it does carry; reads nothing. */
export function checkBinaryProperty(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	parameter: string,
): void {
	const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
	if (binary[propertyName]) return;
	const available = Object.keys(binary);
	throw inputError(ctx.getNode(), {
		parameter,
		problem: `the input item has no binary property "${propertyName}"`,
		fix: available.length
			? `Binary properties on this item: ${available.join(', ')}. Enter one of them.`
			: 'This item has no binary data. Read the file first (e.g. with Read/Write Files from Disk, Google Drive or HTTP Request) or use a URL instead.',
		itemIndex,
	});
}

/** 1536 → "1.5 KB"; binary units, as file sizes are usually shown. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const units = ['KB', 'MB', 'GB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** The file name a Content-Disposition header gives, if any. */
function dispositionFileName(header: unknown): string | undefined {
	const text = String(header ?? '');
	const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(text);
	if (star) {
		try {
			return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
		} catch {
			// fall through to the plain form
		}
	}
	const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(text);
	return plain ? plain[1].trim() : undefined;
}

/**
 * Downloads a file from a user's URL into memory (no RunningHub credential is sent), so it can
 * be uploaded. Errors name the parameter and the item.
 */
export async function downloadUrlInput(
	ctx: IExecuteFunctions,
	url: string,
	itemIndex: number,
	parameter: string,
): Promise<BinaryInput> {
	const node = ctx.getNode();
	const request: IHttpRequestOptions = {
		method: 'GET',
		url,
		encoding: 'arraybuffer',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: 15 * 60_000,
	};
	let response: { statusCode: number; headers: Record<string, unknown>; body: unknown };
	try {
		response = await ctx.helpers.httpRequest(request);
	} catch (error) {
		const e = error as { cause?: { code?: string }; code?: string; httpCode?: string };
		// The code goes into the description: n8n replaces a message that contains one (ECONNREFUSED...).
		const reason = e.cause?.code ?? e.code ?? e.httpCode ?? 'network error';
		throw inputError(node, {
			parameter,
			problem: 'the file could not be downloaded',
			fix: `Network error: ${reason}. Check that the URL is correct, public, and reachable from this n8n instance.`,
			itemIndex,
		});
	}
	if (response.statusCode >= 400) {
		throw inputError(node, {
			parameter,
			problem: `downloading the file failed with HTTP ${response.statusCode}`,
			fix:
				response.statusCode === 401 || response.statusCode === 403 || response.statusCode === 404
					? 'Check that the URL is correct and public (signed links expire), or download the file with an HTTP Request node and use Binary File as the input.'
					: 'Retry later, or download the file with an HTTP Request node and use Binary File as the input.',
			itemIndex,
		});
	}
	const body = response.body;
	const bytes =
		body instanceof Uint8Array
			? body
			: body instanceof ArrayBuffer
				? new Uint8Array(body)
				: typeof body === 'string'
					? new TextEncoder().encode(body)
					: new Uint8Array(0);
	const headerType = String(response.headers['content-type'] ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	const knownType = headerType && headerType !== 'application/octet-stream' ? headerType : undefined;
	let fileName = dispositionFileName(response.headers['content-disposition']) ?? fileNameFromUrl(url);
	if (!fileName || !extensionOf(fileName)) {
		const ext = knownType ? extensionForMime(knownType) : undefined;
		fileName = `${fileName ?? 'file'}${ext ? `.${ext}` : ''}`;
	}
	const mimeType = knownType ?? mimeTypeFor(extensionOf(fileName)) ?? 'application/octet-stream';
	return { data: new Blob([bytes], { type: mimeType }), fileName, mimeType, size: bytes.length };
}

const EXTENSION_BY_MIME: Record<string, string> = {
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'video/webm': 'webm',
	'audio/mpeg': 'mp3',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/mp4': 'm4a',
	'audio/flac': 'flac',
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'application/zip': 'zip',
};

function extensionForMime(mimeType: string): string | undefined {
	return EXTENSION_BY_MIME[mimeType];
}

/** Passes n8n errors through unchanged and wraps anything else, with the item index. */
export function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	const name = (error as Error)?.constructor?.name;
	if (name === 'NodeApiError' || name === 'NodeOperationError') return error as NodeApiError | NodeOperationError;
	return new NodeOperationError(node, error as Error, { itemIndex });
}
