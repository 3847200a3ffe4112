// <zh-search>, the widget a portal embeds, in headless Chromium, on sample
// pages (tests/browser/pages/) with the bundle in zhsearch/:
//   portal.html        header, nav, footer; the widget inline in the header
//   portal-modal.html  the same with mode="modal"
//   zhsearch/index.html  the bundle's own page (also covered by search.test.mjs)
// Over http and file://: IME typing, keyboard-only use, restoring from the
// URL, landing on a result page. Over http only: strict CSP, bytes of a
// never-searched page, axe-core in every state, screenshots.
//
//   bash scripts/build-dist.sh && node --test tests/browser/

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, makeSite, SITE, startServer, siteFileUrl, launch, newPage, screenshotPath, STRICT_CSP,
} from './harness.mjs';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

// Playwright's CSS locators pierce open shadow roots.
const W = 'zh-search';
const INPUT = `${W} input[role=combobox]`;
const OPTIONS = `${W} [role=option]`;
const STATUS = `${W} [role=status]`;

function widgetState(page) {
  return page.evaluate(() => document.querySelector('zh-search').getAttribute('state'));
}

async function waitReady(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('zh-search')?.getAttribute('state');
    return s === 'ready' || s === 'error';
  });
  assert.equal(await widgetState(page), 'ready');
}

// The option the combobox points at (aria-activedescendant), inside the shadow root.
function activeOption(page) {
  return page.evaluate(() => {
    const w = document.querySelector('zh-search');
    const input = w.shadowRoot.querySelector('input');
    const id = input.getAttribute('aria-activedescendant');
    const o = id ? w.shadowRoot.getElementById(id) : null;
    return o ? { id: o.dataset.id, selected: o.getAttribute('aria-selected'), focused: w.shadowRoot.activeElement === input } : null;
  });
}

function optionTexts(page) {
  return page.locator(OPTIONS).evaluateAll((os) => os.map((o) => ({
    id: o.dataset.id,
    title: o.querySelector('.title').textContent,
    meta: o.querySelector('.meta')?.textContent ?? '',
    marks: [...o.querySelectorAll('mark')].map((m) => m.textContent),
  })));
}

async function axe(page, label) {
  await page.evaluate(AXE);
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const v = res.violations.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(v, [], `axe violations in state "${label}"`);
}

