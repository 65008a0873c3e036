// Task lifecycle: admission against the per-key concurrency limit and queue, QUEUED →
// RUNNING → SUCCESS/FAILED on timers, cancel, and the control overrides.
import { randomHex, newTaskId } from './ids.mjs';
import type { KeyInfo, Site } from './keys.mjs';
import { TERMINAL, type Failure, type ResultEntry, type SimState, type Task } from './state.mjs';

export interface SubmitSpec {
	key: KeyInfo;
	site: Site;
	api: 'v1' | 'v2';
	endpoint: string;
	kind: Task['kind'];
	body: unknown;
	webhookUrl: string | null;
	personalQueue?: boolean;
	price: number | null;
	promptTips?: string;
	produce: (task: Task) => ResultEntry[];
	/** Fail the task (asynchronously) like this. */
	plannedFailure?: Failure;
}

export type Admission =
	| { ok: true; task: Task }
	| { ok: false; reason: 'capacity' | 'personalQueue' | 'funds' };

const norm = (s: string) => s.replace(/^\//, '').replace(/^openapi\/v2\//, '');

function durationFor(state: SimState, endpoint: string): number {
	const d = state.config.endpointDurations;
	return (
		d[endpoint] ??
		d[norm(endpoint)] ??
		d[`/openapi/v2/${norm(endpoint)}`] ??
		state.config.taskDurationMs
	);
}

const activeOf = (state: SimState, key: string) => [...state.active].filter((t) => t.key === key);

export function counts(state: SimState, key: string): { running: number; queued: number } {
	const a = activeOf(state, key);
	const running = a.filter((t) => t.status === 'RUNNING').length;
	return { running, queued: a.length - running };
}

function hasFunds(state: SimState, key: KeyInfo): boolean {
	const w = state.wallets.get(key.key);
	if (!w) return false;
	return w.money !== null ? w.money > 0 : (w.coins ?? 0) > 0;
}

/** Admit and create a task, or say why not. Refusals create nothing. */
export function submitTask(state: SimState, spec: SubmitSpec): Admission {
	const cfg = state.config;
	if (!hasFunds(state, spec.key)) return { ok: false, reason: 'funds' };
	const personal = !!spec.personalQueue && spec.key.apiType === 'EXCLUSIVE';
	const cap = cfg.concurrencyLimit + (personal ? cfg.personalQueueLimit : cfg.queueLimit);
	if (activeOf(state, spec.key.key).length >= cap)
		return { ok: false, reason: personal ? 'personalQueue' : 'capacity' };

	const rule = state.outcomes.find(
		(r) => r.endpoint === undefined || norm(r.endpoint) === norm(spec.endpoint),
	);
	if (rule && rule.times > 0 && --rule.times === 0)
		state.outcomes = state.outcomes.filter((r) => r !== rule);

	const now = Date.now();
	const clientId = randomHex(16);
	const task: Task = {
		id: newTaskId(),
		key: spec.key.key,
		site: spec.site,
		api: spec.api,
		endpoint: spec.endpoint,
		kind: spec.kind,
		body: spec.body,
		status: 'QUEUED',
		createdAt: now,
		readyAt: now + cfg.queuedMs,
		startedAt: null,
		endedAt: null,
		durationMs: rule?.durationMs ?? durationFor(state, spec.endpoint),
		clientId,
		promptTips:
			spec.promptTips ??
			JSON.stringify({ result: true, error: null, outputs_to_execute: [], node_errors: {} }),
		webhookUrl: spec.webhookUrl,
		personalQueue: personal,
		results: null,
		failure: null,
		usage: null,
		price: spec.price,
		plannedFailure: rule?.fail ?? spec.plannedFailure ?? null,
		produce: spec.produce,
		timer: null,
	};
	state.tasks.set(task.id, task);
	state.active.add(task);
	state.countSubmit(spec.endpoint);
	if (cfg.variants.syncSuccess) {
		start(state, task);
		finish(state, task);
	} else promote(state, task.key);
	return { ok: true, task };
}

function start(state: SimState, task: Task): void {
	task.status = 'RUNNING';
	task.startedAt = Date.now();
	schedule(state, task);
}

function schedule(state: SimState, task: Task): void {
	if (task.timer) state.cancel(task.timer);
	task.timer = null;
	if (task.durationMs < 0 || task.startedAt === null) return;
	const wait = Math.max(0, task.startedAt + task.durationMs - Date.now());
	task.timer = state.later(wait, () => finish(state, task));
}

/** Start waiting tasks of this key while slots are free (FIFO). */
export function promote(state: SimState, key: string): void {
	const { running } = counts(state, key);
	let free = state.config.concurrencyLimit - running;
	const waiting = activeOf(state, key)
		.filter((t) => t.status === 'QUEUED')
		.sort((a, b) => a.createdAt - b.createdAt);
	const now = Date.now();
	for (const t of waiting) {
		if (free <= 0) break;
		if (t.readyAt > now) {
			if (!state.promoteTimers.has(key)) {
				state.promoteTimers.add(key);
				state.later(t.readyAt - now, () => {
					state.promoteTimers.delete(key);
					promote(state, key);
				});
			}
			break;
		}
		start(state, t);
		free--;
	}
}

function usageOf(state: SimState, task: Task, charged: number): Record<string, string | null> {
	const w = state.wallets.get(task.key);
	const coinsKey = w?.money === null;
	const money = charged.toFixed(3);
	const seconds =
		task.startedAt === null ? 0 : Math.ceil(((task.endedAt ?? Date.now()) - task.startedAt) / 1000);
	return {
		consumeMoney: coinsKey ? null : money,
		consumeCoins: coinsKey ? String(Math.round(charged * 100)) : null,
		taskCostTime: String(seconds),
		thirdPartyConsumeMoney: task.kind === 'model' && !coinsKey ? money : null,
	};
}

/** End a task now: success (optionally with given results) or failure. No-op when already ended. */
export function finish(
	state: SimState,
	task: Task,
	failure?: Failure | null,
	results?: ResultEntry[],
): void {
	if (TERMINAL.has(task.status)) return;
	if (task.timer) state.cancel(task.timer);
	task.timer = null;
	if (task.startedAt === null) task.startedAt = Date.now();
	task.endedAt = Date.now();
	let fail = failure ?? (results ? null : task.plannedFailure);
	if (!fail) {
		try {
			task.results = results ?? task.produce(task);
		} catch (e) {
			fail = { errorCode: '1005', errorMessage: `Internal error: ${(e as Error).message}` };
		}
	}
	if (fail) {
		task.status = 'FAILED';
		task.failure = fail;
		task.results = null;
		task.usage = usageOf(state, task, 0);
	} else {
		task.status = 'SUCCESS';
		const price = task.price ?? 0.05;
		const w = state.wallets.get(task.key);
		if (w?.money !== null && w?.money !== undefined) w.money -= price;
		else if (w?.coins !== null && w?.coins !== undefined) w.coins -= Math.round(price * 100);
		task.usage = usageOf(state, task, price);
	}
	state.active.delete(task);
	state.webhooks.taskEnded(task);
	promote(state, task.key);
}

/** Cancel a task that has not ended; true if it was cancelled. */
export function cancelTask(state: SimState, task: Task): boolean {
	if (TERMINAL.has(task.status)) return false;
	if (task.timer) state.cancel(task.timer);
	task.timer = null;
	task.status = state.config.variants.cancelledStatus;
	if (task.status === 'FAILED') task.failure = { errorCode: '', errorMessage: 'Task cancelled' };
	task.endedAt = Date.now();
	state.active.delete(task);
	promote(state, task.key);
	return true;
}

/** Change a task's running time; a running task is rescheduled from its start. */
export function setTaskDuration(state: SimState, task: Task, ms: number): void {
	task.durationMs = ms;
	if (task.status === 'RUNNING') schedule(state, task);
}

/** Stop every task timer (reset / close). */
export function stopAllTasks(state: SimState): void {
	for (const t of state.tasks.values()) {
		if (t.timer) state.cancel(t.timer);
		t.timer = null;
	}
}
