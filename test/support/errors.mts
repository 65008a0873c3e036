import assert from 'node:assert/strict';

/** An error as the node throws it (NodeApiError / NodeOperationError). */
export interface ShownError {
	message: string;
	description?: string | null;
	context?: Record<string, unknown>;
}

/**
 * The RunningHub code of an error is in its own fields, not in the headline: `context.runningHubCode`,
 * `context.data` (n8n's "Error data") and the description's last line "RunningHub code: 1007 (NAME...".
 */
export function assertRunningHubCode(error: ShownError, code: string | number, name?: string): void {
	assert.equal(error.context?.runningHubCode, String(code), `runningHubCode of: ${error.message}`);
	assert.equal((error.context?.data as Record<string, unknown> | undefined)?.runningHubCode, String(code));
	const line = `RunningHub code: ${code}${name ? ` (${name}` : ''}`;
	assert.ok(String(error.description ?? '').split('\n').some((l) => l.startsWith(line)), `"${line}" in: ${error.description}`);
	assert.ok(!error.message.includes(`(${code}`), `the headline keeps no code: ${error.message}`);
}
