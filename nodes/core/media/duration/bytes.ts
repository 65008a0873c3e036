/**
 * Byte readers for the media-duration parsers.
 *
 * Every reader tolerates offsets past the end of the data: a missing byte reads as 0 (indexing a
 * Uint8Array out of range gives `undefined`, and `undefined | 0` is 0), so no reader can throw.
 * Callers still check ranges before trusting a value.
 */

export interface Measurement {
	durationMs: number;
	exact: boolean;
}

export function byteAt(d: Uint8Array, o: number): number {
	return d[o] | 0;
}

export function u16be(d: Uint8Array, o: number): number {
	return (byteAt(d, o) << 8) | byteAt(d, o + 1);
}

export function u16le(d: Uint8Array, o: number): number {
	return byteAt(d, o) | (byteAt(d, o + 1) << 8);
}

export function u32be(d: Uint8Array, o: number): number {
	return (
		byteAt(d, o) * 0x1000000 +
		((byteAt(d, o + 1) << 16) | (byteAt(d, o + 2) << 8) | byteAt(d, o + 3))
	);
}

export function u32le(d: Uint8Array, o: number): number {
	return (
		byteAt(d, o + 3) * 0x1000000 +
		((byteAt(d, o + 2) << 16) | (byteAt(d, o + 1) << 8) | byteAt(d, o))
	);
}

/** 64-bit values as doubles: exact up to 2^53, which no real media size or duration reaches. */
export function u64be(d: Uint8Array, o: number): number {
	return u32be(d, o) * 0x100000000 + u32be(d, o + 4);
}

export function u64le(d: Uint8Array, o: number): number {
	return u32le(d, o + 4) * 0x100000000 + u32le(d, o);
}

/** Whether the bytes at `o` spell `text` (ASCII). False when they run past the end. */
export function isAscii(d: Uint8Array, o: number, text: string): boolean {
	if (o < 0 || o + text.length > d.length) return false;
	for (let i = 0; i < text.length; i++) {
		if (d[o + i] !== text.charCodeAt(i)) return false;
	}
	return true;
}

/** The four bytes at `o` as a string (a chunk or box type), or '' when they run past the end. */
export function fourCc(d: Uint8Array, o: number): string {
	if (o < 0 || o + 4 > d.length) return '';
	return String.fromCharCode(d[o], d[o + 1], d[o + 2], d[o + 3]);
}

/** Whether the four bytes at `o` look like a RIFF chunk id (printable ASCII). */
export function isPrintableFourCc(d: Uint8Array, o: number): boolean {
	if (o < 0 || o + 4 > d.length) return false;
	for (let i = 0; i < 4; i++) {
		const c = d[o + i];
		if (c < 0x20 || c > 0x7e) return false;
	}
	return true;
}

/**
 * `units / perSecond` seconds as whole milliseconds, rounded down so a duration never overstates
 * the audio. Undefined when the inputs cannot describe a duration.
 */
export function toMilliseconds(units: number, perSecond: number): number | undefined {
	if (!(units >= 0) || !(perSecond > 0) || !isFinite(units) || !isFinite(perSecond)) {
		return undefined;
	}
	const product = units * 1000;
	const ms = product <= Number.MAX_SAFE_INTEGER ? product / perSecond : (units / perSecond) * 1000;
	return isFinite(ms) ? Math.floor(ms) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Work budget

/**
 * Every step of a parser's loops (a box, chunk or frame header, a table entry, a byte searched
 * for a sync word) spends one unit of a budget proportional to the input's size, and every loop
 * stops when it runs out. The parsers are linear, so real files use a small part of it; the
 * budget is what guarantees it, whatever a crafted file claims (a crafted 1.4 MB MP4 once kept
 * the event loop busy for minutes). A parse that runs out of budget ends as unreadable.
 */
export const WORK_PER_BYTE = 8;
export const WORK_FLOOR = 65_536;

export function workBudgetFor(length: number): number {
	return WORK_FLOOR + WORK_PER_BYTE * length;
}

export interface WorkReport {
	spent: number;
	budget: number;
	/** The parse ran out of budget (and so ended as unreadable). */
	exceeded: boolean;
}

// Module state is safe: the parsers are synchronous, so two budgets never run at once.
let spent = 0;
let limit = Infinity;
let running = false;
let cap = Infinity;
let last: WorkReport = { spent: 0, budget: 0, exceeded: false };

/** Spends `units` of the running budget; false once it has run out (the loop must stop). */
export function spend(units: number): boolean {
	spent += units;
	return spent <= limit;
}

/**
 * Runs a parse of `d` under a work budget; undefined when the budget ran out, whatever the
 * stopped loops left behind. Inside another budgeted parse it shares that one, so a whole
 * measurement has one budget.
 */
export function withWorkBudget<T>(d: Uint8Array, parse: () => T | undefined): T | undefined {
	if (running) return parse();
	running = true;
	spent = 0;
	limit = Math.min(workBudgetFor(d.length), cap);
	try {
		const result = parse();
		return spent > limit ? undefined : result;
	} finally {
		last = { spent, budget: limit, exceeded: spent > limit };
		running = false;
		limit = Infinity;
	}
}

/** What the last budgeted parse spent (for tests and the benchmark). */
export function lastWorkReport(): WorkReport {
	return last;
}

/** Tests only: runs `run` with every budget capped at `units`, to reach the overrun path. */
export function withWorkCap<T>(units: number, run: () => T): T {
	const previous = cap;
	cap = units;
	try {
		return run();
	} finally {
		cap = previous;
	}
}
