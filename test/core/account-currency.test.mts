// The account's currency is read at most once per account across executions (within its time to
// live), so a Trigger that builds one item per delivery does not add an account read before every
// execution starts; another key or site reads its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { accountCurrency } from '../../nodes/core/run/cost.ts';
import type { RunningHubClient } from '../../nodes/core/api/client.ts';

function fakeClient(apiKey: string, reads: { count: number }, currency: string | undefined = 'USD', fails = false) {
	return {
		transport: { ctx: {}, getCredentials: async () => ({ site: 'ai', apiKey }) },
		account: async () => {
			reads.count++;
			if (fails) throw new Error('account unreadable');
			return { currency };
		},
	} as unknown as RunningHubClient;
}

test('one account read for many executions of the same key; another key reads its own', async () => {
	const reads = { count: 0 };
	const key = `key-${Math.random()}`;
	for (let i = 0; i < 20; i++) assert.equal(await accountCurrency(fakeClient(key, reads)), 'USD');
	assert.equal(reads.count, 1);
	assert.equal(await accountCurrency(fakeClient(`${key}-other`, reads, 'CNY')), 'CNY');
	assert.equal(reads.count, 2);
});

test('an account that cannot be read or names no currency is not cached: the next execution asks again', async () => {
	const reads = { count: 0 };
	const key = `key-${Math.random()}`;
	assert.equal(await accountCurrency(fakeClient(key, reads, undefined, true)), undefined);
	assert.equal(await accountCurrency(fakeClient(key, reads, '')), undefined);
	assert.equal(await accountCurrency(fakeClient(key, reads, 'USD')), 'USD');
	assert.equal(reads.count, 3);
});

test('an account endpoint that never answers costs one short read, not the full retry budget (the Trigger answers RunningHub after it)', async () => {
	const { createServer } = await import('node:http');
	const { RunningHub } = await import('../../nodes/RunningHub/RunningHub.node.ts');
	const { RunningHubClient } = await import('../../nodes/core/api/client.ts');
	const { createExecuteContext } = await import('../support/n8n.mts');
	const { CURRENCY_READ_MS } = await import('../../nodes/core/run/cost.ts');
	let requests = 0;
	const server = createServer(() => requests++); // accepts, never answers
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	try {
		const { ctx } = createExecuteContext(new RunningHub().description, {
			parameters: {},
			credentials: { apiKey: `key-${Math.random()}`, site: 'custom', baseUrl: `http://127.0.0.1:${port}` },
		});
		const started = Date.now();
		assert.equal(await accountCurrency(new RunningHubClient(ctx)), undefined);
		// The default budget (5 attempts of up to 60 s) would take minutes; the currency read gives up at its own.
		assert.ok(Date.now() - started < 3 * CURRENCY_READ_MS, `took ${Date.now() - started} ms`);
		assert.equal(requests, 1);
	} finally {
		server.closeAllConnections();
		server.close();
	}
});
