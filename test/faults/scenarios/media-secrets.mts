/**
 * Faults a server can produce against the download cap, the webhook secret and the redaction:
 * a gzip-compressed download whose Content-Length (compressed) is under Max Download Size while
 * the file is over it, a task failure that echoes the Webhook URL (with its Trigger secret) in
 * several encodings, and a submit answer nested so deeply that a recursive walk would overflow.
 */
import { TRIGGER_SECRET, fault, type ItemsRun, type Simulator, type Stage } from '../harness.mts';
import { PATH, triggerChain, tts, type DeliveryContext, type Scenario } from '../flows.mts';

const CAP_MB = 0.01;
const CAP_BYTES = CAP_MB * 1024 * 1024;
// As long as the Trigger demands (16+): shorter secrets are masked only where they stand in a URL.
const HOOK_SECRET = 'Hk-7f3a9c1e5b2d-4e8a';
const hookUrl = (sim: Simulator) => `${sim.url}/__nowhere/hook?secret=${HOOK_SECRET}`;

/** No file over the cap was stored, not even for a moment (n8n's filesystem mode keeps it on disk). */
const nothingOverCapStored = (stages: Stage[]): void => {
	for (const stage of stages) {
		if (stage.kind !== 'items') continue;
		for (const [id, buffer] of stage.recorder.binaryStore) {
			if (buffer.length > CAP_BYTES) throw new Error(`${stage.label}: a file of ${buffer.length} bytes (over the cap) was stored as ${id}`);
		}
	}
};

/** Everything a user or a log sees of the stages: outputs, the thrown error, the logs. */
function shown(stage: ItemsRun): string {
	const e = stage.thrown as (Error & { description?: string; context?: unknown }) | undefined;
	return JSON.stringify([stage.outputs, e && [e.message, e.description, e.context, e.stack], stage.recorder.logs]);
}

const noHookSecret = (stages: Stage[]): void => {
	for (const stage of stages) {
		if (stage.kind === 'items' && shown(stage).includes(HOOK_SECRET)) throw new Error(`${stage.label}: the Webhook URL secret appears in what the node returned, threw or logged`);
	}
};

/** A task failure that echoes the Webhook URL the node sent, in forms a pattern alone could miss. */
const echoHook = (continueOnFail: boolean) => async (sim: Simulator) => {
	const url = hookUrl(sim);
	const errorMessage = `callback ${url.replace('?', '?a=1&amp;')} refused; proxy ${encodeURIComponent(encodeURIComponent(url))}; token ${HOOK_SECRET} expired`;
	sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', times: 1, fail: { errorCode: '1015', errorMessage } });
	return await tts(1, { webhookUrl: url, includeRaw: true }, { continueOnFail })(sim);
};

/** Each task's TASK_END delivery, its eventData with a field nested 100k levels deep (JSON.parse reads it). */
const deepDeliveries = async (sim: Simulator, c: DeliveryContext): Promise<void> => {
	const deep = `${'['.repeat(100_000)}"bottom"${']'.repeat(100_000)}`;
	for (const taskId of c.taskIds) {
		const eventData = `{"code":0,"msg":"success","data":[],"deep":${deep}}`;
		const body = `{"event":"TASK_END","taskId":"${taskId}","eventData":${JSON.stringify(eventData)}}`;
		await sim.control.deliver({ url: c.url, body, headers: { 'content-type': 'application/json' } });
	}
};

/** Each task's delivery reports it FAILED, its failure reason echoing the Trigger URL (secret included) in several forms. */
const echoingDeliveries = async (sim: Simulator, c: DeliveryContext): Promise<void> => {
	for (const taskId of c.taskIds) {
		const errorMessage = `callback ${c.url.replace('?', '?a=1&amp;')} timed out; via ${encodeURIComponent(encodeURIComponent(c.url))}; secret ${TRIGGER_SECRET}`;
		const eventData = JSON.stringify({ taskId, status: 'FAILED', errorCode: '1015', errorMessage, results: [], failedReason: { exception_message: errorMessage } });
		await sim.control.deliver({ url: c.url, body: JSON.stringify({ event: 'TASK_END', taskId, eventData }), headers: { 'content-type': 'application/json' } });
	}
};

