//! The shell scripts' own guards, run against a throw-away copy of the
//! repository layout (never this checkout: a broken guard must not be able
//! to delete anything real).

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fake repository under the temp dir: `scripts/build-dist.sh` copied from
/// this one, and a file in each source folder. Removed on drop.
struct FakeRepo {
    base: PathBuf,
}

const SOURCE_DIRS: &[&str] = &["www", "src", "index", "tests", "scripts"];

impl FakeRepo {
    fn new(name: &str) -> FakeRepo {
        let base =
            std::env::temp_dir().join(format!("zhsearch-scripts-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let repo = base.join("repo");
        for dir in SOURCE_DIRS {
            std::fs::create_dir_all(repo.join(dir)).unwrap();
            std::fs::write(repo.join(dir).join("keep.txt"), "source").unwrap();
        }
        std::fs::write(repo.join("Cargo.toml"), "[package]\n").unwrap();
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/build-dist.sh"),
            repo.join("scripts/build-dist.sh"),
        )
        .unwrap();
        std::fs::create_dir_all(base.join("home")).unwrap();
        FakeRepo { base }
    }

    fn repo(&self) -> PathBuf {
        self.base.join("repo")
    }

    /// Runs `build-dist.sh` with `DIST_DIR=dist_dir` (and `env`); returns
    /// (exit code, stderr).
    fn build_dist(&self, dist_dir: &Path, env: &[(&str, &Path)]) -> (Option<i32>, String) {
        let mut command = Command::new("bash");
        command
            .arg(self.repo().join("scripts/build-dist.sh"))
            .current_dir(&self.base)
            .env("DIST_DIR", dist_dir)
            .env("HOME", self.base.join("home"))
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("ZHSEARCH_INDEX_DIR");
        for (k, v) in env {
            command.env(k, v);
        }
        let out = command.output().expect("running bash");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn assert_sources_intact(&self) {
        for dir in SOURCE_DIRS {
            let keep = self.repo().join(dir).join("keep.txt");
            assert!(keep.is_file(), "{} was deleted", keep.display());
        }
        assert!(self.repo().join("Cargo.toml").is_file());
    }
}

impl Drop for FakeRepo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

fn assert_refused(repo: &FakeRepo, dist: &Path, env: &[(&str, &Path)], needle: &str) {
    let (code, stderr) = repo.build_dist(dist, env);
    assert_eq!(code, Some(1), "DIST_DIR={}: {stderr}", dist.display());
    let line = stderr.lines().next().unwrap_or_default();
    assert!(
        stderr.lines().count() == 1 && line.contains("refusing DIST_DIR") && line.contains(needle),
        "DIST_DIR={}: expected one line refusing it ({needle}):\n{stderr}",
        dist.display()
    );
    repo.assert_sources_intact();
}

/// Not refused: the script goes on to its tool checks (and stops there, as
/// the fake repository has no node_modules).
fn assert_accepted(repo: &FakeRepo, dist: &Path) {
    let (code, stderr) = repo.build_dist(dist, &[]);
    assert!(
        !stderr.contains("refusing"),
        "DIST_DIR={} should be accepted:\n{stderr}",
        dist.display()
    );
    assert_ne!(code, Some(0), "the fake repository cannot build: {stderr}");
    repo.assert_sources_intact();
}

/// `DIST_DIR=www bash scripts/build-dist.sh` deleted www/.
#[test]
fn dist_dir_holding_sources_is_refused_not_deleted() {
    let fake = FakeRepo::new("dist-dir");
    let repo = fake.repo();
    for dir in SOURCE_DIRS {
        // Relative to the repository (the script runs from its root) and absolute.
        assert_refused(&fake, Path::new(dir), &[], "holds sources");
        assert_refused(&fake, &repo.join(dir), &[], "holds sources");
    }
    assert_refused(&fake, Path::new("www/dist"), &[], "inside");
    assert_refused(&fake, Path::new("."), &[], "repository root");
    assert_refused(&fake, &repo, &[], "repository root");
    assert_refused(&fake, Path::new("src/.."), &[], "repository root");
    assert_refused(&fake, Path::new(".."), &[], "repository is inside it");
    assert_refused(&fake, Path::new("/"), &[], "root");
    assert_refused(&fake, &fake.base.join("home"), &[], "home");
    assert_refused(&fake, Path::new("target"), &[], "build folder");

    // A symlink to a source folder is that folder.
    let link = fake.base.join("link-to-www");
    std::os::unix::fs::symlink(repo.join("www"), &link).unwrap();
    assert_refused(&fake, &link, &[], "holds sources");

    // The documents to index, wherever they are.
    let docs = fake.base.join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("a.txt"), "文档").unwrap();
    assert_refused(
        &fake,
        &docs,
        &[("ZHSEARCH_INDEX_DIR", &docs)],
        "holds sources",
    );
    assert!(docs.join("a.txt").is_file());

    // Another project, or any folder of other things.
    let other = fake.base.join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("Cargo.toml"), "").unwrap();
    assert_refused(&fake, &other, &[], "Cargo.toml");
    std::fs::remove_file(other.join("Cargo.toml")).unwrap();
    std::fs::create_dir(other.join("src")).unwrap();
    assert_refused(&fake, &other, &[], "src/");
    std::fs::remove_dir(other.join("src")).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    assert_refused(&fake, &other, &[], "not an earlier build");
    assert!(other.join("notes.txt").is_file());

    // What is fine: the default, a new or empty folder, an earlier build.
    assert_accepted(&fake, Path::new("dist"));
    assert_accepted(&fake, &fake.base.join("new-dist"));
    let empty = fake.base.join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_accepted(&fake, &empty);
    let earlier = fake.base.join("earlier");
    std::fs::create_dir(&earlier).unwrap();
    std::fs::write(earlier.join("zhsearch-wasm.js"), "").unwrap();
    std::fs::write(earlier.join("index.html"), "").unwrap();
    assert_accepted(&fake, &earlier);
}
