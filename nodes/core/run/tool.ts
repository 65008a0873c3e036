import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { ManualExecutionCancelledError } from 'n8n-workflow';

import { unknownOutcomeOf } from '../api/errors';
import { nodeVersion } from '../version';
import { errorJson } from './items';

/**
 * The RunningHub node as a tool of n8n's AI Agent. n8n turns a `usableAsTool` node into the
 * type `<package>.runningHubTool`; the agent then shows the model `JSON.stringify` of the items'
 * JSON as the tool's result (binary data is dropped). From node version 2, a tool run:
 * - downloads nothing unless Download Outputs is set on explicitly (the model cannot see files);
 * - returns a compact result: task ID, status, output URLs by kind, text results, cost, and the
 *   operation's own IDs (e.g. `audioId`), never RunningHub's raw answer, all under
 *   MAX_TOOL_RESULT_BYTES, shortened with a note that says what was left out;
 * - returns an error as a result whose text says what went wrong and how to fix it, so the
 *   model can act on it (n8n 2.8 would otherwise end the whole execution, and n8n 2.41 passes
 *   the model only the error's message, without the fix).
 * Version-1 nodes keep their first behaviour as tools too.
 */

/** The most a tool call's result may take, as the model sees it (UTF-8 bytes of the JSON). */
export const MAX_TOOL_RESULT_BYTES = 2048;

/** Whether the node runs as an AI Agent's tool (n8n's type suffix, or the context says so). */
export function isToolRun(ctx: { getNode(): INode; isToolExecution?: () => boolean }): boolean {
	if (ctx.getNode().type.endsWith('Tool')) return true;
	try {
		return ctx.isToolExecution?.() === true;
	} catch {
		return false;
	}
}

/** Whether the compact tool behaviour applies: a tool run of a version-2 node. */
export function compactToolRun(ctx: { getNode(): INode; isToolExecution?: () => boolean }): boolean {
	return isToolRun(ctx) && nodeVersion(ctx) >= 2;
}

/** Never shown to the model: RunningHub's own records, and what the shortcuts already say. */
const LEFT_OUT = new Set(['outputs', 'raw', 'failedReason', 'usage', 'runningHubStatus', 'delivery']);
/** Shown first, in this order: what the model needs to report or fix. */
// The task's ID comes before any text: a long error (a ComfyUI traceback) must never push a paid task out of sight.
// After an unknown submit outcome, the instruction not to call again comes before the error's text too.
const FIRST = ['taskId', 'taskIds', 'status', 'instruction', 'outcome', 'item', 'submittedAround', 'site', 'error', 'errorDescription', 'errorCode', 'errorMessage', 'timedOut', 'cost', 'currency', 'audioId', 'sessionId'];
/** Room kept for the note that says what was shortened. */
const NOTE_ROOM = 320;
/** A result smaller than this cannot say anything useful: fewer items are shown instead. */
const MIN_ITEM_BYTES = 256;

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');
const isUrl = (value: unknown): boolean => typeof value === 'string' && /^https?:\/\//i.test(value);

/** The fields worth showing, most important first; singular shortcuts go when their list is there. */
function orderedFields(json: IDataObject): Array<[string, unknown]> {
	const fields = Object.entries(json).filter(([key, value]) => {
		if (LEFT_OUT.has(key) || value === undefined || value === null) return false;
		// `imageUrl` is `imageUrls[0]`, `text` is `texts[0]`: the list says it once.
		if (json[`${key}s`] !== undefined && Array.isArray(json[`${key}s`])) return false;
		return true;
	});
	const cost = json.cost !== undefined;
	const shown = fields
		// The estimate only matters when RunningHub reported no cost; its amount and currency say it.
		.filter(([key]) => !(key === 'estimatedCost' && cost))
		.map(([key, value]): [string, unknown] =>
			key === 'estimatedCost' && value && typeof value === 'object'
				? [key, { amount: (value as IDataObject).amount, currency: (value as IDataObject).currency }]
				: [key, value],
		);
	const rank = (key: string) => {
		const i = FIRST.indexOf(key);
		if (i >= 0) return i;
		return /Urls?$|^texts?$/.test(key) ? FIRST.length : FIRST.length + 1;
	};
	return shown.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f[0]) - rank(b.f[0]) || a.i - b.i).map((x) => x.f);
}

/** The longest prefix of `text` (with an ellipsis) for which `fits` holds, or undefined. */
function shortest(text: string, fits: (candidate: string) => boolean): string | undefined {
	const chars = Array.from(text);
	let lo = 0;
	let hi = chars.length;
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		if (fits(`${chars.slice(0, mid).join('')}…`)) lo = mid;
		else hi = mid - 1;
	}
	return lo > 0 ? `${chars.slice(0, lo).join('')}…` : undefined;
}

/** The longest prefix of `list` for which `fits` holds. */
function longestPrefix(list: unknown[], fits: (candidate: unknown[]) => boolean): unknown[] {
	let lo = 0;
	let hi = list.length;
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		if (fits(list.slice(0, mid))) lo = mid;
		else hi = mid - 1;
	}
	return list.slice(0, lo);
}

/**
 * One item's JSON as the model should see it, in at most `budget` bytes. Fields are added most
 * important first; a list that does not fit is cut (its first entries kept), a text is
 * shortened (a URL never: half a link is no link), anything else is left out, and `note` says
 * what happened and where the rest is.
 */
