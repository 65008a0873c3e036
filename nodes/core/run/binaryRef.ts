/**
 * `binary:<property>` references: a text parameter whose value names a binary property of the
 * input item instead of holding a URL or text. The Model, Workflow and AI App operations use
 * them for media inputs; the file is uploaded to RunningHub before the task is submitted.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { RunningHubClient, UploadResult } from '../api/client';
import { apiError, inputError } from '../api/errors';
import { extensionOf, ownBinary, readBinaryInput, uploadFile } from '../media/binary';
import type { BinaryInput } from '../media/binary';

export const BINARY_PREFIX = 'binary:';

const EXTENSION_BY_MIME: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'image/bmp': 'bmp',
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'video/webm': 'webm',
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/mp4': 'm4a',
	'audio/x-m4a': 'm4a',
	'audio/flac': 'flac',
};

/** The binary property a value refers to (`binary:data` → `data`), or undefined for any other value. */
export function parseBinaryRef(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (text.slice(0, BINARY_PREFIX.length).toLowerCase() !== BINARY_PREFIX) return undefined;
	const property = text.slice(BINARY_PREFIX.length).trim();
	return property === '' ? undefined : property;
}

/** Whether a value is a `binary:` reference, even an incomplete one (`binary:` alone). */
export function looksLikeBinaryRef(value: unknown): boolean {
	return typeof value === 'string' && value.trim().toLowerCase().startsWith(BINARY_PREFIX);
}

/** What is known about a referenced binary property without uploading it. */
export interface BinaryFacts {
	property: string;
	fileName: string;
	mimeType: string;
	/** Lower-case extension from the file name, else from the MIME type. */
	extension?: string;
	/** Size in bytes, when n8n can tell it without reading the file into memory. */
	bytes?: number;
}

/**
 * Checks that the item carries the binary property (naming the ones it does carry) and reads its
 * name, type and size. `parameter` is the display name used in errors.
 */
export async function binaryFacts(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	parameter: string,
): Promise<BinaryFacts> {
	const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
	const meta = ownBinary(binary, property);
	if (!meta) {
		const available = Object.keys(binary);
		throw inputError(ctx.getNode(), {
			parameter,
			problem: `"${BINARY_PREFIX}${property}" names no binary property of the input item`,
			fix: available.length
				? `Binary properties on this item: ${available.map((name) => `${BINARY_PREFIX}${name}`).join(', ')}. Use one of them, or a public URL.`
				: 'This item has no binary data. Read the file first (e.g. with Read/Write Files from Disk, Google Drive or HTTP Request), or enter a public URL instead.',
			itemIndex,
		});
	}
	const fileName = meta.fileName ?? `${property}${meta.fileExtension ? `.${meta.fileExtension}` : ''}`;
	const mimeType = (meta.mimeType || '').toLowerCase();
	const extension = extensionOf(fileName) ?? meta.fileExtension?.toLowerCase() ?? EXTENSION_BY_MIME[mimeType];
	let bytes: number | undefined;
	if (meta.id) {
		const stored = await ctx.helpers.getBinaryMetadata(meta.id);
		bytes = typeof stored?.fileSize === 'number' ? stored.fileSize : undefined;
	} else {
		bytes = (await ctx.helpers.getBinaryDataBuffer(itemIndex, property)).length;
	}
	return { property, fileName, mimeType, ...(extension ? { extension } : {}), ...(bytes === undefined ? {} : { bytes }) };
}

export interface UploadCheck {
	/** Maximum size in MB the target field accepts (checked on the real bytes before uploading). */
	maxSizeMb?: number;
	/** Display name used in errors. */
	parameter: string;
	/**
	 * Whether the value used is the download URL (standard-model fields): then the legacy upload,
	 * which returns only a file name, is no acceptable fallback.
	 */
	needUrl?: boolean;
}

/** Uploads referenced binary properties (v2 upload, legacy as fallback), once per item and property. */
export class BinaryUploads {
	private readonly done = new Map<string, Promise<UploadResult>>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly client: RunningHubClient,
	) {}

	async upload(itemIndex: number, property: string, check: UploadCheck): Promise<UploadResult> {
		const key = `${itemIndex}\u0000${property}`;
		let pending = this.done.get(key);
		if (!pending) {
			pending = this.send(itemIndex, property, check);
			this.done.set(key, pending);
		}
		const result = await pending;
		if (check.needUrl && !result.downloadUrl) {
			throw apiError(this.ctx.getNode(), {
				endpoint: '/openapi/v2/media/upload/binary',
				itemIndex,
				message: `RunningHub stored the file in ${BINARY_PREFIX}${property} but returned no download URL for it`,
				hint: `${check.parameter} needs a URL. Host the file somewhere public and enter its URL instead of ${BINARY_PREFIX}${property}.`,
			});
		}
		if (check.maxSizeMb !== undefined && result.size !== null && result.size > check.maxSizeMb * 1024 * 1024) {
			throw tooLarge(this.ctx, check, property, result.size, itemIndex);
		}
		return result;
	}

	private async send(itemIndex: number, property: string, check: UploadCheck): Promise<UploadResult> {
		const input: BinaryInput = await readBinaryInput(this.ctx, itemIndex, property, check.parameter);
		if (check.maxSizeMb !== undefined && input.size > check.maxSizeMb * 1024 * 1024) {
			throw tooLarge(this.ctx, check, property, input.size, itemIndex);
		}
		const result = await uploadFile(this.client, input, { itemIndex, allowLegacy: !check.needUrl });
		return { ...result, size: result.size ?? input.size };
	}
}

function tooLarge(ctx: IExecuteFunctions, check: UploadCheck, property: string, bytes: number, itemIndex: number) {
	const mb = Math.round((bytes / (1024 * 1024)) * 10) / 10;
	return inputError(ctx.getNode(), {
		parameter: check.parameter,
		problem: `the file in ${BINARY_PREFIX}${property} is ${mb} MB; the maximum is ${check.maxSizeMb} MB`,
		fix: 'Use a smaller file (compress it, shorten it or lower its resolution).',
		itemIndex,
	});
}
