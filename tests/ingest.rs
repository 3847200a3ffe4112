//! The source side, end to end through the `zhsearch` binary: HTML sites,
//! encodings, front matter, JSON lines, gazette archives, bad files, link
//! loops, duplicates, hostile text. Fixtures live in `tests/fixtures/`; tests
//! that write get their own temp directory, removed when they end.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

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

    fn ok(&self) -> &str {
        assert_eq!(self.code, Some(0), "expected success:\n{}", self.describe());
        assert!(!self.stderr.contains("panicked"), "{}", self.describe());
        &self.stdout
    }

    fn failed(&self) -> &str {
        assert_eq!(self.code, Some(1), "expected exit 1:\n{}", self.describe());
        assert!(!self.stderr.contains("panicked"), "{}", self.describe());
        &self.stderr
    }

    /// `docs --json` output, one object per line.
    fn docs(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }
}

fn zhsearch<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_zhsearch"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CI")
        .output()
        .expect("running the zhsearch binary");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("zhsearch-ingest-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("creating a temp dir");
        TempDir(path)
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

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn search(index: &Path, query: &str) -> Value {
    let run = zhsearch(&[
        "search".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
        "--json".as_ref(),
        query.as_ref(),
    ]);
    serde_json::from_str(run.ok()).unwrap()
}

fn by_url<'a>(docs: &'a [Value], url: &str) -> &'a Value {
    docs.iter()
        .find(|d| d["url"] == url)
        .unwrap_or_else(|| panic!("no document with url {url}: {docs:?}"))
}

