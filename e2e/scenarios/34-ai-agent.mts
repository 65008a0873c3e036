// The RunningHub node as a tool of n8n's own AI Agent, in real n8n. The agent's OpenAI Chat
// Model node points at a scripted model on loopback (e2e/lib/scriptedModel.mts) that answers with
// tool calls, then a final answer. Two tools, both `runningHubTool` nodes with parameters filled
// by the model through $fromAI: Audio → Text to Speech and Model → Run (Wan 2.5 text to image).
// Run 1: speech, then an image, then the answer. Run 2: a bad speed (the model reads the error
// and fixes the call), then an image task RunningHub fails. What the model saw as each tool
// result is read from the requests it got: compact (task ID, status, URLs, cost), never binary
// data or RunningHub's raw answer, each under 2 KB; errors as text saying what to fix.
import assert from 'node:assert/strict';

import { importWorkflow, type Instance } from '../lib/instance.mjs';
import type { ExecutionRecord } from '../lib/rest.mjs';
import type { Scenario, ScenarioContext } from '../lib/scenario.mjs';
import { startScriptedModel, type ChatRequest, type ScriptedAnswer, type SeenToolResult, textOf } from '../lib/scriptedModel.mjs';
import { loadWorkflow, manualTriggerName, NODE_PREFIX } from '../lib/workflows.mjs';

const IMAGE_MODEL = 'alibaba/wan-2.5-preview/text-to-image';
const TTS_ENDPOINT = 'kling-lip-sync/tts';
const MAX_TOOL_RESULT_BYTES = 2048;
const HAPPY = 'Make a short voice-over saying "Welcome to the mountain channel" and a cover image of a sunrise over mountains.';
const FAILING = 'Say "Hello there" very fast, then make an image of a red bicycle.';
const FAILURE_TEXT = 'The prompt was refused by the content filter';

type Task = { id: string; endpoint: string; body: Record<string, unknown> };

/** The tool whose name starts so (n8n names a tool after its node: "Speak text" → Speak_text). */
function toolName(request: ChatRequest, prefix: string): string {
	const name = request.tools?.map((t) => t.function.name).find((n) => n.startsWith(prefix));
	if (!name) throw new Error(`the model was offered no ${prefix}* tool: ${JSON.stringify(request.tools?.map((t) => t.function.name))}`);
	return name;
}

