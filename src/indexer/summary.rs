//! What a build reports: a progress bar while it works (on a terminal only),
//! and a summary when it ends.

use std::collections::BTreeMap;
use std::fmt;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use super::source::{Corpus, Failure};

/// A progress bar on stderr, or nothing: quiet when stderr is not a terminal
/// or `CI` is set.
pub struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    /// A bar if stderr is a terminal and `CI` is unset, else a silent one.
    pub fn auto() -> Progress {
        if std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() {
            Progress::bar()
        } else {
            Progress::hidden()
        }
    }

    pub fn hidden() -> Progress {
        Progress(None)
    }

    fn bar() -> Progress {
        let bar = indicatif::ProgressBar::new(0);
        let style =
            indicatif::ProgressStyle::with_template("{msg:>9} [{bar:30}] {pos}/{len} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        Progress(Some(bar))
    }

    /// Starts a phase of `len` steps, e.g. ("reading", files).
    pub fn start(&self, phase: &'static str, len: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(len as u64);
            bar.set_position(0);
            bar.set_message(phase);
        }
    }

    pub fn step(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// The end-of-build report: documents, skipped files by reason, warnings,
/// failures (each listed), time. `Display` prints it as lines, each starting
/// with `zhsearch: `.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub documents: usize,
    /// Files that gave documents.
    pub files: usize,
    /// Files left out quietly: reason → count.
    pub skipped: BTreeMap<&'static str, usize>,
    pub warnings: Vec<String>,
    pub failures: Vec<Failure>,
    pub elapsed: Duration,
}

impl Summary {
    pub fn new(corpus: &Corpus, documents: usize, elapsed: Duration) -> Summary {
        let mut skipped = BTreeMap::new();
        for (_, reason) in &corpus.skipped {
            *skipped.entry(*reason).or_insert(0) += 1;
        }
        Summary {
            documents,
            files: corpus.files,
            skipped,
            warnings: corpus.warnings.clone(),
            failures: corpus.failures.clone(),
            elapsed,
        }
    }

    /// The failures' paths, for tests and callers that want them.
    pub fn failed_paths(&self) -> Vec<PathBuf> {
        self.failures.iter().map(|f| f.path.clone()).collect()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "zhsearch: {} from {}",
            plural(self.documents, "document", "documents"),
            plural(self.files, "file", "files")
        )?;
        let skipped: usize = self.skipped.values().sum();
        if skipped > 0 {
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(reason, n)| format!("{n} {reason}"))
                .collect();
            writeln!(
                f,
                "zhsearch: skipped {}: {}",
                plural(skipped, "file", "files"),
                reasons.join(", ")
            )?;
        }
        for warning in &self.warnings {
            writeln!(f, "zhsearch: warning: {warning}")?;
        }
        if !self.failures.is_empty() {
            writeln!(
                f,
                "zhsearch: {} could not be indexed:",
                plural(self.failures.len(), "file", "files")
            )?;
            for failure in &self.failures {
                writeln!(f, "zhsearch:   {failure}")?;
            }
        }
        write!(f, "zhsearch: took {:.2} s", self.elapsed.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines() {
        let mut corpus = Corpus {
            files: 3,
            skipped: vec![
                (PathBuf::from("a.png"), crate::indexer::walk::NOT_DOCUMENT),
                (PathBuf::from("b.css"), crate::indexer::walk::NOT_DOCUMENT),
                (PathBuf::from("c.txt"), crate::indexer::walk::DUPLICATE),
            ],
            warnings: vec!["x: a link loop".into()],
            failures: vec![Failure {
                path: PathBuf::from("d.jsonl"),
                line: Some(7),
                reason: "not valid JSON".into(),
            }],
            ..Corpus::default()
        };
        let text = Summary::new(&corpus, 5, Duration::from_millis(1250)).to_string();
        assert_eq!(
            text,
            "zhsearch: 5 documents from 3 files\n\
             zhsearch: skipped 3 files: 2 not a document (by extension), 1 the same file reached twice\n\
             zhsearch: warning: x: a link loop\n\
             zhsearch: 1 file could not be indexed:\n\
             zhsearch:   d.jsonl:7: not valid JSON\n\
             zhsearch: took 1.25 s"
        );
        corpus = Corpus {
            files: 1,
            ..Corpus::default()
        };
        let text = Summary::new(&corpus, 1, Duration::ZERO).to_string();
        assert_eq!(
            text,
            "zhsearch: 1 document from 1 file\nzhsearch: took 0.00 s"
        );
    }
}
