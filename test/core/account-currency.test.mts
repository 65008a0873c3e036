// The account's currency is read at most once per account across executions (within its time to
// live), so a Trigger that builds one item per delivery does not add an account read before every
// execution starts; another key or site reads its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { accountCurrency } from '../../nodes/core/run/cost.ts';
import type { RunningHubClient } from '../../nodes/core/client.ts';

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
