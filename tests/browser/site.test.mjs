// End to end, with the real `zhsearch` binary: a small HTML site
// (tests/fixtures/site: nav and footer noise, a GBK page, a broken page, a
// page with no <main>) built into SITE/zhsearch/, searched from a page of
// that site through <zh-search>, over http and from file://; the result
// lands on its page, highlighted. And a bundle built by the binary alone
// (no cargo, no node on PATH) serving search in Chromium.
//
// Needs target/release/zhsearch (scripts/build-dist.sh builds it; so does
// scripts/test.sh, before this step). ZHSEARCH_BIN points at another binary.
//
//   bash scripts/build-dist.sh && node --test tests/browser/site.test.mjs

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT, startServer, launch, newPage, openSearch, results } from './harness.mjs';

const TARGET = path.resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target');
const BIN = path.resolve(process.env.ZHSEARCH_BIN || path.join(TARGET, 'release', 'zhsearch'));
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'site');
const WORK = path.join(ROOT, 'target', 'e2e-site');
const SITE = path.join(WORK, 'site');
const OUT = path.join(SITE, 'zhsearch');

const INPUT = 'zh-search input[role=combobox]';
const OPTIONS = 'zh-search [role=option]';
const STATUS = 'zh-search [role=status]';

// Words of the fixture, each in one place only.
const GBK_WORD = '整治台账'; // the body of news/2022/gbk.html (GBK)
const GBK_TITLE = '测试市水利局关于开展河湖清四乱专项行动的通知';
const FOOTER_WORD = '滨河路'; // the home page's <footer> only
const NO_MAIN_WORD = '传真'; // news/no-main.html, which has no <main>
const NO_MAIN_TITLE = '测试市森林防火指挥部办公室值班电话';

function checkBin() {
  if (!fs.existsSync(BIN)) {
    throw new Error(
      `${BIN} is missing: build it first with \`bash scripts/build-dist.sh\` ` +
        '(or `cargo build --release --bin zhsearch`), then run `node --test tests/browser/`.'
    );
  }
}

function edit(file, fn) {
  fs.writeFileSync(file, fn(fs.readFileSync(file, 'utf8')));
}

/** Inserts ASCII before `</head>` without decoding the page (it may be GBK). */
function intoHead(file, html) {
  const bytes = fs.readFileSync(file);
  const at = bytes.indexOf('</head>', 0, 'latin1');
  assert.ok(at > 0, `${file} has a </head>`);
  fs.writeFileSync(file, Buffer.concat([bytes.subarray(0, at), Buffer.from(html + '\n', 'latin1'), bytes.subarray(at)]));
}

/**
 * A copy of the fixture site, as a publisher's site would be: the home page
 * embeds the widget (one script tag, one element, in place of its dead search
 * form), the GBK page includes zh-highlight.js; then
 * `zhsearch build SITE --out SITE/zhsearch --keep-going`. Once per run.
 */
let built = null;
function buildSite() {
  if (built) return built;
  checkBin();
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  fs.cpSync(FIXTURE, SITE, { recursive: true });
  edit(path.join(SITE, 'index.html'), (s) => {
    const t = s
      .replace(/<form>.*?<\/form>/, '<zh-search></zh-search>')
      .replace('</head>', '<script src="zhsearch/zh-search.js" defer></script>\n</head>');
    assert.notEqual(t, s);
    return t;
  });
  // data-always: mark the match even where the browser supports text fragments.
  intoHead(path.join(SITE, 'news', '2022', 'gbk.html'), '<script src="../../zhsearch/zh-highlight.js" data-always defer></script>');
  const run = spawnSync(BIN, ['build', SITE, '--out', OUT, '--keep-going'], { encoding: 'utf8' });
  built = { status: run.status, stdout: run.stdout, stderr: run.stderr, error: run.error };
  return built;
}

function cli(...args) {
  const run = spawnSync(BIN, args, { encoding: 'utf8' });
  assert.equal(run.status, 0, `zhsearch ${args.join(' ')}:\n${run.stderr}`);
  return run.stdout;
}

