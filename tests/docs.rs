//! The README is what a clinic reads first: short, and every link in it
//! and in `docs/` leads somewhere.

use crate::support::repo;

/// Every relative link (`[text](path)` or `[text](path#anchor)`) of a
/// Markdown file, with the file it is relative to.
fn links(file: &std::path::Path) -> Vec<(String, std::path::PathBuf)> {
    let text = std::fs::read_to_string(file).expect("readable");
    let folder = file.parent().expect("a folder");
    let mut found = Vec::new();
    for (start, _) in text.match_indices("](") {
        let rest = &text[start + 2..];
        let Some(end) = rest.find(')') else { continue };
        let target = &rest[..end];
        if target.contains("://") || target.starts_with('#') || target.starts_with("mailto:") {
            continue;
        }
        let path = target.split('#').next().unwrap_or(target);
        found.push((target.to_owned(), folder.join(path)));
    }
    found
}

#[test]
fn the_readme_stays_short_enough_to_read_in_one_sitting() {
    let readme = std::fs::read_to_string(repo("README.md")).expect("README");
    let lines = readme.lines().count();
    assert!(
        lines <= 250,
        "README.md has {lines} lines; move detail to docs/"
    );
}

#[test]
fn every_link_in_the_readme_and_docs_leads_to_a_file() {
    let mut files = vec![repo("README.md")];
    for entry in std::fs::read_dir(repo("docs")).expect("docs/") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let mut checked = 0;
    for file in &files {
        for (target, path) in links(file) {
            assert!(
                path.exists(),
                "{}: the link {target:?} leads nowhere",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 10,
        "only {checked} links found: the link reader is broken"
    );
}
