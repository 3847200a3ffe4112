// zhsearch-core.js: loads the engine and, chunk by chunk, the index.
//
//   const client = await zhsearchCore.open(bundleUrl);   // bundleUrl ends in '/'
//   client.info()                    → { title, documents, format_version, examples, site_root }
//   await client.search(q, { limit, filters: { facet: [values] }, facets: [names], sort: 'relevance' | 'date' })
//                                    → { query, total, partial, results: [...], facets: { name: [[value, count]] } }
//   await client.document(id, q)     → { id, …, body, highlights } | null
//   client.searchNow(q, { limit })   → the results now, or null while chunks load
//   client.documentNow(id, q)        → likewise for document()
//   client.stats()                   → { requests, bytes }   (files loaded, bytes as stored)
//
// The engine answers a query or names the index chunks it needs first; this
// file loads those (at most FAN_OUT at a time, each once) and asks again.
// Over http a chunk is `index/NAME.bin`, fetched; from file://, where fetch()
// is refused, it is `index/NAME.js`, a classic script that hands its bytes
// to zhsearchChunk(). Both hold the same gzip bytes, inflated here with
// DecompressionStream, so the wasm carries no inflater. Chunk names are
// content hashes: a browser may cache them forever.
//
// open() rejects with an Error whose .code says why: 'csp-wasm' (the page's
// Content-Security-Policy blocks WebAssembly), 'damaged' (the index or
// engine is damaged), 'network' (a file could not be loaded), 'unsupported'
// (the browser lacks WebAssembly or DecompressionStream).
(function () {
  'use strict';
  /* global wasm_bindgen */
  if (self.zhsearchCore) return;

  const FAN_OUT = 6;
  const here = document.currentScript && document.currentScript.src;
  const defaultBase = here ? new URL('.', here).href : new URL('.', location.href).href;

  function failure(code, message) {
    const e = new Error(message);
    e.code = code;
    return e;
  }

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = url;
      s.async = true;
      s.onload = () => { s.remove(); resolve(); };
      s.onerror = () => { s.remove(); reject(failure('network', 'could not load ' + url)); };
      document.head.appendChild(s);
    });
  }

  function fromBase64(b64) {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  async function gunzip(bytes) {
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes; // a server already inflated it
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // Chunk scripts call this; each load waits for its own name.
  const waiting = new Map();
  self.zhsearchChunk = function (name, b64) {
    const w = waiting.get(name);
    if (w) { waiting.delete(name); w(fromBase64(b64)); }
  };

  function isCspError(e) {
    const m = String(e && e.message || e);
    return /Content Security Policy|unsafe-eval|wasm-eval|wasm-unsafe-eval/i.test(m);
  }

  async function open(base) {
    base = base || defaultBase;
    if (!base.endsWith('/')) base += '/';
    if (typeof WebAssembly !== 'object' || typeof DecompressionStream !== 'function') {
      throw failure('unsupported', 'this browser has no WebAssembly or DecompressionStream');
    }
    const fileMode = location.protocol === 'file:' || base.startsWith('file:');
    const stats = { requests: 0, bytes: 0 };

    async function load(path, name) {
      stats.requests++;
      let bytes;
      if (fileMode) {
        const got = new Promise((resolve) => waiting.set(name, resolve));
        await loadScript(base + path + '.js');
        if (!waiting.has(name)) bytes = await got;
        else { waiting.delete(name); throw failure('damaged', path + '.js did not hand over ' + name); }
        stats.bytes += Math.ceil(bytes.length * 4 / 3);
      } else {
        let r;
        try { r = await fetch(base + path + '.bin'); } catch (e) { throw failure('network', 'could not load ' + path + '.bin: ' + e.message); }
        if (!r.ok) throw failure('network', 'could not load ' + path + '.bin (HTTP ' + r.status + ')');
        bytes = new Uint8Array(await r.arrayBuffer());
        stats.bytes += bytes.length;
      }
      return gunzip(bytes);
    }

    // The engine: wasm-bindgen's no-modules glue, then the module, compiled
    // asynchronously (Chromium refuses synchronous compiles over 8 MB).
    // The glue declares `wasm_bindgen` with a top-level let: a global
    // binding, not a property of self.
    if (typeof wasm_bindgen === 'undefined') await loadScript(base + 'zhsearch.js');
    let wasm;
    if (self.ZHSEARCH_WASM_GZIP_BASE64) {
      wasm = await gunzip(fromBase64(self.ZHSEARCH_WASM_GZIP_BASE64));
    } else if (fileMode) {
      await loadScript(base + 'zhsearch-wasm.js');
      wasm = await gunzip(fromBase64(self.ZHSEARCH_WASM_GZIP_BASE64));
    } else {
      stats.requests++;
      // Gzip as stored: many servers send .wasm uncompressed.
      const r = await fetch(base + 'zhsearch-engine.bin').catch((e) => { throw failure('network', e.message); });
      if (!r.ok) throw failure('network', 'could not load zhsearch-engine.bin (HTTP ' + r.status + ')');
      const gz = new Uint8Array(await r.arrayBuffer());
      stats.bytes += gz.length;
      try { wasm = await gunzip(gz); } catch (e) { throw failure('damaged', 'the search engine (zhsearch-engine.bin) is damaged: ' + e.message); }
    }
    let module;
    try {
      module = await WebAssembly.compile(wasm);
    } catch (e) {
      if (isCspError(e)) throw failure('csp-wasm', "this site's Content-Security-Policy blocks WebAssembly (it needs 'wasm-unsafe-eval' in script-src)");
      throw failure('damaged', 'the search engine is damaged: ' + e.message);
    }
    await wasm_bindgen({ module_or_path: module });

    const root = self.ZHSEARCH_INDEX_GZIP_BASE64
      ? await gunzip(fromBase64(self.ZHSEARCH_INDEX_GZIP_BASE64))
      : await load('index/zhsearch-index', 'zhsearch-index');
    let engine;
    try { engine = new wasm_bindgen.Engine(root); } catch (e) { throw failure('damaged', e.message); }

    // One promise per chunk; a failed load is forgotten so it can be retried.
    const chunks = new Map();
    let active = 0;
    const queue = [];
    function slot() {
      if (active < FAN_OUT) { active++; return Promise.resolve(); }
      return new Promise((resolve) => queue.push(resolve));
    }
    function release() {
      const next = queue.shift();
      if (next) next(); else active--;
    }
    function chunk(name) {
      if (!chunks.has(name)) {
        const p = slot()
          .then(() => load('index/' + name, name))
          .then((bytes) => {
            try { engine.add_chunk(name, bytes); } catch (e) { throw failure('damaged', e.message); }
          })
          .finally(release);
        p.catch(() => chunks.delete(name));
        chunks.set(name, p);
      }
      return chunks.get(name);
    }
    async function answer(ask) {
      for (let round = 0; round < 16; round++) {
        let r;
        try { r = ask(); } catch (e) { throw failure('damaged', e.message); }
        if (!r || !r.need) return r;
        await Promise.all(r.need.map(chunk));
      }
      throw failure('damaged', 'the index keeps asking for more chunks');
    }

    // Synchronous when every chunk is there (a warm keystroke renders in
    // the same frame); otherwise null, with the loading started.
    function now(ask) {
      let r;
      try { r = ask(); } catch (e) { throw failure('damaged', e.message); }
      if (r && r.need) { r.need.forEach((n) => chunk(n).catch(() => {})); return null; }
      return r;
    }

    return {
      info: () => engine.info(),
      searchNow: (query, options) => now(() => engine.search(String(query == null ? '' : query), options || {})),
      documentNow: (id, query) => now(() => engine.document(id, String(query == null ? '' : query))),
      search: (query, options) => answer(() => engine.search(String(query == null ? '' : query), options || {})),
      document: (id, query) => answer(() => engine.document(id, String(query == null ? '' : query))),
      stats: () => ({ requests: stats.requests, bytes: stats.bytes }),
    };
  }

  self.zhsearchCore = { open };
})();
