import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { SITE_BASE_URLS } from '../nodes/core/api/site';

// The test request's base URL, as an n8n expression over the credential's own fields. The site
// addresses come from the one site table the nodes use, so the test and the nodes never disagree.
const TEST_BASE_URL = `={{ $credentials.site === "custom" ? $credentials.baseUrl.replace(/\\/+$/, "") : ($credentials.site === "cn" ? ${JSON.stringify(SITE_BASE_URLS.cn)} : ${JSON.stringify(SITE_BASE_URLS.ai)}) }}`;

// n8n's editor shows a test's message only when the test fails, so naming a key that cannot call
// every API takes a failing rule. A membership (NORMAL) or exclusive key works, and n8n still saves
// the credential; Workflow, AI App, File, Task and Account run with it. But RunningHub refuses it for
// its standard models (Lip Sync, Text to Speech, Model) with code 1014, which a user would otherwise
// only find out on the first run. Saying so when the key is saved is the lesser surprise.
const STANDARD_MODELS_REFUSED =
	'Lip Sync, Text to Speech and Model → Run are refused for it (RunningHub error 1014 "Access denied: standard model API"); Workflow, AI App, File, Task and Account work. For standard models, create an enterprise shared key in the RunningHub API console.';

/**
 * One API key, one site. RunningHub keys are per site: a runninghub.cn key is refused by
 * runninghub.ai and the other way round, so the site is part of the credential.
 */
export class RunningHubApi implements ICredentialType {
	name = 'runningHubApi';

	displayName = 'RunningHub API';

	icon = { light: 'file:../icons/runninghub.svg', dark: 'file:../icons/runninghub.dark.svg' } as const;

	documentationUrl = 'https://github.com/runninghub-n8n/n8n-nodes-runninghub/blob/main/docs/credentials/RunningHubApi.md';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The 32-character key from your RunningHub API console. Standard models (lip-sync, TTS, the model catalogue) need an enterprise shared key.',
		},
		{
			displayName: 'Site',
			name: 'site',
			type: 'options',
			default: 'ai',
			options: [
				{ name: 'RunningHub.ai (International)', value: 'ai' },
				{ name: 'RunningHub.cn (China)', value: 'cn' },
				{ name: 'Custom Base URL', value: 'custom' },
			],
			description: 'The site that issued the key. A key only works on its own site.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:8787',
			required: true,
			displayOptions: { show: { site: ['custom'] } },
			description: 'A proxy or a RunningHub simulator that speaks the RunningHub API',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};

	// The account endpoint is the cheapest call that really checks the key. It answers HTTP 200
	// with a code in the body, so each refusal code gets its own rule and message.
	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: '/uc/openapi/accountStatus',
			method: 'POST',
			body: { apikey: '={{$credentials.apiKey}}' },
			json: true,
		},
		rules: [
			{
				// No result code at all (an HTML page, another service's JSON): not RunningHub.
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: undefined,
					message:
						'This is not a RunningHub API: the Base URL answered without a RunningHub result code. Check the Site or Base URL.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 802,
					message:
						'RunningHub rejected the API key (802 APIKEY_UNAUTHORIZED). Check the key, and that the Site matches where it was issued: runninghub.cn keys do not work on runninghub.ai and the other way round.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 801,
					message:
						'This RunningHub account is a free account (801): API keys need a paid membership or an enterprise key.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 811,
					message: 'RunningHub rejected the enterprise API key (811 CORPAPIKEY_INVALID). Check the key.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 806,
					message: 'RunningHub found no user for this API key (806). Check the key and the Site.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 412,
					message:
						'The base URL does not look like the RunningHub API (412 TOKEN_INVALID). Check the Site or Base URL.',
				},
			},
			{
				// The key is valid (code 0) from here on: what kind it is.
				type: 'responseSuccessBody',
				properties: {
					key: 'data.apiType',
					value: 'NORMAL',
					message: `The key works, but it is a membership key (it spends RH coins). ${STANDARD_MODELS_REFUSED}`,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data.apiType',
					value: 'EXCLUSIVE',
					message: `The key works, but it is an enterprise exclusive key (dedicated machines: turn on Use Personal Queue for workflows and AI apps). ${STANDARD_MODELS_REFUSED}`,
				},
			},
		],
	};
}
