import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RunningHubClient } from '../../../core/api/client';
import { listQuickStyles } from '../../../core/api/quickCreate';
import { runPerItem } from '../../../core/run/items';
import { readPageId } from '../../../core/pageId';
import { QUICK_APP_ID_BY_VERSION } from './quickCreate.description';

export const description = updateDisplayOptions({ show: { resource: ['quickCreate'], operation: ['getStyles'] } }, QUICK_APP_ID_BY_VERSION);

/** The app's model-library styles: ID, name, key, preview URL, trigger words, sample prompt and LoRAs. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = new RunningHubClient(this);
	return await runPerItem(this, {
		concurrency: 3,
		prepare: (i) => readPageId(this, 'webappId', 'AI App ID', 'aiApp', i),
		run: async (webappId, i) => {
			const styles = await listQuickStyles(client, webappId, i);
			return { json: { webappId, styleCount: styles.length, styles: styles as unknown as IDataObject[] } };
		},
	});
}
