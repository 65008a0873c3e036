import type { INode } from 'n8n-workflow';

/**
 * What the transport needs to know of the batch its context runs: whether a new paid task may
 * still be submitted. A leaf module, so the transport depends on no batch logic (no import cycle
 * through batch → cancel → client → transport).
 */
export interface SubmitGate {
	/** Aborts once the batch stops. */
	readonly signal: AbortSignal;
	/** Set once the batch stopped (Stop, or an item failed the node): no new submit goes out. */
	readonly stopReason: unknown;
	/** The error of an item whose submit was refused because the batch stopped. */
	stoppedError(node: INode, itemIndex: number, started: boolean): Error;
}

// Weak and cleared when the batch ends: nothing is kept between executions.
const gates = new WeakMap<object, SubmitGate>();

export function openSubmitGate(ctx: object, gate: SubmitGate): void {
	gates.set(ctx, gate);
}

export function closeSubmitGate(ctx: object): void {
	gates.delete(ctx);
}

/** The gate of the batch the context is running, if any. */
export function submitGateOf(ctx: object): SubmitGate | undefined {
	return gates.get(ctx);
}
