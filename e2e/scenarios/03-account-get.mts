// Account → Get in a workflow run: the enterprise shared key reports apiType SHARED and its
// balance and counters as numbers.
import assert from 'node:assert/strict';

import type { Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'account-get',
	title: 'Account → Get returns apiType SHARED, balance and counters',
	requires: [{ resource: 'account', operation: 'get' }],
	async run({ runWorkflow, log }) {
		const execution = await runWorkflow('account-get');
		execution.assertSuccess();
		const items = execution.output('Get account');
		assert.equal(items.length, 1);
		const account = items[0].json;
		assert.equal(account.apiType, 'SHARED');
		assert.equal(typeof account.keyType, 'string');
		assert.ok(Number.isFinite(Number(account.remainMoney)) && account.remainMoney !== null, `remainMoney: ${account.remainMoney}`);
		assert.equal(account.currency, 'USD');
		assert.equal(typeof account.runningTasks, 'number');
		if ('concurrencyLimit' in account) assert.equal(typeof account.concurrencyLimit, 'number');
		log(JSON.stringify(account));
	},
};
