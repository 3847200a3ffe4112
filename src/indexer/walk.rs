//! Finding the files to read under the paths given.
//!
//! Directories are walked recursively in name order (builds are
//! reproducible). Symbolic links are followed, but a directory already
//! visited (same canonical path) is not entered again, so a link loop ends
//! with a warning instead of indexing the same files over and over; a file
//! reached twice (through a link, through its folder and by name, or named
//! twice) is read once. Paths found inside an excluded path (the output
//! folder) are left out (a path named by the caller never is), as are hidden
//! files and folders (`.git`, `.DS_Store`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What kind of source a file is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Markdown,
    Html,
    JsonLines,
}

impl Kind {
    /// The kind of a file by its extension; `None` if it is not a document
    /// (images, stylesheets, scripts, fonts, PDFs, other JSON …).
    pub fn of(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Kind::Text,
            "md" | "markdown" => Kind::Markdown,
            "html" | "htm" | "xhtml" | "shtml" => Kind::Html,
            "jsonl" | "ndjson" => Kind::JsonLines,
            _ => return None,
        })
    }
}

/// A file to read.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub kind: Kind,
    /// Named by the caller (not found in a folder).
    pub named: bool,
    /// For files found in a folder: the path relative to that folder, with
    /// forward slashes (the page's URL on the site).
    pub relative: String,
}

/// What the walk found, and what it left out.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<Found>,
    /// (path, reason) of files left out quietly.
    pub skipped: Vec<(PathBuf, &'static str)>,
    /// (path, reason) of paths that could not be read at all.
    pub failures: Vec<(PathBuf, String)>,
    /// Things the user should know (link loops).
    pub warnings: Vec<String>,
}

/// Why a file was left out.
pub const NOT_DOCUMENT: &str = "not a document (by extension)";
pub const DUPLICATE: &str = "the same file reached twice";
pub const EXCLUDED: &str = "inside an excluded folder (the output)";

struct State {
    walk: Walk,
    dirs: HashSet<PathBuf>,
    seen: HashSet<FileId>,
    exclude: Vec<PathBuf>,
}

/// Lists the files under `paths`, skipping everything inside `exclude`.
pub fn walk(paths: &[PathBuf], exclude: &[PathBuf]) -> Walk {
    let mut state = State {
        walk: Walk::default(),
        dirs: HashSet::new(),
        seen: HashSet::new(),
        exclude: exclude
            .iter()
            .map(|p| p.canonicalize().unwrap_or_else(|_| absolute(p)))
            .collect(),
    };
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => {
                let reason = if e.kind() == std::io::ErrorKind::NotFound {
                    "no such file or directory; check the path".to_string()
                } else {
                    format!("{e}; check that it is readable")
                };
                state.walk.failures.push((path.clone(), reason));
            }
            Ok(meta) if meta.is_dir() => visit_dir(&mut state, path, path, true),
            Ok(meta) => {
                let found = Found {
                    path: path.clone(),
                    kind: Kind::of(path).unwrap_or(Kind::Text),
                    named: true,
                    relative: path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                };
                add_file(&mut state, path, &meta, found);
            }
        }
    }
    state.walk
}

fn absolute(p: &Path) -> PathBuf {
    std::env::current_dir()
        .map(|d| d.join(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

fn excluded(state: &State, canonical: &Path) -> bool {
    state.exclude.iter().any(|x| canonical.starts_with(x))
}

/// What makes two paths the same file: (device, inode) where there are
/// inodes (no syscall beyond the `stat` already made), else the canonical path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg_attr(not(unix), allow(dead_code))]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

#[cfg(unix)]
fn file_id(_path: &Path, meta: &std::fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    FileId::Inode(meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn file_id(path: &Path, _meta: &std::fs::Metadata) -> FileId {
    FileId::Path(path.canonicalize().unwrap_or_else(|_| absolute(path)))
}

fn add_file(state: &mut State, path: &Path, meta: &std::fs::Metadata, found: Found) {
    // A file named by the caller is read even inside an excluded folder; one
    // found in a folder is inside a folder that was not excluded.
    if !state.seen.insert(file_id(path, meta)) {
        state.walk.skipped.push((path.to_path_buf(), DUPLICATE));
        return;
    }
    state.walk.files.push(found);
}

fn visit_dir(state: &mut State, dir: &Path, root: &Path, named: bool) {
    let canonical = match dir.canonicalize() {
        Ok(c) => c,
        Err(e) => {
            let reason = format!("{e}; check that the folder is readable");
            state.walk.failures.push((dir.to_path_buf(), reason));
            return;
        }
    };
    if !named && excluded(state, &canonical) {
        state.walk.skipped.push((dir.to_path_buf(), EXCLUDED));
        return;
    }
    if !state.dirs.insert(canonical.clone()) {
        state.walk.warnings.push(format!(
            "{}: already visited as {} (a symbolic link loop or a second path to it); not entered again",
            dir.display(),
            canonical.display()
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let reason = format!("{e}; check that the folder is readable");
            state.walk.failures.push((dir.to_path_buf(), reason));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => state.walk.failures.push((
                dir.to_path_buf(),
                format!("{e}; check that the folder is readable"),
            )),
        }
    }
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue; // .git, .DS_Store: never documents
        }
        // `metadata` follows links; a dangling link is a failure to report.
        match std::fs::metadata(&path) {
            Err(e) => state.walk.failures.push((
                path.clone(),
                format!("{e} (a dangling link?); fix or remove it"),
            )),
            Ok(meta) if meta.is_dir() => visit_dir(state, &path, root, false),
            Ok(meta) => match Kind::of(&path) {
                Some(kind) => {
                    let relative = path
                        .strip_prefix(root)
                        .unwrap_or(&path)
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/");
                    let found = Found {
                        path: path.clone(),
                        kind,
                        named: false,
                        relative,
                    };
                    add_file(state, &path, &meta, found);
                }
                None => state.walk.skipped.push((path, NOT_DOCUMENT)),
            },
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zhsearch-walk-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn symlink_loop_is_entered_once() {
        let dir = temp("loop");
        std::fs::create_dir(dir.join("a")).unwrap();
        std::fs::write(dir.join("a/doc.txt"), "标题\n正文").unwrap();
        std::os::unix::fs::symlink("..", dir.join("a/up")).unwrap();
        let w = walk(std::slice::from_ref(&dir), &[]);
        assert_eq!(w.files.len(), 1, "{:?}", w.files);
        assert_eq!(w.files[0].relative, "a/doc.txt");
        assert_eq!(w.warnings.len(), 1, "{:?}", w.warnings);
        assert!(w.warnings[0].contains("loop"), "{:?}", w.warnings);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn exclude_and_kinds() {
        let dir = temp("exclude");
        std::fs::create_dir_all(dir.join("public/zhsearch")).unwrap();
        for f in [
            "public/a.html",
            "public/zhsearch/index.html",
            "public/s.css",
            "public/x.png",
            "public/.hidden.txt",
        ] {
            std::fs::write(dir.join(f), "x").unwrap();
        }
        let w = walk(&[dir.join("public")], &[dir.join("public/zhsearch")]);
        let files: Vec<&str> = w.files.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(files, ["a.html"]);
        let reasons: Vec<&str> = w.skipped.iter().map(|s| s.1).collect();
        assert_eq!(reasons, [NOT_DOCUMENT, NOT_DOCUMENT, EXCLUDED]);
        // Named, it is read: `build out/doc.txt --out out` regenerates in place.
        let named = dir.join("public/zhsearch/index.html");
        let w = walk(&[named], &[dir.join("public/zhsearch")]);
        assert_eq!(w.files.len(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