fn meta(doc: &Value, key: &str) -> Vec<String> {
    doc["meta"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p[0] == key)
        .map(|p| p[1].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------
// HTML sites

#[test]
fn html_site_documents_urls_and_metadata() {
    let site = fixture("site");
    let run = zhsearch(&[
        "docs".as_ref(),
        site.as_os_str(),
        "--json".as_ref(),
        "--keep-going".as_ref(),
    ]);
    run.ok();
    assert!(run.stderr.contains("broken.html"), "{}", run.describe());
    let docs = run.docs();
    // index, news/index, fire, gbk, no-main, and zhsearch/ (docs has no --out to exclude).
    assert_eq!(docs.len(), 6, "{}", run.describe());

    // (url, title, date, issuer, doc_number)
    let cases = [
        ("./", "测试市人民政府门户网站", "", "", ""),
        ("news/", "新闻中心", "", "", ""),
        (
            "news/2022/fire.html",
            "测试市人民政府关于做好春季森林防火工作的通知",
            "2022-03-02",
            "测试市人民政府办公室",
            "测政发〔2022〕7号",
        ),
        (
            "news/2022/gbk.html",
            "测试市水利局关于开展河湖清四乱专项行动的通知",
            "2022-04-15",
            "测试市水利局",
            "测水发〔2022〕12号",
        ),
        (
            "news/no-main.html",
            "测试市森林防火指挥部办公室值班电话",
            "",
            "",
            "",
        ),
    ];
    for (url, title, date, issuer, number) in cases {
        let d = by_url(&docs, url);
        assert_eq!(d["title"], title, "{d}");
        assert_eq!(d["date"], date, "{d}");
        assert_eq!(d["issuer"], issuer, "{d}");
        assert_eq!(d["doc_number"], number, "{d}");
    }
    let fire = by_url(&docs, "news/2022/fire.html");
    assert_eq!(fire["category"], "政府文件");
    assert_eq!(
        fire["filters"],
        serde_json::json!([["主题", "林业"], ["文种", "通知"]])
    );
    assert_eq!(meta(fire, "索引号"), ["11140000-2022-00007"]);
    assert_eq!(meta(fire, "sort:date"), ["2022-03-02"]);
}

#[test]
fn html_page_without_any_title_takes_its_first_line() {
    let dir = TempDir::new("untitled");
    let page = dir.join("p.html");
    std::fs::write(&page, "<div>第一行文字</div><div>第二行</div>").unwrap();
    let run = zhsearch(&["docs".as_ref(), page.as_os_str(), "--json".as_ref()]);
    run.ok();
    let docs = run.docs();
    assert_eq!(docs[0]["title"], "第一行文字");
    assert_eq!(docs[0]["url"], "p.html");
}

#[test]
fn html_site_bodies_drop_the_noise() {
    let dir = TempDir::new("noise");
    let run = zhsearch(&[
        "build".as_ref(),
        fixture("site").as_os_str(),
        "--out".as_ref(),
        dir.0.as_os_str(),
        "--keep-going".as_ref(),
    ]);
    run.ok();
    // Content is found …
    for (query, title) in [
        ("清四乱", "测试市水利局关于开展河湖清四乱专项行动的通知"),
        ("XS-07", "测试市人民政府关于做好春季森林防火工作的通知"),
        ("值班电话", "测试市森林防火指挥部办公室值班电话"),
    ] {
        let value = search(&dir.0, query);
        assert_eq!(value["results"][0]["title"], title, "{query}: {value}");
    }
    // … navigation, footers, scripts, styles, ignored parts are not.
    for noise in [
        "版权所有",
        "热点专题",
        "统计脚本",
        "页脚脚本",
        "分享到微信",
        "下一页",
        "float",
    ] {
        let value = search(&dir.0, noise);
        let titles: Vec<&Value> = value["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["title"])
            .collect();
        assert_eq!(value["total"], 0, "{noise} found in {titles:?}");
    }
}

#[test]
fn html_site_build_skips_its_output_and_lists_the_broken_page() {
    let dir = TempDir::new("site");
    let public = dir.join("public");
    copy_tree(&fixture("site"), &public);
    let out = public.join("zhsearch");
    let args = |keep: bool| {
        let mut a = vec![
            "build".to_string(),
            public.display().to_string(),
            "--out".to_string(),
            out.display().to_string(),
        ];
        if keep {
            a.push("--keep-going".into());
        }
        a
    };

    // Without --keep-going: every failure listed, exit 1, nothing written.
    let run = zhsearch(&args(false));
    let stderr = run.failed();
    assert!(
        stderr.contains("news/broken.html: not valid UTF-8, and not valid GBK"),
        "{stderr}"
    );
    assert!(stderr.contains("--keep-going"), "{stderr}");
    assert!(!out.join("index/zhsearch-index.bin").exists());

    // With it: exit 0, the summary still lists the failure, the skipped files are counted.
    let run = zhsearch(&args(true));
    run.ok();
    let stderr = &run.stderr;
    assert!(
        stderr.contains("zhsearch: 5 documents from 5 files"),
        "{stderr}"
    );
    assert!(stderr.contains("1 file could not be indexed"), "{stderr}");
    assert!(stderr.contains("broken.html"), "{stderr}");
    assert!(
        stderr.contains("4 not a document (by extension)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 inside an excluded folder (the output)"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("logo.png"),
        "skipped files are counted, not listed: {stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "no progress bar when not on a terminal: {stderr:?}"
    );
    assert!(out.join("index/zhsearch-index.bin").is_file());

    // Run again: the output folder (now holding the index too) is still skipped.
    let again = zhsearch(&args(true));
    again.ok();
    assert!(
        again.stderr.contains("zhsearch: 5 documents"),
        "{}",
        again.describe()
    );
    assert_eq!(search(&out, "上一次生成的搜索页面")["total"], 0);
}

// ---------------------------------------------------------------------------
// Encodings, front matter, JSON lines, bad files

#[test]
fn sources_in_every_encoding_and_format() {
    let run = zhsearch(&[
        "docs".as_ref(),
        fixture("sources").as_os_str(),
        "--json".as_ref(),
        "--keep-going".as_ref(),
    ]);
    run.ok();
    let docs = run.docs();
    let titles: Vec<&str> = docs.iter().map(|d| d["title"].as_str().unwrap()).collect();
    for title in [
        "测试市人民政府办公室关于做好汛期值班工作的通知", // GBK
        "测试市人民政府办公室关于加强夏季安全用电的通知", // UTF-16LE
        "测试市教育局关于做好暑期学生防溺水工作的通知",   // UTF-16BE
        "测试市卫生健康委员会关于开展爱国卫生月活动的通知", // UTF-8 with BOM
        "测试市森林防火条例",                             // front matter
        "测试市政务服务中心办事指南：不动产登记",         // JSON lines
        "测试市政务服务中心办事指南：营业执照",
    ] {
        assert!(titles.contains(&title), "{title} missing from {titles:?}");
    }
    let gbk = docs
        .iter()
        .find(|d| d["title"] == "测试市人民政府办公室关于做好汛期值班工作的通知")
        .unwrap();
    assert_eq!(gbk["doc_number"], "测政办发〔2022〕21号");

    let law = docs
        .iter()
        .find(|d| d["title"] == "测试市森林防火条例")
        .unwrap();
    assert_eq!(law["date"], "2021-09-28");
    assert_eq!(law["url"], "/laws/senlin-fanghuo/");
    assert_eq!(meta(law, "issuer"), ["测试市人民代表大会常务委员会"]);
    assert_eq!(meta(law, "weight"), ["10"]);
    assert_eq!(
        law["filters"],
        serde_json::json!([
            ["tags", "林业"],
            ["tags", "防火"],
            ["categories", "地方法规"],
            ["效力", "有效"]
        ])
    );
    let record = docs
        .iter()
        .find(|d| d["url"] == "/guide/budongchan.html")
        .unwrap();
    assert_eq!(record["date"], "2022-06-01");
    assert_eq!(meta(record, "部门"), ["测试市自然资源局"]);

    // Every failure is listed, not just the first.
    let stderr = &run.stderr;
    assert!(stderr.contains("2 files could not be indexed"), "{stderr}");
    assert!(stderr.contains("binary.txt: binary content"), "{stderr}");
    assert!(
        stderr.contains("records.jsonl:3: not valid JSON"),
        "{stderr}"
    );
}

#[test]
fn bad_files_fail_the_build_but_all_are_listed() {
    let dir = TempDir::new("bad");
    let run = zhsearch(&[
        "build".as_ref(),
        fixture("sources").as_os_str(),
        "--out".as_ref(),
        dir.join("out").as_os_str(),
    ]);
    let stderr = run.failed();
    assert!(stderr.contains("binary.txt"), "{stderr}");
    assert!(stderr.contains("records.jsonl:3"), "{stderr}");
    assert!(
        stderr
            .lines()
            .last()
            .unwrap()
            .starts_with("zhsearch: error: 2 files could not be indexed"),
        "{stderr}"
    );
    assert!(!dir.join("out").exists());
}

#[test]
fn control_characters_are_stripped() {
    let run = zhsearch(&[
        "docs".as_ref(),
        fixture("sources/controls.txt").as_os_str(),
        "--json".as_ref(),
    ]);
    let stdout = run.ok();
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
    let dir = TempDir::new("controls");
    zhsearch(&[
        "build".as_ref(),
        fixture("sources/controls.txt").as_os_str(),
        "--out".as_ref(),
        dir.0.as_os_str(),
    ])
    .ok();
    let value = search(&dir.0, "红色");
    let snippet = value["results"][0]["snippet"].as_str().unwrap().to_string();
    assert!(
        snippet.contains("红色") && !snippet.contains('\u{1b}'),
        "{snippet:?}"
    );
}

#[test]
fn huge_line_without_breaks() {
    let dir = TempDir::new("huge");
    let file = dir.join("huge.txt");
    // 3 MB of Chinese text with no line break (and no sentence end).
    let text = "吕梁市氢能产业发展行动计划".repeat(3 * 1024 * 1024 / 39);
    std::fs::write(&file, &text).unwrap();
    let started = Instant::now();
    let run = zhsearch(&["docs".as_ref(), file.as_os_str(), "--json".as_ref()]);
    let took = started.elapsed();
    let docs = run.docs();
    run.ok();
    assert!(took < Duration::from_secs(60), "took {took:?}");
    assert_eq!(docs.len(), 1);
    let title = docs[0]["title"].as_str().unwrap();
    assert!(
        title.chars().count() <= 101,
        "title of {} chars",
        title.chars().count()
    );
    assert_eq!(
        docs[0]["chars"].as_u64().unwrap() as usize,
        text.chars().count() + text.chars().count() / 10_000
    );
}

// ---------------------------------------------------------------------------
// Walking

#[cfg(unix)]
#[test]
fn symlink_loop_indexes_each_file_once() {
    let dir = TempDir::new("loop");
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("sub")).unwrap();
    std::fs::write(src.join("sub/a.txt"), "循环链接测试文件\n正文只有一份。").unwrap();
    std::os::unix::fs::symlink("..", src.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink("sub", src.join("again")).unwrap();
    let out = dir.join("out");
    let run = zhsearch(&[
        "build".as_ref(),
        src.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    run.ok();
    assert!(
        run.stderr.contains("zhsearch: 1 document from 1 file"),
        "{}",
        run.describe()
    );
    assert!(
        run.stderr.contains("already visited"),
        "the loop is reported: {}",
        run.describe()
    );
    assert_eq!(search(&out, "循环链接")["total"], 1);
}

#[test]
fn same_file_twice_is_one_document() {
    let dir = TempDir::new("twice");
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let file = src.join("a.txt");
    std::fs::write(&file, "重复路径测试文件\n正文。").unwrap();
    let run = zhsearch(&[
        "docs".as_ref(),
        src.as_os_str(),
        file.as_os_str(),
        file.as_os_str(),
        src.join("./a.txt").as_os_str(),
        "--json".as_ref(),
    ]);
    run.ok();
    assert_eq!(run.docs().len(), 1, "{}", run.describe());
}

// ---------------------------------------------------------------------------
// Gazette archives

#[test]
fn gazette_archive_of_two_issues() {
    let run = zhsearch(&[
        "docs".as_ref(),
        fixture("gazette-archive").as_os_str(),
        "--json".as_ref(),
    ]);
    run.ok();
    let docs = run.docs();
    let (ceshi, lvliang): (Vec<&Value>, Vec<&Value>) = docs
        .iter()
        .partition(|d| meta(d, "公报") == ["测试市人民政府公报"]);
    // The real issue with a 国令 entry added: 27 + 1, in TOC order.
    assert_eq!(lvliang.len(), 28, "{}", run.describe());
    for d in &lvliang {
        assert_eq!(meta(d, "公报"), ["吕梁市人民政府公报"], "{d}");
        assert_eq!(meta(d, "期"), ["2022年第3期"], "{d}");
    }
    assert_eq!(lvliang[0]["doc_number"], "国令第732号");
    assert_eq!(
        lvliang[0]["title"],
        "国务院关于修改和废止部分行政法规的决定"
    );
    assert_eq!(lvliang[0]["category"], "国务院文件");
    assert_eq!(lvliang[1]["doc_number"], "吕政发〔2022〕1号");
    assert_eq!(lvliang[27]["doc_number"], "吕政办函〔2022〕17号");

    // The synthetic issue: other numberings, and entries with none.
    let got: Vec<(&str, &str, &str)> = ceshi
        .iter()
        .map(|d| {
            (
                d["doc_number"].as_str().unwrap(),
                d["category"].as_str().unwrap(),
                d["title"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("主席令第十二号", "转发文件", "中华人民共和国主席令"),
            ("公告第3号", "转发文件", "测试市人民政府公告"),
            (
                "测政发〔2022〕7号",
                "市政府文件",
                "测试市人民政府关于做好春季森林防火工作的通知"
            ),
            ("", "人事任免", "测试市人民政府关于张三等同志职务任免的通知"),
            ("", "政策解读", "《测试市春季森林防火工作方案》政策解读"),
        ]
    );
    for d in &ceshi {
        assert_eq!(meta(d, "期"), ["2022年第4期"], "{d}");
        let body = d["chars"].as_u64().unwrap();
        assert!(body > 10, "{d}");
    }
}

#[test]
fn gazette_entry_that_cannot_be_placed_fails_naming_it() {
    let dir = TempDir::new("unplaced");
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let issue =
        std::fs::read_to_string(fixture("gazette-archive/ceshi-gazette-2022-04.txt")).unwrap();
    let broken = issue.replace(
        "人事任免\n",
        "人事任免\n\n测试市人民政府关于并不存在的文件的通知 ······ 4\n",
    );
    assert_ne!(broken, issue);
    std::fs::write(src.join("issue.txt"), broken).unwrap();
    std::fs::write(src.join("other.txt"), "另一个文件\n正文。").unwrap();
    let out = dir.join("out");
    let build = |keep: bool| {
        let mut args = vec![
            "build".as_ref(),
            src.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ];
        if keep {
            args.push("--keep-going".as_ref());
        }
        zhsearch(&args)
    };
    let run = build(false);
    let stderr = run.failed();
    assert!(stderr.contains("issue.txt"), "{stderr}");
    assert!(
        stderr.contains("测试市人民政府关于并不存在的文件的通知"),
        "{stderr}"
    );
    let run = build(true);
    run.ok();
    assert!(
        run.stderr.contains("1 document from 1 file"),
        "{}",
        run.describe()
    );
    assert!(run.stderr.contains("并不存在的文件"), "{}", run.describe());
}
