// RunningHub Trigger in an active workflow, fed by the simulator's webhook deliveries:
// - version 2 (new nodes): the URL n8n registers ends with the secret (…/runninghub/<secret>),
//   and only that URL starts anything (the bare path or a wrong secret: 404 or 401);
// - a delivery without the secret, or with a wrong one, is refused and starts nothing;
// - a succeeded task starts one execution that takes the succeeded path, with the output
//   downloaded; delivering the same event again (RunningHub retries) starts nothing more;
// - a delivery with the right secret but a forged task ID starts nothing (Verify with API);
// - a failed task starts one execution that takes the failed path;
// - a saved version-1 Trigger keeps its URL …/runninghub?secret=<secret>.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';

import { Execution, type Scenario, type ScenarioContext } from '../lib/scenario.mjs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Listed = { id: string; status: string };

async function executionsOf(ctx: ScenarioContext, workflowId: string): Promise<Listed[]> {
	return (await ctx.instance.rest.publicApi<{ data: Listed[] }>('GET', `/executions?workflowId=${workflowId}`)).data;
}

/** Waits until `count` executions of the workflow finished, then a moment more to catch extras. */
async function settledExecutions(ctx: ScenarioContext, workflowId: string, count: number): Promise<Listed[]> {
	const done = (list: Listed[]) => list.filter((e) => !['running', 'new'].includes(e.status));
	for (const until = Date.now() + 30_000; Date.now() < until; await sleep(250)) {
		if (done(await executionsOf(ctx, workflowId)).length >= count) break;
	}
	await sleep(1500);
	return await executionsOf(ctx, workflowId);
}

async function post(url: string, body: string): Promise<{ status: number; text: string }> {
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
	return { status: res.status, text: await res.text() };
}

