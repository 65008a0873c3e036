// A crafted audio file given to lip-sync: measured in time linear in its size, and refused as
// unreadable before anything is uploaded or paid for (it once kept n8n busy for minutes).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { HOSTILE } from '../media/hostile.mjs';
import { binaryItem, runError, videoItem, withSim } from './helpers.mjs';

describe('lip-sync with a hostile audio file', () => {
	it('a 1 MB M4A whose fragments lie about their sizes is refused as unreadable, nothing paid', async () => {
		const lying = HOSTILE.find((s) => s.name.startsWith('m4a: fragments whose trun'));
		assert.ok(lying);
		await withSim(async (sim) => {
			const audio = await binaryItem(Buffer.from(lying.make(1024 * 1024)), 'voice.m4a', 'audio/mp4', 'audio');
			const video = await videoItem();
			const error = await runError({
				sim,
				parameters: { operation: 'lipSync', audioSource: 'binary' },
				input: [{ ...video, binary: { ...video.binary, ...audio.binary } }],
			});
			assert.equal(
				error.message,
				"Audio Input Binary Field: the M4A file's length cannot be read (it may be damaged or incomplete), so the lip-sync timings cannot be worked out [item 0]",
			);
			assert.equal(sim.control.submitCounts().total, 0, 'nothing was submitted');
			assert.equal(sim.control.requests({ path: '/openapi/v2/media/upload/binary' }).length, 0, 'nothing was uploaded');
		});
	});
});
