// Workflow (ComfyUI) → Run in real n8n, three ways from one trigger: a text-to-image workflow with
// node input overrides (prompt, seed, width) on version 1, the same through version 2's Node
// Inputs mapper (fields loaded by the editor from the graph, the ID given as the page's URL), and File → Upload LoRA of a safetensors file read
// from disk whose returned file name feeds the RHLoraLoader node of a video workflow. Both wait
// and download their output. Runs in both binary modes: the LoRA is streamed from n8n's binary
// store in filesystem mode and read from memory in default mode.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { SIM_TXT2IMG_WORKFLOW_ID } from '../lib/sim.mjs';
import type { Scenario, ScenarioContext } from '../lib/scenario.mjs';
import { loadWorkflow, NODE_PREFIX } from '../lib/workflows.mjs';

/** The simulator's video workflow with an RHLoraLoader node "14" (simulator/workflows.mts). */
const LORA_WORKFLOW_ID = '1950000000000000002';

/** A small but well-formed safetensors file: header length, JSON header, one F32 tensor. */
function safetensors(): Buffer {
	const header = Buffer.from(JSON.stringify({ __metadata__: { format: 'pt' }, 'lora_up.weight': { dtype: 'F32', shape: [64], data_offsets: [0, 256] } }));
	const length = Buffer.alloc(8);
	length.writeBigUInt64LE(BigInt(header.length));
	const tensor = Buffer.alloc(256);
	for (let i = 0; i < 64; i++) tensor.writeFloatLE(Math.sin(i), i * 4);
	return Buffer.concat([length, header, tensor]);
}

type Task = { id: string; kind: string; endpoint: string; body: Record<string, any> };
type Field = { id: string; type: string; displayName: string; defaultValue?: unknown };

/** The Node Inputs fields the editor loads for the stored version-2 node (n8n's own REST endpoint). */
async function editorFields(ctx: ScenarioContext): Promise<{ stored: Field[]; loaded: Field[] }> {
	const stored = loadWorkflow('workflow-run', { TXT2IMG_ID: SIM_TXT2IMG_WORKFLOW_ID, LORA_WORKFLOW_ID, LORA_PATH: 'x' });
	const parameters = stored.nodes.find((n) => n.name === 'Text to image through the mapper')!.parameters as Record<string, any>;
	const answer = await ctx.instance.rest.request<{ fields: Field[] }>('POST', '/rest/dynamic-node-parameters/resource-mapper-fields', {
		nodeTypeAndVersion: { name: `${NODE_PREFIX}runningHub`, version: 2 },
		path: 'parameters.nodeInputValues',
		methodName: 'getWorkflowFields',
		currentNodeParameters: parameters,
		credentials: { runningHubApi: { id: ctx.instance.credential.id, name: ctx.instance.credential.name } },
	});
	return { stored: parameters.nodeInputValues.schema, loaded: answer.fields };
}

