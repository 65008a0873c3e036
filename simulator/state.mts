// Everything the simulator remembers: configuration, tasks, lip-sync sessions and audio,
// wallets, the request log and submit counters. Behaviour lives in the other modules.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	applyConfig,
	defaultConfig,
	type ConfigPatch,
	type FaceSpec,
	type SimConfig,
} from './config.mjs';
import { FaultRules } from './faults.mjs';
import { FileStore } from './files.mjs';
import { KEY_INFO, type Site } from './keys.mjs';
import { Webhooks } from './webhooks.mjs';

export type TaskStatus = 'CREATE' | 'QUEUED' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'CANCEL';
export const TERMINAL: ReadonlySet<TaskStatus> = new Set(['SUCCESS', 'FAILED', 'CANCEL']);

export interface ResultEntry {
	url: string | null;
	outputType: string;
	text: string | null;
	nodeId?: string;
}

export interface Failure {
	errorCode: string;
	errorMessage: string;
	failedReason?: Record<string, unknown>;
}

export interface Task {
	id: string;
	key: string;
	site: Site;
	api: 'v1' | 'v2';
	/** Submit identity: the model endpoint ('kling-lip-sync/tts') or the route ('/task/openapi/create'). */
	endpoint: string;
	kind: 'model' | 'workflow' | 'app';
	body: unknown;
	status: TaskStatus;
	createdAt: number;
	/** Earliest time the task may leave the queue (queuedMs). */
	readyAt: number;
	startedAt: number | null;
	endedAt: number | null;
	/** Running time; negative = only control ends it. */
	durationMs: number;
	clientId: string;
	promptTips: string;
	webhookUrl: string | null;
	/** Exclusive key queueing in its personal queue (usePersonalQueue). */
	personalQueue: boolean;
	results: ResultEntry[] | null;
	failure: Failure | null;
	usage: Record<string, string | null> | null;
	price: number | null;
	/** Scripted end: fail like this instead of succeeding. */
	plannedFailure: Failure | null;
	/** Builds the results when the task succeeds. */
	produce: (task: Task) => ResultEntry[];
	timer: NodeJS.Timeout | null;
}

export interface Session {
	id: string;
	key: string;
	taskId: string;
	faces: FaceSpec[];
	videoDurationMs: number;
	createdAt: number;
}

export interface Audio {
	id: string;
	key: string;
	taskId: string;
	durationMs: number;
	url: string | null;
	createdAt: number;
}

export interface RequestRecord {
	seq: number;
	time: string;
	method: string;
	path: string;
	route: string;
	site: Site;
	status: number | 'dropped';
	durationMs: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	fault?: string;
}

export interface RefusedSubmit {
	time: string;
	endpoint: string;
	site: Site;
	code: string;
	reason: string;
}

export interface OutcomeRule {
	id: number;
	/** Model endpoint or submit route; omitted = any task. */
	endpoint?: string;
	/** How many tasks it applies to (-1 = all). */
	times: number;
	fail?: Failure;
	durationMs?: number;
}

const REQUEST_LOG_CAP = 20000;

export class SimState {
	config: SimConfig;
	readonly tmpDir = mkdtempSync(join(tmpdir(), 'rh-sim-'));
	readonly files = new FileStore(this.tmpDir, () => this.config.fileTtlMs);
	readonly faults = new FaultRules();
	tasks = new Map<string, Task>();
	/** Tasks not yet terminal, for concurrency accounting. */
	active = new Set<Task>();
	sessions = new Map<string, Session>();
	audios = new Map<string, Audio>();
	wallets = new Map<string, { money: number | null; coins: number | null }>();
	requests: RequestRecord[] = [];
	requestSeq = 0;
	submits = { total: 0, byEndpoint: new Map<string, number>(), refused: [] as RefusedSubmit[] };
	outcomes: OutcomeRule[] = [];
	outcomeSeq = 0;
	loras = new Map<
		string,
		{ loraName: string; md5Hex: string; fileName: string; uploaded: boolean; size: number }
	>();
	readonly webhooks = new Webhooks(this);
	private timers = new Set<NodeJS.Timeout>();
	/** Keys with a pending queue-promotion timer (queuedMs), so submits do not stack timers. */
	promoteTimers = new Set<string>();
	/** Root URL clients see (publicBaseUrl or the listening address); set once listening. */
	publicBase = '';

	constructor(private readonly baseline: ConfigPatch) {
		this.config = applyConfig(defaultConfig(), baseline);
		this.resetWallets();
	}

	/** A tracked timer, so reset and close can stop everything. */
	later(ms: number, fn: () => void): NodeJS.Timeout {
		const t = setTimeout(() => {
			this.timers.delete(t);
			fn();
		}, ms);
		this.timers.add(t);
		return t;
	}

	cancel(t: NodeJS.Timeout): void {
		clearTimeout(t);
		this.timers.delete(t);
	}

	stopTimers(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.promoteTimers.clear();
	}

	siteBase(site: Site): string {
		return this.publicBase + (site === 'cn' ? '/cn' : '');
	}

	fileUrl(name: string): string {
		return `${this.publicBase}/files/${name.split('/').map(encodeURIComponent).join('/')}`;
	}

	private resetWallets(): void {
		this.wallets = new Map(
			[...KEY_INFO.values()].map((k) => [k.key, { money: k.money, coins: k.coins }]),
		);
	}

	/** Forget everything and return to the startup configuration. */
	async reset(): Promise<void> {
		this.stopTimers();
		this.webhooks.reset();
		this.config = applyConfig(defaultConfig(), this.baseline);
		this.tasks = new Map();
		this.active = new Set();
		this.sessions = new Map();
		this.audios = new Map();
		this.requests = [];
		this.submits = { total: 0, byEndpoint: new Map(), refused: [] };
		this.outcomes = [];
		this.loras = new Map();
		this.faults.clear();
		this.resetWallets();
		await this.files.clear();
	}

	logRequest(r: Omit<RequestRecord, 'seq'>): void {
		this.requests.push({ seq: ++this.requestSeq, ...r });
		if (this.requests.length > REQUEST_LOG_CAP)
			this.requests.splice(0, this.requests.length - REQUEST_LOG_CAP);
	}

	countSubmit(endpoint: string): void {
		this.submits.total++;
		this.submits.byEndpoint.set(endpoint, (this.submits.byEndpoint.get(endpoint) ?? 0) + 1);
	}

	refuseSubmit(endpoint: string, site: Site, code: string | number, reason: string): void {
		this.submits.refused.push({
			time: new Date().toISOString(),
			endpoint,
			site,
			code: String(code),
			reason,
		});
	}

	/** Accepted submits for an endpoint: exact key, model endpoint or '/openapi/v2/' + endpoint. */
	submitCount(endpoint?: string): number {
		if (endpoint === undefined) return this.submits.total;
		const norm = (s: string) => s.replace(/^\//, '').replace(/^openapi\/v2\//, '');
		let n = 0;
		for (const [k, v] of this.submits.byEndpoint) if (norm(k) === norm(endpoint)) n += v;
		return n;
	}

	close(): void {
		this.stopTimers();
		this.webhooks.reset();
		rmSync(this.tmpDir, { recursive: true, force: true });
	}
}
