//! `zhsearch`: build an index, search it, list what a source holds.
//!
//! ```text
//! zhsearch build [PATH...] --out DIR [--keep-going] [--site-root URL]
//! zhsearch search --index DIR [--limit N] [--json] QUERY
//! zhsearch docs [PATH...] [--json] [--keep-going]
//! ```

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use zhsearch::bundle::{self, Layout};
use zhsearch::index::chunk::gunzip;
use zhsearch::index::{Index, IndexError, FILE_NAME, MAGIC, ROOT};
use zhsearch::indexer;
use zhsearch::search::{Hit, Query, SearchOptions, Searcher, Sort};

const USAGE: &str = "\
zhsearch — Chinese full-text search for static sites

USAGE:
    zhsearch build [PATH...] --out DIR [--keep-going]
                                            index PATH (default: index/) and write a search
                                            bundle into DIR: open DIR/index.html, or serve DIR
        --layout auto|chunked|single        the index as chunks loaded lazily, or one file
                                            (auto: one file for small collections)
        --single-file                       write one self-contained HTML page to --out FILE
        --index-only                        write only the index (DIR/zhsearch-index.bin …)
        --keep-going                        index what can be read, list the rest, exit 0
        --site-root URL                     where result links (page paths relative to PATH)
                                            point to, relative to DIR or absolute
                                            (default: the way up from DIR to PATH, e.g. ../,
                                            when DIR lies inside one PATH folder; otherwise
                                            links resolve against DIR itself)
    zhsearch search --index DIR [--limit N] [--json] QUERY
                                            search a bundle, its index folder, or a .idx file
        --facet NAME                        count NAME's values among the matches (category,
                                            issuer, year, kind, or a site's own filter)
        --filter NAME=VALUE                 keep matches with that value (repeatable: values of
                                            one facet are alternatives, facets all apply)
        --sort relevance|date               the order (default: relevance)
    zhsearch docs [PATH...] [--json] [--keep-going]
                                            list the documents PATH holds (default: index/)

PATH is a file or a folder: built HTML pages (.html), Markdown (.md, with
front matter), JSON lines (.jsonl) and plain text (.txt), in UTF-8, GBK or
UTF-16. A .txt holding a whole gazette issue (with its 目录) is split into
its documents. Other files (images, styles, scripts) are skipped. Files that
can't be read are listed and the build fails; --keep-going indexes the rest
and exits 0. DIR is never indexed, even inside PATH. `--` ends the options:
`zhsearch search --index DIR -- -QUERY`.";

/// A failure to report: one line, then a non-zero exit.
enum Failure {
    /// The command line is wrong (exit 2).
    Usage(String),
    /// The input is (exit 1).
    Input(String),
}

fn main() -> ExitCode {
    // Arguments as the OS gives them: a file name need not be UTF-8, and a
    // non-UTF-8 query is an error to report, not a panic (`std::env::args`).
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("zhsearch: {} (usage: `zhsearch --help`)", visible(&message));
            ExitCode::from(2)
        }
        Err(Failure::Input(message)) => {
            eprintln!("zhsearch: error: {}", visible(&message));
            ExitCode::from(1)
        }
    }
}

/// `arg` as UTF-8, or a usage error saying which argument is not.
fn utf8<'a>(arg: &'a OsStr, what: &str) -> Result<&'a str, Failure> {
    arg.to_str().ok_or_else(|| {
        Failure::Usage(format!(
            "{what} is not valid UTF-8: {:?}",
            arg.to_string_lossy()
        ))
    })
}

/// The command line after its subcommand.
#[derive(Default)]
struct Args {
    /// Paths (any bytes the OS allows), or the words of a query.
    positional: Vec<OsString>,
    out: Option<PathBuf>,
    index: Option<PathBuf>,
    limit: Option<usize>,
    json: bool,
    layout: Option<String>,
    single_file: bool,
    index_only: bool,
    keep_going: bool,
    facets: Vec<String>,
    filters: Vec<(String, Vec<String>)>,
    sort: Sort,
    site_root: Option<String>,
}

