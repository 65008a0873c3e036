// RunningHub Trigger in an active workflow: a task submitted with the trigger's Production URL
// (plus ?secret=) as its webhookUrl starts one execution when it ends; the trigger re-reads the
// task through the API and downloads its output. A delivery without the secret is refused (401)
// and starts nothing.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';

import { Execution, type Scenario } from '../lib/scenario.mjs';

export const scenario: Scenario = {
	name: 'trigger',
	title: 'RunningHub Trigger (active workflow): task event → one execution; no secret → 401',
	requires: [{ node: 'runningHubTrigger' }],
	async run({ createWorkflow, instance, sim, log }) {
		const webhookId = randomUUID();
		const secret = randomBytes(24).toString('hex');
		const { id } = await createWorkflow('trigger', { WEBHOOK_ID: webhookId, SECRET: secret });
		await instance.rest.publicApi('POST', `/workflows/${id}/activate`);
		const url = `${instance.n8n.baseUrl}/webhook/${webhookId}/runninghub`;

		// Registration can lag the activation call by a moment (2.40): 404 until then.
		let refused: Response | null = null;
		for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
			refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":"TASK_END","taskId":"1"}' });
			await refused.text();
			if (refused.status !== 404) break;
		}
		assert.equal(refused?.status, 401, `a delivery without the secret should be refused (got ${refused?.status})`);

		const submitted = await sim.api('/openapi/v2/kling-lip-sync/tts', {
			text: 'A task that reports back to the trigger.',
			voiceId: 'genshin_vindi2',
			voiceLanguage: 'zh',
			voiceSpeed: 1,
			webhookUrl: `${url}?secret=${secret}`,
		});
		const taskId = String(submitted?.taskId ?? '');
		assert.match(taskId, /^\d{19}$/, `the simulator refused the task: ${JSON.stringify(submitted)}`);

		let list: Array<{ id: string; status: string }> = [];
		for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
			list = (await instance.rest.publicApi<{ data: Array<{ id: string; status: string }> }>('GET', `/executions?workflowId=${id}`)).data;
			if (list.some((e) => e.status !== 'running' && e.status !== 'new')) break;
		}
		assert.equal(list.length, 1, `expected exactly one execution (the refused delivery starts none), got ${list.length}`);
		const execution = new Execution(await instance.rest.getExecution(String(list[0].id)));
		execution.assertSuccess();
		const [item] = execution.output('RunningHub Trigger');
		assert.equal(item.json.taskId, taskId, JSON.stringify(item.json).slice(0, 400));
		assert.equal(item.binary?.data?.mimeType, 'audio/mpeg', 'the output was downloaded');
		log(`task ${taskId} → execution ${execution.id}: ${JSON.stringify(item.json).slice(0, 200)}`);
	},
};
