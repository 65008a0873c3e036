/**
 * The fault suite's environment: a simulator per scenario, the suite clock, and the runs of the
 * three nodes that a scenario records for the invariant checker (invariants.mts).
 *
 * The suite clock. The nodes' own retry and poll logic runs unchanged; only its waits are
 * shortened, so a 5-attempt burst or a 10-minute "queue full" budget takes milliseconds:
 * - DEFAULT_RETRY_POLICY and DEFAULT_POLL_SCHEDULE (module objects the nodes read when they build
 *   a client or a schedule) get the FAST values below, in this test process only;
 * - in a scenario that adds a delay fault, every HTTP request the nodes make gets its timeout
 *   capped at FAST.requestTimeoutCapMs (the helper stand-in applies the cap, the node's code path
 *   on expiry is the real one). Other scenarios keep the nodes' own timeouts, so a slow machine
 *   cannot turn an ordinary request into a timeout.
 * Attempt counts are not scaled: "within the retry budget" means fewer than maxAttempts failures.
 */
import type { IBinaryData, IDataObject, IHttpRequestOptions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { createRequire } from 'node:module';
import type * as RetryModule from '../../nodes/core/api/retry.ts';
import type * as WaitModule from '../../nodes/core/tasks/wait.ts';
import { SIM_KEYS, startSimulator, type FaultRuleInput, type Simulator } from '../../simulator/index.mts';
import { createExecuteContext, type BinaryMode, type ContextRecorder } from '../support/n8n.mts';
import { eventually as pollUntil } from '../support/webhook.mts';

export type { Simulator };

export const KEY = SIM_KEYS.aiShared;
export const TRIGGER_SECRET = 'fault-suite-trigger-secret-7f3a9c1e';

export const FAST = {
	retry: {
		maxAttempts: 5,
		baseDelayMs: 10,
		maxDelayMs: 80,
		capacityMaxWaitMs: 1500,
		capacityBaseDelayMs: 20,
		capacityMaxDelayMs: 150,
		minDelayMs: 5,
	},
	pollMinIntervalMs: 20,
	requestTimeoutCapMs: 800,
	/** A fault delay that outlasts the (capped) request timeout. */
	slowerThanTimeoutMs: 1400,
};

/** Failures a transient fault may cause and still end in success (one attempt must be left). */
export const WITHIN_BUDGET = FAST.retry.maxAttempts - 1;

// The nodes and the module objects the suite clock changes are loaded with require, as the nodes
// load each other: an ESM import of the same file can give a second copy of a module, whose
// changed defaults the nodes would never see.
const load = createRequire(import.meta.url);
const { DEFAULT_RETRY_POLICY } = load('../../nodes/core/api/retry') as typeof RetryModule;
const { DEFAULT_POLL_SCHEDULE } = load('../../nodes/core/tasks/wait') as typeof WaitModule;

let clockSet = false;
export function useSuiteClock(): void {
	if (clockSet) return;
	clockSet = true;
	Object.assign(DEFAULT_RETRY_POLICY, FAST.retry);
	DEFAULT_POLL_SCHEDULE.minIntervalMs = FAST.pollMinIntervalMs;
	DEFAULT_POLL_SCHEDULE.firstPollMs = FAST.pollMinIntervalMs;
}

// ---------------------------------------------------------------------------------------------
// The nodes.

export type NodeName = 'RunningHub' | 'RunningHub Wait for Task' | 'RunningHub Trigger';

type NodeClass = new () => INodeType;
export const { RunningHub } = load('../../nodes/RunningHub/RunningHub.node') as { RunningHub: NodeClass };
export const { RunningHubWaitForTask } = load('../../nodes/RunningHubWaitForTask/RunningHubWaitForTask.node') as { RunningHubWaitForTask: NodeClass };
export const { RunningHubTrigger } = load('../../nodes/RunningHubTrigger/RunningHubTrigger.node') as { RunningHubTrigger: NodeClass };

const NODES: Record<NodeName, NodeClass> = {
	RunningHub,
	'RunningHub Wait for Task': RunningHubWaitForTask,
	'RunningHub Trigger': RunningHubTrigger,
};

// ---------------------------------------------------------------------------------------------
// The simulator of one scenario.

export async function withSimulator<T>(fn: (sim: Simulator) => Promise<T>): Promise<T> {
	const sim = await startSimulator({ port: 0, quiet: true, taskDurationMs: 40, concurrencyLimit: 10 });
	sim.control.configure({ webhook: { retryBackoffMs: 40, timeoutMs: 2000, maxRetries: 3 } });
	try {
		return await fn(sim);
	} finally {
		await sim.close();
	}
}

export const credentials = (sim: Simulator, apiKey: string = KEY) => ({ apiKey, site: 'custom', baseUrl: sim.url });

/** Simulators whose scenario delays answers: their requests get the capped timeout. */
const slowSims = new WeakSet<Simulator>();

/** Adds a fault rule (path exact, or a regex string starting with ^). */
export function fault(sim: Simulator, path: string, f: FaultRuleInput['fault'], times = 1, extra: Partial<FaultRuleInput> = {}): void {
	if (f.type === 'delay') slowSims.add(sim);
	sim.control.addFault({ path, times, fault: f, ...extra });
}

/** Waits until the simulator has delivered every webhook (no attempt for a quiet period). */
export async function deliveriesSettled(sim: Simulator, quietMs = 200, timeoutMs = 6000): Promise<void> {
	const until = Date.now() + timeoutMs;
	let count = -1;
	let since = Date.now();
	for (;;) {
		const now = sim.control.webhookDeliveries().length;
		const busy = sim.control.webhookEvents().some((e) => e.callbackStatus === 'PENDING' || e.callbackStatus === 'RETRYING');
		if (now !== count) {
			count = now;
			since = Date.now();
		} else if (!busy && Date.now() - since >= quietMs) return;
		if (Date.now() > until) return;
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** Polls until the read returns something (the webhook tests' helper, what to wait for first). */
export const eventually = <T,>(read: () => T | undefined | false, what: string, timeoutMs = 6000): Promise<T> => pollUntil(read, timeoutMs, what);

// ---------------------------------------------------------------------------------------------
// What a scenario records: the runs of nodes that take items, and the webhook calls.

export type NodeError = Error & { description?: string; context?: IDataObject; itemIndex?: number; httpCode?: string | null };

/** One execute() of a node that takes input items. */
export interface ItemsRun {
	kind: 'items';
	label: string;
	input: INodeExecutionData[];
	continueOnFail: boolean;
	/** Every output of the node (Wait for Task in poll mode has three). */
	outputs: INodeExecutionData[][];
	thrown?: NodeError;
	recorder: ContextRecorder;
	elapsedMs: number;
	/** IDs of the simulator's tasks when this run began (unset for stages that are no run of their own). */
	tasksBefore?: string[];
}

/** The webhook side: every answer a node gave and every execution it started or resumed. */
export interface HookRun {
	kind: 'hook';
	label: string;
	/** HTTP answers to deliveries, in order. */
	answers: Array<{ status: number; body: string }>;
	/** Items of each execution started (Trigger) or resumed (Wait for Task). */
	started: INodeExecutionData[][];
	errors: Error[];
	/** Task IDs that really ended with a webhook: each must start exactly `perTask` executions. */
	genuineTaskIds: string[];
	/** Anything else to scan for the API key (e.g. the trigger's static data). */
	extra?: unknown;
	/** Resumes of a parked execution that n8n would refuse because it already resumed. */
	doubleResumes?: number;
}

export type Stage = ItemsRun | HookRun;

export interface RunOptions {
	parameters: Record<string, unknown>;
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
	binaryMode?: BinaryMode;
	resumeUrl?: string;
	apiKey?: string;
	label?: string;
	/** The execution's cancel signal (n8n's Stop). */
	abortSignal?: AbortSignal;
}

function capTimeouts(helpers: Record<string, unknown>): void {
	for (const name of ['httpRequest', 'httpRequestWithAuthentication'] as const) {
		const original = helpers[name] as (...args: unknown[]) => Promise<unknown>;
		// A function, not an arrow: the helper is called on a context (`this`) whose cancel signal counts.
		helpers[name] = async function (this: unknown, ...args: unknown[]) {
			const at = name === 'httpRequest' ? 0 : 1;
			const o = args[at] as IHttpRequestOptions;
			const copy = [...args];
			copy[at] = { ...o, timeout: Math.min(o.timeout ?? FAST.requestTimeoutCapMs, FAST.requestTimeoutCapMs) };
			return await original.apply(this, copy);
		};
	}
}

/** Runs a node's execute() against the simulator, as n8n would, and records everything. */
export async function runItems(node: NodeName, sim: Simulator, o: RunOptions): Promise<ItemsRun> {
	const instance = new NODES[node]();
	const mode = o.binaryMode ?? 'default';
	const input = (o.input ?? [{ json: {} }]).map((item: INodeExecutionData): INodeExecutionData => ({ ...item, json: { ...item.json }, binary: item.binary ? { ...item.binary } : undefined }));
	const continueOnFail = o.continueOnFail ?? true;
	const { ctx, recorder } = createExecuteContext(instance.description, {
		parameters: o.parameters,
		credentials: credentials(sim, o.apiKey),
		input,
		continueOnFail,
		binaryMode: mode,
		resumeUrl: o.resumeUrl,
		abortSignal: o.abortSignal,
	});
	const helpers = ctx.helpers as unknown as Record<string, unknown>;
	if (mode === 'filesystem') {
		// As n8n does: input binaries live in the store, items only reference them by id.
		for (const item of input) {
			for (const [name, meta] of Object.entries(item.binary ?? {}) as Array<[string, IBinaryData]>) {
				if (meta.id) continue;
				const id = `filesystem-v2:faults/${name}-${Math.random().toString(36).slice(2)}`;
				recorder.binaryStore.set(id, Buffer.from(meta.data, 'base64'));
				item.binary![name] = { ...meta, id, data: 'filesystem-v2' };
			}
		}
	}
	if (slowSims.has(sim)) capTimeouts(helpers);
	const started = Date.now();
	const tasksBefore = sim.control.tasks().map((t) => t.id);
	let outputs: INodeExecutionData[][] = [];
	let thrown: NodeError | undefined;
	try {
		outputs = (await instance.execute!.call(ctx)) as INodeExecutionData[][];
	} catch (error) {
		thrown = error as NodeError;
	}
	return { kind: 'items', label: o.label ?? node, input, continueOnFail, outputs, thrown, recorder, elapsedMs: Date.now() - started, tasksBefore };
}

/** An input item carrying a binary property, as n8n's file nodes make it. */
export function binaryItem(data: Buffer, fileName: string, mimeType: string, property = 'data', json: IDataObject = {}): INodeExecutionData {
	return {
		json,
		binary: {
			[property]: {
				data: data.toString('base64'),
				fileName,
				mimeType,
				...(fileName.includes('.') ? { fileExtension: fileName.split('.').pop() } : {}),
				fileSize: String(data.length),
			},
		},
	};
}

/** Items whose json carries task IDs (as a previous RunningHub node outputs them). */
export const taskItems = (ids: Array<string | number>): INodeExecutionData[] => ids.map((taskId, row) => ({ json: { taskId, row } }));

// ---------------------------------------------------------------------------------------------
// Markers: the text each item sends, so that the simulator's tasks and requests can be traced
// back to the item that caused them.

export const marker = (item: number) => `Fault drill #${item}`;
const MARKER = /Fault drill #(\d+)/;
export function markedItem(text: unknown): number | undefined {
	const match = MARKER.exec(typeof text === 'string' ? text : JSON.stringify(text ?? ''));
	return match ? Number(match[1]) : undefined;
}