fn parse_args(args: &[OsString], allowed: &[&str]) -> Result<Args, Failure> {
    let mut parsed = Args::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        // Options are ASCII; anything else (a non-UTF-8 path too) is positional.
        let Some(flag) = arg.to_str().filter(|a| a.starts_with("--")) else {
            parsed.positional.push(arg.clone());
            continue;
        };
        if flag == "--" {
            // Everything after `--` is positional, as in every Unix tool:
            // `zhsearch search --index DIR -- --limit` looks for "--limit".
            parsed.positional.extend(iter.by_ref().cloned());
            break;
        }
        if !allowed.contains(&flag) {
            return Err(Failure::Usage(format!("unknown option {flag}")));
        }
        let mut value = || {
            iter.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))
        };
        match flag {
            "--out" => parsed.out = Some(PathBuf::from(value()?)),
            "--index" => parsed.index = Some(PathBuf::from(value()?)),
            "--limit" => {
                let v = value()?;
                let v = utf8(&v, "the value of --limit")?;
                parsed.limit =
                    Some(v.parse().map_err(|_| {
                        Failure::Usage(format!("--limit takes a number, not {v:?}"))
                    })?);
            }
            "--json" => parsed.json = true,
            "--layout" => {
                parsed.layout = Some(utf8(&value()?, "the value of --layout")?.to_string())
            }
            "--single-file" => parsed.single_file = true,
            "--index-only" => parsed.index_only = true,
            "--keep-going" => parsed.keep_going = true,
            "--site-root" => {
                parsed.site_root = Some(utf8(&value()?, "the value of --site-root")?.to_string())
            }
            "--facet" => parsed
                .facets
                .push(utf8(&value()?, "the value of --facet")?.to_string()),
            "--filter" => {
                let v = value()?;
                let v = utf8(&v, "the value of --filter")?;
                let (facet, wanted) = v.split_once('=').ok_or_else(|| {
                    Failure::Usage(format!("--filter takes FACET=VALUE, not {v:?}"))
                })?;
                match parsed.filters.iter_mut().find(|(f, _)| f == facet) {
                    Some((_, values)) => values.push(wanted.to_string()),
                    None => parsed
                        .filters
                        .push((facet.to_string(), vec![wanted.to_string()])),
                }
            }
            "--sort" => {
                parsed.sort = match utf8(&value()?, "the value of --sort")? {
                    "relevance" => Sort::Relevance,
                    "date" => Sort::Date,
                    other => {
                        return Err(Failure::Usage(format!(
                            "--sort takes relevance or date, not {other:?}"
                        )))
                    }
                }
            }
            _ => return Err(Failure::Usage(format!("unknown option {flag}"))),
        }
    }
    Ok(parsed)
}

fn run(args: &[OsString]) -> Result<(), Failure> {
    let Some((command, rest)) = args.split_first() else {
        return Err(Failure::Usage("no command given".into()));
    };
    match utf8(command, "the command")? {
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        "-V" | "--version" => {
            println!(
                "zhsearch {} (index format {})",
                env!("CARGO_PKG_VERSION"),
                zhsearch::index::FORMAT_VERSION
            );
            Ok(())
        }
        "build" => build(parse_args(
            rest,
            &[
                "--out",
                "--layout",
                "--single-file",
                "--index-only",
                "--keep-going",
                "--site-root",
            ],
        )?),
        "search" => search(parse_args(
            rest,
            &[
                "--index", "--limit", "--json", "--facet", "--filter", "--sort",
            ],
        )?),
        "docs" => docs(parse_args(rest, &["--json", "--keep-going"])?),
        other => Err(Failure::Usage(format!("unknown command {other:?}"))),
    }
}

fn sources(args: &Args) -> Vec<PathBuf> {
    if args.positional.is_empty() {
        vec![PathBuf::from("index")]
    } else {
        args.positional.iter().map(PathBuf::from).collect()
    }
}

