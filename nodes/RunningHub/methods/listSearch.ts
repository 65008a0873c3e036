import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { modelListItems } from '../../core/catalogue';

/**
 * The model list of the Model parameter: every catalogue model whose name, endpoint, category or
 * output type contains all the words typed, grouped by category and output type.
 */
export async function searchModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return { results: modelListItems(filter ?? '') };
}
