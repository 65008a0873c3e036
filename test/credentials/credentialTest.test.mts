// The credential's test request and rules, played against the simulator the way n8n plays them:
// the test request is sent, then the first rule whose body key equals its value fails the test with
// its message; no rule matching means "Connection successful". (The e2e scenarios
// credential-test-ok / credential-test-fail run the same through real n8n.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { RunningHubApi } from '../../credentials/RunningHubApi.credentials.ts';
import fc from 'fast-check';

import { baseUrlOf, SITE_BASE_URLS, type Site } from '../../nodes/core/api/site.ts';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';

const credential = new RunningHubApi();
let sim: Simulator;

before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 60_000, quiet: true });
});
after(async () => {
	await sim.close();
});

/** The value at a dotted path, as lodash's get (n8n's rule lookup) reads it. */
function at(body: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), body);
}

/** The base URL expression evaluated for these credential fields (it is plain JavaScript inside {{ }}). */
function baseUrlFor(fields: { site: string; baseUrl?: string }): string {
	const expression = String(credential.test.request.baseURL);
	const code = expression.replace(/^=\{\{/, '').replace(/\}\}$/, '');
	return new Function('$credentials', `return (${code});`)(fields) as string;
}

async function testKey(apiKey: string, baseUrl = sim.url): Promise<{ status: 'OK' | 'Error'; message?: string }> {
	const { url, method, body } = credential.test.request;
	const response = await fetch(`${baseUrlFor({ site: 'custom', baseUrl })}${url}`, {
		method,
		headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
		body: JSON.stringify({ ...(body as object), apikey: apiKey }),
	});
	const answer = await response.json().catch(() => ({}));
	for (const rule of credential.test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		if (at(answer, rule.properties.key) === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK' };
}

describe('credential test', () => {
	it('passes an enterprise shared key on either site', async () => {
		assert.deepEqual(await testKey(SIM_KEYS.aiShared), { status: 'OK' });
		assert.deepEqual(await testKey(SIM_KEYS.cnShared, sim.cnUrl), { status: 'OK' });
	});

	it('says a membership key works but cannot run standard models (1014), and what still works', async () => {
		for (const key of [SIM_KEYS.aiNormal, SIM_KEYS.cnNormal]) {
			const result = await testKey(key, key === SIM_KEYS.cnNormal ? sim.cnUrl : sim.url);
			assert.equal(result.status, 'Error');
			assert.match(result.message ?? '', /^The key works, but it is a membership key/);
			assert.match(result.message ?? '', /1014/);
			assert.match(result.message ?? '', /Lip Sync/);
			assert.match(result.message ?? '', /Workflow, AI App/);
			assert.match(result.message ?? '', /enterprise shared key/);
		}
	});

	it('says an exclusive key works but cannot run standard models (1014)', async () => {
		const result = await testKey(SIM_KEYS.aiExclusive);
		assert.equal(result.status, 'Error');
		assert.match(result.message ?? '', /^The key works, but it is an enterprise exclusive key.*1014/s);
	});

	it('names the key problem for a wrong key, a free account and a .cn key on .ai', async () => {
		assert.match((await testKey('sim0wrong0key000000000000000000x')).message ?? '', /802/);
		assert.match((await testKey(SIM_KEYS.aiFree)).message ?? '', /free account \(801\)/);
		assert.match((await testKey(SIM_KEYS.cnShared)).message ?? '', /802.*Site/s);
	});

	it('the key-type rules only fire on an accepted key: every refusal code comes before them', () => {
		const rules = credential.test.rules ?? [];
		const firstKeyType = rules.findIndex((r) => r.type === 'responseSuccessBody' && r.properties.key === 'data.apiType');
		const lastCode = rules.map((r) => (r.type === 'responseSuccessBody' ? r.properties.key : '')).lastIndexOf('code');
		assert.ok(firstKeyType > lastCode);
	});

	it('tests against the sites of the nodes\' own site table, and a custom URL without its trailing slashes', () => {
		assert.equal(baseUrlFor({ site: 'ai' }), SITE_BASE_URLS.ai);
		assert.equal(baseUrlFor({ site: 'cn' }), SITE_BASE_URLS.cn);
		assert.equal(baseUrlFor({ site: 'custom', baseUrl: 'http://127.0.0.1:8787//' }), 'http://127.0.0.1:8787');
	});

	it('the test request and the nodes reach the same base URL for every site and any custom URL', () => {
		fc.assert(
			fc.property(fc.constantFrom<Site>('ai', 'cn', 'custom'), fc.webUrl(), fc.stringMatching(/^\/{0,3}$/), (site, url, slashes) => {
				const fields = { site, baseUrl: url + slashes };
				assert.equal(baseUrlFor(fields), baseUrlOf({ apiKey: 'k', ...fields }));
			}),
		);
	});

	it('a saved credential keeps its fields: the property names and site values are unchanged', () => {
		assert.deepEqual(credential.properties.map((p) => p.name), ['apiKey', 'site', 'baseUrl']);
		const site = credential.properties.find((p) => p.name === 'site');
		assert.deepEqual(site?.options?.map((o) => ('value' in o ? o.value : undefined)), ['ai', 'cn', 'custom']);
	});
});
