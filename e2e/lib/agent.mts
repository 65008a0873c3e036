// n8n's AI Agent with RunningHub tools, driven by a scripted model (scriptedModel.mts): the
// script and the workflow e2e/workflows/ai-agent.json as the editor would fill it. Used by the
// ai-agent e2e scenario and the screenshot of an agent run (scripts/screenshot-agent.mts).
import type { Catalog } from './catalog.mjs';
import { importWorkflow, type Instance } from './instance.mjs';
import type { CredentialRef, ExecutionRecord, WorkflowJson } from './rest.mjs';
import type { ChatRequest, ScriptedAnswer } from './scriptedModel.mjs';
import { textOf } from './scriptedModel.mjs';
import { loadWorkflow, manualTriggerName, NODE_PREFIX } from './workflows.mjs';

export const IMAGE_MODEL = 'alibaba/wan-2.5-preview/text-to-image';
export const TTS_ENDPOINT = 'kling-lip-sync/tts';
export const MAX_TOOL_RESULT_BYTES = 2048;
export const HAPPY = 'Make a short voice-over saying "Welcome to the mountain channel" and a cover image of a sunrise over mountains.';
export const FAILING = 'Say "Hello there" very fast, then make an image of a red bicycle.';
export const FAILURE_TEXT = 'The prompt was refused by the content filter';

export type Task = { id: string; endpoint: string; body: Record<string, unknown> };

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
export function agentScript(request: ChatRequest): ScriptedAnswer {
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
export async function agentWorkflow(
	instance: Pick<Instance, 'rest' | 'credential'>,
	prompt: string,
	openAiCredential: Pick<CredentialRef, 'id' | 'name'>,
	catalog?: Catalog,
): Promise<WorkflowJson> {
	const workflow = loadWorkflow('ai-agent', { PROMPT: prompt });
	workflow.name = `${workflow.name} [ai-agent]`;
	const imageNode = workflow.nodes.find((n) => n.name === 'Make image')!;
	const parameters = imageNode.parameters as Record<string, any>;
	const form = await instance.rest.request<{ fields: unknown[] }>('POST', '/rest/dynamic-node-parameters/resource-mapper-fields', {
		nodeTypeAndVersion: { name: `${NODE_PREFIX}runningHub`, version: 2 },
		currentNodeParameters: parameters,
		credentials: { runningHubApi: { id: instance.credential.id, name: instance.credential.name } },
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
	catalog?.checkWorkflow(asNode);
	workflow.nodes.find((n) => n.name === 'Chat Model')!.credentials = { openAiApi: openAiCredential };
	return workflow;
}

/** Creates the workflow in n8n, runs it from its Manual Trigger and waits for the stored execution. */
export async function runAgentWorkflow(instance: Pick<Instance, 'rest' | 'credential'>, workflow: WorkflowJson): Promise<ExecutionRecord> {
	const { id } = await importWorkflow(instance, workflow);
	const executionId = await instance.rest.runManually(id, manualTriggerName(workflow));
	return await instance.rest.waitForExecution(executionId, { timeoutMs: 90_000 });
}