export const scenario: Scenario = {
	name: 'trigger',
	title: 'RunningHub Trigger (active): one execution per task event, duplicates and forgeries start none, failed path',
	requires: [{ node: 'runningHubTrigger' }],
	timeoutMs: 120_000,
	async run(ctx) {
		const { createWorkflow, instance, sim, log } = ctx;
		const webhookId = randomUUID();
		const secret = randomBytes(24).toString('hex');
		const { id } = await createWorkflow('trigger-paths', { WEBHOOK_ID: webhookId, SECRET: secret, TRIGGER_VERSION: 2 });
		await instance.rest.publicApi('POST', `/workflows/${id}/activate`);
		const base = `${instance.n8n.baseUrl}/webhook/${webhookId}/runninghub`;
		const url = `${base}/${secret}`;
		const event = (taskId: string) => JSON.stringify({ event: 'TASK_END', taskId, eventData: JSON.stringify({ code: 0, msg: 'success', data: [] }) });

		// Registration can lag the activation call by a moment (2.40): 404 until then. The URL
		// with the secret answers (a forged task ID is acknowledged and ignored).
		let first = { status: 404, text: '' };
		for (const until = Date.now() + 10_000; Date.now() < until && first.status === 404; await sleep(200)) {
			first = await post(url, event('1999999999999999998'));
		}
		assert.equal(first.status, 200, `the URL ending with the secret should be registered (got ${first.status} ${first.text})`);
		for (const [what, other] of [['without the secret', base], ['with ?secret= (version 1\'s URL)', `${base}?secret=${secret}`], ['with a wrong secret', `${base}/${secret.slice(0, -2)}xx`]]) {
			const refused = await post(other, event('1'));
			assert.ok([401, 404].includes(refused.status), `a delivery ${what} should be refused (got ${refused.status} ${refused.text})`);
		}

		const speak = async (text: string, webhookUrl = url) => {
			const submitted = await sim.api('/openapi/v2/kling-lip-sync/tts', {
				text,
				voiceId: 'genshin_vindi2',
				voiceLanguage: 'zh',
				voiceSpeed: 1,
				webhookUrl,
			});
			const taskId = String(submitted?.taskId ?? '');
			assert.match(taskId, /^\d{19}$/, `the simulator refused the task: ${JSON.stringify(submitted)}`);
			return taskId;
		};

		// A succeeded task, then the same event delivered again.
		const okTask = await speak('A task that reports back to the trigger.');
		let list = await settledExecutions(ctx, id, 1);
		assert.equal(list.length, 1, `the refused deliveries start nothing and the task starts one execution; got ${list.length}`);
		const original = sim.control.webhookDeliveries().find((d: { taskId: string }) => d.taskId === okTask);
		assert.ok(original?.ok, `the simulator's delivery failed: ${JSON.stringify(original)}`);
		const again = await sim.control.deliver({ url: original.url, body: original.requestBody, headers: { 'content-type': 'application/json' } });
		assert.equal(again.status, 200, `a duplicate is acknowledged so RunningHub stops retrying (got ${again.status})`);

		// The right secret with a task ID RunningHub never issued.
		const forged = await post(url, event('1999999999999999999'));
		assert.ok(forged.status < 500, `a forged task ID is answered, not crashed on (got ${forged.status})`);

		list = await settledExecutions(ctx, id, 1);
		assert.equal(list.length, 1, `a duplicate delivery and a forged task ID start no execution; got ${list.length}`);
		const succeeded = new Execution(await instance.rest.getExecution(String(list[0].id)));
		succeeded.assertSuccess();
		const [item] = succeeded.output('RunningHub Trigger');
		assert.equal(item.json.taskId, okTask, JSON.stringify(item.json).slice(0, 400));
		assert.equal(item.json.state, 'succeeded');
		assert.equal(item.binary?.data?.mimeType, 'audio/mpeg', 'the output was downloaded');
		assert.equal(succeeded.output('Succeeded path').length, 1);
		log(`task ${okTask} → execution ${succeeded.id}; duplicate answered ${again.status}, forged answered ${forged.status}`);

		// A failed task takes the failed path.
		sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', fail: { errorCode: '805', errorMessage: 'Simulated generation failure' } });
		const failedTask = await speak('A task that fails.');
		list = await settledExecutions(ctx, id, 2);
		assert.equal(list.length, 2, `the failed task starts one execution; got ${list.length}`);
		const failedId = list.map((e) => String(e.id)).find((e) => e !== succeeded.id) as string;
		const failedRun = new Execution(await instance.rest.getExecution(failedId));
		failedRun.assertSuccess();
		const [failedItem] = failedRun.output('RunningHub Trigger');
		assert.equal(failedItem.json.taskId, failedTask);
		assert.equal(failedItem.json.state, 'failed', JSON.stringify(failedItem.json).slice(0, 400));
		assert.equal(failedRun.output('Failed path').length, 1, 'the failed task reaches the failed path');
		log(`failed task ${failedTask} → execution ${failedRun.id}: ${JSON.stringify(failedItem.json).slice(0, 200)}`);
		await instance.rest.publicApi('POST', `/workflows/${id}/deactivate`);

		// A saved version-1 Trigger: its URL is still …/runninghub?secret=, and a task sent there starts one execution.
		const v1Hook = randomUUID();
		const v1 = await createWorkflow('trigger-paths', { WEBHOOK_ID: v1Hook, SECRET: secret, TRIGGER_VERSION: 1 });
		await instance.rest.publicApi('POST', `/workflows/${v1.id}/activate`);
		const v1Url = `${instance.n8n.baseUrl}/webhook/${v1Hook}/runninghub`;
		let bare = { status: 404, text: '' };
		for (const until = Date.now() + 10_000; Date.now() < until && bare.status === 404; await sleep(200)) {
			bare = await post(v1Url, event('1'));
		}
		assert.equal(bare.status, 401, `version 1 keeps its path and wants ?secret= (got ${bare.status} ${bare.text})`);
		const v1Task = await speak('A task for a version-1 trigger.', `${v1Url}?secret=${secret}`);
		const v1List = await settledExecutions(ctx, v1.id, 1);
		assert.equal(v1List.length, 1, `the version-1 trigger starts one execution; got ${v1List.length}`);
		const v1Run = new Execution(await instance.rest.getExecution(String(v1List[0].id)));
		assert.equal(v1Run.output('RunningHub Trigger')[0].json.taskId, v1Task);
		log(`version 1: task ${v1Task} → execution ${v1Run.id} via ?secret=`);
	},
};
