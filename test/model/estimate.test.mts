// Model → Estimate Cost in node version 2: the price-table estimate (CNY) put in the account's
// terms (same currency: the amount; a USD wallet or RH coins: labelled and not converted), and a
// batch's expected total and rounds at the key's concurrency. Version 1 keeps its old output and
// sends no request (test/model/run.test.mts).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import fc from 'fast-check';
import type { INodeExecutionData } from 'n8n-workflow';

import type { CostEstimate } from '../../nodes/core/catalogue/index.ts';
import { batchEstimate, estimateForAccount, type Billing } from '../../nodes/RunningHub/actions/model/estimate.ts';
import { RunningHub } from '../../nodes/RunningHub/RunningHub.node.ts';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { createExecuteContext } from '../support/n8n.mts';
import { locator, mapper } from './support.mts';

let sim: Simulator;
before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 30, quiet: true });
});
after(async () => {
	await sim.close();
});
beforeEach(async () => {
	await sim.control.reset();
});

const PARAMETERS = {
	resource: 'model',
	operation: 'estimateCost',
	model: locator('alibaba/wan-2.5-preview/image-to-image'),
	modelParameters: mapper({ prompt: 'x', imageUrls: 'https://example.com/a.png', n: 3 }),
};

async function estimate(apiKey: string, baseUrl: string, items = 1, typeVersion = 2) {
	const node = new RunningHub();
	const { ctx, recorder } = createExecuteContext(node.description, {
		parameters: PARAMETERS,
		credentials: { apiKey, site: 'custom', baseUrl },
		input: Array.from({ length: items }, () => ({ json: {} })),
		typeVersion,
	});
	const [output] = (await node.execute.call(ctx)) as INodeExecutionData[][];
	return { json: output.map((item) => item.json), hints: recorder.hints ?? [] };
}

