/**
 * Quick Create (docs/runninghub-api.md §8e): an AI app's model-library module, run with a style
 * from the app's style list. The style list is free; the run is a paid v1 submit.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RunningHubClient } from './client';
import { QUICK_RUN_ENDPOINT } from './client';
import { apiError } from './errors';
import type { TaskResult } from '../tasks/task';
import { taskFromV2 } from '../tasks/task';

/** One LoRA a style loads. */
export interface StyleLora {
	fileName: string;
	weight: number | null;
}

/** A style of a Quick Create app, in the package's words. */
export interface QuickStyle {
	id: string;
	name: string;
	/** `modelKey`, e.g. `input1`: the value the module's style input takes. */
	key: string;
	previewUrl: string | null;
	/** `modelTrigger`: words that call up the style in a prompt. */
	triggerWords: string;
	/** `content`: the style's sample prompt. */
	samplePrompt: string;
	category: number | null;
	loras: StyleLora[];
}

/** One entry of a Quick Create nodeInfoList: all six fields are required (§8e). */
export interface QuickNodeInfo {
	nodeId: string;
	nodeName: string;
	fieldName: string;
	fieldType: string;
	fieldValue: unknown;
	description: string;
}


const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());
const numberOrNull = (value: unknown): number | null => {
	if (value === undefined || value === null || value === '') return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
};

/** The styles of a style-list answer (`data`); entries without an ID are skipped, "Loar" is RunningHub's spelling. */
export function quickStyles(data: unknown): QuickStyle[] {
	const list = Array.isArray(data) ? (data as unknown[]) : [];
	const styles: QuickStyle[] = [];
	for (const raw of list) {
		if (!raw || typeof raw !== 'object') continue;
		const s = raw as IDataObject;
		const id = text(s.id);
		if (!id) continue;
		const loras: StyleLora[] = [];
		for (const n of [1, 2]) {
			const fileName = text(s[`modelLoar${n}FileName`]);
			if (fileName) loras.push({ fileName, weight: numberOrNull(s[`modelLoar${n}Weight`]) });
		}
		styles.push({
			id,
			name: text(s.modelName) || `Style ${id}`,
			key: text(s.modelKey),
			previewUrl: text(s.modelPreviewUrl) || null,
			triggerWords: text(s.modelTrigger),
			samplePrompt: text(s.content),
			category: numberOrNull(s.modelCategory),
			loras,
		});
	}
	return styles;
}

/** The styles of an app (`type` 2: the model-library styles). The key goes both ways: how it authenticates is undocumented. */
export async function listQuickStyles(client: RunningHubClient, webappId: string, itemIndex?: number): Promise<QuickStyle[]> {
	const data = await client.quickStyleList(webappId, itemIndex);
	return quickStyles(data);
}

/** The paid submit: v1 envelope with `data.taskId`; the task is then read like any other. */
export async function submitQuickCreate(
	client: RunningHubClient,
	body: { webappId: string; quickCreateCode: string; nodeInfoList: QuickNodeInfo[]; webhookUrl?: string },
	itemIndex: number,
): Promise<TaskResult> {
	const data = await client.quickCreateRun(
		{
			webappId: body.webappId,
			quickCreateCode: body.quickCreateCode,
			nodeInfoList: body.nodeInfoList as unknown as IDataObject[],
			// Not in the Quick Create page; the other v1 run endpoints take it (§12). Sent only when asked for.
			...(body.webhookUrl ? { webhookUrl: body.webhookUrl } : {}),
		},
		itemIndex,
	);
	const d = (data ?? {}) as IDataObject;
	const taskId = text(d.taskId);
	if (!taskId) {
		throw apiError(client.transport.node, {
			endpoint: QUICK_RUN_ENDPOINT,
			itemIndex,
			message: 'RunningHub accepted the submit but returned no task ID',
			hint: 'Check your task list on RunningHub before running this item again: the task may exist.',
			unknownOutcome: { at: new Date().toISOString() },
		});
	}
	let task = taskFromV2(client.transport.node, { taskId, status: text(d.taskStatus) || 'CREATE' }, '', itemIndex);
	// A v1 submit answer holds a status but never outputs: a task that already ended is read back.
	if (task.state !== 'pending' && task.outputs.length === 0) task = await client.query(taskId, itemIndex);
	return task;
}
