// zhsearch vs Pagefind 1.6 on the same documents, in the same headless Chromium run (issue 6).
//
//   node benches/compare.mjs [--quick]       (run through scripts/bench-pagefind.sh, which builds what it needs)
//
// Corpora: the gazette (index/, 27 documents) and, unless --quick, the laws (../shared/corpora/laws, Markdown).
// Both are also rendered as HTML sites (one page per document, lang zh-CN) for Pagefind, and zhsearch is built on
// those HTML sites too. Everything goes to target/bench/; results to target/bench/results.json and a Markdown
// table on stdout.
//
// Bytes are counted by the loopback server that serves target/bench/: the body bytes it sends for every request a
// cold query makes (the engine, wasm, JS and index chunks; not the tiny harness page). Like a typical static host it
// gzips text, JSON, JS and wasm on the fly; files that are already gzip (zhsearch's .bin chunks, Pagefind's
// .pagefind files) go out as stored. Cold = a new browser context (empty cache) per query.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { markdownToPage, page } from './md2html.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');
const QUICK = process.argv.includes('--quick');
const REUSE = process.argv.includes('--reuse-pagefind');
const OUT = path.join(ROOT, 'target', 'bench');
const TARGET = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
const ZH = path.join(TARGET, 'release', 'zhsearch');
const PAGEFIND = path.join(ROOT, 'node_modules', '.bin', 'pagefind');
const LAWS = path.resolve(ROOT, '..', 'shared', 'corpora', 'laws');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const QUERIES = {
  gazette: ['氢能', '护工', '安全生产', '营商环境', '疫情防控', '乡村振兴', '大数据', '防汛', '招聘', '公报'],
  laws: ['网络安全', '反垄断', '婚姻', '食品安全', '行政复议', '正当防卫', '自首', '个人信息', '劳动合同', '环境保护'],
};

const say = (s) => console.error(`==> ${s}`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN; };

// --- sites -----------------------------------------------------------------------------------------------------
// The gazette's 27 documents as zhsearch splits them (`zhsearch docs --json` lists them without their text, so the
// bodies come from the built bundle, through the core's document(id) in the page).
async function writeGazetteSite(dir, browser, urlBase, bundleRel) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const ctx = await browser.newContext();
  const pg = await ctx.newPage();
  await pg.goto(`${urlBase}/harness/zh.html?b=${encodeURIComponent(bundleRel)}&q=${encodeURIComponent('公报')}`);
  await pg.waitForFunction(() => window.__done, null, { timeout: 120000 });
  const docs = await pg.evaluate(async () => {
    const n = window.client.info().documents;
    const out = [];
    for (let i = 0; i < n; i++) out.push(await window.client.document(i, ''));
    return out.map((d) => ({ title: d.title, body: d.body }));
  });
  await ctx.close();
  docs.forEach((d, i) => {
    const paras = String(d.body || '').split('\n').map((s) => s.trim()).filter(Boolean);
    if (!paras.length) throw new Error(`gazette document ${i} has no text`);
    fs.writeFileSync(path.join(dir, `doc-${String(i + 1).padStart(2, '0')}.html`), page(d.title || `文档 ${i + 1}`, paras));
  });
  return docs.length;
}

