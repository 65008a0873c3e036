/**
 * RunningHub's API does not redirect. A followed redirect would re-send a POST (307/308) with the
 * API key in its body to whatever host the Location names, plain http included, and a paid
 * submit with it: API calls never follow one; the answer is an error that names where it pointed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { IHttpRequestOptions } from 'n8n-workflow';

import { RunningHubClient } from '../../nodes/core/api/client.ts';
import { NODE } from './scripted.mts';

const KEY = 'k'.repeat(32);

function redirectingClient(status: number, location: string) {
	const sent: IHttpRequestOptions[] = [];
	const ctx = {
		getNode: () => NODE,
		getCredentials: async <T,>() => ({ apiKey: KEY, site: 'custom', baseUrl: 'https://rh.test' }) as T,
		helpers: {
			async httpRequestWithAuthentication(_type: string, o: IHttpRequestOptions) {
				sent.push(o);
				return { statusCode: status, headers: { location }, body: '' };
			},
		},
	};
	const client = new RunningHubClient(ctx, { now: () => 0, sleep: async () => {}, random: () => 0.5 });
	return { client, sent };
}

describe('API calls and redirects', () => {
	it('a submit answered with a redirect is sent once, never followed, and fails naming the redirect; no key in the error', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(301, 302, 303, 307, 308), fc.constantFrom('http://evil.test/x', 'https://other.test/openapi/v2/run', '/elsewhere'), async (status, location) => {
				const { client, sent } = redirectingClient(status, location);
				const error = await client.submitModel('rhart-image-n-pro/text-to-image', { prompt: 'a cat' }, 0).then(
					() => assert.fail('a redirect is no task'),
					(e: Error & { description?: string }) => e,
				);
				assert.equal(sent.length, 1, 'one request, no resend');
				assert.equal(sent[0].disableFollowRedirect, true);
				assert.match(`${error.message} ${error.description ?? ''}`, /redirect/i);
				assert.ok(!JSON.stringify({ m: error.message, d: error.description }).includes(KEY));
			}),
			{ numRuns: 20 },
		);
	});

	it('reads and key-in-body calls do not follow redirects either', async () => {
		const { client, sent } = redirectingClient(307, 'http://evil.test/');
		await assert.rejects(client.account(0));
		await assert.rejects(client.aiAppDemo('1937084629516193794', 0));
		assert.ok(sent.length >= 2);
		for (const o of sent) assert.equal(o.disableFollowRedirect, true, String(o.url));
	});
});
