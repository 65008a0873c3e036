// Streaming multipart reader for uploads: the file part goes straight to a temp file while
// its size and hash are computed, and stops being written once it passes the size limit.
import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';

export interface UploadedPart {
	path: string;
	size: number;
	sha256: string;
	md5: string;
	filename: string;
	mimeType: string;
}

export interface MultipartResult {
	fields: Record<string, string>;
	file?: UploadedPart;
	tooLarge: boolean;
	error?: string;
	/** Sizes of every file part seen, for the request log. */
	parts: Array<{ field: string; filename: string; bytes: number }>;
}

export function readMultipart(
	req: IncomingMessage,
	opts: { fileField: string; maxBytes: number; tmpDir: string },
): Promise<MultipartResult> {
	const result: MultipartResult = { fields: {}, tooLarge: false, parts: [] };
	return new Promise((resolve) => {
		let bb: busboy.Busboy;
		try {
			bb = busboy({
				headers: req.headers,
				limits: { fileSize: opts.maxBytes + 1, files: 5, fields: 100 },
			});
		} catch (e) {
			req.resume();
			req.on('end', () =>
				resolve({ ...result, error: `not a multipart body: ${(e as Error).message}` }),
			);
			return;
		}
		const writes: Array<Promise<void>> = [];
		bb.on('field', (name, value) => (result.fields[name] = value));
		bb.on('file', (name, stream, info) => {
			const part = { field: name, filename: info.filename ?? '', bytes: 0 };
			result.parts.push(part);
			if (name !== opts.fileField || result.file) {
				stream.on('data', (d: Buffer) => (part.bytes += d.length));
				stream.resume();
				return;
			}
			const path = join(opts.tmpDir, `upload-${randomUUID()}`);
			const sha = createHash('sha256');
			const md5 = createHash('md5');
			const out = createWriteStream(path);
			stream.on('data', (d: Buffer) => {
				part.bytes += d.length;
				sha.update(d);
				md5.update(d);
			});
			stream.on('limit', () => (result.tooLarge = true));
			stream.pipe(out);
			writes.push(
				new Promise((done) => {
					out.on('close', () => {
						// busboy stops at maxBytes + 1, so anything above the limit is caught here
						if (part.bytes > opts.maxBytes) result.tooLarge = true;
						result.file = {
							path,
							size: part.bytes,
							sha256: sha.digest('hex'),
							md5: md5.digest('hex'),
							filename: info.filename ?? 'file',
							mimeType: info.mimeType ?? 'application/octet-stream',
						};
						done();
					});
				}),
			);
		});
		bb.on('error', (e) => {
			req.unpipe(bb);
			req.resume();
			result.error = `multipart error: ${(e as Error).message}`;
			void Promise.all(writes).then(() => resolve(result));
		});
		bb.on('close', () => {
			void Promise.all(writes).then(async () => {
				if (result.tooLarge && result.file) {
					await unlink(result.file.path).catch(() => undefined);
					result.file = undefined;
				}
				resolve(result);
			});
		});
		req.pipe(bb);
	});
}
