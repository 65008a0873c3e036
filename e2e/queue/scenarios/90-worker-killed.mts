// A worker killed (SIGKILL, as the OOM killer or a lost machine would) while Wait for Task polls
// a task. What n8n does with the execution is n8n's: its queue gives up the job once the job lock
// expires (n8n never re-runs a stalled job), and the process that queued it stores the execution
// as failed ("This execution failed to be processed too many times") with no node data at all,
// even with EXECUTIONS_DATA_SAVE_ON_PROGRESS. What the package must keep: the task ID. Every
// created task is logged by the worker the moment it exists (nodes/core/tasks/taskLog.ts), so the
// worker's log names it with its execution; no second task is created, and the task itself is
// not touched (it runs on and can be fetched with Task → Get).
// Runs last: it leaves the cluster with one worker.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { Execution } from '../../lib/scenario.mjs';
import { manualTriggerName } from '../../lib/workflows.mjs';
import type { QueueScenario } from '../context.mjs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const scenario: QueueScenario = {
	name: 'worker-killed',
	title: 'a worker killed mid-wait (poll): the execution ends crashed and still names the task ID; no second task',
	timeoutMs: 150_000,
	async run(ctx) {
		const { sim, cluster, log } = ctx;
		sim.control.configure({ taskDurationMs: 60_000 });
		const { id, workflow } = await ctx.createWorkflow('wait-poll', { TEXT: 'A task whose worker is about to die.', NODE_VERSION: 1 });
		const executionId = await cluster.main.rest.runManually(id, manualTriggerName(workflow));

		// Wait until the worker is polling: the task exists and has been queried at least twice.
		let taskId = '';
		for (const until = Date.now() + 30_000; Date.now() < until; await sleep(200)) {
			const [task] = sim.control.tasks();
			const polls = task ? (sim.control.requests() as Array<{ path: string; body: string }>).filter((r) => /query|outputs/.test(r.path) && r.body.includes(task.id)).length : 0;
			if (task && polls >= 2) {
				taskId = task.id;
				break;
			}
		}
		assert.ok(taskId, 'the worker never started polling the task');
		const [runner] = ctx.ranOn(executionId);
		const worker = cluster.workers.find((w) => w.logFile.includes(`/${runner}/`));
		assert.ok(worker, `execution ${executionId} runs on a worker (${runner})`);
		const killedAt = Date.now();
		process.kill(-worker.proc.pid, 'SIGKILL');
		await worker.proc.stop();

		// n8n's verdict, once the job lock expires and the leader's sweep runs.
		let record = await cluster.main.rest.getExecution(executionId);
		for (const until = Date.now() + 100_000; ['running', 'new'].includes(record.status) && Date.now() < until; await sleep(500)) {
			record = await cluster.main.rest.getExecution(executionId);
		}
		const verdictMs = Date.now() - killedAt;
		assert.ok(!['running', 'new'].includes(record.status), `n8n still reports the execution as ${record.status} ${verdictMs} ms after its worker died`);
		const tts = sim.control.tasks().filter((t: { endpoint: string }) => t.endpoint === 'kling-lip-sync/tts');
		assert.equal(tts.length, 1, `one task, never a second one (got ${tts.length})`);
		const status = sim.control.task(taskId)?.status;
		assert.ok(['QUEUED', 'RUNNING', 'SUCCESS'].includes(String(status)), `nobody cancelled the task (${status})`);

		// What n8n keeps: the stored execution, and the dead worker's log (what a log collector has).
		const runData = record.data?.resultData.runData ?? {};
		const stored = runData['Text to speech'] ? String(new Execution(record).output('Text to speech')[0]?.json.taskId ?? '') : '';
		if (stored) assert.equal(stored, taskId, 'the stored execution names the task ID');
		const error = record.data?.resultData.error?.message ?? '';
		const logLine = readFileSync(worker.logFile, 'utf8')
			.split('\n')
			.find((l) => l.includes(`RunningHub task ${taskId} created`));
		assert.ok(logLine, `the worker's log names task ${taskId}`);
		assert.match(logLine, new RegExp(`execution ${executionId}\\b`), `the log line names the execution: ${logLine}`);
		log(
			`killed ${runner} while it polled task ${taskId}; ${verdictMs} ms later n8n reports execution ${executionId} "${record.status}"` +
				`${error ? ` ("${error.slice(0, 90)}…")` : ''}, node data ${Object.keys(runData).length ? `kept (${Object.keys(runData).join(', ')})` : 'discarded'}; ` +
				`the task ID is ${stored ? 'in the execution and ' : ''}in the worker's log: "${logLine.trim().slice(0, 140)}"; the task is ${status}, one task in all`,
		);
	},
};
