import type { RunningHubClient } from '../client';
import type { TaskUsage } from '../tasks';

/**
 * What a task cost. RunningHub reports it in the task's `usage` as strings: `consumeMoney` (wallet
 * money) or `consumeCoins` (RH coins), without a currency (docs/runninghub-api.md §5). The wallet's
 * currency is the account's own (`currency` of the account status, §13), so it is read from there.
 */

/** A number RunningHub sent as a string (or null); undefined when it is empty or not a number. */
export function amountOf(value: string | number | null | undefined): number | undefined {
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'string' && value.trim() === '') return undefined;
	const n = Number(value);
	return Number.isFinite(n) ? n : undefined;
}

/** The unit of a cost paid in RH coins (coins have no currency). */
export const RH_COINS = 'RH coins';

export interface TaskCost {
	cost: number;
	/** The account's currency for wallet money (e.g. CNY), "RH coins" for coins; absent when the account does not name one. */
	currency?: string;
}

/** A task's cost: wallet money in the account's currency, else RH coins; undefined when not reported. */
export function taskCost(usage: Pick<TaskUsage, 'consumeMoney' | 'consumeCoins'> | undefined, walletCurrency: string | undefined): TaskCost | undefined {
	const money = amountOf(usage?.consumeMoney);
	if (money !== undefined) return walletCurrency ? { cost: money, currency: walletCurrency } : { cost: money };
	const coins = amountOf(usage?.consumeCoins);
	return coins === undefined ? undefined : { cost: coins, currency: RH_COINS };
}

/** The account's currency, read once per execution context (and only when a task reports wallet money). */
const currencies = new WeakMap<object, Promise<string | undefined>>();

export async function accountCurrency(client: RunningHubClient): Promise<string | undefined> {
	const ctx = client.transport.ctx as object;
	let pending = currencies.get(ctx);
	if (!pending) {
		// Best effort: an account that cannot be read leaves the cost without a currency, never fails the item.
		pending = client.account().then(
			(account) => account.currency?.trim() || undefined,
			() => undefined,
		);
		currencies.set(ctx, pending);
	}
	return await pending;
}

/** The currency to state with a task's cost: only looked up when the task reports wallet money. */
export async function currencyForUsage(client: RunningHubClient, usage: Pick<TaskUsage, 'consumeMoney'> | undefined): Promise<string | undefined> {
	return amountOf(usage?.consumeMoney) === undefined ? undefined : await accountCurrency(client);
}