fn build(args: Args) -> Result<(), Failure> {
    let out = args
        .out
        .clone()
        .ok_or_else(|| Failure::Usage("build needs --out DIR".into()))?;
    let layout = match args.layout.as_deref() {
        None | Some("auto") => Layout::Auto,
        Some("chunked") => Layout::Chunked,
        Some("single") => Layout::Single,
        Some(other) => {
            return Err(Failure::Usage(format!(
                "--layout takes auto, chunked or single, not {other:?}"
            )))
        }
    };
    let started = std::time::Instant::now();
    let site_root = site_root(&args, &out);
    let options = indexer::Options {
        exclude: vec![out.clone()],
        progress: true,
        meta: site_root
            .iter()
            .map(|root| ("site_root".to_string(), root.clone()))
            .collect(),
    };
    let (files, corpus) = indexer::build_index_with(&sources(&args), &options)
        .map_err(|e| Failure::Input(e.to_string()))?;
    let summary = indexer::Summary::new(&corpus, corpus.indexed, started.elapsed());
    eprintln!("{summary}");
    if !corpus.failures.is_empty() && !args.keep_going {
        return Err(not_indexed(corpus.failures.len(), "nothing was written"));
    }
    let documents = Index::open_root(&files.root, None)
        .map_err(|e| Failure::Input(e.to_string()))?
        .len();
    let input = |e: bundle::BundleError| Failure::Input(e.to_string());
    let report = if args.single_file {
        bundle::write_single_file(&out, &files).map_err(input)?
    } else if args.index_only {
        bundle::write_index(&out, &files, layout).map_err(input)?
    } else {
        bundle::write(&out, &files, layout).map_err(input)?
    };
    let what = if args.single_file {
        "one self-contained page".to_string()
    } else if report.chunked {
        format!("{} index files", report.index_files)
    } else {
        "one index file".to_string()
    };
    eprintln!(
        "indexed {} documents of {} into {} ({what}, {} KB gzip) in {:.2} s",
        documents,
        corpus.title,
        out.display(),
        report.index_bytes.div_ceil(1024),
        started.elapsed().as_secs_f64()
    );
    if let Some(root) = &site_root {
        eprintln!("result links resolve against {root} (the site root, seen from the bundle)");
    }
    if !args.single_file && !args.index_only {
        eprintln!(
            "open {} in a browser, or serve {} over http",
            out.join("index.html").display(),
            out.display()
        );
    }
    Ok(())
}

/// Where the pages' urls (relative to the PATH folder) are relative to, seen
/// from the bundle: `--site-root` (made to end in `/`, so that it names a
/// folder; empty for none), else the way up from the bundle folder to the one
/// PATH folder it lies in (`../` for `build public --out public/zhsearch`).
/// `None` (urls resolve against the bundle folder) for a bundle outside PATH
/// or several PATHs.
fn site_root(args: &Args, out: &Path) -> Option<String> {
    if let Some(root) = &args.site_root {
        let root = root.trim();
        return match root {
            "" => None,
            _ if root.ends_with('/') || root.contains(['?', '#']) => Some(root.to_string()),
            _ => Some(format!("{root}/")),
        };
    }
    let [site] = sources(args).try_into().ok()?;
    if !site.is_dir() {
        return None;
    }
    // A single page's folder is where its script runs from.
    let bundle_dir = if args.single_file {
        match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    } else {
        out
    };
    bundle::site_root(&site, bundle_dir)
}

