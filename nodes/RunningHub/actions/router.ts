import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as account from './account/Account.resource';
import * as aiApp from './aiApp/AiApp.resource';
import * as audio from './audio/Audio.resource';
import * as file from './file/File.resource';
import * as lipSync from './lipSync/LipSync.resource';
import * as model from './model/Model.resource';
import * as quickCreate from './quickCreate/QuickCreate.resource';
import * as task from './task/Task.resource';
import * as workflow from './workflow/Workflow.resource';
import { compactToolRun, throwIfStopped, toolErrorItems, toolItems } from '../../core/run/tool';
import type { OperationModule } from './types';

/** Every resource's operations, by resource and operation value. */
export const resources: Record<string, Record<string, OperationModule>> = {
	account: account.operations,
	aiApp: aiApp.operations,
	audio: audio.operations,
	file: file.operations,
	lipSync: lipSync.operations,
	model: model.operations,
	quickCreate: quickCreate.operations,
	task: task.operations,
	workflow: workflow.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// As an AI Agent's tool (version 2), the model gets a compact result, and errors as text it can act on.
	if (compactToolRun(this)) {
		try {
			return [toolItems(await route(this))];
		} catch (error) {
			// A Stop is the user's, not an error for the agent to work around (it would call the tool again).
			throwIfStopped(this, error);
			const items = toolErrorItems(error);
			// The run shows as succeeded (the agent got the error as its result): say so where the user looks.
			try {
				this.addExecutionHints({ message: `The agent was told: ${String(items[0].json.error)}`, type: 'warning', location: 'outputPane' });
			} catch {
				// A hint is a courtesy; the agent still gets the error.
			}
			return [items];
		}
	}
	return [await route(this)];
}

async function route(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const module = resources[resource]?.[operation];
	if (!module) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return await module.execute.call(ctx);
}
