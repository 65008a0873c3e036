/**
 * Estimate Cost from node version 2: the price-table estimate labelled against the account's own
 * billing (RunningHub's price table is in CNY; a runninghub.ai wallet may be in USD, a membership
 * key spends RH coins), and a total for the whole batch with how many rounds it takes at the key's
 * concurrency. Everything here is an estimate and says so.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CostEstimate } from '../../../core/catalogue';
import type { AccountStatus, RunningHubClient } from '../../../core/api/client';
import { CURRENCY_READ_MS } from '../../../core/run/cost';
import { resolveConcurrency } from '../../../core/run/items';

/** How the account is billed, as far as the account endpoint tells (docs/runninghub-api.md §13). */
export interface Billing {
	/** The wallet's currency (enterprise keys), null when the account has no wallet money or did not answer. */
	currency: string | null;
	/** `money` (wallet), `coins` (RH coins: membership keys) or `unknown`. */
	billedIn: 'money' | 'coins' | 'unknown';
	concurrency: number;
}

/**
 * The account's billing and the key's concurrency: both best effort and read side by side within
 * the short budget of optional reads, so an estimate never fails or hangs on them.
 */
export async function readBilling(client: RunningHubClient): Promise<Billing> {
	const [account, concurrency] = await Promise.all([
		client.account(undefined, CURRENCY_READ_MS).catch((): AccountStatus | undefined => undefined),
		resolveConcurrency(client, 0, CURRENCY_READ_MS),
	]);
	return { currency: account?.currency ?? null, billedIn: billedIn(account), concurrency };
}

function billedIn(account: AccountStatus | undefined): Billing['billedIn'] {
	if (!account) return 'unknown';
	if (account.currency !== null || account.remainMoney !== null) return 'money';
	if (account.apiType === 'NORMAL' || account.remainCoins !== null) return 'coins';
	return 'unknown';
}

const money = (amount: number, currency: string): string => `${Number(amount.toFixed(6))} ${currency}`;

/**
 * The estimate in the account's terms: the amount in the account's currency when that is the
 * price table's, else the table's amount with its currency named and why it is not converted.
 */
export function estimateForAccount(estimate: CostEstimate | undefined, billing: Billing): IDataObject {
	const accountCurrency = billing.currency;
	if (!estimate) return { accountCurrency, billedIn: billing.billedIn, costInAccountCurrency: null, costText: 'No published price' };
	const table = `${money(estimate.amount, estimate.currency)} (RunningHub's price table, an estimate)`;
	if (billing.billedIn === 'money' && accountCurrency === estimate.currency) {
		return { accountCurrency, billedIn: 'money', costInAccountCurrency: estimate.amount, costText: table };
	}
	const why =
		billing.billedIn === 'coins'
			? 'this key spends RH coins, and RunningHub publishes no coin prices'
			: billing.billedIn === 'money' && accountCurrency
				? `this account is billed in ${accountCurrency}, and RunningHub publishes no ${accountCurrency} prices: the amount is not converted`
				: `the account's currency is unknown, so the amount is not converted`;
	return {
		accountCurrency,
		billedIn: billing.billedIn,
		costInAccountCurrency: null,
		costText: `${table}; ${why}. The charge is in the usage of the finished task.`,
	};
}

/** What a batch of items is expected to cost and take. */
export interface BatchEstimate extends IDataObject {
	items: number;
	/** Items with a published price (the total covers only these). */
	pricedItems: number;
	totalCost: number | null;
	currency: string | null;
	concurrency: number;
	/** Tasks run `concurrency` at a time: this many rounds, each about as long as one task. */
	rounds: number;
	text: string;
}

export function batchEstimate(estimates: Array<CostEstimate | undefined>, billing: Billing): BatchEstimate {
	const priced = estimates.filter((e): e is CostEstimate => e !== undefined);
	const currencies = [...new Set(priced.map((e) => e.currency))];
	const currency = currencies.length === 1 ? currencies[0] : null;
	const totalCost = currency === null ? null : Number(priced.reduce((sum, e) => sum + e.amount, 0).toFixed(6));
	const rounds = Math.ceil(estimates.length / billing.concurrency);
	const cost =
		totalCost === null || currency === null
			? 'no total cost (no published price)'
			: `about ${money(totalCost, currency)} in total from RunningHub's price table${priced.length < estimates.length ? ` (${estimates.length - priced.length} items have no published price)` : ''}${billing.currency && billing.currency !== currency ? `; the account is billed in ${billing.currency}, not converted` : billing.billedIn === 'coins' ? '; the key spends RH coins, not converted' : ''}`;
	const text =
		`Estimate for ${estimates.length} items: ${cost}. At the key's concurrency of ${billing.concurrency} they run in ${rounds} round${rounds === 1 ? '' : 's'}, ` +
		'each about as long as one task (RunningHub publishes no task durations; the first run shows it). Prices may change.';
	return { items: estimates.length, pricedItems: priced.length, totalCost, currency, concurrency: billing.concurrency, rounds, text };
}
