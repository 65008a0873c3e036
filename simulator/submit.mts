// Shared submit plumbing for v1 and v2: refusal bookkeeping, personal-queue flag and the
// webhook field, so both API generations admit tasks the same way.
import type { Ctx } from './http.mjs';
import { truthy } from './http.mjs';

/** Log a refused submit (no task, not counted as accepted) and pass the reply through. */
export function refused<T>(
	ctx: Ctx,
	endpoint: string,
	code: string | number,
	reason: string,
	reply: T,
): T {
	ctx.state.refuseSubmit(endpoint, ctx.site, code, reason);
	return reply;
}

export function webhookOf(body: Record<string, unknown>): string | null {
	return typeof body.webhookUrl === 'string' && body.webhookUrl.trim() !== ''
		? body.webhookUrl.trim()
		: null;
}

export const personalQueueOf = (body: Record<string, unknown>) => truthy(body.usePersonalQueue);

export const INSTANCE_TYPES = new Set(['default', 'plus', 'ultra']);
