// The three-step lip-sync recipe in one workflow: Identify Faces (a video URL) → Text to Speech →
// Create Lip-Sync Video, waiting for the result and downloading it; n8n's own Read/Write Files
// from Disk node writes the mp4. It runs twice: as saved on node version 1 (Download Outputs set
// by hand, the first output shape), and on version 2 without Download Outputs set, where the
// files come by default and the task has the one shape of docs/outputs.md.
//
// Filling in or adjusting: the node parameters live in e2e/workflows/lip-sync-chain.json. When a
// parameter name there does not exist in the node, the run fails and lists the names the node
// does have for that operation.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { writeMediaFixture } from '../lib/fixtures.mjs';
import type { WorkflowJson } from '../lib/rest.mjs';
import type { Execution, Scenario, ScenarioContext } from '../lib/scenario.mjs';

const TEXT = 'Hello from the end-to-end test of the RunningHub nodes.';

/** Version 2 downloads media by default: the file must come without the option set. */
function withoutDownloadOption(workflow: WorkflowJson): void {
	for (const node of workflow.nodes) {
		const options = node.parameters.submitOptions as Record<string, unknown> | undefined;
		if (options) delete options.downloadOutputs;
	}
}

/** What every version shows: the steps' hand-overs reached RunningHub and the mp4 on disk is the output. */
async function checkChain(ctx: ScenarioContext, execution: Execution, output: string): Promise<void> {
	const [faces] = execution.output('Identify faces');
	assert.ok(faces.json.sessionId, `no sessionId: ${JSON.stringify(faces.json)}`);
	assert.ok(Array.isArray(faces.json.faces) && faces.json.faces.length > 0, `no faces: ${JSON.stringify(faces.json)}`);
	const [speech] = execution.output('Text to speech');
	assert.ok(speech.json.audioId, `no audioId: ${JSON.stringify(speech.json)}`);
	const [result] = execution.output('Create lip-sync video');
	const binary = result.binary?.data;
	assert.ok(binary, 'no binary "data" on the lip-sync result');
	assert.equal(binary.mimeType, 'video/mp4');

	// What RunningHub received: the session, face and audio the earlier steps returned, and an
	// end time the node measured from the downloaded mp3.
	const submit = (ctx.sim.control.tasks() as Array<{ id: string; endpoint: string; body: Record<string, unknown> }>).find(
		(t) => t.id === String(result.json.taskId),
	);
	assert.equal(submit?.endpoint, 'kling-lip-sync/lip-sync-video');
	assert.equal(String(submit?.body.sessionId), String(faces.json.sessionId));
	assert.equal(String(submit?.body.audioId), String(speech.json.audioId));
	assert.equal(Number(submit?.body.soundEndTime), Number(speech.json.durationMs));

	execution.output('Write video to disk');
	assert.ok(existsSync(output), `n8n did not write ${output}`);
	const url = result.json.outputs.find((o: { url?: string }) => o.url)?.url;
	assert.ok(readFileSync(output).equals(await ctx.sim.bytes(url)), 'the mp4 on disk differs from the task output');
	ctx.log(`session ${faces.json.sessionId}, ${faces.json.faces.length} face(s), audio ${speech.json.audioId}, task ${result.json.taskId} → ${output}`);
}

/** No field anywhere in a version-2 item is null (docs/outputs.md: a field without a value is left out). */
function nullPaths(value: unknown, path = '$'): string[] {
	if (value === null) return [path];
	if (typeof value !== 'object') return [];
	return Object.entries(value as object).flatMap(([k, v]) => nullPaths(v, `${path}.${k}`));
}

export const scenario: Scenario = {
	name: 'lip-sync-chain',
	title: 'Identify Faces → Text to Speech → Create Lip-Sync Video (waiting) → mp4 on disk, on node versions 1 and 2',
	requires: [
		{ resource: 'lipSync', operation: 'identifyFaces' },
		{ resource: 'audio', operation: 'textToSpeech' },
		{ resource: 'lipSync', operation: 'createVideo' },
	],
	timeoutMs: 180_000,
	async run(ctx) {
		const { runWorkflow, sim, filesDir } = ctx;
		const video = await writeMediaFixture(filesDir, 'presenter.mp4', { durationMs: 10_000 });
		const videoUrl = await sim.upload(video.bytes, 'presenter.mp4');

		// Version 1, as saved before version 2 existed: RunningHub's status word next to state.
		const outputV1 = join(filesDir, 'talking.mp4');
		const v1 = await runWorkflow('lip-sync-chain', { VIDEO_URL: videoUrl, TEXT, OUTPUT_PATH: outputV1 }, { timeoutMs: 120_000 });
		v1.assertSuccess();
		const [resultV1] = v1.output('Create lip-sync video');
		assert.equal(resultV1.json.state, 'succeeded', JSON.stringify(resultV1.json));
		assert.equal(resultV1.json.status, 'SUCCESS', JSON.stringify(resultV1.json));
		await checkChain(ctx, v1, outputV1);

		// Version 2, Download Outputs not set: the MP3 and the MP4 still come, in the one task shape.
		const outputV2 = join(filesDir, 'talking-v2.mp4');
		const v2 = await runWorkflow(
			'lip-sync-chain',
			{ VIDEO_URL: videoUrl, TEXT, OUTPUT_PATH: outputV2 },
			{ timeoutMs: 120_000, nodeVersion: 2, adjust: withoutDownloadOption },
		);
		v2.assertSuccess();
		const [speech] = v2.output('Text to speech');
		assert.equal(speech.binary?.data?.mimeType, 'audio/mpeg', 'version 2 downloads the speech by default');
		assert.equal(typeof speech.json.durationMs, 'number', 'the downloaded MP3 is measured');
		assert.equal(speech.json.voiceLanguage, 'en', 'English text on a non-.cn site gets the site default, an English voice');
		const [result] = v2.output('Create lip-sync video');
		const json = result.json as Record<string, unknown>;
		assert.equal(json.status, 'succeeded', JSON.stringify(json));
		assert.equal(json.state, undefined, 'no status + state twins in version 2');
		assert.equal(typeof json.videoUrl, 'string', 'the videoUrl shortcut');
		assert.deepEqual(json.videoUrls, [json.videoUrl]);
		if (json.cost !== undefined) {
			assert.equal(typeof json.cost, 'number', `cost is a number: ${JSON.stringify(json.cost)}`);
			assert.equal(typeof json.currency, 'string', 'cost comes with its currency');
		}
		for (const item of [speech, result]) assert.deepEqual(nullPaths(item.json), [], `no null fields: ${JSON.stringify(item.json).slice(0, 400)}`);
		assert.ok(!('message' in json), 'no prose in the data');
		await checkChain(ctx, v2, outputV2);
		ctx.log(`version 2: ${JSON.stringify({ status: json.status, videoUrl: json.videoUrl, cost: json.cost, currency: json.currency })}`);
	},
};
