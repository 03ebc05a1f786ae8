//! What loading did: counts, and every file or item that was skipped with the reason why.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The outcome of loading, shown to the person in the load report panel.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct LoadReport {
    /// Files found in the chosen folders (hidden files not counted), readable or not.
    pub files_found: usize,
    /// Files that gave at least one document.
    pub files_loaded: usize,
    /// Documents in the corpus, after merging duplicates.
    pub documents: usize,
    /// Exact duplicate documents merged into the first copy.
    pub duplicates_merged: usize,
    /// Bytes read from disk (or from the embedded demo).
    pub bytes_read: u64,
    /// Every skipped file, and every skipped item inside a file that otherwise loaded.
    pub skipped: Vec<Skipped>,
}

impl LoadReport {
    /// How many files and items were skipped for each reason category, most frequent first
    /// (ties by name), e.g. for a summary line above the list.
    pub fn skipped_by_category(&self) -> Vec<(&'static str, usize)> {
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        for skipped in &self.skipped {
            let category = skipped.reason.category();
            match counts.iter_mut().find(|(name, _)| *name == category) {
                Some((_, count)) => *count += 1,
                None => counts.push((category, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        counts
    }
}

impl LoadReport {
    /// "20 empty, 14 binary, 2 link loop": the skips counted by reason, most frequent first.
    pub fn skipped_summary(&self) -> String {
        self.skipped_by_category()
            .iter()
            .map(|(category, count)| format!("{} {category}", thousands(*count)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The report as plain text: a summary, then every skipped file or item on a line of its
    /// own with the reason, to copy into a mail or a bug report.
    pub fn to_text(&self, name: &str) -> String {
        let mut text = format!("Load report: {name}\n");
        text.push_str(&format!(
            "{} documents from {} of {} files, {} exact duplicates merged, {} read\n",
            thousands(self.documents),
            thousands(self.files_loaded),
            thousands(self.files_found),
            thousands(self.duplicates_merged),
            human_size(self.bytes_read)
        ));
        if self.skipped.is_empty() {
            text.push_str("Nothing was skipped.\n");
            return text;
        }
        text.push_str(&format!(
            "Skipped {}: {}\n\n",
            thousands(self.skipped.len()),
            self.skipped_summary()
        ));
        for skipped in &self.skipped {
            text.push_str(&format!("{}: {}\n", skipped.place(), skipped.reason));
        }
        text
    }
}

impl Skipped {
    /// "feeds/wire.jsonl #3", or the path alone for a whole file; control characters in
    /// names (a newline, a tab) are shown escaped so each skip stays on one line.
    pub fn place(&self) -> String {
        let path: String = path_text(&self.path)
            .chars()
            .flat_map(|c| {
                let escaped: Vec<char> = if c.is_control() {
                    c.escape_default().collect()
                } else {
                    vec![c]
                };
                escaped
            })
            .collect();
        match self.item {
            Some(item) => format!("{path} #{item}"),
            None => path,
        }
    }
}

/// One skipped file (`item` is `None`) or one skipped item inside a file. Written with the
/// reason's category and its sentence too, for people and scripts reading the JSON.
#[derive(Deserialize, Clone, Debug, PartialEq)]
pub struct Skipped {
    /// Relative to the loaded folder, like [`super::Source::file`].
    pub path: PathBuf,
    /// The 1-based record, row or line inside the file, when only that item was skipped.
    pub item: Option<u32>,
    pub reason: SkipReason,
}

impl Serialize for Skipped {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut record = serializer.serialize_struct("Skipped", 5)?;
        record.serialize_field("path", &path_text(&self.path))?;
        record.serialize_field("item", &self.item)?;
        record.serialize_field("reason", &self.reason)?;
        record.serialize_field("category", self.reason.category())?;
        record.serialize_field("message", &self.reason.to_string())?;
        record.end()
    }
}

/// A path as text with `/` between its parts. Bytes that are not UTF-8 become U+FFFD: a file
/// name in a legacy encoding must not stop a report from being written.
pub fn path_text(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Serializes a path as [`path_text`], for `#[serde(serialize_with)]`.
pub(super) fn serialize_path<S: serde::Serializer>(
    path: &Path,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path_text(path))
}

/// Why a file or an item was not loaded.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum SkipReason {
    /// Nothing but whitespace.
    Empty,
    /// Not text at all (NUL bytes or many control characters).
    Binary,
    /// A file type that is not read (the extension, lowercase, without the dot).
    Unsupported { extension: String },
    /// Over the size limit; never read.
    TooLarge { bytes: u64, limit: u64 },
    /// The operating system refused to list or read it.
    Unreadable { message: String },
    /// The format is broken (a complete sentence saying where and how).
    Malformed { message: String },
    /// Parsed, but holds no title and no text.
    NoText,
    /// A named pipe, socket or device: opening it could block or has side effects.
    SpecialFile { kind: String },
    /// A symbolic link to something outside the chosen folder.
    LinkOutsideFolder,
    /// A symbolic link that leads back into a folder above it.
    LinkLoop,
    /// A symbolic link whose target does not exist.
    BrokenLink,
}

impl SkipReason {
    /// A short stable name, for counting skips by reason.
    pub fn category(&self) -> &'static str {
        match self {
            SkipReason::Empty => "empty",
            SkipReason::Binary => "binary",
            SkipReason::Unsupported { .. } => "unsupported",
            SkipReason::TooLarge { .. } => "too large",
            SkipReason::Unreadable { .. } => "unreadable",
            SkipReason::Malformed { .. } => "malformed",
            SkipReason::NoText => "no text",
            SkipReason::SpecialFile { .. } => "special file",
            SkipReason::LinkOutsideFolder => "link outside folder",
            SkipReason::LinkLoop => "link loop",
            SkipReason::BrokenLink => "broken link",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Empty => write!(f, "empty file"),
            SkipReason::Binary => write!(f, "binary file (not text)"),
            SkipReason::Unsupported { extension } if extension.is_empty() => {
                write!(f, "unsupported file type")
            }
            // Documents a word processor opens: say what would make them readable.
            SkipReason::Unsupported { extension }
                if matches!(extension.as_str(), "doc" | "pdf" | "pages" | "wpd") =>
            {
                write!(
                    f,
                    "unsupported file type (.{extension}): export it as .docx, .odt, .rtf or \
                     text to read it"
                )
            }
            SkipReason::Unsupported { extension } => {
                write!(f, "unsupported file type (.{extension})")
            }
            SkipReason::TooLarge { bytes, limit } => write!(
                f,
                "larger than the {} limit ({})",
                human_size(*limit),
                human_size(*bytes)
            ),
            SkipReason::Unreadable { message } => write!(f, "could not be read: {message}"),
            SkipReason::Malformed { message } => write!(f, "{message}"),
            SkipReason::NoText => write!(f, "no title or text found"),
            SkipReason::SpecialFile { kind } => {
                write!(f, "{kind}; special files are never opened")
            }
            SkipReason::LinkOutsideFolder => {
                write!(f, "a link to something outside the chosen folder")
            }
            SkipReason::LinkLoop => write!(f, "a link that loops back to a folder above it"),
            SkipReason::BrokenLink => write!(f, "a link to something that does not exist"),
        }
    }
}

/// "512 bytes", "3.5 KB", "20 MB", "34.2 MB": binary units with the names people know,
/// without a decimal when the value is whole.
pub fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    const GIB: u64 = 1024 * 1024 * 1024;
    let (unit, name) = match bytes {
        b if b >= GIB => (GIB, "GB"),
        b if b >= MIB => (MIB, "MB"),
        b if b >= KIB => (KIB, "KB"),
        1 => return "1 byte".to_string(),
        b => return format!("{b} bytes"),
    };
    if bytes.is_multiple_of(unit) {
        format!("{} {name}", bytes / unit)
    } else {
        format!("{:.1} {name}", bytes as f64 / unit as f64)
    }
}

/// "1 document", "2,127 documents": a count with its noun, in the plural where it needs one.
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", thousands(n))
    }
}

/// 12345 as "12,345".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn one_of_a_thing_is_singular() {
        assert_eq!(counted(1, "document"), "1 document");
        assert_eq!(counted(0, "topic"), "0 topics");
        assert_eq!(counted(2127, "document"), "2,127 documents");
    }

    #[test]
    fn sizes_read_like_a_person_would_write_them() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(100), "100 bytes");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(20 * 1024 * 1024), "20 MB");
        assert_eq!(human_size(35_860_000), "34.2 MB");
    }

    #[test]
    fn reasons_are_sentences() {
        let too_large = SkipReason::TooLarge {
            bytes: 35_860_000,
            limit: 20 * 1024 * 1024,
        };
        assert_eq!(
            too_large.to_string(),
            "larger than the 20 MB limit (34.2 MB)"
        );
        assert_eq!(SkipReason::Binary.to_string(), "binary file (not text)");
        let fifo = SkipReason::SpecialFile {
            kind: "a named pipe (FIFO)".into(),
        };
        assert_eq!(
            fifo.to_string(),
            "a named pipe (FIFO); special files are never opened"
        );
        let pdf = SkipReason::Unsupported {
            extension: "pdf".into(),
        };
        assert_eq!(
            pdf.to_string(),
            "unsupported file type (.pdf): export it as .docx, .odt, .rtf or text to read it"
        );
        assert_eq!(pdf.category(), "unsupported");
        let exe = SkipReason::Unsupported {
            extension: "exe".into(),
        };
        assert_eq!(exe.to_string(), "unsupported file type (.exe)");
    }

    #[test]
    fn the_text_form_lists_every_skip_on_a_line_of_its_own() {
        let report = LoadReport {
            files_found: 5,
            files_loaded: 2,
            documents: 3,
            bytes_read: 2048,
            skipped: vec![
                Skipped {
                    path: "odd\nname.txt".into(),
                    item: None,
                    reason: SkipReason::Binary,
                },
                Skipped {
                    path: "feeds/wire.jsonl".into(),
                    item: Some(3),
                    reason: SkipReason::NoText,
                },
                Skipped {
                    path: "empty.txt".into(),
                    item: None,
                    reason: SkipReason::Empty,
                },
            ],
            ..LoadReport::default()
        };
        assert_eq!(
            report.to_text("news"),
            "Load report: news\n\
             3 documents from 2 of 5 files, 0 exact duplicates merged, 2 KB read\n\
             Skipped 3: 1 binary, 1 empty, 1 no text\n\n\
             odd\\nname.txt: binary file (not text)\n\
             feeds/wire.jsonl #3: no title or text found\n\
             empty.txt: empty file\n"
        );
        let json = serde_json::to_value(&report.skipped[1]).unwrap();
        assert_eq!(json["path"], "feeds/wire.jsonl");
        assert_eq!(json["category"], "no text");
        assert_eq!(json["message"], "no title or text found");
        let back: Skipped = serde_json::from_value(json).unwrap();
        assert_eq!(back, report.skipped[1]);
    }

    #[test]
    #[cfg(unix)]
    fn names_that_are_not_utf8_are_written_anyway() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"caf\xe9/t\xe9.txt"));
        // serde's own form of a path refuses such a name, and with it the whole report.
        assert!(serde_json::to_string(&path).is_err());
        let skipped = Skipped {
            path: path.into(),
            item: None,
            reason: SkipReason::Empty,
        };
        let json = serde_json::to_value(&skipped).unwrap();
        assert_eq!(json["path"], "caf\u{FFFD}/t\u{FFFD}.txt");
    }

    #[test]
    fn skips_are_counted_by_category() {
        let skip = |reason| Skipped {
            path: "a".into(),
            item: None,
            reason,
        };
        let report = LoadReport {
            skipped: vec![
                skip(SkipReason::Empty),
                skip(SkipReason::Binary),
                skip(SkipReason::Empty),
            ],
            ..LoadReport::default()
        };
        assert_eq!(
            report.skipped_by_category(),
            vec![("empty", 2), ("binary", 1)]
        );
    }
}
