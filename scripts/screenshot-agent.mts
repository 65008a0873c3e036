// The screenshot of an AI Agent run with RunningHub tools, for the README (docs/images/ai-agent-run.png).
//
//   npx tsx scripts/screenshot-agent.mts [--out docs/images] [--tarball pkg.tgz] [--n8n 2.8.4]
//
// Starts its own demo instance (packed package, simulator, credential) and the scripted chat
// model of the ai-agent e2e (e2e/lib/agent.mts), runs the agent workflow once (speech, then an
// image, then the answer), and shoots n8n's execution view of that run with headless Chromium
// (apt-get install -y chromium). Also prints the bytes of each tool result the model saw.
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { agentScript, agentWorkflow, HAPPY, runAgentWorkflow } from '../e2e/lib/agent.mjs';
import { startDemo } from '../e2e/lib/demo.mjs';
import { freePort } from '../e2e/lib/ports.mjs';
import { stopAll } from '../e2e/lib/procs.mjs';
import { isN8nVersion, REPO_ROOT } from '../e2e/lib/runtime.mjs';
import { startScriptedModel } from '../e2e/lib/scriptedModel.mjs';
import { openEditor, runMain, settle, signIn, tidy } from './lib/editor.mts';

const { values } = parseArgs({
	options: {
		out: { type: 'string', default: join(REPO_ROOT, 'docs', 'images') },
		tarball: { type: 'string' },
		n8n: { type: 'string', default: '2.8.4' },
	},
});

async function main(): Promise<void> {
	const outDir = resolve(values.out as string);
	mkdirSync(outDir, { recursive: true });
	const version = values.n8n as string;
	if (!isN8nVersion(version)) throw new Error(`unknown n8n version ${version}`);
	const workDir = mkdtempSync(join(tmpdir(), 'rh-agent-shot-'));
	try {
		const demo = await startDemo({
			port: await freePort(),
			version,
			workDir,
			tarball: values.tarball ? resolve(values.tarball) : undefined,
			simTaskDurationMs: 800,
			log: (l) => console.log(`[agent-shot] ${l}`),
		});
		const model = await startScriptedModel(agentScript);
		const { instance } = demo;
		const openAi = await instance.rest.createCredential('Scripted model', 'openAiApi', { apiKey: 'sk-scripted-demo', url: model.url, header: false });
		const workflow = await agentWorkflow(instance, HAPPY, openAi);
		workflow.name = 'AI Agent with RunningHub tools';
		const record = await runAgentWorkflow(instance, workflow);
		if (record.status !== 'success') throw new Error(`the agent run ended ${record.status}`);
		console.log(`tool results the model saw (bytes): ${model.toolResults().map((r) => `${r.tool} ${r.bytes}`).join(', ')}`);
		const workflowId = String((record as { workflowId?: string }).workflowId);

		const editor = await openEditor({ width: 1280, height: 900 });
		try {
			const { page } = editor;
			await signIn(page, demo.url, demo.owner);
			await page.goto(`${demo.url}/workflow/${workflowId}/executions/${record.id}`);
			// The executions tab shows the run in a preview frame (n8n's workflow preview).
			await page.frameLocator('iframe').first().locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 30_000 });
			await settle(page, 1500);
			await tidy(page);
			// The logs panel lists the agent's steps: each model call and each tool call.
			const preview = page.frameLocator('iframe').first();
			await preview.getByText('Logs', { exact: true }).first().click({ timeout: 5000 }).catch(() => console.log('[agent-shot] no Logs panel to open'));
			await page.waitForTimeout(1200);
			const path = join(outDir, 'ai-agent-run.png');
			await page.screenshot({ path });
			console.log(`wrote ${relative(REPO_ROOT, path)} (${Math.round(statSync(path).size / 1024)} KB)`);
		} finally {
			await editor.close();
			await model.close();
		}
	} finally {
		await stopAll();
		rmSync(workDir, { recursive: true, force: true });
	}
}

runMain(main);
