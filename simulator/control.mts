// The control API: in-process methods (SimulatorControl) for tests and benchmarks, and the
// same operations over HTTP under /__sim/ for harnesses that run the simulator as a process.
import type { ConfigPatch, SimConfig } from './config.mjs';
import { applyConfig } from './config.mjs';
import type { FaultRule, FaultRuleInput } from './faults.mjs';
import { json, type Ctx, type Reply } from './http.mjs';
import { KEY_INFO, SIM_KEYS } from './keys.mjs';
import { generate } from './media.mjs';
import { randomHex } from './ids.mjs';
import type {
	Audio,
	Failure,
	OutcomeRule,
	RefusedSubmit,
	RequestRecord,
	ResultEntry,
	Session,
	SimState,
	Task,
} from './state.mjs';
import { TERMINAL } from './state.mjs';
import { cancelTask, finish, setTaskDuration, stopAllTasks } from './tasks.mjs';
import type { DeliveryAttempt, WebhookEvent } from './webhooks.mjs';

/** JSON-safe view of a task. */
export interface TaskView {
	id: string;
	keyName: string | undefined;
	site: Task['site'];
	api: Task['api'];
	endpoint: string;
	kind: Task['kind'];
	status: Task['status'];
	createdAt: string;
	startedAt: string | null;
	endedAt: string | null;
	durationMs: number;
	webhookUrl: string | null;
	results: ResultEntry[] | null;
	failure: Failure | null;
	usage: Record<string, string | null> | null;
	body: unknown;
}

export interface SubmitCounts {
	total: number;
	byEndpoint: Record<string, number>;
	refusedTotal: number;
	refused: RefusedSubmit[];
}

export interface OutcomeInput {
	endpoint?: string;
	times?: number;
	fail?: Partial<Failure>;
	durationMs?: number;
}

