// Webhook delivery: when a task with a webhookUrl ends, POST
// {"event":"TASK_END","taskId":…,"eventData":"<stringified v1 outputs response>"} with a
// timeout and retries, recording every attempt (getWebhookDetail reads the event record).
// Control can duplicate, delay and reorder deliveries, or post arbitrary bodies anywhere.
import { newTaskId } from './ids.mjs';
import { toJson } from './json.mjs';
import { v1OutputsBody, v2TaskBody } from './results.mjs';
import type { SimState, Task } from './state.mjs';

export interface WebhookEvent {
	id: string;
	taskId: string;
	key: string;
	webhookUrl: string;
	eventData: string;
	/** webhookEventData 'object': eventData is posted as this object (the v2 task object). */
	eventObject?: unknown;
	callbackStatus: 'PENDING' | 'RETRYING' | 'SUCCESS' | 'FAILED';
	callbackResponse: string;
	retryCount: number;
	createTime: string;
	updateTime: string;
}

export interface DeliveryAttempt {
	eventId: string | null;
	taskId: string | null;
	url: string;
	/** 1-based copy number when duplicates > 1. */
	copy: number;
	/** 0 = first try, n = n-th retry. */
	attempt: number;
	time: string;
	status: number | null;
	ok: boolean;
	error: string | null;
	durationMs: number;
	requestBody: string;
	responseBody: string;
	manual: boolean;
}

const stamp = () => new Date().toISOString().slice(0, 19);

export class Webhooks {
	events = new Map<string, WebhookEvent>();
	byTask = new Map<string, string>();
	attempts: DeliveryAttempt[] = [];
	private held: WebhookEvent[] = [];
	private aborts = new Set<AbortController>();
	private generation = 0;

	constructor(private readonly state: SimState) {}

	reset(): void {
		this.generation++;
		for (const a of this.aborts) a.abort();
		this.aborts.clear();
		this.events = new Map();
		this.byTask = new Map();
		this.attempts = [];
		this.held = [];
	}

	/** Called when a task ends; delivers if it asked for a webhook. Cancelled tasks send nothing. */
	taskEnded(task: Task): void {
		if (!task.webhookUrl || (task.status !== 'SUCCESS' && task.status !== 'FAILED')) return;
		const ev: WebhookEvent = {
			id: newTaskId(),
			taskId: task.id,
			key: task.key,
			webhookUrl: task.webhookUrl,
			eventData: toJson(v1OutputsBody(this.state, task)),
			...(this.state.config.variants.webhookEventData === 'object'
				? { eventObject: v2TaskBody(task, this.state.config.variants) }
				: {}),
			callbackStatus: 'PENDING',
			callbackResponse: '',
			retryCount: 0,
			createTime: stamp(),
			updateTime: stamp(),
		};
		this.events.set(ev.id, ev);
		this.byTask.set(task.id, ev.id);
		const cfg = this.state.config.webhook;
		const go = () => (cfg.reorderWindow > 1 ? this.hold(ev) : void this.deliver(ev));
		if (cfg.delayMs > 0) this.state.later(cfg.delayMs, go);
		else go();
	}

	/** Out-of-order mode: collect events, then deliver the batch newest first. */
	private hold(ev: WebhookEvent): void {
		this.held.push(ev);
		const cfg = this.state.config.webhook;
		if (this.held.length >= cfg.reorderWindow) this.flush();
		else this.state.later(cfg.reorderMaxWaitMs, () => this.held.includes(ev) && this.flush());
	}

	private flush(): void {
		const batch = this.held.reverse();
		this.held = [];
		void (async () => {
			for (const ev of batch) await this.deliver(ev);
		})();
	}

	body(ev: WebhookEvent): string {
		return toJson(
			{ event: 'TASK_END', taskId: ev.taskId, eventData: ev.eventObject ?? ev.eventData },
			this.state.config.variants.bareNumericIds,
		);
	}

	/** Deliver an event (every configured copy, each with its own retries). */
	async deliver(ev: WebhookEvent, url = ev.webhookUrl): Promise<void> {
		const copies = Math.max(1, this.state.config.webhook.duplicates);
		for (let copy = 1; copy <= copies; copy++) await this.chain(ev, url, copy);
	}

	private async chain(ev: WebhookEvent, url: string, copy: number): Promise<void> {
		const gen = this.generation;
		const { maxRetries, retryBackoffMs } = this.state.config.webhook;
		for (let attempt = 0; attempt <= maxRetries; attempt++) {
			if (attempt > 0) {
				ev.callbackStatus = 'RETRYING';
				ev.retryCount++;
				await new Promise<void>((r) => this.state.later(retryBackoffMs * 2 ** (attempt - 1), r));
				if (gen !== this.generation) return;
			}
			const a = await this.post(
				url,
				this.body(ev),
				{},
				{ eventId: ev.id, taskId: ev.taskId, copy, attempt, manual: false },
			);
			if (gen !== this.generation) return;
			ev.callbackResponse = a.error ?? a.responseBody.slice(0, 1000);
			ev.updateTime = stamp();
			if (a.ok) {
				ev.callbackStatus = 'SUCCESS';
				return;
			}
		}
		ev.callbackStatus = 'FAILED';
	}

	/** Resend an event now, optionally to a new URL (retryWebhook). */
	retry(eventId: string, url?: string): boolean {
		const ev = this.events.get(eventId);
		if (!ev) return false;
		if (url) ev.webhookUrl = url;
		void this.deliver(ev);
		return true;
	}

	/** POST (or other method) an arbitrary body to a URL once, recorded as a manual attempt. */
	async post(
		url: string,
		body: string,
		headers: Record<string, string>,
		meta: Pick<DeliveryAttempt, 'eventId' | 'taskId' | 'copy' | 'attempt' | 'manual'>,
		method = 'POST',
	): Promise<DeliveryAttempt> {
		const gen = this.generation;
		const abort = new AbortController();
		this.aborts.add(abort);
		const started = Date.now();
		const rec: DeliveryAttempt = {
			...meta,
			url,
			time: new Date().toISOString(),
			status: null,
			ok: false,
			error: null,
			durationMs: 0,
			requestBody: body.slice(0, 4000),
			responseBody: '',
		};
		try {
			const res = await fetch(url, {
				method,
				headers: {
					'content-type': 'application/json',
					'user-agent': 'RunningHub-Webhook/1.0 (simulator)',
					...headers,
				},
				body,
				signal: AbortSignal.any([
					abort.signal,
					AbortSignal.timeout(this.state.config.webhook.timeoutMs),
				]),
			});
			rec.status = res.status;
			rec.responseBody = (await res.text()).slice(0, 4000);
			rec.ok = res.status >= 200 && res.status < 300;
		} catch (e) {
			const err = e as Error & { cause?: Error };
			rec.error =
				err.name === 'TimeoutError'
					? `timeout after ${this.state.config.webhook.timeoutMs} ms`
					: `${err.message}${err.cause ? `: ${err.cause.message}` : ''}`;
		} finally {
			this.aborts.delete(abort);
		}
		rec.durationMs = Date.now() - started;
		if (gen === this.generation) this.attempts.push(rec); // not into the log of a later reset
		return rec;
	}

	/** Control: post anything anywhere (forged, huge or non-JSON deliveries). */
	deliverRaw(opts: {
		url: string;
		body: unknown;
		headers?: Record<string, string>;
		method?: string;
	}): Promise<DeliveryAttempt> {
		const text = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
		return this.post(
			opts.url,
			text,
			opts.headers ?? {},
			{ eventId: null, taskId: null, copy: 1, attempt: 0, manual: true },
			opts.method,
		);
	}
}
