import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * One API key, one site. RunningHub keys are per site: a runninghub.cn key is refused by
 * runninghub.ai and the other way round, so the site is part of the credential.
 */
export class RunningHubApi implements ICredentialType {
	name = 'runningHubApi';

	displayName = 'RunningHub API';

	icon = { light: 'file:../icons/runninghub.svg', dark: 'file:../icons/runninghub.dark.svg' } as const;

	documentationUrl = 'https://www.runninghub.ai/runninghub-api-doc-en/';

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
			baseURL:
				'={{ $credentials.site === "custom" ? $credentials.baseUrl.replace(/\\/+$/, "") : ($credentials.site === "cn" ? "https://www.runninghub.cn" : "https://www.runninghub.ai") }}',
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
		],
	};
}
