// The workflow templates users import (templates/*.json): real n8n nodes for Google Drive, Sheets,
// Slack, forms and S3 around the RunningHub nodes. They call third-party services, so they are
// imported and checked (e2e scenario templates, test/templates), never run end to end.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WorkflowJson } from './rest.mjs';
import { REPO_ROOT } from './runtime.mjs';

export const TEMPLATES_DIR = join(REPO_ROOT, 'templates');

export function templateWorkflows(dir = TEMPLATES_DIR): Array<{ file: string; workflow: WorkflowJson }> {
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowJson }));
}
