/**
 * A RunningHub client whose every HTTP answer comes from a script and whose clock is fake: the
 * retry and deadline logic runs unchanged, a 15-minute wait takes a few milliseconds, and each
 * test sees exactly which requests were sent, when, and how long each wait was.
 */
import type { IHttpRequestOptions, INode } from 'n8n-workflow';

import { RunningHubClient } from '../../nodes/core/api/client.ts';
import type { RetryPolicy } from '../../nodes/core/api/retry.ts';

/** One scripted answer: an HTTP response, or a network error. `takesMs` = time on the wire. */
export type Answer =
	| { status: number; body?: unknown; headers?: Record<string, string>; takesMs?: number }
	| { network: string; takesMs?: number };

export interface SentRequest {
	url: string;
	body: unknown;
	at: number;
	timeout?: number;
}

export interface Scripted {
	client: RunningHubClient;
	requests: SentRequest[];
	/** Every wait the client asked for, in ms. */
	slept: number[];
	now(): number;
	/** Moves the fake clock (e.g. to make a date in Retry-After lie in the past). */
	advance(ms: number): void;
}

export const T0 = Date.parse('2026-12-01T00:00:00Z');
export const NODE: INode = { id: 'n1', name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion: 1, position: [0, 0], parameters: {} };

/** A client whose n-th request (1-based) gets `answer(request, n, now)`. */
export function scriptedClient(
	answer: (request: SentRequest, n: number, now: number) => Answer,
	retry: Partial<RetryPolicy> = {},
	random: () => number = () => 0.5,
): Scripted {
	let clock = T0;
	const requests: SentRequest[] = [];
	const slept: number[] = [];
	const ctx = {
		getNode: () => NODE,
		getCredentials: async <T,>() => ({ apiKey: 'k'.repeat(32), site: 'custom', baseUrl: 'https://rh.test' }) as T,
		helpers: {
			async httpRequestWithAuthentication(_type: string, o: IHttpRequestOptions) {
				const request: SentRequest = { url: String(o.url), body: o.body, at: clock, timeout: o.timeout };
				requests.push(request);
				const a = answer(request, requests.length, clock);
				clock += Math.min(a.takesMs ?? 0, o.timeout ?? Infinity);
				if ('network' in a) throw Object.assign(new Error(`network ${a.network}`), { cause: { code: a.network } });
				const body = a.body === undefined ? '' : typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
				return { statusCode: a.status, headers: a.headers ?? {}, body };
			},
		},
	};
	const client = new RunningHubClient(ctx, {
		retry,
		random,
		now: () => clock,
		sleep: async (ms) => {
			slept.push(ms);
			clock += ms;
		},
	});
	return { client, requests, slept, now: () => clock, advance: (ms) => (clock += ms) };
}

export const TASK_ID = '1965432109876543210';
export const task = (status: string, extra: Record<string, unknown> = {}) => ({
	taskId: TASK_ID,
	status,
	errorCode: '',
	errorMessage: '',
	results: status === 'SUCCESS' ? [{ url: 'https://cdn.test/out.mp3', outputType: 'mp3' }] : null,
	...extra,
});
export const v2Code = (code: string, extra: Record<string, unknown> = {}) => ({ taskId: '', status: '', errorCode: code, errorMessage: `code ${code}`, results: null, ...extra });
