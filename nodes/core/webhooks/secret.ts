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

/**
 * From node version 2 the Trigger's URL carries the secret as its last path segment,
 * `.../runninghub/<secret>`, so the URL n8n shows (Webhook URLs, Test URL) is the one to give
 * RunningHub as it is. A path segment takes only URL-safe characters: nothing is encoded, and
 * the URL reads the same in n8n, in RunningHub and in a browser.
 */
export const TRIGGER_PATH = 'runninghub';
export const PATH_SECRET_CHARACTERS = 'letters, digits, - _ . ~';
const PATH_SAFE = /^[A-Za-z0-9._~-]+$/;

/** Why a secret cannot be a version-2 Trigger's path secret, or undefined when it can. */
export function pathSecretProblem(secret: string): string | undefined {
	if (secret.length < MIN_SECRET_LENGTH) return `it has ${secret.length} characters; it needs at least ${MIN_SECRET_LENGTH}`;
	if (!PATH_SAFE.test(secret)) return `it may only contain ${PATH_SECRET_CHARACTERS} (it becomes the last part of the webhook URL)`;
	return undefined;
}

/**
 * The webhook path by node version (n8n evaluates it for the node, in the editor and the
 * server): version 1 keeps `runninghub` and its `?secret=`; version 2 appends the secret.
 */
export const TRIGGER_WEBHOOK_PATH = `={{ $nodeVersion >= 2 ? "${TRIGGER_PATH}/" + ($parameter["secret"] || "") : "${TRIGGER_PATH}" }}`;

/** The secret in the last segment of a request path or URL after `/runninghub/`, if any. */
export function secretFromPath(path: unknown): string | undefined {
	if (typeof path !== 'string') return undefined;
	const pathname = path.split(/[?#]/)[0];
	const match = new RegExp(`/${TRIGGER_PATH}/([^/]+)/*$`).exec(pathname);
	return match ? match[1] : undefined;
}
