// Simulator helpers the benchmarks share: tasks of a given running time, status requests per
// task from the simulator's request log, lip-sync inputs, and strategy (b), the way every
// existing integration waits: one job at a time, submit, then poll at a fixed interval.
import type { Sim } from '../../e2e/lib/sim.mjs';
import { sleep } from './report.mjs';

export type { Sim };

export const TTS = 'kling-lip-sync/tts';
export const LIP_SYNC_VIDEO = 'kling-lip-sync/lip-sync-video';
const STATUS_ROUTES = new Set(['/openapi/v2/query', '/task/openapi/status', '/task/openapi/outputs']);

/** Text for a Text to Speech task that the duration watcher gives this running time. */
export const taggedText = (ms: number, label: string) => `Benchmark speech for ${label} [bench:${ms}]`;

/**
 * Gives every new task whose body text carries `[bench:<ms>]` that running time (from its start),
 * so jobs of different lengths can run side by side on one endpoint. Returns a stop function.
 */
export function watchDurations(sim: Sim): () => void {
	const done = new Set<string>();
	const timer = setInterval(() => {
		for (const task of sim.control.tasks() as Array<{ id: string; body: { text?: unknown } }>) {
			if (done.has(task.id)) continue;
			done.add(task.id);
			const m = /\[bench:(\d+)\]/.exec(String(task.body?.text ?? ''));
			if (m) sim.control.setTaskDuration(task.id, Number(m[1]));
		}
	}, 5);
	return () => clearInterval(timer);
}

export interface TaskTimes {
	createdAt: number;
	startedAt: number;
	endedAt: number;
	status: string;
}

export function taskTimes(sim: Sim, taskId: string): TaskTimes {
	const t = sim.control.task(taskId);
	if (!t) throw new Error(`the simulator has no task ${taskId}`);
	return { createdAt: Date.parse(t.createdAt), startedAt: Date.parse(t.startedAt), endedAt: Date.parse(t.endedAt), status: t.status };
}

/** Times (ms) of the status requests (v2 query, v1 status/outputs) made for each task. */
export function statusRequests(sim: Sim): Map<string, number[]> {
	const byTask = new Map<string, number[]>();
	for (const r of sim.control.requests() as Array<{ route: string; time: string; body: string }>) {
		if (!STATUS_ROUTES.has(r.route)) continue;
		let taskId = '';
		try {
			taskId = String(JSON.parse(r.body)?.taskId ?? '');
		} catch {
			continue;
		}
		byTask.set(taskId, [...(byTask.get(taskId) ?? []), Date.parse(r.time)]);
	}
	return byTask;
}

/** Submits a standard-model task straight through the simulator's API (Bearer key). */
export async function submit(baseUrl: string, key: string, endpoint: string, body: unknown): Promise<{ taskId?: string; errorCode?: string; status?: string }> {
	const res = await fetch(`${baseUrl}/openapi/v2/${endpoint}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
		body: JSON.stringify(body),
	});
	return (await res.json()) as { taskId?: string; errorCode?: string };
}

export async function query(baseUrl: string, key: string, taskId: string): Promise<{ status?: string; results?: Array<{ url: string | null; text: string | null }> }> {
	const res = await fetch(`${baseUrl}/openapi/v2/query`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
		body: JSON.stringify({ taskId }),
	});
	return (await res.json()) as { status?: string };
}

async function finished(sim: Sim, endpoint: string, body: unknown) {
	const { taskId, errorCode } = await submit(sim.url, sim.keys.aiShared, endpoint, body);
	if (!taskId) throw new Error(`the simulator refused ${endpoint}: ${errorCode}`);
	await sim.control.waitForTask(taskId, undefined, 30_000);
	const task = await query(sim.url, sim.keys.aiShared, taskId);
	if (task.status !== 'SUCCESS') throw new Error(`${endpoint} task ${taskId} ended ${task.status}`);
	return { taskId, results: task.results ?? [] };
}

export interface LipSyncInputs {
	sessionId: string;
	faceId: string;
	audioId: string;
	/** Timings that satisfy Kling's rules for this session and audio. */
	soundEndTime: number;
	soundInsertTime: number;
}

/** A face session and a speech audio for Create Lip-Sync Video, made through the simulator's API. */
export async function lipSyncInputs(sim: Sim): Promise<LipSyncInputs> {
	const video = sim.control.createFile({ ext: 'mp4', durationMs: 10_000 });
	const faces = await finished(sim, 'kling-lip-sync/identify-face', { videoUrl: video.url });
	const texts = faces.results.map((r) => JSON.parse(String(r.text ?? 'null'))).filter(Boolean);
	const sessionId = String(texts.find((t) => t.session_id)?.session_id ?? '');
	const face = texts.find((t) => t.face_id !== undefined && t.end_time - t.start_time >= 4000);
	// ~5 s of speech (70 ms per character).
	const speech = await finished(sim, TTS, { text: 'x'.repeat(72), voiceId: 'genshin_vindi2', voiceLanguage: 'zh', voiceSpeed: 1 });
	const audioId = String(speech.results.find((r) => !r.url && r.text)?.text ?? '');
	if (!sessionId || !face || !audioId) throw new Error(`no lip-sync inputs: ${JSON.stringify({ faces: faces.results, speech: speech.results })}`);
	return { sessionId, faceId: String(face.face_id), audioId, soundEndTime: 3000, soundInsertTime: Number(face.start_time) };
}

export interface PolledJob {
	taskId: string;
	submittedAt: number;
	/** When the client saw the task finished. */
	doneAt: number;
	polls: number;
	status: string;
	/** Capacity refusals of the submit (retried after one poll interval). */
	refused: number;
}

/**
 * Strategy (b): jobs one after the other; each is submitted, then its status read every
 * `pollMs` until it finished. A direct client against the simulator, no n8n in between (which
 * only flatters it: no workflow engine overhead).
 */
export async function pollOneAtATime(
	o: { baseUrl: string; key: string; endpoint: string; jobs: number; pollMs: number; body: (i: number) => unknown },
): Promise<{ jobs: PolledJob[]; totalMs: number }> {
	const started = Date.now();
	const jobs: PolledJob[] = [];
	for (let i = 0; i < o.jobs; i++) {
		let refused = 0;
		let submitted = await submit(o.baseUrl, o.key, o.endpoint, o.body(i));
		while (!submitted.taskId && ['1520', '421', '415'].includes(String(submitted.errorCode))) {
			refused++;
			await sleep(o.pollMs);
			submitted = await submit(o.baseUrl, o.key, o.endpoint, o.body(i));
		}
		if (!submitted.taskId) throw new Error(`strategy (b): submit refused: ${JSON.stringify(submitted)}`);
		const job: PolledJob = { taskId: submitted.taskId, submittedAt: Date.now(), doneAt: 0, polls: 0, status: '', refused };
		for (;;) {
			await sleep(o.pollMs);
			const task = await query(o.baseUrl, o.key, job.taskId);
			job.polls++;
			if (['SUCCESS', 'FAILED', 'CANCEL'].includes(String(task.status))) {
				job.status = String(task.status);
				job.doneAt = Date.now();
				break;
			}
		}
		jobs.push(job);
	}
	return { jobs, totalMs: Date.now() - started };
}
