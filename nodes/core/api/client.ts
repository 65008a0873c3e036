import type { IDataObject } from 'n8n-workflow';

import { lookupErrorCode } from './errorCodes';
import { apiError, runningHubCodeOf } from './errors';
import type { TaskResult } from '../tasks/task';
import { taskFromV1Outputs, taskFromV2 } from '../tasks/task';
import type { RunningHubContext } from './context';
import type { ClientOptions, Envelope, TaskObject } from './transport';
import { RunningHubTransport } from './transport';
import type { FileSource } from './multipart';
import { MultipartBody } from './multipart';

/** A node input override for ComfyUI workflows and AI apps. */
export interface NodeInfo {
	nodeId: string;
	fieldName: string;
	fieldValue: unknown;
}

export interface AccountStatus {
	remainCoins: string | null;
	currentTaskCounts: string | null;
	remainMoney: string | null;
	currency: string | null;
	apiType: string | null;
}

export interface UploadResult {
	/** A downloadable (signed, about 24 h) URL for standard-model URL fields; absent for legacy uploads. */
	downloadUrl: string | null;
	/** The name ComfyUI loader nodes take (`openapi/...` or `api/...`). */
	fileName: string;
	size: number | null;
	type: string | null;
	endpoint: 'v2' | 'legacy';
}

/** A file to upload: its name and type, and its bytes, read anew by each attempt. */
export interface UploadFile {
	fileName: string;
	mimeType: string;
	source: FileSource;
}

const isHttp404 = (error: unknown) => String((error as { httpCode?: unknown }).httpCode ?? '') === '404';

const asString = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));

/** Quick Create's endpoints (docs/runninghub-api.md §8e): the style list and the paid run. */
export const STYLE_LIST_ENDPOINT = '/api/fast/creation/model/params';
export const QUICK_RUN_ENDPOINT = '/task/openapi/quick-ai-app/run';

/** Every RunningHub endpoint the package uses, on top of the one request path. */
export class RunningHubClient {
	readonly transport: RunningHubTransport;

	constructor(ctx: RunningHubContext, options: ClientOptions = {}) {
		this.transport = new RunningHubTransport(ctx, options);
	}

	private get node() {
		return this.transport.node;
	}

	/** Submits a standard-model task (`/openapi/v2/<endpoint>`, Bearer auth, JSON body). */
	async submitModel(endpoint: string, body: IDataObject, itemIndex?: number): Promise<TaskResult> {
		const raw = await this.transport.request<TaskObject>({
			path: `/openapi/v2/${endpoint.replace(/^\/+/, '')}`,
			shape: 'task',
			body,
			submit: true,
			itemIndex,
		});
		return this.submitted(raw, endpoint, itemIndex);
	}

	/**
	 * Reads a task's status and outputs. The v2 query serves every kind of task; docs/runninghub-api.md does not
	 * confirm it for tasks created through v1 /task/openapi/create, so a task it does not know is
	 * looked up once more with the v1 outputs endpoint before it counts as unknown.
	 * With a deadline (a wait's Max Wait), failures are retried until then and not after.
	 */
	async query(taskId: string, itemIndex?: number, options: { deadline?: number } = {}): Promise<TaskResult> {
		const { deadline } = options;
		const read = await this.transport
			.request<TaskObject>({ path: '/openapi/v2/query', shape: 'task', body: { taskId }, itemIndex, taskId, deadline })
			.then(
				(raw) => ({ raw }),
				(error: Error) => ({ error }),
			);
		if ('raw' in read) return taskFromV2(this.node, read.raw, taskId, itemIndex);
		const unknown = lookupErrorCode(runningHubCodeOf(read.error) ?? '')?.kind === 'notFound' || isHttp404(read.error);
		const v1 = unknown ? await this.outputsV1(taskId, itemIndex, deadline).catch(() => undefined) : undefined;
		if (v1) return v1;
		throw read.error;
	}

	/** The legacy v1 outputs endpoint (docs/runninghub-api.md §7): 0 finished, 804 running, 813 queued, 805 failed. */
	async outputsV1(taskId: string, itemIndex?: number, deadline?: number): Promise<TaskResult> {
		const envelope = await this.transport.request<Envelope>({
			path: '/task/openapi/outputs',
			shape: 'envelope',
			key: 'body:apiKey',
			body: { taskId },
			acceptCodes: [804, 813, 805],
			itemIndex,
			taskId,
			deadline,
		});
		return taskFromV1Outputs(this.node, taskId, envelope as unknown as IDataObject, itemIndex);
	}

	async cancel(taskId: string, itemIndex?: number): Promise<void> {
		await this.transport.request<Envelope>({
			path: '/task/openapi/cancel',
			shape: 'envelope',
			key: 'body:apiKey',
			body: { taskId },
			itemIndex,
			taskId,
		});
	}

