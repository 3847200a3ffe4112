//! Markdown files: YAML front matter and the text.
//!
//! Front matter is read as the flat subset of YAML that static-site
//! generators write (`key: value`, quoted strings, `[a, b]` and `- item`
//! lists, one level of nesting under `filters:`); anything deeper is ignored,
//! never an error. What becomes what:
//!
//! * `title` → the title, `date` → the date (ISO), `url` (or `permalink`) →
//!   the url;
//! * `tags` and `categories` (a list or one value) → **filters** under that
//!   key, and every key under a `filters:` mapping → filters: these are the
//!   fields site generators already use to group pages, so they are facets;
//! * every other scalar field → **meta**, in order (a list of scalars is
//!   joined with `, `).

/// What the front matter says.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub meta: Vec<(String, String)>,
    pub filters: Vec<(String, String)>,
}

/// Splits a Markdown file into its front matter and the rest.
pub fn split_front_matter(text: &str) -> (FrontMatter, &str) {
    let text = text.trim_start_matches('\u{feff}');
    let Some(after) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (FrontMatter::default(), text);
    };
    // The closing `---` (or `...`) on a line of its own.
    let mut at = 0;
    for line in after.split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return (parse(&after[..at]), &after[at + line.len()..]);
        }
        at += line.len();
    }
    (FrontMatter::default(), text)
}

/// Parses the front matter's lines.
fn parse(yaml: &str) -> FrontMatter {
    let mut fm = FrontMatter::default();
    // (key, items) of a list being read as `- item` lines; `under_filters`.
    let mut open_list: Option<(String, bool)> = None;
    let mut in_filters = false;
    let mut fields: Vec<(String, Vec<String>, bool)> = Vec::new();
    for line in yaml.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let indented = line.starts_with(' ') || line.starts_with('\t');
        let t = line.trim();
        if let Some(item) = t.strip_prefix("- ").or_else(|| (t == "-").then_some("")) {
            if let Some((key, filt)) = &open_list {
                if let Some(last) = fields
                    .iter_mut()
                    .rev()
                    .find(|(k, _, f)| k == key && f == filt)
                {
                    let v = scalar(item);
                    if !v.is_empty() {
                        last.1.push(v);
                    }
                }
            }
            continue;
        }
        let Some((key, value)) = t.split_once(':') else {
            continue;
        };
        let key = unquote(key.trim());
        let value = value.trim();
        if !indented {
            in_filters = key == "filters";
            open_list = None;
            if in_filters {
                continue;
            }
        } else if !in_filters {
            continue; // nested mappings other than `filters:` are not read
        }
        let items = if value.starts_with('[') && value.ends_with(']') {
            value[1..value.len() - 1]
                .split(',')
                .map(scalar)
                .filter(|v| !v.is_empty())
                .collect()
        } else if value.is_empty() || value == "|" || value == ">" {
            open_list = Some((key.clone(), in_filters && indented));
            Vec::new()
        } else {
            vec![scalar(value)]
        };
        fields.push((key, items, in_filters && indented));
    }
    for (key, items, under_filters) in fields {
        if items.is_empty() {
            continue;
        }
        let one = || items.join(", ");
        match key.as_str() {
            _ if under_filters || key == "tags" || key == "categories" => {
                fm.filters
                    .extend(items.iter().map(|v| (key.clone(), v.clone())));
            }
            "title" => fm.title = Some(one()),
            "date" => fm.date = Some(super::html::iso_date(&one()).unwrap_or_else(one)),
            "url" | "permalink" => fm.url = Some(one()),
            _ => fm.meta.push((key.clone(), one())),
        }
    }
    fm
}

/// A YAML scalar without quotes, or an inline comment.
fn scalar(s: &str) -> String {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q) {
            return inner.split(q).next().unwrap_or_default().to_string();
        }
    }
    match s.find(" #") {
        Some(i) => s[..i].trim().to_string(),
        None => s.to_string(),
    }
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return s[1..s.len() - 1].to_string();
        }
    }
    s.to_string()
}

/// The text of a Markdown file, one paragraph per line: without its YAML
/// front matter, HTML comments (`<!-- INFO END -->`) and heading marks.
/// Markdown's line breaks are the author's, so they are kept, unlike a
/// PDF's.
pub fn markdown_text(text: &str) -> String {
    let (_, mut rest) = split_front_matter(text);
    let mut clean = String::with_capacity(rest.len());
    while let Some(open) = rest.find("<!--") {
        clean.push_str(&rest[..open]);
        rest = rest[open..]
            .find("-->")
            .map_or("", |close| &rest[open + close + 3..]);
    }
    clean.push_str(rest);
    let lines: Vec<&str> = clean
        .lines()
        .map(|l| l.trim().trim_start_matches('#').trim())
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn front_matter_fields() {
        let md = "---\ntitle: \"中华人民共和国刑法\"\ndate: 2023-12-29T10:00:00+08:00\n\
                  url: /laws/xingfa/\nweight: 10\ndraft: false\ntags: [刑法, 修正案]\n\
                  categories:\n  - 法律\n  - 刑事\nfilters:\n  效力: 有效\n  机关: [全国人大, 常委会]\n\
                  params:\n  nested: ignored\nissuer: '全国人民代表大会' # 发布机关\n---\n正文\n";
        let (fm, rest) = split_front_matter(md);
        assert_eq!(rest, "正文\n");
        assert_eq!(fm.title.as_deref(), Some("中华人民共和国刑法"));
        assert_eq!(fm.date.as_deref(), Some("2023-12-29"));
        assert_eq!(fm.url.as_deref(), Some("/laws/xingfa/"));
        assert_eq!(
            fm.meta,
            pairs(&[
                ("weight", "10"),
                ("draft", "false"),
                ("issuer", "全国人民代表大会")
            ])
        );
        assert_eq!(
            fm.filters,
            pairs(&[
                ("tags", "刑法"),
                ("tags", "修正案"),
                ("categories", "法律"),
                ("categories", "刑事"),
                ("效力", "有效"),
                ("机关", "全国人大"),
                ("机关", "常委会"),
            ])
        );
    }

    #[test]
    fn no_or_unclosed_front_matter() {
        for md in ["# 标题\n正文", "---\ntitle: x\n正文没有结束", ""] {
            let (fm, rest) = split_front_matter(md);
            assert_eq!(fm, FrontMatter::default(), "{md}");
            assert_eq!(rest, md);
        }
    }

    #[test]
    fn markdown_loses_front_matter_comments_and_heading_marks() {
        let md = "---\nbookCollapseSection: true\n---\n# 中华人民共和国刑法修正案（十二）\n\n\
                  2023年12月29日 通过\n\n<!-- INFO END -->\n\n一、在刑法第一百六十五条中\n";
        assert_eq!(
            markdown_text(md),
            "中华人民共和国刑法修正案（十二）\n2023年12月29日 通过\n一、在刑法第一百六十五条中"
        );
    }
}
