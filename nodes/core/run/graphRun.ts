/**
 * Submitting ComfyUI workflow and AI app runs: the v2 run endpoints first, the v1 endpoints when
 * the site does not offer the v2 one. Only a refusal that proves the v2 endpoint is missing
 * (nothing was created) leads to the v1 call; every other failure, above all a submit whose
 * outcome is unknown, is reported as it is, so a task is never created twice.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { NodeInfo, RunningHubClient } from '../api/client';
import { runningHubCodeOf } from '../api/errors';
import type { TaskResult } from '../tasks/task';

/** Which API generation accepted the task. */
export type RunApi = 'v2' | 'v1';

export interface GraphRunOptions {
	nodeInfoList: NodeInfo[];
	webhookUrl?: string;
	instanceType?: string;
	usePersonalQueue?: boolean;
	/** Workflows only. */
	addMetadata?: boolean;
	/** Workflows only: a full API-format graph, as JSON text. */
	workflow?: string;
}

/** v2 codes that say the path or method does not exist (docs/runninghub-api.md §14b). */
const MISSING_ENDPOINT_CODES = new Set(['1001', '1009']);

/**
 * Whether a v2 refusal means "this endpoint is not available here": v2 errorCode 1001 (invalid
 * path) or 1009 (method not supported), or HTTP 404/405 that carries no RunningHub code. A 404
 * that does carry a code (e.g. 380 workflow not found) is a real answer about the request.
 */
export function isEndpointMissing(error: unknown): boolean {
	const code = runningHubCodeOf(error);
	if (code !== undefined) return MISSING_ENDPOINT_CODES.has(code);
	const httpCode = String((error as { httpCode?: unknown })?.httpCode ?? '');
	return httpCode === '404' || httpCode === '405';
}

function v2Body(options: GraphRunOptions): IDataObject {
	return {
		nodeInfoList: options.nodeInfoList as unknown as IDataObject[],
		...(options.instanceType ? { instanceType: options.instanceType } : {}),
		...(options.usePersonalQueue ? { usePersonalQueue: true } : {}),
		...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
		...(options.addMetadata !== undefined ? { addMetadata: options.addMetadata } : {}),
		...(options.workflow !== undefined ? { workflow: options.workflow } : {}),
	};
}

async function withFallback(
	client: RunningHubClient,
	itemIndex: number,
	v2: () => Promise<TaskResult>,
	v1: () => Promise<TaskResult>,
): Promise<TaskResult & { api: RunApi }> {
	let refusal: unknown;
	try {
		return { ...(await v2()), api: 'v2' };
	} catch (error) {
		refusal = error;
	}
	if (!isEndpointMissing(refusal)) throw refusal;
	let task = await v1();
	// A v1 submit answer holds a status but never outputs: a task that already ended is read back.
	if (task.state !== 'pending' && task.outputs.length === 0) task = await client.query(task.taskId, itemIndex);
	return { ...task, api: 'v1' };
}

/** Runs a ComfyUI workflow: v2 `run/workflow/{id}`, else v1 `task/openapi/create`. */
export async function submitWorkflowRun(
	client: RunningHubClient,
	workflowId: string,
	options: GraphRunOptions,
	itemIndex: number,
): Promise<TaskResult & { api: RunApi }> {
	const body = v2Body(options);
	return await withFallback(
		client,
		itemIndex,
		async () => await client.runWorkflow(workflowId, body, itemIndex),
		async () => await client.createTaskV1({ workflowId, ...body }, itemIndex),
	);
}

/** Runs an AI app: v2 `run/ai-app/{id}`, else v1 `task/openapi/ai-app/run`. */
export async function submitAiAppRun(
	client: RunningHubClient,
	webappId: string,
	options: GraphRunOptions,
	itemIndex: number,
): Promise<TaskResult & { api: RunApi }> {
	const body = v2Body({ ...options, addMetadata: undefined, workflow: undefined });
	return await withFallback(
		client,
		itemIndex,
		async () => await client.runAiApp(webappId, body, itemIndex),
		async () => await client.runAiAppV1(webappId, body, itemIndex),
	);
}

/**
 * Workflow and AI App runs name their graph and the endpoint that took the task (`api`) on every
 * output item that is not an error: the `lead` fields first, then the item's own, then `api`.
 * `lead` returns undefined to leave an item as it is.
 */
export function withGraphRunFields(
	items: INodeExecutionData[],
	apiByItem: Map<number, RunApi>,
	lead: (itemIndex: number) => IDataObject | undefined,
): INodeExecutionData[] {
	return items.map((item) => {
		const itemIndex = (item.pairedItem as { item?: number } | undefined)?.item;
		if (itemIndex === undefined || item.json.error !== undefined) return item;
		const fields = lead(itemIndex);
		if (!fields) return item;
		return { ...item, json: { ...fields, ...item.json, api: apiByItem.get(itemIndex) ?? null } };
	});
}