/// Opens what `--index` names: a bundle folder, its `index/` folder, or a
/// packed index file.
fn open_index(path: &Path) -> Result<Index, Failure> {
    let fail = |e: IndexError| Failure::Input(format!("{}: {e}", path.display()));
    if path.is_file() {
        let bytes =
            std::fs::read(path).map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
        let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
            gunzip(&bytes).map_err(|detail| {
                fail(IndexError::Corrupt {
                    section: "gzip",
                    detail,
                })
            })?
        } else {
            bytes
        };
        // A root names chunks beside it; a packed index holds them all.
        if bytes.get(12) == Some(&0) && bytes.starts_with(MAGIC) {
            let dir = path.parent().unwrap_or(Path::new("."));
            return Index::open_dir(dir).map_err(fail);
        }
        return Index::open(&bytes).map_err(fail);
    }
    for dir in [path.join("index"), path.to_path_buf()] {
        if dir.join(format!("{ROOT}.bin")).is_file() {
            return Index::open_dir(&dir).map_err(fail);
        }
    }
    if path.join(FILE_NAME).is_file() {
        return open_index(&path.join(FILE_NAME));
    }
    Err(Failure::Input(format!(
        "{}: no zhsearch index here (build one with `zhsearch build PATH --out {}`)",
        path.display(),
        path.display()
    )))
}

fn search(args: Args) -> Result<(), Failure> {
    let dir = args
        .index
        .clone()
        .ok_or_else(|| Failure::Usage("search needs --index DIR".into()))?;
    if args.positional.is_empty() {
        return Err(Failure::Usage("search needs a QUERY".into()));
    }
    let words = args
        .positional
        .iter()
        .map(|w| utf8(w, "the query"))
        .collect::<Result<Vec<&str>, Failure>>()?;
    let query = words.join(" ");
    let index = open_index(&dir)?;
    let searcher = Searcher::new(&index);
    if searcher.parse(&query).truncated {
        eprintln!(
            "zhsearch: note: the query is too long; only its first {} characters, {} words \
             and {} pieces are searched for",
            Query::MAX_CHARS,
            Query::MAX_CLAUSES,
            Query::MAX_PIECES
        );
    }
    let options = SearchOptions {
        limit: args.limit.unwrap_or(10),
        filters: args.filters.clone(),
        facets: args.facets.clone(),
        sort: args.sort,
    };
    let results = searcher
        .search_with(&query, &options)
        .map_err(|e| Failure::Input(format!("{}: {e}", dir.display())))?;
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        json_line(&mut out, &results)
    } else {
        let color = std::io::stdout().is_terminal();
        print_results(
            &mut out,
            &results.query,
            results.total,
            &results.results,
            color,
        )
    };
    written.or_else(ignore_broken_pipe)
}

fn print_results(
    out: &mut impl Write,
    query: &str,
    total: usize,
    hits: &[Hit],
    color: bool,
) -> std::io::Result<()> {
    // Debug-quoting escapes control characters; a pasted page is shortened.
    let shown: String = query.chars().take(Query::MAX_CHARS).collect();
    let more = if shown.len() < query.len() { "…" } else { "" };
    writeln!(out, "{total} documents match {shown:?}{more}")?;
    for (rank, hit) in hits.iter().enumerate() {
        writeln!(
            out,
            "\n{}. {}  {}",
            rank + 1,
            visible(&hit.doc_number),
            visible(&hit.title)
        )?;
        writeln!(
            out,
            "   {} · {} · p. {} · score {:.2}",
            visible(&hit.issuer),
            visible(&hit.date),
            hit.page,
            hit.score
        )?;
        writeln!(out, "   {}", marked(&hit.snippet, &hit.highlights, color))?;
    }
    Ok(())
}

