// The bundle's own page (index.html: the <zh-search full> widget + the
// reader view) in a real headless Chromium, against the real engine and the
// real gazette in dist/. Every scenario runs twice: served over
// http://127.0.0.1 and opened straight from disk (file://).
// Playwright's CSS locators pierce the widget's open shadow root.
//
//   bash scripts/build-dist.sh && node --test tests/browser/

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  checkDist, startServer, fileUrl, launch, newPage, openSearch, results, texts, screenshotPath,
} from './harness.mjs';

const MODES = ['http', 'file'];
const Q = 'zh-search input[role=combobox]';
const STATUS = 'zh-search [role=status]';
const OPT = 'zh-search [role=option]';
const HINT = 'zh-search .msg';

// Runs fn(input, shadowRoot) in the page.
function inWidget(page, fn, arg) {
  return page.evaluate(([src, arg]) => {
    const w = document.querySelector('zh-search');
    // eslint-disable-next-line no-new-func
    return new Function('input', 'root', 'arg', `return (${src})(input, root, arg)`)(w.shadowRoot.querySelector('input'), w.shadowRoot, arg);
  }, [fn.toString(), arg]);
}

function activeId(page) {
  return inWidget(page, (input, root) => {
    const id = input.getAttribute('aria-activedescendant');
    return root.activeElement === input ? (id ? root.getElementById(id).dataset.id : 'box') : null;
  });
}

