// Public entry point: start a RunningHub simulator in-process.
//   const sim = await startSimulator({ taskDurationMs: 50 });
//   sim.url (runninghub.ai), sim.cnUrl (runninghub.cn), sim.control, await sim.close()
import type { AddressInfo } from 'node:net';
import { createControl, type SimulatorControl } from './control.mjs';
import { createSimServer } from './server.mjs';
import { SimState } from './state.mjs';
import { stopAllTasks } from './tasks.mjs';

export { SIM_KEYS, type SimKeyName } from './keys.mjs';
export type { SimulatorControl, TaskView, SubmitCounts, OutcomeInput } from './control.mjs';
export type { SimConfig, ConfigPatch, Variants, WebhookConfig, FaceSpec } from './config.mjs';
export type { Fault, FaultRuleInput } from './faults.mjs';
export type { ResultEntry, Failure, RequestRecord, Session, Audio } from './state.mjs';
export type { DeliveryAttempt, WebhookEvent } from './webhooks.mjs';

export interface SimulatorOptions {
	/** 0 = a free port (default). */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Default 3000. */
	taskDurationMs?: number;
	/** Running tasks per key, default 3. */
	concurrencyLimit?: number;
	/** Base URL put into result/download URLs when clients reach the simulator under another address. */
	publicBaseUrl?: string;
	/** No per-request lines on stdout. */
	quiet?: boolean;
}

export interface Simulator {
	/** The runninghub.ai site, e.g. http://127.0.0.1:PORT */
	url: string;
	/** The runninghub.cn site: url + '/cn' */
	cnUrl: string;
	port: number;
	close(): Promise<void>;
	control: SimulatorControl;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const host = options.host ?? '127.0.0.1';
	const state = new SimState({
		...(options.taskDurationMs !== undefined ? { taskDurationMs: options.taskDurationMs } : {}),
		...(options.concurrencyLimit !== undefined
			? { concurrencyLimit: options.concurrencyLimit }
			: {}),
	});
	const control = createControl(state);
	const server = createSimServer(state, control, { quiet: options.quiet ?? false });
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const shownHost =
		host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	const url = `http://${shownHost}:${port}`;
	state.publicBase = (options.publicBaseUrl ?? url).replace(/\/+$/, '');
	// a process that exits without close() still removes the upload temp dir
	const onExit = () => state.close();
	process.once('exit', onExit);
	let closed = false;
	return {
		url,
		cnUrl: `${url}/cn`,
		port,
		control,
		async close() {
			if (closed) return;
			closed = true;
			process.off('exit', onExit);
			stopAllTasks(state);
			state.close();
			server.stopOutages();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}
