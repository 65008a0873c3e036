// Identifier generators. RunningHub task ids are 19-digit snowflake-like numbers (> 2^53),
// so they only survive as strings; session and audio ids are 18 digits.
import { randomBytes, randomInt } from 'node:crypto';

let lastMs = 0n;
let seq = 0n;

/** A unique 19-digit numeric string (time-ordered, like a snowflake id). */
export function newTaskId(): string {
	const now = BigInt(Date.now());
	if (now === lastMs) seq += 1n;
	else {
		lastMs = now;
		seq = BigInt(randomInt(0, 1 << 10)); // random start so ids of separate runs differ
	}
	// ~7e18 today; folded into [1e18, 2^63-1] so it stays 19 digits whatever the clock says,
	// and within the int64 range the real server reads IDs in
	const id = (
		1_000_000_000_000_000_000n +
		(((now << 22n) + seq) % 8_223_372_036_854_775_807n)
	).toString();
	// never hand out an id a double happens to hold exactly: a client that parsed it as a
	// number must always be caught
	return String(Number(id)) === id ? newTaskId() : id;
}

/** An 18-digit numeric string, the shape of Kling session and audio ids. */
export function newId18(): string {
	let s = String(randomInt(1, 10));
	while (s.length < 18) s += String(randomInt(0, 10));
	return s;
}

export function randomHex(bytes: number): string {
	return randomBytes(bytes).toString('hex');
}
