// The scenario contract. A scenario is one file in e2e/scenarios/ exporting `scenario`; the
// harness finds them itself (sorted by file name), so adding a scenario is adding a file.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Catalog, Requirement } from './catalog.mjs';
import { credentialData, importWorkflow, type Backend, type Instance } from './instance.mjs';
import type { BinaryMode } from './n8n.mjs';
import type { CredentialRef, ExecutionRecord, OutputItem, WorkflowJson } from './rest.mjs';
import type { N8nVersion } from './runtime.mjs';
import type { Sim } from './sim.mjs';
import { CREDENTIAL_TYPE, loadWorkflow, manualTriggerName, NODE_PREFIX } from './workflows.mjs';

export interface Scenario {
	/** Short, unique, kebab-case: what `--only` matches. */
	name: string;
	/** One line saying what it proves. */
	title: string;
	/**
	 * The binary-data modes to run it in (each is a separate n8n instance); default
	 * ['filesystem'], n8n 2.x's own default.
	 */
	binaryModes?: BinaryMode[];
	/** What the package must offer; while any is missing the scenario is skipped as pending. */
	requires?: Requirement[];
	/** Default 90 s. */
	timeoutMs?: number;
	run(ctx: ScenarioContext): Promise<void>;
}

export class Pending extends Error {}

/** How a scenario varies a stored workflow file before it is created. */
export interface WorkflowOptions {
	/**
	 * Puts every node of this package on this node version: one workflow file proves both a
	 * saved version-1 workflow and a version-2 one.
	 */
	nodeVersion?: number;
	/** Edits the loaded workflow (e.g. drops a parameter so its version's default shows). */
	adjust?: (workflow: WorkflowJson) => void;
}

/** Applies WorkflowOptions to a loaded workflow (in place). */
export function varyWorkflow(workflow: WorkflowJson, options: WorkflowOptions = {}): WorkflowJson {
	if (options.nodeVersion !== undefined) {
		for (const node of workflow.nodes) if (node.type.startsWith(NODE_PREFIX)) node.typeVersion = options.nodeVersion;
		workflow.name = `${workflow.name} (node version ${options.nodeVersion})`;
	}
	options.adjust?.(workflow);
	return workflow;
}

export interface ScenarioContext {
	version: N8nVersion;
	mode: BinaryMode;
	instance: Instance;
	sim: Sim;
	catalog: Catalog;
	/** A folder for this scenario inside the folder n8n's file nodes may use. */
	filesDir: string;
	/** Loads e2e/workflows/<name>.json with tokens filled, checks it against the node description and creates it in n8n. */
	createWorkflow(name: string, vars?: Record<string, string | number>, options?: WorkflowOptions): Promise<{ id: string; workflow: WorkflowJson }>;
	/** Creates the workflow, runs it from its Manual Trigger and waits for the stored execution. */
	runWorkflow(
		name: string,
		vars?: Record<string, string | number>,
		options?: WorkflowOptions & { timeoutMs?: number; credential?: CredentialRef },
	): Promise<Execution>;
	/** Creates another RunningHub credential through n8n (e.g. a wrong key). */
	createCredential(name: string, backend: Backend): Promise<CredentialRef>;
	/** Skips the rest of the scenario as pending (something it needs is not built yet). */
	pending(reason: string): never;
	log(message: string): void;
}

/** A finished execution as n8n stored it, with helpers to read node outputs. */
export class Execution {
	constructor(readonly record: ExecutionRecord) {}

	get status(): string {
		return this.record.status;
	}

	get id(): string {
		return String(this.record.id);
	}

	/** Items the node emitted on its first output, in its last run. */
	output(nodeName: string, outputIndex = 0): OutputItem[] {
		const runs = this.record.data?.resultData.runData[nodeName];
		assert.ok(runs?.length, `node "${nodeName}" did not run (ran: ${Object.keys(this.record.data?.resultData.runData ?? {}).join(', ')})`);
		const run = runs[runs.length - 1];
		if (run.error) assert.fail(`node "${nodeName}" failed: ${run.error.message}${run.error.description ? ` (${run.error.description})` : ''}`);
		return run.data?.main?.[outputIndex] ?? [];
	}

	/** The error a node ended with (node-level, not continueOnFail items). */
	nodeError(nodeName: string): { message: string; description?: string } | undefined {
		const runs = this.record.data?.resultData.runData[nodeName];
		return runs?.[runs.length - 1]?.error ?? undefined;
	}

	/** Asserts the execution succeeded, with n8n's error in the message when not. */
	assertSuccess(): void {
		const err = this.record.data?.resultData.error;
		assert.equal(this.status, 'success', `execution ${this.id} ended "${this.status}"${err ? `: ${err.message}${err.description ? ` (${err.description})` : ''}` : ''}`);
	}
}

export function makeContext(base: {
	version: N8nVersion;
	mode: BinaryMode;
	instance: Instance;
	sim: Sim;
	catalog: Catalog;
	scenario: Scenario;
	log: (message: string) => void;
}): ScenarioContext {
	const { instance, catalog } = base;
	const filesDir = join(instance.filesDir, base.scenario.name);
	mkdirSync(filesDir, { recursive: true });
	const defaults = { FILES_DIR: filesDir, SIM_URL: base.sim.url };
	const createWorkflow = async (name: string, vars: Record<string, string | number> = {}, options: WorkflowOptions = {}, credential?: CredentialRef) => {
		const workflow = varyWorkflow(loadWorkflow(name, { ...defaults, ...vars }), options);
		workflow.name = `${workflow.name} [${base.scenario.name}]`;
		catalog.checkWorkflow(workflow);
		const created = await importWorkflow({ rest: instance.rest, credential: credential ?? instance.credential }, workflow);
		return { id: created.id, workflow };
	};
	return {
		...base,
		filesDir,
		createWorkflow: (name, vars, options) => createWorkflow(name, vars, options),
		async runWorkflow(name, vars = {}, options = {}) {
			const { id, workflow } = await createWorkflow(name, vars, options, options.credential);
			const executionId = await instance.rest.runManually(id, manualTriggerName(workflow));
			const record = await instance.rest.waitForExecution(executionId, { timeoutMs: options.timeoutMs ?? 60_000 });
			return new Execution(record);
		},
		async createCredential(name, backend) {
			return await instance.rest.createCredential(name, CREDENTIAL_TYPE, credentialData(backend));
		},
		pending(reason: string): never {
			throw new Pending(reason);
		},
	};
}
