import type { IBinaryData, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiError, inputError, itemSuffix, redactUrlSecrets, runningHubCodeOf } from '../api/errors';
import type { RunningHubClient, UploadResult } from '../api/client';
import type { Attempt, DownloadProblem, HttpContext } from './fetch';
import { DEFAULT_MAX_DOWNLOAD_BYTES, cancelSignalOf, checkDeclared, checkReceived, comparableLength, declaredLength, openUrl, problemText, readBody, reasonOf, withRetries } from './fetch';
import { safeFileName } from './fileName';
import type { FileSource } from '../api/multipart';

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
	fileName: string;
	mimeType: string;
	size: number;
	/** The bytes, readable again from the start (each upload attempt reads them anew); never all held at once. */
	source: FileSource;
}

/** Base64 characters decoded per chunk (a multiple of 4, so each decodes on its own): 192 KB of bytes. */
const BASE64_CHUNK = 256 * 1024;

/** Bytes of base64 text held in the item (n8n's default binary mode), decoded chunk by chunk. */
function base64Source(base64: string): FileSource {
	// Hand-made binaries (a Code node, a wrapped e-mail attachment) may break the text into lines:
	// Node's decoder skips the breaks, but they would make the size and the chunk boundaries wrong.
	const text = /\s/.test(base64) ? base64.replace(/\s+/g, '') : base64;
	return {
		size: Buffer.byteLength(text, 'base64'),
		open: async () =>
			(function* () {
				for (let at = 0; at < text.length; at += BASE64_CHUNK) yield Buffer.from(text.slice(at, at + BASE64_CHUNK), 'base64');
			})(),
	};
}

/** Bytes already in memory (a file downloaded from a URL). */
export function bytesSource(bytes: Uint8Array): FileSource {
	return { size: bytes.length, open: async () => [bytes] };
}

/**
 * The item's own binary property of that name, if any. A name like `__proto__`, `constructor` or
 * `hasOwnProperty` would otherwise read the object's prototype as if it were a file.
 * (Object.hasOwn is not in the build's ES2019 library.)
 */
export function ownBinary(binary: Record<string, IBinaryData> | undefined, propertyName: string): IBinaryData | undefined {
	if (!binary || !Object.prototype.hasOwnProperty.call(binary, propertyName)) return undefined;
	const meta = binary[propertyName];
	return meta && typeof meta === 'object' ? meta : undefined;
}

/**
 * An item's binary property (its metadata; no byte is read), or the error every binary input
 * gives when the item lacks it: which parameter, which item, and the properties it does carry.
 */
export function itemBinary(ctx: IExecuteFunctions, itemIndex: number, propertyName: string, parameter: string): IBinaryData {
	const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
	const meta = ownBinary(binary, propertyName);
	if (meta) return meta;
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

/**
 * An item's binary property as a source that streams it: from n8n's binary store (filesystem,
 * S3 or database mode) or from the base64 text in the item (default mode). Nothing is read here
 * but the size, so size limits are checked before any byte is sent.
 */
export async function readBinaryInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	parameterName = 'Input Binary Field',
): Promise<BinaryInput> {
	itemBinary(ctx, itemIndex, propertyName, parameterName);
	const meta = ctx.helpers.assertBinaryData(itemIndex, propertyName);
	const fileName = meta.fileName ?? `${propertyName}.${meta.fileExtension ?? 'bin'}`;
	const mimeType =
		meta.mimeType || mimeTypeFor(extensionOf(fileName)) || 'application/octet-stream';
	let source: FileSource;
	if (meta.id) {
		const id = meta.id;
		source = { size: await storedSize(ctx, id, meta), open: async () => await ctx.helpers.getBinaryStream(id) };
	} else {
		source = base64Source(meta.data ?? '');
	}
	return { source, fileName, mimeType, size: source.size };
}

