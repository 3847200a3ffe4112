//! Writing a deployable search bundle: the page, the engine and the index,
//! from the files embedded in the `zhsearch` binary (see build.rs), so a
//! publisher needs no toolchain.
//!
//! ```text
//! DIR/index.html, zh-search.js, …   the web files of www/
//! DIR/zhsearch.js                   the engine's glue (wasm-bindgen, no-modules)
//! DIR/zhsearch-engine.bin           the engine, gzip: many servers send .wasm
//!                                   uncompressed, so it travels compressed itself
//! DIR/zhsearch-wasm.js              the engine again, gzip + base64, for file://
//! DIR/index/zhsearch-index.bin|.js  the root (or, small, the whole packed index)
//! DIR/index/{name}.bin|.js          each chunk: gzip; and the same bytes as a
//!                                   classic script for file://
//! ```
//!
//! Writing never leaves a half-written bundle behind for readers: chunks are
//! named by their contents, so new ones never overwrite old ones; the root,
//! which names them, is written to a temporary file, synced and renamed
//! last; only then are chunks no root names any more removed.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::index::chunk::gzip;
use crate::index::{IndexFiles, ROOT};

mod assets {
    include!(concat!(env!("OUT_DIR"), "/assets.rs"));
}

/// How the index is laid out in the bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One file when the index is small ([`SINGLE_BELOW`]), chunks otherwise.
    Auto,
    /// Chunks, loaded as queries need them.
    Chunked,
    /// One file, loaded whole on the first query.
    Single,
}

/// Below this many bytes (before gzip) an index is one file under
/// [`Layout::Auto`]: a few more kilobytes once beat several requests.
pub const SINGLE_BELOW: usize = 96 << 10;

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The layout chosen.
    pub chunked: bool,
    /// Index files (each counted once, not its .js twin).
    pub index_files: usize,
    /// Their bytes as stored (gzip).
    pub index_bytes: u64,
    /// Stale chunks removed.
    pub removed: usize,
}

/// Why a bundle could not be written. Each message says what to do.
#[derive(Debug)]
pub enum BundleError {
    /// This binary was built without the prebuilt engine.
    NoEngine,
    /// A file could not be written.
    Io { path: PathBuf, message: String },
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleError::NoEngine => write!(
                f,
                "this zhsearch binary was built without its web engine; build it with \
                 `bash scripts/build-dist.sh`, or pass --index-only to write just the index"
            ),
            BundleError::Io { path, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for BundleError {}

fn io(path: &Path) -> impl Fn(std::io::Error) -> BundleError + '_ {
    move |e| BundleError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Writes `bytes` to `path` through a synced temporary file and a rename,
/// so `path` holds either its old or its new contents, never a part.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), BundleError> {
    let tmp = path.with_extension(format!(
        "{}.tmp{}",
        path.extension().and_then(|e| e.to_str()).unwrap_or(""),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io(path))
}

/// True when this binary carries the engine.
pub fn has_engine() -> bool {
    assets::ENGINE.iter().any(|(n, _)| *n == "zhsearch_bg.wasm")
}

/// Writes the index alone into `dir` (`zhsearch-index.bin` and its chunks).
pub fn write_index(dir: &Path, files: &IndexFiles, layout: Layout) -> Result<Report, BundleError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let chunked = match layout {
        Layout::Auto => files.len() >= SINGLE_BELOW,
        Layout::Chunked => true,
        Layout::Single => false,
    };
    let mut report = Report {
        chunked,
        ..Report::default()
    };
    let mut keep: Vec<String> = Vec::new();
    let mut put = |name: &str, framed: &[u8], atomic: bool| -> Result<(), BundleError> {
        let gz = gzip(framed);
        let bin = dir.join(format!("{name}.bin"));
        let js = dir.join(format!("{name}.js"));
        let script = format!("zhsearchChunk({name:?},\"{}\");\n", base64(&gz));
        if atomic {
            write_atomic(&js, script.as_bytes())?;
            write_atomic(&bin, &gz)?;
        } else if !bin.exists() || !js.exists() {
            std::fs::write(&js, script).map_err(io(&js))?;
            std::fs::write(&bin, &gz).map_err(io(&bin))?;
        }
        report.index_files += 1;
        report.index_bytes += gz.len() as u64;
        keep.push(name.to_string());
        Ok(())
    };
    if chunked {
        for (name, framed) in &files.chunks {
            put(name, framed, false)?;
        }
        put(ROOT, &files.root, true)?;
    } else {
        put(ROOT, &files.pack(), true)?;
    }
    // Chunks of an earlier build that the new root does not name.
    let mut removed = 0;
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let ext = path.extension().and_then(|s| s.to_str()).unwrap_or("");
            let is_chunk = crate::index::ChunkRef::parse(stem).is_some();
            if is_chunk
                && matches!(ext, "bin" | "js")
                && !keep.iter().any(|k| k == stem)
                && std::fs::remove_file(&path).is_ok()
            {
                removed += 1;
            }
        }
    }
    report.removed = removed / 2;
    Ok(report)
}