describe('zhsearch build on an HTML site', () => {
  test('the build lists the broken page, indexes the rest, and knows the site root', () => {
    const b = buildSite();
    assert.equal(b.error, undefined);
    assert.equal(b.status, 0, `--keep-going exits 0:\n${b.stderr}`);
    assert.match(b.stderr, /news\/broken\.html/, 'the summary names the broken page');
    assert.match(b.stderr, /resolve against \.\.\//, 'the site root is one level up from SITE/zhsearch');
    for (const f of ['index.html', 'zh-search.js', 'zhsearch-core.js', 'zh-highlight.js']) {
      assert.ok(fs.existsSync(path.join(OUT, f)), `the bundle has ${f}`);
    }
    // The same bundle through the CLI: the url is the page's path in the site.
    const hits = JSON.parse(cli('search', '--index', OUT, '--json', GBK_WORD));
    assert.equal(hits.results[0]?.url, 'news/2022/gbk.html');
    assert.equal(hits.results[0]?.title, GBK_TITLE);
    assert.equal(JSON.parse(cli('search', '--index', OUT, '--json', FOOTER_WORD)).total, 0);
    assert.equal(JSON.parse(cli('search', '--index', OUT, '--json', NO_MAIN_WORD)).results[0]?.url, 'news/no-main.html');
  });
});

async function waitReady(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('zh-search')?.getAttribute('state');
    return s === 'ready' || s === 'error';
  });
  assert.equal(await page.evaluate(() => document.querySelector('zh-search').getAttribute('state')), 'ready');
}

/** Types q into the widget and waits until the list shows its results. */
async function typeQuery(page, q) {
  await page.locator(INPUT).click();
  await waitReady(page);
  await page.keyboard.type(q);
  await page.waitForFunction(
    (q) => document.querySelector('zh-search').shadowRoot.querySelector('[role=listbox]').dataset.query === q,
    q
  );
}

function titles(page) {
  return page.locator(`${OPTIONS} .title`).allTextContents();
}

/** Where the widget sends the first result (the href Enter opens). */
function firstHref(page) {
  return page.evaluate(() => {
    const w = document.querySelector('zh-search');
    return zhsearch.hrefFor(w.results[0], w.q, w.base, w.info.site_root);
  });
}

