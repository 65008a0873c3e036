import type { IDataObject } from 'n8n-workflow';

/**
 * Drops repeated deliveries of the same task event. RunningHub retries a delivery when the
 * receiver is slow or answers non-2xx (up to 3 retries), and a duplicate must not start a second
 * execution.
 *
 * Two layers, because neither is enough alone:
 * - workflow static data (node scope): a bounded, oldest-first list of recent task events with
 *   their time. n8n saves it after each production webhook call, so it survives restarts and
 *   reaches other n8n processes. But each call reads it when the call starts: two copies
 *   arriving at the same moment both see "not seen" (and the later save wins).
 * - a process-wide claim map: claimed synchronously, before any await, so a concurrent copy in
 *   the same process sees the claim at once.
 * Left open: concurrent copies that land on different n8n processes (queue mode with several
 * webhook processes) at the same moment. n8n offers nodes no shared lock for that.
 */

export const SEEN_KEY = 'runningHubRecentTaskEvents';
export const DEFAULT_MAX_ENTRIES = 1000;

/** [event key, time first seen (ms)], oldest first. */
type SeenEntry = [string, number];

export interface DedupWindow {
	/** How long a task event counts as already delivered; 0 turns deduplication off. */
	ttlMs: number;
	/** At most this many recent task events are remembered (oldest dropped first). */
	maxEntries?: number;
	now: number;
}

function readSeen(staticData: IDataObject): SeenEntry[] {
	const raw = staticData[SEEN_KEY];
	if (!Array.isArray(raw)) return [];
	return raw.filter(
		(e): e is SeenEntry => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number',
	);
}

function writeSeen(staticData: IDataObject, entries: SeenEntry[]): void {
	// Assigning the whole list marks the static data as changed, so n8n saves it.
	staticData[SEEN_KEY] = entries as unknown as IDataObject[];
}

/** Drops expired entries and keeps at most maxEntries (the newest). */
function pruned(entries: SeenEntry[], window: DedupWindow): SeenEntry[] {
	const max = Math.max(1, window.maxEntries ?? DEFAULT_MAX_ENTRIES);
	const live = entries.filter(([, at]) => window.now - at < window.ttlMs && at <= window.now + 60_000);
	return live.length > max ? live.slice(live.length - max) : live;
}

export function wasSeen(staticData: IDataObject, key: string, window: DedupWindow): boolean {
	return readSeen(staticData).some(([k, at]) => k === key && window.now - at < window.ttlMs);
}

export function markSeen(staticData: IDataObject, key: string, window: DedupWindow): void {
	const rest = readSeen(staticData).filter(([k]) => k !== key);
	writeSeen(staticData, pruned([...rest, [key, window.now]], window));
}

export function forgetSeen(staticData: IDataObject, key: string): void {
	const entries = readSeen(staticData);
	const rest = entries.filter(([k]) => k !== key);
	if (rest.length !== entries.length) writeSeen(staticData, rest);
}

/** Claims held by this process, keyed by scope and event; each expires after the window. */
export class ClaimRegistry {
	private readonly claims = new Map<string, number>();

	constructor(private readonly maxEntries = 10_000) {}

	get size(): number {
		return this.claims.size;
	}

	/** True when the key was free (and is now claimed), false when someone holds it. */
	claim(key: string, now: number, ttlMs: number): boolean {
		const until = this.claims.get(key);
		if (until !== undefined && until > now) return false;
		this.claims.delete(key);
		this.claims.set(key, now + ttlMs);
		this.prune(now);
		return true;
	}

	isClaimed(key: string, now: number): boolean {
		const until = this.claims.get(key);
		return until !== undefined && until > now;
	}

	release(key: string): void {
		this.claims.delete(key);
	}

	private prune(now: number): void {
		for (const [key, until] of this.claims) {
			if (until <= now) this.claims.delete(key);
		}
		while (this.claims.size > this.maxEntries) {
			const oldest = this.claims.keys().next().value as string;
			this.claims.delete(oldest);
		}
	}
}

/** The claims of every RunningHub trigger in this n8n process. */
export const processClaims = new ClaimRegistry();

export interface DeliveryClaim extends DedupWindow {
	staticData: IDataObject;
	/** Separates workflows, nodes and test/production runs in the process-wide map. */
	scope: string;
	/** The task event, e.g. `<taskId>:TASK_END`. */
	key: string;
	registry?: ClaimRegistry;
}

/**
 * Whether the task event was already delivered within the window (or is being handled right
 * now), without claiming it: a delivery is checked with this before it is verified, and claims
 * its slot only once verified, so a delivery that fails verification never takes the slot.
 */
export function deliverySeen(claim: DeliveryClaim): boolean {
	if (claim.ttlMs <= 0) return false;
	const registry = claim.registry ?? processClaims;
	return wasSeen(claim.staticData, claim.key, claim) || registry.isClaimed(`${claim.scope}|${claim.key}`, claim.now);
}

/**
 * Records a delivery as seen, synchronously. Returns 'duplicate' when the same task event was
 * already delivered within the window (or is being handled right now).
 */
export function claimDelivery(claim: DeliveryClaim): 'new' | 'duplicate' {
	if (claim.ttlMs <= 0) return 'new';
	const registry = claim.registry ?? processClaims;
	if (wasSeen(claim.staticData, claim.key, claim)) return 'duplicate';
	if (!registry.claim(`${claim.scope}|${claim.key}`, claim.now, claim.ttlMs)) return 'duplicate';
	markSeen(claim.staticData, claim.key, claim);
	return 'new';
}

/** Undoes a claim, so RunningHub's next retry of the delivery is handled (e.g. after a 503). */
export function releaseDelivery(claim: Omit<DeliveryClaim, 'now' | 'ttlMs' | 'maxEntries'>): void {
	(claim.registry ?? processClaims).release(`${claim.scope}|${claim.key}`);
	forgetSeen(claim.staticData, claim.key);
}
