//! The `zhsearch` binary, end to end, over the real gazette in `index/`.
//!
//! Every test runs the binary Cargo built for this test run
//! (`CARGO_BIN_EXE_zhsearch`) from the crate root, and asserts on what it
//! prints and how it exits. The gazette index is built once per run of this
//! file (see [`gazette`]); each test that writes files gets its own directory
//! under the system temp dir, removed when the test ends, pass or fail.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use serde_json::Value;

// ---------------------------------------------------------------------------
// Running the binary

/// What one run of the binary did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn describe(&self) -> String {
        format!(
            "exit {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// Asserts a zero exit and returns stdout.
    fn ok(&self) -> &str {
        assert_eq!(self.code, Some(0), "expected success:\n{}", self.describe());
        assert_no_panic(self);
        &self.stdout
    }
}

/// Runs `zhsearch ARGS...` in the crate root.
fn zhsearch<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_zhsearch"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("running the zhsearch binary");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn assert_no_panic(run: &Run) {
    for text in [&run.stdout, &run.stderr] {
        assert!(
            !text.contains("panicked"),
            "the binary panicked:\n{}",
            run.describe()
        );
        assert!(
            !text.contains("RUST_BACKTRACE"),
            "the binary panicked:\n{}",
            run.describe()
        );
    }
}

/// An input error: exit 1, nothing on stdout, exactly one line on stderr,
/// `zhsearch: error: …`, holding every one of `needles`.
fn assert_input_error(run: &Run, needles: &[&str]) {
    assert_no_panic(run);
    assert_eq!(run.code, Some(1), "expected exit 1:\n{}", run.describe());
    assert_eq!(
        run.stdout,
        "",
        "an error prints nothing on stdout:\n{}",
        run.describe()
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "expected one line on stderr:\n{}",
        run.describe()
    );
    assert!(
        lines[0].starts_with("zhsearch: error: "),
        "unexpected stderr:\n{}",
        run.describe()
    );
    for needle in needles {
        assert!(
            lines[0].contains(needle),
            "stderr should mention {needle:?}:\n{}",
            run.describe()
        );
    }
}

/// A usage error: exit 2, nothing on stdout, one line on stderr
/// (`zhsearch: …`, holding every one of `needles` and a pointer to `--help`).
fn assert_usage_error(run: &Run, needles: &[&str]) {
    assert_no_panic(run);
    assert_eq!(
        run.code,
        Some(2),
        "expected exit 2 (usage):\n{}",
        run.describe()
    );
    assert_eq!(
        run.stdout,
        "",
        "an error prints nothing on stdout:\n{}",
        run.describe()
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines.len() == 1 && lines[0].starts_with("zhsearch: ") && lines[0].contains("--help"),
        "expected one line, pointing to --help:\n{}",
        run.describe()
    );
    for needle in needles {
        assert!(
            lines[0].contains(needle),
            "stderr should mention {needle:?}:\n{}",
            run.describe()
        );
    }
}

// ---------------------------------------------------------------------------
// Temporary directories

