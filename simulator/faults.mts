// Injected faults: rules matched against incoming API requests (never the control API).
// 'http', 'businessError', 'drop' and 'delay' act before the request is processed;
// 'dropAfterProcess', 'malformed' and 'truncated' let it be processed (a task may be
// created) and then spoil the answer, so the client cannot know the outcome.
// 'errorAfterProcess' lets it be processed, then answers with an error status or code, with or
// without the created task's ID. 'outage' fails every matching request for a while: reset, or
// (mode 'refused') the whole simulator stops listening, so connections are refused.

export type Fault =
	| {
			type: 'http';
			status: number;
			/** Seconds, or any text (e.g. an HTTP date, "-5") sent as is. */
			retryAfter?: number | string;
			body?: unknown;
			headers?: Record<string, string>;
	  }
	| { type: 'delay'; ms: number }
	| { type: 'drop' }
	| { type: 'dropAfterProcess' }
	| { type: 'malformed' }
	| { type: 'truncated' }
	| { type: 'businessError'; code: string | number; message?: string; retryAfter?: number | string }
	| {
			type: 'errorAfterProcess';
			/** HTTP status of the answer (the task, if any, exists). */
			status: number;
			/** A RunningHub code in the endpoint's envelope; without it, the processed answer (withTaskId) or an nginx page. */
			code?: string | number;
			message?: string;
			/** Put the created task's ID into the error answer. */
			withTaskId?: boolean;
			retryAfter?: number | string;
	  }
	| { type: 'outage'; ms: number; mode?: 'reset' | 'refused' }
	// Download faults (file routes), added for the download drills:
	/** The true Content-Length, but the connection is cut after `afterBytes` bytes of the body. */
	| { type: 'cutBody'; afterBytes: number }
	/** Content-Length = real size + `delta` (larger: the whole body, then the connection closes; smaller: the whole body is sent anyway). */
	| { type: 'lyingLength'; delta: number }
	/** Answers a redirect instead (default 302 to the same path with ?hop=N, so `times` makes a chain). */
	| { type: 'redirect'; location?: string; status?: number }
	/** A file sent gzip-compressed (content-encoding: gzip) whatever the request's accept-encoding, Content-Length = compressed size. */
	| { type: 'gzipBody' }
	/** A JSON answer, processed as usual, with an extra field `deep` nested `depth` arrays deep. */
	| { type: 'deepNesting'; depth: number };

export interface FaultRuleInput {
	/** Exact path (with or without the /cn prefix), or a regular expression ('^…' strings are regexes). */
	path?: string | RegExp;
	method?: string;
	site?: 'ai' | 'cn';
	/** How many matching requests it hits (default 1; -1 = forever). */
	times?: number;
	/** Let this many matching requests through first. */
	skip?: number;
	fault: Fault;
}

export interface FaultRule extends Omit<FaultRuleInput, 'path'> {
	id: number;
	path?: string;
	regex?: RegExp;
	times: number;
	skip: number;
	hits: number;
	/** An outage's end, set by its first hit. */
	until?: number;
}

const TYPES = new Set([
	'http',
	'delay',
	'drop',
	'dropAfterProcess',
	'malformed',
	'truncated',
	'businessError',
	'errorAfterProcess',
	'outage',
	'cutBody',
	'lyingLength',
	'redirect',
	'gzipBody',
	'deepNesting',
]);

export class FaultRules {
	rules: FaultRule[] = [];
	private seq = 0;

	add(input: FaultRuleInput): FaultRule {
		if (!input?.fault || !TYPES.has(input.fault.type))
			throw new Error(`unknown fault type: ${JSON.stringify(input?.fault)}`);
		if (
			(input.fault.type === 'http' || input.fault.type === 'errorAfterProcess') &&
			!(input.fault.status >= 100 && input.fault.status <= 599)
		)
			throw new Error(`${input.fault.type} fault needs a status`);
		if (input.fault.type === 'outage' && !(input.fault.ms > 0)) throw new Error('outage fault needs ms > 0');
		const p = input.path;
		const regex =
			p instanceof RegExp
				? p
				: typeof p === 'string' && p.startsWith('^')
					? new RegExp(p)
					: undefined;
		const rule: FaultRule = {
			...input,
			id: ++this.seq,
			path: p instanceof RegExp ? p.source : p,
			regex,
			times: input.times ?? 1,
			skip: input.skip ?? 0,
			hits: 0,
		};
		this.rules.push(rule);
		return rule;
	}

	clear(): void {
		this.rules = [];
	}

	/** Faults for this request, consuming one use of each: every matching delay, then at most one other fault. */
	take(method: string, route: string, rawPath: string, site: string): Fault[] {
		const out: Fault[] = [];
		for (const r of [...this.rules]) {
			if (r.method && r.method.toUpperCase() !== method) continue;
			if (r.site && r.site !== site) continue;
			if (
				r.regex
					? !(r.regex.test(route) || r.regex.test(rawPath))
					: r.path !== undefined && r.path !== route && r.path !== rawPath
			)
				continue;
			if (r.fault.type !== 'delay' && out.some((f) => f.type !== 'delay')) continue;
			if (r.skip > 0) {
				r.skip--;
				continue;
			}
			if (r.fault.type === 'outage') {
				// Lasts `ms` from its first hit, however many requests come meanwhile.
				const now = Date.now();
				r.until ??= now + r.fault.ms;
				if (now >= r.until) {
					this.rules = this.rules.filter((x) => x !== r);
					continue;
				}
				r.hits++;
				out.push(r.fault);
				continue;
			}
			r.hits++;
			if (r.times > 0 && --r.times === 0) this.rules = this.rules.filter((x) => x !== r);
			out.push(r.fault);
		}
		return out;
	}

	list(): Array<Omit<FaultRule, 'regex'>> {
		return this.rules.map(({ regex: _r, ...r }) => r);
	}
}