describe('Model → Estimate Cost, version 2', () => {
	it('a CNY wallet (.cn) gets the amount in its own currency', async () => {
		const { json } = await estimate(SIM_KEYS.cnShared, sim.cnUrl);
		const [item] = json;
		assert.equal(item.accountCurrency, 'CNY');
		assert.equal(item.costInAccountCurrency, (item.estimatedCost as { amount: number }).amount);
		assert.match(String(item.costText), /CNY \(RunningHub's price table, an estimate\)$/);
		assert.equal(sim.control.submitCount(), 0, 'nothing is run');
	});

	it('a USD wallet (.ai) never gets an unlabelled CNY amount: it says the table is CNY and not converted', async () => {
		const { json } = await estimate(SIM_KEYS.aiShared, sim.url);
		const [item] = json;
		assert.equal(item.accountCurrency, 'USD');
		assert.equal(item.costInAccountCurrency, null);
		assert.match(String(item.costText), /CNY .*billed in USD.*not converted/);
	});

	it('a membership key is said to spend RH coins', async () => {
		const [item] = (await estimate(SIM_KEYS.aiNormal, sim.url)).json;
		assert.equal(item.billedIn, 'coins');
		assert.equal(item.costInAccountCurrency, null);
		assert.match(String(item.costText), /RH coins/);
	});

	it('an account that cannot be read still gets its estimate, labelled as unconverted', async () => {
		const [item] = (await estimate('sim0wrong0key000000000000000000x', sim.url)).json;
		assert.ok((item.estimatedCost as { amount: number }).amount > 0);
		assert.equal(item.billedIn, 'unknown');
		assert.match(String(item.costText), /currency is unknown/);
	});

	it('an account and queue endpoint that never answer cost one short read each, side by side, not the full retry budget', async () => {
		const { createServer } = await import('node:http');
		const { CURRENCY_READ_MS } = await import('../../nodes/core/run/cost.ts');
		const paths: string[] = [];
		const server = createServer((req) => paths.push(String(req.url))); // accepts, never answers
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as { port: number };
		try {
			const started = Date.now();
			const { json } = await estimate(`key-${Math.random()}`, `http://127.0.0.1:${port}`, 4);
			// The default budget (5 attempts of up to 60 s) would take minutes; the two reads run at once within their own.
			assert.ok(Date.now() - started < 2 * CURRENCY_READ_MS, `took ${Date.now() - started} ms`);
			assert.deepEqual(paths.sort(), ['/openapi/v2/queue/status', '/uc/openapi/accountStatus']);
			assert.equal(json[0].billedIn, 'unknown');
			assert.ok((json[0].estimatedCost as { amount: number }).amount > 0);
			assert.equal((json[0].batchEstimate as { concurrency: number }).concurrency, 3, 'the documented default when the queue is unknown');
		} finally {
			server.closeAllConnections();
			server.close();
		}
	});

	it('a batch gets its expected total and rounds at the key\'s concurrency, on every item and as a hint', async () => {
		const { json, hints } = await estimate(SIM_KEYS.cnShared, sim.cnUrl, 7);
		const one = (json[0].estimatedCost as { amount: number }).amount;
		const batch = json[0].batchEstimate as { items: number; totalCost: number; concurrency: number; rounds: number; text: string };
		assert.equal(batch.items, 7);
		assert.ok(Math.abs(batch.totalCost - 7 * one) < 1e-6);
		assert.equal(batch.rounds, Math.ceil(7 / batch.concurrency));
		for (const item of json) assert.deepEqual(item.batchEstimate, batch);
		assert.deepEqual(hints.map((h) => h.message), [batch.text]);
		assert.match(batch.text, /^Estimate for 7 items: about .* CNY in total/);
		assert.match(batch.text, /RunningHub publishes no task durations/);
	});

	it('version 1 keeps its output: no account fields, no batch, no request', async () => {
		const { json, hints } = await estimate(SIM_KEYS.aiShared, sim.url, 3, 1);
		for (const item of json) {
			for (const key of ['accountCurrency', 'costInAccountCurrency', 'costText', 'billedIn', 'batchEstimate']) assert.equal(key in item, false, key);
		}
		assert.deepEqual(hints, []);
		assert.equal(sim.control.requests().length, 0);
	});
});

const anEstimate = fc.record({
	amount: fc.double({ min: 0, max: 1000, noNaN: true }),
	currency: fc.constantFrom('CNY', 'USD'),
	basis: fc.constant('x'),
	exact: fc.boolean(),
	unit: fc.constant('call' as const),
	unitPrice: fc.double({ min: 0, max: 10, noNaN: true }),
}) as fc.Arbitrary<CostEstimate>;
const aBilling = fc.record({
	currency: fc.constantFrom('CNY', 'USD', null),
	billedIn: fc.constantFrom('money', 'coins', 'unknown'),
	concurrency: fc.integer({ min: 1, max: 100 }),
}) as fc.Arbitrary<Billing>;

describe('estimate helpers', () => {
	it('an amount is given in the account currency only when it is the table\'s; otherwise the text names both and says not converted', () => {
		fc.assert(
			fc.property(anEstimate, aBilling, (e, billing) => {
				const out = estimateForAccount(e, billing);
				const same = billing.billedIn === 'money' && billing.currency === e.currency;
				assert.equal(out.costInAccountCurrency, same ? e.amount : null);
				assert.ok(String(out.costText).includes(e.currency), 'the table currency is always named');
				if (!same) assert.match(String(out.costText), /not converted|coin/);
			}),
		);
	});

	it('the batch total is the sum of the priced items, and the rounds cover every item at the concurrency', () => {
		fc.assert(
			fc.property(fc.array(fc.option(anEstimate.map((e) => ({ ...e, currency: 'CNY' })), { nil: undefined }), { minLength: 1, maxLength: 50 }), aBilling, (estimates, billing) => {
				const batch = batchEstimate(estimates, billing);
				const priced = estimates.filter((e) => e !== undefined);
				assert.equal(batch.pricedItems, priced.length);
				if (priced.length) assert.ok(Math.abs((batch.totalCost ?? NaN) - priced.reduce((s, e) => s + e.amount, 0)) < 1e-5);
				else assert.equal(batch.totalCost, null);
				assert.ok(batch.rounds * billing.concurrency >= estimates.length);
				assert.ok((batch.rounds - 1) * billing.concurrency < estimates.length);
			}),
		);
	});
});

describe('Model → Run, before a batch', () => {
	it('version 2 points at Estimate Cost for the total and rounds; version 1 shows nothing new', () => {
		const notice = new RunningHub().description.properties.find((p) => p.name === 'modelBatchNotice');
		assert.ok(notice, 'the notice exists');
		assert.equal(notice.type, 'notice');
		assert.match(notice.displayName, /Estimate Cost.*total.*rounds.*estimate/s);
		assert.deepEqual(notice.displayOptions?.show?.operation, ['run']);
		assert.deepEqual(notice.displayOptions?.show?.['@version'], [{ _cnd: { gte: 2 } }]);
	});
});