const TEMP_PREFIX: &str = "zhsearch-cli-";

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("{TEMP_PREFIX}{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("creating a temp dir");
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Removes directories an earlier, interrupted run left behind (older than
/// an hour, so a run going on in parallel keeps its own).
fn sweep_stale_temp_dirs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok());
        if age.is_some_and(|age| age > Duration::from_secs(3600)) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

// ---------------------------------------------------------------------------
// The gazette index, built once

/// The index of `index/`, built once by `zhsearch build --out DIR`.
struct Gazette {
    dir: TempDir,
    /// What the build printed on stderr.
    build_stderr: String,
}

static GAZETTE: OnceLock<Gazette> = OnceLock::new();

/// How many tests have not yet released the gazette index. Statics are never
/// dropped, so the last test to finish with the index removes its directory.
static GAZETTE_LEFT: OnceLock<AtomicUsize> = OnceLock::new();

/// The tests that use the gazette index, counted in this file's own source
/// (the marker is split here so that this line does not count).
fn gazette_users() -> usize {
    let marker = concat!("let index = gaz", "ette();");
    include_str!("cli.rs").matches(marker).count()
}

/// A handle on the gazette index; the directory lives until the last handle
/// of the run is dropped. Each test takes one handle, with a statement of
/// exactly the form counted by [`gazette_users`], run once per test.
struct GazetteHandle(&'static Gazette);

impl GazetteHandle {
    fn dir(&self) -> &Path {
        self.0.dir.path()
    }
}

impl Drop for GazetteHandle {
    fn drop(&mut self) {
        let left = GAZETTE_LEFT.get().expect("initialised with the index");
        if left.fetch_sub(1, Ordering::SeqCst) == 1 {
            let _ = std::fs::remove_dir_all(self.0.dir.path());
        }
    }
}

fn gazette() -> GazetteHandle {
    let gazette = GAZETTE.get_or_init(|| {
        sweep_stale_temp_dirs();
        GAZETTE_LEFT.get_or_init(|| AtomicUsize::new(gazette_users()));
        let dir = TempDir::new("gazette");
        let run = zhsearch(&[
            Path::new("build"),
            Path::new("--index-only"),
            Path::new("--layout"),
            Path::new("single"),
            Path::new("--out"),
            dir.path(),
        ]);
        run.ok();
        Gazette {
            dir,
            build_stderr: run.stderr,
        }
    });
    let file = gazette.dir.join("zhsearch-index.bin");
    assert!(
        file.is_file(),
        "{} is gone: does every use of the gazette index take its handle as `gazette_users` counts?",
        file.display()
    );
    GazetteHandle(gazette)
}

/// `zhsearch search --index DIR --json [--limit N] QUERY`, parsed.
fn search_json(index: &Path, query: &str, limit: Option<usize>) -> Value {
    let mut args: Vec<String> = vec![
        "search".into(),
        "--index".into(),
        index.display().to_string(),
        "--json".into(),
    ];
    if let Some(limit) = limit {
        args.extend(["--limit".into(), limit.to_string()]);
    }
    args.push(query.into());
    let run = zhsearch(&args);
    let stdout = run.ok();
    assert_eq!(
        stdout.lines().count(),
        1,
        "--json prints one line:\n{}",
        run.describe()
    );
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.describe()))
}

fn results(value: &Value) -> &Vec<Value> {
    value["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results array in {value}"))
}

fn total(value: &Value) -> u64 {
    value["total"]
        .as_u64()
        .unwrap_or_else(|| panic!("no total in {value}"))
}

