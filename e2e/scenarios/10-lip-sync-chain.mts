// The three-step lip-sync recipe in one workflow: Identify Faces (a video URL) → Text to Speech →
// Create Lip-Sync Video, waiting for the result and downloading it; n8n's own Read/Write Files
// from Disk node writes the mp4.
//
// Filling in or adjusting: the node parameters live in e2e/workflows/lip-sync-chain.json. When a
// parameter name there does not exist in the node, the run fails and lists the names the node
// does have for that operation.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { writeMediaFixture } from '../lib/fixtures.mjs';
import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'lip-sync-chain',
	title: 'Identify Faces → Text to Speech → Create Lip-Sync Video (waiting) → mp4 on disk',
	requires: [
		{ resource: 'lipSync', operation: 'identifyFaces' },
		{ resource: 'audio', operation: 'textToSpeech' },
		{ resource: 'lipSync', operation: 'createVideo' },
	],
	async run({ runWorkflow, sim, filesDir, log }) {
		const video = await writeMediaFixture(filesDir, 'presenter.mp4', { durationMs: 10_000 });
		const videoUrl = await sim.upload(video.bytes, 'presenter.mp4');
		const output = join(filesDir, 'talking.mp4');
		const execution = await runWorkflow(
			'lip-sync-chain',
			{ VIDEO_URL: videoUrl, TEXT: 'Hello from the end-to-end test of the RunningHub nodes.', OUTPUT_PATH: output },
			{ timeoutMs: 120_000 },
		);
		execution.assertSuccess();

		const [faces] = execution.output('Identify faces');
		assert.ok(faces.json.sessionId, `no sessionId: ${JSON.stringify(faces.json)}`);
		assert.ok(Array.isArray(faces.json.faces) && faces.json.faces.length > 0, `no faces: ${JSON.stringify(faces.json)}`);
		const [speech] = execution.output('Text to speech');
		assert.ok(speech.json.audioId, `no audioId: ${JSON.stringify(speech.json)}`);
		const [result] = execution.output('Create lip-sync video');
		assert.equal(result.json.state, 'succeeded', JSON.stringify(result.json));
		const binary = result.binary?.data;
		assert.ok(binary, 'no binary "data" on the lip-sync result');
		assert.equal(binary.mimeType, 'video/mp4');

		// What RunningHub received: the session, face and audio the earlier steps returned, and an
		// end time the node measured from the downloaded mp3.
		const submit = (sim.control.tasks() as Array<{ id: string; endpoint: string; body: Record<string, unknown> }>).find(
			(t) => t.id === String(result.json.taskId),
		);
		assert.equal(submit?.endpoint, 'kling-lip-sync/lip-sync-video');
		assert.equal(String(submit?.body.sessionId), String(faces.json.sessionId));
		assert.equal(String(submit?.body.audioId), String(speech.json.audioId));
		assert.equal(Number(submit?.body.soundEndTime), Number(speech.json.durationMs));

		execution.output('Write video to disk');
		assert.ok(existsSync(output), `n8n did not write ${output}`);
		const url = result.json.outputs.find((o: { url?: string }) => o.url)?.url;
		assert.ok(readFileSync(output).equals(await sim.bytes(url)), 'the mp4 on disk differs from the task output');
		log(`session ${faces.json.sessionId}, ${faces.json.faces.length} face(s), audio ${speech.json.audioId}, task ${result.json.taskId} → ${output}`);
	},
};
