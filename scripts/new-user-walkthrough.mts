// A new user's path from a blank canvas to a talking video, driven in the real n8n editor.
//
//   npx tsx scripts/new-user-walkthrough.mts [--url http://127.0.0.1:5678 --sim-url http://127.0.0.1:PORT]
//                                            [--out docs/images] [--report <file.json>] [--debug <dir>]
//
// Without --url it starts its own demo instance (n8n 2.8.4, the packed package, the simulator;
// the same code as `npm run demo`) and removes the demo's credential, so the user creates their
// own as a new user would. Then headless Chromium does, step by step, what a new user does:
// create a workflow, add the RunningHub node's "Lip sync a video" action from the nodes panel,
// create the credential, paste a video URL, type a script, execute the step and look at the
// video in the output. Every step records its UI actions (clicks, fields typed, characters,
// waits for n8n), the words the user has to read, and its wall time. The figures and the
// keystroke-level-model estimate are written up by hand in docs/new-user-walkthrough.md.
//
// This is a scripted walkthrough, not a user study: it shows the shortest path exists and what
// it costs in actions, not how long a real person hesitates.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import type { Locator } from 'playwright-core';

import { DEMO_OWNER, startDemo } from '../e2e/lib/demo.mjs';
import { writeMediaFixture } from '../e2e/lib/fixtures.mjs';
import { freePort } from '../e2e/lib/ports.mjs';
import { stopAll } from '../e2e/lib/procs.mjs';
import { N8nRest } from '../e2e/lib/rest.mjs';
import { REPO_ROOT } from '../e2e/lib/runtime.mjs';
import { SIM_KEYS } from '../simulator/keys.mts';
import { openEditor, runMain, settle, signIn, tidy } from './lib/editor.mts';
/** What the new user types: a one-sentence script (86 characters). */
const SCRIPT = 'Hi, I am Alex. This video was made in n8n with RunningHub from a blank canvas. Enjoy!';

const { values } = parseArgs({
	options: {
		url: { type: 'string' },
		'sim-url': { type: 'string' },
		out: { type: 'string', default: join(REPO_ROOT, 'docs', 'images') },
		report: { type: 'string' },
		debug: { type: 'string' },
	},
});

/** One step of the walkthrough and what it cost. */
interface Step {
	name: string;
	clicks: number;
	/** Fields typed into (each one a homing to the keyboard and back). */
	fields: number;
	/** Characters typed by hand. */
	chars: number;
	/** Pastes (Ctrl+V of something copied elsewhere). */
	pastes: number;
	/** Scrolls to bring something into view. */
	scrolls: number;
	/** Waits for n8n or RunningHub the user sits through. */
	waits: number;
	/** Milliseconds of those waits (the system's response time, measured). */
	waitMs: number;
	/** Words of new text on screen the user reads to decide (panel labels, hints, notices). */
	words: number;
	/** Wall time of the scripted step. */
	ms: number;
	/** Only because the simulator stands in for RunningHub (a real user does not do this). */
	simulatorOnly?: boolean;
	note?: string;
}

class Recorder {
	readonly steps: Step[] = [];
	private current: Step | null = null;
	private started = 0;

	begin(name: string, extra: Partial<Step> = {}): void {
		this.current = { name, clicks: 0, scrolls: 0, fields: 0, chars: 0, pastes: 0, waits: 0, waitMs: 0, words: 0, ms: 0, ...extra };
		this.started = Date.now();
	}

	end(): Step {
		const step = this.current!;
		step.ms = Date.now() - this.started;
		this.steps.push(step);
		this.current = null;
		console.log(`[walkthrough] ${step.name}: ${step.clicks} click(s), ${step.scrolls} scroll(s), ${step.fields} field(s), ${step.chars} char(s), ${step.pastes} paste(s), ${step.waits} wait(s) ${step.waitMs} ms, ${step.words} words, ${step.ms} ms`);
		return step;
	}

	get step(): Step {
		if (!this.current) throw new Error('no step begun');
		return this.current;
	}

	async click(target: Locator): Promise<void> {
		await target.click();
		this.step.clicks++;
	}

	async type(target: Locator, text: string): Promise<void> {
		await target.click();
		this.step.clicks++;
		await target.pressSequentially(text, { delay: 0 });
		this.step.fields++;
		this.step.chars += text.length;
	}

	/** A paste: the value is put in the field as Ctrl+V would. */
	async paste(target: Locator, text: string): Promise<void> {
		await target.click();
		this.step.clicks++;
		await target.fill(text);
		this.step.fields++;
		this.step.pastes++;
	}

	/** Waits for n8n and counts it as a wait the user sits through. */
	async wait(what: () => Promise<unknown>): Promise<void> {
		const t = Date.now();
		await what();
		this.step.waits++;
		this.step.waitMs += Date.now() - t;
	}

	/** Counts the words of a panel's text the user reads in this step. */
	async read(target: Locator): Promise<void> {
		const text = (await target.innerText().catch(() => '')) ?? '';
		this.step.words += text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
	}
}

