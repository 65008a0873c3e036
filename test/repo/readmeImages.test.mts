// The README shows every screenshot in docs/images/ and nothing else: a shot that no caption
// names is dead weight in the package's repository, and a caption whose image is gone shows a
// broken picture on npm and GitHub.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const IMAGES = 'docs/images';

/** Paths of the images the README shows, as Markdown images or HTML <img> tags. */
function readmeImages(): string[] {
	const readme = readFileSync(resolve(REPO, 'README.md'), 'utf8');
	const markdown = [...readme.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
	const html = [...readme.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((m) => m[1]);
	return [...markdown, ...html].filter((src) => !/^[a-z]+:/i.test(src)).map((src) => src.replace(/^\.\//, ''));
}

describe('README images', () => {
	it('every image the README shows exists', () => {
		const shown = readmeImages();
		assert.ok(shown.length > 0, 'the README shows no image');
		const missing = shown.filter((src) => !existsSync(resolve(REPO, src)));
		assert.deepEqual(missing, [], `README images that do not exist: ${missing.join(', ')}`);
	});

	it(`every file in ${IMAGES}/ is shown by the README`, () => {
		const shown = new Set(readmeImages());
		const files = readdirSync(resolve(REPO, IMAGES)).map((name) => `${IMAGES}/${name}`);
		assert.ok(files.length > 0, `${IMAGES}/ is empty`);
		const unused = files.filter((file) => !shown.has(file));
		assert.deepEqual(unused, [], `images in ${IMAGES}/ that the README does not show: ${unused.join(', ')}`);
	});
});
