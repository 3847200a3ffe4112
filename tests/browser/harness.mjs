// Shared setup for the browser tests: the built dist/, a static server for
// it, headless Chromium through playwright-core, and pages that record every
// console error and page error.
//
// Not a test file itself (node --test only runs *.test.mjs here).

import http from 'node:http';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// ZHSEARCH_DIST points the tests at another build of the page (optional).
export const DIST = path.resolve(process.env.ZHSEARCH_DIST || path.join(ROOT, 'dist'));
// The bundle the widget tests embed: dist/, which scripts/build-dist.sh has
// the binary write (`zhsearch build index --out dist`): zh-search.js,
// zhsearch-core.js, index.html, zhsearch.js, zhsearch-engine.bin,
// zhsearch-wasm.js, index/.
export const BUNDLE = path.resolve(process.env.ZHSEARCH_BUNDLE || DIST);
// Sample portal pages (tests/browser/pages/) + the bundle in zhsearch/.
export const SITE = path.join(ROOT, 'target', 'test-site');
const PAGES = path.join(ROOT, 'tests', 'browser', 'pages');
export const SCREENSHOTS = path.join(ROOT, 'target', 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const REQUIRED = ['index.html', 'zh-search.js', 'zhsearch-core.js', 'reader.js', 'style.css', 'zhsearch.js', 'zhsearch-wasm.js'];

/** Throws a readable error unless dist/ holds a complete build. */
export function checkDist() {
  const missing = REQUIRED.filter((f) => !fs.existsSync(path.join(DIST, f)));
  if (missing.length) {
    throw new Error(
      `${path.relative(ROOT, DIST) || DIST}/ is not built (missing ${missing.join(', ')}). ` +
        'Run `bash scripts/build-dist.sh` from the repository root first, then `node --test tests/browser/`.'
    );
  }
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Lays out the test site: the sample pages at its root, the bundle in
 * zhsearch/ (as a portal would: `<script src="zhsearch/zh-search.js">`).
 */
export function makeSite() {
  checkDist();
  fs.rmSync(SITE, { recursive: true, force: true });
  fs.mkdirSync(SITE, { recursive: true });
  fs.cpSync(PAGES, SITE, { recursive: true });
  fs.cpSync(BUNDLE, path.join(SITE, 'zhsearch'), { recursive: true });
  return SITE;
}

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/**
 * A static file server for dist/ on 127.0.0.1, on a free port.
 * options.csp: a Content-Security-Policy header for every response (or a
 * function of the path); responses are gzipped when the browser asks, so that
 * transfer sizes are what a real host would send. options.types: content
 * types by extension over the defaults (e.g. { '.html': 'text/html' }, no
 * charset, for pages that declare their own, as GBK pages do).
 */
export async function startServer(dir = DIST, options = {}) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(dir, '.' + rel);
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const headers = {
        'content-type': { ...TYPES, ...options.types }[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
      };
      const csp = typeof options.csp === 'function' ? options.csp(rel, req) : options.csp;
      if (csp) headers['content-security-policy'] = csp;
      if (/\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        data = zlib.gzipSync(data, { level: 9 });
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(200, headers);
      res.end(data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}/`,
    url: `http://127.0.0.1:${port}/index.html`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export function fileUrl() {
  return pathToFileURL(path.join(DIST, 'index.html')).href;
}

/** file:// URL of a path inside the test site. */
export function siteFileUrl(rel) {
  return pathToFileURL(path.join(SITE, rel)).href;
}

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/**
 * A fresh context and page that collect console errors and page errors.
 * `t.errors` lists them; `t.close()` closes the context.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({
    viewport: options.viewport || { width: 1100, height: 800 },
    deviceScaleFactor: options.deviceScaleFactor || 1,
    locale: 'zh-CN',
    colorScheme: options.colorScheme || 'light',
    hasTouch: !!options.hasTouch,
    isMobile: !!options.isMobile,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return { context, page, errors, close: () => context.close() };
}

/** Goes to url and waits until the engine is up (or the page gave up). */
export async function openSearch(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.ready);
  const state = await page.evaluate(() => document.documentElement.dataset.ready);
  if (state !== 'true') {
    const msg = await page.locator('zh-search [role=alert]').textContent();
    throw new Error(`the page did not start: ${msg}`);
  }
}

/** Text content of every element matching selector, in order. */
export function texts(page, selector) {
  return page.locator(selector).allTextContents();
}

/** The rendered results (the widget's options): title, 文号, snippet and the texts of the marks. */
export function results(page) {
  return page.locator('zh-search [role=option]').evaluateAll((items) =>
    items.map((li) => ({
      id: li.dataset.id,
      title: li.querySelector('.title').textContent,
      titleMarks: [...li.querySelectorAll('.title mark')].map((m) => m.textContent),
      docNumber: li.querySelector('.docnum')?.textContent ?? '',
      meta: li.querySelector('.meta').textContent,
      snippet: li.querySelector('.snippet')?.textContent ?? '',
      snippetMarks: [...li.querySelectorAll('.snippet mark')].map((m) => m.textContent),
    }))
  );
}

export function screenshotPath(name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, name);
}
