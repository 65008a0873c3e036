/**
 * The flows a scenario runs: the RunningHub node alone (any operation), the RunningHub node
 * submitting to a parked Wait for Task execution (Resume on Callback), and the RunningHub node
 * submitting with the Trigger's URL. Each returns the stages the invariant checker reads.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { serveTrigger, serveWaiting } from '../support/webhook.mts';
import {
	RunningHubTrigger,
	RunningHubWaitForTask,
	TRIGGER_SECRET,
	credentials,
	deliveriesSettled,
	eventually,
	marker,
	runItems,
	type HookRun,
	type ItemsRun,
	type RunOptions,
	type Simulator,
	type Stage,
} from './harness.mts';
import type { Expect } from './invariants.mts';

export type Act = (sim: Simulator) => Promise<Stage[]>;

/** One fault drill: what to break, which flow to run, and what must come out. */
export interface Scenario {
	/** Unique; says the fault, where it hits and through which node. */
	name: string;
	/** Faults and simulator settings, before the flow runs. */
	setup?: (sim: Simulator) => void | Promise<void>;
	act: Act;
	expect: Expect;
}

export const PATH = {
	ttsSubmit: '/openapi/v2/kling-lip-sync/tts',
	query: '/openapi/v2/query',
	outputsV1: '/task/openapi/outputs',
	files: '^/files/',
	account: '/uc/openapi/accountStatus',
	upload: '/openapi/v2/media/upload/binary',
	workflowV2: '^/openapi/v2/run/workflow/',
	workflowV1: '/task/openapi/create',
};

export const MODEL = 'alibaba/happyhorse-1.0/image-to-video';
export const WORKFLOW_ID = '1950000000000000001';

const items = (n: number, json: (i: number) => IDataObject = () => ({})): INodeExecutionData[] =>
	Array.from({ length: n }, (_, i) => ({ json: { row: i, ...json(i) } }));

/** Runs the RunningHub node once. */
export const rh =
	(parameters: Record<string, unknown>, o: Omit<RunOptions, 'parameters'> & { items?: number } = {}): Act =>
	async (sim) => [await runItems('RunningHub', sim, { input: o.input ?? items(o.items ?? 1), ...o, parameters })];

/** Audio → Text to Speech, one marked text per item, items one after the other by default. */
export const ttsParams = (submitOptions: IDataObject = {}, extra: Record<string, unknown> = {}) => ({
	resource: 'audio',
	operation: 'textToSpeech',
	text: (i: number) => `${marker(i)}: hello there.`,
	voiceId: 'genshin_klee2',
	waitForCompletion: true,
	submitOptions: { concurrency: 1, ...submitOptions },
	...extra,
});
export const tts = (n = 2, submitOptions: IDataObject = {}, o: Omit<RunOptions, 'parameters'> = {}) => rh(ttsParams(submitOptions), { items: n, ...o });

/** Model → Run of a catalogue model (image URL, prompt, seed, lists), the prompt marked per item. */
export const modelParams = (values: (i: number) => IDataObject = () => ({}), submitOptions: IDataObject = {}) => ({
	resource: 'model',
	operation: 'run',
	model: { __rl: true, mode: 'list', value: MODEL },
	modelParameters: (i: number) => ({
		mappingMode: 'defineBelow',
		value: { imageUrl: 'https://example.com/portrait.png', prompt: `${marker(i)}: a horse`, resolution: '720p', duration: '5', ...values(i) },
		matchingColumns: [],
		schema: [],
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	}),
	waitForCompletion: true,
	submitOptions: { concurrency: 1, ...submitOptions },
});

/** Workflow → Run of the simulator's text-to-image workflow, the prompt marked per item. */
export const workflowParams = (workflowId: unknown = WORKFLOW_ID) => ({
	resource: 'workflow',
	operation: 'run',
	workflowId,
	nodeInputs: (i: number) => ({ input: [{ nodeId: '6', fieldName: 'text', value: `${marker(i)}: a lighthouse` }] }),
	waitForCompletion: true,
	submitOptions: { concurrency: 1 },
});

export const uploadParams = (uploadOptions: IDataObject = {}, extra: Record<string, unknown> = {}) => ({
	resource: 'file',
	operation: 'upload',
	source: 'binary',
	binaryPropertyName: 'data',
	uploadOptions,
	...extra,
});

export const ACCOUNT = { resource: 'account', operation: 'get' };
export const taskGet = (options: IDataObject = {}) => ({ resource: 'task', operation: 'get', options });

/** Runs the Wait for Task node in Poll mode on the given items. */
export const waitPoll =
	(input: (sim: Simulator) => Promise<INodeExecutionData[]>, parameters: Record<string, unknown> = {}, o: Omit<RunOptions, 'parameters'> = {}): Act =>
	async (sim) => [
		await runItems('RunningHub Wait for Task', sim, { ...o, input: await input(sim), parameters: { mode: 'poll', maxWaitSeconds: 1, ...parameters } }),
	];

/** Submits TTS tasks straight to the simulator (as another tool would); durationMs < 0 runs forever. */
export async function submitDirect(sim: Simulator, n: number, o: { durationMs?: number; fail?: IDataObject } = {}): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < n; i++) {
		if (o.durationMs !== undefined || o.fail) sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', times: 1, durationMs: o.durationMs, fail: o.fail });
		const response = await fetch(`${sim.url}${PATH.ttsSubmit}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${sim.control.keys.aiShared}` },
			body: JSON.stringify({ text: `${marker(i)}: direct`, voiceId: 'genshin_klee2', voiceLanguage: 'zh' }),
		});
		const text = await response.text();
		const id = /"taskId"\s*:\s*"?(\d+)/.exec(text)?.[1];
		if (!id) throw new Error(`the simulator refused the setup task: ${text}`);
		ids.push(id);
	}
	return ids;
}

