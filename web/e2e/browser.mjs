// Debian's Chromium driven by playwright-core (no browser download): headless, sandbox off
// (tests run as root in CI), no background networking (the machine's network is closed),
// a fresh profile per run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export async function startBrowser() {
  const profile = mkdtempSync(path.join(tmpdir(), 'weft-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(15000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/// Waits until `locator`'s text matches `pattern` (Playwright's auto-waiting, without @playwright/test).
export async function waitForText(locator, pattern, timeout = 15000) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.textContent({ timeout }).catch(() => '')) ?? '';
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${pattern} in ${locator}; last text: ${JSON.stringify(last)}`);
}

export async function waitForAttribute(locator, name, value, timeout = 15000) {
  const deadline = Date.now() + timeout;
  let last = null;
  while (Date.now() < deadline) {
    last = await locator.getAttribute(name, { timeout }).catch(() => null);
    if (last === value) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${name}=${value} on ${locator}; last: ${last}`);
}
