// Shrinks a classic script for shipping without a minifier dependency:
// drops whole-line comments (// … and /* … */ starting a line) and leading
// indentation. Safe for the bundle's hand-written scripts, which keep code
// and comments on separate lines and have no multi-line strings with
// indentation. Usage: node scripts/strip-js.mjs FILE... (in place)
import fs from 'node:fs';

for (const file of process.argv.slice(2)) {
  const out = [];
  let inBlock = false;
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (inBlock) {
      if (line.includes('*/')) inBlock = false;
      continue;
    }
    if (line.startsWith('/*')) {
      if (!line.includes('*/')) inBlock = true;
      else if (!line.endsWith('*/')) out.push(line);
      continue;
    }
    if (line.startsWith('//') || line === '') continue;
    out.push(line);
  }
  fs.writeFileSync(file, out.join('\n') + '\n');
}
