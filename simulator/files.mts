// The simulator's file host: uploads (kept on disk in a temp dir, so memory stays flat) and
// generated task outputs, served under /files/<name> with their content type and length.
// Files can expire (404), like RunningHub's ~24 h signed URLs.
import { createReadStream } from 'node:fs';
import { open, rename, rm, unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import type { Generated } from './media.mjs';

export interface StoredFile {
	name: string;
	contentType: string;
	size: number;
	origin: 'upload' | 'legacy-upload' | 'output' | 'lora' | 'control';
	createdAt: number;
	expiresAt: number | null;
	expired: boolean;
	/** Known playback length (generated audio/video, measured uploads). */
	durationMs?: number;
	/** Text content of generated .txt outputs (kept so tests can read it back cheaply). */
	text?: string;
	source: { kind: 'disk'; path: string } | { kind: 'generated'; gen: Generated };
}

export class FileStore {
	readonly files = new Map<string, StoredFile>();

	constructor(
		readonly tmpDir: string,
		private readonly ttl: () => number,
	) {}

	private expiry(now: number): number | null {
		const ttl = this.ttl();
		return ttl > 0 ? now + ttl : null;
	}

	addGenerated(
		name: string,
		gen: Generated,
		origin: StoredFile['origin'],
		text?: string,
	): StoredFile {
		const now = Date.now();
		const f: StoredFile = {
			name,
			contentType: gen.contentType,
			size: gen.size,
			origin,
			createdAt: now,
			expiresAt: this.expiry(now),
			expired: false,
			durationMs: gen.durationMs,
			text,
			source: { kind: 'generated', gen },
		};
		this.files.set(name, f);
		return f;
	}

	/** Move an uploaded temp file under its final name (same content → same name, like a hash-named store). */
	async addDisk(
		name: string,
		tmpPath: string,
		size: number,
		contentType: string,
		origin: StoredFile['origin'],
	): Promise<StoredFile> {
		const existing = this.files.get(name);
		const now = Date.now();
		if (existing?.source.kind === 'disk') {
			await unlink(tmpPath).catch(() => undefined);
			Object.assign(existing, { createdAt: now, expiresAt: this.expiry(now), expired: false });
			return existing;
		}
		const path = join(this.tmpDir, name.replace(/[^\w.-]/g, '_'));
		await rename(tmpPath, path);
		const f: StoredFile = {
			name,
			contentType,
			size,
			origin,
			createdAt: now,
			expiresAt: this.expiry(now),
			expired: false,
			source: { kind: 'disk', path },
		};
		this.files.set(name, f);
		return f;
	}

	/** A live (not expired) file by name. */
	get(name: string): StoredFile | undefined {
		const f = this.files.get(name);
		if (!f) return undefined;
		if (f.expiresAt !== null && Date.now() >= f.expiresAt) f.expired = true;
		return f.expired ? undefined : f;
	}

	/** Name of a file from one of its URLs (`…/files/<name>?sig…`, any host, optional /cn). */
	static nameFromUrl(url: string): string | undefined {
		try {
			const m = /^(?:\/cn)?\/files\/(.+)$/.exec(new URL(url, 'http://x').pathname);
			return m ? decodeURIComponent(m[1]) : undefined;
		} catch {
			return undefined;
		}
	}

	/** Expire by name or URL; true if a file was found. */
	expire(nameOrUrl: string): boolean {
		const f = this.files.get(nameOrUrl) ?? this.files.get(FileStore.nameFromUrl(nameOrUrl) ?? '');
		if (f) f.expired = true;
		return !!f;
	}

	open(f: StoredFile): Readable {
		return f.source.kind === 'disk' ? createReadStream(f.source.path) : f.source.gen.open();
	}

	/** The first `max` bytes of a file (to measure audio length). */
	async head(f: StoredFile, max: number): Promise<Buffer> {
		if (f.source.kind === 'disk') {
			const fh = await open(f.source.path, 'r');
			try {
				const buf = Buffer.alloc(Math.min(max, f.size));
				const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
				return buf.subarray(0, bytesRead);
			} finally {
				await fh.close();
			}
		}
		const chunks: Buffer[] = [];
		let n = 0;
		for await (const c of f.source.gen.open()) {
			chunks.push(c as Buffer);
			n += (c as Buffer).length;
			if (n >= max) break;
		}
		return Buffer.concat(chunks).subarray(0, max);
	}

	async clear(): Promise<void> {
		const disk = [...this.files.values()].flatMap((f) =>
			f.source.kind === 'disk' ? [f.source.path] : [],
		);
		this.files.clear();
		await Promise.all(disk.map((p) => rm(p, { force: true })));
	}
}
