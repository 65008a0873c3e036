import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { RunningHubClient } from '../../core/api/client';
import { pageIdOf } from '../../core/pageId';
import { idProblem } from '../../core/validation';
import { siteOf } from '../../core/lipSync/voices';
import { appInputOptions, appInputs } from '../actions/aiApp/inputs';
import { voiceOptionsFor } from '../actions/helpers/voice';

/** The Kling voices (version 2), the credential's site's language first. */
export async function getVoices(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	let credentials;
	try {
		credentials = await this.getCredentials('runningHubApi');
	} catch {
		credentials = undefined;
	}
	return voiceOptionsFor(siteOf(credentials));
}

/** The editable inputs of the AI app named in AI App ID, from its API call demo. */
export async function getAiAppInputs(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const read = pageIdOf(this.getNodeParameter('webappId', ''), 'aiApp');
	const webappId = 'id' in read ? read.id : '';
	if (idProblem(webappId) !== undefined) {
		throw new NodeOperationError(this.getNode(), 'Enter the AI App ID first (the number in the app page URL), then open this list again');
	}
	const demo = await new RunningHubClient(this).aiAppDemo(webappId);
	return appInputOptions(appInputs(demo));
}
