import type { INodeType } from 'n8n-workflow';

import { searchModels, searchQuickCreateStyles } from './listSearch';
import { getAiAppFields, getWorkflowFields } from './inputMapping';
import { getAiAppInputs, getVoices } from './loadOptions';
import { getModelFields } from './resourceMapping';

/** The RunningHub node's editor methods: nothing of the catalogue is in the description itself. */
export const methods: INodeType['methods'] = {
	listSearch: { searchModels, searchQuickCreateStyles },
	loadOptions: { getAiAppInputs, getVoices },
	resourceMapping: { getModelFields, getWorkflowFields, getAiAppFields },
};
