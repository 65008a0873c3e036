// The RunningHub simulator (simulator/), run in-process, plus helpers scenarios use to set up
// state directly through its HTTP API (the same API the node talks to) and its /__sim/ control API.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { onCleanup } from './procs.mjs';
import { REPO_ROOT } from './runtime.mjs';

export type SimKeys = Record<string, string> & { aiShared: string; cnShared: string };

export interface Sim {
	/** Root (.ai) site base URL. */
	url: string;
	/** The .cn site (url + /cn). */
	cnUrl: string;
	port: number;
	keys: SimKeys;
	/** The simulator's in-process control object (reset, config, faults, tasks...). */
	control: any;
	close(): Promise<void>;
	/** POST a RunningHub API call with a key (Bearer), returns the parsed JSON body. */
	api(path: string, body: unknown, key?: string): Promise<any>;
	/** GET/POST the /__sim/ control API. */
	ctl(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any>;
	/** Downloads a file the simulator serves. */
	bytes(url: string): Promise<Buffer>;
	/**
	 * Starts a ComfyUI-workflow task straight through the simulator's RunningHub API (the v1
	 * create endpoint, as a user's other tools would) and waits until it succeeded. Returns the
	 * task as the v2 query endpoint reports it.
	 */
	createFinishedTask(key?: string): Promise<{ taskId: string; results: Array<{ url: string; outputType: string }> }>;
	/** Uploads a file through the simulator's v2 upload API; returns its download URL. */
	upload(bytes: Buffer, fileName: string, key?: string): Promise<string>;
}

/** A runnable text-to-image ComfyUI workflow the simulator knows (simulator/workflows.mts). */
export const SIM_TXT2IMG_WORKFLOW_ID = '1950000000000000001';

export const SIMULATOR_ENTRY = join(REPO_ROOT, 'simulator', 'index.mts');

export function simulatorAvailable(): boolean {
	return existsSync(SIMULATOR_ENTRY);
}

export async function startSim(options: Record<string, unknown> = {}): Promise<Sim> {
	if (!simulatorAvailable()) throw new Error(`the RunningHub simulator is not built yet (${SIMULATOR_ENTRY} is missing)`);
	const mod = await import(pathToFileURL(SIMULATOR_ENTRY).href);
	const handle = await mod.startSimulator({ port: 0, host: '127.0.0.1', quiet: true, ...options });
	let closed: Promise<void> | null = null;
	const close = () => (closed ??= Promise.resolve(handle.close()).then(() => undefined));
	const unregister = onCleanup('simulator', close);
	const url = String(handle.url).replace(/\/+$/, '');
	const json = async (res: Response) => {
		const text = await res.text();
		try {
			return text ? JSON.parse(text) : undefined;
		} catch {
			throw new Error(`${res.url} -> HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
		}
	};
	const sim: Sim = {
		url,
		cnUrl: String(handle.cnUrl ?? `${url}/cn`).replace(/\/+$/, ''),
		port: Number(handle.port),
		keys: mod.SIM_KEYS as SimKeys,
		control: handle.control,
		close: async () => {
			unregister();
			await close();
		},
		async api(path, body, key = mod.SIM_KEYS.aiShared) {
			const res = await fetch(url + path, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
				body: JSON.stringify(body),
			});
			return await json(res);
		},
		async ctl(method, path, body) {
			const res = await fetch(`${url}/__sim/${path.replace(/^\/+/, '')}`, {
				method,
				headers: body === undefined ? {} : { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const parsed = await json(res);
			if (!res.ok) throw new Error(`/__sim/${path} -> HTTP ${res.status}: ${JSON.stringify(parsed)}`);
			return parsed;
		},
		async bytes(fileUrl) {
			const res = await fetch(fileUrl);
			if (!res.ok) throw new Error(`GET ${fileUrl} -> HTTP ${res.status}`);
			return Buffer.from(await res.arrayBuffer());
		},
		async createFinishedTask(key = mod.SIM_KEYS.aiShared) {
			const created = await sim.api('/task/openapi/create', { apiKey: key, workflowId: SIM_TXT2IMG_WORKFLOW_ID }, key);
			const taskId = String(created?.data?.taskId ?? '');
			if (created?.code !== 0 || !taskId) throw new Error(`the simulator refused the task: ${JSON.stringify(created)}`);
			const deadline = Date.now() + 30_000;
			for (;;) {
				const task = await sim.api('/openapi/v2/query', { taskId }, key);
				if (task?.status === 'SUCCESS') return { taskId, results: task.results };
				if (task?.status === 'FAILED' || task?.status === 'CANCEL') throw new Error(`simulated task ${taskId} ended ${task.status}`);
				if (Date.now() > deadline) throw new Error(`simulated task ${taskId} did not finish: ${JSON.stringify(task)}`);
				await new Promise((r) => setTimeout(r, 100));
			}
		},
		async upload(bytes, fileName, key = mod.SIM_KEYS.aiShared) {
			const form = new FormData();
			form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
			const res = await fetch(`${url}/openapi/v2/media/upload/binary`, {
				method: 'POST',
				headers: { authorization: `Bearer ${key}` },
				body: form,
			});
			const body = await json(res);
			const downloadUrl = body?.data?.download_url ?? body?.data?.downloadUrl;
			if (!downloadUrl) throw new Error(`the simulator refused the upload: ${JSON.stringify(body)}`);
			return String(downloadUrl);
		},
	};
	return sim;
}
