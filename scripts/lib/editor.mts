// The n8n editor in headless Chromium, shared by the scripts that drive it (screenshots.mts,
// screenshot-agent.mts, new-user-walkthrough.mts): the browser start, the owner's sign-in and
// the small waits, so each script only says what it does in the editor.
// Needs Debian's chromium (apt-get install -y chromium) and playwright-core (a devDependency).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { stopAll } from '../../e2e/lib/procs.mjs';
import type { Owner } from '../../e2e/lib/rest.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Editor {
	browser: BrowserContext;
	page: Page;
	/** Closes the browser and removes its profile. */
	close(): Promise<void>;
}

/** Starts headless Chromium with a fresh profile (one page, the given viewport). */
export async function openEditor(viewport = { width: 1280, height: 860 }): Promise<Editor> {
	if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`);
	const profile = mkdtempSync(join(tmpdir(), 'rh-chromium-'));
	const browser = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport,
		deviceScaleFactor: 1,
	});
	const page = browser.pages()[0] ?? (await browser.newPage());
	return {
		browser,
		page,
		close: async () => {
			await browser.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

/** Signs in to n8n as its owner and waits until the editor has left the sign-in page. */
export async function signIn(page: Page, baseUrl: string, owner: Owner): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.fill('input[name="emailOrLdapLoginId"]', owner.email);
	await page.fill('input[name="password"]', owner.password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30_000 });
}

/** Waits until the network is quiet, then a little more for n8n's transitions. */
export async function settle(page: Page, ms = 600): Promise<void> {
	await page.waitForLoadState('networkidle').catch(() => undefined);
	await page.waitForTimeout(ms);
}

/** Closes toasts and the banners n8n shows to a new owner, so they do not cover what follows. */
export async function tidy(page: Page): Promise<void> {
	for (const selector of ['.el-notification__closeBtn', '[data-test-id="banner-close"]']) {
		for (const el of await page.locator(selector).all()) await el.click({ timeout: 1000 }).catch(() => undefined);
	}
}

/** Runs a script's main, stopping every process it started (n8n, simulator) when it fails. */
export function runMain(main: () => Promise<void>): void {
	main().catch(async (error) => {
		console.error(error);
		await stopAll();
		process.exit(1);
	});
}