for (const mode of ['http', 'file']) {
  describe(`searching an HTML site from its own page, over ${mode}://`, () => {
    let browser;
    let server;
    let at; // path in the site -> URL

    before(async () => {
      const b = buildSite();
      assert.equal(b.status, 0, `zhsearch build failed:\n${b.stderr}`);
      if (mode === 'http') {
        // No charset on .html: the GBK page says its own, as real hosts let it.
        server = await startServer(SITE, { types: { '.html': 'text/html' } });
        at = (rel) => server.base + rel;
      } else {
        at = (rel) => pathToFileURL(path.join(SITE, rel)).href;
      }
      browser = await launch();
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    async function withPortal(fn) {
      const t = await newPage(browser);
      const missing = [];
      t.page.on('console', (m) => {
        if (m.type() === 'error' && /status of 404/.test(m.text())) missing.push(new URL(m.location().url).pathname);
      });
      try {
        await t.page.goto(at('index.html'));
        await fn(t.page);
        // The fixture's pages have no icon: Chromium's /favicon.ico 404 is theirs, not ours.
        assert.deepEqual(missing.filter((p) => p !== '/favicon.ico'), [], 'nothing else is missing');
        const errors = t.errors.filter((e) => !(missing.length && /status of 404/.test(e)));
        assert.deepEqual(errors, [], 'the pages logged errors');
      } finally {
        await t.close();
      }
    }

    test('a word only the GBK page holds: the first result links to it; Enter lands there, highlighted', async () => {
      await withPortal(async (page) => {
        await typeQuery(page, GBK_WORD);
        assert.deepEqual(await titles(page), [GBK_TITLE]);
        const href = await firstHref(page);
        assert.ok(href.startsWith(at('news/2022/gbk.html') + '?zhsearch-highlight='), `links to the page in the site, not in the bundle: ${href}`);
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await page.waitForURL(/gbk\.html/);
        const url = new URL(page.url());
        assert.equal(url.href.split(/[?#]/)[0], at('news/2022/gbk.html'));
        const word = url.searchParams.get('zhsearch-highlight');
        assert.ok(word && GBK_WORD.includes(word), `zhsearch-highlight=${word}`);
        assert.ok(url.hash.startsWith('#:~:text='), `a text fragment: ${url.hash}`);
        assert.equal(decodeURIComponent(url.hash.slice('#:~:text='.length)), word);
        assert.equal(await page.title(), GBK_TITLE, 'the GBK page is decoded');
        // zh-highlight.js on the page marks the word.
        const mark = page.locator('mark.zhsearch-highlight');
        await mark.waitFor();
        assert.equal(await mark.textContent(), word);
        assert.ok(await mark.isVisible());
      });
    });

    test('a word only in the nav and footer finds nothing', async () => {
      await withPortal(async (page) => {
        await typeQuery(page, FOOTER_WORD);
        assert.equal(await page.locator(OPTIONS).count(), 0);
        assert.match(await page.locator(STATUS).textContent(), /没有找到/);
      });
    });

    test('a page with no <main> is found, and Enter lands on it with a text fragment', async () => {
      await withPortal(async (page) => {
        await typeQuery(page, NO_MAIN_WORD);
        assert.equal((await titles(page))[0], NO_MAIN_TITLE);
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await page.waitForURL(/no-main\.html/);
        const url = new URL(page.url());
        assert.equal(url.href.split(/[?#]/)[0], at('news/no-main.html'));
        // No zh-highlight.js on this page: the browser's text fragment does it.
        assert.equal(url.searchParams.get('zhsearch-highlight'), NO_MAIN_WORD);
        assert.equal(url.hash, '#:~:text=' + encodeURIComponent(NO_MAIN_WORD));
        assert.equal(await page.title(), NO_MAIN_TITLE);
      });
    });
  });
}

describe('a bundle built by the binary alone', () => {
  let tmp;
  let server;
  let browser;

  before(() => {
    checkBin();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-alone-'));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('no cargo, no node on PATH: `zhsearch build index` serves search in Chromium', async () => {
    // An empty PATH folder: nothing to run but the binary itself (Debian's
    // node lives in /usr/bin, so /usr/bin:/bin would not rule it out).
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-path-'));
    const env = { PATH: empty, LANG: 'C.UTF-8' };
    try {
      for (const tool of ['cargo', 'node', 'npm', 'rustc', 'wasm-bindgen', 'wasm-opt']) {
        const found = spawnSync('/bin/sh', ['-c', `command -v ${tool}`], { env, encoding: 'utf8' });
        assert.notEqual(found.status, 0, `${tool} is not on the build's PATH (${found.stdout.trim()})`);
      }
      const out = path.join(tmp, 'bundle');
      const run = spawnSync(BIN, ['build', 'index', '--out', out], { cwd: ROOT, env, encoding: 'utf8' });
      assert.equal(run.status, 0, `zhsearch build index --out ${out}:\n${run.stderr}`);
      assert.match(run.stderr, /indexed 27 documents/);
      for (const f of ['index.html', 'zh-search.js', 'zhsearch-core.js', 'zhsearch.js', 'zhsearch-engine.bin', 'zhsearch-wasm.js']) {
        assert.ok(fs.existsSync(path.join(out, f)), `the bundle has ${f}`);
      }

      server = await startServer(out);
      browser = await launch();
      const t = await newPage(browser);
      try {
        await openSearch(t.page, server.url);
        await t.page.locator(INPUT).click();
        await t.page.keyboard.type('氢能');
        await t.page.waitForFunction(
          () => document.querySelector('zh-search').shadowRoot.querySelector('[role=listbox]').dataset.query === '氢能'
        );
        const got = await results(t.page);
        assert.ok(got.length > 0, 'results');
        assert.equal(got[0].docNumber, '吕政办发〔2022〕16号');
        assert.deepEqual(t.errors, [], 'the page logged errors');
      } finally {
        await t.close();
      }
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
