import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isRetryableKind } from './errorCodes';
import type { ApiFailure } from './errors';
import { apiError, failureKind, itemSuffix, redact, redactDeep } from './errors';
import { parseJsonKeepingLongIntegers } from './json';
import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter } from './retry';
import type { RunningHubCredentials } from './site';
import { withoutCancelSignal } from './detach';
import { abortableSleep } from './sleep';
import { CREDENTIAL_TYPE, baseUrlOf, siteLabel, taskPageUrl, toCredentials } from './site';

/** The part of n8n's function contexts (execute, load options, webhook) the client needs. */
export interface RunningHubContext {
	getNode(): INode;
	getCredentials<T extends object = ICredentialDataDecryptedObject>(type: string, itemIndex?: number): Promise<T>;
	helpers: {
		httpRequestWithAuthentication(
			credentialsType: string,
			requestOptions: IHttpRequestOptions,
		): Promise<unknown>;
	};
	getExecutionCancelSignal?(): AbortSignal | undefined;
}

/**
 * How an endpoint answers:
 * - `task`: the v2 flat task object `{taskId,status,errorCode,errorMessage,results,...}`
 * - `envelope`: `{code, msg|message, data}` (all v1 endpoints, v2 upload and queue status)
 */
export type ResponseShape = 'task' | 'envelope';

/** How a v1 endpoint wants the API key besides the Bearer header. */
export type KeyPlacement = 'none' | 'body:apiKey' | 'body:apikey' | 'query:apiKey' | 'form:apiKey';

export interface RequestSpec {
	method?: IHttpRequestMethods;
	path: string;
	shape: ResponseShape;
	body?: IDataObject | FormData;
	qs?: IDataObject;
	key?: KeyPlacement;
	/** Creates a billable task: never re-sent when the first attempt's outcome is unknown. */
	submit?: boolean;
	/** v1 codes handed back to the caller instead of thrown (status signals such as 804/813/805). */
	acceptCodes?: number[];
	timeoutMs?: number;
	itemIndex?: number;
	/** The task the request is about: every failure names it, so no error loses the task ID. */
	taskId?: string;
}

export interface Envelope {
	code: number;
	msg: string;
	data: unknown;
}

export type TaskObject = IDataObject & { taskId?: string; status?: string; errorCode?: string; errorMessage?: string };

export interface ClientOptions {
	retry?: Partial<RetryPolicy>;
	/** Injected by tests; defaults to an abortable sleep that works on every n8n version. */
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
	random?: () => number;
	now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** Network errors raised before the request left this machine: always safe to send again. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

type Attempt<T> =
	| { ok: true; value: T }
	| { ok: false; retry: 'transient' | 'capacity' | false; retryAfterMs?: number; failure: ApiFailure };

/** One request path for both RunningHub envelopes, with retries, error mapping and exact IDs. */
export class RunningHubTransport {
	private credentials?: RunningHubCredentials;

	readonly policy: RetryPolicy;

	constructor(
		readonly ctx: RunningHubContext,
		readonly options: ClientOptions = {},
	) {
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
	}

	get node(): INode {
		return this.ctx.getNode();
	}

	get signal(): AbortSignal | undefined {
		return this.ctx.getExecutionCancelSignal?.();
	}

	now(): number {
		return (this.options.now ?? Date.now)();
	}

	/** Sleeps until `ms` pass or `signal` (by default the execution's cancel signal) aborts. */
	async sleep(ms: number, signal: AbortSignal | undefined = this.signal): Promise<void> {
		if (ms <= 0) return;
		if (this.options.sleep) await this.options.sleep(ms, signal);
		else await abortableSleep(ms, signal);
	}

