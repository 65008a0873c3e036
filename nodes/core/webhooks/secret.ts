import { createHash, randomBytes, timingSafeEqual } from 'crypto';

/** The query parameter a delivery URL carries its secret in: `...?secret=<value>`. */
export const SECRET_QUERY_PARAMETER = 'secret';

/** Shortest secret the trigger accepts (a guessable secret protects nothing). */
export const MIN_SECRET_LENGTH = 16;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares a provided secret with the expected one in constant time. Both are hashed first, so
 * the comparison takes the same time whatever the lengths (timingSafeEqual needs equal lengths
 * and would otherwise leak the expected length). Anything but one non-empty string is refused,
 * including a repeated query parameter (`?secret=a&secret=b` arrives as an array).
 */
export function secretMatches(provided: unknown, expected: string): boolean {
	if (typeof provided !== 'string' || provided === '' || expected === '') return false;
	return timingSafeEqual(digest(provided), digest(expected));
}

/** The secret a request carries in its query string, if exactly one. */
export function secretFromQuery(query: unknown): unknown {
	if (!query || typeof query !== 'object') return undefined;
	return (query as Record<string, unknown>)[SECRET_QUERY_PARAMETER];
}

/** A new random secret (URL-safe, 43 characters), e.g. to suggest to the user. */
export function generateSecret(): string {
	return randomBytes(32).toString('base64url');
}
