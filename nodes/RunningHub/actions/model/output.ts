import type { IDataObject } from 'n8n-workflow';

import type { CostEstimate } from '../../../core/catalogue';
import { amountOf } from '../../../core/run/cost';
import type { TaskUsage } from '../../../core/tasks/task';

const amount = (value: string | null): number | null => amountOf(value) ?? null;

/** Version 1: what the task cost, from its usage record (wallet money and RH coins), or undefined. */
export function actualCost(usage: TaskUsage | undefined): IDataObject | undefined {
	if (!usage) return undefined;
	const money = amount(usage.consumeMoney);
	const coins = amount(usage.consumeCoins);
	const thirdPartyMoney = amount(usage.thirdPartyConsumeMoney);
	if (money === null && coins === null && thirdPartyMoney === null) return undefined;
	return { money, coins, thirdPartyMoney };
}

/** The estimate as output: amount, currency, how it was computed, whether it is exact. */
export function estimateJson(estimate: CostEstimate | undefined): IDataObject | null {
	if (!estimate) return null;
	return {
		amount: estimate.amount,
		currency: estimate.currency,
		basis: estimate.basis,
		exact: estimate.exact,
		unit: estimate.unit,
		unitPrice: estimate.unitPrice,
		...(estimate.quantity === undefined ? {} : { quantity: estimate.quantity }),
	};
}
