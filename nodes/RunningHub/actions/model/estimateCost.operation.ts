import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CostEstimate } from '../../../core/catalogue';
import { describePricing } from '../../../core/catalogue';
import { RunningHubClient } from '../../../core/api/client';
import { runPerItem } from '../../../core/run/items';
import { nodeVersion } from '../../../core/version';
import type { BatchEstimate, Billing } from './estimate';
import { batchEstimate, estimateForAccount, readBilling } from './estimate';
import { prepareModelInput } from './input';
import { estimateJson } from './output';

export const description = updateDisplayOptions({ show: { resource: ['model'], operation: ['estimateCost'] } }, []);

const NOTE =
	'An estimate from RunningHub\'s public price table; prices may change and some depend on the output length. The charged amount is in the usage of the finished task (actualCost of Model → Run).';

/**
 * Estimates what running the model with these parameters would cost, without running it or
 * uploading anything. Parameter problems are reported in `inputProblems` instead of failing.
 * From version 2 the estimate is also put in the account's terms (currency, RH coins) and a
 * batch of items gets its expected total and rounds (estimate.ts); version 1 sends no request.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const v2 = nodeVersion(this) >= 2;
	const billing: Billing | undefined = v2 ? await readBilling(new RunningHubClient(this)) : undefined;
	const estimates = new Map<number, CostEstimate | undefined>();
	let batch: BatchEstimate | undefined;
	const batchOnce = (): BatchEstimate | undefined => {
		if (!billing || estimates.size < 2) return undefined;
		batch ??= batchEstimate([...estimates.values()], billing);
		return batch;
	};
	const output = await runPerItem(this, {
		concurrency: 1,
		prepare: async (i) => {
			const prepared = await prepareModelInput(this, i, { inspectBinaries: false });
			estimates.set(i, prepared.estimate);
			return prepared;
		},
		run: async (prepared) => {
			const { model, estimate, problems } = prepared;
			const whole = batchOnce();
			return {
				json: {
					model: model.endpoint,
					modelName: model.name,
					category: model.category,
					outputType: model.output,
					estimatedCost: estimateJson(estimate),
					...(billing ? estimateForAccount(estimate, billing) : {}),
					pricing: describePricing(model.endpoint) ?? null,
					note: estimate ? NOTE : 'RunningHub publishes no usable price for this model with these parameters.',
					valid: problems.length === 0,
					inputProblems: problems.map((p) => p.message),
					...(whole ? { batchEstimate: whole } : {}),
				},
			};
		},
	});
	const whole = batchOnce();
	if (whole && typeof this.addExecutionHints === 'function') {
		try {
			this.addExecutionHints({ message: whole.text, type: 'info', location: 'outputPane' });
		} catch {
			// A hint is a courtesy; the items say the same.
		}
	}
	return output;
}