for (const mode of MODES) {
  describe(`search page over ${mode}://`, () => {
    let browser;
    let server;
    let url;

    before(async () => {
      checkDist();
      if (mode === 'http') {
        server = await startServer();
        url = server.url;
      } else {
        url = fileUrl();
      }
      browser = await launch();
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    // Opens the page, runs fn, then fails on any console or page error.
    async function withPage(fn, options) {
      const t = await newPage(browser, options);
      try {
        await openSearch(t.page, options?.hash ? url + options.hash : url);
        await fn(t.page, t);
        assert.deepEqual(t.errors, [], 'the page logged errors');
      } finally {
        await t.close();
      }
    }

    /** Types `q` key by key and waits until the list shows its results
     * (not an earlier keystroke's, which a cold chunk load can outlast). */
    async function typeQuery(page, q) {
      await page.locator(Q).click();
      await page.keyboard.type(q);
      await page.waitForFunction((q) => {
        const list = document.querySelector('zh-search').shadowRoot.querySelector('[role=listbox]');
        return list && list.dataset.query === q.trim();
      }, q);
    }

    async function countMatchesList(page) {
      const status = (await page.locator(STATUS).textContent()).trim();
      const n = await page.locator(OPT).count();
      const m = /^共 (\d+) 篇(?:，显示前 (\d+) 篇)?$/.exec(status);
      assert.ok(m, `status should read "共 N 篇", got "${status}"`);
      assert.equal(Number(m[2] ?? m[1]), n, 'the count in the status matches the results shown');
      return n;
    }

    test('starts with the collection title, a focused labelled box and examples from the corpus', async () => {
      await withPage(async (page) => {
        const h1 = (await page.locator('h1').textContent()).trim();
        assert.match(h1, /吕梁市人民政府公报/);
        assert.match(await page.locator('#site-sub').textContent(), /共收录 \d+ 篇/);
        assert.equal(await activeId(page), 'box', 'the search box has focus');
        assert.equal(await page.locator('zh-search label[for=q]').count(), 1);
        assert.equal(await page.locator(Q).getAttribute('type'), 'search');
        assert.match(await page.locator(Q).getAttribute('placeholder'), /吕梁市人民政府公报/, 'placeholder from the index title');
        assert.ok(await page.locator(HINT).isVisible(), 'the hint is visible before typing');
        const chips = (await texts(page, 'zh-search .chip')).map((s) => s.trim());
        assert.ok(chips.length >= 2, `example queries from the index: ${chips}`);
        assert.equal(await page.locator(OPT).count(), 0);
        assert.equal(await page.locator(STATUS).getAttribute('role'), 'status');
      });
    });

    test('氢能, typed key by key: 吕政办发〔2022〕16号 first, snippet marked', async () => {
      await withPage(async (page) => {
        await typeQuery(page, '氢能');
        await page.locator(OPT).first().waitFor();
        const rs = await results(page);
        assert.equal(rs[0].docNumber, '吕政办发〔2022〕16号');
        assert.ok(rs[0].snippetMarks.some((m) => m.includes('氢能')),
          `a <mark> in the snippet holds 氢能: ${JSON.stringify(rs[0].snippetMarks)} in ${rs[0].snippet}`);
        assert.ok(rs[0].titleMarks.some((m) => m.includes('氢能')), 'the title marks 氢能');
        assert.match(rs[0].meta, /2022年\d{1,2}月\d{1,2}日/);
        assert.match(rs[0].meta, /第 \d+ 页/);
        await countMatchesList(page);
        assert.ok(!(await page.locator(HINT).isVisible()), 'the hint is gone');
        assert.match(decodeURIComponent(await page.evaluate(() => location.hash)), /^#q=氢能$/);
        assert.match(await page.title(), /氢能/);

        // For humans: what the results look like.
        if (mode === 'http') {
          await page.screenshot({ path: screenshotPath('results-qingneng.png'), fullPage: false });
        }
      });
    });

    test('氢 alone already finds 16号', async () => {
      await withPage(async (page) => {
        await typeQuery(page, '氢');
        await page.locator(OPT).first().waitFor();
        const rs = await results(page);
        assert.ok(rs.some((r) => r.docNumber === '吕政办发〔2022〕16号'),
          `16号 among ${rs.map((r) => r.docNumber).join(' ')}`);
        assert.equal(rs[0].docNumber, '吕政办发〔2022〕16号');
      });
    });

    test('护工 → 吕政办发〔2022〕30号 first', async () => {
      await withPage(async (page) => {
        await typeQuery(page, '护工');
        await page.locator(OPT).first().waitFor();
        const rs = await results(page);
        assert.equal(rs[0].docNumber, '吕政办发〔2022〕30号');
        assert.ok(rs[0].snippetMarks.some((m) => m.includes('护工')) || rs[0].titleMarks.some((m) => m.includes('护工')));
        await countMatchesList(page);
      });
    });

    test('partial matches are shown, and said to be partial', async () => {
      await withPage(async (page) => {
        await typeQuery(page, '氢能 量子计算机');
        await page.locator(OPT).first().waitFor();
        const rs = await results(page);
        assert.equal(rs[0].docNumber, '吕政办发〔2022〕16号');
        assert.match(await page.locator(STATUS).textContent(), /部分匹配/);
        // A full match says nothing of the kind.
        await page.fill(Q, '');
        await typeQuery(page, '氢能 加氢站');
        await page.locator(OPT).first().waitFor();
        assert.doesNotMatch(await page.locator(STATUS).textContent(), /部分匹配/);
      });
    });

    test('a 文号 with ASCII brackets: 吕政办发[2022]15号 → 15号 first', async () => {
      await withPage(async (page) => {
        await typeQuery(page, '吕政办发[2022]15号');
        await page.locator(OPT).first().waitFor();
        const rs = await results(page);
        assert.equal(rs[0].docNumber, '吕政办发〔2022〕15号');
      });
    });

    test('a query with no match shows the empty message, and markup in it stays text', async () => {
      await withPage(async (page) => {
        const q = '<svg onload=量子引力>';
        await typeQuery(page, q);
        await page.waitForFunction((s) => /没有找到/.test(document.querySelector('zh-search').shadowRoot.querySelector(s).textContent), '[role=status]');
        assert.equal((await page.locator(STATUS).textContent()).trim(), `没有找到与“${q}”相关的文件`);
        assert.equal(await page.locator(OPT).count(), 0);
        assert.match(await page.locator(HINT).textContent(), /请检查用字/, 'the advice under the message is shown');
        assert.ok(await page.locator('zh-search .msg .chip').count() > 0, 'with suggestions');
        assert.equal(await page.locator('svg').count(), 0, 'the query was not parsed as HTML');
        // Clearing the box brings the hint back.
        await page.locator(Q).fill('');
        await page.waitForFunction(() => /结果随输入即时显示/.test(document.querySelector('zh-search').shadowRoot.querySelector('.msg').textContent));
        assert.equal((await page.locator(STATUS).textContent()).trim(), '');
        // Markup in a query that does find something is text as well.
        await typeQuery(page, '<img src=x onerror=alert(1)>');
        await page.waitForFunction(() => document.querySelector('zh-search').shadowRoot.querySelector('[role=status]').textContent.trim() !== '');
        assert.equal(await page.locator('img').count(), 0, 'the query was not parsed as HTML');
      });
    });

    test('the example chips search', async () => {
      await withPage(async (page) => {
        const chip = page.locator('zh-search .msg .chip').first();
        const word = (await chip.textContent()).trim();
        await chip.click();
        await page.locator(OPT).first().waitFor();
        assert.equal(await page.locator(Q).inputValue(), word);
        assert.equal(await activeId(page), 'box');
      });
    });

    test('IME (CDP Input.imeSetComposition): no search while composing, one after', async () => {
      await withPage(async (page) => {
        const cdp = await page.context().newCDPSession(page);
        await page.locator(Q).click();
        // Composition text that *would* find documents if it were searched.
        await cdp.send('Input.imeSetComposition', { text: '护工', selectionStart: 2, selectionEnd: 2 });
        assert.equal(await page.locator(Q).inputValue(), '护工', 'the composition reached the box');
        await cdp.send('Input.imeSetComposition', { text: '氢能', selectionStart: 2, selectionEnd: 2 });
        assert.equal(await page.locator(Q).inputValue(), '氢能');
        // Nothing searched yet.
        assert.equal(await page.locator(OPT).count(), 0, 'no results while composing');
        assert.equal((await page.locator(STATUS).textContent()).trim(), '');
        assert.ok(await page.locator(HINT).isVisible());
        // Commit.
        await cdp.send('Input.insertText', { text: '氢能' });
        await page.locator(OPT).first().waitFor();
        assert.equal(await page.locator(Q).inputValue(), '氢能');
        assert.equal((await results(page))[0].docNumber, '吕政办发〔2022〕16号');
        await countMatchesList(page);
      });
    });

    test('IME (synthetic events): input events with isComposing are ignored until compositionend', async () => {
      await withPage(async (page) => {
        const during = await inWidget(page, (q, root) => {
          q.focus();
          q.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
          for (const v of ['h', 'hu', '护', '护工']) {
            q.value = v;
            q.dispatchEvent(new CompositionEvent('compositionupdate', { bubbles: true, data: v }));
            q.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, inputType: 'insertCompositionText', data: v }));
          }
          return {
            results: root.querySelectorAll('[role=option]').length,
            status: root.querySelector('[role=status]').textContent,
            hash: location.hash,
          };
        });
        assert.deepEqual(during, { results: 0, status: '', hash: '' }, 'nothing searched mid-composition');
        await inWidget(page, (q) => {
          q.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '护工' }));
        });
        await page.locator(OPT).first().waitFor();
        assert.equal((await results(page))[0].docNumber, '吕政办发〔2022〕30号');
      });
    });

    test('keyboard: ↓ from the box into the results (aria-activedescendant), ↓ again, Enter opens the second', async () => {
      await withPage(async (page) => {
        await typeQuery(page, '氢能');
        await page.locator(OPT).nth(1).waitFor();
        const rs = await results(page);
        await page.keyboard.press('ArrowDown');
        assert.equal(await activeId(page), rs[0].id);
        await page.keyboard.press('ArrowDown');
        assert.equal(await activeId(page), rs[1].id);
        await page.keyboard.press('ArrowUp');
        await page.keyboard.press('ArrowUp');
        assert.equal(await activeId(page), 'box', '↑ from the first result goes back to the box');
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await page.locator('#reader').waitFor({ state: 'visible' });
        assert.equal((await page.locator('#doc-title').textContent()).trim(), rs[1].title.trim());
      });
    });

    test('reader: full text with every match marked, scrolled to the first; Escape and back return to the same results', async () => {
      await withPage(async (page) => {
        await page.setViewportSize({ width: 800, height: 500 });
        await typeQuery(page, '氢能');
        await page.locator(OPT).first().waitFor();
        const before = await results(page);
        const count = await countMatchesList(page);
        assert.ok(count >= 2);

        // Open the first result (a click).
        await page.locator(OPT).first().click();
        await page.locator('#reader').waitFor({ state: 'visible' });
        assert.ok(!(await page.locator('#search-view').isVisible()), 'the results are hidden in the reader');
        assert.equal((await page.locator('#doc-title').textContent()).trim(), before[0].title.trim());
        assert.match(await page.locator('#doc-meta').textContent(), /吕政办发〔2022〕16号/);
        assert.ok(await page.locator('#doc-body p').count() > 5, 'the body is split into paragraphs');
        const marks = await texts(page, '#doc-body mark');
        assert.ok(marks.length > 5, `many matches marked in the body (${marks.length})`);
        assert.ok(marks.every((m) => m.includes('氢') || m.includes('能')), `marks hold the query: ${marks.slice(0, 10)}`);
        assert.ok(marks.some((m) => m.includes('氢能')));
        const hash = decodeURIComponent(await page.evaluate(() => location.hash));
        assert.match(hash, /^#doc=\d+&q=氢能$/);
        // Scrolled to the first mark: it is inside the viewport.
        const box = await page.locator('#doc-body mark').first().boundingBox();
        assert.ok(box && box.y >= 0 && box.y + box.height <= 500, `first mark in view: ${JSON.stringify(box)}`);
        assert.match((await page.locator('#match-pos').textContent()).trim(), new RegExp(`^第 1 / ${marks.length} 处$`));
        // Next match.
        await page.locator('#match-next').click();
        assert.match((await page.locator('#match-pos').textContent()).trim(), /^第 2 \//);
        assert.equal(await page.locator('#doc-body mark.current').textContent(), marks[1]);

        // Escape: back to the results, query intact.
        await page.keyboard.press('Escape');
        await page.locator('#search-view').waitFor({ state: 'visible' });
        assert.ok(!(await page.locator('#reader').isVisible()));
        assert.equal(await page.locator(Q).inputValue(), '氢能');
        assert.deepEqual(await results(page), before);
        assert.match(decodeURIComponent(await page.evaluate(() => location.hash)), /^#q=氢能$/);
        await page.waitForFunction(() => document.querySelector('zh-search').shadowRoot.querySelector('input').hasAttribute('aria-activedescendant'));
        assert.equal(await activeId(page), before[0].id, 'focus returns to the box, on the result that was opened');

        // Scroll down, open a later result, come back with the back control:
        // same scroll position.
        const last = page.locator(OPT).last();
        await last.scrollIntoViewIfNeeded();
        const y = await page.evaluate(() => window.scrollY);
        assert.ok(y > 0, 'the list is long enough to scroll');
        await last.click();
        await page.locator('#reader').waitFor({ state: 'visible' });
        await page.locator('#back').click();
        await page.locator('#search-view').waitFor({ state: 'visible' });
        await page.waitForFunction((y) => window.scrollY === y, y);
        assert.equal(await page.evaluate(() => window.scrollY), y, 'scroll position kept');
        assert.deepEqual(await results(page), before);

        // Browser back/forward go through the same states.
        await page.goForward();
        await page.locator('#reader').waitFor({ state: 'visible' });
        await page.goBack();
        await page.locator('#search-view').waitFor({ state: 'visible' });
        assert.equal(await page.locator(Q).inputValue(), '氢能');
      });
    });

    test('state lives in the hash: #q= and #doc= survive a reload', async () => {
      await withPage(async (page) => {
        await page.locator(OPT).first().waitFor();
        assert.equal(await page.locator(Q).inputValue(), '护工');
        assert.equal((await results(page))[0].docNumber, '吕政办发〔2022〕30号');
        const id = (await results(page))[0].id;

        await page.evaluate((id) => { location.hash = `#doc=${id}&q=${encodeURIComponent('护工')}`; }, id);
        await page.locator('#reader').waitFor({ state: 'visible' });
        await page.reload();
        await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
        // Its text comes in chunks after the page is ready.
        await page.locator('#reader').waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
        assert.ok(await page.locator('#reader').isVisible(), 'the reader is back after a reload');
        assert.match(await page.locator('#doc-meta').textContent(), /吕政办发〔2022〕30号/);
        assert.ok((await texts(page, '#doc-body mark')).some((m) => m.includes('护工')));
        // Back control after a reload still leads to the query's results.
        await page.locator('#back').click();
        await page.locator('#search-view').waitFor({ state: 'visible' });
        assert.equal(await page.locator(Q).inputValue(), '护工');
        await page.locator(OPT).first().waitFor();
        assert.equal((await results(page))[0].docNumber, '吕政办发〔2022〕30号');
      }, { hash: `#q=${encodeURIComponent('护工')}` });
    });

    test('tables in a body become tables, with matches marked in their cells', async () => {
      await withPage(async (page) => {
        await typeQuery(page, '鹏湾氢港');
        await page.locator(OPT).first().waitFor();
        assert.equal((await results(page))[0].docNumber, '吕政办发〔2022〕23号');
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await page.locator('#reader').waitFor({ state: 'visible' });
        assert.ok(await page.locator('#doc-body table').count() >= 1, 'the body has a table');
        assert.ok(await page.locator('#doc-body table th', { hasText: '项目名称' }).count() >= 1, 'header cells');
        const cellMarks = await texts(page, '#doc-body td mark');
        assert.ok(cellMarks.join('').includes('鹏湾氢港'), `marked in a cell: ${cellMarks}`);
        assert.ok(!(await page.locator('#doc-body').textContent()).includes(' | '), 'no raw cell separators left');
      });
    });

    test('a bad document id shows a message, not a crash', async () => {
      await withPage(async (page) => {
        await page.locator('#reader').waitFor({ state: 'visible' });
        assert.equal((await page.locator('#doc-title').textContent()).trim(), '未找到该文件');
      }, { hash: '#doc=99999&q=x' });
    });

    test('phone width (360 px): no sideways scrolling, results readable', async () => {
      await withPage(async (page) => {
        await typeQuery(page, '氢能');
        await page.locator(OPT).first().waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
        if (mode === 'http') await page.screenshot({ path: screenshotPath('results-qingneng-360.png') });
        await page.locator(OPT).first().click();
        await page.locator('#reader').waitFor({ state: 'visible' });
        const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow2 <= 0, `reader is ${overflow2}px wider than the screen`);
        if (mode === 'http') await page.screenshot({ path: screenshotPath('reader-qingneng-360.png') });
      }, { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    });
  });
}

describe('startup failures show a clear message', () => {
  let browser;
  let server;

  before(async () => {
    checkDist();
    server = await startServer();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function failing(setup) {
    const t = await newPage(browser);
    try {
      await setup(t.page);
      await t.page.goto(server.url);
      await t.page.waitForFunction(() => document.documentElement.dataset.ready);
      assert.equal(await t.page.evaluate(() => document.documentElement.dataset.ready), 'error');
      const alert = t.page.locator('zh-search [role=alert]');
      await alert.waitFor();
      assert.ok(await alert.isVisible());
      return (await alert.textContent()).trim();
    } finally {
      await t.close();
    }
  }

  test('a browser without DecompressionStream', async () => {
    const msg = await failing((page) => page.addInitScript(() => { delete window.DecompressionStream; }));
    assert.match(msg, /浏览器版本过旧/);
  });

  test('a damaged engine (zhsearch-engine.bin, valid gzip)', async () => {
    const msg = await failing((page) =>
      page.route('**/zhsearch-engine.bin', async (route) => {
        const res = await route.fetch();
        const bytes = gunzipSync(Buffer.from(await res.body()));
        for (let i = 200; i < bytes.length - 8; i += 97) bytes[i] ^= 0x5a;
        await route.fulfill({ response: res, body: gzipSync(bytes) });
      })
    );
    assert.match(msg, /已损坏/);
  });

  test('a damaged index root (valid gzip, bad checksum): the engine\'s own message', async () => {
    const msg = await failing((page) =>
      page.route('**/index/zhsearch-index.bin', async (route) => {
        const res = await route.fetch();
        const root = gunzipSync(Buffer.from(await res.body()));
        assert.equal(root.subarray(0, 8).toString(), 'ZHSEARCH');
        root[root.length >> 1] ^= 0xff;
        await route.fulfill({ response: res, body: gzipSync(root) });
      })
    );
    assert.match(msg, /检索索引已损坏/);
    assert.match(msg, /damaged|checksum/i, `the engine says what is wrong: ${msg}`);
  });

  test('a missing index file: the file is named', async () => {
    const msg = await failing((page) =>
      page.route('**/index/zhsearch-index.bin', (route) => route.fulfill({ status: 404, body: 'not found' }))
    );
    assert.match(msg, /zhsearch-index\.bin/);
  });

  test('a damaged chunk met by a query: an error in place, not a crash', async () => {
    const t = await newPage(browser);
    try {
      await t.page.route(/\/index\/[tp][0-9a-f]{12}\.bin$/, async (route) => {
        const res = await route.fetch();
        const framed = gunzipSync(Buffer.from(await res.body()));
        framed[framed.length >> 1] ^= 0xff;
        await route.fulfill({ response: res, body: gzipSync(framed) });
      });
      await t.page.goto(server.url);
      await t.page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
      await t.page.locator('zh-search input[role=combobox]').fill('氢能');
      const alert = t.page.locator('zh-search [role=alert]');
      await alert.waitFor();
      assert.match((await alert.textContent()).trim(), /检索索引已损坏/);
    } finally {
      await t.close();
    }
  });
});
