// The demo instance: n8n with the packed package, an owner, a RunningHub credential pointing at
// the embedded simulator (or at real RunningHub when RUNNINGHUB_API_KEY is set) and every
// example workflow imported. Used by `npm run demo` (scripts/demo.mts) and by the screenshot
// script (scripts/screenshots.mts).
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { writeMediaFixture } from './fixtures.mjs';
import { importWorkflow, startInstance, type Backend, type Instance } from './instance.mjs';
import { packPackage } from './pack.mjs';
import { isPortFree } from './ports.mjs';
import type { Owner, WorkflowJson } from './rest.mjs';
import { ensureRuntime, isN8nVersion, N8N_VERSIONS, REPO_ROOT, type N8nVersion } from './runtime.mjs';
import { startSim, type Sim } from './sim.mjs';
import { NODE_PREFIX } from './workflows.mjs';

export const DEMO_OWNER: Owner = {
	email: 'demo@example.com',
	password: 'RunningHub-demo-1',
	firstName: 'Demo',
	lastName: 'User',
};

export interface DemoOptions {
	/** Default 5678 (DEMO_PORT). */
	port?: number;
	/** Default 2.8.4, the n8n that runs on Node 20 (DEMO_N8N_VERSION). */
	version?: N8nVersion;
	/** Default <repo>/.e2e-work/demo. */
	workDir?: string;
	/** Keep the previous demo's n8n data (DEMO_KEEP_DATA=1); by default every start is fresh. */
	keepData?: boolean;
	/** Real RunningHub: RUNNINGHUB_API_KEY and RUNNINGHUB_SITE (ai | cn). */
	apiKey?: string;
	site?: 'ai' | 'cn';
	/** Simulated task running time (default 3000 ms, a realistic feel). */
	simTaskDurationMs?: number;
	/** Install this package file instead of packing the repository. */
	tarball?: string;
	/** Progress lines go here. */
	log?: (line: string) => void;
}

export interface Demo {
	instance: Instance;
	/** Sample input files (the folder n8n's Read/Write Files from Disk node may use). */
	samples: string[];
	sim: Sim | null;
	backend: Backend;
	url: string;
	owner: Owner;
	/** triggerUrl: the delivery URL (with ?secret=) of an example's RunningHub Trigger; the workflow is active. */
	workflows: Array<{ id: string; name: string; file: string; triggerUrl?: string }>;
	stop(): Promise<void>;
}

export function demoOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DemoOptions {
	const version = env.DEMO_N8N_VERSION ?? '2.8.4';
	if (!isN8nVersion(version)) throw new Error(`DEMO_N8N_VERSION must be one of ${N8N_VERSIONS.join(', ')}, not "${version}"`);
	const site = (env.RUNNINGHUB_SITE ?? 'ai').toLowerCase();
	if (site !== 'ai' && site !== 'cn') throw new Error(`RUNNINGHUB_SITE must be "ai" or "cn", not "${env.RUNNINGHUB_SITE}"`);
	const port = env.DEMO_PORT ? Number(env.DEMO_PORT) : 5678;
	if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`DEMO_PORT must be a port number, not "${env.DEMO_PORT}"`);
	return {
		port,
		version,
		keepData: env.DEMO_KEEP_DATA === '1',
		apiKey: env.RUNNINGHUB_API_KEY?.trim() || undefined,
		site,
		tarball: env.DEMO_TARBALL || undefined,
	};
}

/** The example workflows shipped in examples/*.json (anything with nodes and connections). */
export function exampleWorkflows(dir = join(REPO_ROOT, 'examples')): Array<{ file: string; workflow: WorkflowJson }> {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.flatMap((file) => {
			const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowJson;
			return Array.isArray(workflow.nodes) && workflow.connections ? [{ file, workflow }] : [];
		});
}

/**
 * The folder the examples read from and write to: n8n 2.x lets its file nodes use only
 * `~/.n8n-files` by default, which is this path in n8n's Docker image. The demo and the e2e
 * scenarios point it at their own files folder.
 */
export const EXAMPLE_FILES_DIR = '/home/node/.n8n-files';
/** The webhook URL the trigger example's test submit carries until the user pastes the real one. */
export const EXAMPLE_TRIGGER_URL_PLACEHOLDER =
	'https://n8n.example.com/webhook/PASTE-THE-TRIGGER-PRODUCTION-URL/runninghub?secret=PASTE-THE-SECRET';
const TRIGGER_TYPE = `${NODE_PREFIX}runningHubTrigger`;

/**
 * Makes an example runnable on one n8n: its file paths point into filesDir, and a RunningHub
 * Trigger without a secret gets a random one and a webhook ID, so its delivery URL is known and
 * replaces the placeholder in the example's test submit. Returns a copy.
 */
export function localizeExample(
	workflow: WorkflowJson,
	{ filesDir, baseUrl }: { filesDir: string; baseUrl: string },
): { workflow: WorkflowJson; triggerUrl?: string } {
	const copy = replaceEverywhere(workflow, EXAMPLE_FILES_DIR, filesDir.replace(/\/+$/, ''));
	const trigger = copy.nodes.find((n) => n.type === TRIGGER_TYPE);
	if (!trigger) return { workflow: copy };
	if (!trigger.parameters.secret) trigger.parameters.secret = randomBytes(24).toString('hex');
	trigger.webhookId ??= randomUUID();
	const triggerUrl = triggerUrlOf(copy, baseUrl) as string;
	return { workflow: replaceEverywhere(copy, EXAMPLE_TRIGGER_URL_PLACEHOLDER, triggerUrl), triggerUrl };
}

