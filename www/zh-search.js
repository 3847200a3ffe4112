/* <zh-search>: the search box a portal embeds. One classic script, no framework.
 *
 *   <script src="zhsearch/zh-search.js" defer></script>
 *   <zh-search></zh-search>
 *
 * Attributes: bundle (folder of the bundle; default: this script's folder),
 * placeholder, limit (default 10; 50 with `full`), facets ("category,issuer"),
 * lang (zh-CN | zh-TW | en), mode (inline | modal), full (results in the page
 * flow instead of a drop-down: the bundle's own page), autofocus,
 * url ("hash" by default: the query lives in #q=; "none": leave the URL alone).
 *
 * Light until used: zhsearch-core.js (engine + index) is loaded on the first
 * focus or keystroke, or at once when the URL already holds a query.
 * Strict CSP: styles go through a constructable stylesheet in the shadow
 * root, never a style attribute or a <style> element. Corpus text reaches the
 * DOM only through text nodes.
 *
 * JS API: await zhsearch.search(q, {limit, filters, sort}) -> the core's records.
 * Events: 'zh-search-results' on the element after each render ({query, total}).
 */
(function () {
  'use strict';
  if (!self.customElements || customElements.get('zh-search')) return;

  var MAX = 256;
  var cur = document.currentScript;
  var SCRIPT_BASE = cur && cur.src ? cur.src.replace(/[?#].*$/, '').replace(/[^/]*$/, '') : '';

  var STR = {
    cn: {
      search: '搜索', label: '全文检索', ph: '搜索：{t}', loading: '正在加载检索…', searching: '正在检索…',
      count: '共 {n} 篇', shown: '，显示前 {k} 篇', partial: '（没有文件同时包含全部词语，以下为部分匹配）',
      none: '没有找到与“{q}”相关的文件', noneHelp: '请检查用字，或换一个更短、更常用的词。',
      dym: '您是不是要找：', tryq: '试试：', hint: '输入词语，结果随输入即时显示。',
      keys: '↑↓ 选择，Enter 打开，Esc 清除', keysModal: '↑↓ 选择，Enter 打开，Esc 关闭',
      results: '检索结果', close: '关闭', date: '{y}年{m}月{d}日', examples: '示例检索', page: '第 {p} 页', retry: '重试',
      category: '类别', issuer: '发文机关', filters: '筛选',
      'csp-wasm': ['本站的内容安全策略（CSP）禁止运行 WebAssembly，检索无法使用', '网站管理员：请在 script-src 中加入 \'wasm-unsafe-eval\'。'],
      damaged: ['检索索引已损坏', '请重新生成或下载本站的检索文件。'],
      network: ['检索文件未能加载', '请检查网络或检索文件是否齐全，然后重试。'],
      unsupported: ['浏览器版本过旧，无法使用检索', '请使用较新版本的 Chrome、Edge、Firefox 或 Safari。'],
      error: ['检索出错', '']
    },
    tw: {
      search: '搜尋', label: '全文檢索', ph: '搜尋：{t}', loading: '正在載入檢索…', searching: '正在檢索…',
      count: '共 {n} 篇', shown: '，顯示前 {k} 篇', partial: '（沒有文件同時包含全部詞語，以下為部分符合）',
      none: '沒有找到與「{q}」相關的文件', noneHelp: '請檢查用字，或換一個更短、更常用的詞。',
      dym: '您是不是要找：', tryq: '試試：', hint: '輸入詞語，結果隨輸入即時顯示。',
      keys: '↑↓ 選擇，Enter 開啟，Esc 清除', keysModal: '↑↓ 選擇，Enter 開啟，Esc 關閉',
      results: '檢索結果', close: '關閉', date: '{y}年{m}月{d}日', examples: '範例檢索', page: '第 {p} 頁', retry: '重試',
      category: '類別', issuer: '發文機關', filters: '篩選',
      'csp-wasm': ['本站的內容安全政策（CSP）禁止執行 WebAssembly，檢索無法使用', '網站管理員：請在 script-src 中加入 \'wasm-unsafe-eval\'。'],
      damaged: ['檢索索引已損壞', '請重新產生或下載本站的檢索檔案。'],
      network: ['檢索檔案未能載入', '請檢查網路或檢索檔案是否齊全，然後重試。'],
      unsupported: ['瀏覽器版本過舊，無法使用檢索', '請使用較新版本的 Chrome、Edge、Firefox 或 Safari。'],
      error: ['檢索出錯', '']
    },
    en: {
      search: 'Search', label: 'Full-text search', ph: 'Search {t}', loading: 'Loading search…', searching: 'Searching…',
      count: '{n} results', shown: ', showing the first {k}', partial: ' (no document has every word: partial matches)',
      none: 'Nothing found for “{q}”', noneHelp: 'Check the spelling, or try a shorter, more common word.',
      dym: 'Did you mean: ', tryq: 'Try: ', hint: 'Type a word: results appear as you type.',
      keys: '↑↓ select, Enter opens, Esc clears', keysModal: '↑↓ select, Enter opens, Esc closes',
      results: 'Search results', close: 'Close', examples: 'Example searches', page: 'p. {p}', retry: 'Retry',
      category: 'Category', issuer: 'Issuer', filters: 'Filters',
      'csp-wasm': ['This site’s Content Security Policy blocks WebAssembly, so search cannot run', 'Site administrators: add \'wasm-unsafe-eval\' to script-src.'],
      damaged: ['The search index is damaged', 'Rebuild or download the site’s search files again.'],
      network: ['The search files did not load', 'Check the connection or that the search files are complete, then retry.'],
      unsupported: ['This browser is too old for search', 'Use a recent Chrome, Edge, Firefox or Safari.'],
      error: ['Search failed', '']
    }
  };

  var CSS = `
:host{--zh-bg:#fff;--zh-fg:#1f2328;--zh-muted:#57606a;--zh-line:#d0d7de;--zh-accent:#0b4f9c;--zh-focus:#1a73e8;--zh-mark:#ffe58a;--zh-mark-fg:#1f2328;--zh-hover:#eef2f6;--zh-error:#a4262c;--zh-radius:10px;--zh-font:inherit;display:block;position:relative;font:var(--zh-font);color:var(--zh-fg);line-height:1.6}
@media (prefers-color-scheme:dark){:host{--zh-bg:#1b1f24;--zh-fg:#e6e8eb;--zh-muted:#a7b0ba;--zh-line:#4a525c;--zh-accent:#8ab4f8;--zh-focus:#8ab4f8;--zh-mark:#7a5c00;--zh-mark-fg:#fff7d6;--zh-hover:#29303a;--zh-error:#ff8a80}}
:host([hidden]){display:none}
:host([mode=modal]){display:inline-block}
*{box-sizing:border-box}
[hidden]{display:none!important}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.label{display:block;font-weight:600;margin-bottom:.375rem}
.field{display:flex;gap:.5rem}
input{flex:1;min-width:0;font:inherit;font-size:1.0625rem;line-height:1.4;padding:.5rem .75rem;color:var(--zh-fg);background:var(--zh-bg);border:2px solid var(--zh-line);border-radius:var(--zh-radius);appearance:none}
:host([full]) input{font-size:1.125rem;padding:.75rem .875rem}
input::placeholder{color:var(--zh-muted);opacity:1}
input:focus{outline:none;border-color:var(--zh-focus);box-shadow:0 0 0 3px color-mix(in srgb,var(--zh-focus) 30%,transparent)}
button{font:inherit;cursor:pointer;color:var(--zh-fg);background:var(--zh-bg);border:1px solid var(--zh-line);border-radius:var(--zh-radius);min-height:2.5rem;padding:.25rem .875rem}
button:hover{border-color:var(--zh-accent)}
:focus-visible{outline:3px solid var(--zh-focus);outline-offset:2px}
.open{display:inline-flex;align-items:center;gap:.5rem}
kbd{font:inherit;font-size:.75rem;border:1px solid var(--zh-line);border-radius:4px;padding:0 .375rem;color:var(--zh-muted)}
.icon{width:.9em;height:.9em;border:2px solid currentColor;border-radius:50%;position:relative;flex:none;margin-right:.2em}
.icon::after{content:"";position:absolute;width:2px;height:.4em;background:currentColor;right:-.22em;bottom:-.34em;transform:rotate(-45deg)}
.popup{position:absolute;z-index:1000;left:0;right:0;top:100%;margin-top:.25rem;display:flex;flex-direction:column;max-height:min(70vh,36rem);background:var(--zh-bg);border:1px solid var(--zh-line);border-radius:var(--zh-radius);box-shadow:0 8px 28px rgb(0 0 0/.2);padding:.5rem}
:host([full]) .popup,dialog .popup{position:static;max-height:none;border:0;box-shadow:none;padding:0;margin-top:.5rem}
.status{margin:.25rem .5rem;color:var(--zh-muted);font-size:.9375rem}
.status:empty{display:none}
.keys{margin:.375rem .5rem 0;color:var(--zh-muted);font-size:.8125rem}
@media (pointer:coarse){.keys{display:none}}
.busy::before{content:"";display:inline-block;width:.8em;height:.8em;margin-right:.5em;vertical-align:-.1em;border:2px solid currentColor;border-right-color:transparent;border-radius:50%;animation:zs-spin 1s linear infinite}
@keyframes zs-spin{to{transform:rotate(1turn)}}
@media (prefers-reduced-motion:reduce){.busy::before{animation:none}}
.msg{margin:0 .5rem .5rem;color:var(--zh-muted);font-size:.9375rem}
.msg:empty{display:none}
.msg p{margin:.25rem 0}
.chips{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin:.5rem 0;padding:0;list-style:none}
.chip{color:var(--zh-accent);border-radius:999px}
.chip[aria-pressed=true]{background:var(--zh-accent);color:var(--zh-bg);border-color:var(--zh-accent)}
.facets{margin:0 .5rem;font-size:.875rem}
.fname{color:var(--zh-muted)}
.results{list-style:none;margin:0;padding:0;overflow:auto;min-height:0}
:host([full]) .results,dialog .results{overflow:visible}
.result{display:block;padding:.625rem .75rem;border:2px solid transparent;border-radius:var(--zh-radius);cursor:pointer}
.result:hover{background:var(--zh-hover)}
.result[aria-selected=true]{background:var(--zh-hover);border-color:var(--zh-focus)}
.title{display:block;color:var(--zh-accent);font-weight:600;font-size:1.0625rem;line-height:1.5}
.meta{display:block;color:var(--zh-muted);font-size:.875rem}
.snippet{display:block;font-size:.9375rem;line-height:1.75;overflow-wrap:anywhere}
mark{background:var(--zh-mark);color:var(--zh-mark-fg);border-radius:2px;padding:0 1px}
.error{color:var(--zh-fg);border:1px solid var(--zh-error);border-left-width:4px;border-radius:var(--zh-radius);padding:.625rem 1rem}
.error strong{color:var(--zh-error)}
.detail{font-size:.8125rem;color:var(--zh-muted);overflow-wrap:anywhere}
dialog{width:min(46rem,calc(100vw - 2rem));max-height:calc(100dvh - 4rem);margin:2rem auto auto;padding:1rem;color:var(--zh-fg);background:var(--zh-bg);border:1px solid var(--zh-line);border-radius:var(--zh-radius);box-shadow:0 12px 40px rgb(0 0 0/.35)}
dialog::backdrop{background:rgb(0 0 0/.5)}
@media (max-width:480px){dialog{width:100vw;max-width:100vw;height:100dvh;max-height:100dvh;margin:0;border:0;border-radius:0;padding:.75rem}kbd{display:none}}
@media (forced-colors:active){.result{border-color:Canvas}.result[aria-selected=true]{border-color:Highlight;outline:2px solid Highlight}mark{forced-color-adjust:none;background:Mark;color:MarkText}.icon::after{background:CanvasText}input:focus{outline:2px solid Highlight}.chip[aria-pressed=true]{border:3px double ButtonText}}`;

  var sheet = null;
  function styles(root) {
    try {
      if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); }
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      // Browsers without constructable stylesheets: the bundle's copy.
      root.appendChild(h('link', { rel: 'stylesheet', href: SCRIPT_BASE + 'zh-search.css' }));
    }
  }

  function h(tag, attrs, kids) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
    [].concat(kids || []).forEach(function (c) {
      if (c !== null && c !== undefined && c !== '') e.append(c);
    });
    return e;
  }

  function fmt(s, o) { return s.replace(/\{(\w)\}/g, function (_, k) { return o[k]; }); }

  // Engine ranges: [[s, e]...] in UTF-16 units; clamp, sort, merge.
  function ranges(list, len) {
    var out = [];
    Array.from(list || []).forEach(function (r) {
      var s = Math.max(0, Math.min(len, r[0] | 0)), e = Math.max(0, Math.min(len, r[1] | 0));
      if (e > s) out.push([s, e]);
    });
    out.sort(function (a, b) { return a[0] - b[0]; });
    var m = [];
    out.forEach(function (r) {
      var l = m[m.length - 1];
      if (l && r[0] <= l[1]) l[1] = Math.max(l[1], r[1]); else m.push(r);
    });
    return m;
  }

  function marked(parent, text, rs) {
    var pos = 0;
    ranges(rs, text.length).forEach(function (r) {
      if (r[0] > pos) parent.append(text.slice(pos, r[0]));
      parent.append(h('mark', { part: 'mark' }, text.slice(r[0], r[1])));
      pos = r[1];
    });
    if (pos < text.length) parent.append(text.slice(pos));
    return parent;
  }

  function firstWord(r) {
    var t = String(r.snippet || ''), rs = ranges(r.highlights, t.length);
    if (!rs.length) { t = String(r.title || ''); rs = ranges(r.title_highlights, t.length); }
    return rs.length ? t.slice(rs[0][0], rs[0][1]) : '';
  }

  // Text-fragment component: also escape the characters it reserves (- , &).
  function tf(s) { return encodeURIComponent(s).replace(/-/g, '%2D'); }

  /* Where a result goes: its page, scrolled to the first match (a text
   * fragment, plus ?zhsearch-highlight= for zh-highlight.js where text
   * fragments are unsupported); or, without a url, the bundle's reader view.
   * A page's url is relative to the site root: siteRoot (the index's
   * info().site_root, e.g. '../' for a bundle in SITE/zhsearch/, or an
   * absolute URL) resolved against the bundle; without one, the bundle. */
  function hrefFor(r, q, base, siteRoot) {
    var u = null;
    try { u = r.url ? new URL(r.url, new URL(siteRoot || '', base)) : null; } catch (e) { u = null; }
    // No url, or one that is not a page (javascript:, data:): the reader view.
    if (!u || !/^(https?|file):$/.test(u.protocol)) {
      return base + 'index.html#doc=' + encodeURIComponent(r.id) + '&q=' + encodeURIComponent(q);
    }
    var w = firstWord(r);
    if (w) {
      u.searchParams.set('zhsearch-highlight', w);
      u.hash = (u.hash || '#') + ':~:text=' + tf(w);
    }
    return u.href;
  }

  var cores = Object.create(null);
  function core(base) {
    if (cores[base]) return cores[base];
    var p = new Promise(function (resolve, reject) {
      function go() { self.zhsearchCore.open(base).then(resolve, reject); }
      if (self.zhsearchCore) return go();
      var s = document.createElement('script');
      s.src = base + 'zhsearch-core.js';
      s.onload = go;
      s.onerror = function () {
        var e = new Error('zhsearch-core.js did not load from ' + base);
        e.code = 'network';
        reject(e);
      };
      document.head.appendChild(s);
    });
    cores[base] = p;
    p.catch(function () { if (cores[base] === p) delete cores[base]; });
    return p;
  }

  function abs(b) { b = new URL(b, document.baseURI).href; return /\/$/.test(b) ? b : b + '/'; }

  function readQ() {
    // A 40,000-character hash must not cost anything: cut before parsing.
    var q = new URLSearchParams(location.hash.slice(1, 4096)).get('q');
    if (q === null) q = new URLSearchParams(location.search.slice(0, 4096)).get('q');
    return (q || '').trim().slice(0, MAX);
  }

  function writeQ(q) {
    var hh = location.hash;
    // The page's own anchor, or the reader view (#doc=): leave it.
    if (hh && (!/^#(.*&)?q=/.test(hh) || /^#(.*&)?doc=/.test(hh))) return;
    var hash = q ? '#q=' + encodeURIComponent(q) : '';
    if (hh === hash) return;
    var url = location.href.split('#')[0] + hash;
    try { history.replaceState(history.state, '', url); } catch (e) { location.replace(hash || '#'); }
  }

  function ZhSearch() { return Reflect.construct(HTMLElement, [], ZhSearch); }
  ZhSearch.prototype = Object.create(HTMLElement.prototype);
  ZhSearch.prototype.constructor = ZhSearch;
  Object.setPrototypeOf(ZhSearch, HTMLElement);

  var P = ZhSearch.prototype;

  P.connectedCallback = function () {
    if (this.root) return;
    var self_ = this, a = this.getAttribute.bind(this);
    var lang = String(a('lang') || 'zh-CN').toLowerCase();
    this.s = STR[/^en/.test(lang) ? 'en' : /^zh-(tw|hk|mo|hant)/.test(lang) ? 'tw' : 'cn'];
    this.full = this.hasAttribute('full');
    this.modal = a('mode') === 'modal';
    this.limit = Math.max(1, Math.min(500, parseInt(a('limit'), 10) || (this.full ? 50 : 10)));
    this.facetNames = (a('facets') || '').split(/[\s,]+/).filter(Boolean);
    this.base = abs(a('bundle') || SCRIPT_BASE || './');
    this.useUrl = a('url') !== 'none';
    this.filters = {};
    this.results = [];
    this.act = -1;
    this.seq = 0;
    this.q = null;
    var s = this.s;

    var root = this.root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    styles(root);

    this.input = h('input', {
      id: 'q', part: 'input', type: 'search', role: 'combobox', 'aria-autocomplete': 'list',
      'aria-expanded': 'false', 'aria-controls': 'results', maxlength: MAX, autocomplete: 'off',
      autocapitalize: 'off', spellcheck: 'false', enterkeyhint: 'search',
      placeholder: a('placeholder') || s.search, 'aria-describedby': 'keys'
    });
    this.label = h('label', { for: 'q', id: 'label', part: 'label', class: this.full ? 'label' : 'label sr' }, s.label);
    this.status = h('p', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite', part: 'status' });
    this.msg = h('div', { id: 'msg', class: 'msg', part: 'message' });
    this.facetBox = h('div', { class: 'facets', part: 'facets', hidden: '' });
    this.list = h('ul', { id: 'results', role: 'listbox', 'aria-label': s.results, part: 'listbox', class: 'results' });
    this.popup = h('div', { id: 'popup', class: 'popup', part: 'popup', hidden: this.full ? null : '' },
      [this.status, this.msg, this.facetBox, this.list]);
    var field = h('div', { class: 'field' }, [this.input]);
    // The keys, for everyone on the full page, for screen readers elsewhere.
    var keys = h('p', { id: 'keys', class: this.full ? 'keys' : 'sr' }, this.modal ? s.keysModal : s.keys);
    // The UI's language, unless the page said it on the element.
    var ui = a('lang') ? null : 'zh-CN';
    var box = h('div', { class: 'box', part: 'box', role: 'search', lang: ui }, [this.label, field, keys, this.popup]);

    if (this.modal) {
      this.button = h('button', { type: 'button', class: 'open', part: 'button', 'aria-haspopup': 'dialog', lang: ui },
        [h('span', { class: 'icon', 'aria-hidden': 'true' }), h('span', null, s.search), h('kbd', { 'aria-hidden': 'true' }, '/')]);
      var close = h('button', { type: 'button', class: 'close', part: 'close' }, s.close);
      field.append(close);
      this.dialog = h('dialog', { part: 'dialog', 'aria-labelledby': 'label' }, [box]);
      this.popup.removeAttribute('hidden');
      root.append(this.button, this.dialog);
      this.button.addEventListener('click', function () { self_.openDialog(); });
      close.addEventListener('click', function () { self_.dialog.close(); });
      this.dialog.addEventListener('close', function () {
        // Closed: the query leaves the URL (a reload should not pop it up again).
        if (self_.useUrl) writeQ('');
        self_.button.focus();
      });
      this.dialog.addEventListener('click', function (e) { if (e.target === self_.dialog) self_.dialog.close(); });
    } else {
      root.append(box);
    }

    var inp = this.input, composing = false;
    inp.addEventListener('focus', function () { self_.load(); self_.show(true); });
    inp.addEventListener('compositionstart', function () { composing = true; });
    inp.addEventListener('compositionend', function () { composing = false; self_.run(); });
    inp.addEventListener('input', function (e) { if (!e.isComposing && !composing) self_.run(); });
    inp.addEventListener('keydown', function (e) { self_.key(e, composing); });
    this.root.addEventListener('focusout', function (e) {
      if (!self_.full && !self_.modal && !(e.relatedTarget && self_.root.contains(e.relatedTarget))) self_.show(false);
    });
    this.list.addEventListener('mousedown', function (e) { e.preventDefault(); });
    this.list.addEventListener('click', function (e) {
      var li = e.target.closest('[role=option]');
      if (li) self_.go(+li.dataset.i, e.ctrlKey || e.metaKey || e.shiftKey);
    });
    this.popup.addEventListener('click', function (e) {
      var b = e.target.closest('button[data-q]');
      if (b) { inp.value = b.dataset.q; inp.focus(); self_.run(); }
      var f = e.target.closest('button[data-f]');
      if (f) {
        var k = f.dataset.f, v = f.dataset.v, list = self_.filters[k] = self_.filters[k] || [];
        var at = list.indexOf(v);
        if (at < 0) list.push(v); else list.splice(at, 1);
        self_.q = null;
        self_.run();
      }
    });
    this.hintState();

    document.addEventListener('keydown', this.onDocKey = function (e) {
      var t = e.composedPath()[0];
      if (e.defaultPrevented || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) return;
      if ((e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey) || ((e.ctrlKey || e.metaKey) && (e.key === 'k' || e.key === 'K'))) {
        e.preventDefault();
        if (self_.modal) self_.openDialog(); else inp.focus();
      }
    });
    window.addEventListener('hashchange', this.onHash = function () { self_.fromUrl(); });

    // Outside the widget, a click closes the drop-down.
    document.addEventListener('pointerdown', this.onDocDown = function (e) {
      if (e.composedPath().indexOf(self_) < 0) self_.show(false);
    });

    var q = this.useUrl ? readQ() : '';
    if (q) {
      // A query in the URL (a shared link, a reload, Back): show its results.
      inp.value = q;
      if (this.modal) this.openDialog(); else { this.run(); this.show(true); }
    }
    if (this.hasAttribute('autofocus') && !this.modal) inp.focus();
  };

  P.disconnectedCallback = function () {
    document.removeEventListener('keydown', this.onDocKey);
    document.removeEventListener('pointerdown', this.onDocDown);
    window.removeEventListener('hashchange', this.onHash);
  };

  P.fromUrl = function () {
    // A jump to one of the page's own anchors (#news) is not a new query.
    if (!this.useUrl || (location.hash && !/^#(.*&)?q=/.test(location.hash))) return;
    var q = readQ();
    if (q !== this.input.value.trim()) { this.input.value = q; this.run(); if (q) this.show(true); }
  };

  P.openDialog = function () {
    if (!this.dialog.open) this.dialog.showModal();
    this.input.focus();
    this.run();
  };

  P.show = function (on) {
    if (this.full || this.modal) return;
    this.popup.hidden = !on;
    this.expanded();
  };

  P.expanded = function () {
    this.input.setAttribute('aria-expanded', String(!this.popup.hidden && this.results.length > 0));
  };

  P.setState = function (st) { this.setAttribute('state', st); };

  // Loads the core once (per bundle); the first focus or keystroke calls it.
  P.load = function () {
    var me = this;
    if (this.client || this.loading) return this.loading;
    this.setState('loading');
    this.list.setAttribute('aria-busy', 'true');
    this.loading = core(this.base).then(function (c) {
      me.client = c;
      me.status.classList.remove('busy');
      me.info = c.info() || {};
      if (!me.getAttribute('placeholder') && me.info.title) me.input.placeholder = fmt(me.s.ph, { t: me.info.title });
      me.list.removeAttribute('aria-busy');
      me.setState('ready');
      me.q = null;
      me.run();
    }, function (e) {
      me.loading = null;
      me.status.classList.remove('busy');
      me.list.removeAttribute('aria-busy');
      me.setState('error');
      me.showError(e);
    });
    return this.loading;
  };

  P.showError = function (e) {
    var s = this.s, t = s[e && e.code] || s.error, me = this;
    this.results = [];
    this.list.replaceChildren();
    this.status.textContent = '';
    var box = h('div', { class: 'error', role: 'alert', part: 'error' }, [
      h('strong', null, t[0]),
      h('p', null, t[1]),
      h('p', { class: 'detail' }, String(e && e.message || e || ''))
    ]);
    if (!e || e.code !== 'csp-wasm') {
      var b = h('button', { type: 'button', class: 'chip' }, s.retry);
      b.addEventListener('click', function () { me.load(); me.input.focus(); });
      box.append(b);
    }
    this.msg.replaceChildren(box);
    this.expanded();
  };

  P.hintState = function () {
    var s = this.s, ex = (this.info && this.info.examples) || [];
    var kids = [h('p', null, s.hint)];
    if (ex.length) kids.push(this.chips(s.tryq, ex));
    this.msg.replaceChildren.apply(this.msg, kids);
  };

  P.chips = function (lead, words) {
    return h('div', { class: 'suggest' }, [lead, h('ul', { class: 'chips', 'aria-label': this.s.examples },
      words.slice(0, 6).map(function (w) {
        return h('li', null, h('button', { type: 'button', class: 'chip', part: 'chip', 'data-q': w }, w));
      }))]);
  };

  P.run = function () {
    var q = this.input.value.trim().slice(0, MAX);
    if (this.useUrl && (!this.modal || this.dialog.open)) writeQ(q);
    if (!this.client) {
      if (q || this.loading) this.load();
      if (q && this.getAttribute('state') === 'loading') {
        this.status.textContent = this.s.loading;
        this.status.classList.add('busy');
        this.msg.replaceChildren();
      }
      return;
    }
    if (q === this.q) return;
    this.q = q;
    var me = this, seq = ++this.seq;
    if (!q) {
      this.results = [];
      this.act = -1;
      this.list.replaceChildren();
      this.status.textContent = '';
      this.facetBox.hidden = true;
      this.hintState();
      this.expanded();
      this.fire(q, 0);
      return;
    }
    var opts = { limit: this.limit, filters: this.filters, facets: this.facetNames };
    // A warm keystroke (every chunk it needs is in) renders in this frame;
    // a cold one says it is searching until its chunks arrive.
    var now = null;
    try { now = this.client.searchNow ? this.client.searchNow(q, opts) : null; } catch (e) { this.showError(e); return; }
    if (now) { this.render(q, now); return; }
    this.status.textContent = this.s.searching || this.s.loading;
    this.status.classList.add('busy');
    this.client.search(q, opts).then(function (res) {
      if (seq === me.seq) me.render(q, res);
    }, function (e) {
      if (seq === me.seq) me.showError(e);
    });
  };

  P.fire = function (q, n) {
    this.dispatchEvent(new CustomEvent('zh-search-results', { bubbles: true, composed: true, detail: { query: q, total: n } }));
  };

  P.render = function (q, res) {
    var s = this.s, me = this;
    this.status.classList.remove('busy');
    // Which query the list shows (results may come after later keystrokes).
    this.list.dataset.query = q;
    var list = this.results = Array.from(res.results || []);
    var total = typeof res.total === 'number' ? res.total : list.length;
    this.act = -1;
    this.input.removeAttribute('aria-activedescendant');
    this.list.replaceChildren.apply(this.list, list.map(function (r, i) { return me.item(r, i); }));
    if (list.length) {
      this.status.textContent = fmt(s.count, { n: total }) + (total > list.length ? fmt(s.shown, { k: list.length }) : '') +
        (res.partial ? s.partial : '');
      this.msg.replaceChildren();
    } else {
      this.status.textContent = fmt(s.none, { q: q });
      var sug = res.did_you_mean ? [res.did_you_mean] : (this.info.examples || []);
      this.msg.replaceChildren(h('p', null, s.noneHelp), sug.length ? this.chips(res.did_you_mean ? s.dym : s.tryq, sug) : '');
    }
    this.facets(res.facets);
    this.expanded();
    this.fire(q, total);
  };

  P.facets = function (f) {
    var me = this, box = this.facetBox;
    var groups = this.facetNames.filter(function (n) { return f && f[n] && f[n].length; });
    box.hidden = !groups.length;
    box.replaceChildren.apply(box, groups.map(function (n) {
      var sel = me.filters[n] || [];
      return h('div', { role: 'group', 'aria-label': me.s[n] || n, class: 'chips' }, [h('span', { class: 'fname' }, (me.s[n] || n) + '：')]
        .concat(f[n].slice(0, 8).map(function (vc) {
          return h('button', { type: 'button', class: 'chip', 'data-f': n, 'data-v': vc[0], 'aria-pressed': String(sel.indexOf(vc[0]) >= 0) },
            vc[0] + ' (' + vc[1] + ')');
        })));
    }));
  };

  P.item = function (r, i) {
    var s = this.s, title = String(r.title || r.doc_number || r.url || '—');
    var d = /^(\d{4})-(\d\d)-(\d\d)$/.exec(r.date || '');
    var meta = h('span', { class: 'meta' });
    [['docnum', r.doc_number], ['date', d && s.date ? fmt(s.date, { y: d[1], m: +d[2], d: +d[3] }) : r.date],
      ['issuer', r.issuer || r.category], ['page', r.page ? fmt(s.page, { p: r.page }) : '']]
      .filter(function (x) { return x[1]; })
      .forEach(function (x, j) { meta.append(j ? ' · ' : '', h('span', { class: x[0] }, String(x[1]))); });
    var snip = String(r.snippet || '');
    return h('li', { role: 'option', id: 'o' + i, class: 'result', part: 'option', 'data-i': i, 'data-id': r.id, 'aria-selected': 'false' }, [
      marked(h('span', { class: 'title', part: 'title' }), title, r.title_highlights),
      meta,
      snip ? marked(h('span', { class: 'snippet' }), snip, r.highlights) : ''
    ]);
  };

  P.select = function (i) {
    var opts = this.list.children;
    if (this.act >= 0 && opts[this.act]) opts[this.act].setAttribute('aria-selected', 'false');
    this.act = i;
    if (i < 0) { this.input.removeAttribute('aria-activedescendant'); return; }
    opts[i].setAttribute('aria-selected', 'true');
    this.input.setAttribute('aria-activedescendant', opts[i].id);
    opts[i].scrollIntoView({ block: 'nearest' });
  };

  P.key = function (e, composing) {
    if (e.isComposing || composing) return;
    var n = this.results.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!n) return;
      e.preventDefault();
      this.show(true);
      var d = e.key === 'ArrowDown' ? 1 : -1;
      this.select(this.act + d >= n ? n - 1 : Math.max(-1, this.act + d));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.run();
      if (this.act >= 0) this.go(this.act, e.ctrlKey || e.metaKey || e.shiftKey);
      else if (this.results.length) this.select(0);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (this.modal) this.dialog.close();
      else if (this.act >= 0) this.select(-1);
      else { this.input.value = ''; this.run(); }
    } else if (e.key === 'Home' || e.key === 'End') {
      if (this.act >= 0) this.select(-1);
    }
  };

  P.go = function (i, newTab) {
    var r = this.results[i];
    if (!r) return;
    var href = hrefFor(r, this.q, this.base, this.info && this.info.site_root);
    var here = location.href.split('#')[0], at = href.split('#')[0];
    if (newTab) window.open(href, '_blank', 'noopener');
    // The bundle's own page, reached as its folder (…/): stay, change the hash.
    else if (at === this.base + 'index.html' && here === this.base) location.hash = href.split('#')[1];
    else location.assign(href);
  };

  // Select the option of a document (e.g. back from the reader).
  P.selectId = function (id) {
    for (var i = 0; i < this.results.length; i++) if (String(this.results[i].id) === String(id)) return this.select(i);
  };

  customElements.define('zh-search', ZhSearch);

  var api = self.zhsearch = self.zhsearch || {};
  function apiBase(o) { return abs((o && o.bundle) || SCRIPT_BASE || './'); }
  api.open = function (o) { return core(apiBase(o)); };
  api.search = function (q, o) {
    return core(apiBase(o)).then(function (c) { return c.search(String(q).trim().slice(0, MAX), o || {}); });
  };
  api.document = function (id, q, o) {
    return core(apiBase(o)).then(function (c) { return c.document(id, String(q || '').slice(0, MAX)); });
  };
  api.hrefFor = hrefFor;
})();
