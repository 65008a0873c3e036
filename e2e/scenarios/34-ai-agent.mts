// The RunningHub node as a tool of n8n's own AI Agent, in real n8n. The agent's OpenAI Chat
// Model node points at a scripted model on loopback (e2e/lib/scriptedModel.mts) that answers with
// tool calls, then a final answer. Two tools, both `runningHubTool` nodes with parameters filled
// by the model through $fromAI: Audio → Text to Speech and Model → Run (Wan 2.5 text to image).
// Run 1: speech, then an image, then the answer. Run 2: a bad speed (the model reads the error
// and fixes the call), then an image task RunningHub fails. What the model saw as each tool
// result is read from the requests it got: compact (task ID, status, URLs, cost), never binary
// data or RunningHub's raw answer, each under 2 KB; errors as text saying what to fix.
import assert from 'node:assert/strict';

import { agentScript, agentWorkflow, FAILING, FAILURE_TEXT, HAPPY, IMAGE_MODEL, MAX_TOOL_RESULT_BYTES, runAgentWorkflow, TTS_ENDPOINT, type Task } from '../lib/agent.mjs';
import type { ExecutionRecord } from '../lib/rest.mjs';
import type { Scenario } from '../lib/scenario.mjs';
import { startScriptedModel, type SeenToolResult } from '../lib/scriptedModel.mjs';

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
		const model = await startScriptedModel(agentScript);
		try {
			const openAi = await instance.rest.createCredential('Scripted model', 'openAiApi', { apiKey: 'sk-scripted-e2e', url: model.url, header: false });

			// Run 1: speech, image, answer.
			const happy = await runAgentWorkflow(instance, await agentWorkflow(instance, HAPPY, openAi, ctx.catalog));
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
			const failing = await runAgentWorkflow(instance, await agentWorkflow(instance, FAILING, openAi, ctx.catalog));
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
			for (const r of [voice, cover, badSpeed, failed]) log(`${r.tool} (${r.bytes} bytes): ${r.content}`);
			log(`chat requests: ${model.requests.length}, streamed: ${model.requests.filter((r) => r.stream).length}`);
			log(`executions: ${happy.id} (speech + image), ${failing.id} (bad speed, fixed; failed image)`);
		} finally {
			await model.close();
		}
	},
};