/**
 * The Production URL of a workflow's RunningHub Trigger, if it has one with a webhook ID: the
 * secret is the path's last segment from node version 2, `?secret=` on version 1.
 */
export function triggerUrlOf(workflow: WorkflowJson, baseUrl: string): string | undefined {
	const trigger = workflow.nodes.find((n) => n.type === TRIGGER_TYPE);
	if (!trigger?.webhookId || !trigger.parameters.secret) return undefined;
	const secret = encodeURIComponent(String(trigger.parameters.secret));
	const base = `${baseUrl.replace(/\/+$/, '')}/webhook/${String(trigger.webhookId)}/runninghub`;
	return Number(trigger.typeVersion ?? 1) >= 2 ? `${base}/${secret}` : `${base}?secret=${secret}`;
}

/** Replaces a string everywhere in a workflow (inside any parameter or expression). */
function replaceEverywhere(workflow: WorkflowJson, from: string, to: string): WorkflowJson {
	const escaped = (text: string) => JSON.stringify(text).slice(1, -1);
	return JSON.parse(JSON.stringify(workflow).split(escaped(from)).join(escaped(to))) as WorkflowJson;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
	const log = options.log ?? ((line: string) => console.log(line));
	const port = options.port ?? 5678;
	const workDir = options.workDir ?? join(REPO_ROOT, '.e2e-work', 'demo');
	if (!(await isPortFree(port))) {
		throw new Error(`port ${port} on 127.0.0.1 is in use (another n8n or demo?). Stop it, or choose another port with DEMO_PORT=5679.`);
	}
	const runtime = await ensureRuntime(options.version ?? '2.8.4');
	const n8nDir = join(workDir, 'n8n');
	if (!options.keepData) rmSync(n8nDir, { recursive: true, force: true });
	mkdirSync(workDir, { recursive: true });
	log(`${options.tarball ? 'installing the package' : 'packing the package and installing it'} into ${n8nDir}/user/.n8n/nodes`);
	const tarball = options.tarball ?? (await packPackage(join(workDir, 'pack')));

	let sim: Sim | null = null;
	let backend: Backend;
	if (options.apiKey) {
		const site = options.site ?? 'ai';
		backend = { label: `runninghub.${site}`, site, apiKey: options.apiKey };
		log(`backend: real RunningHub (runninghub.${site}), key from RUNNINGHUB_API_KEY`);
	} else {
		sim = await startSim({ taskDurationMs: options.simTaskDurationMs ?? 3000 });
		backend = { label: 'simulator', site: 'custom', apiKey: sim.keys.aiShared, baseUrl: sim.url };
		log(`backend: the RunningHub simulator at ${sim.url} (set RUNNINGHUB_API_KEY to use real RunningHub)`);
	}
	log(`starting n8n ${runtime.version} on http://127.0.0.1:${port} ...`);
	let instance: Instance;
	try {
		instance = await startInstance({
			runtime,
			workDir: n8nDir,
			tarball,
			backend,
			owner: DEMO_OWNER,
			credentialName: backend.site === 'custom' ? 'RunningHub (simulator)' : `RunningHub (${backend.label})`,
			port,
			reuse: options.keepData,
			label: 'demo',
		});
	} catch (error) {
		await sim?.close();
		throw error;
	}
	// Sample inputs for example workflows that read files with n8n's Read/Write Files from Disk
	// node: n8n may only touch this folder (N8N_RESTRICT_FILE_ACCESS_TO).
	const samples: string[] = [];
	if (sim) {
		samples.push((await writeMediaFixture(instance.filesDir, 'presenter.mp4', { durationMs: 10_000 })).path);
		samples.push((await writeMediaFixture(instance.filesDir, 'voice.mp3', { durationMs: 6_000 })).path);
	}
	const workflows: Demo['workflows'] = [];
	for (const { file, workflow } of exampleWorkflows()) {
		const local = localizeExample(workflow, { filesDir: instance.filesDir, baseUrl: instance.n8n.baseUrl });
		const imported = await importWorkflow(instance, local.workflow, { skipExistingName: options.keepData });
		// A kept workflow keeps its own secret and webhook ID: its URL comes from what n8n stored.
		const triggerUrl = imported.created ? local.triggerUrl : triggerUrlOf(await instance.rest.getWorkflow(imported.id), instance.n8n.baseUrl);
		if (triggerUrl) await instance.rest.publicApi('POST', `/workflows/${imported.id}/activate`);
		workflows.push({ id: imported.id, name: imported.name, file, ...(triggerUrl ? { triggerUrl } : {}) });
	}
	return {
		instance,
		samples,
		sim,
		backend,
		url: instance.n8n.baseUrl,
		owner: DEMO_OWNER,
		workflows,
		async stop() {
			await instance.stop();
			await sim?.close();
		},
	};
}
