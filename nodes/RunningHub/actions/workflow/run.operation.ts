import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../../core/api/errors';
import { BinaryUploads } from '../../../core/run/binaryRef';
import type { RunApi } from '../../../core/run/graphRun';
import { submitWorkflowRun, withGraphRunFields } from '../../../core/run/graphRun';
import { SUBMIT_OPTIONS, WAIT_FOR_COMPLETION } from '../../../core/run/submitOptions';
import { runTaskOperation } from '../../../core/run/taskOperation';
import { readPageId } from '../../../core/pageId';
import { nodeVersion } from '../../../core/version';
import { outputConveniences } from '../../../core/run/outputKinds';
import { parseWorkflowJson } from './graph';
import { workflowValue } from './fields';
import { mergeOverrides, readMappedOverrides } from '../helpers/mapped';
import type { Override } from '../helpers/overrides';
import { resolveOverrides } from '../helpers/overrides';
import { checkOverridesAgainstGraph, readWorkflowOverrides } from './nodeInputs';
import { FILE_INPUTS_NOTICE, NODE_INPUT_VALUES, NODE_INPUTS_BY_VERSION, WORKFLOW_ID_BY_VERSION, WORKFLOW_OPTIONS } from './workflow.description';

export const description = updateDisplayOptions({ show: { resource: ['workflow'], operation: ['run'] } }, [
	...WORKFLOW_ID_BY_VERSION,
	FILE_INPUTS_NOTICE,
	NODE_INPUT_VALUES,
	...NODE_INPUTS_BY_VERSION,
	WAIT_FOR_COMPLETION,
	SUBMIT_OPTIONS,
	WORKFLOW_OPTIONS,
]);

const MAPPED = { name: 'nodeInputValues', displayName: 'Node Inputs' };

interface WorkflowRun {
	workflowId: string;
	overrides: Override[];
	workflow?: string;
	instanceType?: string;
	usePersonalQueue: boolean;
	addMetadata?: boolean;
	uploadValue: 'fileName' | 'url';
}

function readRun(ctx: IExecuteFunctions, itemIndex: number): Omit<WorkflowRun, 'overrides'> & { convert: boolean; graph?: IDataObject } {
	const workflowId = readPageId(ctx, 'workflowId', 'Workflow ID', 'workflow', itemIndex);
	const options = ctx.getNodeParameter('workflowOptions', itemIndex, {}) as {
		addMetadata?: boolean;
		convertValues?: boolean;
		instanceType?: string;
		uploadValue?: 'fileName' | 'url';
		usePersonalQueue?: boolean;
		workflowJson?: unknown;
	};
	let workflow: string | undefined;
	let graph: IDataObject | undefined;
	const json = options.workflowJson;
	if (json !== undefined && json !== null && !(typeof json === 'string' && json.trim() === '')) {
		const parsed = parseWorkflowJson(json);
		if ('error' in parsed) {
			throw inputError(ctx.getNode(), {
				parameter: 'Workflow JSON',
				problem: parsed.error,
				fix: 'Paste the API-format workflow (ComfyUI → Workflow → Export (API)), or remove the option to run the saved graph.',
				itemIndex,
			});
		}
		workflow = parsed.text;
		graph = parsed.graph;
	}
	return {
		workflowId,
		workflow,
		graph,
		instanceType: options.instanceType || undefined,
		usePersonalQueue: options.usePersonalQueue ?? false,
		addMetadata: options.addMetadata,
		uploadValue: options.uploadValue === 'url' ? 'url' : 'fileName',
		convert: options.convertValues ?? true,
	};
}

/**
 * Runs a saved ComfyUI workflow with node input overrides: v2 run/workflow, or v1 create where
 * the site has no v2 endpoint. `binary:` values are uploaded first (their file name is sent).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	let uploads: BinaryUploads | undefined;
	const apiByItem = new Map<number, RunApi>();
	const items = await runTaskOperation<WorkflowRun>(this, {
		prepare: async (i) => {
			const { convert, graph, ...run } = readRun(this, i);
			const v2 = nodeVersion(this) >= 2;
			const listed = await readWorkflowOverrides(this, i, convert, v2 ? 'Node Inputs by ID' : 'Node Inputs');
			const overrides =
				v2
					? mergeOverrides(this, await readMappedOverrides(this, i, MAPPED, workflowValue(convert)), listed, i)
					: listed;
			if (graph) checkOverridesAgainstGraph(this, overrides, graph, i);
			return { ...run, overrides };
		},
		submit: async (client, run, i, options) => {
			uploads ??= new BinaryUploads(this, client);
			const nodeInfoList = await resolveOverrides(uploads, run.overrides, i, run.uploadValue);
			const task = await submitWorkflowRun(
				client,
				run.workflowId,
				{
					nodeInfoList,
					webhookUrl: options.webhookUrl,
					instanceType: run.instanceType,
					usePersonalQueue: run.usePersonalQueue,
					addMetadata: run.addMetadata,
					workflow: run.workflow,
				},
				i,
			);
			apiByItem.set(i, task.api);
			return task;
		},
		format: (task) => outputConveniences(task, 'image'),
	});
	return withGraphRunFields(items, apiByItem, (itemIndex) => ({
		workflowId: readPageId(this, 'workflowId', 'Workflow ID', 'workflow', itemIndex),
	}));
}
