import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RunningHubClient } from '../../../core/api/client';
import { runPerItem } from '../../../core/run/items';
import { readPageId } from '../../../core/pageId';
import { WEBAPP_ID_BY_VERSION } from './aiApp.description';
import { appInputs } from './inputs';

export const description = updateDisplayOptions({ show: { resource: ['aiApp'], operation: ['getInputs'] } }, WEBAPP_ID_BY_VERSION);

/** The app's name and editable inputs (node, field, type, current value, description), from its API call demo. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = new RunningHubClient(this);
	return await runPerItem(this, {
		concurrency: 3,
		prepare: (i) => readPageId(this, 'webappId', 'AI App ID', 'aiApp', i),
		run: async (webappId, i) => {
			const demo = await client.aiAppDemo(webappId, i);
			const inputs = appInputs(demo);
			const covers = Array.isArray(demo.covers) ? (demo.covers as IDataObject[]) : [];
			const cover = covers.find((c) => c && typeof c === 'object' && typeof c.url === 'string');
			return {
				json: {
					webappId,
					webappName: typeof demo.webappName === 'string' ? demo.webappName : null,
					inputCount: inputs.length,
					inputs: inputs as unknown as IDataObject[],
					...(cover ? { coverUrl: cover.url as string } : {}),
				},
			};
		},
	});
}