function writeLawsSite(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  let n = 0;
  const walk = (src, dst) => {
    for (const e of fs.readdirSync(src, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.')) continue;
      const s = path.join(src, e.name);
      if (e.isDirectory()) walk(s, path.join(dst, e.name));
      else if (e.name.endsWith('.md')) {
        const { html } = markdownToPage(fs.readFileSync(s, 'utf8'), e.name.replace(/\.md$/, ''));
        fs.mkdirSync(dst, { recursive: true });
        fs.writeFileSync(path.join(dst, e.name.replace(/\.md$/, '.html')), html);
        n++;
      }
    }
  };
  walk(LAWS, dir);
  return n;
}

function countPages(dir) { return du(dir, (p) => p.endsWith('.html') && !p.includes(`${path.sep}pagefind${path.sep}`)).files; }

// --- builds ----------------------------------------------------------------------------------------------------
function timed(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr.slice(-3000)}`);
  const wall = r.stderr.match(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/);
  const rss = r.stderr.match(/Maximum resident set size \(kbytes\): (\d+)/);
  const seconds = wall ? (Number(wall[1] || 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3])) : NaN;
  return { seconds, peakMB: rss ? Number(rss[1]) / 1024 : NaN, stdout: r.stdout, stderr: r.stderr };
}

function du(dir, filter = () => true) {
  let bytes = 0, files = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (filter(p)) { bytes += fs.statSync(p).size; files++; }
    }
  };
  walk(dir);
  return { bytes, files };
}

function buildZh(name, sources) {
  const out = path.join(OUT, 'zh', name);
  fs.rmSync(out, { recursive: true, force: true });
  say(`zhsearch build ${sources.map((s) => path.relative(ROOT, s)).join(' ')} --out ${path.relative(ROOT, out)}`);
  const t = timed(ZH, ['build', ...sources, '--out', out]);
  const whole = du(out);
  const bin = du(path.join(out, 'index'), (p) => p.endsWith('.bin'));
  // What an http visitor can fetch: the .bin chunks + engine + JS (not the .js twins of the chunks).
  const http = du(out, (p) => !(p.includes(`${path.sep}index${path.sep}`) && p.endsWith('.js')));
  return { tool: 'zhsearch', corpus: name, dir: out, build: t, sizes: { whole, bin, http } };
}

// --reuse-pagefind (laws only): keep an earlier run's HTML site and Pagefind build (its figures are kept beside it), to re-measure
// zhsearch alone on a loaded machine: Pagefind's build of the laws takes minutes and GBs.
function buildPagefind(name, site) {
  const saved = path.join(OUT, `pagefind-build-${name}.json`);
  if (REUSE && name === 'laws' && fs.existsSync(saved) && fs.existsSync(path.join(site, 'pagefind', 'pagefind.js'))) {
    say(`reusing ${path.relative(ROOT, site)}/pagefind, built ${JSON.parse(fs.readFileSync(saved, 'utf8')).at}`);
    const b = JSON.parse(fs.readFileSync(saved, 'utf8'));
    return { tool: 'pagefind', corpus: name, dir: path.join(site, 'pagefind'), build: b.build, builtAt: b.at, reused: true, pages: b.pages, sizes: { whole: du(path.join(site, 'pagefind')) } };
  }
  fs.rmSync(path.join(site, 'pagefind'), { recursive: true, force: true });
  say(`npx pagefind --site ${path.relative(ROOT, site)}`);
  const t = timed(PAGEFIND, ['--site', site]);
  const pages = (t.stdout.match(/Indexed (\d+) pages?/) || [])[1];
  const at = new Date().toISOString();
  fs.writeFileSync(saved, JSON.stringify({ at, pages: Number(pages), build: { seconds: t.seconds, peakMB: t.peakMB } }));
  return { tool: 'pagefind', corpus: name, dir: path.join(site, 'pagefind'), build: t, builtAt: at, pages: Number(pages), sizes: { whole: du(path.join(site, 'pagefind')) } };
}

// --- server ----------------------------------------------------------------------------------------------------
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
const meter = { bytes: 0, requests: 0, files: [] };
const gzCache = new Map();
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (p === '/favicon.ico') { res.writeHead(204); return res.end(); }
  if (p.endsWith('/')) p += 'index.html';
  const f = path.join(OUT, path.normalize(p));
  fs.readFile(f, (e, buf) => {
    if (e) { res.writeHead(404); return res.end(); }
    const type = TYPES[path.extname(f)] || 'application/octet-stream';
    const h = { 'Content-Type': type, 'Cache-Control': 'no-cache' };
    if (/text|json|javascript|svg|wasm/.test(type) && /gzip/.test(req.headers['accept-encoding'] || '')) {
      if (!gzCache.has(f)) gzCache.set(f, zlib.gzipSync(buf, { level: 6 }));
      buf = gzCache.get(f);
      h['Content-Encoding'] = 'gzip';
    }
    if (!p.startsWith('/harness/')) { meter.bytes += buf.length; meter.requests++; meter.files.push([p, buf.length]); }
    res.writeHead(200, h);
    res.end(buf);
  });
});

// The harness pages: open the tool's JS API cold, search once, record the time since navigation started.
function writeHarness() {
  const dir = path.join(OUT, 'harness');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'zh.html'), `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>zhsearch</title></head><body>
<script>
const P = new URLSearchParams(location.search);
const base = new URL(P.get('b'), location.href).href;
window.run = async (q) => {
  const t = performance.now();
  const r = await window.client.search(q, { limit: 10 });
  return { ms: performance.now() - t, total: r.total, shown: r.results.length, first: r.results[0] && r.results[0].title };
};
const s = document.createElement('script');
s.src = base + 'zhsearch-core.js';
s.onload = async () => {
  try {
    window.client = await zhsearchCore.open(base);
    const r = await window.client.search(P.get('q'), { limit: 10 });
    window.__done = { ms: performance.now(), total: r.total, shown: r.results.length, first: r.results[0] && r.results[0].title, snippet: !!(r.results[0] && r.results[0].snippet), stats: window.client.stats() };
  } catch (e) { window.__done = { error: String(e && e.message || e) }; }
};
s.onerror = () => { window.__done = { error: 'could not load ' + s.src }; };
document.head.appendChild(s);
</script></body></html>
`);
  fs.writeFileSync(path.join(dir, 'pf.html'), `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>pagefind</title></head><body>
<script type="module">
const P = new URLSearchParams(location.search);
const base = new URL(P.get('b'), location.href).href;
async function once(q) {
  const s = await window.pagefind.search(q);
  const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
  return { total: s.results.length, shown: data.length, first: data[0] && data[0].meta && data[0].meta.title, snippet: !!(data[0] && data[0].excerpt) };
}
window.run = async (q) => { const t = performance.now(); const r = await once(q); return { ms: performance.now() - t, ...r }; };
try {
  window.pagefind = await import(base + 'pagefind.js');
  await window.pagefind.options({ excerptLength: 30 });
  const r = await once(P.get('q'));
  window.__done = { ms: performance.now(), ...r };
} catch (e) { window.__done = { error: String(e && e.message || e) }; }
</script></body></html>
`);
}

// --- measures in Chromium --------------------------------------------------------------------------------------
async function cold(browser, urlBase, harness, bundlePath, q) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e).slice(0, 200)));
  meter.bytes = 0; meter.requests = 0; meter.files = [];
  await page.goto(`${urlBase}/harness/${harness}?b=${encodeURIComponent(bundlePath)}&q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => window.__done, null, { timeout: 120000 });
  const done = await page.evaluate(() => window.__done);
  // Warm: the same query again, then again (chunks cached), in the same page.
  const warm = [];
  if (!done.error) for (let i = 0; i < 5; i++) warm.push((await page.evaluate((qq) => window.run(qq), q)).ms);
  const code = meter.files.filter(([f]) => isCode(f)).reduce((a, [, n]) => a + n, 0);
  const r = { q, ...done, bytes: meter.bytes, codeBytes: code, requests: meter.requests, files: meter.files, warmMs: median(warm), errors };
  await ctx.close();
  return r;
}

