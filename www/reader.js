/* The bundle's own page (index.html): the <zh-search full> widget, plus the
 * reader view for documents without a url (#doc=ID&q=QUERY): the whole
 * document with every match marked, stepping from match to match.
 *
 * Classic script after zh-search.js (defer, in that order), so it also works
 * from file://. Document text reaches the DOM only through text nodes.
 */
(function () {
  'use strict';

  function $(id) { return document.getElementById(id); }
  var els = {
    sub: $('site-sub'), home: $('home'), search: $('search'), searchView: $('search-view'),
    reader: $('reader'), back: $('back'), docTitle: $('doc-title'), docMeta: $('doc-meta'),
    docBody: $('doc-body'), matchNav: $('match-nav'), matchPos: $('match-pos'),
    matchPrev: $('match-prev'), matchNext: $('match-next')
  };

  var CELL_SEP = ' | ';
  var info = null;
  var view = 'search';
  var readerKey = null;
  var searchScroll = 0;
  var lastDocId = null;
  var lastQuery = '';
  var marks = [];
  var markIndex = -1;
  var routeSeq = 0;

  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';

  function cleanRanges(list, len) {
    var out = [];
    Array.from(list || []).forEach(function (r) {
      var s = Math.max(0, Math.min(len, Number(r[0]) | 0));
      var e = Math.max(0, Math.min(len, Number(r[1]) | 0));
      if (e > s) out.push([s, e]);
    });
    out.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }

  // Append text[from, to) to parent, wrapping the parts inside `ranges` in <mark>.
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

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

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
    var p = new URLSearchParams(location.hash.slice(1, 4096));
    var doc = p.get('doc');
    return { doc: doc === null || doc === '' ? null : doc, q: (p.get('q') || '').slice(0, 256) };
  }

  function hashFor(q) { return q ? '#q=' + encodeURIComponent(q) : '#'; }

  function setState(patch) {
    var st = {};
    var cur = history.state;
    if (cur && typeof cur === 'object') for (var k in cur) st[k] = cur[k];
    for (var k2 in patch) st[k2] = patch[k2];
    try { history.replaceState(st, ''); } catch (e) { /* not essential */ }
  }

  function siteTitle() { return info && info.title ? String(info.title) : '全文检索'; }

  function searchTitle(q) {
    document.title = q ? q + ' - ' + siteTitle() : siteTitle();
  }

  /* ----------------------------------------------------------------- reader */

  function fillReader(d, q) {
    marks = [];
    markIndex = -1;
    els.back.href = hashFor(q);
    els.docMeta.replaceChildren();
    els.docBody.replaceChildren();
    els.docTitle.replaceChildren();
    if (!d) {
      els.docTitle.textContent = '未找到该文件';
      els.docBody.appendChild(el('p', 'doc-missing', '没有这个编号的文件，它可能已从索引中移除。'));
      els.matchNav.hidden = true;
      document.title = '未找到该文件';
      return;
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
    Array.from(d.meta || []).forEach(function (kv) { rows.push([String(kv[0]), String(kv[1])]); });
    rows.forEach(function (row) {
      if (!row[1]) return;
      var div = el('div');
      div.appendChild(el('dt', null, row[0]));
      var dd = el('dd');
      if (typeof row[1] === 'string') dd.textContent = row[1];
      else dd.appendChild(row[1]);
      div.appendChild(dd);
      els.docMeta.appendChild(div);
    });

    var body = String(d.body || '');
    var ranges = cleanRanges(d.highlights, body.length);
    var frag = document.createDocumentFragment();
    var start = 0;
    var table = null;
    var headLine = null;
    body.split('\n').forEach(function (line) {
      var end = start + line.length;
      if (line.indexOf(CELL_SEP) >= 0) {
        // Tables come as one row per line, cells joined by " | ".
        if (!table) {
          var wrap = el('div', 'table-wrap');
          table = el('table');
          wrap.appendChild(table);
          frag.appendChild(wrap);
        }
        var tr = el('tr');
        // A header row: the first one unless it starts with a number, and its repeats.
        var head = line === headLine || (!table.rows.length && !/^\s*\d/.test(line));
        if (head) headLine = line;
        var cs = start;
        while (cs <= end) {
          var sep = body.indexOf(CELL_SEP, cs);
          var ce = sep < 0 || sep > end ? end : sep;
          var cell = el(head ? 'th' : 'td');
          marks.push.apply(marks, appendMarked(cell, body, ranges, cs, ce));
          tr.appendChild(cell);
          cs = ce + CELL_SEP.length;
        }
        table.appendChild(tr);
      } else {
        table = null;
        if (line.trim()) {
          var p = el('p');
          marks.push.apply(marks, appendMarked(p, body, ranges, start, end));
          frag.appendChild(p);
        }
      }
      start = end + 1;
    });
    els.docBody.appendChild(frag);

    els.matchNav.hidden = !marks.length;
    els.matchPrev.disabled = els.matchNext.disabled = marks.length < 2;
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

  function goBack() {
    var st = history.state;
    if (st && st.fromResults) history.back();
    else location.hash = els.back.getAttribute('href') || '#';
  }

  /* ---------------------------------------------------------------- routing */

  function route() {
    var s = parseHash();
    var seq = ++routeSeq;
    if (s.doc !== null) {
      if (view === 'search') {
        searchScroll = window.scrollY;
        if (s.q && s.q === lastQuery) setState({ fromResults: true });
      }
      lastDocId = s.doc;
      var key = s.doc + '|' + s.q;
      // A bad or unknown id is "not found", whatever the core says about it.
      var doc = /^\d+$/.test(s.doc) ? zhsearch.document(Number(s.doc), s.q).catch(function () { return null; }) : Promise.resolve(null);
      doc.then(function (d) {
        if (seq !== routeSeq) return;
        var changed = readerKey !== key;
        if (changed) { readerKey = key; fillReader(d, s.q); }
        var entering = view !== 'reader';
        view = 'reader';
        els.searchView.hidden = true;
        els.reader.hidden = false;
        if (entering || changed) {
          els.docTitle.focus({ preventScroll: true });
          if (marks.length) gotoMark(0);
          else window.scrollTo(0, 0);
        }
      }, showError);
      return;
    }
    var wasReader = view === 'reader';
    view = 'search';
    readerKey = null;
    els.reader.hidden = true;
    els.searchView.hidden = false;
    searchTitle(s.q);
    if (wasReader) {
      // Back to the results: the widget re-reads #q= on hashchange; give
      // focus back to the box with the opened result selected.
      setTimeout(function () {
        els.search.focus({ preventScroll: true });
        if (lastDocId !== null) els.search.selectId(lastDocId);
        window.scrollTo(0, searchScroll);
      }, 0);
    }
  }

  function showError(e) {
    els.sub.textContent = '检索不可用';
    document.documentElement.dataset.ready = 'error';
    if (view === 'reader') {
      els.docTitle.textContent = '无法打开该文件';
      els.docBody.replaceChildren(el('p', 'doc-missing', (e && e.message) || String(e)));
    }
  }

  els.search.addEventListener('zh-search-results', function (e) {
    lastQuery = e.detail.query;
    if (view === 'search') searchTitle(lastQuery);
  });
  els.back.addEventListener('click', function (e) { e.preventDefault(); goBack(); });
  els.matchPrev.addEventListener('click', function () { gotoMark(markIndex - 1); });
  els.matchNext.addEventListener('click', function () { gotoMark(markIndex + 1); });
  document.addEventListener('keydown', function (e) {
    if (view === 'reader' && !e.defaultPrevented && e.key === 'Escape') { e.preventDefault(); goBack(); }
  });
  window.addEventListener('hashchange', route);

  // The bundle's page is a search page: load the engine at once.
  zhsearch.open().then(function (client) {
    info = client.info() || {};
    els.home.textContent = siteTitle();
    els.sub.textContent = '全文检索' + (info.documents ? ' · 共收录 ' + info.documents + ' 篇文件' : '');
    document.documentElement.dataset.ready = 'true';
    route();
  }, showError);
})();