export const scenario: Scenario = {
	name: 'workflow-run',
	title: 'Workflow → Run with node overrides; Upload LoRA → its file name in an RHLoraLoader override',
	binaryModes: ['filesystem', 'default'],
	requires: [
		{ resource: 'workflow', operation: 'run' },
		{ resource: 'file', operation: 'uploadLora' },
	],
	timeoutMs: 120_000,
	async run(ctx) {
		const { runWorkflow, sim, filesDir, log } = ctx;
		const form = await editorFields(ctx);
		const shape = (fields: Field[]) => fields.map((f) => [f.id, f.type, f.defaultValue]);
		assert.deepEqual(shape(form.stored), shape(form.loaded), 'the stored Node Inputs form is what the editor loads from the graph');
		assert.equal(form.loaded.find((f) => f.id === '6:text')?.displayName, 'Positive Prompt (CLIPTextEncode #6) · text');
		assert.equal(form.loaded.find((f) => f.id === '10:image')?.displayName, 'LoadImage #10 · image (file)');
		const lora = safetensors();
		const loraPath = join(filesDir, 'watercolor-style.safetensors');
		writeFileSync(loraPath, lora);
		const md5Hex = createHash('md5').update(lora).digest('hex');
		const execution = await runWorkflow(
			'workflow-run',
			{ TXT2IMG_ID: SIM_TXT2IMG_WORKFLOW_ID, LORA_WORKFLOW_ID, LORA_PATH: loraPath },
			{ timeoutMs: 90_000 },
		);
		execution.assertSuccess();
		const tasks = sim.control.tasks() as Task[];
		const taskOf = (id: unknown) => tasks.find((t) => t.id === String(id));

		// Text to image: the overrides arrive typed (numbers as numbers), the image comes back as binary.
		const [image] = execution.output('Text to image');
		assert.equal(image.json.state, 'succeeded', JSON.stringify(image.json).slice(0, 400));
		assert.equal(image.json.workflowId, SIM_TXT2IMG_WORKFLOW_ID);
		const imageTask = taskOf(image.json.taskId);
		assert.equal(imageTask?.kind, 'workflow');
		assert.deepEqual(imageTask?.body.nodeInfoList, [
			{ nodeId: '6', fieldName: 'text', fieldValue: 'A lighthouse at dusk, oil painting' },
			{ nodeId: '3', fieldName: 'seed', fieldValue: 1234 },
			{ nodeId: '5', fieldName: 'width', fieldValue: 768 },
		]);
		assert.equal(image.binary?.data?.mimeType, 'image/png');

		// Version 2 through the mapper: prompt as text, the 19-digit seed digit for digit, numbers as numbers.
		const [mapped] = execution.output('Text to image through the mapper');
		assert.equal(mapped.json.status, 'succeeded', JSON.stringify(mapped.json).slice(0, 400));
		assert.equal(mapped.json.workflowId, SIM_TXT2IMG_WORKFLOW_ID, 'the ID read from the page URL');
		assert.deepEqual(taskOf(mapped.json.taskId)?.body.nodeInfoList, [
			{ nodeId: '6', fieldName: 'text', fieldValue: 'A lighthouse at dusk, watercolor' },
			{ nodeId: '3', fieldName: 'seed', fieldValue: '1234567890123456789' },
			{ nodeId: '5', fieldName: 'width', fieldValue: 768 },
			{ nodeId: '3', fieldName: 'cfg', fieldValue: 6.5 },
		]);
		assert.equal(mapped.binary?.data?.mimeType, 'image/png');

		// Upload LoRA: the MD5 of the file on disk, the same bytes PUT to the presigned URL.
		const [uploaded] = execution.output('Upload LoRA');
		assert.deepEqual(uploaded.json, {
			fileName: `api-lora/${md5Hex}.safetensors`,
			loraName: 'watercolor-style',
			md5Hex,
			size: lora.length,
			sourceFileName: 'watercolor-style.safetensors',
			alreadyUploaded: false,
		});
		const puts = (sim.control.requests() as Array<{ method: string; status: number; body: string }>).filter((r) => r.method === 'PUT');
		assert.deepEqual(
			puts.map((r) => [r.status, r.body]),
			[[200, `lora upload ${lora.length} bytes`]],
			'one PUT whose bytes matched the MD5 the URL was issued for',
		);

		// The video workflow got the LoRA's file name in its RHLoraLoader node, and finished.
		const [video] = execution.output('Talking video with the LoRA');
		assert.equal(video.json.state, 'succeeded', JSON.stringify(video.json).slice(0, 400));
		const videoTask = taskOf(video.json.taskId);
		assert.deepEqual(videoTask?.body.nodeInfoList, [
			{ nodeId: '14', fieldName: 'lora_name', fieldValue: `api-lora/${md5Hex}.safetensors` },
			{ nodeId: '14', fieldName: 'strength_model', fieldValue: 0.8 },
			{ nodeId: '20', fieldName: 'frame_rate', fieldValue: 30 },
		]);
		assert.equal(videoTask?.body.instanceType, 'plus');
		assert.equal(video.binary?.data?.mimeType, 'video/mp4');
		log(`txt2img task ${image.json.taskId}; LoRA ${uploaded.json.fileName} (${lora.length} bytes) → video task ${video.json.taskId}`);
	},
};
