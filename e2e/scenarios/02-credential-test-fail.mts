// n8n's credential test refuses a wrong key and a .cn key used on the .ai site, with the
// credential's own message for RunningHub's 802 APIKEY_UNAUTHORIZED, and names a membership key
// (valid, but refused for standard models with 1014) in the message n8n's editor shows.
import assert from 'node:assert/strict';

import { credentialData, type Backend } from '../lib/instance.mjs';
import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'credential-test-fail',
	title: "n8n's credential test refuses a wrong key and a .cn key on the .ai site (802), and names a membership key (1014)",
	async run({ instance, sim, createCredential, log }) {
		const cases: Array<[string, Backend]> = [
			['wrong key', { label: 'wrong key', site: 'custom', apiKey: 'sim0wrong0key000000000000000000x', baseUrl: sim.url }],
			['.cn key on the .ai site', { label: '.cn key on .ai', site: 'custom', apiKey: sim.keys.cnShared, baseUrl: sim.url }],
		];
		for (const [what, backend] of cases) {
			const credential = await createCredential(`RunningHub (${backend.label})`, backend);
			const result = await instance.rest.testCredential(credential, credentialData(backend));
			assert.equal(result.status, 'Error', `${what}: the test passed`);
			assert.match(result.message, /802/, `${what}: ${result.message}`);
			assert.match(result.message, /Site/, `${what}: the message should point at the Site setting: ${result.message}`);
			log(`${what}: ${result.message}`);
		}

		const membership: Backend = { label: 'membership key', site: 'custom', apiKey: sim.keys.aiNormal, baseUrl: sim.url };
		const credential = await createCredential('RunningHub (membership key)', membership);
		const result = await instance.rest.testCredential(credential, credentialData(membership));
		assert.equal(result.status, 'Error', 'a membership key is named by a failing test (n8n shows no message on success)');
		assert.match(result.message, /^The key works, but it is a membership key/, result.message);
		assert.match(result.message, /1014/, result.message);
		log(`membership key: ${result.message}`);
	},
};
