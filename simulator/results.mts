// What a task looks like to clients: the v2 task object, the v1 outputs response (also the
// webhook eventData), and the generated output files behind result URLs.
import type { Variants } from './config.mjs';
import { v1, type V1Body, type V2Body } from './envelopes.mjs';
import { BIG_SEED } from './json.mjs';
import { generate } from './media.mjs';
import type { ResultEntry, SimState, Task } from './state.mjs';

const isTerminal = (t: Task) =>
	t.status === 'SUCCESS' || t.status === 'FAILED' || t.status === 'CANCEL';

/** Status label shown to clients: a waiting task reads QUEUED or CREATE (variant). */
export function statusLabel(task: Task, v: Variants): string {
	return task.status === 'QUEUED' ? v.initialStatus : task.status;
}

function shownUsage(task: Task, v: Variants): Record<string, string | null> | null {
	if (!task.usage) return null;
	if (v.usage === 'null') return Object.fromEntries(Object.keys(task.usage).map((k) => [k, null]));
	return task.usage;
}

/** bigIntegers: each result entry also reports the seed it used, 2^64-1, as a bare integer. */
const withSeed = <T extends object>(entry: T, v: Variants): T => (v.bigIntegers ? { ...entry, seed: BIG_SEED } : entry);

export function v2TaskBody(task: Task, v: Variants): V2Body {
	return {
		taskId: task.id,
		status: statusLabel(task, v),
		errorCode: task.failure?.errorCode ?? v.successErrorCode,
		errorMessage: task.failure?.errorMessage ?? '',
		results: task.status === 'SUCCESS' ? (task.results?.map((r) => withSeed(r, v)) ?? null) : null,
		clientId: task.clientId,
		promptTips: task.promptTips,
		failedReason: task.failure ? (task.failure.failedReason ?? {}) : {},
		usage: isTerminal(task) ? shownUsage(task, v) : null,
	};
}

/** The ComfyUI-style failure detail v1 reports under data.failedReason. */
export function failedReason(task: Task): Record<string, unknown> {
	const f = task.failure;
	return {
		current_outputs: '',
		exception_type: f?.errorCode ? `RunningHubError${f.errorCode}` : 'RuntimeError',
		node_name: task.kind === 'model' ? task.endpoint : 'KSampler',
		current_inputs: '',
		traceback: f?.errorMessage ?? (task.status === 'CANCEL' ? 'task cancelled' : ''),
		node_id: task.kind === 'model' ? '' : '3',
		exception_message: f?.errorMessage ?? (task.status === 'CANCEL' ? 'task cancelled' : ''),
		...(f?.failedReason ?? {}),
	};
}

/** Served file for an output; generated lazily, streamed, sized by outputSizeBytes. */
export function makeOutputFile(
	state: SimState,
	name: string,
	ext: string,
	opts: { durationMs?: number; text?: string } = {},
): string {
	const size = ext === 'txt' ? 0 : state.config.outputSizeBytes;
	state.files.addGenerated(
		name,
		generate(ext, {
			sizeBytes: size,
			durationMs: opts.durationMs,
			text: opts.text,
			id3: state.config.mp3Id3,
		}),
		'output',
		opts.text,
	);
	return state.fileUrl(name);
}

/** v1 output items; text results are exposed as served .txt files. */
export function v1OutputItems(state: SimState, task: Task): Array<Record<string, unknown>> {
	const u = shownUsage(task, state.config.variants);
	return (task.results ?? []).map((r: ResultEntry, i) => {
		let fileUrl = r.url;
		if (fileUrl === null) {
			const name = `output/${task.id}_${i}.txt`;
			fileUrl = state.files.files.has(name)
				? state.fileUrl(name)
				: makeOutputFile(state, name, 'txt', { text: r.text ?? '' });
		}
		return withSeed({
			fileUrl,
			fileType: r.url === null ? 'txt' : r.outputType,
			taskCostTime: u?.taskCostTime ?? null,
			nodeId: r.nodeId ?? null,
			consumeCoins: u?.consumeCoins ?? null,
			consumeMoney: u?.consumeMoney ?? null,
			thirdPartyConsumeMoney: u?.thirdPartyConsumeMoney ?? null,
			...(r.url === null ? { text: r.text } : {}),
		}, state.config.variants);
	});
}

/** /task/openapi/outputs for this task (0, 804, 813 or 805). */
export function v1OutputsBody(state: SimState, task: Task): V1Body {
	switch (task.status) {
		case 'SUCCESS':
			return v1(0, v1OutputItems(state, task));
		case 'FAILED':
		case 'CANCEL':
			return v1(805, { failedReason: failedReason(task) });
		case 'RUNNING':
			return v1(
				804,
				state.config.variants.outputs804Data === 'netWssUrl'
					? { netWssUrl: netWssUrl(state, task) }
					: null,
			);
		default:
			return v1(813, null);
	}
}

export function netWssUrl(state: SimState, task: Task): string {
	return `${state.siteBase(task.site).replace(/^http/, 'ws')}/ws/${task.clientId}?taskId=${task.id}`;
}

/** Seconds from a `duration`-like body field, for video/audio output length. */
function requestedDurationMs(body: unknown): number | undefined {
	const d = Number((body as Record<string, unknown> | null)?.duration);
	return Number.isFinite(d) && d > 0 ? d * 1000 : undefined;
}

/** Results of a generic standard-model task, by the model's output type. */
export function modelProducer(
	state: SimState,
	endpoint: string,
	outputType: string,
	ext: string,
	body: unknown,
): (task: Task) => ResultEntry[] {
	return (task) => {
		if (ext === 'txt')
			return [
				{ url: null, outputType: 'text', text: `Simulated ${outputType} output of ${endpoint}` },
			];
		return [
			{
				url: makeOutputFile(state, `output/${task.id}_0.${ext}`, ext, {
					durationMs: requestedDurationMs(body),
				}),
				outputType: ext,
				text: null,
			},
		];
	};
}

/** Results of a workflow/app task: one file per output node, tagged with its nodeId. */
export function graphProducer(
	state: SimState,
	outputs: Array<{ nodeId: string; ext: string }>,
): (task: Task) => ResultEntry[] {
	return (task) =>
		outputs.map((o, i) =>
			o.ext === 'txt'
				? {
						url: null,
						outputType: 'text',
						text: `Simulated text of node ${o.nodeId}`,
						nodeId: o.nodeId,
					}
				: {
						url: makeOutputFile(state, `output/${task.id}_${i}.${o.ext}`, o.ext),
						outputType: o.ext,
						text: null,
						nodeId: o.nodeId,
					},
		);
}
