import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { LATEST_NODE_VERSION, NODE_VERSIONS } from '../core/version';
import { MIN_SECRET_LENGTH } from '../core/webhooks/secret';
import { handleDelivery } from './delivery';
import { DOWNLOAD_OUTPUTS_OPTION, MAX_DOWNLOAD_SIZE_OPTION, OUTPUT_BINARY_PROPERTY_OPTION } from '../core/run/outputOptions';

/**
 * Starts a workflow when RunningHub posts a task event. RunningHub has no API to register
 * webhooks (each task carries its own webhookUrl), so the lifecycle is trivial and the user
 * pastes the URL; deliveries are unsigned, so they are authenticated with a secret in the URL
 * and, by default, re-read through the API before anything is emitted (see delivery.ts).
 */
export class RunningHubTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RunningHub Trigger',
		name: 'runningHubTrigger',
		icon: { light: 'file:../../icons/runninghub.svg', dark: 'file:../../icons/runninghub.dark.svg' },
		group: ['trigger'],
		version: NODE_VERSIONS,
		defaultVersion: LATEST_NODE_VERSION,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when a RunningHub task succeeds or fails',
		defaults: { name: 'RunningHub Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// No displayOptions here: n8n's editor takes a parameter named in the credential's
		// displayOptions for the node's auth field and hides it, which hid Verify with API.
		credentials: [{ name: 'runningHubApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'runninghub',
			},
		],
		properties: [
			{
				displayName:
					'Activate the workflow, then give RunningHub this node\'s <b>Production URL</b> followed by <code>?secret=</code> and the Secret below, e.g. <code>https://n8n.example.com/webhook/…/runninghub?secret=…</code>. Paste it into the Webhook URL option of the RunningHub node (or the webhookUrl of a task you submit elsewhere): RunningHub has no webhook settings page, each task names its own URL. Deliveries without the right secret are refused (401) and start nothing.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Secret',
				name: 'secret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				required: true,
				placeholder: 'e.g. a 32-character random value from a password generator',
				description: `Shared secret that must appear in the delivery URL as ?secret=…, at least ${MIN_SECRET_LENGTH} characters. Use a long random value (e.g. openssl rand -hex 32); changing it invalidates URLs already given to RunningHub.`,
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Task Failed', value: 'failed', description: 'A task failed or was cancelled' },
					{ name: 'Task Succeeded', value: 'succeeded', description: 'A task finished with outputs' },
				],
				default: ['succeeded', 'failed'],
				required: true,
				description: 'Which task events start the workflow; other events are acknowledged and ignored',
			},
			{
				displayName: 'Verify with API',
				name: 'verifyWithApi',
				type: 'boolean',
				default: true,
				description:
					'Whether to re-read each task through the RunningHub API before starting the workflow (recommended: deliveries are not signed). Deliveries for tasks the credential does not know start nothing. Turned off, the workflow gets what the delivery says.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					OUTPUT_BINARY_PROPERTY_OPTION,
					DOWNLOAD_OUTPUTS_OPTION,
					{
						displayName: 'Duplicate Window (Minutes)',
						name: 'duplicateWindowMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 60,
						description: 'A task that was delivered within this time is not delivered again (RunningHub retries deliveries). A Resend Webhook within the window is dropped too. 0 turns this off.',
					},
					{
						displayName: 'Include Delivery',
						name: 'includeDelivery',
						type: 'boolean',
						default: false,
						description: 'Whether to add what RunningHub posted (the parsed event data) under "delivery"',
					},
					MAX_DOWNLOAD_SIZE_OPTION,
				],
			},
		],
	};

	// RunningHub has no webhook registration API: nothing to check, create or delete.
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

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery(this);
	}
}