	async getCredentials(): Promise<RunningHubCredentials> {
		if (!this.credentials) {
			this.credentials = toCredentials(await this.ctx.getCredentials(CREDENTIAL_TYPE));
			if (!baseUrlOf(this.credentials)) {
				throw new NodeOperationError(this.node, 'The RunningHub credential has no Base URL', {
					description: 'Open the credential and enter the Base URL, or choose runninghub.ai or runninghub.cn as the Site.',
				});
			}
		}
		return this.credentials;
	}

	async taskPage(taskId: string): Promise<string> {
		return taskPageUrl(await this.getCredentials(), taskId);
	}

	/** Sends a request, retrying transient and capacity failures within the policy's budget. */
	async request<T = Envelope | TaskObject>(spec: RequestSpec): Promise<T> {
		const started = this.now();
		for (let attemptNo = 1; ; attemptNo++) {
			this.throwIfCancelled(spec);
			const result = await this.attemptOnce<T>(spec);
			if (result.ok) return result.value;
			const { retry, failure } = result;
			const elapsed = this.now() - started;
			const canRetry =
				retry === 'capacity'
					? elapsed < this.policy.capacityMaxWaitMs
					: retry === 'transient' && attemptNo < this.policy.maxAttempts;
			if (!canRetry || !retry) throw this.finalError(failure, retry, attemptNo);
			let delay = result.retryAfterMs ?? backoffDelay(retry, attemptNo, this.policy, this.options.random);
			if (retry === 'capacity') delay = Math.min(delay, this.policy.capacityMaxWaitMs - elapsed);
			await this.sleep(delay);
		}
	}

	private throwIfCancelled(spec: RequestSpec): void {
		if (this.signal?.aborted) {
			throw new NodeOperationError(this.node, `The execution was cancelled${itemSuffix(spec.itemIndex)}`);
		}
	}

	private finalError(failure: ApiFailure, retried: 'transient' | 'capacity' | false, attempts: number) {
		const hint =
			retried && attempts > 1
				? `The node tried ${attempts} times${retried === 'capacity' ? ` over ${Math.round(this.policy.capacityMaxWaitMs / 1000)} s` : ''} before giving up.`
				: undefined;
		return apiError(this.node, { ...failure, hint: [failure.hint, hint].filter(Boolean).join(' ') || undefined });
	}

	private async attemptOnce<T>(spec: RequestSpec): Promise<Attempt<T>> {
		const credentials = await this.getCredentials();
		const options = this.buildOptions(spec, credentials);
		const base: ApiFailure = { endpoint: spec.path, itemIndex: spec.itemIndex, ...(spec.taskId ? { taskId: spec.taskId } : {}) };
		let response: { statusCode: number; headers: IDataObject; body: unknown };
		// Stop never cuts off a submit on its way: its answer names a task that may already be paid
		// for (the node then cancels it); without it, the task would exist unseen.
		const via = spec.submit ? withoutCancelSignal(this.ctx) : this.ctx;
		try {
			response = (await via.helpers.httpRequestWithAuthentication.call(
				via,
				CREDENTIAL_TYPE,
				options,
			)) as typeof response;
		} catch (error) {
			return this.networkFailure(error, spec, base, credentials);
		}
		const text = typeof response.body === 'string' ? response.body : '';
		let body: unknown;
		try {
			// RunningHub (or a proxy before it) may echo the key in any answer, even in a task's
			// failure reason: it is removed here, before any part of the answer reaches a user.
			body = text === '' ? undefined : redactDeep(parseJsonKeepingLongIntegers(text), credentials.apiKey, false);
		} catch {
			body = undefined;
		}
		const status = response.statusCode;
		if (status >= 400) return this.httpFailure(status, response.headers, body, spec, base, credentials);
		if (body === undefined || typeof body !== 'object' || body === null) {
			const failure = {
				...base,
				httpCode: status,
				message: `RunningHub sent an unreadable answer (HTTP ${status}, ${text.length === 0 ? 'empty body' : 'not JSON'})`,
			};
			return spec.submit ? this.unknownOutcome(failure, 'the answer could not be read', credentials) : { ok: false, retry: 'transient', failure };
		}
		return this.businessOutcome<T>(body as IDataObject, spec, base, credentials);
	}

