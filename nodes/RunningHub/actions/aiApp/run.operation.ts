import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { NodeInfo } from '../../../core/api/client';
import { RunningHubClient } from '../../../core/api/client';
import { inputError } from '../../../core/api/errors';
import { BinaryUploads } from '../../../core/run/binaryRef';
import type { RunApi } from '../../../core/run/graphRun';
import { submitAiAppRun, withGraphRunFields } from '../../../core/run/graphRun';
import { SUBMIT_OPTIONS, WAIT_FOR_COMPLETION } from '../../../core/run/submitOptions';
import { runTaskOperation } from '../../../core/run/taskOperation';
import { readPageId } from '../../../core/pageId';
import { nodeVersion } from '../../../core/version';
import { outputConveniences } from '../../../core/run/outputKinds';
import { inputKey, mergeOverrides, readMappedOverrides } from '../helpers/mapped';
import type { Override } from '../helpers/overrides';
import { resolveOverrides, withBinary } from '../helpers/overrides';
import { APP_INPUT_VALUES, APP_INPUTS_BY_VERSION, APP_INPUTS_NOTICE, APP_OPTIONS, WEBAPP_ID_BY_VERSION } from './aiApp.description';
import type { AppInput } from './inputs';
import { appInputs } from './inputs';

export const description = updateDisplayOptions({ show: { resource: ['aiApp'], operation: ['run'] } }, [
	...WEBAPP_ID_BY_VERSION,
	APP_INPUTS_NOTICE,
	APP_INPUT_VALUES,
	...APP_INPUTS_BY_VERSION,
	WAIT_FOR_COMPLETION,
	SUBMIT_OPTIONS,
	APP_OPTIONS,
]);

const MAPPED = { name: 'appInputValues', displayName: 'App Inputs' };

interface AppRun {
	webappId: string;
	webappName: string | null;
	/** The app's inputs as its demo lists them (sent with their defaults unless overridden). */
	defaults: AppInput[];
	overrides: Override[];
	instanceType?: string;
	usePersonalQueue: boolean;
}

