import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { inputError } from '../../../core/api/errors';
import type { BinaryInput } from '../../../core/media/binary';
import { bytesSource, extensionOf, fileNameFromUrl, itemBinary, mimeTypeFor } from '../../../core/media/binary';
import type { DownloadProblem } from '../../../core/media/fetch';
import { downloadToMemory, problemText } from '../../../core/media/fetch';
import { safeFileName } from '../../../core/media/fileName';
import { readMaxDownloadBytes } from '../../../core/run/outputOptions';

/** Checks that an item carries the binary property, naming the ones it does carry; reads nothing. */
export function checkBinaryProperty(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	parameter: string,
): void {
	itemBinary(ctx, itemIndex, propertyName, parameter);
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
 * be uploaded: transient failures and cut bodies retried, redirects limited, the size checked
 * against Content-Length and Max Download Size. Errors name the parameter and the item.
 */
export async function downloadUrlInput(
	ctx: IExecuteFunctions,
	url: string,
	itemIndex: number,
	parameter: string,
): Promise<BinaryInput> {
	const node = ctx.getNode();
	const maxBytes = readMaxDownloadBytes(node, (name) => ctx.getNodeParameter(name, itemIndex, {}), itemIndex, ['uploadOptions']);
	const result = await downloadToMemory(ctx, url, { timeoutMs: 15 * 60_000, maxBytes });
	if ('problem' in result) throw downloadProblemError(node, result.problem, result.attempts, parameter, itemIndex);
	const { bytes, headers } = result.value;
	const headerType = String(headers['content-type'] ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	const knownType = headerType && headerType !== 'application/octet-stream' ? headerType : undefined;
	// The host's name for the file is only a suggestion: reduced to a safe base name.
	const named = dispositionFileName(headers['content-disposition']) ?? fileNameFromUrl(url);
	let fileName = named === undefined ? undefined : safeFileName(named);
	if (!fileName || !extensionOf(fileName)) {
		const ext = knownType ? extensionForMime(knownType) : undefined;
		fileName = `${fileName ?? 'file'}${ext ? `.${ext}` : ''}`;
	}
	const mimeType = knownType ?? mimeTypeFor(extensionOf(fileName)) ?? 'application/octet-stream';
	return { source: bytesSource(bytes), fileName, mimeType, size: bytes.length };
}

function downloadProblemError(node: INode, problem: DownloadProblem, attempts: number, parameter: string, itemIndex: number): NodeOperationError {
	const tried = attempts > 1 ? ` The node tried ${attempts} times.` : '';
	const elsewhere = 'or download the file with an HTTP Request node and use Binary File as the input.';
	if (problem.kind === 'network') {
		// The code goes into the description: n8n replaces a message that contains one (ECONNREFUSED...).
		return inputError(node, {
			parameter,
			problem: 'the file could not be downloaded',
			fix: `Network error: ${problem.reason}. Check that the URL is correct, public, and reachable from this n8n instance.${tried}`,
			itemIndex,
		});
	}
	if (problem.kind === 'status') {
		return inputError(node, {
			parameter,
			problem: `downloading the file failed with HTTP ${problem.status}`,
			fix:
				problem.status === 401 || problem.status === 403 || problem.status === 404
					? `Check that the URL is correct and public (signed links expire), ${elsewhere}`
					: `Retry later, ${elsewhere}${tried}`,
			itemIndex,
		});
	}
	if (problem.kind === 'tooLarge') {
		return inputError(node, {
			parameter,
			problem: `${problemText(problem)} (Max Download Size)`,
			fix: `Raise Max Download Size (MB) under Options (0 = no limit), ${elsewhere}`,
			itemIndex,
		});
	}
	return inputError(node, {
		parameter,
		problem: `the file could not be downloaded: ${problemText(problem)}`,
		fix: `Nothing was uploaded. Retry later, ${elsewhere}${tried}`,
		itemIndex,
	});
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
