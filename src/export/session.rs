//! Session files: what was open, with which settings, and the edits a person made — not the
//! articles themselves — so that opening the session shows exactly what was on screen.
//!
//! A session is a small JSON file with a format name and a version; a file that is not one, or
//! one from a newer version of the app, is refused with a message saying so.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::pipeline::Settings;
use crate::topics::Edit;

/// The `format` field of every session file.
pub const SESSION_FORMAT: &str = "topic-atlas-session";
/// The version written; files of this version or older are read.
pub const SESSION_VERSION: u32 = 1;
/// Sessions are small; a bigger file is not one (and is not read whole).
const MAX_SESSION_BYTES: u64 = 64 * 1024 * 1024;

/// What a corpus was loaded from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorpusOrigin {
    /// The built-in demo corpus.
    Demo,
    /// Folders and files, as opened.
    Paths(Vec<PathBuf>),
}

/// A saved session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub format: String,
    pub version: u32,
    pub origin: CorpusOrigin,
    pub settings: Settings,
    #[serde(default)]
    pub edits: Vec<Edit>,
}

/// Why a session could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a Topic Atlas session ({why})")]
    NotASession { path: PathBuf, why: String },
    #[error(
        "{path} was saved by a newer Topic Atlas (session version {version}; this one reads up to {SESSION_VERSION})"
    )]
    TooNew { path: PathBuf, version: u32 },
}

impl Session {
    pub fn new(origin: CorpusOrigin, settings: Settings, edits: Vec<Edit>) -> Self {
        Self {
            format: SESSION_FORMAT.to_string(),
            version: SESSION_VERSION,
            origin,
            settings,
            edits,
        }
    }

    /// The session as pretty JSON.
    pub fn to_json(&self) -> String {
        // Serializing plain data with string keys cannot fail; an empty string would only
        // show up as a refused file on reading.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a session from JSON; paths in it that are relative are taken from `base`.
    pub fn from_json(json: &str, path: &Path) -> Result<Self, SessionError> {
        let not_a_session = |why: String| SessionError::NotASession {
            path: path.to_path_buf(),
            why,
        };
        // The format and version are checked before the rest, so a newer or foreign file gets
        // that message rather than a complaint about a field.
        #[derive(Deserialize)]
        struct Header {
            format: Option<String>,
            version: Option<u32>,
        }
        let header: Header =
            serde_json::from_str(json).map_err(|e| not_a_session(format!("not JSON: {e}")))?;
        if header.format.as_deref() != Some(SESSION_FORMAT) {
            return Err(not_a_session(format!(
                "its \"format\" is not \"{SESSION_FORMAT}\""
            )));
        }
        match header.version {
            Some(v) if v > SESSION_VERSION => {
                return Err(SessionError::TooNew {
                    path: path.to_path_buf(),
                    version: v,
                });
            }
            Some(_) => {}
            None => return Err(not_a_session("it has no \"version\"".into())),
        }
        let mut session: Session =
            serde_json::from_str(json).map_err(|e| not_a_session(e.to_string()))?;
        if let CorpusOrigin::Paths(paths) = &mut session.origin {
            let base = path.parent().unwrap_or(Path::new(""));
            for p in paths.iter_mut() {
                if p.is_relative() {
                    *p = base.join(&*p);
                }
            }
        }
        Ok(session)
    }

    /// Reads the session file at `path`.
    pub fn read(path: &Path) -> Result<Self, SessionError> {
        let read_error = |source| SessionError::Read {
            path: path.to_path_buf(),
            source,
        };
        let metadata = std::fs::metadata(path).map_err(read_error)?;
        // Reading a named pipe would wait forever for a writer; a device may never end.
        if !metadata.is_file() {
            return Err(SessionError::NotASession {
                path: path.to_path_buf(),
                why: "it is not a regular file".into(),
            });
        }
        let size = metadata.len();
        if size > MAX_SESSION_BYTES {
            return Err(SessionError::NotASession {
                path: path.to_path_buf(),
                why: format!("it is {} long", crate::corpus::human_size(size)),
            });
        }
        let bytes = std::fs::read(path).map_err(read_error)?;
        let json = String::from_utf8(bytes).map_err(|_| SessionError::NotASession {
            path: path.to_path_buf(),
            why: "it is not text".into(),
        })?;
        Self::from_json(&json, path)
    }

    /// Writes the session to `path` (a file the person chose).
    pub fn write(&self, path: &Path) -> Result<(), SessionError> {
        std::fs::write(path, self.to_json() + "\n").map_err(|source| SessionError::Write {
            path: path.to_path_buf(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::TopicCount;
    use crate::topics::{ArticleKey, TopicRef};

    fn sample() -> Session {
        let reference = TopicRef {
            articles: vec![ArticleKey {
                file: "world/a.txt".into(),
                item: 2,
            }],
            keywords: vec!["tariffs".into(), "trade".into()],
        };
        Session::new(
            CorpusOrigin::Paths(vec![PathBuf::from("/news")]),
            Settings {
                topics: TopicCount::Fixed(7),
                seed: 3,
                ..Settings::default()
            },
            vec![
                Edit::Rename {
                    topic: reference.clone(),
                    name: "Trade war".into(),
                },
                Edit::Split {
                    topic: reference,
                    into: TopicCount::Auto,
                },
            ],
        )
    }

    #[test]
    fn a_session_reads_back_as_written() {
        let session = sample();
        let read = Session::from_json(&session.to_json(), Path::new("/s/x.json")).unwrap();
        assert_eq!(read, session);
    }

    #[test]
    fn relative_paths_are_taken_from_the_session_file() {
        let mut session = sample();
        session.origin = CorpusOrigin::Paths(vec![PathBuf::from("news")]);
        let read = Session::from_json(&session.to_json(), Path::new("/work/s.json")).unwrap();
        assert_eq!(
            read.origin,
            CorpusOrigin::Paths(vec![PathBuf::from("/work/news")])
        );
    }

    #[test]
    fn foreign_corrupt_and_newer_files_are_refused_with_a_reason() {
        let path = Path::new("x.json");
        let error = Session::from_json("{\"format\": \"something-else\", \"version\": 1}", path)
            .unwrap_err();
        assert!(
            error.to_string().contains("not a Topic Atlas session"),
            "{error}"
        );
        let error = Session::from_json("{ this is not json", path).unwrap_err();
        assert!(error.to_string().contains("not JSON"), "{error}");
        let error = Session::from_json("[1, 2, 3]", path).unwrap_err();
        assert!(
            error.to_string().contains("not a Topic Atlas session"),
            "{error}"
        );
        let newer = sample()
            .to_json()
            .replace("\"version\": 1", "\"version\": 99");
        let error = Session::from_json(&newer, path).unwrap_err();
        assert!(error.to_string().contains("newer"), "{error}");
        let broken_edit = sample().to_json().replace("\"rename\"", "\"explode\"");
        assert!(Session::from_json(&broken_edit, path).is_err());
    }

    #[test]
    #[cfg(unix)]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("session.json");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        assert!(made.is_ok_and(|s| s.success()));
        // On a thread, so that a regression fails the test instead of hanging it.
        let (sender, receiver) = std::sync::mpsc::channel();
        let reading = pipe.clone();
        std::thread::spawn(move || sender.send(Session::read(&reading).map(|_| ())));
        let result = receiver.recv_timeout(std::time::Duration::from_secs(60));
        let error = result.expect("reading a pipe returns").unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
        let error = Session::read(dir.path()).unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
    }
}
