// Exact-value redaction of the Webhook URL's secret only for secrets as long as the Trigger's:
// a short or all-digit one ("1234", "test") would mask parts of task IDs, URLs and text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { webhookSecretsSentBy } from '../../nodes/core/run/sentSecrets';
import { readSubmitOptions } from '../../nodes/core/run/submitOptions';

function contextWith(webhookUrl: string) {
	const ctx = {
		getNodeParameter: (name: string, _item: number, fallback: unknown) => (name === 'submitOptions' ? { webhookUrl } : fallback),
		getNode: () => ({ name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion: 1, position: [0, 0], parameters: {} }),
		evaluateExpression: () => '',
	};
	return ctx as unknown as Parameters<typeof readSubmitOptions>[0];
}

describe('which Webhook URL secrets are masked by their exact value', () => {
	for (const secret of ['1234', 'test', 'abcdefghijklmno', '12345678901234567890']) {
		it(`not "${secret}" (shorter than 16 characters or digits only): the ?secret= pattern covers it`, () => {
			const ctx = contextWith(`https://n8n.example.com/webhook/x/runninghub?secret=${secret}`);
			readSubmitOptions(ctx, 0);
			assert.deepEqual(webhookSecretsSentBy(ctx), []);
		});
	}

	it('a Trigger-length secret is remembered', () => {
		const secret = 'k3y-0f-s1xteen-chars';
		const ctx = contextWith(`https://n8n.example.com/webhook/x/runninghub?secret=${secret}`);
		readSubmitOptions(ctx, 0);
		assert.deepEqual(webhookSecretsSentBy(ctx), [secret]);
	});
});
