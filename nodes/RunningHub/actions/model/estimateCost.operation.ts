import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { describePricing } from '../../../core/catalogue';
import { runPerItem } from '../../../core/run/items';
import { prepareModelInput } from './input';
import { estimateJson } from './output';

export const description = updateDisplayOptions({ show: { resource: ['model'], operation: ['estimateCost'] } }, []);

const NOTE =
	'An estimate from RunningHub\'s public price table; prices may change and some depend on the output length. The charged amount is in the usage of the finished task (actualCost of Model → Run).';

/**
 * Estimates what running the model with these parameters would cost, without running it or
 * uploading anything. Parameter problems are reported in `inputProblems` instead of failing.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPerItem(this, {
		concurrency: 1,
		prepare: async (i) => await prepareModelInput(this, i, { inspectBinaries: false }),
		run: async (prepared) => {
			const { model, estimate, problems } = prepared;
			return {
				json: {
					model: model.endpoint,
					modelName: model.name,
					category: model.category,
					outputType: model.output,
					estimatedCost: estimateJson(estimate),
					pricing: describePricing(model.endpoint) ?? null,
					note: estimate ? NOTE : 'RunningHub publishes no usable price for this model with these parameters.',
					valid: problems.length === 0,
					inputProblems: problems.map((p) => p.message),
				},
			};
		},
	});
}