	/** `withinMs`: a best-effort read that gives up after that long, retries and capacity waits included. */
	/** A whole-read budget (retries included) for optional reads that must not hold an output for long. */
	private budget(withinMs: number | undefined): { timeoutMs?: number; deadline?: number } {
		return withinMs === undefined ? {} : { timeoutMs: withinMs, deadline: this.transport.now() + withinMs };
	}

	async account(itemIndex?: number, withinMs?: number): Promise<AccountStatus> {
		const { data } = await this.transport.request<Envelope>({
			path: '/uc/openapi/accountStatus',
			shape: 'envelope',
			key: 'body:apikey',
			body: {},
			itemIndex,
			...this.budget(withinMs),
		});
		const d = (data ?? {}) as IDataObject;
		return {
			remainCoins: asString(d.remainCoins),
			currentTaskCounts: asString(d.currentTaskCounts),
			remainMoney: asString(d.remainMoney),
			currency: asString(d.currency),
			apiType: asString(d.apiType),
		};
	}

	/** Concurrency limit and queue counts; undefined where the site does not offer the endpoint. */
	async queueStatus(itemIndex?: number, withinMs?: number): Promise<IDataObject | undefined> {
		try {
			const { data } = await this.transport.request<Envelope>({
				method: 'GET',
				path: '/openapi/v2/queue/status',
				shape: 'envelope',
				itemIndex,
				...this.budget(withinMs),
			});
			return (data ?? undefined) as IDataObject | undefined;
		} catch {
			return undefined;
		}
	}

	/** The new upload (`/openapi/v2/media/upload/binary`, multipart `file`), streamed from the file's source. */
	async uploadV2(file: UploadFile, itemIndex?: number): Promise<UploadResult> {
		const form = new MultipartBody({ field: 'file', ...file });
		const { data } = await this.transport.request<Envelope>({
			path: '/openapi/v2/media/upload/binary',
			shape: 'envelope',
			body: form,
			timeoutMs: 15 * 60_000,
			itemIndex,
		});
		const d = (data ?? {}) as IDataObject;
		const size = Number(d.size);
		return {
			downloadUrl: asString(d.download_url ?? d.downloadUrl),
			fileName: String(d.fileName ?? ''),
			size: Number.isFinite(size) ? size : null,
			type: asString(d.type),
			endpoint: 'v2',
		};
	}

	/** The legacy upload (`/task/openapi/upload`, 30 MB): returns a loader file name, no URL. */
	async uploadLegacy(file: UploadFile, fileType = 'input', itemIndex?: number): Promise<UploadResult> {
		const form = new MultipartBody({ field: 'file', ...file }, [['fileType', fileType]]);
		const { data } = await this.transport.request<Envelope>({
			path: '/task/openapi/upload',
			shape: 'envelope',
			key: 'form:apiKey',
			body: form,
			timeoutMs: 15 * 60_000,
			itemIndex,
		});
		const d = (data ?? {}) as IDataObject;
		return {
			downloadUrl: null,
			fileName: String(d.fileName ?? ''),
			size: file.source.size,
			type: asString(d.fileType),
			endpoint: 'legacy',
		};
	}

	/** The task's webhook delivery record, its webhookUrl unredacted (to resend to it): hide it before showing it. */
	async webhookDetail(taskId: string, itemIndex?: number): Promise<IDataObject> {
		const { data } = await this.transport.request<Envelope>({
			path: '/task/openapi/getWebhookDetail',
			shape: 'envelope',
			key: 'body:apiKey',
			body: { taskId },
			itemIndex,
			keepWebhookSecrets: true,
		});
		return (data ?? {}) as IDataObject;
	}

	async retryWebhook(webhookId: string, webhookUrl: string | undefined, itemIndex?: number): Promise<void> {
		await this.transport.request<Envelope>({
			path: '/task/openapi/retryWebhook',
			shape: 'envelope',
			key: 'body:apiKey',
			body: { webhookId, ...(webhookUrl ? { webhookUrl } : {}) },
			itemIndex,
		});
	}

	/** Runs a ComfyUI workflow (v2 `run/workflow`). */
	async runWorkflow(workflowId: string, body: IDataObject, itemIndex?: number): Promise<TaskResult> {
		const raw = await this.transport.request<TaskObject>({
			path: `/openapi/v2/run/workflow/${workflowId}`,
			shape: 'task',
			body,
			submit: true,
			itemIndex,
		});
		return this.submitted(raw, `run/workflow/${workflowId}`, itemIndex);
	}

	/** Runs a ComfyUI workflow through the v1 `task/openapi/create` endpoint. */
	async createTaskV1(body: IDataObject, itemIndex?: number): Promise<TaskResult> {
		const { data } = await this.transport.request<Envelope>({
			path: '/task/openapi/create',
			shape: 'envelope',
			key: 'body:apiKey',
			body,
			submit: true,
			itemIndex,
		});
		return this.fromV1Submit(data, 'task/openapi/create', itemIndex);
	}

