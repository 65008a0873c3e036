// Where the package's nodes run during a benchmark: `startN8nHost` is a real n8n with the packed
// package installed (built on the e2e harness library). The benchmarks only use the `Host`
// interface, so they do not depend on how n8n is started.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { Catalog, type Requirement } from '../../e2e/lib/catalog.mjs';
import { importWorkflow, startInstance, type Instance } from '../../e2e/lib/instance.mjs';
import type { ExecutionRecord, NodeRun, OutputItem, WorkflowJson } from '../../e2e/lib/rest.mjs';
import type { Runtime } from '../../e2e/lib/runtime.mjs';
import type { BinaryMode } from '../../e2e/lib/n8n.mjs';
import type { Sim } from '../../e2e/lib/sim.mjs';
import { NODE_PREFIX } from '../../e2e/lib/workflows.mjs';
import type { Report } from './report.mjs';

export type { Requirement, OutputItem };

/** One node of the package in a chain: RunningHub or RunningHub Wait for Task. */
export interface ChainStep {
	name: string;
	node: 'runningHub' | 'runningHubWaitForTask';
	parameters: Record<string, unknown>;
	/** How many outputs the node has (Wait for Task in Poll mode: 3); all feed the next node. */
	outputs?: number;
	/** The node's version (default 1, as workflows saved before version 2). */
	typeVersion?: number;
	/** n8n's On Error setting, e.g. 'continueRegularOutput' (default: stop the workflow). */
	onError?: string;
}

/** The chain's input: JSON items, or one file read from disk by n8n's Read/Write Files node. */
export type ChainInput = { items: Array<Record<string, unknown>> } | { file: string };

export interface StepResult {
	/** When the node started (first run) and ended (last run: a resumed node runs again). */
	startedAt: number;
	endedAt: number;
	/** Items of all its outputs. */
	items: OutputItem[];
}

export interface ChainResult {
	status: string;
	error?: string;
	steps: Record<string, StepResult>;
	/** When the node after the chain started: the moment the workflow continued. */
	continuedAt: number;
}

export interface TriggerExecution {
	taskId: string;
	status: string;
	/** When n8n started the execution (ms). */
	startedAt: number;
}

export interface TriggerHandle {
	url: string;
	/** Stored executions; without data (cheaper, for waiting) taskId is ''. */
	executions(withData?: boolean): Promise<TriggerExecution[]>;
	close(): Promise<void>;
}

export interface Host {
	name: string;
	/** The process that runs the package's node code (whose memory is measured). */
	pid: number;
	/** A folder the host's Read/Write Files node may read. */
	filesDir: string;
	/** n8n's binary data mode (N8N_DEFAULT_BINARY_DATA_MODE) on this host. */
	binaryMode: BinaryMode;
	/** Why the requirement cannot be benchmarked yet (not built / not loaded), or null. */
	missing(req: Requirement): string | null;
	runChain(steps: ChainStep[], input: ChainInput, options?: { timeoutMs?: number }): Promise<ChainResult>;
	/** An active workflow that starts with the RunningHub Trigger. */
	startTrigger(parameters: Record<string, unknown>): Promise<TriggerHandle>;
	/**
	 * The reference for the Trigger: an active workflow that starts with n8n's own Webhook node
	 * (POST, respond immediately); an execution's taskId is the posted body's.
	 */
	startWebhookNode(): Promise<TriggerHandle>;
	close(): Promise<void>;
}

const BENCH_OWNER = { email: 'bench@example.com', password: 'Bench-Passw0rd-1', firstName: 'Bench', lastName: 'Runner' };
const AFTER = 'After';
const INPUT = 'Input';

