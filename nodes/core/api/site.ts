import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** The credential type every RunningHub node authenticates with. */
export const CREDENTIAL_TYPE = 'runningHubApi';

export type Site = 'ai' | 'cn' | 'custom';

export const SITE_BASE_URLS: Record<Exclude<Site, 'custom'>, string> = {
	ai: 'https://www.runninghub.ai',
	cn: 'https://www.runninghub.cn',
};

export interface RunningHubCredentials {
	apiKey: string;
	site: Site;
	baseUrl?: string;
}

export function toCredentials(data: ICredentialDataDecryptedObject): RunningHubCredentials {
	return {
		apiKey: String(data.apiKey ?? '').trim(),
		site: (data.site as Site) ?? 'ai',
		baseUrl: typeof data.baseUrl === 'string' ? data.baseUrl : undefined,
	};
}

/** Base URL without a trailing slash; a custom URL (simulator, proxy) wins when the site is "custom". */
export function baseUrlOf(credentials: RunningHubCredentials): string {
	const url =
		credentials.site === 'custom' ? (credentials.baseUrl ?? '') : SITE_BASE_URLS[credentials.site];
	return url.replace(/\/+$/, '');
}

/** A human name for the site, used in error messages ("rejected by runninghub.cn"). */
export function siteLabel(credentials: RunningHubCredentials): string {
	if (credentials.site === 'custom') return baseUrlOf(credentials) || 'the custom base URL';
	return credentials.site === 'cn' ? 'runninghub.cn' : 'runninghub.ai';
}

/** Where a user can look a task up by hand when the node could not tell its outcome. */
export function taskPageUrl(credentials: RunningHubCredentials, taskId: string): string {
	const base = credentials.site === 'custom' ? SITE_BASE_URLS.ai : baseUrlOf(credentials);
	return `${base}/call-api/call-record-detail/${taskId}`;
}
