// A binary made by hand (a Code node, a wrapped e-mail attachment) may hold base64 broken into
// lines. Its size and bytes must be those of the decoded file, or the streamed upload's
// Content-Length is wrong and every attempt fails (review finding).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';
import type { IExecuteFunctions } from 'n8n-workflow';

import { readAllBytes, readBinaryInput } from '../../nodes/core/media/binary.ts';

function contextWith(base64: string) {
	const binary = { data: { data: base64, mimeType: 'application/octet-stream', fileName: 'file.bin' } };
	return {
		getNode: () => ({ name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion: 2, position: [0, 0], parameters: {} }),
		getInputData: () => [{ json: {}, binary }],
		helpers: { assertBinaryData: () => binary.data },
	} as unknown as IExecuteFunctions;
}

const wrap = (text: string, width: number, eol: string) => text.replace(new RegExp(`(.{${width}})`, 'g'), `$1${eol}`);

test('base64 wrapped into lines reads as the same bytes, with the decoded size', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.uint8Array({ minLength: 0, maxLength: 400_000 }),
			fc.integer({ min: 1, max: 120 }),
			fc.constantFrom('\n', '\r\n', ' ', '\t', '\u00a0', '\u2028', '\ufeff'),
			async (bytes, width, eol) => {
				const input = await readBinaryInput(contextWith(wrap(Buffer.from(bytes).toString('base64'), width, eol)), 0, 'data');
				assert.equal(input.size, bytes.length);
				assert.deepEqual(Buffer.from(await readAllBytes(input)), Buffer.from(bytes));
			},
		),
		{ numRuns: 40 },
	);
});