/** A workflow Manual Trigger → [Read file] → steps → After (No Op); JSON items are pinned on the trigger. */
export function chainWorkflow(steps: ChainStep[], input: ChainInput, name: string): WorkflowJson {
	const node = (n: string, type: string, x: number, parameters: Record<string, unknown> = {}) => ({
		id: randomUUID(),
		name: n,
		type,
		typeVersion: 1,
		position: [x * 220, 0] as [number, number],
		parameters,
	});
	const nodes = [node(INPUT, 'n8n-nodes-base.manualTrigger', 0)];
	if ('file' in input) nodes.push(node('Read file', 'n8n-nodes-base.readWriteFile', 1, { fileSelector: input.file, options: {} }));
	for (const step of steps) {
		nodes.push({
			...node(step.name, NODE_PREFIX + step.node, nodes.length, step.parameters),
			...(step.typeVersion ? { typeVersion: step.typeVersion } : {}),
			...(step.onError ? { onError: step.onError } : {}),
		});
	}
	nodes.push(node(AFTER, 'n8n-nodes-base.noOp', nodes.length));
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		const outputs = steps.find((s) => s.name === nodes[i].name)?.outputs ?? 1;
		const next = { node: nodes[i + 1].name, type: 'main', index: 0 };
		connections[nodes[i].name] = { main: Array.from({ length: outputs }, () => [next]) };
	}
	return {
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		...('items' in input ? { pinData: { [INPUT]: input.items.map((json) => ({ json })) } } : {}),
	};
}

const runsOf = (record: ExecutionRecord, name: string): NodeRun[] => record.data?.resultData.runData[name] ?? [];
const startOf = (run: NodeRun) => Number(run.startTime);
const endOf = (run: NodeRun) => Number(run.startTime) + Number(run.executionTime ?? 0);

/** Reads a stored execution into the host-neutral ChainResult. */
export function chainResult(record: ExecutionRecord, steps: ChainStep[]): ChainResult {
	const result: ChainResult = {
		status: record.status,
		error: record.data?.resultData.error?.message,
		steps: {},
		continuedAt: runsOf(record, AFTER).length ? startOf(runsOf(record, AFTER)[0]) : NaN,
	};
	for (const step of steps) {
		const runs = runsOf(record, step.name);
		if (!runs.length) continue;
		const last = runs[runs.length - 1];
		result.steps[step.name] = {
			startedAt: startOf(runs[0]),
			endedAt: endOf(last),
			items: (last.data?.main ?? []).flatMap((out) => out ?? []),
		};
		result.error ??= last.error?.message;
	}
	return result;
}

export interface N8nHostOptions {
	runtime: Runtime;
	tarball: string;
	sim: Sim;
	workDir: string;
	/** Start on a user folder that already holds an n8n (owner, credential): a restart, no migrations. */
	reuse?: boolean;
	label?: string;
	/** filesystem unless given. */
	binaryMode?: BinaryMode;
}

