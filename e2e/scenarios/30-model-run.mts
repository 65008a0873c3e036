// Model → Run in real n8n: an image job whose photo comes from n8n's Read/Write Files node as
// binary (auto-uploaded), then a video job fed the image job's output URL, both waiting and
// downloading their output into binary; the video is written to disk. Before the run, the
// editor's own calls (model search, the Parameters form) are made through n8n's REST API: the
// stored form in e2e/workflows/model-run.json must match what the editor would load today.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { writeMediaFixture } from '../lib/fixtures.mjs';
import { PACKAGE_NAME } from '../lib/pack.mjs';
import type { Scenario, ScenarioContext } from '../lib/scenario.mjs';
import { loadWorkflow, NODE_PREFIX } from '../lib/workflows.mjs';

const IMAGE_MODEL = 'alibaba/wan-2.5-preview/image-to-image';
const VIDEO_MODEL = 'alibaba/happyhorse-1.0/image-to-video';

type Field = { id: string; type: string; required: boolean; options?: Array<{ value: unknown }> };
type Task = { id: string; endpoint: string; body: Record<string, unknown> };

/** What decides how a field behaves (labels may be reworded without making a stored form stale). */
const shape = (fields: Field[]) => fields.map((f) => ({ id: f.id, type: f.type, required: f.required, options: f.options?.map((o) => o.value) }));

/** The editor's dynamic-parameter call for a node of this package (n8n's own REST endpoint). */
async function editorCall<T>(ctx: ScenarioContext, kind: string, parameters: Record<string, unknown>, extra: Record<string, unknown>): Promise<T> {
	return await ctx.instance.rest.request<T>('POST', `/rest/dynamic-node-parameters/${kind}`, {
		nodeTypeAndVersion: { name: `${NODE_PREFIX}runningHub`, version: 1 },
		currentNodeParameters: parameters,
		credentials: { runningHubApi: { id: ctx.instance.credential.id, name: ctx.instance.credential.name } },
		...extra,
	});
}

async function checkEditorForms(ctx: ScenarioContext): Promise<void> {
	const stored = loadWorkflow('model-run', { INPUT_PATH: 'x', OUTPUT_PATH: 'y' });
	for (const [nodeName, endpoint, search] of [
		['Restyle photo', IMAGE_MODEL, 'wan image to image'],
		['Animate painting', VIDEO_MODEL, 'happyhorse video'],
	] as const) {
		const parameters = stored.nodes.find((n) => n.name === nodeName)!.parameters as Record<string, any>;
		const found = await editorCall<{ results: Array<{ name: string; value: string }> }>(ctx, 'resource-locator-results', parameters, {
			path: 'parameters.model',
			methodName: 'searchModels',
			filter: search,
		});
		const hit = found.results.find((r) => r.value === endpoint);
		assert.ok(hit, `searching "${search}" in the Model list finds ${endpoint}: got ${found.results.map((r) => r.value).join(', ')}`);
		assert.equal(parameters.model.cachedResultName, hit.name, `${nodeName}: the stored model name is the list's`);
		const form = await editorCall<{ fields: Field[] }>(ctx, 'resource-mapper-fields', parameters, {
			path: 'parameters.modelParameters',
			methodName: 'getModelFields',
		});
		assert.deepEqual(shape(parameters.modelParameters.schema), shape(form.fields), `${nodeName}: the stored Parameters form is stale; reload it from the editor`);
		for (const field of form.fields.filter((f) => f.required)) {
			assert.ok(parameters.modelParameters.value[field.id] !== undefined, `${nodeName}: required field ${field.id} is filled`);
		}
	}
}

export const scenario: Scenario = {
	name: 'model-run',
	title: 'Model → Run: image job (binary photo in) → video job, waiting, outputs downloaded, mp4 on disk',
	binaryModes: ['filesystem', 'default'],
	requires: [{ resource: 'model', operation: 'run' }],
	timeoutMs: 120_000,
	async run(ctx) {
		const { runWorkflow, sim, filesDir, instance, log } = ctx;
		await checkEditorForms(ctx);

		const photo = await writeMediaFixture(filesDir, 'photo.png');
		const output = join(filesDir, 'painting.mp4');
		const execution = await runWorkflow('model-run', { INPUT_PATH: photo.path, OUTPUT_PATH: output }, { timeoutMs: 90_000 });
		execution.assertSuccess();
		const tasks = sim.control.tasks() as Task[];
		const taskOf = (id: unknown) => tasks.find((t) => t.id === String(id));

		const [image] = execution.output('Restyle photo');
		assert.equal(image.json.state, 'succeeded', JSON.stringify(image.json).slice(0, 400));
		assert.equal(image.json.model, IMAGE_MODEL);
		assert.equal(image.json.outputType, 'image');
		assert.ok((image.json.estimatedCost as { amount?: number })?.amount, 'the result carries the estimated cost');
		assert.equal(image.binary?.data?.mimeType, 'image/png');
		const imageTask = taskOf(image.json.taskId);
		assert.equal(imageTask?.endpoint, IMAGE_MODEL);
		// The photo went in as binary: the node uploaded it and sent its download URL in the list field.
		const sentUrls = imageTask?.body.imageUrls as string[];
		assert.ok(Array.isArray(sentUrls) && sentUrls.length === 1, JSON.stringify(imageTask?.body));
		assert.ok((await sim.bytes(sentUrls[0])).equals(photo.bytes), 'RunningHub received the photo read from disk');
		assert.deepEqual(
			{ prompt: imageTask?.body.prompt, n: imageTask?.body.n, size: imageTask?.body.size, promptExtend: imageTask?.body.promptExtend },
			{ prompt: 'Turn the photo into a watercolor painting', n: 1, size: '1280*1280', promptExtend: true },
		);

		const [video] = execution.output('Animate painting');
		assert.equal(video.json.state, 'succeeded', JSON.stringify(video.json).slice(0, 400));
		assert.equal(video.json.outputType, 'video');
		assert.equal(video.binary?.data?.mimeType, 'video/mp4');
		const videoTask = taskOf(video.json.taskId);
		assert.equal(videoTask?.endpoint, VIDEO_MODEL);
		assert.deepEqual(videoTask?.body, {
			imageUrl: image.json.imageUrl,
			prompt: 'The painted scene slowly comes alive',
			resolution: '720p',
			duration: '5',
			seed: 7,
		});

		execution.output('Write video to disk');
		assert.ok(existsSync(output), `n8n did not write ${output}`);
		assert.ok(readFileSync(output).equals(await sim.bytes(String(video.json.videoUrl))), 'the mp4 on disk is the task output');

		// The node description the editor loads: the catalogue is not in it.
		const types = await instance.rest.request<Array<{ name: string }>>('GET', '/types/nodes.json');
		const ours = types.find((t) => t.name === `${PACKAGE_NAME}.runningHub`);
		assert.ok(ours, 'the RunningHub node is in /types/nodes.json');
		const size = JSON.stringify(ours).length;
		assert.ok(!JSON.stringify(ours).includes(IMAGE_MODEL), 'no catalogue model in the description');
		log(`image task ${image.json.taskId} → video task ${video.json.taskId} → ${output}; RunningHub description in /types/nodes.json: ${size} characters`);
	},
};
