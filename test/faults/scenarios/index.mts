/** Every scenario of the fault-injection suite, in the order the suite runs them. */
import type { Scenario } from '../flows.mts';
import { ANSWERS } from './answers.mts';
import { BATCH } from './batch.mts';
import { CODES } from './codes.mts';
import { EXACT } from './exact.mts';
import { DOWNLOADS } from './downloads.mts';
import { HOSTILE } from './hostile.mts';
import { MEDIA_SECRETS } from './media-secrets.mts';
import { SECRETS } from './secrets.mts';
import { SUBMIT_OUTCOMES } from './submit-outcomes.mts';
import { TASKS } from './tasks.mts';
import { TRANSPORT } from './transport.mts';
import { WEBHOOKS } from './webhooks.mts';

export type { Scenario };

export const SCENARIOS: Scenario[] = [
	...TRANSPORT,
	...CODES,
	...TASKS,
	...WEBHOOKS,
	...HOSTILE,
	...SECRETS,
	...SUBMIT_OUTCOMES,
	...EXACT,
	...DOWNLOADS,
	...BATCH,
	...ANSWERS,
	...MEDIA_SECRETS,
];