/** The size n8n recorded for stored binary data, else counted by reading it once (nothing is kept). */
async function storedSize(ctx: IExecuteFunctions, id: string, meta: IBinaryData): Promise<number> {
	if (typeof meta.bytes === 'number' && Number.isFinite(meta.bytes)) return meta.bytes;
	const recorded = await ctx.helpers.getBinaryMetadata(id).then(
		(m) => m?.fileSize,
		() => undefined,
	);
	if (typeof recorded === 'number' && Number.isFinite(recorded)) return recorded;
	let size = 0;
	for await (const chunk of await ctx.helpers.getBinaryStream(id)) size += (chunk as Uint8Array).length;
	return size;
}

/** The first `count` bytes of a file (to recognise its format), reading no further. */
export async function readHead(input: BinaryInput, count: number): Promise<Uint8Array> {
	const head = new Uint8Array(Math.min(count, input.size));
	let filled = 0;
	const chunks = await input.source.open();
	for await (const chunk of chunks) {
		const take = chunk.subarray(0, head.length - filled);
		head.set(take, filled);
		filled += take.length;
		if (filled >= head.length) break;
	}
	(chunks as { destroy?: () => void }).destroy?.();
	return head.subarray(0, filled);
}

/** The whole file in memory: only for files small enough to measure (lip-sync audio and video checks). */
export async function readAllBytes(input: BinaryInput): Promise<Uint8Array> {
	const all = new Uint8Array(input.size);
	let filled = 0;
	for await (const chunk of await input.source.open()) {
		all.set(chunk.subarray(0, all.length - filled), filled);
		filled += Math.min(chunk.length, all.length - filled);
	}
	return all.subarray(0, filled);
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
		return await client.uploadV2(input, options.itemIndex);
	} catch (error) {
		refusal = error as typeof refusal;
	}
	const code = runningHubCodeOf(refusal) ?? '';
	const httpCode = String(refusal?.httpCode ?? '');
	const refused =
		['1008', '809', '1001', '1009'].includes(code) || httpCode === '404' || httpCode === '413';
	if (!options.allowLegacy || !refused || input.size > LEGACY_UPLOAD_LIMIT_BYTES) throw refusal;
	return await client.uploadLegacy(input, 'input', options.itemIndex);
}

export interface DownloadOptions {
	url: string;
	fileName?: string;
	mimeType?: string;
	itemIndex?: number;
	taskId?: string;
	timeoutMs?: number;
	/** The size cap in bytes (Max Download Size); 0 = none. */
	maxBytes?: number;
}

/**
 * Streams a RunningHub output file into n8n binary data. Output URLs are signed CDN links, so
 * no credential is sent with them. A file that arrives shorter than its Content-Length (or that
 * the HTTP layer saw cut) is downloaded again and never returned; one over the size cap is
 * refused, before reading when the server announces its size.
 */