const noTriggerSecret = (stages: Stage[]): void => {
	for (const stage of stages) {
		if (stage.kind === 'hook' && JSON.stringify(stage.started).includes(TRIGGER_SECRET)) throw new Error('the Trigger secret appears in a started execution');
	}
};

export const MEDIA_SECRETS: Scenario[] = [
	{
		name: 'download: gzip-encoded despite identity, compressed Content-Length under Max Download Size, file over it: refused while reading, nothing stored',
		setup: (sim) => fault(sim, PATH.files, { type: 'gzipBody' }, -1),
		act: tts(1, { downloadOutputs: true, maxDownloadSizeMb: CAP_MB }, { binaryMode: 'filesystem' }),
		expect: { items: { error: /of task \d+ is more than [\d.]+ KB, over the limit of 10\.3 KB \(Max Download Size\)/, fix: /Raise Max Download Size/, binary: false }, submits: 1, more: nothingOverCapStored },
	},
	{
		name: 'download: gzip-encoded despite identity, under the cap: decoded and kept whole',
		setup: (sim) => fault(sim, PATH.files, { type: 'gzipBody' }, -1),
		act: tts(1, { downloadOutputs: true }),
		expect: {
			items: { binary: true },
			submits: 1,
			// The stand-in MP3 is over 10.3 KB (see the announced-size scenario) and compresses far below it.
			more: (stages) => {
				const data = (stages[0] as ItemsRun).outputs[0]?.[0]?.binary?.data?.data;
				const size = data ? Buffer.from(data, 'base64').length : 0;
				if (!(size > CAP_BYTES)) throw new Error(`the decoded file has ${size} bytes, expected the whole uncompressed file`);
			},
		},
	},
	{
		name: "Webhook URL secret echoed in a task's failure (HTML-escaped, double-encoded, bare): hidden in the error item and the raw answer",
		act: echoHook(true),
		expect: { items: { error: /task failed/, code: '1015' }, submits: 1, more: noHookSecret },
	},
	{
		name: 'Webhook URL secret echoed in a task failure, continue on fail off: hidden in the error the node throws',
		act: echoHook(false),
		expect: { throws: { item: 0, error: /task failed/, fix: /Task ID/ }, submits: 1, more: noHookSecret },
	},
	{
		name: 'submit answer naming its task with a field nested 100k levels deep: the task is followed to its result',
		setup: (sim) => fault(sim, PATH.ttsSubmit, { type: 'deepNesting', depth: 100_000 }),
		act: tts(1),
		expect: { items: { json: { state: 'succeeded' } }, submits: 1 },
	},
	{
		name: 'every task read answered with a field nested 100k levels deep: the reads still work',
		setup: (sim) => fault(sim, PATH.query, { type: 'deepNesting', depth: 100_000 }, -1),
		act: tts(1),
		expect: { items: { json: { state: 'succeeded' } }, submits: 1 },
	},
	{
		name: 'Trigger, Include Delivery on: a delivery nested 100k levels deep still starts its execution',
		act: triggerChain({ triggerParameters: { verifyWithApi: false, options: { includeDelivery: true } }, deliver: deepDeliveries }),
		expect: { hook: { started: 2, answers: { only: [200] } }, submits: 2 },
	},
	{
		name: "Trigger, Include Delivery on: a delivery echoing the Trigger URL in its failure reason starts the execution without the secret",
		act: triggerChain({ triggerParameters: { verifyWithApi: false, options: { includeDelivery: true } }, deliver: echoingDeliveries }),
		expect: { hook: { started: 2, answers: { only: [200] } }, submits: 2, more: noTriggerSecret },
	},
];