	/** Runs an AI app through the v1 `POST /task/openapi/ai-app/run` (apiKey in the body; `webappId` sent as a string). */
	async runAiAppV1(webappId: string, body: IDataObject, itemIndex?: number): Promise<TaskResult> {
		const endpoint = '/task/openapi/ai-app/run';
		const { data } = await this.transport.request<Envelope>({
			path: endpoint,
			shape: 'envelope',
			key: 'body:apiKey',
			body: { webappId, ...body, usePersonalQueue: undefined },
			submit: true,
			itemIndex,
		});
		return this.fromV1Submit(data, endpoint, itemIndex);
	}

	/** The `data` of a Quick Create app's style list (`type` 2: the model-library styles). The key goes both ways: how it authenticates is undocumented. */
	async quickStyleList(webappId: string, itemIndex?: number): Promise<unknown> {
		const { data } = await this.transport.request<Envelope>({
			path: STYLE_LIST_ENDPOINT,
			shape: 'envelope',
			key: 'body:apiKey',
			body: { type: 2, webappId },
			itemIndex,
		});
		return data;
	}

	/** The paid Quick Create submit (v1 envelope); its `data` names the task (read by quickCreate.ts). */
	async quickCreateRun(body: IDataObject, itemIndex: number): Promise<unknown> {
		const { data } = await this.transport.request<Envelope>({
			path: QUICK_RUN_ENDPOINT,
			shape: 'envelope',
			key: 'body:apiKey',
			body,
			submit: true,
			itemIndex,
		});
		return data;
	}

	/** Runs an AI app (v2 `run/ai-app`). */
	async runAiApp(webappId: string, body: IDataObject, itemIndex?: number): Promise<TaskResult> {
		const raw = await this.transport.request<TaskObject>({
			path: `/openapi/v2/run/ai-app/${webappId}`,
			shape: 'task',
			body,
			submit: true,
			itemIndex,
		});
		return this.submitted(raw, `run/ai-app/${webappId}`, itemIndex);
	}

	/**
	 * A workflow's API-format graph (to discover node IDs and field names), as RunningHub sends
	 * it: JSON text (documented), or an object. Read it with the workflow's readGraph, which keeps
	 * big integers (seeds) exact.
	 */
	async workflowPrompt(workflowId: string, itemIndex?: number): Promise<unknown> {
		const { data } = await this.transport.request<Envelope>({
			path: '/api/openapi/getJsonApiFormat',
			shape: 'envelope',
			key: 'body:apiKey',
			body: { workflowId },
			itemIndex,
		});
		return (data as IDataObject | undefined)?.prompt ?? {};
	}

	/** An AI app's editable inputs, from its API call demo. */
	async aiAppDemo(webappId: string, itemIndex?: number): Promise<IDataObject> {
		const { data } = await this.transport.request<Envelope>({
			method: 'GET',
			path: '/api/webapp/apiCallDemo',
			shape: 'envelope',
			key: 'query:apiKey',
			qs: { webappId },
			itemIndex,
		});
		return (data ?? {}) as IDataObject;
	}

	/** A presigned URL to PUT a LoRA file to, and the name the RHLoraLoader node takes. */
	async loraUploadUrl(loraName: string, md5Hex: string, itemIndex?: number): Promise<{ url: string; fileName: string }> {
		const { data } = await this.transport.request<Envelope>({
			path: '/api/openapi/getLoraUploadUrl',
			shape: 'envelope',
			key: 'body:apiKey',
			body: { loraName, md5Hex },
			itemIndex,
		});
		const d = (data ?? {}) as IDataObject;
		return { url: String(d.url ?? ''), fileName: String(d.fileName ?? '') };
	}

	private submitted(raw: TaskObject, endpoint: string, itemIndex?: number): TaskResult {
		const task = taskFromV2(this.node, { ...raw, status: raw.status || 'CREATE' }, '', itemIndex);
		if (!task.taskId) {
			throw this.missingTaskId(endpoint, itemIndex);
		}
		return task;
	}

	/** A v1 submit answer (`data.taskId`, `data.taskStatus`) as a task; `endpoint` names it in the error. */
	private fromV1Submit(data: unknown, endpoint: string, itemIndex?: number): TaskResult {
		const d = (data ?? {}) as IDataObject;
		const taskId = asString(d.taskId);
		if (!taskId) throw this.missingTaskId(endpoint, itemIndex);
		return taskFromV2(this.node, { taskId, status: String(d.taskStatus || 'CREATE') }, '', itemIndex);
	}

	private missingTaskId(endpoint: string, itemIndex?: number) {
		return apiError(this.node, {
			endpoint,
			itemIndex,
			message: 'RunningHub accepted the submit but returned no task ID',
			hint: 'Check your task list on RunningHub before running this item again: the task may exist.',
			unknownOutcome: { at: new Date().toISOString() },
		});
	}
}