/// The text each `[start, end)` range (UTF-16 code units) covers in `text`.
fn cut_utf16(text: &str, ranges: &Value) -> Vec<String> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let ranges = ranges
        .as_array()
        .unwrap_or_else(|| panic!("highlights are not an array: {ranges}"));
    ranges
        .iter()
        .map(|range| {
            let pair = range
                .as_array()
                .unwrap_or_else(|| panic!("a range is not an array: {range}"));
            assert_eq!(pair.len(), 2, "a range is [start, end]: {range}");
            let (s, e) = (
                pair[0].as_u64().unwrap() as usize,
                pair[1].as_u64().unwrap() as usize,
            );
            assert!(
                s < e && e <= units.len(),
                "range {range} out of bounds in {text:?}"
            );
            String::from_utf16(&units[s..e])
                .unwrap_or_else(|_| panic!("range {range} splits a surrogate pair in {text:?}"))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// docs

#[test]
fn docs_json_lists_the_27_documents() {
    let run = zhsearch(&["docs", "--json"]);
    let stdout = run.ok();
    let docs: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    assert_eq!(docs.len(), 27, "{}", run.describe());

    let mut fields = vec![
        "id",
        "doc_number",
        "title",
        "issuer",
        "date",
        "category",
        "page",
        "chars",
        "url",
        "meta",
        "filters",
    ];
    fields.sort_unstable();
    let mut numbers = std::collections::HashSet::new();
    for (i, doc) in docs.iter().enumerate() {
        let object = doc
            .as_object()
            .unwrap_or_else(|| panic!("not an object: {doc}"));
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, fields, "fields of {doc}");
        assert_eq!(
            doc["id"].as_u64(),
            Some(i as u64),
            "ids are positions: {doc}"
        );
        for text in ["doc_number", "title", "issuer", "date", "category"] {
            let value = doc[text]
                .as_str()
                .unwrap_or_else(|| panic!("{text} is not a string: {doc}"));
            assert!(!value.is_empty(), "{text} is empty: {doc}");
        }
        assert!(doc["page"].as_u64().is_some_and(|p| p > 0), "page: {doc}");
        assert!(doc["chars"].as_u64().is_some_and(|c| c > 0), "chars: {doc}");
        assert!(
            numbers.insert(doc["doc_number"].as_str().unwrap().to_string()),
            "duplicate 文号: {doc}"
        );
    }

    let hydrogen = docs
        .iter()
        .find(|d| d["doc_number"] == "吕政办发〔2022〕16号")
        .expect("吕政办发〔2022〕16号 is listed");
    assert_eq!(hydrogen["page"], 50);
    assert_eq!(hydrogen["category"], "市政府办公室文件");
    assert!(
        hydrogen["title"].as_str().unwrap().contains("氢能"),
        "{hydrogen}"
    );
}

#[test]
fn docs_human_output_has_number_and_title() {
    let run = zhsearch(&["docs"]);
    let stdout = run.ok();
    assert_eq!(stdout.lines().count(), 27, "{}", run.describe());
    let line = stdout
        .lines()
        .find(|l| l.contains("吕政办发〔2022〕16号"))
        .unwrap_or_else(|| panic!("吕政办发〔2022〕16号 not listed:\n{}", run.describe()));
    assert!(
        line.contains("吕梁市人民政府办公室关于印发吕梁市氢能产业发展2022年行动计划的通知"),
        "{line}"
    );
    assert!(line.contains("50"), "{line}");
}

// ---------------------------------------------------------------------------
// build

#[test]
fn build_writes_the_index_and_reports_27_documents() {
    let index = gazette();
    let file = index.dir().join("zhsearch-index.bin");
    let bytes = packed(&file);
    assert!(
        bytes.starts_with(b"ZHSEARCH"),
        "{} is not an index",
        file.display()
    );
    let stderr = &index.0.build_stderr;
    assert!(
        stderr.contains("indexed 27 documents"),
        "build stderr: {stderr}"
    );
    assert!(
        stderr.contains(&index.dir().display().to_string()),
        "build stderr names the folder: {stderr}"
    );
    let kb = std::fs::metadata(&file).unwrap().len().div_ceil(1024);
    assert!(
        stderr.contains(&format!("(one index file, {kb} KB gzip)")),
        "build stderr: {stderr}"
    );
}

// ---------------------------------------------------------------------------
// search

#[test]
fn search_json_shape_and_highlights() {
    let index = gazette();
    let value = search_json(index.dir(), "氢能", None);
    assert_eq!(value["query"], "氢能");
    let hits = results(&value);
    assert!(!hits.is_empty(), "{value}");
    assert!(total(&value) >= hits.len() as u64, "{value}");

    let object = value.as_object().unwrap();
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["facets", "partial", "query", "results", "total"],
        "{value}"
    );
    assert_eq!(value["partial"], false, "氢能 matches in full");

    for hit in hits {
        for field in ["doc_number", "title", "issuer", "date", "snippet", "url"] {
            assert!(hit[field].is_string(), "{field} is not a string in {hit}");
        }
        for field in ["id", "page"] {
            assert!(hit[field].is_u64(), "{field} is not an integer in {hit}");
        }
        assert!(
            hit["score"].as_f64().is_some_and(|s| s > 0.0),
            "score in {hit}"
        );
        let cuts = cut_utf16(hit["snippet"].as_str().unwrap(), &hit["highlights"]);
        assert!(!cuts.is_empty(), "no highlights in {hit}");
        for cut in cuts {
            assert_eq!(cut, "氢能", "a highlight in {hit}");
        }
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "scores descend: {scores:?}"
    );

    let first = &hits[0];
    assert_eq!(first["doc_number"], "吕政办发〔2022〕16号", "{value}");
    assert_eq!(first["page"], 50);
    assert_eq!(first["issuer"], "吕梁市人民政府办公室");
    assert_eq!(first["date"], "2022-04-22");
    assert!(first["title"].as_str().unwrap().contains("氢能"));
    // 氢 and 能 are in the BMP: one UTF-16 unit each.
    for [s, e] in first["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| [r[0].as_u64().unwrap(), r[1].as_u64().unwrap()])
    {
        assert_eq!(e - s, 2, "{first}");
    }
}

/// (query, the 文号 of the first result)
const FIRST_RESULT: &[(&str, &str)] = &[
    ("氢能", "吕政办发〔2022〕16号"),
    ("护工", "吕政办发〔2022〕30号"),
    ("吕政办发〔2022〕15号", "吕政办发〔2022〕15号"),
    ("吕政办发[2022]15号", "吕政办发〔2022〕15号"),
    ("吕政办发(2022)15号", "吕政办发〔2022〕15号"),
    ("吕政办发2022年15号", "吕政办发〔2022〕15号"),
    ("吕政办发（2022）15号", "吕政办发〔2022〕15号"),
    ("吕政函〔2022〕14号", "吕政函〔2022〕14号"),
    ("吕政办函〔2022〕14号", "吕政办函〔2022〕14号"),
    ("BS-04-01", "吕政函〔2022〕13号"),
    ("ＢＳ－０４－０１", "吕政函〔2022〕13号"),
    ("bs-04-01", "吕政函〔2022〕13号"),
    ("N-11-02", "吕政函〔2022〕14号"),
    ("5G", "吕政办发〔2022〕22号"),
];

#[test]
fn queries_find_the_expected_first_document() {
    let index = gazette();
    let mut failures = Vec::new();
    for &(query, expected) in FIRST_RESULT {
        let value = search_json(index.dir(), query, None);
        let hits = results(&value);
        let first = hits.first().and_then(|h| h["doc_number"].as_str());
        if first != Some(expected) {
            let got: Vec<&str> = hits
                .iter()
                .filter_map(|h| h["doc_number"].as_str())
                .collect();
            failures.push(format!("{query}: expected {expected} first, got {got:?}"));
        }
        assert_eq!(value["query"], query);
        assert!(total(&value) >= hits.len() as u64, "{query}: {value}");
        assert!(
            hits.len() <= 10,
            "{query}: the default limit is 10: {value}"
        );
        for hit in hits {
            cut_utf16(hit["snippet"].as_str().unwrap(), &hit["highlights"]);
        }
    }
    assert!(
        failures.is_empty(),
        "wrong first results:\n{}",
        failures.join("\n")
    );
}

#[test]
fn limit_one_returns_one_result_and_the_full_total() {
    let index = gazette();
    let mut failures = Vec::new();
    for &(query, expected) in FIRST_RESULT {
        let all = search_json(index.dir(), query, None);
        let one = search_json(index.dir(), query, Some(1));
        let hits = results(&one);
        if hits.len() != 1 || hits[0]["doc_number"] != expected {
            failures.push(format!("{query} --limit 1: {one}"));
        }
        if total(&one) != total(&all) {
            failures.push(format!(
                "{query}: total {} with --limit 1, {} without",
                total(&one),
                total(&all)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Queries found in several documents: the total counts them all.
    for (query, at_least) in [("氢能", 3), ("护工", 2)] {
        let one = search_json(index.dir(), query, Some(1));
        assert_eq!(results(&one).len(), 1, "{one}");
        assert!(
            total(&one) >= at_least,
            "{query}: total should be at least {at_least}: {one}"
        );
    }

    let none = search_json(index.dir(), "氢能", Some(0));
    assert!(results(&none).is_empty(), "--limit 0: {none}");
    assert!(total(&none) >= 3, "--limit 0 still counts: {none}");
}

#[test]
fn human_search_output_has_number_title_and_marks() {
    let index = gazette();
    let run = zhsearch(&[
        Path::new("search"),
        Path::new("--index"),
        index.dir(),
        Path::new("氢能"),
    ]);
    let stdout = run.ok();
    assert!(
        stdout.contains("documents match \"氢能\""),
        "{}",
        run.describe()
    );
    let first = stdout
        .lines()
        .find(|l| l.starts_with("1. "))
        .unwrap_or_else(|| panic!("no first result:\n{}", run.describe()));
    assert!(first.contains("吕政办发〔2022〕16号"), "{first}");
    assert!(
        first.contains("吕梁市人民政府办公室关于印发吕梁市氢能产业发展2022年行动计划的通知"),
        "{first}"
    );
    // Not a terminal: matches are marked with 【】, not ANSI colours.
    assert!(stdout.contains("【氢能】"), "{}", run.describe());
    assert!(
        !stdout.contains('\x1b'),
        "no colours when piped:\n{}",
        run.describe()
    );
}

#[test]
fn search_accepts_the_index_file_itself() {
    let index = gazette();
    let file = index.dir().join("zhsearch-index.bin");
    let value = search_json(&file, "护工", Some(1));
    assert_eq!(
        results(&value)[0]["doc_number"],
        "吕政办发〔2022〕30号",
        "{value}"
    );
}

// ---------------------------------------------------------------------------
// Errors in the sources

/// `build PATH --out DIR` fails as an input error mentioning `needles`, and
/// leaves no output directory behind.
fn assert_build_fails(tmp: &TempDir, source: &Path, needles: &[&str]) {
    let out = tmp.join("out");
    let run = zhsearch(&[Path::new("build"), source, Path::new("--out"), &out]);
    assert_input_error(&run, needles);
    assert!(
        !out.exists(),
        "a failed build should not create {}",
        out.display()
    );
}

#[test]
fn build_missing_path() {
    let tmp = TempDir::new("missing-path");
    let missing = tmp.join("no-such-folder");
    let name = missing.display().to_string();
    assert_build_fails(&tmp, &missing, &[&name, "no such file or directory"]);
}

#[test]
fn build_empty_folder() {
    let tmp = TempDir::new("empty-folder");
    let folder = tmp.join("empty");
    std::fs::create_dir(&folder).unwrap();
    let name = folder.display().to_string();
    assert_build_fails(&tmp, &folder, &[&name, "no documents to index"]);
}

#[test]
fn build_folder_without_text_files() {
    let tmp = TempDir::new("no-text-files");
    let folder = tmp.join("pdfs");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("gazette.pdf"), b"%PDF-1.7\n").unwrap();
    let name = folder.display().to_string();
    assert_build_fails(&tmp, &folder, &[&name, "no documents to index"]);
}

#[test]
fn build_file_not_utf8() {
    let tmp = TempDir::new("not-utf8");
    let folder = tmp.join("src");
    std::fs::create_dir(&folder).unwrap();
    // A UTF-16LE BOM, then a lone surrogate: undecodable.
    std::fs::write(folder.join("x.txt"), b"\xff\xfe\x00\xd8").unwrap();
    assert_build_fails(&tmp, &folder, &["x.txt", "UTF-8"]);
    // The file given directly, and to `docs`: the same message.
    assert_build_fails(&tmp, &folder.join("x.txt"), &["x.txt", "UTF-8"]);
    let run = zhsearch(&[Path::new("docs"), &folder]);
    assert_input_error(&run, &["x.txt", "UTF-8"]);
}

#[test]
fn build_undecodable_after_valid_lines_locates_the_byte() {
    let tmp = TempDir::new("not-gbk-later");
    let file = tmp.join("gbk.html");
    // A page that declares GBK: 通知 in GBK (0xCD 0xA8 0xD6 0xAA) on line 2,
    // then 0xFF, which no GBK character starts with.
    let mut bytes = b"<meta charset=gbk>\n".to_vec();
    bytes.extend_from_slice(b"\xcd\xa8\xd6\xaa\xff\xff\n");
    std::fs::write(&file, bytes).unwrap();
    assert_build_fails(&tmp, &file, &["gbk.html", "GBK", "line 2", "byte 23"]);
}

#[test]
fn build_empty_text_file() {
    let tmp = TempDir::new("empty-file");
    let folder = tmp.join("src");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("e.txt"), b"").unwrap();
    assert_build_fails(&tmp, &folder, &["e.txt", "empty"]);
}

// ---------------------------------------------------------------------------
// Errors in the index

/// The packed index in a `zhsearch-index.bin` (gzip) written with `--layout single`.
fn packed(file: &Path) -> Vec<u8> {
    let gz = std::fs::read(file).expect("the index file");
    zhsearch::index::chunk::gunzip(&gz).expect("the index file is gzip")
}

/// A copy of the gazette index, packed as one plain `zhsearch.idx`, in a
/// directory of its own, changed by `damage`.
fn damaged_copy(
    index: &GazetteHandle,
    tmp: &TempDir,
    damage: impl FnOnce(&mut Vec<u8>),
) -> PathBuf {
    let mut bytes = packed(&index.dir().join("zhsearch-index.bin"));
    damage(&mut bytes);
    let dir = tmp.join("index");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("zhsearch.idx"), bytes).unwrap();
    dir
}

fn search_fails(index: &Path, needles: &[&str]) {
    let run = zhsearch(&[
        Path::new("search"),
        Path::new("--index"),
        index,
        Path::new("氢能"),
    ]);
    let name = index.display().to_string();
    let mut all = vec![name.as_str()];
    all.extend_from_slice(needles);
    assert_input_error(&run, &all);
}

#[test]
fn search_damaged_index() {
    let index = gazette();
    let tmp = TempDir::new("damaged");
    let dir = damaged_copy(&index, &tmp, |bytes| {
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0xff;
    });
    search_fails(&dir, &["damaged", "rebuild"]);
    search_fails(&dir.join("zhsearch.idx"), &["damaged", "rebuild"]);
}

#[test]
fn search_truncated_index() {
    let index = gazette();
    let tmp = TempDir::new("truncated");
    let dir = damaged_copy(&index, &tmp, |bytes| bytes.truncate(bytes.len() / 2));
    search_fails(&dir, &["rebuild"]);
    let run = zhsearch(&[
        Path::new("search"),
        Path::new("--index"),
        &dir,
        Path::new("氢能"),
    ]);
    assert!(
        run.stderr.contains("damaged") || run.stderr.contains("truncated"),
        "{}",
        run.describe()
    );

    // Cut inside the header: reported as truncated.
    let tmp = TempDir::new("truncated-header");
    let dir = damaged_copy(&index, &tmp, |bytes| bytes.truncate(12));
    search_fails(&dir, &["truncated", "rebuild"]);
}

#[test]
fn search_file_that_is_not_an_index() {
    let tmp = TempDir::new("not-an-index");
    let file = tmp.join("zhsearch.idx");
    std::fs::write(&file, "这不是索引\n").unwrap();
    search_fails(&file, &["not a zhsearch index", "rebuild"]);
    search_fails(tmp.path(), &["not a zhsearch index", "rebuild"]);
}

#[test]
fn search_index_dir_without_the_file() {
    let tmp = TempDir::new("no-index-file");
    let run = zhsearch(&[
        Path::new("search"),
        Path::new("--index"),
        tmp.path(),
        Path::new("氢能"),
    ]);
    let dir = tmp.path().display().to_string();
    assert_input_error(&run, &[&dir, "no zhsearch index", "zhsearch build"]);
}

// ---------------------------------------------------------------------------
// Usage errors

#[test]
fn search_without_index() {
    assert_usage_error(&zhsearch(&["search", "氢能"]), &["--index"]);
}

#[test]
fn search_without_query() {
    assert_usage_error(&zhsearch(&["search", "--index", "index"]), &["QUERY"]);
}

#[test]
fn build_without_out() {
    assert_usage_error(&zhsearch(&["build", "index"]), &["--out"]);
}

#[test]
fn unknown_option() {
    assert_usage_error(
        &zhsearch(&["search", "--index", "x", "--frobnicate", "氢能"]),
        &["--frobnicate"],
    );
    assert_usage_error(&zhsearch(&["build", "--json", "--out", "x"]), &["--json"]);
}

#[test]
fn option_without_value_or_bad_number() {
    assert_usage_error(&zhsearch(&["search", "氢能", "--index"]), &["--index"]);
    assert_usage_error(
        &zhsearch(&["search", "--index", "x", "--limit", "ten", "氢能"]),
        &["--limit", "ten"],
    );
}

#[test]
fn unknown_command() {
    assert_usage_error(&zhsearch(&["frobnicate"]), &["frobnicate"]);
}

#[test]
fn no_command() {
    assert_usage_error(&zhsearch::<&str>(&[]), &[]);
}

#[test]
fn help_and_version() {
    let run = zhsearch(&["--help"]);
    let stdout = run.ok();
    for command in ["zhsearch build", "zhsearch search", "zhsearch docs"] {
        assert!(
            stdout.contains(command),
            "--help lists {command}:\n{}",
            run.describe()
        );
    }
    let run = zhsearch(&["--version"]);
    assert!(run.ok().contains("index format 2"), "{}", run.describe());
}

// ---------------------------------------------------------------------------
// Hostile input (issue 8)

/// `std::env::args` panicked (exit 101) on an argument that is not UTF-8.
/// Paths may be any bytes the OS allows; a query or a command must be text.
#[test]
#[cfg(unix)]
fn non_utf8_argument_is_an_error_not_a_panic() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let bad = OsStr::from_bytes(b"\xff\xfe\xb0\xb2");
    let index = gazette();
    let dir = index.dir().as_os_str();
    // A query, a command, an option's value.
    let run = zhsearch(&[OsStr::new("search"), OsStr::new("--index"), dir, bad]);
    assert_usage_error(&run, &["query", "UTF-8"]);
    let run = zhsearch(&[
        OsStr::new("search"),
        OsStr::new("--index"),
        dir,
        OsStr::new("氢能"),
        bad,
    ]);
    assert_usage_error(&run, &["query", "UTF-8"]);
    assert_usage_error(&zhsearch(&[bad]), &["command", "UTF-8"]);
    let run = zhsearch(&[
        OsStr::new("search"),
        OsStr::new("--index"),
        dir,
        OsStr::new("--limit"),
        bad,
        OsStr::new("氢能"),
    ]);
    assert_usage_error(&run, &["--limit", "UTF-8"]);

    // A path that is not UTF-8 is a path like any other.
    let tmp = TempDir::new("non-utf8-path");
    let mut name = b"\xff\xfe-".to_vec();
    name.extend_from_slice("氢能.md".as_bytes());
    let file = tmp.path().join(OsStr::from_bytes(&name));
    if std::fs::write(&file, "# 氢能产业\n\n加氢站建设。\n").is_err() {
        return; // a file system that only takes UTF-8 names
    }
    let run = zhsearch(&[OsStr::new("docs"), file.as_os_str()]);
    assert!(run.ok().contains("氢能产业"), "{}", run.describe());
    let missing = tmp.path().join(OsStr::from_bytes(b"\xffmissing"));
    let run = zhsearch(&[
        OsStr::new("search"),
        OsStr::new("--index"),
        missing.as_os_str(),
        OsStr::new("氢能"),
    ]);
    assert_input_error(&run, &["missing", "zhsearch build"]);
}

/// `--` was reported as "unknown option --": a query starting with `-`
/// could not be given.
#[test]
fn double_dash_ends_options() {
    let index = gazette();
    let dir = index.dir().display().to_string();
    let plain = search_json(index.dir(), "氢能", Some(3));
    let run = zhsearch(&[
        "search", "--index", &dir, "--json", "--limit", "3", "--", "氢能",
    ]);
    let after: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(after, plain, "`-- 氢能` searches for 氢能");
    // Whatever follows `--` is the query, options included.
    for query in ["-foo", "--limit", "--json", "--"] {
        let run = zhsearch(&["search", "--index", &dir, "--json", "--", query]);
        let value: Value = serde_json::from_str(run.ok())
            .unwrap_or_else(|e| panic!("{query}: not JSON ({e}):\n{}", run.describe()));
        assert_eq!(value["query"], query, "{}", run.describe());
    }
    let run = zhsearch(&["search", "--index", &dir, "--", "-foo", "--bar"]);
    assert!(
        run.ok().contains("documents match \"-foo --bar\""),
        "{}",
        run.describe()
    );
    // `--` with nothing after it is no query.
    assert_usage_error(&zhsearch(&["search", "--index", &dir, "--"]), &["QUERY"]);
}

/// True for what a terminal acts on: C0 but newline and tab, DEL, C1.
fn is_terminal_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

fn assert_no_terminal_controls(run: &Run, what: &str) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        if let Some(c) = text.chars().find(|&c| is_terminal_control(c)) {
            panic!(
                "{what}: {stream} holds the raw control character {c:?}:\n{}",
                run.describe()
            );
        }
    }
}

