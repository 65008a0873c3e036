import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError, redactUrlSecrets } from '../api/errors';
import { checkNumberInRange } from '../validation';
import type { PollSchedule } from '../tasks/wait';
import { DEFAULT_POLL_SCHEDULE, MAX_WAIT_SECONDS, POLL_INTERVAL_SECONDS, maxPollIntervalSecondsDefault } from '../tasks/wait';
import { defaultChangedIn, nodeVersion } from '../version';

/** Concurrency bounds, as the editor offers them (0: the key's own limit). */
const CONCURRENCY = { min: 0, max: 50, integer: true };
import { DOWNLOAD_OUTPUTS_OPTION, MAX_DOWNLOAD_SIZE_OPTION, OUTPUT_BINARY_PROPERTY_OPTION, readMaxDownloadBytes } from './outputOptions';
import { rememberWebhookSecret } from './sentSecrets';
import { SIMPLIFY_OPTION } from './simplify';
import { compactToolRun } from './tool';

/** What every submitting operation lets the user choose (read once per item). */
export interface SubmitOptions {
	waitForCompletion: boolean;
	maxWaitMs: number;
	onTimeout: 'returnTask' | 'error' | 'cancel';
	downloadOutputs: boolean;
	binaryPropertyName: string;
	webhookUrl?: string;
	concurrency: number;
	includeRaw: boolean;
	/** Version 2: the simplified task shape (see simplify.ts). */
	simplify: boolean;
	schedule: PollSchedule;
}

export const WAIT_FOR_COMPLETION: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: true,
	description:
		'Whether to wait until the task finishes and return its outputs. Turn off to return the task ID at once (then use Task → Get, the RunningHub Wait for Task node or the RunningHub Trigger).',
};

/**
 * Whether an operation's task makes media files: from version 2 those operations download their
 * files by default (Download Outputs on), because RunningHub's links expire after about a day.
 */
export type OutputsKind = 'media' | 'other';

/** The "Options" collection shared by every submitting operation. */
export function submitOptions(kind: OutputsKind): INodeProperties {
	return {
		displayName: 'Options',
		name: 'submitOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			OUTPUT_BINARY_PROPERTY_OPTION,
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 50 },
				default: 0,
				description:
					'How many items run on RunningHub at the same time. 0 uses your key\'s concurrency limit as RunningHub reports it (3 when unknown). Items beyond the limit wait for a free slot instead of failing.',
			},
			// Media operations of version 2 return the file by default: RunningHub's links expire after about 24 hours.
			...(kind === 'media' ? defaultChangedIn(2, DOWNLOAD_OUTPUTS_OPTION, true) : [DOWNLOAD_OUTPUTS_OPTION]),
			{
				displayName: 'Include Raw Response',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description: 'Whether to add RunningHub\'s raw task answer under "raw"',
			},
			MAX_DOWNLOAD_SIZE_OPTION,
			{
				displayName: 'Max Poll Interval (Seconds)',
				name: 'maxPollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 300 },
				default: 15,
				description: 'Polling starts after 2 s and slows down as the task runs longer, up to this interval. When not set: 60 s (15 s on nodes made before version 2).',
			},
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 900,
				description: 'How long to wait for the task before giving up waiting (the task keeps running on RunningHub)',
			},
			{
				displayName: 'On Timeout',
				name: 'onTimeout',
				type: 'options',
				default: 'returnTask',
				options: [
					{
						name: 'Return Task ID',
						value: 'returnTask',
						description: 'Output the item with its task ID and status, to be picked up later',
					},
					{ name: 'Fail', value: 'error', description: 'Fail the item (it still carries the task ID)' },
					{
						name: 'Cancel Task and Fail',
						value: 'cancel',
						description: 'Cancel the task on RunningHub (stops its billing), then fail the item with its task ID and final status',
					},
				],
				description: 'What to do when Max Wait passes before the task finishes',
			},
			SIMPLIFY_OPTION,
			{
				displayName: 'Send Callback to Wait for Task Node',
				name: 'callbackToResumeUrl',
				type: 'boolean',
				default: false,
				description:
					'Whether to pass this execution\'s resume URL as the webhook URL, so a later RunningHub Wait for Task node in "Resume on Callback" mode can park the execution until RunningHub calls back. Usually combined with Wait for Completion off.',
			},
			{
				displayName: 'Webhook URL',
				name: 'webhookUrl',
				type: 'string',
				// The URL carries the Trigger's secret (?secret=…): masked in the editor like a password.
				typeOptions: { password: true },
				default: '',
				placeholder: 'e.g. https://n8n.example.com/webhook/…/runninghub?secret=…',
				description: 'RunningHub posts a TASK_END event here when the task ends, e.g. the Production URL of a RunningHub Trigger',
			},
		],
	};
}

