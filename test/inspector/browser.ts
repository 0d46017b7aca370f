// Debian's chromium driven by playwright-core, for the inspector's end-to-end specs: one place opens the browser and its pages.
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { asOperator } from '../support/credentials.js';

/** Screenshots land here (gitignored); the README's come from here too, copied by hand into docs/. */
export const OUTPUT_DIR = 'test-output/inspector';

export interface InspectorBrowser {
  /**
   * A fresh page at the given viewport width, in a context of its own (its own cookies), sending `headers` with every
   * request (the operator's by default); a dialog (alert, confirm) fails the spec, since nothing should open one.
   */
  page(width?: number, headers?: Record<string, string>): Promise<Page>;
  /** Dialogs that opened (alert, confirm, prompt): any one means a script ran that should not have. */
  readonly dialogs: string[];
  /** Errors thrown by scripts in the pages. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/**
 * The browser context is made here and only here. The inspector is an operator endpoint: by default every page is
 * opened with the operator's `Authorization` header; `{}` opens pages as a stranger (to log in through the form).
 */
export async function openBrowser(extraHTTPHeaders: Record<string, string> = asOperator()): Promise<InspectorBrowser> {
  await mkdir(OUTPUT_DIR, { recursive: true });
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const contexts: BrowserContext[] = [];
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  return {
    dialogs,
    pageErrors,
    async page(width = 1280, headers = extraHTTPHeaders) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, extraHTTPHeaders: headers });
      contexts.push(context);
      const page = await context.newPage();
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/** The whole page by default; `fullPage: false` keeps to the first screen of a long one. */
export const screenshot = (page: Page, name: string, { fullPage = true } = {}) =>
  page.screenshot({ path: `${OUTPUT_DIR}/${name}.png`, fullPage });