/** App values are sent as text, as the app's API call demo shows them. */
function appValue(value: unknown): unknown {
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

async function readOverrides(
	ctx: IExecuteFunctions,
	itemIndex: number,
	inputs: AppInput[],
	webappId: string,
	listName = 'App Inputs',
): Promise<Override[]> {
	const entries = ctx.getNodeParameter('appInputs.input', itemIndex, []) as Array<{ input?: unknown; value?: unknown }>;
	const known = new Map(inputs.map((input) => [input.key, input]));
	const seen = new Map<string, number>();
	const overrides: Override[] = [];
	for (let n = 0; n < entries.length; n++) {
		const key = String(entries[n]?.input ?? '').trim();
		const label = `${listName} entry ${n + 1}${key ? ` (${key})` : ''}`;
		const colon = key.lastIndexOf(':');
		if (colon <= 0 || colon === key.length - 1) {
			throw inputError(ctx.getNode(), {
				parameter: label,
				problem: key ? `"${key.slice(0, 60)}" is not nodeId:fieldName` : 'no input is chosen',
				fix: 'Choose the input from the list, or write it as nodeId:fieldName, e.g. 10:image.',
				itemIndex,
			});
		}
		if (inputs.length && !known.has(key)) {
			throw inputError(ctx.getNode(), {
				parameter: label,
				problem: `${key} is not an editable input of AI app ${webappId}`,
				fix: `Its inputs are ${inputs.map((input) => `${input.key}${input.description ? ` (${input.description})` : ''}`).join(', ')}.`,
				itemIndex,
			});
		}
		const earlier = seen.get(key);
		if (earlier !== undefined) {
			throw inputError(ctx.getNode(), {
				parameter: label,
				problem: `sets ${key} again (entry ${earlier + 1} sets it too)`,
				fix: 'Keep one entry per input.',
				itemIndex,
			});
		}
		seen.set(key, n);
		const override: Override = {
			nodeId: key.slice(0, colon),
			fieldName: key.slice(colon + 1),
			value: appValue(entries[n]?.value),
			label,
		};
		overrides.push(await withBinary(ctx, itemIndex, override));
	}
	return overrides;
}

/** The nodeInfoList: every input of the demo with its default value, overrides applied. */
function nodeInfoList(defaults: AppInput[], resolved: NodeInfo[]): NodeInfo[] {
	const byKey = new Map(resolved.map((info) => [inputKey(info.nodeId, info.fieldName), info]));
	const list: NodeInfo[] = defaults.map((input) => byKey.get(input.key) ?? { nodeId: input.nodeId, fieldName: input.fieldName, fieldValue: input.fieldValue });
	const listed = new Set(defaults.map((input) => input.key));
	for (const info of resolved) if (!listed.has(inputKey(info.nodeId, info.fieldName))) list.push(info);
	return list;
}

/**
 * Runs an AI app: its editable inputs come from its API call demo (read once per app), the
 * overrides replace their values (`binary:` values are uploaded and their file name sent), and
 * the task goes to v2 run/ai-app, or v1 ai-app/run where the site has no v2 endpoint.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const reader = new RunningHubClient(this);
	const demos = new Map<string, Promise<IDataObject>>();
	let uploads: BinaryUploads | undefined;
	const apiByItem = new Map<number, RunApi>();
	const runByItem = new Map<number, AppRun>();
	const items = await runTaskOperation<AppRun>(this, {
		prepare: async (i) => {
			const webappId = readPageId(this, 'webappId', 'AI App ID', 'aiApp', i);
			const options = this.getNodeParameter('appOptions', i, {}) as { instanceType?: string; usePersonalQueue?: boolean };
			const demo = async () => {
				let answer = demos.get(webappId);
				if (!answer) {
					answer = reader.aiAppDemo(webappId, i);
					demos.set(webappId, answer);
				}
				return await answer;
			};
			const run: AppRun = {
				webappId,
				webappName: null,
				defaults: [],
				overrides: [],
				instanceType: options.instanceType || undefined,
				usePersonalQueue: options.usePersonalQueue ?? false,
			};
			// Version 2: inputs given by node ID and field name are sent as they are, without the
			// demo; only a run that sets nothing reads it, to send the app's own values.
			if (nodeVersion(this) >= 2) {
				const mapped = await readMappedOverrides(this, i, MAPPED, appValue);
				run.overrides = mergeOverrides(this, mapped, await readOverrides(this, i, [], webappId, 'App Inputs by ID'), i);
			}
			if (nodeVersion(this) < 2 || run.overrides.length === 0) {
				const answer = await demo();
				run.webappName = typeof answer.webappName === 'string' ? answer.webappName : null;
				run.defaults = appInputs(answer);
				if (nodeVersion(this) < 2) run.overrides = await readOverrides(this, i, run.defaults, webappId);
			}
			runByItem.set(i, run);
			return run;
		},
		submit: async (client, run, i, options) => {
			uploads ??= new BinaryUploads(this, client);
			const resolved = await resolveOverrides(uploads, run.overrides, i, 'fileName');
			const task = await submitAiAppRun(
				client,
				run.webappId,
				{
					nodeInfoList: nodeInfoList(run.defaults, resolved),
					webhookUrl: options.webhookUrl,
					instanceType: run.instanceType,
					usePersonalQueue: run.usePersonalQueue,
				},
				i,
			);
			apiByItem.set(i, task.api);
			return task;
		},
		format: (task) => outputConveniences(task, 'image'),
	});
	return withGraphRunFields(items, apiByItem, (itemIndex) => {
		const run = runByItem.get(itemIndex);
		if (!run) return undefined;
		// Version 2 reads the app's name only when it reads its demo (a run that sets no input).
		return { webappId: run.webappId, ...(run.webappName !== null || nodeVersion(this) < 2 ? { webappName: run.webappName } : {}) };
	});
}
