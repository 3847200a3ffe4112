//! JSON lines (`.jsonl`, `.ndjson`): one document per line.
//!
//! Each line is an object with `body` (or `content`) and usually `title`;
//! optional `url`, `date` (made ISO when it parses as a date), `doc_number`,
//! `issuer`, `category`. `tags` / `categories` and the keys of a `filters`
//! object become filters; every other scalar field becomes meta (in key order:
//! serde_json's map is sorted).
//! A line that is not such an object is a failure naming its line; blank
//! lines are allowed.

use serde_json::{Map, Value};

use super::Document;

/// One line's document, or why the line is not one (with its 1-based number).
pub fn records(text: &str) -> Vec<Result<Document, (usize, String)>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| record(line).map_err(|e| (i + 1, e)))
        .collect()
}

fn record(line: &str) -> Result<Document, String> {
    let value: Value = serde_json::from_str(line)
        .map_err(|e| format!("not valid JSON ({e}); write one JSON object per line"))?;
    let Value::Object(object) = value else {
        return Err("not a JSON object; write one {\"title\": …, \"body\": …} per line".into());
    };
    let mut doc = Document::default();
    let mut body = None;
    for (key, value) in object {
        match key.as_str() {
            "body" | "content" if body.is_none() => body = text(&value),
            "title" => doc.title = text(&value).unwrap_or_default(),
            "url" => doc.url = text(&value).unwrap_or_default(),
            "date" => {
                let d = text(&value).unwrap_or_default();
                doc.date = super::html::iso_date(&d).unwrap_or(d);
            }
            "doc_number" => doc.doc_number = text(&value).unwrap_or_default(),
            "issuer" => doc.issuer = text(&value).unwrap_or_default(),
            "category" => doc.category = text(&value).unwrap_or_default(),
            "tags" | "categories" => filters(&mut doc, &key, &value),
            "filters" => {
                if let Value::Object(map) = &value {
                    filter_map(&mut doc, map);
                }
            }
            _ => {
                if let Some(v) = text(&value) {
                    doc.meta.push((key, v));
                }
            }
        }
    }
    let body = body
        .filter(|b| !b.trim().is_empty())
        .ok_or("no \"body\" or \"content\" text; each record needs one".to_string())?;
    doc.body = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if doc.title.trim().is_empty() {
        doc.title = doc.body.lines().next().unwrap_or_default().to_string();
    }
    Ok(doc)
}

fn filter_map(doc: &mut Document, map: &Map<String, Value>) {
    for (k, v) in map {
        filters(doc, k, v);
    }
}

fn filters(doc: &mut Document, key: &str, value: &Value) {
    match value {
        Value::Array(items) => {
            for item in items {
                if let Some(v) = text(item) {
                    doc.filters.push((key.to_string(), v));
                }
            }
        }
        other => {
            if let Some(v) = text(other) {
                doc.filters.push((key.to_string(), v));
            }
        }
    }
}

/// A scalar as text; `None` for null, arrays and objects (arrays of scalars
/// are joined with `, `).
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter(|v| !v.is_array() && !v.is_object())
                .filter_map(text)
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Null | Value::Object(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_bad_lines() {
        let text = concat!(
            r#"{"title": "通知一", "body": "第一段\n第二段", "url": "/a/", "date": "2022/5/7", "作者": "张三", "weight": 3, "tags": ["通知", "安全"]}"#,
            "\n\n",
            r#"{"content": "没有标题的记录", "filters": {"文种": "公告"}}"#,
            "\n",
            "{not json}\n",
            "[1, 2]\n",
            r#"{"title": "空"}"#,
            "\n"
        );
        let out = records(text);
        assert_eq!(out.len(), 5);
        let first = out[0].as_ref().unwrap();
        assert_eq!(first.title, "通知一");
        assert_eq!(first.body, "第一段\n第二段");
        assert_eq!(first.url, "/a/");
        assert_eq!(first.date, "2022-05-07");
        assert_eq!(
            first.meta,
            [
                ("weight".to_string(), "3".to_string()),
                ("作者".to_string(), "张三".to_string())
            ]
        );
        assert_eq!(first.filters.len(), 2);
        let second = out[1].as_ref().unwrap();
        assert_eq!(second.title, "没有标题的记录");
        assert_eq!(second.filters, [("文种".to_string(), "公告".to_string())]);
        let lines: Vec<usize> = out
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| e.0)
            .collect();
        assert_eq!(lines, [4, 5, 6]);
        assert!(out[4].as_ref().unwrap_err().1.contains("body"));
    }
}
