//! Built HTML pages into documents, with a real parser (scraper/html5ever).
//!
//! * **Title:** `<meta name="ArticleTitle">` (Chinese government sites carry
//!   it), else the first `<h1>` of the content, else of the page, else `<title>`.
//! * **Content:** the element marked `data-zhsearch-body` (or Pagefind's
//!   `data-pagefind-body`), else `<main>`, else `<article>`, else `<body>`.
//!   Inside it, `nav`, `header`, `footer`, `aside`, `script`, `style`,
//!   `noscript`, `template` (and a few other non-text elements) and anything
//!   marked `data-zhsearch-ignore` / `data-pagefind-ignore` are dropped. Block
//!   elements end a paragraph: one paragraph per line, as for other sources.
//! * **Metadata:** `<meta name="PubDate">` → date (ISO), `ContentSource` →
//!   issuer, `ColumnName` → category; `data-zhsearch-meta="key:value"` (or
//!   `data-pagefind-meta`) → meta; `data-zhsearch-filter` /
//!   `data-pagefind-filter` → filters; `data-pagefind-sort` /
//!   `data-zhsearch-sort` → meta under `sort:KEY`. A value may be given
//!   (`key:value`), taken from an attribute (`key[src]`) or, with a bare key,
//!   be the element's text; several pairs are separated by commas.

use scraper::{ElementRef, Html, Node};

/// What a page holds, before the source layer makes it a [`super::Document`].
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Page {
    pub title: String,
    /// One paragraph per line.
    pub body: String,
    pub date: String,
    pub issuer: String,
    pub category: String,
    pub meta: Vec<(String, String)>,
    pub filters: Vec<(String, String)>,
}

/// Elements whose content is never page text.
const DROP: &[&str] = &[
    "nav", "header", "footer", "aside", "script", "style", "noscript", "template", "head",
    "iframe", "object", "svg", "canvas", "select", "button", "form",
];

/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "ul",
    "body",
    "center",
];

const BODY_ATTRS: &[&str] = &["data-zhsearch-body", "data-pagefind-body"];
const IGNORE_ATTRS: &[&str] = &["data-zhsearch-ignore", "data-pagefind-ignore"];
const META_ATTRS: &[&str] = &["data-zhsearch-meta", "data-pagefind-meta"];
const FILTER_ATTRS: &[&str] = &["data-zhsearch-filter", "data-pagefind-filter"];
const SORT_ATTRS: &[&str] = &["data-zhsearch-sort", "data-pagefind-sort"];

/// Parses one page.
pub fn page(source: &str) -> Page {
    let html = Html::parse_document(source);
    let root = html.root_element();
    let elements: Vec<ElementRef> = std::iter::once(root)
        .chain(root.descendent_elements())
        .collect();

    let content = elements
        .iter()
        .find(|e| BODY_ATTRS.iter().any(|a| e.value().attr(a).is_some()))
        .or_else(|| elements.iter().find(|e| e.value().name() == "main"))
        .or_else(|| elements.iter().find(|e| e.value().name() == "article"))
        .or_else(|| elements.iter().find(|e| e.value().name() == "body"))
        .copied()
        .unwrap_or(root);

    let mut page = Page::default();
    let mut text = String::new();
    walk(content, &mut text, true);
    page.body = paragraphs(&text);

    let mut article_title = None;
    let mut page_title = None;
    for e in &elements {
        let el = e.value();
        match el.name() {
            "meta" => {
                let name = el.attr("name").unwrap_or_default();
                let value = squeeze(el.attr("content").unwrap_or_default());
                if value.is_empty() {
                    continue;
                }
                if name.eq_ignore_ascii_case("ArticleTitle") {
                    article_title.get_or_insert(value);
                } else if name.eq_ignore_ascii_case("PubDate") {
                    if let Some(date) = iso_date(&value) {
                        page.date = date;
                    }
                } else if name.eq_ignore_ascii_case("ContentSource") {
                    page.issuer = value;
                } else if name.eq_ignore_ascii_case("ColumnName") {
                    page.category = value;
                }
            }
            "title" if page_title.is_none() => {
                let t = squeeze(&e.text().collect::<String>());
                if !t.is_empty() {
                    page_title = Some(t);
                }
            }
            _ => {}
        }
        for (attrs, prefix, into_filters) in [
            (META_ATTRS, "", false),
            (FILTER_ATTRS, "", true),
            (SORT_ATTRS, "sort:", false),
        ] {
            for attr in attrs {
                if let Some(spec) = el.attr(attr) {
                    for (k, v) in pairs(spec, e) {
                        let target = if into_filters {
                            &mut page.filters
                        } else {
                            &mut page.meta
                        };
                        target.push((format!("{prefix}{k}"), v));
                    }
                }
            }
        }
    }
    // An <h1> in a dropped part (the site's name in a header) is no title.
    let dropped = |e: &ElementRef| {
        ignored(e)
            || e.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| ignored(&a) || (DROP.contains(&a.value().name()) && a != content))
    };
    let h1 = |scope: ElementRef| {
        scope
            .descendent_elements()
            .filter(|e| e.value().name() == "h1" && !dropped(e))
            .map(|e| squeeze(&e.text().collect::<String>()))
            .find(|t| !t.is_empty())
    };
    page.title = article_title
        .or_else(|| h1(content))
        .or_else(|| h1(root))
        .or(page_title)
        .unwrap_or_default();
    page
}

