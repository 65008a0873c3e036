import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { LATEST_NODE_VERSION, NODE_VERSIONS } from '../core/version';
import { callbackWebhook, executeCallback } from './callback';
import { executePoll } from './poll';
import { properties } from './properties';

/**
 * Waits for RunningHub tasks named by the input items: polls them (three outputs), or parks
 * the execution until RunningHub calls this execution's resume URL (one output, see callback.ts).
 */
export class RunningHubWaitForTask implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RunningHub Wait for Task',
		name: 'runningHubWaitForTask',
		icon: { light: 'file:../../icons/runninghub.svg', dark: 'file:../../icons/runninghub.dark.svg' },
		group: ['transform'],
		version: NODE_VERSIONS,
		defaultVersion: LATEST_NODE_VERSION,
		subtitle: '={{ $parameter["mode"] === "callback" ? "Resume on callback" : "Poll" }}',
		description: 'Wait for RunningHub tasks to finish: poll them, or park the execution until RunningHub calls back',
		defaults: { name: 'RunningHub Wait for Task' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ $parameter["mode"] === "callback" ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Result" }] : [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Succeeded" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Failed" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Still Running" }] }}`,
		credentials: [{ name: 'runningHubApi', required: true }],
		waitingNodeTooltip: '=Waiting for RunningHub to call back, at most {{ $parameter["timeLimitMinutes"] }} minutes',
		// The restart webhook RunningHub calls: this execution's resume URL ($execution.resumeUrl,
		// signed with ?signature= on n8n 2.3x+), path '' so that URL matches it on every version.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: '',
				restartWebhook: true,
				ndvHideUrl: true,
				ndvHideMethod: true,
			},
		],
		properties,
	};

	// A restart webhook needs no registration (n8n skips restart webhooks on activation); the
	// lifecycle is declared because every node with webhooks must have one.
	webhookMethods = {
		default: {
			async checkExists(): Promise<boolean> {
				return true;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const mode = this.getNodeParameter('mode', 0, 'poll') as string;
		return mode === 'callback' ? await executeCallback(this) : await executePoll(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await callbackWebhook(this);
	}
}
