// Shared helpers for the lip-sync tests: one simulator per test file, generated media (a real
// MP4 container and real MP3 frames, made by the simulator's own generator), and a runner for
// the RunningHub node with the lip-sync resource.
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mjs';
import { generate } from '../../simulator/media.mjs';
import {
	binaryItem,
	runRunningHub,
	runRunningHubError,
	type BinaryMode,
	type RunResult,
} from '../operations/support.mjs';

export { SIM_KEYS, binaryItem, type BinaryMode };

export const API_KEY = SIM_KEYS.aiShared;

/** The bytes of a generated media file: `mp4`, `mov`, `mp3`, `wav`, `png` … */
export async function media(ext: string, options: { durationMs?: number; sizeBytes?: number } = {}): Promise<Buffer> {
	const generated = generate(ext, options);
	const chunks: Buffer[] = [];
	for await (const chunk of generated.open()) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}

export async function videoItem(property = 'data', durationMs = 10_000): Promise<INodeExecutionData> {
	return await binaryItem(await media('mp4', { durationMs }), 'presenter.mp4', 'video/mp4', property);
}

export interface LipSyncRun {
	sim: Simulator;
	parameters: Record<string, unknown>;
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
	binaryMode?: BinaryMode;
	typeVersion?: number;
}

export async function run(options: LipSyncRun): Promise<RunResult> {
	return await runRunningHub({
		baseUrl: options.sim.url,
		apiKey: API_KEY,
		parameters: { resource: 'lipSync', ...options.parameters },
		input: options.input,
		continueOnFail: options.continueOnFail,
		binaryMode: options.binaryMode,
		typeVersion: options.typeVersion,
	});
}

export async function runError(options: LipSyncRun) {
	return await runRunningHubError({
		baseUrl: options.sim.url,
		apiKey: API_KEY,
		parameters: { resource: 'lipSync', ...options.parameters },
		input: options.input,
		continueOnFail: options.continueOnFail,
		binaryMode: options.binaryMode,
		typeVersion: options.typeVersion,
	});
}

export function binaryOf(item: INodeExecutionData, property = 'data'): IBinaryData {
	const meta = item.binary?.[property];
	if (!meta) throw new Error(`no binary "${property}" on ${JSON.stringify(item.json).slice(0, 300)}`);
	return meta;
}

/** Runs fn with a simulator of its own (so tests can run concurrently and configure it freely). */
export async function withSim<T>(
	fn: (sim: Simulator) => Promise<T>,
	options: { taskDurationMs?: number; concurrencyLimit?: number } = {},
): Promise<T> {
	const sim = await startSimulator({ port: 0, quiet: true, taskDurationMs: options.taskDurationMs ?? 60, concurrencyLimit: options.concurrencyLimit ?? 10 });
	try {
		return await fn(sim);
	} finally {
		await sim.close();
	}
}

/** Reads a served simulator file (e.g. an output URL) as bytes. */
export async function fetchBytes(url: string): Promise<Buffer> {
	const response = await fetch(url);
	if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
	return Buffer.from(await response.arrayBuffer());
}

/** The bodies of the tasks the simulator created for an endpoint, oldest first. */
export function taskBodies(sim: Simulator, endpoint: string): Array<Record<string, unknown>> {
	return sim.control
		.tasks()
		.filter((t) => t.endpoint === endpoint)
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
		.map((t) => t.body as Record<string, unknown>);
}

/**
 * Calls a simulator model endpoint directly and returns its finished task (the simulator answers
 * synchronously meanwhile), e.g. to make a face session or a TTS audio for a test.
 */
export async function simModel(sim: Simulator, endpoint: string, body: unknown): Promise<{ taskId: string; results: Array<{ url: string | null; outputType: string; text: string | null }> }> {
	const before = sim.control.config().variants.syncSuccess;
	sim.control.configure({ variants: { syncSuccess: true } });
	try {
		const response = await fetch(`${sim.url}/openapi/v2/${endpoint}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
			body: JSON.stringify(body),
		});
		const task = (await response.json()) as { taskId: string; status: string; results: any[]; errorMessage?: string };
		if (task.status !== 'SUCCESS') throw new Error(`${endpoint}: ${JSON.stringify(task)}`);
		return task;
	} finally {
		sim.control.configure({ variants: { syncSuccess: before } });
	}
}

/** A face session (faces 0: 200–8300 ms, 1: 1000–2500 ms) and a TTS audio (its ID and length). */
export async function sessionAndAudio(sim: Simulator, text = 'Hello there, this is the lip-sync test speaking.'): Promise<{ sessionId: string; audioId: string; audioMs: number; audioUrl: string }> {
	const faces = await simModel(sim, 'kling-lip-sync/identify-face', { videoUrl: 'https://example.com/presenter.mp4' });
	const session = faces.results.map((r) => r.text).find((t) => t?.includes('session_id'));
	const sessionId = String(JSON.parse(String(session)).session_id);
	const tts = await simModel(sim, 'kling-lip-sync/tts', { text, voiceId: 'genshin_klee2', voiceLanguage: 'zh', voiceSpeed: 1 });
	const audioId = String(tts.results.find((r) => r.outputType === 'text')?.text);
	const audioUrl = String(tts.results.find((r) => r.url)?.url);
	const audioMs = sim.control.audios().find((a) => a.id === audioId)?.durationMs ?? NaN;
	return { sessionId, audioId, audioMs, audioUrl };
}