for (const mode of ['http', 'file']) {
  describe(`widget over ${mode}://`, () => {
    let browser;
    let server;
    let at; // rel path -> URL

    before(async () => {
      makeSite();
      if (mode === 'http') {
        server = await startServer(SITE);
        at = (rel) => server.base + rel;
      } else {
        at = (rel) => {
          const [p, rest] = rel.split(/(?=[?#])/);
          return siteFileUrl(p) + (rest ?? '');
        };
      }
      browser = await launch();
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    async function withPage(rel, fn, options) {
      const t = await newPage(browser, options);
      try {
        if (options?.init) await options.init(t.page);
        await t.page.goto(at(rel));
        await fn(t.page, t);
        assert.deepEqual(t.errors, [], 'the page logged errors');
      } finally {
        await t.close();
      }
    }

    test('a page that is never searched loads the widget only, not the engine', async () => {
      const urls = [];
      await withPage('portal.html', async (page) => {
        await page.waitForFunction(() => customElements.get('zh-search') && document.readyState === 'complete');
        await page.waitForTimeout(300);
        assert.equal(await page.evaluate(() => !!self.zhsearchCore), false, 'no core');
        assert.equal(await widgetState(page), null);
        const names = urls.map((u) => u.split('/').pop()).filter((n) => n !== 'favicon.svg');
        assert.deepEqual(names.sort(), ['portal.css', 'portal.html', 'zh-search.js']);
        // First focus loads it.
        await page.locator(INPUT).focus();
        await waitReady(page);
      }, { init: (page) => page.on('request', (r) => urls.push(r.url())) });
    });

    test('inline: IME composition searches only on compositionend; listbox, count and URL follow', async () => {
      await withPage('portal.html', async (page) => {
        const cdp = await page.context().newCDPSession(page);
        await page.locator(INPUT).click();
        await waitReady(page);
        await cdp.send('Input.imeSetComposition', { text: '护工', selectionStart: 2, selectionEnd: 2 });
        await cdp.send('Input.imeSetComposition', { text: '氢能', selectionStart: 2, selectionEnd: 2 });
        assert.equal(await page.locator(INPUT).inputValue(), '氢能');
        assert.equal(await page.locator(OPTIONS).count(), 0, 'nothing searched mid-composition');
        await cdp.send('Input.insertText', { text: '氢能' });
        await page.locator(OPTIONS).first().waitFor();
        const os = await optionTexts(page);
        assert.match(os[0].meta, /吕政办发〔2022〕16号/);
        assert.ok(os[0].marks.some((m) => m.includes('氢能')));
        const status = (await page.locator(STATUS).textContent()).trim();
        const m = /^共 (\d+) 篇/.exec(status);
        assert.ok(m, status);
        assert.equal(Math.min(Number(m[1]), 10), os.length, 'the count matches the options shown (limit 10)');
        assert.equal(await page.locator(INPUT).getAttribute('aria-expanded'), 'true');
        assert.equal(await page.locator(STATUS).getAttribute('aria-live'), 'polite');
        assert.match(decodeURIComponent(await page.evaluate(() => location.hash)), /^#q=氢能$/);
        // Synthetic composition events too (what some IMEs send).
        await page.evaluate(() => {
          const i = document.querySelector('zh-search').shadowRoot.querySelector('input');
          i.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
          i.value = '护';
          i.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, inputType: 'insertCompositionText' }));
          i.value = '护工';
          i.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, inputType: 'insertCompositionText' }));
        });
        assert.match((await optionTexts(page))[0].meta, /16号/, 'still the 氢能 results mid-composition');
        await page.evaluate(() => {
          const i = document.querySelector('zh-search').shadowRoot.querySelector('input');
          i.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '护工' }));
        });
        await page.waitForFunction(() => /30号/.test(document.querySelector('zh-search').shadowRoot.querySelector('[role=option] .meta')?.textContent));
      });
    });

    test('keyboard only: Tab to the box, type, ↓/↑ move, Enter opens the reader; Back restores the query', async () => {
      await withPage('portal.html', async (page) => {
        for (let i = 0; i < 10; i++) {
          await page.keyboard.press('Tab');
          if (await page.evaluate(() => document.activeElement?.tagName === 'ZH-SEARCH')) break;
        }
        assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'ZH-SEARCH', 'Tab reaches the widget');
        await page.keyboard.type('护工');
        await page.locator(OPTIONS).nth(1).waitFor();
        const os = await optionTexts(page);
        assert.equal(await activeOption(page), null);
        await page.keyboard.press('ArrowDown');
        assert.deepEqual(await activeOption(page), { id: os[0].id, selected: 'true', focused: true });
        await page.keyboard.press('ArrowDown');
        assert.equal((await activeOption(page)).id, os[1].id);
        await page.keyboard.press('ArrowUp');
        assert.equal((await activeOption(page)).id, os[0].id);
        await page.keyboard.press('Enter');
        await page.waitForURL(/zhsearch\/index\.html#doc=/);
        await page.locator('#reader').waitFor({ state: 'visible' });
        assert.match(await page.locator('#doc-meta').textContent(), /吕政办发〔2022〕30号/);
        assert.ok((await page.locator('#doc-body mark').count()) > 0);
        await page.goBack();
        await page.waitForURL(/portal\.html/);
        await page.locator(OPTIONS).first().waitFor();
        assert.equal(await page.locator(INPUT).inputValue(), '护工');
        // Esc clears the inline box.
        await page.locator(INPUT).focus();
        await page.keyboard.press('Escape');
        assert.equal(await page.locator(INPUT).inputValue(), '');
        assert.equal(await page.locator(OPTIONS).count(), 0);
        assert.equal(await page.evaluate(() => location.hash), '');
      });
    });

    test('restores from the URL: #q= and ?q=', async () => {
      await withPage(`portal.html#q=${encodeURIComponent('护工')}`, async (page) => {
        await page.locator(OPTIONS).first().waitFor();
        assert.equal(await page.locator(INPUT).inputValue(), '护工');
        assert.match((await optionTexts(page))[0].meta, /30号/);
      });
      await withPage(`portal.html?q=${encodeURIComponent('氢能')}`, async (page) => {
        await page.locator(OPTIONS).first().waitFor();
        assert.equal(await page.locator(INPUT).inputValue(), '氢能');
      });
    });

    test('a 40,000-character #q= is cut to 256 and does not block the page', async () => {
      const long = '氢能'.repeat(20000);
      await withPage(`portal.html#q=${encodeURIComponent(long)}`, async (page) => {
        await page.waitForFunction(() => {
          const s = document.querySelector('zh-search')?.getAttribute('state');
          return s === 'ready' || s === 'error';
        });
        const t0 = Date.now();
        assert.equal(await page.evaluate(() => 1 + 1), 2);
        assert.ok(Date.now() - t0 < 1000, 'the page answers');
        assert.equal((await page.locator(INPUT).inputValue()).length, 256);
        assert.equal(await page.locator(INPUT).getAttribute('maxlength'), '256');
      });
    });

    test('no results: a suggestion from the corpus that searches when pressed', async () => {
      await withPage('portal.html', async (page) => {
        await page.locator(INPUT).click();
        await waitReady(page);
        await page.keyboard.type('量子引力');
        await page.waitForFunction(() => /没有找到/.test(document.querySelector('zh-search').shadowRoot.querySelector('[role=status]').textContent));
        const chips = page.locator(`${W} button.chip[data-q]`);
        assert.ok((await chips.count()) > 0, 'example queries are offered');
        const q = (await chips.first().textContent()).trim();
        await chips.first().click();
        await page.locator(OPTIONS).first().waitFor();
        assert.equal(await page.locator(INPUT).inputValue(), q);
      });
    });

    test('modal: / and Ctrl+K open the dialog, Esc closes it, focus returns to the button', async () => {
      await withPage('portal-modal.html', async (page) => {
        await page.waitForFunction(() => customElements.get('zh-search'));
        const dialog = page.locator(`${W} dialog`);
        assert.equal(await dialog.isVisible(), false);
        await page.keyboard.press('/');
        await dialog.waitFor({ state: 'visible' });
        assert.equal(await page.evaluate(() => document.querySelector('zh-search').shadowRoot.activeElement?.getAttribute('role')), 'combobox');
        await waitReady(page);
        await page.keyboard.type('氢能');
        // The list shows 氢能's results, not those of the keystroke before.
        await page.waitForFunction(() => document.querySelector('zh-search').shadowRoot.querySelector('[role=listbox]')?.dataset.query === '氢能');
        await page.locator(OPTIONS).first().waitFor();
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
        // Focus comes back in the dialog's 'close' event, a task after it hides.
        await page.waitForFunction(() => document.querySelector('zh-search').shadowRoot.activeElement?.getAttribute('part') === 'button')
          .catch(() => {});
        assert.equal(await page.evaluate(() => document.querySelector('zh-search').shadowRoot.activeElement?.getAttribute('part')), 'button');
        await page.keyboard.press('Control+k');
        await dialog.waitFor({ state: 'visible' });
        assert.equal(await page.locator(INPUT).inputValue(), '氢能', 'the query is kept');
        assert.ok(await page.locator(OPTIONS).count() > 0);
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await page.waitForURL(/zhsearch\/index\.html#doc=/);
        await page.locator('#reader').waitFor({ state: 'visible' });
        // Back: the dialog comes back with the query (it is in the URL).
        await page.goBack();
        await page.waitForURL(/portal-modal\.html/);
        await dialog.waitFor({ state: 'visible' });
        await page.locator(OPTIONS).first().waitFor();
        assert.equal(await page.locator(INPUT).inputValue(), '氢能');
      });
    });

    test('a result with a url: the link carries a text fragment and zhsearch-highlight; the page marks the match', async () => {
      // Today's engine has only the gazette (no urls): a stand-in core gives one.
      // End to end on an HTML site built by `zhsearch build`: tests/browser/site.test.mjs.
      await withPage('portal.html', async (page) => {
        await page.locator(INPUT).click();
        await waitReady(page);
        await page.keyboard.type('氢能');
        await page.locator(OPTIONS).first().waitFor();
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await page.waitForURL(/landing\.html/);
        const url = page.url();
        assert.match(url, /landing\.html\?zhsearch-highlight=%E6%B0%A2%E8%83%BD#:~:text=%E6%B0%A2%E8%83%BD$/);
        const mark = page.locator('mark.zhsearch-highlight');
        await mark.waitFor();
        assert.equal(await mark.textContent(), '氢能');
        const box = await mark.boundingBox();
        assert.ok(box && box.y >= 0 && box.y < 800, `scrolled into view: ${JSON.stringify(box)}`);
      }, {
        init: (page) => page.addInitScript(() => {
          // Behave like a browser without text fragments: zh-highlight.js marks.
          delete Document.prototype.fragmentDirective;
          if (!location.pathname.endsWith('portal.html')) return;
          self.zhsearchCore = {
            open: () => Promise.resolve({
              info: () => ({ title: '示例站', documents: 1, format_version: 1, examples: ['氢能'] }),
              search: (q) => Promise.resolve({
                query: q, total: 1, partial: false,
                results: [{
                  id: 0, doc_number: '', title: '关于推进产业发展的通知', issuer: '', date: '', category: '', page: 0,
                  url: '../landing.html', meta: [], score: 1, snippet: '积极培育氢能产业，建设加氢站',
                  highlights: [[4, 6]], title_highlights: [],
                }],
              }),
              document: () => Promise.resolve(null),
              stats: () => ({ requests: 0, bytes: 0 }),
            }),
          };
        }),
      });
    });

    test('the link a result builds (unit level)', async () => {
      await withPage('portal.html', async (page) => {
        await page.waitForFunction(() => self.zhsearch && self.zhsearch.hrefFor);
        const got = await page.evaluate(() => [
          zhsearch.hrefFor({ id: 3, url: 'news/a.html#sec', snippet: 'BS-04-01 项目', highlights: [[0, 8]] }, 'BS-04-01', 'https://x.example/zhsearch/'),
          zhsearch.hrefFor({ id: 3, url: '', snippet: '', highlights: [] }, '氢 能&', 'https://x.example/zhsearch/'),
          zhsearch.hrefFor({ id: 4, url: '/p?a=1', snippet: 'x', highlights: [], title: '氢能规划', title_highlights: [[0, 2]] }, '氢能', 'https://x.example/zhsearch/'),
          zhsearch.hrefFor({ id: 5, url: 'javascript:alert(1)', snippet: '', highlights: [] }, 'x', 'https://x.example/zhsearch/'),
        ]);
        assert.deepEqual(got, [
          'https://x.example/zhsearch/news/a.html?zhsearch-highlight=BS-04-01#sec:~:text=BS%2D04%2D01',
          'https://x.example/zhsearch/index.html#doc=3&q=%E6%B0%A2%20%E8%83%BD%26',
          'https://x.example/p?a=1&zhsearch-highlight=%E6%B0%A2%E8%83%BD#:~:text=%E6%B0%A2%E8%83%BD',
          'https://x.example/zhsearch/index.html#doc=5&q=x',
        ]);
        // With the index's site_root: page urls are relative to the site, not the bundle.
        const rooted = await page.evaluate(() => {
          const r = { id: 1, url: 'news/2022/gbk.html', snippet: '整治台账', highlights: [[0, 2]] };
          return [
            zhsearch.hrefFor(r, '整治', 'https://x.example/zhsearch/', '../'),
            zhsearch.hrefFor(r, '整治', 'https://x.example/a/b/zhsearch/', '../../'),
            zhsearch.hrefFor(r, '整治', 'file:///srv/site/zhsearch/', '../'),
            zhsearch.hrefFor(r, '整治', 'https://x.example/zhsearch/', 'https://www.example.gov.cn/site/'),
            zhsearch.hrefFor({ ...r, url: './' }, '整治', 'https://x.example/zhsearch/', '../'),
            zhsearch.hrefFor({ ...r, url: '' }, '整治', 'https://x.example/zhsearch/', '../'),
            zhsearch.hrefFor(r, '整治', 'https://x.example/zhsearch/', null),
          ];
        });
        const hl = '?zhsearch-highlight=%E6%95%B4%E6%B2%BB#:~:text=%E6%95%B4%E6%B2%BB';
        assert.deepEqual(rooted, [
          'https://x.example/news/2022/gbk.html' + hl,
          'https://x.example/a/news/2022/gbk.html' + hl,
          'file:///srv/site/news/2022/gbk.html' + hl,
          'https://www.example.gov.cn/site/news/2022/gbk.html' + hl,
          'https://x.example/' + hl,
          'https://x.example/zhsearch/index.html#doc=1&q=%E6%95%B4%E6%B2%BB',
          'https://x.example/zhsearch/news/2022/gbk.html' + hl,
        ]);
      });
    });

    test('the page\'s own anchors keep the query; lang="en" and facets on a second widget', async () => {
      await withPage('portal.html', async (page) => {
        await page.locator(INPUT).click();
        await waitReady(page);
        await page.keyboard.type('护工');
        await page.locator(OPTIONS).first().waitFor();
        await page.locator('nav a[href="#open"]').click();
        assert.equal(await page.evaluate(() => location.hash), '#open');
        assert.equal(await page.locator(INPUT).inputValue(), '护工', 'a click on #open does not clear the box');

        await page.evaluate(() => {
          const w = document.createElement('zh-search');
          w.id = 'w2';
          w.setAttribute('lang', 'en');
          w.setAttribute('facets', 'category');
          w.setAttribute('url', 'none');
          w.setAttribute('mode', 'inline');
          document.querySelector('main').prepend(w);
        });
        const input = page.locator('#w2 input[role=combobox]');
        assert.equal(await page.locator('#w2 label').textContent(), 'Full-text search');
        await input.click();
        await page.waitForFunction(() => document.getElementById('w2').getAttribute('state') === 'ready');
        assert.match(await input.getAttribute('placeholder'), /^Search 吕梁市人民政府公报/);
        await input.fill('氢能');
        await page.locator('#w2 [role=option]').first().waitFor();
        assert.match(await page.locator('#w2 [role=status]').textContent(), /^\d+ results/);
        const facet = page.locator('#w2 [role=group] button[aria-pressed]');
        assert.ok((await facet.count()) > 0, 'facet buttons');
        const before = await page.locator('#w2 [role=option]').count();
        const label = await facet.first().textContent();
        const n = Number(/\((\d+)\)$/.exec(label)[1]);
        await facet.first().click();
        await page.waitForFunction(() => document.querySelector('#w2').shadowRoot.querySelector('[role=group] button[aria-pressed=true]'));
        assert.equal(await page.locator('#w2 [role=option]').count(), Math.min(n, 10), `filtered from ${before} to the facet's ${n}`);
        assert.equal(await page.evaluate(() => location.hash), '#open', 'url="none" leaves the URL alone');
        await input.fill('量子引力');
        await page.waitForFunction(() => /Nothing found/.test(document.querySelector('#w2').shadowRoot.querySelector('[role=status]').textContent));
        // zh-TW strings.
        const tw = await page.evaluate(() => {
          const w = document.createElement('zh-search');
          w.setAttribute('lang', 'zh-TW');
          w.setAttribute('url', 'none');
          document.querySelector('footer').append(w);
          return w.shadowRoot.querySelector('label').textContent;
        });
        assert.equal(tw, '全文檢索');
      });
    });

    test('the JS API: zhsearch.search returns the core\'s records', async () => {
      await withPage('portal.html', async (page) => {
        const res = await page.evaluate(() => zhsearch.search('护工', { limit: 3 }));
        assert.ok(res.total >= 1);
        assert.ok(res.results.length <= 3);
        assert.equal(res.results[0].doc_number, '吕政办发〔2022〕30号');
        for (const k of ['id', 'title', 'snippet', 'highlights', 'title_highlights', 'url', 'meta']) assert.ok(k in res.results[0], k);
      });
    });

    test('results appear within a frame of the keystroke', async () => {
      await withPage('portal.html', async (page) => {
        await page.locator(INPUT).click();
        await waitReady(page);
        await page.evaluate(() => {
          window.__lat = [];
          const w = document.querySelector('zh-search');
          let t0 = 0;
          // beforeinput: Playwright types CJK through Input.insertText, with no keydown.
          w.shadowRoot.querySelector('input').addEventListener('beforeinput', () => { t0 = performance.now(); }, true);
          w.addEventListener('zh-search-results', () => { window.__lat.push(performance.now() - t0); });
        });
        const keys = ['氢', '能', ' ', '加', '氢', '站', 'Backspace', 'Backspace', 'Backspace', 'Backspace', '护', '工'];
        // Warm: the index chunks these keystrokes need are loaded once (a
        // cold keystroke waits for the network, which this does not measure).
        for (const k of keys) {
          if (k.length > 1) await page.keyboard.press(k);
          else await page.keyboard.type(k);
          await page.waitForFunction(() => !document.querySelector('zh-search').shadowRoot.querySelector('.busy'));
        }
        await page.evaluate(() => { window.__lat = []; });
        await page.locator(INPUT).fill('');
        await page.evaluate(() => { window.__lat = []; });
        for (const k of keys) {
          if (k.length > 1) await page.keyboard.press(k);
          else await page.keyboard.type(k);
        }
        // '氢能 ' and '氢能 加氢站' minus its tail are earlier queries again:
        // no new render for the space nor the last Backspace.
        await page.waitForFunction(() => window.__lat.length >= 10);
        const lat = await page.evaluate(() => window.__lat);
        const sorted = [...lat].sort((a, b) => a - b);
        const median = sorted[Math.floor(sorted.length / 2)];
        console.log(`# keystroke → results in the DOM (${mode}): ${lat.map((x) => x.toFixed(1)).join(', ')} ms`);
        console.log(`# keystroke → results in the DOM (${mode}): median ${median.toFixed(1)} ms`);
        // One frame is 16.7 ms, which this gets on an idle machine (3-13 ms
        // measured). CI shares 2 cores with parallel test files and builds,
        // so the guard is looser: a regression (a debounce, a sync reflow
        // storm) would still show as a median of several frames.
        assert.ok(median < 16.7 * 3, `median within three frames: ${lat}`);
      });
    });
  });
}