/// A document holding ESC, BEL and C1 characters had them printed raw by
/// `docs` and `search`: it could clear the screen, retitle the window or
/// hide text on the reader's terminal.
#[test]
fn control_characters_are_escaped_on_output() {
    let tmp = TempDir::new("control-chars");
    let src = tmp.join("src");
    std::fs::create_dir(&src).unwrap();
    let hostile = "# 氢能\x1b]0;pwned\x07产业\x1b[2J规划\u{9b}31m\n\n\
                   加氢站\x1b[8m隐藏\x1b[0m建设，氢能\r覆盖\x7f。\n";
    std::fs::write(src.join("evil\x1b[31m.md"), hostile).unwrap();
    std::fs::write(src.join("skip\x1b[2J.pdf"), "x").unwrap();

    let run = zhsearch(&[Path::new("docs"), &src]);
    run.ok();
    assert_no_terminal_controls(&run, "docs");
    assert!(run.stdout.contains("氢能"), "{}", run.describe());

    let run = zhsearch(&[Path::new("docs"), Path::new("--json"), &src]);
    run.ok();
    assert_no_terminal_controls(&run, "docs --json");
    let doc: Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    let title = doc["title"].as_str().unwrap();
    assert!(title.starts_with("氢能"), "{doc}");

    let out = tmp.join("out");
    let run = zhsearch(&[Path::new("build"), &src, Path::new("--out"), &out]);
    run.ok();
    for query in ["氢能", "加氢站", "隐藏"] {
        let run = zhsearch(&[
            Path::new("search"),
            Path::new("--index"),
            &out,
            Path::new(query),
        ]);
        run.ok();
        assert_no_terminal_controls(&run, query);
        assert!(
            run.stdout.starts_with("1 documents match"),
            "{}",
            run.describe()
        );
        let run = zhsearch(&[
            Path::new("search"),
            Path::new("--index"),
            &out,
            Path::new("--json"),
            Path::new(query),
        ]);
        run.ok();
        assert_no_terminal_controls(&run, query);
        let value: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(total(&value), 1, "{value}");
    }
    // A query holding control characters is shown escaped too.
    let run = zhsearch(&[
        Path::new("search"),
        Path::new("--index"),
        &out,
        Path::new("氢能\x1b[2J"),
    ]);
    run.ok();
    assert_no_terminal_controls(&run, "a query with ESC");
}

/// 40,000 characters took 4.9 s: now only the first `Query::MAX_CHARS` are
/// read, with a note on stderr. (Time is not asserted: machines are noisy;
/// the bound is tested on the parsed query in `src/search/query.rs`.)
#[test]
fn long_query_is_truncated_with_a_note() {
    let index = gazette();
    let long = "安全生产".repeat(10_000);
    let run = zhsearch(&[
        Path::new("search"),
        Path::new("--index"),
        index.dir(),
        Path::new("--json"),
        Path::new(&long),
    ]);
    let value: Value = serde_json::from_str(run.ok()).unwrap();
    assert!(run.stderr.contains("too long"), "{}", run.describe());
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.describe());
    assert!(value["results"].is_array(), "{value}");
}
