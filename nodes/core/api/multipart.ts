/**
 * Streamed multipart uploads. The request body is produced chunk by chunk from the file's
 * source (n8n's binary stream) with its length known in advance, so a file of any size is never
 * held in memory, and n8n's HTTP layer sends it with a Content-Length (RunningHub's uploads get
 * a plain, non-chunked body, as from a browser form).
 *
 * Community nodes may not import `stream`, so the body is handed to n8n's HTTP client (axios)
 * as a Blob-like object: axios sends a Blob's `stream()` with `size` as the Content-Length and
 * `type` as the Content-Type. Each call of `stream()` opens the file again from its start, so a
 * retried upload never reads a stream an earlier attempt consumed.
 *
 * The bytes are those of a standard multipart encoder (the WHATWG FormData serialization that
 * browsers, undici and axios produce): the same escaping of names and the same line breaks.
 */
import { randomBytes } from 'crypto';

/** A file's bytes, readable again from the start: one `open()` per upload attempt. */
export interface FileSource {
	/** Exact size in bytes: the Content-Length is computed from it before anything is read. */
	size: number;
	open(): Promise<AsyncIterable<Uint8Array> | Iterable<Uint8Array>>;
}

export interface MultipartFile {
	field: string;
	fileName: string;
	mimeType: string;
	source: FileSource;
}

const CRLF = '\r\n';

/** Field and file names as FormData serializes them: CR, LF and `"` percent-encoded. */
function escapeName(name: string): string {
	return name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

/** Text values and names get CRLF line breaks, as in FormData's serialization. */
function normalizeLinefeeds(value: string): string {
	return value.replace(/\r?\n|\r/g, CRLF);
}

/** A Blob's type as the Blob constructor keeps it: lower case, or empty when not printable ASCII. */
export function blobType(mimeType: string): string {
	return /^[\x20-\x7e]*$/.test(mimeType) ? mimeType.toLowerCase() : '';
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** Only the size and type are enumerable: the fields (the legacy upload's API key) never show in a log or dump. */
export class MultipartBody {
	readonly size: number;
	readonly type: string;
	readonly #boundary: string;
	readonly #fields: ReadonlyArray<readonly [string, string]>;
	readonly #file: MultipartFile;
	readonly #head: Buffer;
	readonly #tail: Buffer;
	/** Sources opened by `stream()` and not yet finished: closed by `close()` (Stop, failed attempt). */
	readonly #open = new Set<{ destroy?: () => void }>();

	constructor(file: MultipartFile, fields: ReadonlyArray<readonly [string, string]> = [], boundary = newBoundary()) {
		this.#boundary = boundary;
		this.#fields = fields;
		this.#file = file;
		const parts = fields.map(
			([name, value]) =>
				`--${boundary}${CRLF}Content-Disposition: form-data; name="${escapeName(normalizeLinefeeds(name))}"${CRLF}${CRLF}${normalizeLinefeeds(value)}${CRLF}`,
		);
		const type = blobType(file.mimeType) || 'application/octet-stream';
		parts.push(
			`--${boundary}${CRLF}Content-Disposition: form-data; name="${escapeName(normalizeLinefeeds(file.field))}"; filename="${escapeName(file.fileName)}"${CRLF}Content-Type: ${type}${CRLF}${CRLF}`,
		);
		this.#head = utf8(parts.join(''));
		this.#tail = utf8(`${CRLF}--${boundary}--${CRLF}`);
		this.size = this.#head.length + file.source.size + this.#tail.length;
		this.type = `multipart/form-data; boundary=${boundary}`;
	}

	/** Read by axios to tell a Blob (whose `stream()` it sends with `size` as Content-Length). */
	get [Symbol.toStringTag](): string {
		return 'Blob';
	}

	/** The same body with a text field put first (the legacy upload's apiKey, added by the transport). */
	withField(name: string, value: string): MultipartBody {
		return new MultipartBody(this.#file, [[name, value], ...this.#fields], this.#boundary);
	}

	/**
	 * The whole body, reading the file from its start. A file that yields more or fewer bytes than
	 * its declared size fails the attempt (the Content-Length sent would be wrong).
	 */
	async *stream(): AsyncGenerator<Uint8Array> {
		yield this.#head;
		const source = await this.#file.source.open();
		const handle = source as { destroy?: () => void };
		this.#open.add(handle);
		let sent = 0;
		try {
			for await (const chunk of source) {
				sent += chunk.length;
				if (sent > this.#file.source.size) throw new Error(`the file is larger than its recorded size of ${this.#file.source.size} bytes`);
				yield chunk;
			}
		} finally {
			this.#open.delete(handle);
			handle.destroy?.();
		}
		if (sent !== this.#file.source.size) throw new Error(`the file ended after ${sent} of its ${this.#file.source.size} bytes`);
		yield this.#tail;
	}

	/** Closes a file an abandoned attempt left open (the HTTP client stops reading on Stop or a cut connection). */
	close(): void {
		for (const handle of this.#open) handle.destroy?.();
		this.#open.clear();
	}

	/** Nothing but the shape, whoever serializes it. */
	toJSON(): { size: number; type: string } {
		return { size: this.size, type: this.type };
	}
}

/** A boundary like browsers': long and random, so it never occurs in a file by chance. */
function newBoundary(): string {
	return `----n8nRunningHub${randomBytes(12).toString('hex')}`;
}

/** The request options for a streamed body: its exact length, and no redirect buffer. */
export function uploadHeaders(body: MultipartBody): Record<string, string> {
	return { 'Content-Type': body.type, 'Content-Length': String(body.size) };
}
