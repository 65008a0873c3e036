// One place for "a real n8n with the package installed, an owner, a RunningHub credential and
// some workflows": used by the e2e harness (e2e/run.mts), the demo (scripts/demo.mts) and the
// screenshot script.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { startN8n, type BinaryMode, type N8nProcess } from './n8n.mjs';
import { installPackage } from './pack.mjs';
import { N8nRest, type CredentialRef, type Owner, type WorkflowJson } from './rest.mjs';
import type { Runtime } from './runtime.mjs';
import { CREDENTIAL_TYPE, wireCredentials } from './workflows.mjs';

/** Where the credential points: the simulator (site "custom") or real RunningHub (ai / cn). */
export interface Backend {
	label: string;
	site: 'ai' | 'cn' | 'custom';
	apiKey: string;
	baseUrl?: string;
}

export interface InstanceOptions {
	runtime: Runtime;
	/** Holds the user folder, the files folder and the log; created if missing. */
	workDir: string;
	/** The packed package to install (skipped when the user folder already has it and reuse is on). */
	tarball: string;
	backend: Backend;
	owner: Owner;
	credentialName?: string;
	port?: number;
	binaryMode?: BinaryMode;
	label?: string;
	env?: Record<string, string | undefined>;
	/** Keep an existing user folder (owner, credential, workflows) instead of requiring a fresh one. */
	reuse?: boolean;
	readyTimeoutMs?: number;
}

export interface Instance {
	n8n: N8nProcess;
	rest: N8nRest;
	owner: Owner;
	credential: CredentialRef;
	/** The installed package folder inside the user folder. */
	packageDir: string;
	/** The folder n8n's file nodes may read and write (N8N_RESTRICT_FILE_ACCESS_TO). */
	filesDir: string;
	workDir: string;
	stop(): Promise<void>;
}

export function credentialData(backend: Backend): Record<string, string> {
	return backend.site === 'custom'
		? { apiKey: backend.apiKey, site: 'custom', baseUrl: backend.baseUrl ?? '' }
		: { apiKey: backend.apiKey, site: backend.site };
}

export async function startInstance(o: InstanceOptions): Promise<Instance> {
	const userFolder = join(o.workDir, 'user');
	const filesDir = join(o.workDir, 'files');
	mkdirSync(o.workDir, { recursive: true });
	const fresh = !existsSync(join(userFolder, '.n8n', 'database.sqlite'));
	if (!fresh && !o.reuse) throw new Error(`${userFolder} already holds an n8n database; use a fresh folder`);
	const packageDir = await installPackage(userFolder, o.tarball);
	const n8n = await startN8n({
		runtime: o.runtime,
		userFolder,
		filesDir,
		port: o.port,
		binaryMode: o.binaryMode,
		logFile: join(o.workDir, 'n8n.log'),
		label: o.label,
		env: o.env,
		readyTimeoutMs: o.readyTimeoutMs,
	});
	try {
		const rest = new N8nRest(n8n.baseUrl);
		if (fresh) {
			await rest.setupOwner(o.owner);
		}
		await rest.login(o.owner);
		await rest.createApiKey(`runninghub-e2e-${Date.now()}`);
		const credential = await ensureCredential(rest, o.credentialName ?? `RunningHub (${o.backend.label})`, o.backend);
		return { n8n, rest, owner: o.owner, credential, packageDir, filesDir, workDir: o.workDir, stop: () => n8n.stop() };
	} catch (error) {
		await n8n.stop();
		throw error;
	}
}

/** Creates the credential through n8n, or updates the one of that name on a reused instance. */
async function ensureCredential(rest: N8nRest, name: string, backend: Backend): Promise<CredentialRef> {
	const existing = (await rest.request<Array<{ id: string; name: string; type: string }>>('GET', '/rest/credentials')).find(
		(c) => c.name === name && c.type === CREDENTIAL_TYPE,
	);
	if (!existing) return await rest.createCredential(name, CREDENTIAL_TYPE, credentialData(backend));
	await rest.request('PATCH', `/rest/credentials/${existing.id}`, {
		name,
		type: CREDENTIAL_TYPE,
		data: credentialData(backend),
	});
	return { id: String(existing.id), name, type: CREDENTIAL_TYPE };
}

/** Creates a workflow in n8n with the instance's credential wired into every RunningHub node. */
export async function importWorkflow(
	instance: Pick<Instance, 'rest' | 'credential'>,
	workflow: WorkflowJson,
	{ skipExistingName = false }: { skipExistingName?: boolean } = {},
): Promise<{ id: string; name: string; created: boolean }> {
	if (skipExistingName) {
		const same = (await instance.rest.listWorkflows()).find((w) => w.name === workflow.name);
		if (same) return { id: String(same.id), name: same.name, created: false };
	}
	const created = await instance.rest.createWorkflow(wireCredentials(workflow, instance.credential));
	return { id: created.id, name: created.name, created: true };
}
