//! Reading one file's bytes safely: only regular files are opened, and never more than the
//! size limit is read.

use std::fs;
use std::io::Read;
use std::path::Path;

use super::SkipReason;
use super::walk::{describe_io_error, special_file};

/// The bytes of a regular file of at most `limit` bytes.
pub(super) fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, SkipReason> {
    let unreadable = |error: std::io::Error| SkipReason::Unreadable {
        message: describe_io_error(&error),
    };
    // Checked again right before opening: the folder may have changed since it was listed,
    // and opening a named pipe would block forever.
    let metadata = fs::metadata(path).map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(special_file(&metadata.file_type()));
    }
    if metadata.len() > limit {
        return Err(SkipReason::TooLarge {
            bytes: metadata.len(),
            limit,
        });
    }
    let file = fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // The file may have grown since its size was read.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    let read = bytes.len() as u64;
    if read > limit {
        return Err(SkipReason::TooLarge {
            bytes: read.max(metadata.len()),
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_up_to_the_limit() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("a.txt");
        fs::write(&path, "twelve bytes").unwrap();
        assert_eq!(read_limited(&path, 12).unwrap(), b"twelve bytes");
        assert_eq!(
            read_limited(&path, 11),
            Err(SkipReason::TooLarge {
                bytes: 12,
                limit: 11
            })
        );
        assert!(matches!(
            read_limited(&folder.path().join("gone.txt"), 100),
            Err(SkipReason::Unreadable { .. })
        ));
    }

    /// A file listed as regular may have become a named pipe by the time it is read: it is
    /// skipped at once, not waited on.
    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_skipped_without_waiting_for_a_writer() {
        let folder = tempfile::tempdir().unwrap();
        let pipe = folder.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(made.success());
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || sender.send(read_limited(&pipe, 100)));
        let outcome = receiver
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("reading a named pipe must not block");
        assert!(
            matches!(outcome, Err(SkipReason::SpecialFile { ref kind }) if kind.contains("pipe")),
            "{outcome:?}"
        );
    }
}
