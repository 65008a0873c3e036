import type {
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiFailure } from './errors';
import { submitOutcomeOf } from './errorCodes';
import { apiError, failureKind, itemSuffix, redact, redactAnswer } from './errors';
import { parseJsonKeepingLongIntegers } from './json';
import type { RetryKind, RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, nextRetryDelay, parseRetryAfter } from './retry';
import type { RunningHubCredentials } from './site';
import type { RunningHubContext } from './context';
import { withoutCancelSignal } from './context';
import { submitGateOf } from '../run/submitGate';
import { abortableSleep } from './sleep';
import { logTaskCreated } from '../tasks/taskLog';
import { CREDENTIAL_TYPE, baseUrlOf, siteLabel, taskPageUrl, toCredentials } from './site';
import { MultipartBody, uploadHeaders } from './multipart';

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
	/** A streamed upload (core/api/multipart.ts) is read anew by every attempt. */
	body?: IDataObject | FormData | MultipartBody;
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
	/**
	 * Retry every retryable failure until this time (transport clock, ms), and none after it: a
	 * poll inside Max Wait. Without it the policy's attempt and capacity budgets apply.
	 */
	deadline?: number;
	/** Keep webhook URLs' ?secret= in the answer (the caller needs the URL itself and hides it). */
	keepWebhookSecrets?: boolean;
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
/** v2 "parameter validation failed", also RunningHub's answer to a request body it could not parse (docs/runninghub-api.md §19). */
const UNREADABLE_REQUEST_CODE = '1007';
/** Network errors raised before the request left this machine: always safe to send again. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Errors thrown because the request's deadline left no time for another attempt. */
const endedAtDeadlineErrors = new WeakSet<object>();

/** True for an error a deadline-bound request threw because its deadline came, not because the answer was final. */
export function endedAtDeadline(error: unknown): boolean {
	return typeof error === 'object' && error !== null && endedAtDeadlineErrors.has(error);
}