/** The tool results in a request so far, parsed (n8n sends JSON.stringify of the tool's items). */
function results(request: ChatRequest): Array<Record<string, any>> {
	return request.messages.filter((m) => m.role === 'tool').map((m) => {
		const parsed = JSON.parse(textOf(m.content));
		return (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, any>;
	});
}

/** What the scripted model does: it only ever acts on what the tool results told it. */
function script(request: ChatRequest): ScriptedAnswer {
	const prompt = textOf(request.messages.find((m) => m.role === 'user')?.content ?? '');
	const seen = results(request);
	const speak = toolName(request, 'Speak');
	const image = toolName(request, 'Make');
	if (prompt.includes('mountain')) {
		if (seen.length === 0) return { toolCalls: [{ name: speak, arguments: { text: 'Welcome to the mountain channel', speed: 1.1 } }] };
		if (seen.length === 1) return { toolCalls: [{ name: image, arguments: { prompt: 'A sunrise over snowy mountains' } }] };
		const [voice, cover] = seen;
		return { content: `Voice-over: task ${voice.taskId} (${voice.status}), ${voice.audioUrls?.[0]}. Cover: task ${cover.taskId} (${cover.status}), ${cover.imageUrls?.[0]}. Cost: ${voice.cost} + ${cover.cost} ${cover.currency ?? ''}`.trim() };
	}
	if (seen.length === 0) return { toolCalls: [{ name: speak, arguments: { text: 'Hello there', speed: 5 } }] };
	const last = seen[seen.length - 1];
	if (seen.length === 1) {
		// The error says which parameter and what is allowed: take the upper bound it names.
		const text = `${last.error ?? ''} ${last.errorDescription ?? ''}`;
		const bound = /Speed/.test(text) ? /(\d+(?:\.\d+)?)\s*(?:and|to)\s*(\d+(?:\.\d+)?)/.exec(text) : null;
		if (!bound) return { content: `I could not understand the error: ${text}` };
		return { toolCalls: [{ name: speak, arguments: { text: 'Hello there', speed: Number(bound[2]) } }] };
	}
	if (seen.length === 2) return { toolCalls: [{ name: image, arguments: { prompt: 'A red bicycle' } }] };
	return { content: `Speech: task ${seen[1].taskId}. The image failed: ${last.error} (task ${last.taskId}).` };
}

/** Loads the workflow with the model's credential and the Make image form as the editor would fill it. */
async function agentWorkflow(ctx: ScenarioContext, prompt: string, openAiCredential: { id: string; name: string }) {
	const workflow = loadWorkflow('ai-agent', { PROMPT: prompt });
	workflow.name = `${workflow.name} [ai-agent]`;
	const imageNode = workflow.nodes.find((n) => n.name === 'Make image')!;
	const parameters = imageNode.parameters as Record<string, any>;
	const form = await ctx.instance.rest.request<{ fields: unknown[] }>('POST', '/rest/dynamic-node-parameters/resource-mapper-fields', {
		nodeTypeAndVersion: { name: `${NODE_PREFIX}runningHub`, version: 2 },
		currentNodeParameters: parameters,
		credentials: { runningHubApi: { id: ctx.instance.credential.id, name: ctx.instance.credential.name } },
		path: 'parameters.modelParameters',
		methodName: 'getModelFields',
	});
	parameters.modelParameters.schema = form.fields;
	// The tool nodes have the RunningHub node's parameters, plus n8n's tool description.
	const asNode = structuredClone(workflow);
	for (const n of asNode.nodes) {
		if (n.type !== `${NODE_PREFIX}runningHubTool`) continue;
		n.type = `${NODE_PREFIX}runningHub`;
		delete (n.parameters as Record<string, unknown>).descriptionType;
		delete (n.parameters as Record<string, unknown>).toolDescription;
	}
	ctx.catalog.checkWorkflow(asNode);
	workflow.nodes.find((n) => n.name === 'Chat Model')!.credentials = { openAiApi: openAiCredential };
	return workflow;
}

async function run(instance: Instance, workflow: ReturnType<typeof loadWorkflow>): Promise<ExecutionRecord> {
	const { id } = await importWorkflow(instance, workflow);
	const executionId = await instance.rest.runManually(id, manualTriggerName(workflow));
	return await instance.rest.waitForExecution(executionId, { timeoutMs: 90_000 });
}

/** The agent's answer (its output item), failing with n8n's error when the run did not succeed. */
function agentOutput(record: ExecutionRecord): string {
	const error = record.data?.resultData.error;
	assert.equal(record.status, 'success', `execution ${record.id} ended ${record.status}${error ? `: ${error.message} ${error.description ?? ''}` : ''}`);
	const runs = record.data?.resultData.runData['AI Agent'] ?? [];
	const last = runs[runs.length - 1];
	return String(last?.data?.main?.[0]?.[0]?.json?.output ?? '');
}

/** What every tool result the model saw must be. */
function assertCompact(result: SeenToolResult): Record<string, any> {
	assert.ok(result.bytes < MAX_TOOL_RESULT_BYTES, `${result.tool}: ${result.bytes} bytes`);
	assert.doesNotMatch(result.content, /[A-Za-z0-9+/]{200,}={0,2}/, `${result.tool}: no base64 in ${result.content.slice(0, 200)}`);
	const parsed = JSON.parse(result.content);
	assert.ok(Array.isArray(parsed) && parsed.length === 1, result.content);
	const json = parsed[0] as Record<string, any>;
	for (const key of ['raw', 'outputs', 'usage', 'failedReason', 'runningHubStatus', 'binary', 'data']) assert.equal(json[key], undefined, `${result.tool}: no ${key}`);
	return json;
}

/** The tool node's runs in the execution: what it was given and returned, never binary data. */
function toolRuns(record: ExecutionRecord, node: string): Array<Record<string, any>> {
	const runs = (record.data?.resultData.runData[node] ?? []) as Array<Record<string, any>>;
	for (const r of runs) {
		const items = [...(r.data?.ai_tool?.[0] ?? []), ...(r.data?.main?.[0] ?? [])];
		for (const item of items) assert.equal(item.binary, undefined, `${node}: no binary data in its output`);
	}
	return runs;
}

export const scenario: Scenario = {
	name: 'ai-agent',
	title: "n8n's AI Agent calls RunningHub tools ($fromAI): compact results under 2 KB, errors as text the model acts on",
	requires: [{ resource: 'audio', operation: 'textToSpeech' }, { resource: 'model', operation: 'run' }],
	timeoutMs: 240_000,
	async run(ctx) {
		const { instance, sim, log } = ctx;
		const model = await startScriptedModel(script);
		try {
			const openAi = await instance.rest.createCredential('Scripted model', 'openAiApi', { apiKey: 'sk-scripted-e2e', url: model.url, header: false });

			// Run 1: speech, image, answer.
			const happy = await run(instance, await agentWorkflow(ctx, HAPPY, openAi));
			const answer = agentOutput(happy);
			const [voice, cover] = model.toolResults();
			assert.ok(voice && cover, `the model saw two tool results: ${JSON.stringify(model.toolResults())}`);
			const tts = assertCompact(voice);
			const image = assertCompact(cover);
			const tasks = sim.control.tasks() as Task[];
			const ttsTask = tasks.find((t) => t.id === tts.taskId);
			const imageTask = tasks.find((t) => t.id === image.taskId);
			// $fromAI filled the parameters with the model's arguments.
			assert.deepEqual({ endpoint: ttsTask?.endpoint, text: ttsTask?.body.text, speed: ttsTask?.body.voiceSpeed }, { endpoint: TTS_ENDPOINT, text: 'Welcome to the mountain channel', speed: 1.1 });
			assert.deepEqual({ endpoint: imageTask?.endpoint, prompt: imageTask?.body.prompt }, { endpoint: IMAGE_MODEL, prompt: 'A sunrise over snowy mountains' });
			for (const [json, kind] of [[tts, 'audioUrls'], [image, 'imageUrls']] as const) {
				assert.equal(json.status, 'succeeded');
				assert.match(String(json[kind]?.[0]), /^http/, `${kind} in ${JSON.stringify(json)}`);
				assert.equal(typeof json.cost, 'number', `the cost in ${JSON.stringify(json)}`);
			}
			assert.match(String(tts.audioId), /^\d+$/);
			assert.ok((await sim.bytes(image.imageUrls[0])).length > 0, 'the image URL the model got serves the image');
			// The answer is built from the results: the model saw them.
			assert.ok(answer.includes(String(tts.taskId)) && answer.includes(image.imageUrls[0]), answer);
			assert.equal(toolRuns(happy, 'Speak text').length, 1);
			assert.equal(toolRuns(happy, 'Make image').length, 1);

			// Run 2: a bad value (fixed by the model from the error text), then a task RunningHub fails.
			sim.control.scriptOutcome({ endpoint: IMAGE_MODEL, fail: { errorCode: '1015', errorMessage: FAILURE_TEXT } });
			const before = model.toolResults().length;
			const ttsSubmitsBefore = sim.control.submitCount(TTS_ENDPOINT);
			const failing = await run(instance, await agentWorkflow(ctx, FAILING, openAi));
			const answer2 = agentOutput(failing);
			const [badSpeed, fixed, failed] = model.toolResults().slice(before);
			assert.ok(badSpeed && fixed && failed, `three tool results: ${JSON.stringify(model.toolResults().slice(before))}`);
			const speedError = assertCompact(badSpeed);
			assert.match(String(speedError.error), /^Speed: /, JSON.stringify(speedError));
			assert.match(`${speedError.error} ${speedError.errorDescription ?? ''}`, /0\.8.*2/, 'it says what is allowed');
			const retried = assertCompact(fixed);
			assert.equal(retried.status, 'succeeded');
			assert.equal(sim.control.submitCount(TTS_ENDPOINT) - ttsSubmitsBefore, 1, 'the bad speed was refused before any paid call');
			assert.equal((sim.control.tasks() as Task[]).find((t) => t.id === retried.taskId)?.body.voiceSpeed, 2, 'the model retried with the bound the error named');
			const imageError = assertCompact(failed);
			assert.ok(String(imageError.error).includes(FAILURE_TEXT), JSON.stringify(imageError));
			assert.match(String(imageError.taskId), /^\d+$/, 'the failed task keeps its ID');
			assert.ok(answer2.includes(FAILURE_TEXT) && answer2.includes(String(imageError.taskId)), answer2);

			const all = model.toolResults();
			log(`tool results the model saw (bytes): ${all.map((r) => `${r.tool} ${r.bytes}`).join(', ')}; max ${Math.max(...all.map((r) => r.bytes))}`);
			log(`executions: ${happy.id} (speech + image), ${failing.id} (bad speed, fixed; failed image)`);
		} finally {
			await model.close();
		}
	},
};