export async function downloadToBinary(
	ctx: Pick<IExecuteFunctions, 'getNode' | 'helpers'> & HttpContext,
	options: DownloadOptions,
): Promise<IBinaryData> {
	const fileName = safeFileName(options.fileName ?? fileNameFromUrl(options.url), options.taskId ? `${options.taskId}_output` : 'output');
	const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
	const result = await withRetries(async (): Promise<Attempt<IBinaryData>> => {
		const opened = await openUrl(ctx, options.url, { timeoutMs: options.timeoutMs ?? 30 * 60_000 });
		if ('problem' in opened) return opened;
		const { body, headers } = opened.value;
		const declared = declaredLength(headers);
		const early = checkDeclared(declared, maxBytes);
		if (early) {
			body.destroy?.();
			return { problem: early };
		}
		const headerType = String(headers['content-type'] ?? '')
			.split(';')[0]
			.trim();
		const mimeType =
			options.mimeType ??
			(headerType && headerType !== 'application/octet-stream' ? headerType : undefined) ??
			mimeTypeFor(extensionOf(fileName)) ??
			'application/octet-stream';
		if (declared === undefined || comparableLength(declared, body) === undefined) {
			// No announced size, or one of a compressed body the HTTP client decoded (a server that
			// ignored `accept-encoding: identity`: Content-Length counts the compressed bytes, the
			// decoded file may be any size): read it under the cap first, so a file that never ends
			// or a small gzip bomb cannot fill memory or the disk. (RunningHub's CDN announces sizes
			// of plain files; this is the rare path.)
			const read = await readBody(body, undefined, maxBytes);
			if ('problem' in read) return read;
			return { value: await ctx.helpers.prepareBinaryData(Buffer.from(read.value), fileName, mimeType) };
		}
		let binary: IBinaryData;
		try {
			binary = await ctx.helpers.prepareBinaryData(body as unknown as Buffer, fileName, mimeType);
		} catch (error) {
			body.destroy?.();
			return { problem: { kind: 'cut', declared, reason: reasonOf(error) } };
		}
		// n8n records the stored size in `bytes` (2.8 and 2.40); a short file is dropped, never put
		// on the item. Without `bytes`, the HTTP layer's own verdict is all there is.
		const problem =
			typeof binary.bytes === 'number'
				? checkReceived(binary.bytes, comparableLength(declared, body), maxBytes, body.complete)
				: body.complete === false
					? ({ kind: 'cut', declared } as const)
					: undefined;
		return problem ? { problem } : { value: binary };
	}, cancelSignalOf(ctx));
	if ('value' in result) return result.value;
	throw outputDownloadError(ctx.getNode(), result.problem, result.attempts, { ...options, fileName, maxBytes });
}

/** The error for an output file that could not be downloaded: the task, the file, what to do. */
function outputDownloadError(
	node: INode,
	problem: DownloadProblem,
	attempts: number,
	o: DownloadOptions & { fileName: string; maxBytes: number },
): Error {
	const where = { endpoint: 'output download', itemIndex: o.itemIndex, taskId: o.taskId };
	const file = `The output file "${o.fileName}"${o.taskId ? ` of task ${o.taskId}` : ''}`;
	const tried = attempts > 1 ? ` The node tried ${attempts} times.` : '';
	const getAgain = `The task finished; read it again with Task → Get${o.taskId ? ` (task ID ${o.taskId})` : ''} for fresh output URLs (they are valid for about 24 hours), then download again.`;
	if (problem.kind === 'status') {
		const expired = problem.status === 404 || problem.status === 403;
		return apiError(node, {
			...where,
			httpCode: problem.status,
			message: `${file} could not be downloaded (HTTP ${problem.status})`,
			hint: `${expired ? 'RunningHub output URLs expire after about 24 hours. ' : 'Retry later. '}${getAgain}${tried}`,
		});
	}
	if (problem.kind === 'tooLarge') {
		return apiError(node, {
			...where,
			message: `${file} is ${problemText(problem).replace(/^the file is /, '')} (Max Download Size)`,
			hint: `Raise Max Download Size (MB) in the node's options (0 = no limit), or leave Download Outputs off and fetch the file from its URL with another node. ${getAgain}`,
		});
	}
	if (problem.kind === 'network') {
		// The code goes into the description: n8n replaces a message that contains one.
		return apiError(node, { ...where, message: `${file} could not be downloaded`, hint: `Network error: ${problem.reason}. ${getAgain}${tried}` });
	}
	return apiError(node, {
		...where,
		message: `${file} could not be downloaded: ${problemText(problem)}`,
		hint: `${problem.kind === 'cut' ? `Nothing was kept: a partial file is never passed on.${problem.reason ? ` (${problem.reason})` : ''} ` : ''}${getAgain}${tried}`,
	});
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
			`${parameter}: "${redactUrlSecrets(url).slice(0, 80)}" is not an http(s) URL${itemSuffix(itemIndex)}`,
			{
				description:
					'Enter a public http:// or https:// URL, or switch the input to Binary to upload a file from the workflow.',
				itemIndex,
			},
		);
	}
	return url;
}
