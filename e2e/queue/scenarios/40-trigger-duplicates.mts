// RunningHub Trigger on webhook processors, fed the same task event twice. The Trigger's
// de-duplication has two layers: a claim in the process's memory (catches copies that arrive
// together at one process) and a list in the workflow's static data (n8n saves it after the
// webhook call, so later copies on any process see it). Two copies that reach two processors
// before either has saved can both start an execution: this scenario measures each timing and
// asserts what the README's "Queue mode" section promises:
//   together, one processor             → 1 execution (the recommended set-up: every RunningHub
//                                          delivery for a trigger goes to one webhook processor)
//   one after the other, two processors → 1 execution
//   together, two processors            → measured and reported (not de-duplicated)
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';

import type { QueueContext, QueueScenario } from '../context.mjs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Ev = { taskId: string; eventData: string };

/** Waits until the workflow's execution count stops changing for quietMs. */
async function settledCount(ctx: QueueContext, workflowId: string, atLeast: number, quietMs = 2500): Promise<number> {
	let last = -1;
	let stableSince = Date.now();
	for (const until = Date.now() + 45_000; Date.now() < until; await sleep(300)) {
		const list = await ctx.executionsOf(workflowId);
		const done = list.filter((e) => !['new', 'running'].includes(e.status)).length;
		if (list.length !== last || done !== list.length) {
			last = list.length;
			stableSince = Date.now();
		} else if (last >= atLeast && Date.now() - stableSince >= quietMs) return last;
	}
	return last;
}

export const scenario: QueueScenario = {
	name: 'trigger-duplicates',
	title: 'RunningHub Trigger on webhook processors: duplicate task events on one and on two processors, executions counted',
	timeoutMs: 240_000,
	async run(ctx) {
		const { sim, cluster, log } = ctx;
		// Events are recorded at once but held back, so this scenario decides when and where each copy goes.
		sim.control.configure({ taskDurationMs: 300, webhook: { ...sim.control.config().webhook, delayMs: 600_000 } });
		const second = cluster.webhooks[1] ?? (await cluster.addWebhookProcessor());
		const webhookId = randomUUID();
		const secret = randomBytes(24).toString('hex');
		const { id } = await ctx.createWorkflow('trigger-paths', { WEBHOOK_ID: webhookId, SECRET: secret, TRIGGER_VERSION: 1 });
		await cluster.main.rest.publicApi('POST', `/workflows/${id}/activate`);
		const path = `/webhook/${webhookId}/runninghub?secret=${secret}`;
		const processors = [cluster.webhookBase, second.baseUrl];
		const post = async (base: string, ev: Ev) => {
			const res = await fetch(base + path, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ event: 'TASK_END', taskId: ev.taskId, eventData: ev.eventData }),
			});
			return { status: res.status, text: await res.text() };
		};
		// Both processors serve the webhook once main registered it (404 until then).
		for (const base of processors) {
			let status = 404;
			for (const until = Date.now() + 15_000; status === 404 && Date.now() < until; await sleep(200)) {
				status = (await fetch(base + `/webhook/${webhookId}/runninghub`, { method: 'POST', body: '{}' })).status;
			}
			assert.equal(status, 401, `${base} serves the trigger (a delivery without the secret is refused), got ${status}`);
		}

		const finishedTask = async (text: string): Promise<Ev> => {
			const submitted = await sim.api('/openapi/v2/kling-lip-sync/tts', {
				text,
				voiceId: 'genshin_vindi2',
				voiceLanguage: 'zh',
				voiceSpeed: 1,
				webhookUrl: `${cluster.webhookBase}${path}`,
			});
			const taskId = String(submitted?.taskId ?? '');
			assert.match(taskId, /^\d{19}$/, JSON.stringify(submitted));
			await sim.control.waitForTask(taskId, ['SUCCESS'], 20_000);
			const ev = (sim.control.webhookEvents() as Ev[]).find((e) => e.taskId === taskId);
			assert.ok(ev, `the simulator recorded no event for ${taskId}`);
			return ev;
		};

		let total = 0;
		const measure = async (label: string, deliver: (ev: Ev) => Promise<Array<{ status: number }>>) => {
			const ev = await finishedTask(`Duplicate delivery test: ${label}.`);
			const answers = await deliver(ev);
			assert.ok(answers.every((a) => a.status === 200), `${label}: every copy is acknowledged (${answers.map((a) => a.status).join(', ')})`);
			const count = (await settledCount(ctx, id, total + 1)) - total;
			total += count;
			return count;
		};
		const togetherOne = await measure('together, one processor', (ev) => Promise.all([post(processors[0], ev), post(processors[0], ev)]));
		const apartTwo = await measure('one after the other, two processors', async (ev) => {
			const first = await post(processors[0], ev);
			await settledCount(ctx, id, total + 1, 1000);
			return [first, await post(processors[1], ev)];
		});
		const togetherTwo = await measure('together, two processors', (ev) => Promise.all([post(processors[0], ev), post(processors[1], ev)]));

		log(`executions started per task event delivered twice: together on one processor ${togetherOne}, one after the other on two ${apartTwo}, together on two ${togetherTwo}`);
		assert.equal(togetherOne, 1, 'two copies at once on one webhook processor start one execution');
		assert.equal(apartTwo, 1, 'a copy arriving after the first was handled starts nothing, on any processor');
		assert.ok(togetherTwo >= 1 && togetherTwo <= 2, `two copies at once on two processors start one or two executions (${togetherTwo})`);
		const list = await ctx.executionsOf(id);
		assert.ok(list.every((e) => e.status === 'success'), `every execution succeeded: ${JSON.stringify(list)}`);
	},
};
