import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { RunningHubClient } from '../../../core/api/client';
import { runPerItem } from '../../../core/run/items';

export const description: INodeProperties[] = [];

/** Balance, running tasks and key type, plus the concurrency limit where the site reports it. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = new RunningHubClient(this);
	return await runPerItem(this, {
		concurrency: 1,
		prepare: () => undefined,
		run: async (_prepared, itemIndex) => {
			const account = await client.account(itemIndex);
			const queue = await client.queueStatus(itemIndex);
			const json: IDataObject = {
				remainCoins: account.remainCoins,
				remainMoney: account.remainMoney,
				currency: account.currency,
				runningTasks: account.currentTaskCounts === null ? null : Number(account.currentTaskCounts),
				apiType: account.apiType,
				keyType: keyTypeLabel(account.apiType),
				...(queue
					? {
							concurrencyLimit: numberOrNull(queue.concurrentLimit),
							queue: {
								running: numberOrNull(queue.runningCount),
								queued: numberOrNull(queue.queuedCount),
								total: numberOrNull(queue.totalCurrentTasks),
							},
						}
					: {}),
			};
			return { json };
		},
	});
}

function numberOrNull(value: unknown): number | null {
	const n = Number(value);
	return value === undefined || value === null || value === '' || !Number.isFinite(n) ? null : n;
}

function keyTypeLabel(apiType: string | null): string | null {
	switch (apiType) {
		case 'NORMAL':
			return 'Member key (coins; no standard models)';
		case 'SHARED':
			return 'Enterprise shared key (wallet; all APIs)';
		case 'EXCLUSIVE':
			return 'Enterprise exclusive key (dedicated machines)';
		default:
			return apiType;
	}
}
