/**
 * The invariants every scenario is checked against, by one checker:
 * 1. every input item ends as exactly one output or error item, with its pairedItem and, once
 *    its task was submitted, that task's ID (unless the submit's answer was lost: then nobody
 *    can know the ID, and the error must say so);
 * 2. no task is submitted twice: at most one accepted task per item and endpoint, and no submit
 *    is sent again after one whose outcome the node could not know;
 * 3. the API key appears nowhere: outputs, errors (message, description, context, cause, stack),
 *    the recorder's logs and request URLs, webhook answers, started executions;
 * 4. error messages name the cause, the item ("[item N]"), the code when there is one, and say
 *    what to do (a description);
 * 5. the outcome is the expected one: transient faults within the retry budget end in success,
 *    persistent ones in a clear error (per scenario, see scenarios/);
 * 6. paid work is accounted for: every task the simulator created during a node's run is
 *    visible to the user (its ID in an output item, or named in the error the node threw), and
 *    no run creates more tasks at one endpoint than it has items (none asks for two);
 * 7. every such task the node learnt of is named in n8n's log as well (the task-creation line).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FAST, KEY, markedItem, type HookRun, type ItemsRun, type NodeError, type Simulator, type Stage } from './harness.mts';

/** What one item must end as. */
export interface Outcome {
	/** Which output of the node it leaves through (Wait for Task poll: 0 succeeded, 1 failed, 2 still running). */
	output?: number;
	/** The item is an error item whose message matches (the cause, the parameter or the code). */
	error?: RegExp;
	/** The error's description matches (what to do). */
	fix?: RegExp;
	/** The RunningHub code the error item carries. */
	code?: string;
	/** Fields the item's JSON must have (subset, compared as JSON). */
	json?: IDataObject;
	/** The item carries downloaded binary data. */
	binary?: boolean;
	/** The submit's answer was lost: the task may exist, but its ID cannot be known. */
	taskIdUnknown?: boolean;
	/** The task succeeded but its download failed: the item says why in downloadError. */
	downloadError?: RegExp;
}

export interface Expect {
	/** Outcome of each input item of the first stage (one value: every item). */
	items?: Outcome | Outcome[];
	/** Outcomes of later stages, by stage label. */
	stages?: Record<string, Outcome | Outcome[]>;
	/** The first stage fails as a whole (continue on fail off): the item it names, cause and fix. */
	throws?: { item: number; error: RegExp; fix: RegExp };
	/** Tasks the simulator accepted, in all. */
	submits?: number;
	/** The webhook side: executions started/resumed, the statuses answered, errors webhook() may throw. */
	hook?: { started: number; answers?: { include?: number[]; only?: number[] }; errors?: RegExp };
	/** Anything else, e.g. timing or request counts. */
	more?: (stages: Stage[], sim: Simulator) => void;
	/**
	 * A known gap that lets the task of an item whose submit answer was lost (taskIdUnknown) go
	 * unseen (invariant 6), with the reason. Explicit, so the invariant is never weakened silently.
	 */
	knownGap?: string;
}

const SUBMIT_PATH = /^(\/cn)?(\/openapi\/v2\/(?!query$|media\/|queue\/)|\/task\/openapi\/(create|ai-app\/run)$)/;
/** Faults after which a submit's outcome is unknown to the client. */
const UNKNOWN_AFTER = new Set(['drop', 'dropAfterProcess', 'malformed', 'truncated', 'errorAfterProcess', 'outage']);

type Problems = string[];

// ---------------------------------------------------------------------------------------------
// 3. The key: every string reachable from what the user or a log can see.

