// The contract of a queue-mode scenario (e2e/queue/scenarios/*.mts): the regular scenario
// context on the cluster's main process, plus the cluster and a way to tell which process ran
// an execution (from the processes' own logs).
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import type { Cluster } from '../lib/cluster.mjs';
import type { ScenarioContext } from '../lib/scenario.mjs';
import { E2E_DIR } from '../lib/runtime.mjs';

export interface QueueScenario {
	name: string;
	title: string;
	timeoutMs?: number;
	run(ctx: QueueContext): Promise<void>;
}

export interface QueueContext extends ScenarioContext {
	cluster: Cluster;
	/** Folder names ("worker-1", "main"...) of the processes whose log says they ran this execution. */
	ranOn(executionId: string): string[];
	/** Executions of a workflow, newest first (public API). */
	executionsOf(workflowId: string): Promise<Array<{ id: string; status: string }>>;
	/** Path of a workflow file of the queue suite, for createWorkflow / runWorkflow. */
	workflowFile(name: string): string;
}

/** A worker logs "Worker started execution <id> (job <n>)" when it picks a job. */
export function processesThatRan(cluster: Cluster, executionId: string): string[] {
	const started = new RegExp(`started execution ${executionId}\\b`);
	const procs = [...cluster.workers, cluster.main.n8n];
	return procs
		.filter((p) => {
			try {
				return started.test(readFileSync(p.logFile, 'utf8'));
			} catch {
				return false;
			}
		})
		.map((p) => basename(dirname(p.logFile)));
}

export function queueContext(base: ScenarioContext, cluster: Cluster): QueueContext {
	return {
		...base,
		cluster,
		ranOn: (id) => processesThatRan(cluster, id),
		async executionsOf(workflowId) {
			const res = await cluster.main.rest.publicApi<{ data: Array<{ id: string; status: string }> }>(
				'GET',
				`/executions?workflowId=${workflowId}&limit=100`,
			);
			return res.data.map((e) => ({ id: String(e.id), status: e.status }));
		},
		workflowFile: (name) => join(E2E_DIR, 'queue', 'workflows', `${name}.json`),
	};
}
