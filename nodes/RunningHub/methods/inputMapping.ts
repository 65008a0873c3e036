/**
 * The Node Inputs resource mappers of Workflow → Run and AI App → Run (version 2): the fields are
 * read from RunningHub when the editor opens them, from the workflow's API-format graph
 * (getJsonApiFormat) or the app's API call demo (docs/runninghub-api.md §8d, §8b).
 */
import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { RunningHubClient } from '../../core/api/client';
import type { PageKind } from '../../core/pageId';
import { pageIdOf } from '../../core/pageId';
import { idProblem } from '../../core/validation';
import { appFields } from '../actions/aiApp/inputs';
import { workflowFields } from '../actions/workflow/fields';
import { readGraph, workflowNodes } from '../actions/workflow/graph';

/** The ID the node's locator holds, or the notice to show instead of fields. */
function idOrNotice(ctx: ILoadOptionsFunctions, name: string, kind: PageKind, what: string): { id: string } | ResourceMapperFields {
	const read = pageIdOf(ctx.getNodeParameter(name, ''), kind);
	if ('error' in read) return { fields: [], emptyFieldsNotice: `${what}: ${read.error}.` };
	if (read.id === '' || read.id.startsWith('=')) return { fields: [], emptyFieldsNotice: `Enter the ${what} first to load its inputs.` };
	const problem = idProblem(read.id);
	if (problem) return { fields: [], emptyFieldsNotice: `${what}: "${read.id.slice(0, 40)}" ${problem}.` };
	return { id: read.id };
}

/** One field per input of the workflow's graph that holds a value (not a link to another node). */
export async function getWorkflowFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const read = idOrNotice(this, 'workflowId', 'workflow', 'Workflow ID');
	if (!('id' in read)) return read;
	const graph = readGraph(await new RunningHubClient(this).workflowPrompt(read.id));
	if ('error' in graph) return { fields: [], emptyFieldsNotice: `RunningHub's graph of workflow ${read.id} ${graph.error}. Open the workflow on RunningHub, save it and run it once.` };
	const nodes = graph.graph && typeof graph.graph === 'object' ? workflowNodes(graph.graph as never, graph.bigIntegers) : [];
	const fields = workflowFields(nodes);
	return fields.length ? { fields } : { fields: [], emptyFieldsNotice: `Workflow ${read.id} has no node inputs to set.` };
}

/** One field per editable input of the AI app, typed from its API call demo. */
export async function getAiAppFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const read = idOrNotice(this, 'webappId', 'aiApp', 'AI App ID');
	if (!('id' in read)) return read;
	const fields = appFields(await new RunningHubClient(this).aiAppDemo(read.id));
	return fields.length ? { fields } : { fields: [], emptyFieldsNotice: `AI app ${read.id} lists no editable inputs.` };
}