/// Writes a whole bundle into `dir`: the page, the engine, the index.
pub fn write(dir: &Path, files: &IndexFiles, layout: Layout) -> Result<Report, BundleError> {
    if !has_engine() {
        return Err(BundleError::NoEngine);
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let report = write_index(&dir.join("index"), files, layout)?;
    for (name, bytes) in assets::WEB.iter().chain(assets::ENGINE) {
        if *name != "zhsearch_bg.wasm" {
            write_atomic(&dir.join(name), &web_file(name, bytes))?;
        }
    }
    // The widget's styles as a file too, for browsers without constructable
    // stylesheets (it then links this inside its shadow root).
    if let Some(css) = widget_css() {
        write_atomic(&dir.join("zh-search.css"), css.as_bytes())?;
    }
    let wasm = gzip(engine_file("zhsearch_bg.wasm"));
    write_atomic(&dir.join("zhsearch-engine.bin"), &wasm)?;
    let script = format!("self.ZHSEARCH_WASM_GZIP_BASE64=\"{}\";\n", base64(&wasm));
    write_atomic(&dir.join("zhsearch-wasm.js"), script.as_bytes())?;
    Ok(report)
}

/// The scripts every portal page loads go out without their comments and
/// indentation (a page that embeds the widget but is never searched should
/// load about 10 KB): whole-line comments and leading blanks only, which the
/// hand-written scripts keep apart from code, so no minifier is needed.
fn web_file(name: &str, bytes: &[u8]) -> Vec<u8> {
    if !matches!(name, "zh-search.js" | "zh-highlight.js") {
        return bytes.to_vec();
    }
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for raw in text.split('\n') {
        let line = raw.trim();
        if in_block {
            in_block = !line.contains("*/");
            continue;
        }
        if line.starts_with("/*") {
            if !line.contains("*/") {
                in_block = true;
            } else if !line.ends_with("*/") {
                out.push_str(line);
                out.push('\n');
            }
            continue;
        }
        if line.starts_with("//") || line.is_empty() {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.into_bytes()
}

/// The widget's stylesheet, from its `var CSS = `…`;`.
fn widget_css() -> Option<String> {
    let js = String::from_utf8_lossy(engine_file("zh-search.js"));
    let start = js.find("var CSS = `")? + "var CSS = `".len();
    let end = start + js[start..].find("`;")?;
    Some(format!("{}\n", js[start..end].trim()))
}

fn engine_file(name: &str) -> &'static [u8] {
    assets::ENGINE
        .iter()
        .chain(assets::WEB)
        .find(|(n, _)| *n == name)
        .map_or(&[][..], |(_, b)| b)
}

/// Writes one self-contained HTML file: the page with every script and
/// stylesheet inlined, the engine and the whole (packed) index inside.
/// For small offline copies: everything loads at once.
pub fn write_single_file(path: &Path, files: &IndexFiles) -> Result<Report, BundleError> {
    if !has_engine() {
        return Err(BundleError::NoEngine);
    }
    let packed = gzip(&files.pack());
    let page = String::from_utf8_lossy(engine_file("index.html")).into_owned();
    let mut out = String::with_capacity(page.len() + packed.len() * 2);
    let inline_script = |name: &str| -> String {
        let body = String::from_utf8_lossy(&web_file(name, engine_file(name)))
            .replace("</script", "<\\/script");
        format!("<script>{body}</script>")
    };
    // The engine and the index, before any of the page's own scripts.
    let preamble = format!(
        "<script>self.ZHSEARCH_WASM_GZIP_BASE64=\"{}\";self.ZHSEARCH_INDEX_GZIP_BASE64=\"{}\";</script>{}{}",
        base64(&gzip(engine_file("zhsearch_bg.wasm"))),
        base64(&packed),
        inline_script("zhsearch.js"),
        inline_script("zhsearch-core.js"),
    );
    // Every script moves to the end of the body, in order, after the engine
    // and the index: inline scripts cannot wait (`defer`) for the page.
    let mut scripts = preamble;
    let mut rest = page.as_str();
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        let attr = |name: &str| -> Option<String> {
            let key = format!("{name}=\"");
            let start = tag.find(&key)? + key.len();
            Some(tag[start..].split('"').next()?.to_string())
        };
        if let (true, Some(src)) = (tag.starts_with("<script"), attr("src")) {
            if src != "zhsearch-core.js" && src != "zhsearch.js" {
                scripts.push_str(&inline_script(&src));
            }
            let close = rest
                .find("</script>")
                .map_or(end, |c| c + "</script>".len());
            rest = &rest[close..];
        } else if let (true, Some(href)) = (
            tag.starts_with("<link") && tag.contains("stylesheet"),
            attr("href"),
        ) {
            let css = String::from_utf8_lossy(engine_file(&href));
            out.push_str(&format!("<style>{css}</style>"));
            rest = &rest[end..];
        } else if tag.starts_with("<link") && tag.contains("icon") {
            rest = &rest[end..]; // no favicon file beside a single page
        } else if tag.starts_with("</body") {
            out.push_str(&std::mem::take(&mut scripts));
            out.push_str(tag);
            rest = &rest[end..];
        } else {
            out.push_str(tag);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out.push_str(&scripts);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    write_atomic(path, out.as_bytes())?;
    Ok(Report {
        chunked: false,
        index_files: 1,
        index_bytes: out.len() as u64,
        removed: 0,
    })
}

/// Standard base64, with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b = [
            group[0],
            *group.get(1).unwrap_or(&0),
            *group.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= group.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The site root as seen from the bundle folder `bundle_dir`, for result
/// urls (which are relative to the folder given to `zhsearch build`): `../`
/// for `zhsearch build public --out public/zhsearch`, `./` when the bundle is
/// the site folder itself. `None` when the bundle does not lie inside `site`
/// (then urls resolve against the bundle folder), or when `site` can't be
/// resolved. Symbolic links are followed; `bundle_dir` need not exist yet.
pub fn site_root(site: &Path, bundle_dir: &Path) -> Option<String> {
    let site = site.canonicalize().ok()?;
    let dir = resolve(bundle_dir).ok()?;
    relative_up(&site, &dir)
}

/// The relative URL from `dir` up to its ancestor `site` (both absolute and
/// normalized: no `.` or `..`): `./` for the same folder, `../` per level;
/// `None` if `dir` is not inside `site`.
pub fn relative_up(site: &Path, dir: &Path) -> Option<String> {
    let rest = dir.strip_prefix(site).ok()?;
    let levels = rest.components().count();
    Some(if levels == 0 {
        "./".to_string()
    } else {
        "../".repeat(levels)
    })
}

/// `path` made absolute and canonical, though its last parts may not exist
/// yet (an --out folder the build will create): the longest existing prefix
/// is canonicalized, the rest appended with `.` and `..` applied lexically
/// (parts that do not exist can't be links).
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    use std::path::Component;
    let path = std::path::absolute(path)?;
    let mut existing = path.as_path();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                tail.push(last);
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize()?;
    for part in tail.into_iter().rev() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_up_counts_the_levels() {
        for (site, dir, want) in [
            ("/srv/site", "/srv/site/zhsearch", Some("../")),
            ("/srv/site", "/srv/site/assets/zhsearch", Some("../../")),
            ("/srv/site", "/srv/site/a/b/c", Some("../../../")),
            ("/srv/site", "/srv/site", Some("./")),
            ("/", "/zhsearch", Some("../")),
            // Outside the site, or only a name prefix of it: not inside.
            ("/srv/site", "/srv/zhsearch", None),
            ("/srv/site", "/srv/site-search", None),
            ("/srv/site", "/srv", None),
            ("/srv/site/zhsearch", "/srv/site", None),
        ] {
            assert_eq!(
                relative_up(Path::new(site), Path::new(dir)).as_deref(),
                want,
                "{site} → {dir}"
            );
        }
    }

    #[test]
    fn site_root_resolves_relative_missing_and_linked_folders() {
        let tmp = std::env::temp_dir().join(format!("zhsearch-site-root-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let site = tmp.join("site");
        std::fs::create_dir_all(site.join("news")).unwrap();
        std::fs::create_dir_all(tmp.join("elsewhere")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&site, tmp.join("link")).unwrap();
        let cases: Vec<(PathBuf, PathBuf, Option<&str>)> = vec![
            // The out folder does not exist yet.
            (site.clone(), site.join("zhsearch"), Some("../")),
            (
                site.clone(),
                site.join("news/deep/zhsearch"),
                Some("../../../"),
            ),
            // Existing folder; `.` and `..` in the part that does not exist.
            (site.clone(), site.join("news"), Some("../")),
            (site.clone(), site.join("new/../zhsearch/."), Some("../")),
            (site.join("news/.."), site.join("zhsearch"), Some("../")),
            (site.clone(), site.clone(), Some("./")),
            // Outside the site.
            (site.clone(), tmp.join("elsewhere/zhsearch"), None),
            (site.clone(), tmp.join("site-zhsearch"), None),
            (site.clone(), site.join("../zhsearch"), None),
            // A site that does not exist.
            (tmp.join("nothing"), tmp.join("nothing/zhsearch"), None),
        ];
        for (site_dir, out, want) in &cases {
            assert_eq!(
                site_root(site_dir, out).as_deref(),
                *want,
                "{} → {}",
                site_dir.display(),
                out.display()
            );
        }
        #[cfg(unix)]
        {
            // Through a link to the site, either side.
            assert_eq!(
                site_root(&tmp.join("link"), &site.join("zhsearch")).as_deref(),
                Some("../")
            );
            assert_eq!(
                site_root(&site, &tmp.join("link/zhsearch")).as_deref(),
                Some("../")
            );
        }
        // Relative paths, from the current folder.
        let here = std::env::current_dir().unwrap();
        assert_eq!(
            site_root(Path::new("."), Path::new("out/zhsearch")).as_deref(),
            Some("../../")
        );
        assert_eq!(
            site_root(&here, Path::new("zhsearch")).as_deref(),
            Some("../")
        );
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("氢能".as_bytes()), "5rCi6IO9");
    }
}
