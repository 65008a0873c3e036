/**
 * Creating RunningHub tasks in the simulator for the Wait for Task and Trigger tests: a Kling
 * TTS task per call, optionally with a webhookUrl, a running time (negative: runs until the
 * test ends it) or a scripted failure.
 */
import { SIM_KEYS, type Simulator } from '../../simulator/index.mts';

export const TTS_BODY = { text: 'hello there', voiceId: 'genshin_klee2', voiceLanguage: 'zh' };

export interface SubmitOptions {
	webhookUrl?: string;
	/** Running time in ms; negative = never finishes on its own. */
	durationMs?: number;
	/** Fail the task when it ends. */
	fail?: { errorCode?: string; errorMessage?: string };
	key?: string;
}

export async function submitTask(sim: Simulator, options: SubmitOptions = {}): Promise<string> {
	if (options.durationMs !== undefined || options.fail) {
		sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', times: 1, durationMs: options.durationMs, fail: options.fail });
	}
	const response = await fetch(`${sim.url}/openapi/v2/kling-lip-sync/tts`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${options.key ?? SIM_KEYS.aiShared}` },
		body: JSON.stringify({ ...TTS_BODY, ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}) }),
	});
	const body = (await response.json()) as { taskId?: string; errorCode?: string; errorMessage?: string };
	if (!body.taskId || body.errorCode) throw new Error(`submit refused: ${JSON.stringify(body)}`);
	return body.taskId;
}

/** The credential of the RunningHub nodes, pointed at the simulator. */
export function simCredentials(sim: Simulator, key: string = SIM_KEYS.aiShared) {
	return { apiKey: key, site: 'custom', baseUrl: sim.url };
}

/** A task ID that no simulator task has (19 digits). */
export const UNKNOWN_TASK_ID = '1999999999999999999';