type Attempt<T> =
	| { ok: true; value: T }
	| { ok: false; retry: RetryKind | false; retryAfterMs?: number; failure: ApiFailure };

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

	/**
	 * Sends a request, retrying transient and capacity failures within the policy's budget, or
	 * until the spec's deadline (retry.ts decides how long to wait and when to stop).
	 */
	async request<T = Envelope | TaskObject>(spec: RequestSpec): Promise<T> {
		const startedAt = this.now();
		for (let attempt = 1; ; attempt++) {
			this.throwIfCancelled(spec);
			const result = await this.attemptOnce<T>(spec);
			if (result.ok) return result.value;
			const { retry, failure } = result;
			const delay = retry
				? nextRetryDelay(
						{ kind: retry, attempt, startedAt, now: this.now(), retryAfterMs: result.retryAfterMs, deadline: spec.deadline },
						this.policy,
						this.options.random,
					)
				: undefined;
			if (delay === undefined) throw this.finalError(failure, retry, attempt, spec, this.now() - startedAt);
			// A submit waiting for capacity stops waiting when its batch stops (it would not be sent).
			const batch = spec.submit ? submitGateOf(this.ctx) : undefined;
			await this.sleep(delay, batch?.signal ?? this.signal).catch((error: unknown) => {
				this.throwIfCancelled(spec);
				throw error;
			});
		}
	}

	private throwIfCancelled(spec: RequestSpec): void {
		// Once the batch stopped (Stop, or another item failed the node), no new paid task is
		// submitted: this covers every step of every operation, not only the first.
		const batch = spec.submit ? submitGateOf(this.ctx) : undefined;
		if (batch?.stopReason) throw batch.stoppedError(this.node, spec.itemIndex ?? 0, true);
		if (this.signal?.aborted) {
			throw new NodeOperationError(this.node, `The execution was cancelled${itemSuffix(spec.itemIndex)}`);
		}
	}

	private finalError(failure: ApiFailure, retried: RetryKind | false, attempts: number, spec: RequestSpec, elapsedMs: number) {
		const atDeadline = Boolean(retried) && spec.deadline !== undefined && attempts < this.policy.maxRequestsPerCall;
		const overMs = spec.deadline !== undefined ? elapsedMs : retried === 'capacity' ? this.policy.capacityMaxWaitMs : undefined;
		const over = overMs === undefined ? '' : ` over ${Math.round(overMs / 1000)} s`;
		const hint = !retried
			? undefined
			: atDeadline
				? `The node kept trying (${attempts} ${attempts === 1 ? 'time' : 'times'}${over}) until the wait's time limit (Max Wait).`
				: attempts > 1
					? `The node tried ${attempts} times${over} before giving up.`
					: undefined;
		const error = apiError(this.node, { ...failure, hint: [failure.hint, hint].filter(Boolean).join(' ') || undefined });
		if (atDeadline) endedAtDeadlineErrors.add(error);
		return error;
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
		} finally {
			// A cut or stopped upload leaves its file stream open; the next attempt opens its own.
			if (options.body instanceof MultipartBody) options.body.close();
		}
		const text = typeof response.body === 'string' ? response.body : '';
		let body: unknown;
		try {
			// Exact integers (IDs, seeds); the key and webhook URL secrets removed before any part
			// of the answer reaches a user (RunningHub may echo them anywhere).
			body = text === '' ? undefined : redactAnswer(parseJsonKeepingLongIntegers(text), credentials.apiKey, spec.keepWebhookSecrets);
		} catch {
			body = undefined;
		}
		const status = response.statusCode;
		// An answer to a submit that names a task is that task, whatever the HTTP status or code
		// with it: the caller follows it (reads it) instead of failing it or sending it again.
		const named = spec.submit ? namedTask(body, spec.shape) : undefined;
		if (named) {
			// Logged here, the one place every submit answer passes, before anything else reads it.
			const taskId = 'taskId' in named ? named.taskId : (named.data as IDataObject).taskId;
			logTaskCreated(this.ctx, this.node, { taskId: String(taskId), endpoint: spec.path.replace(/^\/+/, ''), itemIndex: spec.itemIndex });
			return { ok: true, value: named as T };
		}
		if (status >= 300 && status < 400) return this.redirectFailure(status, response.headers, base);
		if (status >= 400) return this.httpFailure(status, response.headers, body, spec, base, credentials);
		if (body === undefined || typeof body !== 'object' || body === null) {
			const failure = {
				...base,
				httpCode: status,
				message: `RunningHub sent an unreadable answer (HTTP ${status}, ${text.length === 0 ? 'empty body' : 'not JSON'})`,
			};
			return spec.submit ? this.unknownOutcome(failure, 'the answer could not be read', credentials) : { ok: false, retry: 'transient', failure };
		}
		return this.businessOutcome<T>(body as IDataObject, spec, base, credentials, parseRetryAfter(response.headers?.['retry-after'], this.now()));
	}

	private buildOptions(spec: RequestSpec, credentials: RunningHubCredentials): IHttpRequestOptions {
		if (spec.body instanceof MultipartBody) return this.uploadOptions(spec, spec.body, credentials);
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
			// RunningHub's API does not redirect. A followed 307/308 would re-send the POST, the API key
			// in its body and a paid submit with it, to any host the Location names (plain http too);
			// for uploads n8n's follower would also keep a copy of every byte sent. See redirectFailure.
			disableFollowRedirect: true,
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: spec.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		};
	}

	/** A streamed multipart upload: sent with its Content-Length, never buffered for redirects. */
	private uploadOptions(spec: RequestSpec, upload: MultipartBody, credentials: RunningHubCredentials): IHttpRequestOptions {
		const body = spec.key === 'form:apiKey' ? upload.withField('apiKey', credentials.apiKey) : upload;
		return {
			method: spec.method ?? 'POST',
			url: `${baseUrlOf(credentials)}${spec.path}`,
			body: body as unknown as IDataObject,
			qs: spec.qs && Object.keys(spec.qs).length ? spec.qs : undefined,
			headers: uploadHeaders(body),
			json: false,
			// n8n's redirect follower keeps a copy of every body byte sent (to replay it on a
			// redirect), which would hold the whole file; RunningHub's API does not redirect.
			disableFollowRedirect: true,
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
		// Only a connection that failed before the request left is certainly not a task.
		if (NOT_SENT_CODES.has(code) || !spec.submit) return { ok: false, retry: 'transient', failure };
		return this.unknownOutcome<T>(failure, 'the connection failed after the request was sent', credentials);
	}

	/**
	 * A redirect (never followed, see buildOptions): the server did not take the request here, so
	 * nothing was created; it is not sent again, and only the host it points to is named (its
	 * address may hold a token).
	 */
	private redirectFailure<T>(status: number, headers: IDataObject | undefined, base: ApiFailure): Attempt<T> {
		const location = String(headers?.location ?? '');
		let to = '';
		try {
			to = location ? ` to ${new URL(location, 'http://relative.invalid').host.replace(/^relative\.invalid$/, 'another path')}` : '';
		} catch {
			to = '';
		}
		return {
			ok: false,
			retry: false,
			failure: {
				...base,
				httpCode: status,
				message: `RunningHub answered with a redirect (HTTP ${status})${to}, which the node does not follow`,
				hint: 'RunningHub\'s API does not redirect; following one would send the API key and the request elsewhere. Check the Site or Base URL in the credential (e.g. https instead of http, or the address the redirect names).',
			},
		};
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
		const retryAfterMs = parseRetryAfter(headers['retry-after'], this.now());
		if (status === 429) {
			// RunningHub's own words, when the body has a code, are the headline (core/errors.ts apiError).
			const message = failure.message ?? (fromBody?.code === undefined ? 'RunningHub is rate limiting this key (HTTP 429)' : undefined);
			return { ok: false, retry: 'capacity', retryAfterMs, failure: { ...failure, message } };
		}
		// A RunningHub code in the body is the API's own answer, whatever the HTTP status it came
		// with (docs/runninghub-api.md §1: some errors come with 4xx or 5xx). A code RunningHub does
		// not use on a 5xx (a gateway's {"code":504}) is a 5xx like any other.
		const gatewayCode = status >= 500 && fromBody?.code !== undefined && failureKind(failure) === undefined;
		if (fromBody?.code !== undefined && !gatewayCode) return this.codeFailure(failure, spec, credentials, retryAfterMs);
		// A bare 5xx may come from a gateway after the API created the task (docs/runninghub-api.md §15): a submit
		// is not sent again; a read is.
		if (status >= 500) {
			const what = status === 502 || status === 503 ? 'is temporarily unavailable' : 'had a server error';
			const withMessage = { ...failure, message: failure.message ?? `RunningHub ${what} (HTTP ${status})` };
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
		if (body.code !== undefined && body.code !== null && String(body.code).trim() !== '') {
			// A code that is not a number is shown as RunningHub wrote it (never as NaN).
			const code = Number.isFinite(Number(body.code)) ? Number(body.code) : String(body.code).trim();
			if (code !== 0 && code !== 200) return { code, serverMessage: String(body.msg ?? body.message ?? '') || undefined };
		}
		return undefined;
	}

	private businessOutcome<T>(
		body: IDataObject,
		spec: RequestSpec,
		base: ApiFailure,
		credentials: RunningHubCredentials,
		retryAfterMs?: number,
	): Attempt<T> {
		if (spec.shape === 'envelope') {
			const code = envelopeCode(body.code);
			const envelope: Envelope = { code, msg: String(body.msg ?? body.message ?? ''), data: body.data };
			if (code === 0 || code === 200 || spec.acceptCodes?.includes(code)) return { ok: true, value: envelope as T };
			// No numeric code: a v2-style answer ({errorCode, errorMessage}) or no code at all, never "(NaN)".
			const problem = Number.isFinite(code) ? { code, serverMessage: envelope.msg || undefined } : this.codeOf(body);
			if (!problem) {
				const failure = { ...base, message: 'RunningHub sent an answer without a result code' };
				return spec.submit ? this.unknownOutcome(failure, 'the answer had no result code', credentials) : { ok: false, retry: 'transient', failure };
			}
			return this.codeFailure(
				{ ...base, ...problem, serverMessage: problem.serverMessage && redact(problem.serverMessage, credentials.apiKey) },
				spec,
				credentials,
				retryAfterMs,
			);
		}
		const task = body as TaskObject;
		const problem = this.codeOf(body);
		// A query answer may leave out the taskId it was asked about (docs/runninghub-api.md §19: a FAILED task read
		// as {"status":"FAILED","errorCode":"1000",...}): it is still that task's status. Not so a
		// "not found" code (the live answer for an unknown ID is FAILED/1004, §19) or a refused
		// request (1007): those say nothing about the task, whatever status word comes with them.
		const ownId = typeof task.taskId === 'string' && task.taskId !== '' ? task.taskId : undefined;
		const notFound = problem !== undefined && failureKind(problem) === 'notFound';
		const unreadRequest = problem !== undefined && String(problem.code) === UNREADABLE_REQUEST_CODE;
		const taskId = ownId ?? (notFound || unreadRequest ? undefined : spec.taskId);
		const isTask = Boolean(taskId) && typeof task.status === 'string' && task.status !== '' && !notFound;
		if (problem && !isTask) {
			// A submit answered with a task status but no task ID (e.g. FAILED/1013): a task ran, so
			// one may exist and be billed, whatever the code says.
			if (spec.submit && typeof task.status === 'string' && task.status !== '' && !notFound) {
				return this.unknownOutcome({ ...base, ...problem, serverMessage: problem.serverMessage && redact(problem.serverMessage, credentials.apiKey) }, `it answered ${task.status} without a task ID`, credentials);
			}
			return this.codeFailure(
				{ ...base, ...problem, serverMessage: problem.serverMessage && redact(problem.serverMessage, credentials.apiKey) },
				spec,
				credentials,
				retryAfterMs,
			);
		}
		return { ok: true, value: (task.taskId === taskId ? task : { ...task, taskId }) as T };
	}

	/**
	 * A RunningHub code without a task. Capacity and rate refusals are retried (they created
	 * nothing); on a submit, only a certain refusal is final, and every other code leaves the
	 * outcome unknown, so it is not sent again (errorCodes.ts submitOutcomeOf decides per code).
	 */
	private codeFailure<T>(failure: ApiFailure, spec: RequestSpec, credentials: RunningHubCredentials, retryAfterMs?: number): Attempt<T> {
		const kind = failureKind(failure);
		if (kind === 'capacity' || kind === 'rateLimit') return { ok: false, retry: 'capacity', retryAfterMs, failure };
		if (spec.submit) {
			return submitOutcomeOf(kind) === 'unknown'
				? this.unknownOutcome(failure, 'it answered with an error code and no task ID', credentials)
				: { ok: false, retry: false, failure };
		}
		return { ok: false, retry: kind === 'transient' ? 'transient' : false, failure };
	}

	private unknownOutcome<T>(failure: ApiFailure, reason: string, credentials: RunningHubCredentials): Attempt<T> {
		const check = failure.taskId
			? `Task → Get with task ID ${failure.taskId}, Account → Get (running tasks)`
			: 'Account → Get (running tasks)';
		return {
			ok: false,
			retry: false,
			failure: {
				...failure,
				unknownOutcome: { at: new Date(this.now()).toISOString(), site: siteLabel(credentials) },
				message: `RunningHub did not confirm the submit to ${failure.endpoint} (${reason}), so it is unknown whether the task was created`,
				action:
					`The task may have been created, and RunningHub bills it if so. The node did not send it again, so that it is not created and billed twice. Before running this item again, check ${check} or your task list on ${siteLabel(credentials)}.`,
			},
		};
	}
}

/**
 * An envelope's result code: a number or a numeric string only, else NaN. Number() would read
 * null, "", false and [] as 0, that is as success: {"code":null,"msg":"boom"} is no success.
 */
function envelopeCode(value: unknown): number {
	if (typeof value === 'number') return value;
	return typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
}

/** The task an answer to a submit names (v2 `taskId`, v1 `data.taskId`), if any. */
function namedTask(body: unknown, shape: ResponseShape): TaskObject | Envelope | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const b = body as IDataObject;
	const idOf = (v: unknown) => ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number' ? String(v).trim() : undefined);
	if (shape === 'task') {
		const taskId = idOf(b.taskId);
		if (!taskId) return undefined;
		// With a status the answer says where the task is; without one, an error code beside the
		// ID says nothing sure about the task: it is read again (polled) like a new one.
		const hasStatus = typeof b.status === 'string' && b.status.trim() !== '';
		return hasStatus ? { ...b, taskId } : { ...b, taskId, status: '', errorCode: '', errorMessage: '' };
	}
	const data = b.data && typeof b.data === 'object' ? (b.data as IDataObject) : undefined;
	const taskId = idOf(data?.taskId);
	return taskId ? { code: Number(b.code), msg: String(b.msg ?? b.message ?? ''), data: { ...data, taskId } } : undefined;
}