// The engine and its JS (zhsearch-core.js, zhsearch.js, zhsearch_bg.wasm; pagefind.js, pagefind-worker.js, the wasm),
// as against the index (chunks, meta, fragments).
const isCode = (f) => !/\/(index|fragment)\//.test(f) && /(\.js|\.wasm|\/wasm\.[^/]*\.pagefind)$/.test(f);

// zhsearch from file://: requests and bytes as read from disk (the .js twins of the chunks).
async function coldFile(browser, bundleDir, q) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e).slice(0, 200)));
  const files = [];
  page.on('request', (req) => { const u = req.url(); if (u.startsWith('file:') && !u.includes('/harness/')) files.push(fileURLToPath(u.split('?')[0])); });
  const harness = pathToFileURL(path.join(OUT, 'harness', 'zh.html')).href;
  await page.goto(`${harness}?b=${encodeURIComponent(pathToFileURL(bundleDir).href + '/')}&q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => window.__done, null, { timeout: 120000 });
  const done = await page.evaluate(() => window.__done);
  const bytes = files.reduce((a, f) => a + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
  await ctx.close();
  return { q, ...done, bytes, requests: files.length, errors };
}

// The real page (the bundle's index.html, <zh-search full>): does it start, and how fast is a warm keystroke.
async function widget(browser, urlBase, bundlePath, queries) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e).slice(0, 200)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text().slice(0, 200)); });
  const INPUT = 'zh-search input[role=combobox]';
  const t0 = Date.now();
  await page.goto(`${urlBase}${bundlePath}index.html`);
  await page.locator(INPUT).click();
  await page.waitForFunction(() => { const s = document.querySelector('zh-search')?.getAttribute('state'); return s === 'ready' || s === 'error'; }, null, { timeout: 120000 });
  const state = await page.evaluate(() => document.querySelector('zh-search').getAttribute('state'));
  const startMs = Date.now() - t0;
  const lat = [];
  if (state === 'ready') {
    await page.evaluate(() => {
      window.__lat = [];
      const w = document.querySelector('zh-search');
      let t = 0;
      w.shadowRoot.querySelector('input').addEventListener('beforeinput', () => { t = performance.now(); }, true);
      w.addEventListener('zh-search-results', () => { if (t) window.__lat.push(performance.now() - t); t = 0; });
    });
    const idle = () => page.waitForFunction(() => !document.querySelector('zh-search').shadowRoot.querySelector('.busy'), null, { timeout: 60000 });
    for (const q of queries) {
      // First pass loads the chunks the prefixes need; the second pass is timed.
      await page.locator(INPUT).fill('');
      for (const ch of q) { await page.keyboard.type(ch); await idle(); }
      await page.locator(INPUT).fill('');
      await page.waitForTimeout(50);
      await page.evaluate(() => { window.__lat = []; });
      for (const ch of q) {
        const before = await page.evaluate(() => window.__lat.length);
        await page.keyboard.type(ch);
        await page.waitForFunction((n) => window.__lat.length > n, before, { timeout: 10000 }).catch(() => {});
      }
      lat.push(...(await page.evaluate(() => window.__lat)));
    }
  }
  await ctx.close();
  return { state, startMs, errors, keystrokes: lat };
}

// --- the CLI's search, end to end ------------------------------------------------------------------------------
function cliSearch(indexDir, queries, runs = 10) {
  const per = [];
  let failures = [];
  for (const q of queries) {
    const ts = [];
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      const r = spawnSync(ZH, ['search', '--index', indexDir, q], { encoding: 'utf8' });
      ts.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (r.status !== 0 && i === 0) failures.push(`${q}: exit ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
    }
    per.push({ q, median: median(ts) });
  }
  return { median: median(per.map((p) => p.median)), max: Math.max(...per.map((p) => p.median)), per, failures };
}

