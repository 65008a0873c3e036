// One-step Lip-Sync: a video that n8n's Read/Write Files from Disk node read (binary) plus a
// text go in, a finished mp4 comes out as binary and the same node writes it to disk. Runs in
// both binary-data modes.
//
// Filling in or adjusting: the node parameters live in e2e/workflows/lip-sync-one-step.json.
// When a parameter name there does not exist in the node, the run fails and lists the names
// the node does have for that operation.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { writeMediaFixture } from '../lib/fixtures.mjs';
import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'lip-sync-one-step',
	title: 'Lip-Sync (one step): binary video from disk + text → binary mp4 → file on disk',
	binaryModes: ['filesystem', 'default'],
	requires: [{ resource: 'lipSync', operation: 'lipSync' }],
	async run({ runWorkflow, sim, filesDir, mode, log }) {
		const input = await writeMediaFixture(filesDir, 'presenter.mp4', { durationMs: 10_000 });
		const output = join(filesDir, 'talking.mp4');
		const execution = await runWorkflow(
			'lip-sync-one-step',
			{ INPUT_PATH: input.path, TEXT: 'Hello from the one-step lip-sync test.', OUTPUT_PATH: output },
			{ timeoutMs: 120_000 },
		);
		execution.assertSuccess();
		const [result] = execution.output('Lip-sync');
		const binary = result.binary?.data;
		assert.ok(binary, `no binary "data" on the result: ${JSON.stringify(result.json).slice(0, 400)}`);
		assert.equal(binary.mimeType, 'video/mp4');
		execution.output('Write video to disk');
		assert.ok(existsSync(output), `n8n did not write ${output}`);
		const url = (result.json.outputs ?? []).find((o: { url?: string }) => o.url)?.url ?? result.json.videoUrl;
		assert.ok(url, `no output URL in ${JSON.stringify(result.json).slice(0, 400)}`);
		assert.ok(readFileSync(output).equals(await sim.bytes(url)), 'the mp4 on disk differs from the task output');
		log(`${mode}: ${readFileSync(output).length} bytes → ${output}`);
	},
};