	private buildOptions(spec: RequestSpec, credentials: RunningHubCredentials): IHttpRequestOptions {
		let body = spec.body;
		const qs = { ...spec.qs };
		const key = spec.key ?? 'none';
		if (key === 'body:apiKey' || key === 'body:apikey') {
			body = { ...(body as IDataObject), [key.slice(5)]: credentials.apiKey };
		} else if (key === 'query:apiKey') {
			qs.apiKey = credentials.apiKey;
		} else if (key === 'form:apiKey' && body instanceof FormData) {
			body.set('apiKey', credentials.apiKey);
		}
		return {
			method: spec.method ?? 'POST',
			url: `${baseUrlOf(credentials)}${spec.path}`,
			body: body as IDataObject,
			qs: Object.keys(qs).length ? qs : undefined,
			headers: body instanceof FormData ? {} : { 'Content-Type': 'application/json' },
			json: !(body instanceof FormData),
			// Uploads: n8n's redirect follower keeps a copy of every body byte sent (to replay it on a
			// redirect), which doubles the memory of a big file; RunningHub's API does not redirect.
			...(body instanceof FormData ? { disableFollowRedirect: true } : {}),
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: spec.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		};
	}

	private networkFailure<T>(error: unknown, spec: RequestSpec, base: ApiFailure, credentials: RunningHubCredentials): Attempt<T> {
		const cause = (error as { cause?: { code?: string; message?: string } }).cause;
		// n8n's httpRequestWithAuthentication wraps network errors in a NodeApiError that keeps the
		// Node error code (ECONNREFUSED, ...) only as its httpCode.
		const wrapped = String((error as { httpCode?: unknown }).httpCode ?? '');
		const code = cause?.code ?? (error as { code?: string }).code ?? (/^E[A-Z_]+$/.test(wrapped) ? wrapped : '');
		if (this.signal?.aborted || code === 'ERR_CANCELED') {
			throw new NodeOperationError(this.node, `The execution was cancelled${itemSuffix(spec.itemIndex)}`);
		}
		const reason = code || redact(String(cause?.message ?? (error as Error).message ?? 'network error'), credentials.apiKey);
		// The error code stays out of the message: n8n replaces a whole message that contains one
		// (ECONNREFUSED, ETIMEDOUT, ...) with a generic text, dropping the item and the context.
		const failure: ApiFailure = {
			...base,
			message: `Could not reach RunningHub at ${siteLabel(credentials)}`,
			hint: `Network error: ${reason}. Check the network, a proxy, or the Base URL of the credential.`,
		};
		if (NOT_SENT_CODES.has(code) || !spec.submit) return { ok: false, retry: 'transient', failure };
		const unknown = this.unknownOutcome<T>(failure, 'the connection failed after the request was sent', credentials);
		if (!unknown.ok) unknown.failure.hint = `${unknown.failure.hint} Network error: ${reason}.`;
		return unknown;
	}