/// True for the characters a terminal acts on rather than shows: C0 but for
/// `\n` and `\t`, DEL, and C1 (U+0080–U+009F, CSI among them).
fn is_unsafe_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `text` with every unsafe control character written out as `\x1b`: a
/// document is text to show, and must not move the cursor, change colours,
/// retitle the window or ring the bell on the reader's terminal.
fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_control(c) {
            out.push_str(&format!("\\x{:02x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Writes `value` as one line of JSON. serde_json escapes C0 controls
/// already; DEL and C1 are escaped here too (`\u009b`), which is the same
/// JSON, so that `--json` on a terminal is as safe as the human output.
fn json_line(out: &mut impl Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    let json = serde_json::to_string(value).map_err(std::io::Error::other)?;
    let mut line = String::with_capacity(json.len() + 1);
    for c in json.chars() {
        if is_unsafe_control(c) {
            line.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            line.push(c);
        }
    }
    line.push('\n');
    out.write_all(line.as_bytes())
}

/// The snippet with its highlights in bold red on a terminal, 【】 elsewhere;
/// control characters in it are made [`visible`].
fn marked(text: &str, ranges: &[[u32; 2]], color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("【", "】")
    };
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = String::new();
    let mut at = 0usize;
    for &[s, e] in ranges {
        let (s, e) = (s as usize, (e as usize).min(units.len()));
        if s < at || s > e {
            continue;
        }
        out.push_str(&visible(&String::from_utf16_lossy(&units[at..s])));
        out.push_str(open);
        out.push_str(&visible(&String::from_utf16_lossy(&units[s..e])));
        out.push_str(close);
        at = e;
    }
    out.push_str(&visible(&String::from_utf16_lossy(&units[at..])));
    out
}

fn docs(args: Args) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let corpus = indexer::read_documents_with(&sources(&args), &indexer::Options::default())
        .map_err(|e| Failure::Input(e.to_string()))?;
    if !corpus.failures.is_empty() || !corpus.warnings.is_empty() {
        let summary = indexer::Summary::new(&corpus, corpus.docs.len(), started.elapsed());
        eprintln!("{summary}");
        if !corpus.failures.is_empty() && !args.keep_going {
            return Err(not_indexed(corpus.failures.len(), "nothing was listed"));
        }
    }
    let mut out = std::io::stdout().lock();
    let mut result = Ok(());
    for (id, d) in corpus.docs.iter().enumerate() {
        let chars = d.body.chars().count();
        result = if args.json {
            let line = serde_json::json!({
                "id": id, "doc_number": d.doc_number, "title": d.title, "issuer": d.issuer,
                "date": d.date, "category": d.category, "page": d.page, "chars": chars,
                "url": d.url, "meta": d.meta, "filters": d.filters,
            });
            json_line(&mut out, &line)
        } else {
            writeln!(
                out,
                "{id:>3}  {:<18} {:>4}  {}  {}",
                visible(&d.doc_number),
                d.page,
                visible(&d.date),
                visible(&d.title)
            )
        };
        if result.is_err() {
            break;
        }
    }
    result.or_else(ignore_broken_pipe)
}

/// The last line when some sources could not be read.
fn not_indexed(n: usize, what: &str) -> Failure {
    let files = if n == 1 {
        "1 file".to_string()
    } else {
        format!("{n} files")
    };
    Failure::Input(format!(
        "{files} could not be indexed (listed above); {what}: fix them, or pass --keep-going to use the rest"
    ))
}

/// `zhsearch docs | head` is not an error.
fn ignore_broken_pipe(e: std::io::Error) -> Result<(), Failure> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(Failure::Input(format!("writing output: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(visible("氢能\t规划\n"), "氢能\t规划\n");
        assert_eq!(
            visible("a\x1b]0;pwned\x07b\x1b[2Jc\u{9b}31md\x7f\r"),
            "a\\x1b]0;pwned\\x07b\\x1b[2Jc\\x9b31md\\x7f\\x0d"
        );
        // Highlighting works on the escaped text: the marks stay around
        // the match, and the only ESC left is the colour's own.
        let text = "前\x1b[8m氢能后";
        let units: Vec<u16> = text.encode_utf16().collect();
        let at = units.len() as u32 - 3;
        assert_eq!(marked(text, &[[at, at + 2]], false), "前\\x1b[8m【氢能】后");
        let coloured = marked(text, &[[at, at + 2]], true);
        assert_eq!(coloured.matches('\x1b').count(), 2, "{coloured:?}");
    }

    #[test]
    fn json_output_escapes_every_control_character() {
        let value = serde_json::json!({ "title": "a\x1b[31mb\u{9b}c\x7fd\u{85}e" });
        let mut out = Vec::new();
        json_line(&mut out, &value).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert!(
            !line.trim_end_matches('\n').chars().any(char::is_control),
            "{line:?}"
        );
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back, value);
    }
}
