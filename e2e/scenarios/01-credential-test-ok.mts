// The credential created through n8n passes n8n's own credential test (the request the editor
// sends when the credential is saved), against the simulator as a custom base URL.
import assert from 'node:assert/strict';

import { credentialData } from '../lib/instance.mjs';
import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'credential-test-ok',
	title: "n8n's credential test accepts the enterprise shared key",
	async run({ instance, sim, createCredential }) {
		const result = await instance.rest.testCredential(
			instance.credential,
			credentialData({ label: 'simulator', site: 'custom', apiKey: sim.keys.aiShared, baseUrl: sim.url }),
		);
		assert.deepEqual(result, { status: 'OK', message: 'Connection successful!' });

		// A .cn key is fine on the .cn site (the simulator serves it under /cn); a trailing slash
		// in the base URL is tolerated.
		const backend = { label: 'simulator .cn', site: 'custom' as const, apiKey: sim.keys.cnShared, baseUrl: `${sim.cnUrl}/` };
		const cn = await createCredential('RunningHub (.cn simulator)', backend);
		const cnResult = await instance.rest.testCredential(cn, credentialData(backend));
		assert.equal(cnResult.status, 'OK', cnResult.message);
	},
};
