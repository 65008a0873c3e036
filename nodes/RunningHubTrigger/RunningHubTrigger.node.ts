import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { changedIn, LATEST_NODE_VERSION, NODE_VERSIONS, nodeVersion } from '../core/version';
import { MIN_SECRET_LENGTH, PATH_SECRET_CHARACTERS, pathSecretProblem, TRIGGER_WEBHOOK_PATH } from '../core/webhooks/secret';
import { handleDelivery } from './delivery';
import { DOWNLOAD_OUTPUTS_OPTION, MAX_DOWNLOAD_SIZE_OPTION, OUTPUT_BINARY_PROPERTY_OPTION } from '../core/run/outputOptions';

/**
 * Starts a workflow when RunningHub posts a task event. RunningHub has no API to register
 * webhooks (each task carries its own webhookUrl), so the lifecycle is trivial and the user
 * pastes the URL; deliveries are unsigned, so they are authenticated with a secret in the URL
 * and, by default, re-read through the API before anything is emitted (see delivery.ts).
 * Version 1: the URL is n8n's `.../runninghub` plus `?secret=` typed by hand. Version 2: the
 * secret is the webhook path's last segment, so the URL n8n shows is complete.
 */
const TEST_EVENT_HELP =
	'<b>To send a test event</b>, click <b>Listen for test event</b>, then either run a RunningHub node with this node\'s <b>Test URL</b> in its Webhook URL option, or run <b>Task → Resend Webhook</b> for a task that has ended, with the Test URL as New Webhook URL. Each listen takes one event.';

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
				path: TRIGGER_WEBHOOK_PATH,
			},
		],
		// The trigger panel's texts (n8n's own speak of "an event in RunningHub", which the user
		// cannot make: a task's events go to the URL the task was submitted with).
		triggerPanel: {
			header: 'Receive RunningHub task events',
			executionsHelp: {
				inactive: TEST_EVENT_HELP + '<br /><br /><b>Once the workflow works</b>, publish it and give tasks the <b>Production URL</b>: every task that ends then starts an execution, shown in the Executions list.',
				active: TEST_EVENT_HELP + '<br /><br /><b>The workflow is published</b>: every task submitted with the <b>Production URL</b> starts an execution when it ends, shown in the Executions list.',
			},
			activationHint: {
				inactive: 'Once you have finished building the workflow, publish it and give tasks the Production URL.',
				active: 'Tasks submitted with the Production URL also start this workflow (those executions are not shown here).',
			},
		},
		properties: [
			// Version 2: the Secret is the URL's last segment, so the notice and the Secret's help say so.
			...changedIn(
				2,
				{
					displayName:
						'Publish the workflow, then give RunningHub this node\'s <b>Production URL</b> followed by <code>?secret=</code> and the Secret below, e.g. <code>https://n8n.example.com/webhook/…/runninghub?secret=…</code>. Paste it into the Webhook URL option of the RunningHub node (or the webhookUrl of a task you submit elsewhere): RunningHub has no webhook settings page, each task names its own URL. Deliveries without the right secret are refused (401) and start nothing.',
					name: 'notice',
					type: 'notice',
					default: '',
				},
				{
					displayName:
						'Publish the workflow, then copy this node\'s <b>Production URL</b> (Webhook URLs, above): it ends with your Secret and is the whole URL. Paste it into the <b>Webhook URL</b> option of the RunningHub node (or the webhookUrl of a task you submit elsewhere): RunningHub has no webhook settings page, each task names its own URL.<br /><br />' + TEST_EVENT_HELP + ' Deliveries to any other URL start nothing.',
				},
			),
			...changedIn(
				2,
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
					placeholder: 'e.g. the output of openssl rand -hex 32',
					description: `Shared secret, the last part of the webhook URL: at least ${MIN_SECRET_LENGTH} characters, only ${PATH_SECRET_CHARACTERS}. Use a long random value (e.g. openssl rand -hex 32); changing it changes the URL, so URLs already given to RunningHub stop working.`,
				},
			),
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

	// RunningHub has no webhook registration API: nothing to create or delete. n8n asks
	// checkExists when the workflow is published or listens for a test event: from version 2 a
	// Secret that cannot be the URL's last part stops that with a message, not a dead URL.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (nodeVersion(this) >= 2) {
					const problem = pathSecretProblem(String(this.getNodeParameter('secret', '') ?? ''));
					if (problem) {
						throw new NodeOperationError(this.getNode(), `The Secret cannot be used: ${problem}`, {
							description: 'Set a Secret of random letters and digits, e.g. the output of openssl rand -hex 32, then publish or listen again.',
						});
					}
				}
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
