// n8n's credential test refuses a wrong key and a .cn key used on the .ai site, with the
// credential's own message for RunningHub's 802 APIKEY_UNAUTHORIZED.
import assert from 'node:assert/strict';

import { credentialData, type Backend } from '../lib/instance.mjs';
import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'credential-test-fail',
	title: "n8n's credential test refuses a wrong key and a .cn key on the .ai site (802)",
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
	},
};
