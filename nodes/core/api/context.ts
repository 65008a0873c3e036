// The n8n context every RunningHub request runs in, and the same context detached from Stop.
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';

import type { TaskLogger } from '../tasks/taskLog';

/** The part of n8n's function contexts (execute, load options, webhook) the client needs. */
export interface RunningHubContext {
	getNode(): INode;
	getCredentials<T extends object = ICredentialDataDecryptedObject>(type: string, itemIndex?: number): Promise<T>;
	helpers: {
		httpRequestWithAuthentication(
			credentialsType: string,
			requestOptions: IHttpRequestOptions,
		): Promise<unknown>;
	};
	getExecutionCancelSignal?(): AbortSignal | undefined;
	/** n8n's logger and execution ID: every created task is logged (core/tasks/taskLog.ts). */
	logger?: TaskLogger;
	getExecutionId?(): string;
}

/**
 * The context as n8n's request helpers see it, minus the execution's cancel signal: n8n aborts
 * every request made through a context that has one (Stop). For the few requests that must
 * still complete after Stop: a submit already on its way (its answer names a task that may
 * already be paid for, which the node then cancels) and the cancels of abandoned tasks.
 * `helpers` replaces the context's helpers (e.g. to shorten timeouts).
 */
export function withoutCancelSignal(ctx: RunningHubContext, helpers: RunningHubContext['helpers'] = ctx.helpers): RunningHubContext {
	return new Proxy(ctx, {
		has: (target, key) => key !== 'getExecutionCancelSignal' && Reflect.has(target, key),
		get: (target, key) => {
			if (key === 'getExecutionCancelSignal') return undefined;
			if (key === 'helpers') return helpers;
			const value = Reflect.get(target, key, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
