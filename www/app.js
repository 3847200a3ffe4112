/* zhsearch search page.
 *
 * Loaded as a classic script after zhsearch-core.js, which loads the engine
 * and the index's chunks as queries need them (fetch over http, classic
 * scripts from file://). No modules, so the page also works from disk.
 *
 * Document text is data: every piece of it reaches the DOM through text nodes
 * (textContent / append(string)), never through innerHTML.
 */
(function () {
  'use strict';

  var LIMIT = 100;

  function $(id) { return document.getElementById(id); }
  var els = {
    sub: $('site-sub'),
    home: $('home'),
    error: $('error'),
    searchView: $('search-view'),
    form: $('search-form'),
    input: $('q'),
    status: $('status'),
    hint: $('hint'),
    empty: $('empty'),
    results: $('results'),
    reader: $('reader'),
    back: $('back'),
    docTitle: $('doc-title'),
    docMeta: $('doc-meta'),
    docBody: $('doc-body'),
    matchNav: $('match-nav'),
    matchPos: $('match-pos'),
    matchPrev: $('match-prev'),
    matchNext: $('match-next')
  };

  var engine = null;
  var info = null;
  var composing = false;
  var renderedQuery = null;   // the query whose results are in the list (null: nothing rendered yet)
  var view = 'search';        // 'search' | 'reader'
  var readerKey = null;       // "id|query" of the document in the reader
  var searchScroll = 0;       // scroll position of the results when a document was opened
  var lastDocId = null;       // the result last opened, to give focus back to it
  var marks = [];
  var markIndex = -1;

  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';

  /* ---------------------------------------------------------------- helpers */

  // Highlight ranges from the engine: [[start, end], ...] in UTF-16 code
  // units. Clamp, drop empty ones, sort, and merge overlapping or adjacent
  // ranges so that one matched word becomes one <mark>.
  function cleanRanges(list, len) {
    var out = [];
    if (!list) return out;
    var arr = Array.from(list);
    for (var i = 0; i < arr.length; i++) {
      var r = arr[i];
      if (!r) continue;
      var s = Math.max(0, Math.min(len, Number(r[0]) | 0));
      var e = Math.max(0, Math.min(len, Number(r[1]) | 0));
      if (e > s) out.push([s, e]);
    }
    out.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    for (var j = 0; j < out.length; j++) {
      var last = merged[merged.length - 1];
      if (last && out[j][0] <= last[1]) last[1] = Math.max(last[1], out[j][1]);
      else merged.push(out[j].slice());
    }
    return merged;
  }

  // Append text[from, to) to parent as text nodes, wrapping the parts inside
  // `ranges` (sorted, disjoint) in <mark>. Returns the marks created.
  function appendMarked(parent, text, ranges, from, to) {
    if (from === undefined) from = 0;
    if (to === undefined) to = text.length;
    var created = [];
    var pos = from;
    for (var i = 0; i < ranges.length; i++) {
      var s = ranges[i][0], e = ranges[i][1];
      if (e <= from) continue;
      if (s >= to) break;
      var a = Math.max(s, from), b = Math.min(e, to);
      if (a > pos) parent.appendChild(document.createTextNode(text.slice(pos, a)));
      var m = document.createElement('mark');
      m.textContent = text.slice(a, b);
      parent.appendChild(m);
      created.push(m);
      pos = b;
    }
    if (pos < to) parent.appendChild(document.createTextNode(text.slice(pos, to)));
    return created;
  }

  var CELL_SEP = ' | ';

  function pushAll(list, items) {
    for (var i = 0; i < items.length; i++) list.push(items[i]);
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // "2022-05-07" -> "2022年5月7日"; anything else is shown as it is.
  function formatDate(iso) {
    var m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(String(iso || ''));
    if (!m) return String(iso || '');
    return m[1] + '年' + Number(m[2]) + '月' + Number(m[3]) + '日';
  }

  function dateNode(iso) {
    var t = el('time', 'date', formatDate(iso));
    if (/^\d{4}-\d{2}-\d{2}$/.test(String(iso))) t.dateTime = iso;
    return t;
  }

  function parseHash() {
    var h = location.hash.replace(/^#/, '');
    var p = new URLSearchParams(h);
    var doc = p.get('doc');
    return { doc: doc === null || doc === '' ? null : doc, q: p.get('q') || '' };
  }

  function hashFor(q, doc) {
    var parts = [];
    if (doc !== null && doc !== undefined) parts.push('doc=' + encodeURIComponent(doc));
    if (q) parts.push('q=' + encodeURIComponent(q));
    return parts.length ? '#' + parts.join('&') : '';
  }

  // Change the hash without a new history entry and without a hashchange.
  function replaceHash(hash, state) {
    var url = location.href.split('#')[0] + hash;
    try {
      history.replaceState(state === undefined ? history.state : state, '', url);
    } catch (e) {
      // Some browsers refuse history edits on file://; location.replace
      // works everywhere (the hashchange it fires is a no-op for route()).
      if (location.hash !== hash) location.replace(hash || '#');
    }
  }

  function setState(patch) {
    var st = {};
    var cur = history.state;
    if (cur && typeof cur === 'object') for (var k in cur) st[k] = cur[k];
    for (var k2 in patch) st[k2] = patch[k2];
    try { history.replaceState(st, ''); } catch (e) { /* not essential */ }
  }

  function showError(title, detail) {
    els.error.replaceChildren();
    els.error.appendChild(el('strong', null, title));
    if (detail) els.error.appendChild(el('p', null, detail));
    els.error.hidden = false;
  }

  function updateTitle() {
    var base = info && info.title ? info.title : '公报全文检索';
    if (view === 'search') {
      var q = renderedQuery || '';
      document.title = q ? q + ' - ' + base + ' 全文检索' : base + ' 全文检索';
    }
  }

  /* ----------------------------------------------------------------- search */

  function search(q) {
    q = q.trim();
    if (q === renderedQuery) return;
    renderedQuery = q;
    els.results.dataset.query = q;
    els.empty.hidden = true;
    els.status.classList.remove('status-empty');
    if (!q) {
      els.results.replaceChildren();
      els.status.textContent = '';
      els.hint.hidden = false;
      updateTitle();
      return;
    }
    var res;
    try {
      res = engine.searchNow(q, { limit: LIMIT });
      if (res === null) {
        // Chunks of the index are loading: search again when they are in.
        els.status.textContent = '正在加载…';
        engine.search(q, { limit: LIMIT }).then(function () {
          if (renderedQuery === q) { renderedQuery = null; search(q); }
        }, function (e) {
          if (renderedQuery !== q) return;
          els.results.replaceChildren();
          els.status.textContent = '检索出错：' + (e && e.message ? e.message : String(e));
        });
        return;
      }
    } catch (e) {
      els.results.replaceChildren();
      els.hint.hidden = true;
      els.status.textContent = '检索出错：' + (e && e.message ? e.message : String(e));
      return;
    }
    renderResults(q, res);
    updateTitle();
  }

  function renderResults(q, res) {
    var list = res && res.results ? Array.from(res.results) : [];
    var total = res && typeof res.total === 'number' ? res.total : list.length;
    els.hint.hidden = true;

    if (!list.length) {
      els.status.textContent = '没有找到与“' + q + '”相关的文件';
      els.status.classList.add('status-empty');
      els.empty.hidden = false;
      els.results.replaceChildren();
      return;
    }

    els.status.textContent = '共 ' + total + ' 篇' + (total > list.length ? '，显示前 ' + list.length + ' 篇' : '') +
      // Nothing holds every word: say so, rather than pass partial matches off as full ones.
      (res && res.partial ? '（没有文件同时包含全部词语，以下为部分匹配）' : '');

    var frag = document.createDocumentFragment();
    for (var i = 0; i < list.length; i++) frag.appendChild(resultItem(q, list[i]));
    els.results.replaceChildren(frag);
  }

  function resultItem(q, r) {
    var li = el('li', 'result');
    var title = String(r.title || r.doc_number || '（无标题）');

    var h = el('h3', 'result-title');
    var a = el('a', 'result-link');
    a.href = hashFor(q, r.id);
    a.dataset.id = String(r.id);
    appendMarked(a, title, cleanRanges(r.title_highlights, title.length));
    h.appendChild(a);
    li.appendChild(h);

    li.appendChild(metaLine(r));

    var snippet = String(r.snippet || '');
    if (snippet) {
      var p = el('p', 'snippet');
      appendMarked(p, snippet, cleanRanges(r.highlights, snippet.length));
      li.appendChild(p);
    }
    return li;
  }

  function metaLine(r) {
    var p = el('p', 'meta');
    var parts = [];
    if (r.doc_number) parts.push(el('span', 'docnum', r.doc_number));
    if (r.date) parts.push(dateNode(r.date));
    if (r.issuer) parts.push(el('span', 'issuer', r.issuer));
    else if (r.category) parts.push(el('span', 'category', r.category));
    if (r.page) parts.push(el('span', 'page', '第 ' + r.page + ' 页'));
    for (var i = 0; i < parts.length; i++) {
      if (i) p.appendChild(el('span', 'sep', '·')).setAttribute('aria-hidden', 'true');
      p.appendChild(parts[i]);
    }
    return p;
  }

  function searchFromInput() {
    if (!engine || composing) return;
    var q = els.input.value.trim();
    if (q === renderedQuery) return;
    search(q);
    replaceHash(hashFor(q));
  }

  /* ----------------------------------------------------------------- reader */

  function renderReader(id, q) {
    var key = id + '|' + q;
    if (readerKey === key) return false;
    readerKey = key;
    marks = [];
    markIndex = -1;
    els.back.href = hashFor(q) || '#';
    els.docMeta.replaceChildren();
    els.docBody.replaceChildren();
    els.docTitle.replaceChildren();

    var d = null, err = null;
    var num = Number(id);
    if (!/^\d+$/.test(String(id))) err = new Error('编号“' + id + '”无效');
    else {
      try { d = engine.documentNow(num, q); } catch (e) { err = e; }
      if (d === null && !err) {
        // Its text is loading: show it when it is in.
        engine.document(num, q).then(function () {
          if (readerKey === key) { readerKey = null; route(); }
        }, function (e) {
          if (readerKey === key) { readerKey = null; els.docBody.replaceChildren(el('p', 'doc-missing', e.message || String(e))); }
        });
        els.docTitle.textContent = '正在加载…';
        return false;
      }
      if (!d && !err) err = new Error('没有编号为 ' + id + ' 的文件');
    }
    if (err) {
      els.docTitle.textContent = '未找到该文件';
      els.docBody.appendChild(el('p', 'doc-missing', err.message || String(err)));
      els.matchNav.hidden = true;
      document.title = '未找到该文件';
      return true;
    }

    var title = String(d.title || d.doc_number || '（无标题）');
    appendMarked(els.docTitle, title, cleanRanges(d.title_highlights, title.length));
    document.title = title;

    var rows = [
      ['文号', d.doc_number],
      ['发文机关', d.issuer],
      ['成文日期', d.date ? dateNode(d.date) : ''],
      ['类别', d.category],
      ['公报页码', d.page ? '第 ' + d.page + ' 页' : '']
    ];
    for (var i = 0; i < rows.length; i++) {
      if (!rows[i][1]) continue;
      var div = el('div');
      div.appendChild(el('dt', null, rows[i][0]));
      var dd = el('dd');
      if (typeof rows[i][1] === 'string') dd.textContent = rows[i][1];
      else dd.appendChild(rows[i][1]);
      div.appendChild(dd);
      els.docMeta.appendChild(div);
    }

    var body = String(d.body || '');
    var ranges = cleanRanges(d.highlights, body.length);
    var frag = document.createDocumentFragment();
    var start = 0;
    var lines = body.split('\n');
    var table = null;
    var headLine = null;
    for (var j = 0; j < lines.length; j++) {
      var line = lines[j];
      var end = start + line.length;
      if (line.indexOf(CELL_SEP) >= 0) {
        // The gazette's tables come as one row per line, cells joined by " | ".
        if (!table) {
          var wrap = el('div', 'table-wrap');
          table = el('table');
          wrap.appendChild(table);
          frag.appendChild(wrap);
        }
        var tr = el('tr');
        // A header row: the first one, unless it starts with a number, and
        // its repeats (the printed table repeats it on every page).
        var head = line === headLine || (!table.rows.length && !/^\s*\d/.test(line));
        if (head) headLine = line;
        var cs = start;
        while (cs <= end) {
          var sep = body.indexOf(CELL_SEP, cs);
          var ce = sep < 0 || sep > end ? end : sep;
          var cell = el(head ? 'th' : 'td');
          pushAll(marks, appendMarked(cell, body, ranges, cs, ce));
          tr.appendChild(cell);
          cs = ce + CELL_SEP.length;
        }
        table.appendChild(tr);
      } else {
        table = null;
        if (line.trim()) {
          var p = el('p');
          pushAll(marks, appendMarked(p, body, ranges, start, end));
          frag.appendChild(p);
        }
      }
      start = end + 1;
    }
    els.docBody.appendChild(frag);

    if (marks.length) {
      els.matchNav.hidden = false;
      // A range cut by a paragraph break is one match shown as two marks;
      // the counter counts marks, which is what the arrows step through.
      els.matchPrev.disabled = els.matchNext.disabled = marks.length < 2;
    } else {
      els.matchNav.hidden = true;
    }
    return true;
  }

  function gotoMark(i) {
    if (!marks.length) return;
    if (markIndex >= 0 && marks[markIndex]) marks[markIndex].classList.remove('current');
    markIndex = (i + marks.length) % marks.length;
    var m = marks[markIndex];
    m.classList.add('current');
    els.matchPos.textContent = '第 ' + (markIndex + 1) + ' / ' + marks.length + ' 处';
    m.scrollIntoView({ block: 'center' });
  }

  // Leave the reader: back in history when we came from the results (so the
  // history stays clean), otherwise navigate to the results of the query.
  function goBack() {
    var st = history.state;
    if (st && st.fromResults) history.back();
    else location.hash = els.back.getAttribute('href') || '#';
  }

  /* ---------------------------------------------------------------- routing */

  function route() {
    if (!engine) return;
    var s = parseHash();
    if (s.doc !== null) {
      if (view === 'search') {
        searchScroll = window.scrollY;
        // Entered from the results list in this page: remember it on the
        // document's history entry, so "back" can be history.back().
        if (renderedQuery !== null && renderedQuery === s.q) setState({ fromResults: true });
      }
      lastDocId = s.doc;
      var changed = renderReader(s.doc, s.q);
      var entering = view !== 'reader';
      view = 'reader';
      els.searchView.hidden = true;
      els.reader.hidden = false;
      if (entering || changed) {
        els.docTitle.focus({ preventScroll: true });
        if (marks.length) gotoMark(0);
        else window.scrollTo(0, 0);
      }
      return;
    }

    var wasReader = view === 'reader';
    view = 'search';
    readerKey = null;
    els.reader.hidden = true;
    els.searchView.hidden = false;
    if (els.input.value.trim() !== s.q) els.input.value = s.q;
    search(s.q);
    updateTitle();
    if (wasReader) {
      var st = history.state;
      var y = st && typeof st.scrollY === 'number' ? st.scrollY : searchScroll;
      var link = lastDocId !== null ? els.results.querySelector('a.result-link[data-id="' + CSS.escape(String(lastDocId)) + '"]') : null;
      if (link) link.focus({ preventScroll: true });
      else els.input.focus({ preventScroll: true });
      window.scrollTo(0, y);
    }
  }

  /* ----------------------------------------------------------------- events */

  els.input.addEventListener('compositionstart', function () { composing = true; });
  els.input.addEventListener('compositionend', function () {
    composing = false;
    searchFromInput();
  });
  els.input.addEventListener('input', function (e) {
    if (e.isComposing || composing) return;
    searchFromInput();
  });

  els.form.addEventListener('submit', function (e) {
    e.preventDefault();
    composing = false;
    searchFromInput();
    var first = els.results.querySelector('a.result-link');
    if (first) first.focus(); // also closes the on-screen keyboard on phones
  });

  // Arrow keys: from the box into the results, and between results.
  els.input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown' && !e.isComposing && !composing) {
      var first = els.results.querySelector('a.result-link');
      if (first) { e.preventDefault(); first.focus(); }
    }
  });
  els.results.addEventListener('keydown', function (e) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    var links = Array.from(els.results.querySelectorAll('a.result-link'));
    var i = links.indexOf(document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    if (e.key === 'ArrowDown') { if (i + 1 < links.length) links[i + 1].focus(); }
    else if (i > 0) links[i - 1].focus();
    else els.input.focus();
  });
  // Remember where the list was before a result is opened (click or Enter).
  els.results.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a.result-link');
    if (!a) return;
    searchScroll = window.scrollY;
    setState({ scrollY: window.scrollY });
  });

  els.hint.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('button.chip');
    if (!b || !engine) return;
    els.input.value = b.dataset.q;
    els.input.focus();
    searchFromInput();
  });

  els.back.addEventListener('click', function (e) {
    e.preventDefault();
    goBack();
  });
  els.matchPrev.addEventListener('click', function () { gotoMark(markIndex - 1); });
  els.matchNext.addEventListener('click', function () { gotoMark(markIndex + 1); });

  document.addEventListener('keydown', function (e) {
    if (view !== 'reader' || e.defaultPrevented) return;
    if (e.key === 'Escape') { e.preventDefault(); goBack(); }
  });

  window.addEventListener('hashchange', route);

  /* ---------------------------------------------------------------- startup */

  function UserError(title, detail) {
    this.title = title;
    this.detail = detail;
  }

  function loadEngine() {
    if (!self.zhsearchCore) {
      return Promise.reject(new UserError('无法加载检索程序', '文件 zhsearch-core.js 缺失或未能载入，请确认它与本页面位于同一目录。'));
    }
    return self.zhsearchCore.open().catch(function (e) {
      var detail = (e && e.message) || String(e);
      switch (e && e.code) {
        case 'csp-wasm': throw new UserError('本站的安全策略禁止运行检索程序', detail);
        case 'unsupported': throw new UserError('浏览器版本过旧，无法使用检索',
          '本页面需要 WebAssembly 和 DecompressionStream。请使用较新版本的 Chrome、Edge、Firefox 或 Safari（2023 年以后的版本）打开。');
        case 'network': throw new UserError('无法加载检索索引', detail + '。请确认本页面所在目录的文件完整。');
        default: throw new UserError('检索索引已损坏', detail);
      }
    });
  }

  function start() {
    els.status.textContent = '正在加载索引…';
    loadEngine().then(function (eng) {
      engine = eng;
      info = engine.info() || {};
      var title = info.title ? String(info.title) : '公报全文检索';
      els.home.textContent = title;
      els.sub.textContent = '全文检索' + (info.documents ? ' · 共收录 ' + info.documents + ' 篇文件' : '');
      els.status.textContent = '';
      document.documentElement.dataset.ready = 'true';

      var s = parseHash();
      if (s.doc === null && !s.q && els.input.value.trim()) {
        // Typed while the index was loading.
        searchFromInput();
        updateTitle();
      } else {
        route();
      }
    }).catch(function (e) {
      var title = e instanceof UserError ? e.title : '检索引擎启动失败';
      var detail = e instanceof UserError ? e.detail : (e && e.message ? e.message : String(e));
      els.status.textContent = '';
      els.sub.textContent = '检索不可用';
      els.input.disabled = true;
      els.hint.hidden = true;
      document.documentElement.dataset.ready = 'error';
      showError(title, detail);
    });
  }

  start();
})();
