/**
 * What each step of a lip-sync cost, from RunningHub's `usage` (strings, or null). Costs stay in
 * whatever unit the key is billed in (wallet money, else RH coins): nothing here names a currency.
 */

export interface UsageLike {
	consumeMoney?: string | null;
	consumeCoins?: string | null;
}

/** A step's cost as RunningHub reported it: wallet money, else coins, else null. */
export function stepCost(usage: UsageLike | undefined): string | null {
	const money = usage?.consumeMoney;
	if (money !== undefined && money !== null && money !== '') return String(money);
	const coins = usage?.consumeCoins;
	if (coins !== undefined && coins !== null && coins !== '') return String(coins);
	return null;
}

function decimalsOf(text: string): number {
	const match = /\.(\d+)$/.exec(text.trim());
	return match ? match[1].length : 0;
}

/**
 * Adds costs reported as strings. Values that are not numbers are left out; null when none is
 * a number. The sum is rounded to the most decimals any value has, so 0.035 + 0.35 is 0.385.
 */
export function sumCosts(values: ReadonlyArray<string | null | undefined>): number | null {
	let total = 0;
	let decimals = 0;
	let counted = 0;
	for (const value of values) {
		if (value === null || value === undefined || String(value).trim() === '') continue;
		const n = Number(value);
		if (!Number.isFinite(n)) continue;
		total += n;
		decimals = Math.max(decimals, decimalsOf(String(value)));
		counted++;
	}
	return counted ? Number(total.toFixed(Math.min(decimals, 10))) : null;
}
