/**
 * LoRA files for RunningHub's presigned LoRA upload: one pass over the bytes gives the MD5
 * (RunningHub's cache key for the file), the size and the first bytes, from which the file is
 * checked to be safetensors, the only format the upload takes (docs/runninghub-api.md §8d).
 */
import { createHash } from 'crypto';

export interface LoraDigest {
	md5Hex: string;
	size: number;
	/** The first 16 bytes (fewer for a shorter file). */
	head: Uint8Array;
}

const HEAD_BYTES = 16;

/** Hashes a file read as chunks (a stream or a single buffer) without holding more than a chunk. */
export async function digestLora(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<LoraDigest> {
	const md5 = createHash('md5');
	const head = new Uint8Array(HEAD_BYTES);
	let size = 0;
	for await (const chunk of chunks) {
		if (size < HEAD_BYTES) head.set(chunk.subarray(0, HEAD_BYTES - size), size);
		md5.update(chunk);
		size += chunk.length;
	}
	return { md5Hex: md5.digest('hex'), size, head: head.subarray(0, Math.min(size, HEAD_BYTES)) };
}

/**
 * Why the bytes are not a safetensors file, or undefined when they are. A safetensors file
 * starts with its JSON header's length (8 bytes, little-endian), then the header, which begins
 * with "{".
 */
export function safetensorsProblem(head: Uint8Array, size: number): string | undefined {
	if (size < 10) return `the file is only ${size} bytes, too short for a safetensors file`;
	if (head[8] !== 0x7b) return `the file is not in safetensors format${formatGuess(head)}`;
	const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
	const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
	if (headerLength < 2 || 8 + headerLength > size) {
		return 'the file looks like safetensors but its header is damaged or the file is cut short';
	}
	return undefined;
}

/** A hint of what the file is instead, from its first bytes. */
function formatGuess(head: Uint8Array): string {
	const text = String.fromCharCode(...head.subarray(0, 5));
	if (text.startsWith('PK')) return ' (it is a ZIP archive, as PyTorch .ckpt/.pt files are)';
	if (head[0] === 0x80) return ' (it is a Python pickle, as .ckpt/.pt/.bin files are)';
	if (text.startsWith('<')) return ' (it is an HTML or XML page, e.g. an error or login page saved instead of the file)';
	if (text.startsWith('{') || text.startsWith('[')) return ' (it is a JSON document)';
	if (text.startsWith('GGUF')) return ' (it is a GGUF file)';
	return '';
}

/** The LoRA name sent to RunningHub when none is entered: the file name without its extension. */
export function defaultLoraName(fileName: string): string {
	return fileName.replace(/\.[A-Za-z0-9]{1,12}$/, '').trim();
}