describe('widget over http: CSP, weight, accessibility, looks', () => {
  let browser;
  let server;
  let strict;
  let noWasm;

  before(async () => {
    makeSite();
    server = await startServer(SITE);
    strict = await startServer(SITE, { csp: STRICT_CSP });
    noWasm = await startServer(SITE, { csp: "default-src 'self'; script-src 'self'; style-src 'self'" });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await strict?.close();
    await noWasm?.close();
  });

  async function withPage(url, fn, options) {
    const t = await newPage(browser, options);
    const violations = [];
    await t.page.exposeFunction('__cspViolation', (v) => violations.push(v));
    await t.page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
    });
    try {
      if (options?.init) await options.init(t.page);
      await t.page.goto(url);
      await fn(t.page, t, violations);
      if (!options?.allowErrors) {
        assert.deepEqual(t.errors, [], 'the page logged errors');
        assert.deepEqual(violations, [], 'CSP violations');
      }
    } finally {
      await t.close();
    }
  }

  test('a never-searched page fetches at most 10 KB (gzip, counted on the wire)', async () => {
    const reqs = [];
    await withPage(server.base + 'portal.html', async (page) => {
      await page.waitForLoadState('load');
      await page.waitForTimeout(300);
      let widget = 0;
      for (const r of reqs) {
        const sizes = await r.sizes();
        const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
        const name = r.url().split('/').pop();
        console.log(`# never searched: ${name} ${bytes} B`);
        if (!/^(portal\.html|portal\.css|favicon\.svg)$/.test(name)) widget += bytes;
      }
      console.log(`# never searched: the widget's share ${widget} B`);
      assert.ok(widget <= 10 * 1024, `${widget} B`);
      assert.ok(reqs.every((r) => !/zhsearch-core|zhsearch-wasm|zhsearch\.js/.test(r.url())));
    }, { init: (page) => page.on('requestfinished', (r) => reqs.push(r)) });
  });

  for (const rel of ['portal.html', 'portal-modal.html', 'zhsearch/index.html']) {
    test(`strict CSP (${rel}): searches with no CSP error`, async () => {
      await withPage(strict.base + rel, async (page) => {
        if (rel === 'portal-modal.html') await page.locator(`${W} button[part=button]`).click();
        else await page.locator(INPUT).click();
        await waitReady(page);
        await page.keyboard.type('氢能');
        await page.locator(OPTIONS).first().waitFor();
        // Styles applied (constructable stylesheet under style-src 'self').
        const radius = await page.locator(INPUT).evaluate((e) => getComputedStyle(e).borderTopLeftRadius);
        assert.notEqual(radius, '0px', 'the widget is styled');
        // And the reader view, with its marks.
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await page.locator('#reader').waitFor({ state: 'visible' });
        assert.ok((await page.locator('#doc-body mark').count()) > 0);
      });
    });
  }

  test('CSP without wasm-unsafe-eval: the widget says the CSP blocks WebAssembly', async () => {
    await withPage(noWasm.base + 'portal.html', async (page, t) => {
      await page.locator(INPUT).click();
      await page.waitForFunction(() => document.querySelector('zh-search').getAttribute('state') === 'error');
      const msg = await page.locator(`${W} [role=alert]`).textContent();
      assert.match(msg, /内容安全策略（CSP）禁止运行 WebAssembly/);
      assert.doesNotMatch(msg, /损坏/);
      await axe(page, 'error (csp-wasm)');
      // Only the expected refusal was logged.
      assert.ok(t.errors.every((e) => /WebAssembly|wasm|Content Security Policy/i.test(e)), t.errors.join('\n'));
    }, { allowErrors: true });
  });

  test('axe-core: zero violations when empty, with results, with no results, on error, dialog open', async () => {
    await withPage(server.base + 'portal.html', async (page) => {
      await axe(page, 'never used');
      await page.locator(INPUT).click();
      await waitReady(page);
      await axe(page, 'empty, focused');
      await page.keyboard.type('氢能');
      await page.locator(OPTIONS).first().waitFor();
      await page.keyboard.press('ArrowDown');
      await axe(page, 'results');
      await page.locator(INPUT).fill('量子引力');
      await page.waitForFunction(() => /没有找到/.test(document.querySelector('zh-search').shadowRoot.querySelector('[role=status]').textContent));
      await axe(page, 'no results');
    });
    await withPage(server.base + 'portal-modal.html', async (page) => {
      await axe(page, 'modal closed');
      await page.locator(`${W} button[part=button]`).click();
      await waitReady(page);
      await axe(page, 'dialog open, empty');
      await page.keyboard.type('护工');
      await page.locator(OPTIONS).first().waitFor();
      await axe(page, 'dialog open, results');
    });
    await withPage(server.base + 'zhsearch/index.html', async (page) => {
      await waitReady(page);
      await axe(page, 'bundle page, empty');
      await page.keyboard.type('氢能');
      await page.locator(OPTIONS).first().waitFor();
      await axe(page, 'bundle page, results');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator('#reader').waitFor({ state: 'visible' });
      await axe(page, 'reader');
    });
    await withPage(server.base + 'portal.html', async (page) => {
      await page.locator(INPUT).click();
      await page.waitForFunction(() => document.querySelector('zh-search').getAttribute('state') === 'error');
      assert.match(await page.locator(`${W} [role=alert]`).textContent(), /检索文件未能加载/);
      await axe(page, 'error (network)');
    }, {
      allowErrors: true,
      init: (page) => page.route('**/zhsearch-core.js', (r) => r.fulfill({ status: 404, body: '' })),
    });
  });

  test('axe-core in the dark scheme: results and no results', async () => {
    await withPage(server.base + 'portal.html', async (page) => {
      await page.locator(INPUT).click();
      await waitReady(page);
      await axe(page, 'dark, empty');
      await page.keyboard.type('氢能');
      await page.locator(OPTIONS).first().waitFor();
      await page.keyboard.press('ArrowDown');
      await axe(page, 'dark, results');
      await page.locator(INPUT).fill('量子引力');
      await page.waitForFunction(() => /没有找到/.test(document.querySelector('zh-search').shadowRoot.querySelector('[role=status]').textContent));
      await axe(page, 'dark, no results');
    }, { colorScheme: 'dark' });
  });

  test('without constructable stylesheets the widget links zh-search.css in its shadow root (strict CSP)', async () => {
    await withPage(strict.base + 'portal.html', async (page) => {
      await page.waitForFunction(() => customElements.get('zh-search'));
      const link = page.locator(`${W} link[rel=stylesheet]`);
      assert.match(await link.getAttribute('href'), /zhsearch\/zh-search\.css$/);
      await page.waitForFunction(() => {
        const i = document.querySelector('zh-search').shadowRoot.querySelector('input');
        return getComputedStyle(i).borderTopLeftRadius !== '0px';
      });
    }, { init: (page) => page.addInitScript(() => { delete CSSStyleSheet.prototype.replaceSync; }) });
  });

  test('no results with did_you_mean: the suggestion is offered and searches', async () => {
    await withPage(server.base + 'portal.html', async (page) => {
      await page.locator(INPUT).click();
      await waitReady(page);
      await page.keyboard.type('氢熊');
      const chip = page.locator(`${W} .msg button.chip[data-q]`);
      await chip.first().waitFor();
      assert.match(await page.locator(`${W} .msg`).textContent(), /您是不是要找：/);
      assert.deepEqual(await chip.allTextContents(), ['氢能']);
      await axe(page, 'no results, did you mean');
      await chip.click();
      await page.locator(OPTIONS).first().waitFor();
      assert.equal(await page.locator(INPUT).inputValue(), '氢能');
    }, {
      // The shim has no did_you_mean; the real core will. A stand-in core says it.
      init: (page) => page.addInitScript(() => {
        self.zhsearchCore = {
          open: () => Promise.resolve({
            info: () => ({ title: '示例站', documents: 1, format_version: 1, examples: ['示例'] }),
            search: (q) => Promise.resolve(q === '氢能'
              ? { query: q, total: 1, partial: false, results: [{ id: 0, title: '氢能', url: '', snippet: '氢能', highlights: [[0, 2]], title_highlights: [[0, 2]], meta: [] }] }
              : { query: q, total: 0, partial: false, results: [], did_you_mean: '氢能' }),
            document: () => Promise.resolve(null),
            stats: () => ({ requests: 0, bytes: 0 }),
          }),
        };
      }),
    });
  });

  test('loading: a query typed while the engine loads says so, then shows results', async () => {
    await withPage(server.base + 'portal.html', async (page) => {
      await page.locator(INPUT).click();
      await page.keyboard.type('氢能');
      assert.equal(await widgetState(page), 'loading');
      assert.match(await page.locator(STATUS).textContent(), /正在加载检索/);
      assert.equal(await page.locator(`${W} [role=listbox]`).getAttribute('aria-busy'), 'true');
      await page.screenshot({ path: screenshotPath('widget-portal-loading-1280-light.png') });
      await axe(page, 'loading');
      await page.locator(OPTIONS).first().waitFor({ timeout: 20_000 });
      assert.match(await page.locator(STATUS).textContent(), /^共 \d+ 篇/);
    }, {
      init: (page) => page.route('**/zhsearch-wasm.js', async (route) => {
        await new Promise((r) => setTimeout(r, 1500));
        await route.continue();
      }),
    });
  });

  test('200% zoom and forced colors: still usable', async () => {
    await withPage(server.base + 'portal.html', async (page) => {
      await page.locator(INPUT).click();
      await waitReady(page);
      await page.keyboard.type('氢能');
      await page.locator(OPTIONS).first().waitFor();
      await page.keyboard.press('ArrowDown');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `no sideways scrolling at 200% (640 CSS px): ${overflow}`);
      const border = await page.locator(`${W} [role=option][aria-selected=true]`).evaluate((e) => getComputedStyle(e).borderTopColor);
      assert.ok(border, 'the selected option has a border (visible in forced colors)');
      await page.screenshot({ path: screenshotPath('widget-zoom200-forced-colors.png') });
    }, { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2, init: (page) => page.emulateMedia({ forcedColors: 'active' }) });
  });

  for (const scheme of ['light', 'dark']) {
    for (const width of [360, 1280]) {
      test(`screenshots at ${width} px, ${scheme}`, async () => {
        const vp = { width, height: width === 360 ? 740 : 800 };
        const opts = { viewport: vp, colorScheme: scheme, isMobile: width === 360, hasTouch: width === 360 };
        const shot = (name) => screenshotPath(`widget-${name}-${width}-${scheme}.png`);
        await withPage(server.base + 'portal.html', async (page) => {
          await page.screenshot({ path: shot('portal-idle') });
          await page.locator(INPUT).click();
          await waitReady(page);
          await page.screenshot({ path: shot('portal-empty') });
          await page.keyboard.type('氢能');
          await page.locator(OPTIONS).first().waitFor();
          await page.keyboard.press('ArrowDown');
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
          assert.ok(overflow <= 0, `no sideways scrolling: ${overflow}`);
          await page.screenshot({ path: shot('portal-results') });
          await page.locator(INPUT).fill('量子引力');
          await page.waitForFunction(() => /没有找到/.test(document.querySelector('zh-search').shadowRoot.querySelector('[role=status]').textContent));
          await page.screenshot({ path: shot('portal-none') });
        }, opts);
        await withPage(server.base + 'portal-modal.html', async (page) => {
          await page.waitForFunction(() => customElements.get('zh-search'));
          await page.screenshot({ path: shot('modal-idle') });
          await page.locator(`${W} button[part=button]`).click();
          await waitReady(page);
          await page.keyboard.type('护工');
          await page.locator(OPTIONS).first().waitFor();
          await page.screenshot({ path: shot('modal-results') });
        }, opts);
        await withPage(server.base + 'zhsearch/index.html', async (page) => {
          await waitReady(page);
          await page.screenshot({ path: shot('bundle-empty') });
          await page.keyboard.type('氢能');
          await page.locator(OPTIONS).first().waitFor();
          await page.screenshot({ path: shot('bundle-results') });
        }, opts);
        await withPage(noWasm.base + 'portal.html', async (page) => {
          await page.locator(INPUT).click();
          await page.waitForFunction(() => document.querySelector('zh-search').getAttribute('state') === 'error');
          await page.screenshot({ path: shot('portal-error') });
        }, { ...opts, allowErrors: true });
      });
    }
  }
});
