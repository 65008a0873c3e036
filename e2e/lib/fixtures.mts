// Input files for scenarios, made by the simulator's own generator: small but structurally
// valid media (an MP4 with a real duration, an MP3 made of real frames, a PNG).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { REPO_ROOT } from './runtime.mjs';

/** Writes a generated media file into dir and returns its path and bytes. */
export async function writeMediaFixture(
	dir: string,
	fileName: string,
	options: { durationMs?: number; sizeBytes?: number } = {},
): Promise<{ path: string; bytes: Buffer }> {
	const media = await import(pathToFileURL(join(REPO_ROOT, 'simulator', 'media.mts')).href);
	const ext = fileName.split('.').pop() ?? '';
	const generated = media.generate(ext, options);
	const chunks: Buffer[] = [];
	for await (const chunk of generated.open()) chunks.push(Buffer.from(chunk));
	const bytes = Buffer.concat(chunks);
	const path = join(dir, fileName);
	writeFileSync(path, bytes);
	return { path, bytes };
}