export function compactToolJson(json: IDataObject, budget: number = MAX_TOOL_RESULT_BYTES - 2): IDataObject {
	// Many items make a small budget: keep at least half of it for fields, so each still names its task.
	const room = Math.max(budget - NOTE_ROOM, Math.floor(budget / 2));
	const out: IDataObject = {};
	const cuts: string[] = [];
	const fitsWith = (key: string, value: unknown) => bytes({ ...out, [key]: value }) <= room;
	for (const [key, value] of orderedFields(json)) {
		if (fitsWith(key, value)) {
			out[key] = value as IDataObject[keyof IDataObject];
		} else if (Array.isArray(value)) {
			let kept = longestPrefix(value, (prefix) => fitsWith(key, prefix));
			if (!kept.length && typeof value[0] === 'string' && !isUrl(value[0])) {
				const first = shortest(value[0], (text) => fitsWith(key, [text]));
				if (first) kept = [first];
			}
			if (kept.length) out[key] = kept as IDataObject[];
			cuts.push(`${value.length - kept.length} more ${key} not listed`);
		} else if (typeof value === 'string' && !isUrl(value)) {
			const text = shortest(value, (candidate) => fitsWith(key, candidate));
			if (text) out[key] = text;
			cuts.push(text ? `${key} shortened` : `${key} left out`);
		} else {
			cuts.push(`${key} left out`);
		}
	}
	if (!cuts.length) return out;
	const where = typeof json.taskId === 'string' ? ' Task → Get with the task ID returns the whole task.' : '';
	const note = `Shortened to stay under ${MAX_TOOL_RESULT_BYTES} bytes: ${cuts.join('; ')}.${where}`;
	const fitted = bytes({ ...out, note }) <= budget ? note : shortest(note, (candidate) => bytes({ ...out, note: candidate }) <= budget);
	return fitted ? { ...out, note: fitted } : out;
}

/**
 * The items of a tool run as the model should see them: each compact, all together under
 * MAX_TOOL_RESULT_BYTES as `JSON.stringify` of their JSON list. Files downloaded because the
 * user set Download Outputs on stay as binary data (n8n keeps them; the model never sees them).
 */
export function toolItems(items: INodeExecutionData[]): INodeExecutionData[] {
	const total = MAX_TOOL_RESULT_BYTES - 2;
	const most = Math.max(1, Math.floor((total + 1) / (MIN_ITEM_BYTES + 1)));
	const shown = items.length > most ? items.slice(0, most - 1) : items;
	const rest = items.length - shown.length;
	const slots = shown.length + (rest ? 1 : 0);
	const budget = Math.floor((total - (slots - 1)) / slots);
	const out: INodeExecutionData[] = shown.map((item) => ({
		json: compactToolJson(item.json, budget),
		...(item.binary ? { binary: item.binary } : {}),
		...(item.pairedItem !== undefined ? { pairedItem: item.pairedItem } : {}),
	}));
	if (rest) {
		out.push({
			json: { note: `${rest} more results not shown (a tool result stays under ${MAX_TOOL_RESULT_BYTES} bytes). Call the tool for fewer items at a time.` },
			pairedItem: items[shown.length].pairedItem ?? { item: 0 },
		});
	}
	return out;
}

/** An error of a tool run as a result the model can read: what went wrong, how to fix it, the task. */
export function toolErrorItems(error: unknown): INodeExecutionData[] {
	const itemIndex = (error as { context?: { itemIndex?: unknown } })?.context?.itemIndex;
	const item = typeof itemIndex === 'number' ? itemIndex : 0;
	const unknown = unknownOutcomeOf(error);
	return toolItems([{ json: unknown ? unknownOutcomeJson(error, item, unknown) : errorJson(error), pairedItem: { item } }]);
}

/**
 * A submit whose outcome is unknown (a timeout, a cut answer, a 5xx after the submit) may have
 * created a paid task. A user re-runs by hand after checking; an agent would just call the tool
 * again and could pay for a second task. So the model is told plainly not to, and gets what a
 * person needs to look the task up: the item, the time and the task ID when one is known.
 * The user-facing advice ("check your task list before running again") is left out: for a model
 * it reads as permission to check and call again.
 */
function unknownOutcomeJson(error: unknown, item: number, unknown: { at: string; site?: string }): IDataObject {
	const json = errorJson(error);
	const taskId = typeof json.taskId === 'string' && json.taskId ? json.taskId : undefined;
	const where = unknown.site ? ` on ${unknown.site}` : ' on RunningHub';
	const task = taskId ? `task ID ${taskId}` : 'no task ID was returned';
	return {
		...(taskId ? { taskId } : {}),
		instruction:
			`Do NOT call this tool again for this item. The request may have created a paid RunningHub task; calling again could create and bill a second one. ` +
			`Tell the user the outcome is unknown and that a person must check${where} (call records / task list) whether a task was created for item ${item} around ${unknown.at} (${task}).`,
		outcome: 'unknown',
		item,
		submittedAround: unknown.at,
		...(unknown.site ? { site: unknown.site } : {}),
		error: json.error,
		...(json.errorCode ? { errorCode: json.errorCode } : {}),
	};
}

/** A Stop (the user's) ends the run: it is never handed to the agent as a result to work around. */
export function throwIfStopped(ctx: { getExecutionCancelSignal?: () => AbortSignal | undefined }, error: unknown): void {
	if (error instanceof ManualExecutionCancelledError || ctx.getExecutionCancelSignal?.()?.aborted) throw new ManualExecutionCancelledError('');
}