/** Options of operations whose outputs are not media files (Identify Faces, Workflow and AI App runs). */
export const SUBMIT_OPTIONS = submitOptions('other');
/** Options of media operations (Text to Speech, Lip Sync, Create Lip-Sync Video, Model → Run). */
export const MEDIA_SUBMIT_OPTIONS = submitOptions('media');

export function readSubmitOptions(ctx: IExecuteFunctions, itemIndex: number, kind: OutputsKind = 'other'): SubmitOptions {
	const raw = ctx.getNodeParameter('submitOptions', itemIndex, {}) as {
		binaryPropertyName?: string;
		concurrency?: unknown;
		downloadOutputs?: boolean;
		includeRaw?: boolean;
		simplify?: boolean;
		maxPollIntervalSeconds?: unknown;
		maxWaitSeconds?: unknown;
		onTimeout?: 'returnTask' | 'error' | 'cancel';
		callbackToResumeUrl?: boolean;
		webhookUrl?: string;
	};
	let webhookUrl = raw.webhookUrl?.trim() || undefined;
	if (raw.callbackToResumeUrl) {
		webhookUrl = String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', itemIndex));
	}
	rememberWebhookSecret(ctx, webhookUrl);
	if (webhookUrl && !/^https?:\/\//i.test(webhookUrl)) {
		throw inputError(ctx.getNode(), {
			parameter: 'Webhook URL',
			problem: `"${redactUrlSecrets(webhookUrl).slice(0, 80)}" is not an http(s) URL`,
			fix: 'Enter the full http:// or https:// URL RunningHub should post to, or leave it empty.',
			itemIndex,
		});
	}
	// Expressions can give any value: a number that is not one, or out of range, is refused.
	const number = (value: unknown, parameter: string, range: { min: number; max: number; integer?: boolean }, fallback: number) =>
		value === undefined || value === null || value === '' ? fallback : checkNumberInRange(ctx, value, parameter, itemIndex, range);
	// Checked now, before anything is paid for; the download reads it again.
	readMaxDownloadBytes(ctx.getNode(), (name) => ctx.getNodeParameter(name, itemIndex, {}), itemIndex);
	return {
		waitForCompletion: ctx.getNodeParameter('waitForCompletion', itemIndex, true) as boolean,
		maxWaitMs: number(raw.maxWaitSeconds, 'Max Wait (Seconds)', MAX_WAIT_SECONDS, 900) * 1000,
		onTimeout: raw.onTimeout ?? 'returnTask',
		// An AI Agent cannot see files: a tool run downloads only when the option is set on explicitly.
		downloadOutputs: raw.downloadOutputs ?? (kind === 'media' && nodeVersion(ctx) >= 2 && !compactToolRun(ctx)),
		binaryPropertyName: raw.binaryPropertyName?.trim() || 'data',
		webhookUrl,
		concurrency: number(raw.concurrency, 'Concurrency', CONCURRENCY, 0),
		includeRaw: raw.includeRaw ?? false,
		simplify: raw.simplify ?? true,
		schedule: {
			...DEFAULT_POLL_SCHEDULE,
			maxIntervalMs: number(raw.maxPollIntervalSeconds, 'Max Poll Interval (Seconds)', POLL_INTERVAL_SECONDS, maxPollIntervalSecondsDefault(nodeVersion(ctx))) * 1000,
		},
	};
}

/**
 * The first item's Concurrency, which applies to all items. Read leniently: a bad value there (or
 * any other bad option of that item) fails the item in prepare with its own error item, instead
 * of failing the whole node before any item is looked at.
 */
export function chosenConcurrency(ctx: IExecuteFunctions): number {
	if (!ctx.getInputData().length) return 0;
	const value = Number(ctx.getNodeParameter('submitOptions.concurrency', 0, 0));
	return Number.isFinite(value) ? value : 0;
}