// --- main ------------------------------------------------------------------------------------------------------
const kb = (b) => (b / 1024).toFixed(1);
const mb = (b) => (b / 1048576).toFixed(1);
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b ? (a / b).toFixed(2) + '×' : '–');

async function main() {
  if (!fs.existsSync(ZH)) throw new Error(`${ZH} is missing: run scripts/bench-pagefind.sh (it builds it)`);
  fs.mkdirSync(OUT, { recursive: true });
  const corpora = QUICK ? ['gazette'] : ['gazette', 'laws'];
  const results = { date: new Date().toISOString(), quick: QUICK, machine: machine(), corpora: {} };

  writeHarness();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const urlBase = `http://127.0.0.1:${server.address().port}`;
  say(`launching /usr/bin/chromium (${CHROMIUM_ARGS.join(' ')})`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  say(`Chromium ${browser.version()}`);
  results.chromium = browser.version();

  for (const corpus of corpora) {
    const site = path.join(OUT, 'sites', corpus);
    let builds;
    if (corpus === 'gazette') {
      const zh = buildZh('gazette', [path.join(ROOT, 'index')]);
      say(`rendering the gazette's documents as an HTML site in ${path.relative(ROOT, site)}`);
      const pages = await writeGazetteSite(site, browser, urlBase, '/zh/gazette/');
      builds = [zh, buildZh('gazette-html', [site]), buildPagefind('gazette', site)];
      results.corpora[corpus] = { pages };
    } else {
      const keep = REUSE && fs.existsSync(path.join(OUT, 'pagefind-build-laws.json')) && fs.existsSync(site);
      say(`${keep ? 'keeping' : 'rendering'} the laws as an HTML site in ${path.relative(ROOT, site)}`);
      const pages = keep ? countPages(site) : writeLawsSite(site);
      builds = [buildZh('laws-md', [LAWS]), buildZh('laws-html', [site]), buildPagefind('laws', site)];
      results.corpora[corpus] = { pages };
    }
    say(`${results.corpora[corpus].pages} pages`);
    results.corpora[corpus].builds = builds.map(({ build, ...b }) => ({ ...b, seconds: build.seconds, peakMB: build.peakMB }));
  }

  try {
    for (const corpus of corpora) {
      const C = results.corpora[corpus];
      const queries = QUERIES[corpus];
      for (const b of C.builds) {
        const rel = '/' + path.relative(OUT, b.dir).split(path.sep).join('/') + '/';
        say(`${b.tool} ${b.corpus}: ${queries.length} cold queries over http`);
        b.cold = [];
        for (const q of queries) b.cold.push(await cold(browser, urlBase, b.tool === 'zhsearch' ? 'zh.html' : 'pf.html', rel, q));
        if (b.tool === 'zhsearch') {
          say(`zhsearch ${b.corpus}: the same from file://`);
          b.file = [];
          for (const q of queries) b.file.push(await coldFile(browser, b.dir, q));
          say(`zhsearch ${b.corpus}: the bundle's page, warm keystrokes`);
          b.widget = await widget(browser, urlBase, rel, queries);
          if (b.corpus !== 'gazette-html') {
            say(`zhsearch ${b.corpus}: zhsearch search --index, 10 runs per query`);
            b.cli = cliSearch(path.join(b.dir), queries);
          }
        }
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 1));
  console.log(table(results));
}

function machine() {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1];
  return { nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length, cpu, memGB: +(os.totalmem() / 2 ** 30).toFixed(1), load: os.loadavg().map((x) => +x.toFixed(2)) };
}

function summary(b) {
  const ok = (b.cold || []).filter((c) => !c.error);
  const bytes = ok.map((c) => c.bytes);
  return {
    bytesMed: median(bytes), codeMed: median(ok.map((c) => c.codeBytes)), indexMed: median(ok.map((c) => c.bytes - c.codeBytes)), bytesP95: pct(bytes, 0.95), reqMed: median(ok.map((c) => c.requests)),
    msMed: median(ok.map((c) => c.ms)), warmMed: median(ok.map((c) => c.warmMs)), errors: (b.cold || []).filter((c) => c.error).map((c) => `${c.q}: ${c.error}`),
    hits: ok.map((c) => c.total),
  };
}

function table(R) {
  const L = [];
  L.push(`Date ${R.date}; ${R.machine.nproc} cores, ${R.machine.cpu}, ${R.machine.memGB} GB; load average at the end ${R.machine.load.join(' ')}; Chromium ${R.chromium}.`);
  L.push('');
  for (const [corpus, C] of Object.entries(R.corpora)) {
    const pf = C.builds.find((b) => b.tool === 'pagefind');
    const P = summary(pf);
    L.push(`### ${corpus} (${C.pages} documents; queries: ${QUERIES[corpus].join(' ')})`);
    L.push('');
    if (pf.reused) { L.push(`(Pagefind's site and build reused from the run at ${pf.builtAt}, with its build time and memory; every browser figure is from this run.)`); L.push(''); }
    L.push(`| measure | ${C.builds.map((b) => `${b.tool} ${b.corpus}`).join(' | ')} | ${C.builds.filter((b) => b.tool === 'zhsearch').map((b) => `ratio ${b.corpus}/Pagefind`).join(' | ')} |`);
    L.push(`|---|${C.builds.map(() => '---').join('|')}|${C.builds.filter((b) => b.tool === 'zhsearch').map(() => '---').join('|')}|`);
    const zs = C.builds.filter((b) => b.tool === 'zhsearch');
    const row = (name, f, r) => L.push(`| ${name} | ${C.builds.map((b) => f(b)).join(' | ')} | ${zs.map((b) => (r ? r(b) : '')).join(' | ')} |`);
    row('build time (s)', (b) => f1(b.seconds), (b) => ratio(b.seconds, pf.seconds));
    row('build peak memory (MB)', (b) => b.peakMB.toFixed(0), (b) => ratio(b.peakMB, pf.peakMB));
    row('index on disk, whole folder (MB)', (b) => `${mb(b.sizes.whole.bytes)} (${b.sizes.whole.files} files)`, (b) => ratio(b.sizes.whole.bytes, pf.sizes.whole.bytes));
    row('index on disk, http set (MB): .bin chunks + engine + JS', (b) => (b.sizes.http ? `${mb(b.sizes.http.bytes)} (.bin only ${mb(b.sizes.bin.bytes)}, ${b.sizes.bin.files} files)` : mb(b.sizes.whole.bytes)), (b) => ratio(b.sizes.http.bytes, pf.sizes.whole.bytes));
    const S = new Map(C.builds.map((b) => [b, summary(b)]));
    row('cold bytes to first results, median (KB, as sent)', (b) => kb(S.get(b).bytesMed), (b) => ratio(S.get(b).bytesMed, P.bytesMed));
    row('… of which engine + JS (KB)', (b) => kb(S.get(b).codeMed), (b) => ratio(S.get(b).codeMed, P.codeMed));
    row('… of which index (KB)', (b) => kb(S.get(b).indexMed), (b) => ratio(S.get(b).indexMed, P.indexMed));
    row('cold bytes, p95 (KB)', (b) => kb(S.get(b).bytesP95), (b) => ratio(S.get(b).bytesP95, P.bytesP95));
    row('cold requests, median', (b) => String(S.get(b).reqMed), (b) => ratio(S.get(b).reqMed, P.reqMed));
    row('cold time to first results, median (ms)', (b) => f1(S.get(b).msMed), (b) => ratio(S.get(b).msMed, P.msMed));
    row('warm search() of the same query, median (ms)', (b) => f1(S.get(b).warmMed), (b) => ratio(S.get(b).warmMed, P.warmMed));
    row('warm keystroke → results in the DOM, median / p95 (ms)', (b) => (b.widget ? `${f1(median(b.widget.keystrokes))} / ${f1(pct(b.widget.keystrokes, 0.95))} (n=${b.widget.keystrokes.length})` : '–'));
    row('the bundle page starts (Chromium, http)', (b) => (b.widget ? `${b.widget.state}${b.widget.errors.length ? ': ' + b.widget.errors[0] : ''}` : '–'));
    row('file://: cold bytes median (KB) / requests', (b) => { if (!b.file) return '–'; const ok = b.file.filter((c) => !c.error); return ok.length ? `${kb(median(ok.map((c) => c.bytes)))} / ${median(ok.map((c) => c.requests))}${ok.length < b.file.length ? ` (${b.file.length - ok.length} failed)` : ''}` : `failed: ${b.file[0].error}`; });
    row('`zhsearch search` end to end, median of per-query medians / worst (ms)', (b) => (b.cli ? `${f1(b.cli.median)} / ${f1(b.cli.max)}` : '–'));
    row('results per query (total)', (b) => S.get(b).hits.join(' '));
    L.push('');
    for (const b of C.builds) for (const e of S.get(b).errors) L.push(`- error: ${b.tool} ${b.corpus}: ${e}`);
    for (const b of zs) if (b.cli) for (const e of b.cli.failures) L.push(`- error: zhsearch search ${b.corpus}: ${e}`);
    L.push('');
  }
  return L.join('\n');
}

await main();