function strings(value: unknown, out: string[], seen = new Set<unknown>(), depth = 0): string[] {
	if (value === null || value === undefined || depth > 8) return out;
	if (typeof value === 'string') out.push(value);
	else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
	else if (typeof value === 'object' || typeof value === 'function') {
		if (seen.has(value) || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return out;
		seen.add(value);
		for (const key of Object.getOwnPropertyNames(value)) {
			if (key === 'node' && depth > 0) continue; // the INode: parameters, no secrets
			let v: unknown;
			try {
				v = (value as Record<string, unknown>)[key];
			} catch {
				continue;
			}
			strings(v, out, seen, depth + 1);
		}
	}
	return out;
}

function keyLeaks(label: string, value: unknown, problems: Problems): void {
	// The whole key, and its distinctive start (a message that cuts text at N characters). Its
	// end, a run of zeros and a 1, also ends 19-digit IDs, so it proves nothing alone.
	const pieces = [KEY, KEY.slice(0, 20)];
	for (const text of strings(value, [])) {
		const piece = pieces.find((p) => text.includes(p));
		if (piece) {
			problems.push(`${label}: the API key appears in "${text.slice(Math.max(0, text.indexOf(piece) - 80), text.indexOf(piece) + 40)}"`);
			return;
		}
	}
}

// ---------------------------------------------------------------------------------------------
// 4. Error messages.

interface ErrorView {
	message: string;
	description: string;
	code?: string;
}

const viewOfItem = (json: IDataObject): ErrorView => ({
	message: String(json.error ?? ''),
	description: String(json.errorDescription ?? ''),
	code: json.errorCode === undefined ? undefined : String(json.errorCode),
});
const viewOfError = (e: NodeError): ErrorView => ({
	message: e.message,
	description: String(e.description ?? ''),
	code: e.context?.runningHubCode === undefined ? undefined : String(e.context.runningHubCode),
});

function checkErrorText(where: string, item: number, e: ErrorView, problems: Problems): void {
	if (!e.message.includes(`[item ${item}]`)) problems.push(`${where}: the message does not name the item ("[item ${item}]"): ${e.message}`);
	// Facts (endpoint, task ID, the server's words) are not advice: something must be left.
	const advice = e.description
		.split('\n')
		.filter((line) => !/^(Endpoint|Task ID|RunningHub said):/.test(line))
		.join(' ');
	if (advice.trim().length < 10) problems.push(`${where}: no description saying what to do (message: ${e.message}; description: ${e.description})`);
	if (/undefined|\[object Object\]|^Error$/.test(e.message)) problems.push(`${where}: a message with no cause: ${e.message}`);
	// The code has its own field and its own description line (core/errors.ts apiError), not the headline.
	if (e.code && !e.description.includes(`RunningHub code: ${e.code}`)) problems.push(`${where}: the description does not name the code ${e.code}: ${e.description}`);
	if (/Endpoint:/.test(`${e.message}\n${e.description}`)) problems.push(`${where}: internal noise (Endpoint:) in the error`);
}

// ---------------------------------------------------------------------------------------------
// 1, 2, 5 for a stage that takes items.

const pairedIndex = (item: INodeExecutionData): number | undefined => {
	const p = item.pairedItem as { item?: number } | number | Array<{ item: number }> | undefined;
	if (typeof p === 'number') return p;
	if (Array.isArray(p)) return p.length === 1 ? p[0].item : undefined;
	return p?.item;
};

/** The task an item names (a known task ID in its input), else the tasks it caused (its marker in the task body). */
function tasksOf(sim: Simulator, stage: ItemsRun, item: number): string[] {
	const named = stage.input[item]?.json.taskId;
	if (named !== undefined) return typeof named === 'string' && sim.control.task(named) ? [named] : [];
	return sim.control
		.tasks()
		.filter((t) => markedItem(t.body) === item)
		.map((t) => t.id);
}

function subsetProblems(actual: IDataObject, expected: IDataObject): string[] {
	return Object.entries(expected)
		.filter(([k, v]) => JSON.stringify(actual[k]) !== JSON.stringify(v))
		.map(([k, v]) => `${k} is ${JSON.stringify(actual[k])}, expected ${JSON.stringify(v)}`);
}

function checkItems(stage: ItemsRun, expected: Outcome[] | undefined, throws: Expect['throws'], sim: Simulator, problems: Problems): void {
	const where = stage.label;
	keyLeaks(where, { outputs: stage.outputs, thrown: stage.thrown, logs: stage.recorder.logs, urls: stage.recorder.requests.map((r) => r.url) }, problems);

	if (stage.thrown) {
		if (!throws) {
			problems.push(`${where}: threw ${stage.continueOnFail ? 'although it continues on fail' : 'unexpectedly'}: ${stage.thrown.message}`);
			return;
		}
		const view = viewOfError(stage.thrown);
		checkErrorText(`${where} (thrown)`, throws.item, view, problems);
		if (!throws.error.test(view.message)) problems.push(`${where}: the error "${view.message}" does not match ${throws.error}`);
		if (!throws.fix.test(view.description)) problems.push(`${where}: the description "${view.description}" does not match ${throws.fix}`);
		return;
	}
	if (throws) problems.push(`${where}: was expected to throw (item ${throws.item}), but returned items`);

	const all = stage.outputs.flatMap((out, output) => out.map((item) => ({ item, output })));
	for (const { item } of all) {
		const index = pairedIndex(item);
		if (index === undefined || index < 0 || index >= stage.input.length) problems.push(`${where}: an output item without a valid pairedItem: ${JSON.stringify(item.json).slice(0, 200)}`);
	}
	for (let i = 0; i < stage.input.length; i++) {
		const mine = all.filter((e) => pairedIndex(e.item) === i);
		if (mine.length !== 1) {
			problems.push(`${where}: input item ${i} ended as ${mine.length} items (expected exactly one)`);
			continue;
		}
		const { item, output } = mine[0];
		const json = item.json;
		const outcome = expected?.[i];
		const isError = json.error !== undefined;
		const tasks = tasksOf(sim, stage, i);

		if (tasks.length && !(outcome?.taskIdUnknown && json.taskId === undefined)) {
			if (!tasks.includes(String(json.taskId))) problems.push(`${where}: item ${i} lost its task ID (has ${JSON.stringify(json.taskId)}, submitted ${tasks.join(', ')})`);
		}
		if (isError) checkErrorText(`${where} item ${i}`, i, viewOfItem(json), problems);
		if (!outcome) continue;
		if ((outcome.output ?? 0) !== output) problems.push(`${where}: item ${i} left through output ${output}, expected ${outcome.output ?? 0}`);
		if (outcome.error) {
			if (!isError) problems.push(`${where}: item ${i} should be an error item matching ${outcome.error}, got ${JSON.stringify(json).slice(0, 300)}`);
			else {
				const view = viewOfItem(json);
				if (!outcome.error.test(view.message)) problems.push(`${where}: item ${i} error "${view.message}" does not match ${outcome.error}`);
				if (outcome.fix && !outcome.fix.test(view.description)) problems.push(`${where}: item ${i} description "${view.description}" does not match ${outcome.fix}`);
				if (outcome.code && view.code !== outcome.code) problems.push(`${where}: item ${i} carries code ${view.code}, expected ${outcome.code}`);
			}
		} else if (isError) {
			problems.push(`${where}: item ${i} failed: ${String(json.error)} — ${String(json.errorDescription ?? '')}`);
		}
		if (outcome.json) for (const p of subsetProblems(json, outcome.json)) problems.push(`${where}: item ${i}: ${p}`);
		if (outcome.downloadError && !outcome.downloadError.test(String(json.downloadError ?? ''))) {
			problems.push(`${where}: item ${i} downloadError ${JSON.stringify(json.downloadError)} does not match ${outcome.downloadError}`);
		}
		if (outcome.binary !== undefined && Boolean(item.binary && Object.keys(item.binary).length) !== outcome.binary) {
			problems.push(`${where}: item ${i} ${outcome.binary ? 'has no' : 'has unexpected'} binary data`);
		}
	}
}

// ---------------------------------------------------------------------------------------------
// 2. Submits, from the simulator's side.

function checkSubmits(sim: Simulator, problems: Problems): void {
	const perItem = new Map<string, number>();
	for (const t of sim.control.tasks()) {
		const item = markedItem(t.body);
		if (item === undefined) continue;
		const key = `item ${item} → ${t.endpoint}`;
		perItem.set(key, (perItem.get(key) ?? 0) + 1);
	}
	for (const [key, n] of perItem) if (n > 1) problems.push(`task submitted ${n} times: ${key}`);

	// After a submit whose answer never arrived intact, the same item's submit is not sent again.
	const requests = sim.control.requests().filter((r) => SUBMIT_PATH.test(r.route) && r.method === 'POST');
	const byItem = new Map<number, typeof requests>();
	for (const r of requests) {
		const item = markedItem(r.body);
		if (item !== undefined) byItem.set(item, [...(byItem.get(item) ?? []), r]);
	}
	for (const [item, list] of byItem) {
		list.sort((a, b) => a.seq - b.seq);
		list.slice(0, -1).forEach((r) => {
			const unknown =
				(r.fault !== undefined && UNKNOWN_AFTER.has(r.fault)) ||
				(typeof r.status === 'number' && r.status >= 500 && r.fault === 'http') ||
				r.durationMs >= FAST.requestTimeoutCapMs;
			if (unknown) problems.push(`item ${item}: submit sent again after ${r.route} ended with ${r.fault ?? r.status} (${r.durationMs} ms): the first may have created the task`);
		});
	}
}

// ---------------------------------------------------------------------------------------------
// 6. Every task a run created is visible, and none is one too many.

/**
 * Tasks created from the first run on (also after a run gave up, e.g. a submit answered after
 * its timeout) must each appear somewhere the user sees: an output item, a thrown error, an
 * execution a webhook started. Each run creates at most one task per item and endpoint.
 */
function checkCreatedTasks(stages: Stage[], expect: Expect, firstOutcomes: Outcome[] | undefined, sim: Simulator, problems: Problems): void {
	const runs = stages.filter((s): s is ItemsRun & { tasksBefore: string[] } => s.kind === 'items' && s.tasksBefore !== undefined);
	if (!runs.length) return;
	const all = sim.control.tasks();
	const existed = new Set(runs[0].tasksBefore);
	const created = all.filter((t) => !existed.has(t.id));
	const seen = stages.flatMap((s) =>
		s.kind === 'items'
			? strings({ outputs: s.outputs.flat().map((i) => i.json), thrown: s.thrown && { message: s.thrown.message, description: s.thrown.description, context: s.thrown.context } }, [])
			: strings(s.started.flat().map((i) => i.json), []),
	);
	// A known gap excuses only the tasks of items whose submit answer was lost (taskIdUnknown).
	const excused = (item: number | undefined) => Boolean(expect.knownGap && item !== undefined && firstOutcomes?.[item]?.taskIdUnknown);
	const unseen = created.filter((t) => !seen.some((text) => text.includes(t.id)) && !excused(markedItem(t.body))).map((t) => t.id);
	if (unseen.length) problems.push(`created task(s) ${unseen.join(', ')} appear in no output item, no error and no started execution`);
	// 7. A task the node knew of is also in n8n's log (core/tasks/taskLog.ts): after a lost worker that
	// line is the one place left that names it.
	const logs = stages.flatMap((s) => (s.kind === 'items' ? s.recorder.logs : []));
	const unlogged = created.filter((t) => seen.some((text) => text.includes(t.id)) && !logs.some((line) => line.includes(t.id))).map((t) => t.id);
	if (unlogged.length) problems.push(`created task(s) ${unlogged.join(', ')} reached the user but not n8n's log`);

	runs.forEach((run, n) => {
		const before = new Set(run.tasksBefore);
		const next = runs[n + 1] ? new Set(runs[n + 1].tasksBefore) : undefined;
		const mine = all.filter((t) => !before.has(t.id) && (!next || next.has(t.id)));
		const perEndpoint = new Map<string, number>();
		for (const t of mine) perEndpoint.set(t.endpoint, (perEndpoint.get(t.endpoint) ?? 0) + 1);
		for (const [endpoint, count] of perEndpoint) {
			if (count > run.input.length) problems.push(`${run.label}: created ${count} tasks at ${endpoint} for ${run.input.length} item(s)`);
		}
	});
}

// ---------------------------------------------------------------------------------------------
// The webhook side.

function checkHook(stage: HookRun, expected: Expect['hook'], problems: Problems): void {
	const where = stage.label;
	keyLeaks(where, { answers: stage.answers, started: stage.started, errors: stage.errors, extra: stage.extra }, problems);
	if (stage.doubleResumes) problems.push(`${where}: the node tried to resume the parked execution ${stage.doubleResumes} more time(s)`);
	for (const e of stage.errors) {
		if (!expected?.errors?.test(e.message)) problems.push(`${where}: webhook() threw: ${e.message}`);
	}
	if (expected?.errors && stage.errors.length === 0) problems.push(`${where}: webhook() was expected to fail (${expected.errors}), but never did`);
	const seen = stage.started.flat().map((i) => String(i.json.taskId));
	for (const id of seen) {
		if (!stage.genuineTaskIds.includes(id)) problems.push(`${where}: an execution carries task ${id}, which no genuine delivery named`);
	}
	if (expected) {
		if (stage.started.length !== expected.started) problems.push(`${where}: ${stage.started.length} executions started/resumed, expected ${expected.started}`);
		if (expected.started > 0) {
			for (const id of stage.genuineTaskIds) {
				const n = seen.filter((s) => s === id).length;
				if (n !== 1) problems.push(`${where}: task ${id} appears ${n} times in the started executions (expected once)`);
			}
		}
		const statuses = stage.answers.map((a) => a.status);
		for (const s of expected.answers?.include ?? []) if (!statuses.includes(s)) problems.push(`${where}: no delivery was answered ${s} (answers: ${statuses.join(', ')})`);
		const only = expected.answers?.only;
		if (only && statuses.some((s) => !only.includes(s))) problems.push(`${where}: answers ${statuses.join(', ')}, only ${only.join(', ')} expected`);
	}
}

// ---------------------------------------------------------------------------------------------

const asList = (n: number, o: Outcome | Outcome[] | undefined): Outcome[] | undefined =>
	o === undefined ? undefined : Array.isArray(o) ? o : Array.from({ length: n }, () => o);

/** Checks every invariant and the scenario's expectations; throws one error listing every problem. */
export function checkScenario(stages: Stage[], expect: Expect, sim: Simulator): void {
	const problems: Problems = [];
	const first = stages.find((s): s is ItemsRun => s.kind === 'items');
	for (const stage of stages) {
		if (stage.kind === 'items') {
			const own = stage === first ? expect.items : expect.stages?.[stage.label];
			checkItems(stage, asList(stage.input.length, own), stage === first ? expect.throws : undefined, sim, problems);
		} else {
			checkHook(stage, expect.hook, problems);
		}
	}
	for (const label of Object.keys(expect.stages ?? {})) {
		if (!stages.some((s) => s.label === label)) problems.push(`no stage "${label}" ran (stages: ${stages.map((s) => s.label).join(', ')})`);
	}
	checkSubmits(sim, problems);
	checkCreatedTasks(stages, expect, first && asList(first.input.length, expect.items), sim, problems);
	if (expect.submits !== undefined && sim.control.submitCounts().total !== expect.submits) {
		problems.push(`the simulator accepted ${sim.control.submitCounts().total} tasks, expected ${expect.submits}`);
	}
	try {
		expect.more?.(stages, sim);
	} catch (error) {
		problems.push((error as Error).message);
	}
	if (problems.length) throw new Error(`${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
}