export interface SimulatorControl {
	readonly keys: typeof SIM_KEYS;
	reset(): Promise<void>;
	configure(patch: ConfigPatch): SimConfig;
	config(): SimConfig;
	addFault(rule: FaultRuleInput): number;
	clearFaults(): void;
	faults(): Array<Omit<FaultRule, 'regex'>>;
	/** Script the next matching tasks: fail them and/or give them a running time. */
	scriptOutcome(rule: OutcomeInput): number;
	clearOutcomes(): void;
	requests(filter?: { path?: string; since?: number }): RequestRecord[];
	clearRequests(): void;
	submitCount(endpoint?: string): number;
	submitCounts(): SubmitCounts;
	tasks(): TaskView[];
	task(id: string): TaskView | undefined;
	completeTask(id: string, opts?: { results?: ResultEntry[] }): TaskView;
	failTask(id: string, failure?: Partial<Failure>): TaskView;
	cancelTask(id: string): TaskView;
	setTaskDuration(id: string, ms: number): TaskView;
	/** Resolve when the task reaches one of the statuses (default: any terminal one). */
	waitForTask(id: string, statuses?: Task['status'][], timeoutMs?: number): Promise<TaskView>;
	sessions(): Session[];
	audios(): Audio[];
	webhookDeliveries(): DeliveryAttempt[];
	webhookEvents(): WebhookEvent[];
	/** POST an arbitrary body to an arbitrary URL (forged / huge / non-JSON deliveries). */
	deliver(opts: {
		url: string;
		body: unknown;
		headers?: Record<string, string>;
		method?: string;
	}): Promise<DeliveryAttempt>;
	/** Serve a generated file (e.g. a big one for download benchmarks). */
	/** `name` (optional) is used as is, any characters, and sent fully %-encoded in the URL (hostile-name drills). */
	createFile(opts: { ext: string; sizeBytes?: number; durationMs?: number; text?: string; name?: string }): {
		url: string;
		name: string;
		size: number;
	};
	/** Make a served file answer 404 from now on. */
	expireFile(urlOrName: string): boolean;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function taskView(t: Task): TaskView {
	return {
		id: t.id,
		keyName: KEY_INFO.get(t.key)?.name,
		site: t.site,
		api: t.api,
		endpoint: t.endpoint,
		kind: t.kind,
		status: t.status,
		createdAt: new Date(t.createdAt).toISOString(),
		startedAt: iso(t.startedAt),
		endedAt: iso(t.endedAt),
		durationMs: t.durationMs,
		webhookUrl: t.webhookUrl,
		results: t.results,
		failure: t.failure,
		usage: t.usage,
		body: t.body,
	};
}

export function createControl(state: SimState): SimulatorControl {
	const get = (id: string): Task => {
		const t = state.tasks.get(String(id));
		if (!t) throw new Error(`no such task: ${id}`);
		return t;
	};
	const control: SimulatorControl = {
		keys: SIM_KEYS,
		async reset() {
			stopAllTasks(state);
			await state.reset();
		},
		configure: (patch) => applyConfig(state.config, patch),
		config: () => state.config,
		addFault: (rule) => state.faults.add(rule).id,
		clearFaults: () => state.faults.clear(),
		faults: () => state.faults.list(),
		scriptOutcome(rule) {
			const fail = rule.fail
				? {
						errorCode: String(rule.fail.errorCode ?? '1015'),
						errorMessage: rule.fail.errorMessage ?? 'Generation failed',
						failedReason: rule.fail.failedReason,
					}
				: undefined;
			const r: OutcomeRule = {
				id: ++state.outcomeSeq,
				endpoint: rule.endpoint,
				times: rule.times ?? 1,
				fail,
				durationMs: rule.durationMs,
			};
			state.outcomes.push(r);
			return r.id;
		},
		clearOutcomes: () => void (state.outcomes = []),
		requests: (f = {}) =>
			state.requests.filter(
				(r) =>
					(f.since === undefined || r.seq > f.since) &&
					(f.path === undefined || r.route === f.path || r.path === f.path),
			),
		clearRequests: () => void (state.requests = []),
		submitCount: (endpoint) => state.submitCount(endpoint),
		submitCounts: () => ({
			total: state.submits.total,
			byEndpoint: Object.fromEntries(state.submits.byEndpoint),
			refusedTotal: state.submits.refused.length,
			refused: state.submits.refused,
		}),
		tasks: () => [...state.tasks.values()].map(taskView),
		task: (id) => {
			const t = state.tasks.get(String(id));
			return t && taskView(t);
		},
		completeTask(id, opts = {}) {
			const t = get(id);
			finish(state, t, null, opts.results);
			return taskView(t);
		},
		failTask(id, f = {}) {
			const t = get(id);
			finish(state, t, {
				errorCode: String(f.errorCode ?? '1015'),
				errorMessage: f.errorMessage ?? 'Generation failed',
				failedReason: f.failedReason,
			});
			return taskView(t);
		},
		cancelTask(id) {
			const t = get(id);
			cancelTask(state, t);
			return taskView(t);
		},
		setTaskDuration(id, ms) {
			const t = get(id);
			setTaskDuration(state, t, ms);
			return taskView(t);
		},
		async waitForTask(id, statuses, timeoutMs = 10000) {
			const want = (s: Task['status']) => (statuses ? statuses.includes(s) : TERMINAL.has(s));
			const until = Date.now() + timeoutMs;
			for (;;) {
				const t = state.tasks.get(String(id));
				if (t && want(t.status)) return taskView(t);
				if (Date.now() > until)
					throw new Error(
						`task ${id} did not reach ${statuses?.join('/') ?? 'a terminal status'} (is ${t?.status})`,
					);
				await new Promise((r) => setTimeout(r, 5));
			}
		},
		sessions: () => [...state.sessions.values()],
		audios: () => [...state.audios.values()],
		webhookDeliveries: () => state.webhooks.attempts,
		webhookEvents: () => [...state.webhooks.events.values()],
		deliver: (opts) => state.webhooks.deliverRaw(opts),
		createFile(opts) {
			const name = opts.name ?? `control/${randomHex(8)}.${opts.ext}`;
			const f = state.files.addGenerated(
				name,
				generate(opts.ext, {
					sizeBytes: opts.sizeBytes,
					durationMs: opts.durationMs,
					text: opts.text,
					id3: state.config.mp3Id3,
				}),
				'control',
				opts.text,
			);
			const url = opts.name === undefined ? state.fileUrl(name) : `${state.publicBase}/files/${encodeURIComponent(name)}`;
			return { url, name, size: f.size };
		},
		expireFile: (urlOrName) => state.files.expire(urlOrName),
	};
	return control;
}

/** HTTP routes under /__sim/. Errors become 400/404 with {error}. */
export async function handleControl(ctx: Ctx, control: SimulatorControl): Promise<Reply> {
	const path = ctx.route.slice('/__sim'.length) || '/';
	const m = ctx.method;
	const b = (typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {}) as Record<
		string,
		unknown
	>;
	if (ctx.bodyError) return json({ error: ctx.bodyError }, 400);
	try {
		const task = /^\/tasks\/(\d+)(?:\/(complete|fail|cancel|duration))?$/.exec(path);
		if (task) {
			const [, id, action] = task;
			if (!action && m === 'GET')
				return control.task(id)
					? json(control.task(id))
					: json({ error: `no such task: ${id}` }, 404);
			if (m !== 'POST') return json({ error: 'method not allowed' }, 405);
			if (action === 'complete')
				return json(control.completeTask(id, b as { results?: ResultEntry[] }));
			if (action === 'fail') return json(control.failTask(id, b as Partial<Failure>));
			if (action === 'cancel') return json(control.cancelTask(id));
			return json(control.setTaskDuration(id, Number(b.ms ?? b.durationMs)));
		}
		switch (`${m} ${path}`) {
			case 'GET /':
			case 'GET /health':
				return json({ ok: true, url: ctx.state.publicBase });
			case 'GET /keys':
				return json({
					keys: SIM_KEYS,
					details: [...KEY_INFO.values()].map(({ name, site, apiType, free }) => ({
						name,
						site,
						apiType,
						free,
					})),
				});
			case 'POST /reset':
				await control.reset();
				return json({ ok: true });
			case 'GET /config':
				return json(control.config());
			case 'POST /config':
				return json(control.configure(b as ConfigPatch));
			case 'GET /faults':
				return json(control.faults());
			case 'POST /faults':
				return json({ id: control.addFault(b as unknown as FaultRuleInput) });
			case 'DELETE /faults':
				control.clearFaults();
				return json({ ok: true });
			case 'GET /outcomes':
				return json(ctx.state.outcomes);
			case 'POST /outcomes':
				return json({ id: control.scriptOutcome(b as OutcomeInput) });
			case 'DELETE /outcomes':
				control.clearOutcomes();
				return json({ ok: true });
			case 'GET /requests': {
				const since = ctx.query.get('since');
				return json(
					control.requests({
						path: ctx.query.get('path') ?? undefined,
						since: since === null ? undefined : Number(since),
					}),
				);
			}
			case 'DELETE /requests':
				control.clearRequests();
				return json({ ok: true });
			case 'GET /submits': {
				const ep = ctx.query.get('endpoint');
				return json({
					...control.submitCounts(),
					...(ep ? { endpoint: ep, count: control.submitCount(ep) } : {}),
				});
			}
			case 'GET /tasks':
				return json(control.tasks());
			case 'GET /sessions':
				return json(control.sessions());
			case 'GET /audios':
				return json(control.audios());
			case 'GET /webhooks':
				return json({ attempts: control.webhookDeliveries(), events: control.webhookEvents() });
			case 'POST /deliver':
				return json(await control.deliver(b as { url: string; body: unknown }));
			case 'POST /files':
				return json(control.createFile(b as { ext: string }));
			case 'POST /files/expire':
				return json({ expired: control.expireFile(String(b.url ?? b.name ?? '')) });
		}
		return json({ error: `unknown control route: ${m} ${ctx.route}` }, 404);
	} catch (e) {
		return json({ error: (e as Error).message }, 400);
	}
}
