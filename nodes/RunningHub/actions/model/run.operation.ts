import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { BinaryUploads } from '../../../core/run/binaryRef';
import { MEDIA_SUBMIT_OPTIONS, WAIT_FOR_COMPLETION } from '../../../core/run/submitOptions';
import { runTaskOperation } from '../../../core/run/taskOperation';
import { outputConveniences } from '../../../core/run/outputKinds';
import { nodeVersion } from '../../../core/version';
import type { PreparedModelInput } from './input';
import { prepareModelInput, problemsError, resolveBinaryFields } from './input';
import { actualCost, estimateJson } from './output';

export const description = updateDisplayOptions({ show: { resource: ['model'], operation: ['run'] } }, [
	WAIT_FOR_COMPLETION,
	MEDIA_SUBMIT_OPTIONS,
]);

/**
 * Runs a catalogue model: every item is validated against the model's parameters first, then
 * `binary:` inputs are uploaded, the task submitted and (by default) waited for. Each output
 * carries the estimated cost, the actual cost from the task's usage and output URLs by kind.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	let uploads: BinaryUploads | undefined;
	const v2 = nodeVersion(this) >= 2;
	const preparedByItem = new Map<number, PreparedModelInput>();
	const items = await runTaskOperation<PreparedModelInput>(this, {
		prepare: async (i) => {
			const prepared = await prepareModelInput(this, i, { inspectBinaries: true });
			if (prepared.problems.length) throw problemsError(this, prepared.model, prepared.problems, i);
			preparedByItem.set(i, prepared);
			return prepared;
		},
		submit: async (client, prepared, i, options) => {
			uploads ??= new BinaryUploads(this, client);
			const body: IDataObject = {
				...(await resolveBinaryFields(uploads, prepared, i)),
				...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
			};
			// n8n sends no body at all for an empty object; a model without parameters still gets `{}`.
			const payload = Object.keys(body).length ? body : ('{}' as unknown as IDataObject);
			return await client.submitModel(prepared.model.endpoint, payload, i);
		},
		outputs: 'media',
		format: (task, prepared) => {
			// Version 2 states the cost once, as `cost` and `currency` (simplify.ts).
			if (v2) return prepared.model.output === '3d' ? outputConveniences(task, '3d') : {};
			const cost = actualCost(task.usage);
			return { ...outputConveniences(task, prepared.model.output), ...(cost ? { actualCost: cost } : {}) };
		},
	});
	return items.map((item) => {
		const itemIndex = (item.pairedItem as IPairedItemData | undefined)?.item;
		const prepared = itemIndex === undefined ? undefined : preparedByItem.get(itemIndex);
		if (!prepared || item.json.error !== undefined) return item;
		const json: IDataObject = {
			model: prepared.model.endpoint,
			modelName: prepared.model.name,
			outputType: prepared.model.output,
			...item.json,
			...(v2 && !prepared.estimate ? {} : { estimatedCost: estimateJson(prepared.estimate) }),
		};
		return { ...item, json };
	});
}