fn ignored(e: &ElementRef) -> bool {
    let el = e.value();
    IGNORE_ATTRS.iter().any(|a| el.attr(a).is_some())
}

/// Appends the text under `e`, with `\n` where a block starts or ends.
fn walk(e: ElementRef, out: &mut String, is_root: bool) {
    let el = e.value();
    let name = el.name();
    if !is_root && (DROP.contains(&name) || ignored(&e)) {
        return;
    }
    let block = BLOCK.contains(&name);
    if block {
        out.push('\n');
    }
    let pre = name == "pre";
    for child in e.children() {
        match child.value() {
            Node::Text(t) => {
                if pre {
                    out.push_str(t);
                } else {
                    out.push_str(&t.replace(['\n', '\r', '\t'], " "));
                }
            }
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    let cell = matches!(child.value().name(), "td" | "th");
                    walk(child, out, false);
                    if cell {
                        out.push('\t');
                    }
                }
            }
            _ => {}
        }
    }
    if block {
        out.push('\n');
    }
}

/// Lines trimmed, whitespace runs squeezed, empty lines dropped; table
/// cells (ended by a tab) joined with ` | `, as gazette tables are.
fn paragraphs(text: &str) -> String {
    text.lines()
        .map(|line| {
            line.split('\t')
                .map(squeeze)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whitespace runs (including NBSP and the ideographic space) become one
/// space, or none next to a CJK character; trimmed.
pub(super) fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for piece in s.split(char::is_whitespace).filter(|p| !p.is_empty()) {
        if let (Some(prev), Some(next)) = (out.chars().next_back(), piece.chars().next()) {
            if !(is_wide(prev) || is_wide(next)) {
                out.push(' ');
            }
        }
        out.push_str(piece);
    }
    out
}

/// CJK ideographs and full-width punctuation: no space belongs next to them.
fn is_wide(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

/// `key:value, key2:value2`, `key[attr]`, or `key` (the element's text).
fn pairs(spec: &str, e: &ElementRef) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (key, value) = if let Some((k, v)) = part.split_once(':') {
            (k.trim().to_string(), v.trim().to_string())
        } else if let (Some(open), true) = (part.find('['), part.ends_with(']')) {
            let attr = &part[open + 1..part.len() - 1];
            (
                part[..open].trim().to_string(),
                e.value().attr(attr).unwrap_or_default().to_string(),
            )
        } else {
            (part.to_string(), squeeze(&e.text().collect::<String>()))
        };
        if !key.is_empty() && !value.is_empty() {
            out.push((key, squeeze(&value)));
        }
    }
    out
}

/// `2022-05-07 10:00:00`, `2022/5/7`, `2022年5月7日` → `2022-05-07`.
pub fn iso_date(s: &str) -> Option<String> {
    let digits: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .take(3)
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect();
    match digits[..] {
        [y, m, d]
            if (1000..=2999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d) =>
        {
            Some(format!("{y:04}-{m:02}-{d:02}"))
        }
        [y, m] if (1000..=2999).contains(&y) && (1..=12).contains(&m) => {
            Some(format!("{y:04}-{m:02}"))
        }
        [y] if (1000..=2999).contains(&y) && s.trim().len() == 4 => Some(format!("{y:04}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOISY: &str = r#"<!doctype html><html lang="zh-CN"><head>
<meta charset="utf-8"><title>通知 - 吕梁市人民政府</title>
<meta name="ArticleTitle" content="吕梁市人民政府关于做好春季森林防火工作的通知">
<meta name="PubDate" content="2022-05-07 10:30">
<meta name="ContentSource" content="吕梁市人民政府办公室">
<style>body { color: red }</style><script>var x = "脚本";</script>
</head><body>
<header><h1>吕梁市人民政府门户网站</h1></header>
<nav><a href="/">首页</a><a href="/zwgk">政务公开</a></nav>
<main>
<h2>春季森林防火</h2>
<p>各县（市、区）人民政府：</p><p>为切实做好<b>春季</b>森林防火工作，
现通知如下。</p>
<div class="share" data-zhsearch-ignore>分享到微信</div>
<ul><li>一、严格落实责任</li><li>二、加强宣传</li></ul>
<table><tr><td>单位</td><td>电话</td></tr></table>
<span data-pagefind-filter="文种:通知" data-zhsearch-meta="责任单位:市应急局"></span>
<span data-pagefind-sort="weight:3"></span>
<p data-pagefind-meta="作者">张三</p>
</main>
<aside>相关链接</aside><footer>版权所有 吕梁市人民政府</footer>
</body></html>"#;

    #[test]
    fn noisy_page_keeps_title_content_and_metadata() {
        let p = page(NOISY);
        assert_eq!(p.title, "吕梁市人民政府关于做好春季森林防火工作的通知");
        assert_eq!(p.date, "2022-05-07");
        assert_eq!(p.issuer, "吕梁市人民政府办公室");
        assert_eq!(
            p.body,
            "春季森林防火\n各县（市、区）人民政府：\n为切实做好春季森林防火工作，现通知如下。\n\
             一、严格落实责任\n二、加强宣传\n单位 | 电话\n张三"
        );
        for noise in [
            "首页",
            "门户网站",
            "脚本",
            "color",
            "分享",
            "相关链接",
            "版权",
        ] {
            assert!(!p.body.contains(noise), "{noise} in {:?}", p.body);
        }
        assert_eq!(p.filters, [("文种".to_string(), "通知".to_string())]);
        assert_eq!(
            p.meta,
            [
                ("责任单位".to_string(), "市应急局".to_string()),
                ("sort:weight".to_string(), "3".to_string()),
                ("作者".to_string(), "张三".to_string()),
            ]
        );
    }

    #[test]
    fn title_and_content_fallbacks() {
        // (page, title, body)
        let cases = [
            (
                "<html><head><title>标题一</title></head><body><h1>大标题</h1><p>正文</p></body></html>",
                "大标题",
                "大标题\n正文",
            ),
            (
                "<html><head><title>只有标题</title></head><body>没有主体元素的正文<br>第二行</body></html>",
                "只有标题",
                "没有主体元素的正文\n第二行",
            ),
            (
                "<body><main>主内容</main><article>文章</article></body>",
                "",
                "主内容",
            ),
            (
                "<body><div>外面</div><article>文章 内容</article></body>",
                "",
                "文章内容",
            ),
            (
                "<body><main>主</main><section data-pagefind-body><h1>选中</h1>这里</section></body>",
                "选中",
                "选中\n这里",
            ),
            (
                "<head><title>页面标题</title></head><body><header><h1>网站名称</h1></header><div>正文</div></body>",
                "页面标题",
                "正文",
            ),
            (
                "<body><div data-zhsearch-body>A  b\n c<pre>x\n y</pre></div></body>",
                "",
                "A b c\nx\ny",
            ),
            ("", "", ""),
            ("<p>unclosed <b>bold <i>", "", "unclosed bold"),
        ];
        for (html, title, body) in cases {
            let p = page(html);
            assert_eq!((p.title.as_str(), p.body.as_str()), (title, body), "{html}");
        }
    }

    #[test]
    fn dates() {
        for (s, iso) in [
            ("2022-05-07", Some("2022-05-07")),
            ("2022/5/7 10:00", Some("2022-05-07")),
            ("2022年5月7日", Some("2022-05-07")),
            ("2022-13-01", None),
            ("昨天", None),
        ] {
            assert_eq!(iso_date(s).as_deref(), iso, "{s}");
        }
    }
}
