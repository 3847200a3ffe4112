/* ======================================================================
 * TEMPORARY SHIM — REPLACED AT MERGE. Do not add widget code here.
 *
 * zhsearch-core.js is the engine side's file (the engine + index loader that
 * `zhsearch build SITE --out DIR` will write). Until it lands, this shim
 * implements its contract over today's engine (dist/zhsearch.js: the global
 * `wasm_bindgen`; dist/zhsearch-wasm.js: self.ZHSEARCH_WASM_GZIP_BASE64):
 *
 *   self.zhsearchCore.open(baseUrl) -> Promise<client>
 *     rejects with an Error whose .code is 'csp-wasm' | 'damaged' | 'network' | 'unsupported'
 *   client.info()            -> { title, documents, format_version, examples }
 *   client.search(q, {limit, filters, sort}) -> Promise<{ query, total, partial, results, facets }>
 *   client.document(id, q)   -> Promise<record | null>
 *   client.stats()           -> { requests, bytes }
 *
 * Classic script (file:// pages can use neither fetch() nor ES modules).
 * ====================================================================== */
(function () {
  'use strict';
  if (self.zhsearchCore) return;

  function fail(code, message) {
    var e = new Error(message);
    e.code = code;
    return e;
  }

  var stats = { requests: 0, bytes: 0 };

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.async = false;
      s.onload = function () { stats.requests++; resolve(); };
      s.onerror = function () { reject(fail('network', 'could not load ' + src)); };
      document.head.appendChild(s);
    });
  }

  function base64ToBytes(b64) {
    if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64);
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  // Frequent two-character terms of the titles: a stand-in for the real
  // core's corpus examples (this engine does not expose its vocabulary).
  // Characters in a third of the titles or more are boilerplate (关于印发…的通知).
  function examplesOf(engine, n) {
    var titles = [];
    for (var id = 0; id < n; id++) {
      var d = null;
      try { d = engine.document(id, ''); } catch (e) { /* skip */ }
      if (d && d.title) titles.push(String(d.title));
    }
    function docFreq(list, gram) {
      var df = Object.create(null);
      list.forEach(function (t) {
        var seen = Object.create(null);
        for (var i = 0; i + gram <= t.length; i++) {
          var w = t.slice(i, i + gram);
          if (seen[w] || !/^[\u4e00-\u9fff]+$/.test(w)) continue;
          seen[w] = 1;
          df[w] = (df[w] || 0) + 1;
        }
      });
      return df;
    }
    var chars = docFreq(titles, 1);
    var words = docFreq(titles, 2);
    var common = titles.length / 3;
    return Object.keys(words)
      .filter(function (w) { return words[w] >= 2 && chars[w[0]] < common && chars[w[1]] < common; })
      .sort(function (a, b) { return words[b] - words[a] || (a < b ? -1 : 1); })
      .slice(0, 4);
  }

  function facetsOf(list) {
    var out = {};
    ['category', 'issuer'].forEach(function (name) {
      var counts = Object.create(null);
      list.forEach(function (r) { if (r[name]) counts[r[name]] = (counts[r[name]] || 0) + 1; });
      out[name] = Object.keys(counts).map(function (k) { return [k, counts[k]]; })
        .sort(function (a, b) { return b[1] - a[1]; });
    });
    return out;
  }

  function record(r) {
    var o = {};
    for (var k in r) o[k] = r[k];
    if (o.url === undefined) o.url = '';
    if (o.meta === undefined) o.meta = [];
    return o;
  }

  function makeClient(engine) {
    var info = engine.info() || {};
    var docs = Number(info.documents) || 0;
    var examples = examplesOf(engine, docs);
    return {
      info: function () {
        return { title: info.title || '', documents: docs, format_version: info.format_version, examples: examples.slice() };
      },
      search: function (q, opts) {
        opts = opts || {};
        var limit = opts.limit || 10;
        var filters = opts.filters || {};
        var names = Object.keys(filters).filter(function (k) { return filters[k] && filters[k].length; });
        var res = engine.search(String(q), names.length || opts.sort === 'date' ? 100000 : limit);
        var all = Array.from(res.results || []).map(record);
        var facets = facetsOf(all);
        if (names.length) {
          all = all.filter(function (r) {
            return names.every(function (k) { return filters[k].indexOf(r[k]) >= 0; });
          });
        }
        if (opts.sort === 'date') all.sort(function (a, b) { return String(b.date).localeCompare(String(a.date)); });
        var total = names.length ? all.length : res.total;
        return Promise.resolve({ query: res.query, total: total, partial: !!res.partial, results: all.slice(0, limit), facets: facets });
      },
      document: function (id, q) {
        var d = engine.document(Number(id), String(q || ''));
        return Promise.resolve(d ? record(d) : null);
      },
      stats: function () { return { requests: stats.requests, bytes: stats.bytes }; }
    };
  }

  var opened = Object.create(null);

  function open(base) {
    if (opened[base]) return opened[base];
    var p = (typeof wasm_bindgen !== 'undefined' && self.ZHSEARCH_WASM_GZIP_BASE64
      ? Promise.resolve()
      : loadScript(base + 'zhsearch-wasm.js').then(function () { return loadScript(base + 'zhsearch.js'); })
    ).then(function () {
      var b64 = self.ZHSEARCH_WASM_GZIP_BASE64;
      if (typeof b64 !== 'string' || !b64) throw fail('network', 'zhsearch-wasm.js is missing or empty');
      if (typeof wasm_bindgen === 'undefined' || typeof wasm_bindgen.initSync !== 'function') {
        throw fail('network', 'zhsearch.js is missing or did not load');
      }
      if (typeof WebAssembly !== 'object' || typeof DecompressionStream !== 'function' ||
          typeof Blob !== 'function' || typeof Blob.prototype.stream !== 'function') {
        throw fail('unsupported', 'this browser lacks WebAssembly or DecompressionStream');
      }
      var bytes;
      try { bytes = base64ToBytes(b64.replace(/\s+/g, '')); } catch (e) { throw fail('damaged', 'index data does not decode: ' + e.message); }
      stats.bytes += b64.length;
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
      return new Response(stream).arrayBuffer().catch(function (e) {
        throw fail('damaged', 'index data does not decompress: ' + (e && e.message || e));
      });
    }).then(function (wasm) {
      return WebAssembly.compile(wasm).catch(function (e) {
        var m = String(e && e.message || e);
        // Chromium: "WebAssembly.compile(): Refused to compile or instantiate
        // WebAssembly module because 'unsafe-eval' is not an allowed source of
        // script ... Content Security Policy". Firefox/Safari say CSP too.
        if (/Content.Security.Policy|wasm-eval|unsafe-eval|CSP/i.test(m)) throw fail('csp-wasm', m);
        throw fail('damaged', 'the engine does not compile: ' + m);
      });
    }).then(function (module) {
      wasm_bindgen.initSync({ module: module });
      var engine;
      try { engine = new wasm_bindgen.Engine(); } catch (e) {
        throw fail('damaged', (e && e.message) || String(e));
      }
      return makeClient(engine);
    });
    opened[base] = p;
    p.catch(function () { delete opened[base]; });
    return p;
  }

  self.zhsearchCore = { open: open };
})();
