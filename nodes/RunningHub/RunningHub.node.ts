import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account/Account.resource';
import * as aiApp from './actions/aiApp/AiApp.resource';
import * as audio from './actions/audio/Audio.resource';
import * as file from './actions/file/File.resource';
import * as lipSync from './actions/lipSync/LipSync.resource';
import * as model from './actions/model/Model.resource';
import { router } from './actions/router';
import * as task from './actions/task/Task.resource';
import * as workflow from './actions/workflow/Workflow.resource';
import { LATEST_NODE_VERSION, NODE_VERSIONS } from '../core/version';
import { methods } from './methods';
import { SUBTITLE } from './subtitle';

export class RunningHub implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RunningHub',
		name: 'runningHub',
		icon: { light: 'file:../../icons/runninghub.svg', dark: 'file:../../icons/runninghub.dark.svg' },
		group: ['transform'],
		version: NODE_VERSIONS,
		defaultVersion: LATEST_NODE_VERSION,
		subtitle: SUBTITLE,
		description: 'Lip-sync, text to speech, uploads and every RunningHub model, ComfyUI workflow and AI app',
		defaults: { name: 'RunningHub' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'runningHubApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'AI App', value: 'aiApp' },
					{ name: 'Audio', value: 'audio' },
					{ name: 'File', value: 'file' },
					{ name: 'Lip Sync', value: 'lipSync' },
					{ name: 'Model', value: 'model' },
					{ name: 'Task', value: 'task' },
					{ name: 'Workflow', value: 'workflow' },
				],
				default: 'lipSync',
			},
			...lipSync.description,
			...audio.description,
			...file.description,
			...model.description,
			...workflow.description,
			...aiApp.description,
			...task.description,
			...account.description,
		],
	};

	methods = methods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
