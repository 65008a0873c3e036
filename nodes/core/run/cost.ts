import { createHash } from 'crypto';

import type { RunningHubClient } from '../api/client';
import { baseUrlOf } from '../api/site';
import type { TaskUsage } from '../tasks/task';

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

/**
 * The account's currency, read at most once per execution context and, across executions, once per
 * account every CURRENCY_TTL_MS: the Trigger builds one item per delivery, and an account read per
 * delivery would put a second RunningHub round trip before every execution starts. The cache is
 * keyed by a hash of base URL and key, so the key itself is never kept; only a currency is.
 */
const currencies = new WeakMap<object, Promise<string | undefined>>();
const CURRENCY_TTL_MS = 10 * 60_000;
const MAX_CACHED_ACCOUNTS = 100;
/**
 * The currency is optional, so its read never holds an output (or a Trigger's answer to RunningHub,
 * which would time out and deliver again) for long: one short budget, retries included.
 */
export const CURRENCY_READ_MS = 3_000;
const byAccount = new Map<string, { currency: string; at: number }>();

async function accountKey(client: RunningHubClient): Promise<string> {
	const credentials = await client.transport.getCredentials();
	return createHash('sha256').update(`${baseUrlOf(credentials)}\n${credentials.apiKey}`).digest('hex');
}

async function readCurrency(client: RunningHubClient): Promise<string | undefined> {
	const key = await accountKey(client);
	const cached = byAccount.get(key);
	if (cached && Date.now() - cached.at < CURRENCY_TTL_MS) return cached.currency;
	const currency = (await client.account(undefined, CURRENCY_READ_MS)).currency?.trim() || undefined;
	if (currency) {
		if (byAccount.size >= MAX_CACHED_ACCOUNTS) byAccount.delete(byAccount.keys().next().value as string);
		byAccount.set(key, { currency, at: Date.now() });
	}
	return currency;
}

export async function accountCurrency(client: RunningHubClient): Promise<string | undefined> {
	const ctx = client.transport.ctx as object;
	let pending = currencies.get(ctx);
	if (!pending) {
		// Best effort: an account that cannot be read leaves the cost without a currency, never fails the item.
		pending = readCurrency(client).catch(() => undefined);
		currencies.set(ctx, pending);
	}
	return await pending;
}

/** The currency to state with a task's cost: only looked up when the task reports wallet money. */
export async function currencyForUsage(client: RunningHubClient, usage: Pick<TaskUsage, 'consumeMoney'> | undefined): Promise<string | undefined> {
	return amountOf(usage?.consumeMoney) === undefined ? undefined : await accountCurrency(client);
}
