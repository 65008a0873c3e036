// The lip-sync chain (Identify Faces → Text to Speech → Create Lip-Sync Video with Download
// Outputs) run on a worker: the mp4 the package stores as binary data (database mode, the only
// mode that works across queue-mode processes) is read back by the next node of the same
// execution, n8n's Extract from File, and must be the complete file RunningHub served.
import assert from 'node:assert/strict';

import { writeMediaFixture } from '../../lib/fixtures.mjs';
import { manualTriggerName } from '../../lib/workflows.mjs';
import { Execution } from '../../lib/scenario.mjs';
import type { QueueScenario } from '../context.mjs';

export const scenario: QueueScenario = {
	name: 'lip-sync-chain',
	title: 'lip-sync chain on a worker, the downloaded mp4 read whole by the next node (binary data in the database)',
	async run(ctx) {
		const { sim, filesDir, cluster, log } = ctx;
		const video = await writeMediaFixture(filesDir, 'presenter.mp4', { durationMs: 10_000 });
		const videoUrl = await sim.upload(video.bytes, 'presenter.mp4');
		const { id, workflow } = await ctx.createWorkflow(ctx.workflowFile('lip-sync-chain'), {
			VIDEO_URL: videoUrl,
			TEXT: 'Hello from the queue-mode test of the RunningHub nodes.',
		});
		const executionId = await cluster.main.rest.runManually(id, manualTriggerName(workflow));
		const execution = new Execution(await cluster.main.rest.waitForExecution(executionId, { timeoutMs: 120_000 }));
		execution.assertSuccess();

		const ranOn = ctx.ranOn(execution.id);
		assert.equal(ranOn.length, 1, `one process ran execution ${execution.id}: ${ranOn.join(', ') || 'none'}`);
		assert.match(ranOn[0], /^worker-/, `a worker runs it, not main (${ranOn[0]})`);

		const [faces] = execution.output('Identify faces');
		const [speech] = execution.output('Text to speech');
		const [result] = execution.output('Create lip-sync video');
		assert.equal(result.json.state, 'succeeded', JSON.stringify(result.json).slice(0, 400));
		const binary = result.binary?.data;
		assert.ok(binary, 'no binary "data" on the lip-sync result');
		assert.equal(binary.mimeType, 'video/mp4');
		assert.match(String(binary.id), /^database:/, `binary data kept in the database (got id ${binary.id})`);

		// At the simulator: one task per step, the lip-sync one fed by the earlier steps' outputs.
		const tasks = sim.control.tasks() as Array<{ id: string; endpoint: string; body: Record<string, unknown>; results: Array<{ url: string }> }>;
		const lipSync = tasks.filter((t) => t.endpoint === 'kling-lip-sync/lip-sync-video');
		assert.equal(lipSync.length, 1, `one lip-sync task (got ${lipSync.length})`);
		assert.equal(lipSync[0].id, String(result.json.taskId));
		assert.equal(String(lipSync[0].body.sessionId), String(faces.json.sessionId));
		assert.equal(String(lipSync[0].body.audioId), String(speech.json.audioId));

		// The next node on the same execution read the binary back through n8n: the whole file.
		const [readBack] = execution.output('Read the video back');
		const url = (result.json.outputs as Array<{ url?: string }>).find((o) => o.url)?.url as string;
		const served = await sim.bytes(url);
		const bytes = Buffer.from(String(readBack.json.videoBase64), 'base64');
		assert.equal(bytes.length, served.length, `the next node read ${bytes.length} of ${served.length} bytes`);
		assert.ok(bytes.equals(served), 'the file the next node read differs from the task output');
		log(`execution ${execution.id} on ${ranOn[0]}: task ${result.json.taskId}, ${served.length} bytes read back whole (${binary.id})`);
	},
};
