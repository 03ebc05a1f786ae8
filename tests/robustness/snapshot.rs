//! A record of everything under a folder (bytes, sizes, permissions, times, link targets),
//! taken without following links or opening special files, to show a load changed nothing.

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Files larger than this are compared by size and times only: the change time (ctime) moves
/// on any write, and the sparse file of some GB would take long to hash.
const HASHED_BYTES: u64 = 64 * 1024 * 1024;

/// Every entry under `root` (the root too) with what must not change.
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut entries = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(path) = pending.pop() {
        let meta = match fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(error) => {
                entries.insert(path, format!("unlisted: {}", error.kind()));
                continue;
            }
        };
        let kind = meta.file_type();
        let mut value = format!(
            "type {:?} mode {:o} len {} inode {} mtime {}.{} ctime {}.{}",
            kind,
            meta.mode(),
            meta.len(),
            meta.ino(),
            meta.mtime(),
            meta.mtime_nsec(),
            meta.ctime(),
            meta.ctime_nsec()
        );
        if kind.is_symlink() {
            let target = fs::read_link(&path).map(|t| t.display().to_string());
            value.push_str(&format!(" -> {target:?}"));
        } else if kind.is_file() && meta.len() <= HASHED_BYTES {
            value.push_str(&format!(" hash {}", hash_file(&path)));
        } else if kind.is_dir() {
            match fs::read_dir(&path) {
                Ok(children) => pending.extend(children.flatten().map(|c| c.path())),
                Err(error) => value.push_str(&format!(" unlistable: {}", error.kind())),
            }
        }
        entries.insert(path, value);
    }
    entries
}

fn hash_file(path: &Path) -> String {
    let Ok(mut file) = fs::File::open(path) else {
        return "unreadable".into();
    };
    let mut hasher = DefaultHasher::new();
    let mut buffer = vec![0; 1 << 16];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => hasher.write(&buffer[..n]),
            Err(_) => return "unreadable".into(),
        }
    }
    format!("{:016x}", hasher.finish())
}

/// Panics with the first differences when two snapshots differ.
pub fn assert_unchanged(before: &BTreeMap<PathBuf, String>, after: &BTreeMap<PathBuf, String>) {
    let mut differences = Vec::new();
    for (path, value) in before {
        match after.get(path) {
            Some(now) if now == value => {}
            Some(now) => differences.push(format!("{}: {value} -> {now}", path.display())),
            None => differences.push(format!("{}: removed", path.display())),
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        differences.push(format!("{}: added", path.display()));
    }
    assert!(
        differences.is_empty(),
        "the folder changed:\n{}",
        differences[..differences.len().min(20)].join("\n")
    );
}
