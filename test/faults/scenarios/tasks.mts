/**
 * Faults in a task's life rather than in one request: tasks that never finish, are cancelled,
 * fail, report a status nobody knows, whose result URLs have expired; uploads refused for size;
 * a queue that stays full. Through the RunningHub node, Wait for Task (Poll and Resume on
 * Callback) and the Trigger.
 */
import { KEY, binaryItem, eventually, fault, taskItems, type Simulator } from '../harness.mts';
import {
	PATH,
	callbackChain,
	rh,
	submitDirect,
	taskGet,
	triggerChain,
	tts,
	uploadParams,
	waitPoll,
	type Act,
	type Scenario,
} from '../flows.mts';

const forever = (sim: Simulator) => void sim.control.configure({ taskDurationMs: -1 });
const expireResults = (sim: Simulator) => void sim.control.configure({ fileTtlMs: 1 });
const FAILED = { errorCode: '1015', errorMessage: 'Generation failed: the model crashed' };

/** Runs the act while `meanwhile` acts on the simulator (e.g. cancels the task it is waiting for). */
const during =
	(act: Act, meanwhile: (sim: Simulator) => Promise<void>): Act =>
	async (sim) => {
		const [stages] = await Promise.all([act(sim), meanwhile(sim)]);
		return stages;
	};
const firstTask = async (sim: Simulator) => (await eventually(() => sim.control.tasks()[0], 'a task')).id;

/** Tasks submitted directly (as another tool would), as Wait for Task input items. */
const direct = (n: number, o: Parameters<typeof submitDirect>[2] = {}) => async (sim: Simulator) => taskItems(await submitDirect(sim, n, o));

/** An unknown status word in every query answer (the body names no task: the node falls back to the ID it asked for). */
const unknownStatus = (sim: Simulator) =>
	fault(sim, PATH.query, { type: 'http', status: 200, body: { status: 'PAUSED', errorCode: '', errorMessage: '', results: null } }, -1);