async function main(): Promise<void> {
	const outDir = resolve(values.out as string);
	mkdirSync(outDir, { recursive: true });
	const debugDir = values.debug ? resolve(values.debug) : null;
	if (debugDir) mkdirSync(debugDir, { recursive: true });

	let baseUrl = values.url?.replace(/\/+$/, '');
	let simUrl = values['sim-url']?.replace(/\/+$/, '');
	let workDir: string | null = null;
	let uploadVideo: (bytes: Buffer) => Promise<string>;
	if (!baseUrl) {
		workDir = mkdtempSync(join(tmpdir(), 'rh-walkthrough-'));
		const demo = await startDemo({ port: await freePort(), workDir, version: '2.8.4', simTaskDurationMs: 3000, log: (l) => console.log(`[walkthrough] ${l}`) });
		baseUrl = demo.url;
		simUrl = demo.sim!.url;
		const sim = demo.sim!;
		uploadVideo = (bytes) => sim.upload(bytes, 'presenter.mp4');
	} else {
		if (!simUrl) throw new Error('--url needs --sim-url (the simulator the demo started)');
		const at = simUrl;
		uploadVideo = async (bytes) => {
			const form = new FormData();
			form.append('file', new Blob([new Uint8Array(bytes)], { type: "video/mp4" }), 'presenter.mp4');
			const answer = (await (await fetch(`${at}/openapi/v2/media/upload/binary`, { method: 'POST', headers: { Authorization: `Bearer ${SIM_KEYS.aiShared}` }, body: form })).json()) as { data?: { download_url?: string } };
			if (!answer.data?.download_url) throw new Error(`the simulator did not take the upload: ${JSON.stringify(answer)}`);
			return answer.data.download_url;
		};
	}
	const rest = new N8nRest(baseUrl);
	await rest.login(DEMO_OWNER);
	// A new user has no RunningHub credential yet: remove the demo's.
	const answer = await rest.request<{ data?: Array<{ id: string; type: string }> } | Array<{ id: string; type: string }>>('GET', '/rest/credentials');
	for (const c of Array.isArray(answer) ? answer : (answer.data ?? [])) {
		if (c.type === 'runningHubApi') await rest.request('DELETE', `/rest/credentials/${c.id}`);
	}
	// The presenter video the user already has at a public URL (uploaded to the simulator's file host).
	const fixtureDir = mkdtempSync(join(tmpdir(), 'rh-walkthrough-video-'));
	const video = await writeMediaFixture(fixtureDir, 'presenter.mp4', { durationMs: 10_000 });
	const videoUrl = await uploadVideo(video.bytes);

	const editor = await openEditor();
	const { page } = editor;
	const rec = new Recorder();
	let shotNo = 0;
	const debugShot = async (label: string) => {
		if (debugDir) await page.screenshot({ path: join(debugDir, `${String(++shotNo).padStart(2, '0')}-${label}.png`) });
	};
	const ndv = page.locator('[data-test-id="ndv"]');
	const param = (name: string) => ndv.locator(`[data-test-id="parameter-input-${name}"]`).first();
	try {
		// Signing in is not part of the path: the user has n8n open already.
		await signIn(page, baseUrl, DEMO_OWNER);
		await settle(page, 1000);
		await tidy(page);

		rec.begin('1. Create a workflow (blank canvas)');
		await rec.wait(() => page.goto(`${baseUrl}/home/workflows`, { waitUntil: 'domcontentloaded' }));
		const create = page.locator('[data-test-id="add-resource-workflow"], [data-test-id="resources-list-add"]').first();
		await rec.click(create);
		await rec.wait(() => page.waitForSelector('[data-test-id="canvas-add-button"]', { timeout: 30_000 }));
		await settle(page);
		await tidy(page);
		await debugShot('blank-canvas');
		rec.end();

		rec.begin('2. Open the nodes panel and search "RunningHub"');
		await rec.click(page.locator('[data-test-id="canvas-add-button"]').first());
		const search = page.locator('[data-test-id="node-creator-search-bar"]');
		await rec.wait(() => search.waitFor({ timeout: 10_000 }));
		await rec.read(page.locator('[data-test-id="node-creator"]'));
		await search.pressSequentially('RunningHub', { delay: 0 });
		rec.step.fields++;
		rec.step.chars += 'RunningHub'.length;
		await settle(page, 600);
		await debugShot('search');
		rec.end();

		rec.begin('3. Pick RunningHub, then the action "Lip sync a video"');
		const creator = page.locator('[data-test-id="node-creator"]');
		await rec.read(creator);
		const app = creator.locator('[data-test-id="node-creator-node-item"], [data-test-id="node-creator-action-item"]').filter({ hasText: /^RunningHub/ }).filter({ hasNotText: 'Wait' }).first();
		await rec.click(app);
		await settle(page, 600);
		await debugShot('actions');
		await rec.read(creator);
		const action = creator.getByText('Lip sync a video', { exact: true }).first();
		// On a blank canvas n8n lists the triggers first and folds the actions away.
		if (!(await action.isVisible())) {
			await rec.click(creator.getByText(/^Actions \(\d+\)/).first());
			await settle(page, 500);
			await debugShot('actions-open');
			await rec.read(creator);
		}
		// It is under "Lip Sync actions", below the fold: the user scrolls down to it.
		await action.scrollIntoViewIfNeeded();
		rec.step.scrolls++;
		await debugShot('lip-sync-action');
		await rec.click(action);
		await rec.wait(() => ndv.waitFor({ timeout: 15_000 }));
		await settle(page, 800);
		await debugShot('ndv');
		rec.end();

		rec.begin('4. Create the credential (API key)');
		await rec.read(ndv.locator('[data-test-id="node-parameters"]').first());
		// n8n offers "Set up credential" on a node whose credential is missing.
		const setUp = ndv.getByText(/Set up credential|Create new credential/).first();
		const select = ndv.locator('[data-test-id="node-credentials-select"]').first();
		if (await setUp.count()) await rec.click(setUp);
		else {
			await rec.click(select);
			await rec.click(page.getByText('Create new credential').first());
		}
		const modal = page.locator('[data-test-id="editCredential-modal"]');
		await rec.wait(() => modal.waitFor({ timeout: 15_000 }));
		await settle(page, 600);
		await debugShot('credential-modal');
		await rec.read(modal);
		await rec.paste(modal.locator('[data-test-id="parameter-input-apiKey"] input').first(), SIM_KEYS.aiShared);
		rec.end();

		rec.begin('4b. Point the credential at the simulator (Site → Custom, Base URL)', { simulatorOnly: true, note: 'only because the simulator stands in for runninghub.ai' });
		await rec.click(modal.locator('[data-test-id="parameter-input-site"]').first());
		await rec.click(page.locator('.el-select-dropdown__item, [role="option"]').filter({ hasText: /custom/i }).first());
		await settle(page, 300);
		await rec.paste(modal.locator('[data-test-id="parameter-input-baseUrl"] input').first(), simUrl!);
		rec.end();

		rec.begin('5. Save; n8n tests the key');
		await rec.click(modal.locator('[data-test-id="credential-save-button"]').first());
		const tested = modal.getByText(/Connection tested successfully|Couldn.t connect|not a RunningHub API|membership key/).first();
		await rec.wait(() => tested.waitFor({ timeout: 30_000 }));
		await settle(page, 500);
		await debugShot('credential-tested');
		await rec.read(tested);
		await rec.click(modal.locator('[data-test-id="close-button"], .el-dialog__headerbtn').first());
		await modal.waitFor({ state: 'hidden', timeout: 10_000 });
		await settle(page, 500);
		rec.end();

		rec.begin('6. Video: paste the video URL (Video Source is URL by default in version 2)');
		// Only a node whose Video Source is not URL yet (version 1) needs the two clicks to choose it.
		if (!(await param('videoUrl').count())) {
			await rec.click(param('videoSource'));
			await rec.click(page.locator('.el-select-dropdown__item, [role="option"]').filter({ hasText: /^URL/ }).first());
			await settle(page, 400);
		}
		await rec.paste(param('videoUrl').locator('input, textarea, [contenteditable="true"]').first(), videoUrl);
		await debugShot('video-url');
		rec.end();

		rec.begin('7. Type the script (Text)');
		await rec.read(ndv.locator('[data-test-id="node-parameters"]').first());
		await rec.type(param('text').locator('textarea, input, [contenteditable="true"]').first(), SCRIPT);
		await settle(page, 300);
		await debugShot('text');
		rec.end();

		rec.begin('8. Execute step and wait for the video');
		await rec.click(ndv.locator('[data-test-id="node-execute-button"]').first());
		const finished = ndv.getByText('video/mp4', { exact: true }).or(ndv.locator('[data-test-id="node-error-message"], .node-error-view')).first();
		await rec.wait(() => finished.waitFor({ timeout: 180_000 }));
		await settle(page, 800);
		await debugShot('output');
		// What the user reads: the output pane (its run summary and the file card).
		await rec.read(ndv.getByText(/RunningHub tasks? \(/).first());
		await rec.read(ndv.getByText('video/mp4', { exact: true }).locator('xpath=ancestor::div[.//button][1]').first());
		rec.end();

		rec.begin('9. See the video in the output');
		// n8n shows a binary file in the output as a card with a View button.
		await rec.click(ndv.getByRole('button', { name: 'View', exact: true }).first());
		await rec.wait(() => page.locator('video').first().waitFor({ timeout: 15_000 }));
		await settle(page, 1500);
		const shotPath = join(outDir, 'new-user-talking-video.png');
		await page.screenshot({ path: shotPath });
		console.log(`[walkthrough] wrote ${shotPath}`);
		rec.end();
	} catch (error) {
		await debugShot('failed');
		throw error;
	} finally {
		const report = { n8n: '2.8.4', when: new Date().toISOString(), script: SCRIPT, steps: rec.steps };
		const json = JSON.stringify(report, null, 2);
		if (values.report) writeFileSync(resolve(values.report), json);
		console.log(json);
		await editor.close();
		rmSync(fixtureDir, { recursive: true, force: true });
		await stopAll();
		if (workDir) rmSync(workDir, { recursive: true, force: true });
	}
}

runMain(main);
