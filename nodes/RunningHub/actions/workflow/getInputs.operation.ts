import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RunningHubClient } from '../../../core/api/client';
import { runPerItem } from '../../../core/run/items';
import { readPageId } from '../../../core/pageId';
import { inputError } from '../../../core/api/errors';
import { readGraph, workflowNodes } from './graph';
import { WORKFLOW_ID_BY_VERSION } from './workflow.description';

const properties: INodeProperties[] = [
	...WORKFLOW_ID_BY_VERSION,
	{
		displayName: 'Options',
		name: 'getInputsOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Workflow JSON',
				name: 'includeWorkflowJson',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the whole API-format workflow as text under "workflowJson", e.g. to change it and pass it to Run → Workflow JSON',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['workflow'], operation: ['getInputs'] } }, properties);

/**
 * Reads a workflow's API-format graph and lists its nodes, each with the inputs a run can set
 * (node ID, class type, title, field names and current values). One output item per workflow.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = new RunningHubClient(this);
	return await runPerItem(this, {
		concurrency: 3,
		prepare: (i) => ({
			workflowId: readPageId(this, 'workflowId', 'Workflow ID', 'workflow', i),
			includeJson: (this.getNodeParameter('getInputsOptions.includeWorkflowJson', i, false) as boolean) === true,
		}),
		run: async ({ workflowId, includeJson }, i) => {
			const read = readGraph(await client.workflowPrompt(workflowId, i));
			if ('error' in read) {
				throw inputError(this.getNode(), {
					parameter: 'Workflow ID',
					problem: `RunningHub's API-format graph of workflow ${workflowId} ${read.error}`,
					fix: 'Open the workflow on RunningHub, save it and run it once, then try again.',
					itemIndex: i,
				});
			}
			const graph = (read.graph && typeof read.graph === 'object' ? read.graph : {}) as IDataObject;
			const nodes = workflowNodes(graph, read.bigIntegers);
			const json: IDataObject = {
				workflowId,
				nodeCount: nodes.length,
				nodes: nodes.map((node) => ({
					nodeId: node.nodeId,
					classType: node.classType,
					title: node.title,
					fields: node.fields.map((field) => ({ fieldName: field.fieldName, value: field.value, type: field.type })),
					connectedInputs: node.connectedInputs,
				})) as unknown as IDataObject[],
				...(includeJson ? { workflowJson: read.text } : {}),
			};
			return { json };
		},
	});
}