/** Fills the key's only slot with a task of another workflow (no item marker: it is nobody's item). */
async function fillTheQueue(sim: Simulator, releaseAfterMs?: number): Promise<void> {
	sim.control.configure({ concurrencyLimit: 1, queueLimit: 0 });
	sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', times: 1, durationMs: -1 });
	const response = await fetch(`${sim.url}${PATH.ttsSubmit}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
		body: JSON.stringify({ text: 'another workflow', voiceId: 'genshin_klee2', voiceLanguage: 'zh' }),
	});
	const { taskId } = (await response.json()) as { taskId: string };
	if (releaseAfterMs !== undefined) setTimeout(() => sim.control.completeTask(taskId), releaseAfterMs);
}

const image = (bytes: number) => [binaryItem(Buffer.alloc(bytes, 7), 'portrait.png', 'image/png')];

export const TASKS: Scenario[] = [
	// Running forever.
	{
		name: 'task RUNNING forever, RunningHub node: returns the task ID at Max Wait',
		setup: forever,
		act: tts(1, { maxWaitSeconds: 1 }),
		expect: { items: { json: { timedOut: true, state: 'pending' } }, submits: 1 },
	},
	{
		name: 'task RUNNING forever, RunningHub node set to fail at Max Wait: error item with task ID and status',
		setup: forever,
		act: tts(1, { maxWaitSeconds: 1, onTimeout: 'error' }),
		expect: { items: { error: /did not finish the task within Max Wait/, fix: /keeps running on RunningHub/, json: { status: 'RUNNING' } }, submits: 1 },
	},
	{
		name: 'task RUNNING forever, Wait for Task (Poll): Still Running output',
		act: waitPoll(direct(2, { durationMs: -1 })),
		expect: { items: { output: 2, json: { waitResult: 'stillRunning', timedOut: true } } },
	},
	{
		name: 'task RUNNING forever, Wait for Task (Poll) cancelling at the limit: Failed output, cancelled',
		act: waitPoll(direct(2, { durationMs: -1 }), { options: { cancelOnTimeLimit: true } }),
		expect: { items: { output: 1, json: { waitResult: 'failed', status: 'CANCEL', cancelledAtTimeLimit: true } } },
	},
	{
		name: 'task RUNNING forever, Wait for Task (Resume on Callback): n8n continues with the items at the time limit',
		act: callbackChain({ timeLimitPassesFirst: true, deliver: async () => undefined }),
		expect: {
			stages: { 'Wait for Task (resumed at time limit)': { json: { status: 'RUNNING' } } },
			hook: { started: 0 },
			submits: 2,
		},
	},

	// Cancelled, failed, unknown status.
	{
		name: 'task cancelled on RunningHub while the RunningHub node waits: error item with task ID and CANCEL',
		setup: forever,
		act: during(tts(1), async (sim) => void sim.control.cancelTask(await firstTask(sim))),
		expect: { items: { error: /task was cancelled on RunningHub/, json: { status: 'CANCEL' } }, submits: 1 },
	},
	{
		name: 'task cancelled on RunningHub, Wait for Task (Poll): Failed output',
		act: during(waitPoll(direct(1, { durationMs: -1 }), { maxWaitSeconds: 5 }), async (sim) => void sim.control.cancelTask(await firstTask(sim))),
		expect: { items: { output: 1, json: { waitResult: 'failed', state: 'cancelled' } } },
	},
	{
		name: 'task FAILED, RunningHub node: error item with code, reason and task ID',
		setup: (sim) => void sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', times: 1, fail: FAILED }),
		act: tts(2),
		expect: { items: [{ error: /^The RunningHub task failed: Generation failed: the model crashed \[item 0\]$/, fix: /\nRunningHub code: 1015 \(GENERATION_FAILED, the generation failed\)\.$/, code: '1015' }, {}], submits: 2 },
	},
	{
		name: 'task FAILED, Wait for Task (Poll): Failed output with the code',
		act: waitPoll(direct(1, { fail: FAILED })),
		expect: { items: { output: 1, json: { waitResult: 'failed', errorCode: '1015' } } },
	},
	{
		name: 'task FAILED, Wait for Task (Resume on Callback): resumed, waitResult failed',
		act: callbackChain({ items: 2, deliver: async (sim, c) => void c.taskIds.forEach((id) => sim.control.failTask(id, FAILED)) }),
		expect: { stages: { 'Wait for Task (resumed by callback)': { json: { waitResult: 'failed', errorCode: '1015' } } }, hook: { started: 1 } },
	},
	{
		name: 'task FAILED, Trigger: one failed-task execution per task',
		act: triggerChain({ deliver: async (sim, c) => void c.taskIds.forEach((id) => sim.control.failTask(id, FAILED)) }),
		expect: { hook: { started: 2, answers: { only: [200] } } },
	},
	{
		name: 'unknown task status while the RunningHub node waits: error item names it, keeps the task ID',
		setup: unknownStatus,
		act: tts(1),
		expect: { items: { error: /unknown task status "PAUSED"/, fix: /Known statuses are/ }, submits: 1 },
	},
	{
		name: 'unknown task status, Wait for Task (Poll): Failed output names it',
		act: async (sim) => {
			const input = await direct(1)(sim);
			unknownStatus(sim);
			return await waitPoll(async () => input)(sim);
		},
		expect: { items: { output: 1, error: /unknown task status "PAUSED"/ } },
	},
	{
		name: 'unknown task status, Wait for Task (Resume on Callback): the item fails naming it, nothing parks',
		setup: unknownStatus,
		act: callbackChain({ items: 1 }),
		expect: { stages: { 'Wait for Task (first run)': { error: /unknown task status "PAUSED"/, json: { waitResult: 'failed' } } } },
	},
	{
		name: 'unknown task status, Task → Get: error item names it',
		act: async (sim) => {
			const input = await direct(1)(sim);
			unknownStatus(sim);
			return await rh(taskGet(), { input })(sim);
		},
		expect: { items: { error: /unknown task status "PAUSED"/ } },
	},

	// Expired result URLs.
	{
		name: 'expired result URL (404) on download, RunningHub node: error item says the URLs expire',
		setup: expireResults,
		act: tts(2, { downloadOutputs: true }),
		expect: { items: { error: /could not be downloaded \(HTTP 404\)/, fix: /expire after about 24 hours/ }, submits: 2 },
	},
	{
		name: 'expired result URL (404), Task → Get with download: error item with the task ID',
		setup: expireResults,
		act: async (sim) => {
			const input = await direct(1)(sim);
			await sim.control.waitForTask(String(input[0].json.taskId));
			return await rh(taskGet({ downloadOutputs: true }), { input })(sim);
		},
		expect: { items: { error: /could not be downloaded \(HTTP 404\)/, fix: /expire after about 24 hours/ } },
	},
	{
		name: 'expired result URL (404), Wait for Task (Poll) with download: Succeeded output says why there is no file',
		setup: expireResults,
		act: waitPoll(direct(2), { options: { downloadOutputs: true } }),
		expect: { items: { output: 0, binary: false, downloadError: /HTTP 404.*\[item \d\]/ } },
	},
	{
		name: 'expired result URL (404), Wait for Task (Resume on Callback) with download: resumed, says why',
		setup: expireResults,
		act: callbackChain({ waitParameters: { options: { downloadOutputs: true } } }),
		expect: { stages: { 'Wait for Task (resumed by callback)': { json: { waitResult: 'succeeded' }, downloadError: /HTTP 404/ } }, hook: { started: 1 } },
	},
	{
		name: 'expired result URL (404), Trigger with download: executions start, say why',
		setup: expireResults,
		act: triggerChain({ triggerParameters: { options: { downloadOutputs: true } } }),
		expect: {
			hook: { started: 2 },
			more: (stages) => {
				const hook = stages.find((s) => s.kind === 'hook');
				const items = hook?.kind === 'hook' ? hook.started.flat() : [];
				if (!items.every((i) => /HTTP 404/.test(String(i.json.downloadError)))) throw new Error(`Trigger items without a downloadError: ${JSON.stringify(items.map((i) => i.json))}`);
			},
		},
	},

	// Uploads refused for size.
	{
		name: 'upload refused for size by the new upload: falls back to the legacy upload',
		setup: (sim) => void sim.control.configure({ uploadMaxBytes: 1000 }),
		act: rh(uploadParams(), { input: image(3000) }),
		expect: { items: { json: { endpoint: 'legacy' } } },
	},
	{
		name: 'upload refused for size (HTTP 413): falls back to the legacy upload',
		setup: (sim) => void sim.control.configure({ uploadMaxBytes: 1000, variants: { uploadTooLarge: 'http413' } }),
		act: rh(uploadParams(), { input: image(3000) }),
		expect: { items: { json: { endpoint: 'legacy' } } },
	},
	{
		name: 'upload refused for size, legacy fallback off: error names the size and the fix',
		setup: (sim) => void sim.control.configure({ uploadMaxBytes: 1000 }),
		act: rh(uploadParams({ legacyFallback: false }), { input: image(3000) }),
		expect: { items: { error: /refused "portrait\.png" \(2\.9 KB\) as too large/, fix: /Fall Back to Legacy Upload/ } },
	},
	{
		name: 'upload refused for size by both uploads: error names the size and the limits',
		setup: (sim) => void sim.control.configure({ uploadMaxBytes: 1000, legacyUploadMaxBytes: 1000 }),
		act: rh(uploadParams(), { input: image(3000) }),
		expect: { items: { error: /^RunningHub refused "portrait\.png" \(2\.9 KB\) as too large \[item 0\]$/, fix: /legacy upload takes at most 30 MB.*\nRunningHub code: 809 \(APIKEY_FILE_SIZE_EXCEEDED/s, code: '809' } },
	},

	// Queue full.
	{
		name: 'queue full for a long time: the submit waits its capacity budget, then a clear error',
		setup: (sim) => fillTheQueue(sim),
		act: tts(1),
		expect: { items: { error: /^Too many concurrent tasks for this user \[item 0\]$/, fix: /tried \d+ times over \d+ s.*\nRunningHub code: 1520 \(TASK_USER_CONCURRENT_LIMIT, /s, code: '1520' }, submits: 1 },
	},
	{
		name: 'queue full for a while: the submit waits for the free slot, then succeeds',
		setup: (sim) => fillTheQueue(sim, 200),
		act: tts(1),
		expect: { items: {}, submits: 2 },
	},
];