	private httpFailure<T>(
		status: number,
		headers: IDataObject,
		body: unknown,
		spec: RequestSpec,
		base: ApiFailure,
		credentials: RunningHubCredentials,
	): Attempt<T> {
		const fromBody = body && typeof body === 'object' ? this.codeOf(body as IDataObject) : undefined;
		const failure: ApiFailure = { ...base, httpCode: status, ...fromBody };
		if (status === 429) {
			const retryAfterMs = parseRetryAfter(headers['retry-after'], this.now());
			return { ok: false, retry: 'capacity', retryAfterMs, failure: { ...failure, message: failure.message ?? 'RunningHub is rate limiting this key (HTTP 429)' } };
		}
		// A RunningHub code in the body is the API's own answer (the request was refused), whatever
		// the HTTP status it came with (API.md §1: some errors come with 4xx or 5xx).
		if (fromBody?.code !== undefined) return this.codeFailure(failure);
		// 503 is a refusal (nothing was processed); 502, 500 and 504 may come after the API created
		// the task, so a submit is not sent again (API.md §15).
		if (status === 503 || (status === 502 && !spec.submit)) {
			return { ok: false, retry: 'transient', failure: { ...failure, message: failure.message ?? `RunningHub is temporarily unavailable (HTTP ${status})` } };
		}
		if (status >= 500) {
			const withMessage = { ...failure, message: failure.message ?? `RunningHub had a server error (HTTP ${status})` };
			return spec.submit ? this.unknownOutcome(withMessage, `HTTP ${status}`, credentials) : { ok: false, retry: 'transient', failure: withMessage };
		}
		const message =
			status === 404
				? `RunningHub has no endpoint ${spec.path} at ${siteLabel(credentials)} (HTTP 404)`
				: status === 401 || status === 403
					? `RunningHub refused the API key (HTTP ${status})`
					: `RunningHub refused the request (HTTP ${status})`;
		const hint = status === 404 || status === 401 || status === 403 ? 'Check the Site or Base URL and the API key in the credential.' : undefined;
		return { ok: false, retry: false, failure: { ...failure, message, hint } };
	}

	/** Reads a code and message from either envelope; undefined when the body reports success. */
	private codeOf(body: IDataObject): { code: string | number; serverMessage?: string; taskId?: string } | undefined {
		if (typeof body.errorCode === 'string' || typeof body.errorCode === 'number') {
			const code = String(body.errorCode).trim();
			if (code !== '' && code !== '0') {
				return { code, serverMessage: String(body.errorMessage ?? '') || undefined, ...(body.taskId ? { taskId: String(body.taskId) } : {}) };
			}
		}
		if (body.code !== undefined && body.code !== null) {
			const code = Number(body.code);
			if (code !== 0 && code !== 200) return { code, serverMessage: String(body.msg ?? body.message ?? '') || undefined };
		}
		return undefined;
	}

	private businessOutcome<T>(body: IDataObject, spec: RequestSpec, base: ApiFailure, credentials: RunningHubCredentials): Attempt<T> {
		if (spec.shape === 'envelope') {
			const code = Number(body.code);
			const envelope: Envelope = { code, msg: String(body.msg ?? body.message ?? ''), data: body.data };
			if (code === 0 || code === 200 || spec.acceptCodes?.includes(code)) return { ok: true, value: envelope as T };
			return this.codeFailure({ ...base, code, serverMessage: redact(envelope.msg, credentials.apiKey) || undefined });
		}
		const task = body as TaskObject;
		const problem = this.codeOf(body);
		const isTask = typeof task.taskId === 'string' && task.taskId !== '' && typeof task.status === 'string' && task.status !== '';
		if (problem && !isTask) {
			return this.codeFailure({ ...base, ...problem, serverMessage: problem.serverMessage && redact(problem.serverMessage, credentials.apiKey) });
		}
		return { ok: true, value: task as T };
	}

	private codeFailure<T>(failure: ApiFailure): Attempt<T> {
		const kind = failureKind(failure);
		if (!isRetryableKind(kind)) return { ok: false, retry: false, failure };
		return { ok: false, retry: kind === 'transient' ? 'transient' : 'capacity', failure };
	}

	private unknownOutcome<T>(failure: ApiFailure, reason: string, credentials: RunningHubCredentials): Attempt<T> {
		return {
			ok: false,
			retry: false,
			failure: {
				...failure,
				message: `RunningHub did not confirm the submit to ${failure.endpoint} (${reason}), so it is unknown whether the task was created`,
				hint:
					`The node did not send it again, so that the task is not created and billed twice. Before running this item again, check Account → Get (running tasks) or your task list on ${siteLabel(credentials)}.`,
			},
		};
	}
}
