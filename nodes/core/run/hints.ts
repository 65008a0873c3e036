import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * From version 2, what the node has to say about an output (why a task came back unfinished,
 * why nothing can be lip-synced) is shown in the output pane, not written into the data: each
 * distinct text once per execution, however many items it concerns.
 */
const shown = new WeakMap<object, Set<string>>();

export function addHintOnce(ctx: IExecuteFunctions, message: string, type: 'info' | 'warning' = 'info'): void {
	if (typeof ctx.addExecutionHints !== 'function') return;
	const seen = shown.get(ctx) ?? new Set<string>();
	if (seen.has(message)) return;
	seen.add(message);
	shown.set(ctx, seen);
	try {
		ctx.addExecutionHints({ message, type, location: 'outputPane' });
	} catch {
		// A hint that fails to show must never cost a paid task its output item.
	}
}