/** A real n8n (filesystem binary mode) with the packed package, an owner and a credential for the simulator. */
export async function startN8nHost(o: N8nHostOptions): Promise<Host & { instance: Instance }> {
	const instance = await startInstance({
		runtime: o.runtime,
		workDir: join(o.workDir, 'n8n'),
		tarball: o.tarball,
		backend: { label: 'simulator', site: 'custom', apiKey: o.sim.keys.aiShared, baseUrl: o.sim.url },
		owner: BENCH_OWNER,
		credentialName: 'RunningHub (bench simulator)',
		binaryMode: o.binaryMode ?? 'filesystem',
		label: o.label ?? 'bench',
		reuse: o.reuse,
		// Executions of all kinds kept, so every run can be read back.
		env: { EXECUTIONS_DATA_PRUNE: 'false' },
	});
	const catalog = await Catalog.load(instance.rest);
	const { rest } = instance;
	let seq = 0;
	let closed: Promise<void> | undefined;
	const create = (workflow: WorkflowJson) => importWorkflow(instance, workflow);
	/** Activates `webhook node → After (No Op)` and waits until n8n serves /webhook/<path>. */
	async function activeWebhook(node: WorkflowJson['nodes'][number], path: string, taskIdOf: (json: Record<string, unknown>) => unknown): Promise<TriggerHandle> {
		const workflow: WorkflowJson = {
			name: `bench trigger ${++seq}`,
			nodes: [node, { id: randomUUID(), name: AFTER, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} }],
			connections: { [node.name]: { main: [[{ node: AFTER, type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
		catalog.checkWorkflow(workflow);
		const { id } = await create(workflow);
		await rest.publicApi('POST', `/workflows/${id}/activate`);
		const url = `${instance.n8n.baseUrl}/webhook/${path}`;
		// Registration can lag the activation call (2.40): 404 until then. The probe's body has no
		// taskId, so an execution it starts (the Webhook node starts one) counts for no task.
		for (const until = Date.now() + 15_000; ; await new Promise((r) => setTimeout(r, 200))) {
			const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			await res.text();
			if (res.status !== 404) break;
			if (Date.now() > until) throw new Error(`the webhook ${url} was never registered`);
		}
		return {
			url,
			async executions(withData = true) {
				const out: TriggerExecution[] = [];
				let cursor: string | undefined;
				do {
					const page = await rest.publicApi<{ data: ExecutionRecord[]; nextCursor?: string | null }>(
						'GET',
						`/executions?workflowId=${id}&includeData=${withData}&limit=250${cursor ? `&cursor=${cursor}` : ''}`,
					);
					for (const e of page.data) {
						const json = runsOf(e, node.name)[0]?.data?.main?.[0]?.[0]?.json as Record<string, unknown> | undefined;
						out.push({ taskId: String((json && taskIdOf(json)) ?? ''), status: e.status, startedAt: Date.parse(e.startedAt) });
					}
					cursor = page.nextCursor ?? undefined;
				} while (cursor);
				return out;
			},
			async close() {
				await rest.publicApi('POST', `/workflows/${id}/deactivate`);
			},
		};
	}
	return {
		name: `n8n ${o.runtime.version}`,
		instance,
		pid: instance.n8n.proc.pid,
		filesDir: instance.filesDir,
		binaryMode: o.binaryMode ?? 'filesystem',
		missing: (req) => catalog.missing(req),
		async runChain(steps, input, options = {}) {
			const workflow = chainWorkflow(steps, input, `bench ${++seq}: ${steps.map((s) => s.name).join(' → ')}`);
			catalog.checkWorkflow(workflow);
			const { id } = await create(workflow);
			const executionId = await rest.runManually(id, INPUT);
			const record = await rest.waitForExecution(executionId, { timeoutMs: options.timeoutMs ?? 120_000 });
			return chainResult(record, steps);
		},
		startTrigger(parameters) {
			const webhookId = randomUUID();
			const trigger = { id: randomUUID(), name: 'Trigger', type: `${NODE_PREFIX}runningHubTrigger`, typeVersion: 1, position: [0, 0] as [number, number], webhookId, parameters };
			return activeWebhook(trigger, `${webhookId}/runninghub`, (json) => json.taskId);
		},
		startWebhookNode() {
			const path = randomUUID();
			const parameters = { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} };
			const webhook = { id: randomUUID(), name: 'Trigger', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0] as [number, number], webhookId: path, parameters };
			return activeWebhook(webhook, path, (json) => (json.body as Record<string, unknown> | undefined)?.taskId);
		},
		close: () => (closed ??= instance.stop()),
	};
}

/** What every benchmark gets: the host, the simulator the host's credential points at, the report. */
export interface BenchContext {
	host: Host;
	sim: Sim;
	report: Report;
	log(line: string): void;
	/** Another simulator (in this process), e.g. for strategy (b) running beside the package. */
	startSim(options?: Record<string, unknown>): Promise<Sim>;
	/**
	 * A newly started n8n process (same package, same simulator, same user folder), for
	 * measurements that must not inherit memory an earlier run left resident. It stops `host`
	 * first (nothing may use it afterwards); the caller closes the fresh one.
	 */
	freshHost(options?: { binaryMode?: BinaryMode }): Promise<Host>;
}