export interface DeliveryContext {
	/** The URL RunningHub was given (resume URL or trigger URL with its secret). */
	url: string;
	taskIds: string[];
}

/** By default every task finishes, in item order. */
const finishAll = async (sim: Simulator, c: DeliveryContext) => {
	for (const id of c.taskIds) sim.control.completeTask(id);
};

let executionSeq = 0;

export interface CallbackChain {
	items?: number;
	waitParameters?: Record<string, unknown>;
	/** What happens once the execution is parked (default: every task finishes). */
	deliver?: (sim: Simulator, c: DeliveryContext) => Promise<void>;
	/** n8n resumes the execution at its time limit before any callback (the late-delivery case). */
	timeLimitPassesFirst?: boolean;
}

/**
 * RunningHub node (TTS, "Send Callback to Wait for Task Node", no waiting) → Wait for Task in
 * Resume on Callback mode parks the execution → RunningHub calls the resume URL.
 */
export const callbackChain =
	(c: CallbackChain = {}): Act =>
	async (sim) => {
		const waitParameters = { mode: 'callback', timeLimitMinutes: 1, ...c.waitParameters };
		const waiting = await serveWaiting(RunningHubWaitForTask, { parameters: waitParameters, credentials: credentials(sim) });
		sim.control.configure({ taskDurationMs: -1 });
		try {
			const id = `fault-exec-${++executionSeq}`;
			const url = waiting.park([], id).resumeUrl;
			const submit = await runItems('RunningHub', sim, {
				parameters: ttsParams({ callbackToResumeUrl: true, concurrency: 3 }, { waitForCompletion: false }),
				input: items(c.items ?? 2),
				resumeUrl: url,
				label: 'RunningHub (submit with callback)',
			});
			const submitted = (submit.outputs[0] ?? []).map((i) => ({ json: i.json, pairedItem: i.pairedItem }));
			const taskIds = submitted.map((i) => String(i.json.taskId));
			const execution = waiting.park(submitted, id);
			const first = await runItems('RunningHub Wait for Task', sim, { parameters: waitParameters, input: submitted, label: 'Wait for Task (first run)' });
			const stages: Stage[] = [submit, first];
			if (!first.recorder.putToWait) return stages;
			if (c.timeLimitPassesFirst) {
				// What n8n does at the time limit: the node is disabled and the execution continues
				// with the node's input items (its execute() returned them when it parked).
				execution.status = 'resumed';
				execution.output = first.outputs;
			}
			await (c.deliver ?? finishAll)(sim, { url, taskIds });
			await deliveriesSettled(sim);
			const hook: HookRun = {
				kind: 'hook',
				label: 'Wait for Task (callbacks)',
				answers: execution.calls,
				started: execution.status === 'resumed' && !c.timeLimitPassesFirst && execution.output ? [execution.output[0]] : [],
				errors: execution.error ? [execution.error] : [],
				genuineTaskIds: taskIds,
				doubleResumes: execution.doubleResumes,
			};
			stages.push(hook);
			if (execution.output) {
				const resumed: ItemsRun = {
					kind: 'items',
					label: c.timeLimitPassesFirst ? 'Wait for Task (resumed at time limit)' : 'Wait for Task (resumed by callback)',
					input: submitted,
					continueOnFail: true,
					outputs: execution.output,
					recorder: first.recorder,
					elapsedMs: 0,
				};
				stages.push(resumed);
			}
			return stages;
		} finally {
			await waiting.close();
		}
	};

export interface TriggerChain {
	items?: number;
	triggerParameters?: Record<string, unknown>;
	/** What happens after the submits (default: every task finishes); may post forged deliveries. */
	deliver?: (sim: Simulator, c: DeliveryContext) => Promise<void>;
}

/** RunningHub node (TTS with the Trigger's URL as Webhook URL, no waiting) → Trigger over HTTP. */
export const triggerChain =
	(c: TriggerChain = {}): Act =>
	async (sim) => {
		const parameters = { secret: TRIGGER_SECRET, events: ['succeeded', 'failed'], verifyWithApi: true, options: {}, ...c.triggerParameters };
		const served = await serveTrigger(RunningHubTrigger, { parameters, credentials: credentials(sim) });
		sim.control.configure({ taskDurationMs: -1 });
		try {
			const url = `${served.url}?secret=${encodeURIComponent(TRIGGER_SECRET)}`;
			const submit = await runItems('RunningHub', sim, {
				parameters: ttsParams({ webhookUrl: url, concurrency: 3 }, { waitForCompletion: false }),
				input: items(c.items ?? 2),
				label: 'RunningHub (submit with the Trigger URL)',
			});
			const taskIds = (submit.outputs[0] ?? []).map((i) => String(i.json.taskId));
			await (c.deliver ?? finishAll)(sim, { url, taskIds });
			await deliveriesSettled(sim);
			// Executions start after webhook() returns (outputs may be downloaded first).
			await eventually(() => served.calls.length >= sim.control.webhookDeliveries().filter((d) => d.status !== null).length, 'the trigger answers', 2000).catch(() => undefined);
			const hook: HookRun = {
				kind: 'hook',
				label: 'Trigger',
				answers: served.calls,
				started: served.executions.map((e) => e.items[0] ?? []),
				errors: served.errors,
				genuineTaskIds: taskIds,
				extra: served.staticData,
			};
			return [submit, hook];
		} finally {
			await served.close();
		}
	};

/** A TASK_END body as RunningHub posts it. */
export const taskEnd = (taskId: string, eventData: IDataObject = { code: 0, msg: 'success', data: [] }) => ({
	event: 'TASK_END',
	taskId,
	eventData: JSON.stringify(eventData),
});
