// A tiny Markdown → HTML page converter for the benchmark's HTML sites (no dependencies).
// It covers what the laws corpus uses: YAML front matter (dropped), `#` headings, paragraphs, `-`/`*` list items,
// `>` quotes, `**bold**`, `[text](url)` links (kept as text) and `<!-- comments -->` (dropped). Every page gets
// <html lang="zh-CN">, a <title> from the first `# ` line (else the file name) and the text inside <main>.

export function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function inline(s) {
  return escapeHtml(s.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*([^*]+)\*\*/g, '$1').replace(/`([^`]*)`/g, '$1'));
}

/** A whole HTML page: title and paragraphs (plain text lines, one <p> each). */
export function page(title, paragraphs) {
  return `<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n</head>\n<body>\n<main>\n<h1>${escapeHtml(title)}</h1>\n${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}\n</main>\n</body>\n</html>\n`;
}

/** Markdown text → { title, html }. */
export function markdownToPage(md, fallbackTitle) {
  let text = md.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const fm = text.match(/^---\n[\s\S]*?\n---\n/);
  if (fm) text = text.slice(fm[0].length);
  text = text.replace(/<!--[\s\S]*?-->/g, '');
  let title = null;
  const body = [];
  let para = [];
  const flush = () => { if (para.length) { body.push(`<p>${inline(para.join(''))}</p>`); para = []; } };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) { flush(); continue; }
    const h = line.match(/^(#{1,6})\s+(.*)$/);
    if (h) {
      flush();
      if (h[1].length === 1 && title === null) { title = h[2].trim(); continue; }
      const n = Math.min(h[1].length, 6);
      body.push(`<h${n}>${inline(h[2].trim())}</h${n}>`);
      continue;
    }
    if (/^(-{3,}|\*{3,})$/.test(line)) { flush(); continue; }
    const li = line.match(/^(?:[-*+]|\d+\.)\s+(.*)$/);
    if (li) { flush(); body.push(`<p>${inline(li[1])}</p>`); continue; }
    para.push(line.replace(/^>\s?/, ''));
  }
  flush();
  title = title || fallbackTitle;
  const html = `<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n</head>\n<body>\n<main>\n<h1>${escapeHtml(title)}</h1>\n${body.join('\n')}\n</main>\n</body>\n</html>\n`;
  return { title, html };
}
