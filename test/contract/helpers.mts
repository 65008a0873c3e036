/** A simulator per test file and RunningHub clients wired to it through the n8n test context. */
import { RunningHub } from '../../nodes/RunningHub/RunningHub.node.ts';
import { RunningHubClient } from '../../nodes/core/api/client.ts';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { createExecuteContext } from '../support/n8n.mts';

export { SIM_KEYS };

export interface ClientKit {
	client: RunningHubClient;
	/** Every backoff the client asked for, in ms (the test sleeps at most 5 ms of each). */
	slept: number[];
}

export function clientFor(sim: Simulator, apiKey: string = SIM_KEYS.aiShared, baseUrl = sim.url, retry = {}): ClientKit {
	const { ctx } = createExecuteContext(new RunningHub().description, {
		parameters: {},
		credentials: { apiKey, site: 'custom', baseUrl },
	});
	const slept: number[] = [];
	const client = new RunningHubClient(ctx, {
		sleep: async (ms) => {
			slept.push(ms);
			await new Promise((r) => setTimeout(r, Math.min(ms, 5)));
		},
		retry: { capacityMaxWaitMs: 60_000, ...retry },
	});
	return { client, slept };
}

export async function startSim(taskDurationMs = 30): Promise<Simulator> {
	return await startSimulator({ quiet: true, taskDurationMs });
}

/** Runs fn and returns the error it throws (fails the test when it does not throw). */
export async function errorOf(fn: () => Promise<unknown>): Promise<Error & { description?: string; httpCode?: string; context: Record<string, unknown> }> {
	try {
		await fn();
	} catch (error) {
		return error as never;
	}
	throw new Error('expected an error, got none');
}

/** The text a user can see of an error (message and description). */
export const visible = (e: { message: string; description?: string | null }) => `${e.message}\n${e.description ?? ''}`;
