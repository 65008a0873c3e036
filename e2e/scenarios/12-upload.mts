// File → Upload of a binary file that n8n's own Read/Write Files from Disk node read: RunningHub
// (the simulator) receives the same bytes and the node returns a download URL and file name.
// Runs in both binary-data modes, because reading binary input differs between them.
import assert from 'node:assert/strict';

import { writeMediaFixture } from '../lib/fixtures.mjs';
import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'upload',
	title: 'File → Upload of a file read from disk by n8n: same bytes at the returned URL',
	binaryModes: ['filesystem', 'default'],
	requires: [{ resource: 'file', operation: 'upload' }],
	async run({ runWorkflow, sim, filesDir, log }) {
		const input = await writeMediaFixture(filesDir, 'clip.mp4', { durationMs: 6000 });
		const execution = await runWorkflow('upload', { INPUT_PATH: input.path });
		execution.assertSuccess();
		const [item] = execution.output('Upload');
		const out = item.json;
		assert.equal(out.sourceFileName, 'clip.mp4');
		assert.equal(out.mimeType, 'video/mp4');
		assert.equal(Number(out.size), input.bytes.length);
		assert.ok(out.fileName, `no fileName: ${JSON.stringify(out)}`);
		assert.notEqual(out.endpoint, 'legacy', 'the new upload was used');
		assert.match(String(out.downloadUrl), /^https?:\/\//);
		const stored = await sim.bytes(String(out.downloadUrl));
		assert.ok(stored.equals(input.bytes), 'the uploaded file differs from the file on disk');
		log(`uploaded ${input.bytes.length} bytes → ${out.fileName}`);
	},
};
