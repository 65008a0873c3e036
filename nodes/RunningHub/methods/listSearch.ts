import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { modelListItems } from '../../core/catalogue';
import { RunningHubClient } from '../../core/api/client';
import { listQuickStyles } from '../../core/api/quickCreate';
import { pageIdOf } from '../../core/pageId';
import { idProblem } from '../../core/validation';
import { styleListItems } from '../actions/quickCreate/inputs';

/**
 * The model list of the Model parameter: every catalogue model whose name, endpoint, category or
 * output type contains all the words typed, grouped by category and output type.
 */
export async function searchModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return { results: modelListItems(filter ?? '') };
}

/** The styles of the Quick Create app named in AI App ID, filtered by the words typed. */
export async function searchQuickCreateStyles(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	// Text in version 1, a locator (By ID, By URL) in version 2.
	const read = pageIdOf(this.getNodeParameter('webappId', ''), 'aiApp');
	const webappId = 'id' in read ? read.id : '';
	if (idProblem(webappId) !== undefined) {
		throw new NodeOperationError(this.getNode(), 'Enter the AI App ID first (the number in the module\'s "Call API" example), then open this list again');
	}
	const styles = await listQuickStyles(new RunningHubClient(this), webappId);
	return { results: styleListItems(styles, filter ?? '') };
}
