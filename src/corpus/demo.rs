//! The demo corpus embedded in the binary, parsed by the same parsers as files on disk.

use std::path::PathBuf;

use include_dir::{Dir, DirEntry, include_dir};

use super::walk::path_bytes;
use super::{Corpus, assemble, documents_from_bytes};

static DEMO: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data/demo");

/// The demo corpus. Source paths are relative to `data/demo`; hidden files are left out as
/// they are on disk.
pub fn load_demo() -> Corpus {
    let mut files = Vec::new();
    collect_files(&DEMO, &mut files);
    files.sort_by(|a, b| path_bytes(&a.0).cmp(path_bytes(&b.0)));
    let found = files.len();
    let outcomes = files
        .into_iter()
        .map(|(path, bytes)| {
            let outcome = documents_from_bytes(&path, bytes);
            (path, bytes.len() as u64, outcome)
        })
        .collect();
    let (documents, report) = assemble(outcomes, Vec::new(), found);
    Corpus {
        root: None,
        name: "Demo corpus".to_string(),
        documents,
        report,
    }
}

fn collect_files(dir: &Dir<'static>, files: &mut Vec<(PathBuf, &'static [u8])>) {
    for entry in dir.entries() {
        let hidden = entry
            .path()
            .file_name()
            .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."));
        if hidden {
            continue;
        }
        match entry {
            DirEntry::Dir(sub) => collect_files(sub, files),
            DirEntry::File(file) => files.push((file.path().to_path_buf(), file.contents())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_loads_cleanly_and_names_its_sources_relative_to_the_demo_folder() {
        let corpus = load_demo();
        assert!(corpus.root.is_none());
        assert_eq!(corpus.name, "Demo corpus");
        assert!(
            corpus.report.skipped.is_empty(),
            "every demo file should load: {:?}",
            corpus.report.skipped
        );
        assert_eq!(corpus.report.documents, corpus.documents.len());
        for document in &corpus.documents {
            for source in &document.sources {
                assert!(
                    DEMO.get_file(&source.file).is_some(),
                    "{} is not in data/demo",
                    source.file.display()
                );
            }
        }
        // Same input, same output.
        let again = load_demo();
        assert_eq!(corpus.documents, again.documents);
    }
}
