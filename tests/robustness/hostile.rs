//! The hostile folder: what people point the app at (downloads, mail exports, scraped sites,
//! backups), with every kind of file that can go wrong next to files that load, and what
//! loading must make of each.

use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What loading must make of one entry of the folder.
#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    /// Documents with exactly these titles, in order, come from this file (some may be merged
    /// into an identical document first found elsewhere).
    Loads(Vec<String>),
    /// At least one document comes from this file; its titles depend on guesswork.
    LoadsSome,
    /// These documents load and these items (number, reason category) are skipped.
    Partly(Vec<String>, Vec<(u32, &'static str)>),
    /// The whole file is skipped for a reason of this category.
    Skipped(&'static str),
    /// An entry at or below this path is skipped for a reason of this category, and nothing
    /// below it loads.
    SkippedBelow(&'static str),
    /// Never mentioned: hidden, or the same file as one read under another name.
    Silent,
}

pub struct Expected {
    /// Relative to the root.
    pub path: PathBuf,
    pub expect: Expect,
}

/// A hostile folder in a temporary directory, removed on drop.
pub struct Hostile {
    pub root: PathBuf,
    /// A folder outside the root that links point into.
    pub outside: PathBuf,
    pub expected: Vec<Expected>,
    /// Named pipes in the folder, hidden ones too: none may ever be opened.
    pub fifos: Vec<PathBuf>,
    /// Folders whose permissions were taken away, to give back before removal.
    locked: Vec<PathBuf>,
    _dir: tempfile::TempDir,
}

impl Drop for Hostile {
    fn drop(&mut self) {
        for path in &self.locked {
            let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o755));
        }
    }
}

/// Sizes of the big files; the default size limit is 20 MiB.
pub const MIB: usize = 1024 * 1024;
pub const LARGE_READ: usize = 19 * MIB;
pub const ONE_LINE: usize = 10 * MIB;
pub const TOO_LARGE: usize = 30 * MIB;
pub const SPARSE: u64 = 6 * 1024 * 1024 * 1024;
pub const TINY_FILES: usize = 3000;
pub const NESTING: usize = 60;

pub const ARTICLE_TITLE: &str = "Central bank holds rates steady";
pub const ARTICLE: &str = "Central bank holds rates steady\n\nThe central bank left its main interest rate unchanged on Thursday, as inflation eased for a third month.\n\nMarkets had expected the decision. Bond yields fell slightly after the announcement.\n";

/// Text that must never reach a document: it sits in scripts, styles and hidden files.
pub const NEVER_SHOWN: &str = "NEVERSHOWN";

impl Hostile {
    pub fn create() -> Hostile {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path().join("hostile folder");
        let outside = dir.path().join("outside");
        fs::create_dir_all(&root).expect("root");
        fs::create_dir_all(&outside).expect("outside");
        let mut h = Hostile {
            root,
            outside,
            expected: Vec::new(),
            fifos: Vec::new(),
            locked: Vec::new(),
            _dir: dir,
        };
        h.plain_and_line_endings();
        h.encodings();
        h.scripts_and_stop_words();
        h.empty_and_binary();
        h.big_files();
        h.tiny_files();
        h.nesting();
        h.links();
        h.special_files();
        h.hidden();
        h.odd_names();
        h.json();
        h.delimited();
        h.html();
        h.markdown();
        h.duplicates();
        h.permissions();
        h
    }

    fn path(&self, relative: &Path) -> PathBuf {
        self.root.join(relative)
    }

    fn expect(&mut self, relative: impl AsRef<Path>, expect: Expect) {
        self.expected.push(Expected {
            path: relative.as_ref().to_path_buf(),
            expect,
        });
    }

    /// Writes a file and records what loading must make of it.
    fn file(&mut self, relative: impl AsRef<Path>, bytes: impl AsRef<[u8]>, expect: Expect) {
        let path = self.path(relative.as_ref());
        write(&path, bytes.as_ref());
        self.expect(relative, expect);
    }

    fn loads(&mut self, relative: impl AsRef<Path>, bytes: impl AsRef<[u8]>, titles: &[&str]) {
        let titles = titles.iter().map(|t| t.to_string()).collect();
        self.file(relative, bytes, Expect::Loads(titles));
    }

    fn skipped(&mut self, relative: impl AsRef<Path>, bytes: impl AsRef<[u8]>, why: &'static str) {
        self.file(relative, bytes, Expect::Skipped(why));
    }

    fn plain_and_line_endings(&mut self) {
        self.loads("plain/article.txt", ARTICLE, &[ARTICLE_TITLE]);
        let story = "Harbour ferry fares to rise in spring\n\nThe council says fares will rise by a tenth.\n\nCommuter groups criticised the plan.\n";
        let title = "Harbour ferry fares to rise in spring";
        self.loads("plain/crlf.txt", story.replace('\n', "\r\n"), &[title]);
        let cr = story.replace("spring", "autumn").replace('\n', "\r");
        self.loads(
            "plain/old-mac.txt",
            cr,
            &["Harbour ferry fares to rise in autumn"],
        );
        let mixed = "Storm closes mountain pass\r\n\nSnow blocked the road on Monday.\rCrews worked overnight.\r\n";
        self.loads(
            "plain/mixed-endings.txt",
            mixed,
            &["Storm closes mountain pass"],
        );
        // Broken UTF-8 inside good text: one bad byte, an overlong form, a UTF-16 surrogate
        // written as UTF-8, and a character cut off at the end.
        let mut broken = b"Z\xc3\xbcrich tram strike ends\n\nThe strike in Z\xc3\xbcrich \xff ended on Friday. Drivers in M\xc3\xbcnchen \xc0\xaf watched \xed\xa0\x80 closely.\n".to_vec();
        broken.extend_from_slice(b"Caf\xc3\xa9 owners were pleased \xe2\x82");
        self.loads(
            "plain/broken-utf8.txt",
            broken,
            &["Zürich tram strike ends"],
        );
        self.loads(
            "plain/headlines.txt",
            "Oil prices climb on supply fears\n- Central bank holds rates in Lisbon\n3. Storm batters the east coast\n",
            &[
                "Oil prices climb on supply fears",
                "Central bank holds rates in Lisbon",
                "Storm batters the east coast",
            ],
        );
        self.loads(
            "plain/no-extension",
            "Museum opens new wing\n\nThe city museum opened a wing for modern art.\n",
            &["Museum opens new wing"],
        );
    }

    fn encodings(&mut self) {
        let text = "Café owners protest new rules\r\n\r\nThe café owners of the old town say the rules are unfair.\r\n";
        let title = "Café owners protest new rules";
        let utf16 = |big_endian: bool, bom: bool| -> Vec<u8> {
            let mut bytes = Vec::new();
            if bom {
                bytes.extend_from_slice(&0xFEFFu16.to_be_bytes());
                if !big_endian {
                    bytes.reverse();
                }
            }
            for unit in text.encode_utf16() {
                bytes.extend_from_slice(&if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            bytes
        };
        self.loads("encodings/utf16le-bom.txt", utf16(false, true), &[title]);
        self.loads("encodings/utf16be-bom.txt", utf16(true, true), &[title]);
        self.loads("encodings/utf16le.txt", utf16(false, false), &[title]);
        self.loads("encodings/utf16be.txt", utf16(true, false), &[title]);
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice(text.as_bytes());
        self.loads("encodings/utf8-bom.txt", bom, &[title]);

        let legacy = [
            (
                "encodings/latin1.txt",
                encoding_rs::WINDOWS_1252,
                "Le café de la gare rouvre après travaux\n\nLe café a été fermé pendant trois mois. Les habitués sont ravis de son retour.\n",
            ),
            (
                "encodings/windows-1251.txt",
                encoding_rs::WINDOWS_1251,
                "Центральный банк сохранил ставку\n\nЦентральный банк оставил основную ставку без изменений в четверг. Рынки ожидали этого решения.\n",
            ),
            (
                "encodings/koi8-r.txt",
                encoding_rs::KOI8_R,
                "Морозы пришли в Сибирь раньше срока\n\nТемпература в Новосибирске опустилась ниже двадцати градусов. Школы закрыты.\n",
            ),
            (
                "encodings/gbk.txt",
                encoding_rs::GBK,
                "中央银行维持利率不变\n\n中央银行周四维持主要利率不变。市场此前已预期这一决定。\n",
            ),
            (
                "encodings/shift_jis.txt",
                encoding_rs::SHIFT_JIS,
                "中央銀行が金利を据え置き\n\n中央銀行は木曜日、主要金利を据え置いた。市場はこの決定を予想していた。\n",
            ),
            (
                "encodings/windows-1256.txt",
                encoding_rs::WINDOWS_1256,
                "البنك المركزي يبقي أسعار الفائدة دون تغيير\n\nأبقى البنك المركزي سعر الفائدة الرئيسي دون تغيير يوم الخميس. وكانت الأسواق تتوقع هذا القرار.\n",
            ),
        ];
        for (path, encoding, text) in legacy {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable, "{path} is encodable");
            let title = text.lines().next().unwrap_or_default();
            self.loads(path, bytes, &[title]);
        }
    }

    fn scripts_and_stop_words(&mut self) {
        let scripts = [
            (
                "scripts/chinese.txt",
                "上海港口货运量创新高\n\n今年上半年，上海港的集装箱吞吐量再创新高，出口需求强劲。\n",
            ),
            (
                "scripts/russian.txt",
                "Парламент принял новый бюджет\n\nДепутаты одобрили бюджет на следующий год большинством голосов.\n",
            ),
            (
                "scripts/arabic.txt",
                "افتتاح معرض الكتاب في القاهرة\n\nافتتح معرض القاهرة الدولي للكتاب أبوابه أمام الزوار يوم السبت.\n",
            ),
            (
                "scripts/mixed-rtl.txt",
                "Election results in עברית and English\n\nVoters in Haifa (חיפה) went to the polls.\n",
            ),
        ];
        for (path, text) in scripts {
            let title = text.lines().next().unwrap_or_default();
            self.loads(path, text, &[title]);
        }
        // Files of nothing but stop words or punctuation are documents with no terms.
        self.file(
            "words/only-stop-words.txt",
            "the and of to a in is it that was for on are with as\n\nit is the and of the to a\n",
            Expect::LoadsSome,
        );
        self.file(
            "words/one-stop-word.txt",
            "the\n",
            Expect::Loads(vec!["the".into()]),
        );
        self.file(
            "words/punctuation.txt",
            "!!! ??? ... --- *** ::: ;;;\n",
            Expect::LoadsSome,
        );
        self.file(
            "words/numbers.txt",
            "1 2 3 4 5 6 7 8 9 10\n",
            Expect::LoadsSome,
        );
    }

    fn empty_and_binary(&mut self) {
        for name in [
            "empty/empty.txt",
            "empty/empty.json",
            "empty/empty.jsonl",
            "empty/empty.csv",
            "empty/empty.html",
            "empty/empty.md",
            "empty/no-extension",
        ] {
            self.skipped(name, b"", "empty");
        }
        self.skipped("empty/whitespace.txt", " \r\n\t\n   \n\u{3000}\n", "empty");
        self.skipped("empty/bom-only.txt", b"\xef\xbb\xbf", "empty");
        self.skipped("empty/utf16-bom-only.txt", b"\xff\xfe", "empty");
        self.skipped("empty/utf16-spaces.txt", b"\xff\xfe \x00\n\x00", "empty");

        let elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00";
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10";
        let gzip = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcbH\xcd\xc9\xc9\x07\x00";
        let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00";
        let sqlite = b"SQLite format 3\x00\x10\x00\x01\x01\x00@  ";
        let jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01";
        let mut random = Rng(7);
        let noise: Vec<u8> = (0..64 * 1024).map(|_| random.next() as u8).collect();
        let controls: Vec<u8> = (0..4096u32).map(|i| (i % 9) as u8 + 1).collect();
        // 16-bit numbers: a NUL every other byte, like UTF-16, but not text.
        let numbers: Vec<u8> = (0u16..2048).flat_map(|n| (n % 29).to_le_bytes()).collect();
        self.skipped("binary/program.txt", elf, "binary");
        self.skipped("binary/picture.txt", png, "binary");
        self.skipped("binary/archive.txt", gzip, "binary");
        self.skipped("binary/noise.txt", &noise, "binary");
        self.skipped("binary/controls.txt", &controls, "binary");
        self.skipped("binary/numbers.txt", &numbers, "binary");
        self.skipped("binary/database.md", sqlite, "binary");
        self.skipped("binary/zip.json", zip, "binary");
        self.skipped("binary/noise.csv", &noise, "binary");
        self.skipped("binary/noise.html", &noise, "binary");
        self.skipped("binary/noise.jsonl", &noise, "binary");
        self.skipped("binary/no-extension", elf, "binary");
        self.skipped("binary/nul.txt", [0u8; 100], "binary");
        // Text that only later turns to binary: the start decides, and it loads.
        let mut late = ARTICLE.replace("Central", "Regional").into_bytes();
        late.extend(std::iter::repeat_n(b' ', 9000));
        late.extend_from_slice(&[0, 1, 2, 3]);
        self.loads(
            "binary/text-then-nul.txt",
            late,
            &["Regional bank holds rates steady"],
        );
        for (name, bytes) in [
            ("unsupported/photo.jpg", &jpeg[..]),
            ("unsupported/report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
            ("unsupported/book.epub", zip),
            ("unsupported/sheet.xlsx", zip),
            (
                "unsupported/letter.doc",
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            ),
            ("unsupported/program.exe", b"MZ\x90\x00"),
        ] {
            self.skipped(name, bytes, "unsupported");
        }
        // Word and OpenDocument files are read from inside their archive: a broken archive, or
        // a plain file given their extension, is malformed.
        self.skipped("office/cut-short.docx", zip, "malformed");
        self.skipped("office/renamed.odt", ARTICLE, "malformed");
        // E-mail: a message's subject is its title.
        self.loads(
            "mail/hello.eml",
            b"From: a@b\r\nSubject: Ferry service resumes\r\n\r\nBoats sail again.",
            &["Ferry service resumes"],
        );
        self.skipped("mail/not-a-mailbox.mbox", ARTICLE, "malformed");
        // Rich Text Format: its text, without its tables; a plain file named .rtf is malformed.
        self.loads(
            "office/story.rtf",
            b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\f0 Caf\\'e9 reopens after flood\\par Customers returned.\\par}",
            &["Caf\u{e9} reopens after flood"],
        );
        self.skipped("office/renamed.rtf", ARTICLE, "malformed");

        // A name ending in a dot has no extension, like a name without a dot: text.
        self.loads(
            "unsupported/trailing-dot.",
            "Trailing dot story",
            &["Trailing dot story"],
        );
    }

    fn big_files(&mut self) {
        // Just under the size limit, read whole: a title, then long paragraphs.
        let mut large = String::with_capacity(LARGE_READ);
        large.push_str("Archive of the harbour authority minutes\n\n");
        let mut words = Rng(11);
        while large.len() < LARGE_READ - 1000 {
            words.paragraph(&mut large, 80);
            large.push_str("\n\n");
        }
        self.loads(
            "big/large.txt",
            &large,
            &["Archive of the harbour authority minutes"],
        );
        // 10 MB without a line break.
        let mut line = String::with_capacity(ONE_LINE);
        line.push_str("Notes on a very long line. ");
        while line.len() < ONE_LINE - 1000 {
            words.paragraph(&mut line, 40);
            line.push(' ');
        }
        self.loads("big/one-line.txt", &line, &["Notes on a very long line."]);
        // Over the limit: never read.
        let mut too_large =
            fs::File::create(self.path(Path::new("big/too-large.txt"))).expect("too-large.txt");
        let block = line.as_bytes();
        for _ in 0..TOO_LARGE / block.len() + 1 {
            too_large.write_all(block).expect("written");
        }
        self.expect("big/too-large.txt", Expect::Skipped("too large"));
        // A sparse file of some GB that takes no disk: never read either.
        let sparse = fs::File::create(self.path(Path::new("big/sparse.txt"))).expect("sparse");
        sparse.set_len(SPARSE).expect("a sparse file");
        self.expect("big/sparse.txt", Expect::Skipped("too large"));
    }

    fn tiny_files(&mut self) {
        const SUBJECTS: &[&str] = &[
            "Farmers", "Miners", "Nurses", "Teachers", "Pilots", "Dockers", "Bakers", "Judges",
            "Students", "Doctors",
        ];
        const VERBS: &[&str] = &[
            "protest",
            "celebrate",
            "debate",
            "reject",
            "welcome",
            "question",
            "support",
            "oppose",
            "review",
            "discuss",
        ];
        const THINGS: &[&str] = &[
            "new tax",
            "water plan",
            "rail link",
            "wage deal",
            "school reform",
            "trade pact",
            "housing law",
            "energy price",
            "health budget",
            "climate target",
        ];
        const PLACES: &[&str] = &["Lyon", "Porto", "Graz"];
        for i in 0..TINY_FILES {
            let headline = format!(
                "{} {} {} in {}",
                SUBJECTS[i % 10],
                VERBS[(i / 10) % 10],
                THINGS[(i / 100) % 10],
                PLACES[(i / 1000) % 3]
            );
            self.loads(
                format!("tiny/{:04}.txt", i),
                format!("{headline}\n"),
                &[&headline],
            );
        }
        for letter in ["a", "b", "x"] {
            self.loads(format!("tiny/letter-{letter}.txt"), letter, &[letter]);
        }
    }

    fn nesting(&mut self) {
        let deep: PathBuf = (1..=NESTING).map(|i| format!("level{i:02}")).collect();
        let deep = Path::new("deep").join(deep).join("bottom.txt");
        self.loads(
            &deep,
            "Deep archive story surfaces\n\nFound sixty folders down.\n",
            &["Deep archive story surfaces"],
        );
        // A path longer than the system allows (4096 bytes on Linux): made with short names,
        // then renamed from the bottom up.
        let long_name = "n".repeat(200);
        let levels = 30;
        let short: PathBuf = (0..levels).map(|i| format!("{i}")).collect();
        let short = Path::new("too-long").join(short);
        write(
            &self.path(&short.join("unreachable.txt")),
            b"Unreachable story\n\nToo deep to open.\n",
        );
        for depth in (1..=levels).rev() {
            let from: PathBuf = self
                .path(Path::new("too-long"))
                .join((0..depth).map(|i| format!("{i}")).collect::<PathBuf>());
            let to = from.with_file_name(format!("{long_name}{}", depth - 1));
            fs::rename(&from, &to).expect("rename a level of too-long");
        }
        self.expect("too-long", Expect::SkippedBelow("unreadable"));
    }

    fn links(&mut self) {
        write(
            &self.outside.join("secret.txt"),
            b"Outside story that must never load\n",
        );
        let link = |h: &mut Hostile, target: &Path, name: &str, expect: Expect| {
            symlink(target, h.path(Path::new(name))).expect("a symbolic link");
            h.expect(name, expect);
        };
        fs::create_dir_all(self.path(Path::new("links"))).expect("links");
        let root = self.root.clone();
        let outside = self.outside.clone();
        link(self, &root, "links/to-root", Expect::Skipped("link loop"));
        link(
            self,
            Path::new(".."),
            "links/to-parent",
            Expect::Skipped("link loop"),
        );
        link(
            self,
            Path::new("self"),
            "links/self",
            Expect::Skipped("link loop"),
        );
        link(
            self,
            Path::new("ping"),
            "links/pong",
            Expect::Skipped("link loop"),
        );
        link(
            self,
            Path::new("pong"),
            "links/ping",
            Expect::Skipped("link loop"),
        );
        link(
            self,
            Path::new("missing.txt"),
            "links/dangling.txt",
            Expect::Skipped("broken link"),
        );
        link(
            self,
            Path::new("no/such/folder"),
            "links/dangling-folder",
            Expect::Skipped("broken link"),
        );
        link(
            self,
            &outside.join("secret.txt"),
            "links/outside.txt",
            Expect::Skipped("link outside folder"),
        );
        link(
            self,
            &outside,
            "links/outside-folder",
            Expect::Skipped("link outside folder"),
        );
        link(
            self,
            Path::new("../../outside/secret.txt"),
            "links/relative-outside.txt",
            Expect::Skipped("link outside folder"),
        );
        link(
            self,
            Path::new("/etc"),
            "links/etc",
            Expect::Skipped("link outside folder"),
        );
        link(
            self,
            Path::new("/dev/zero"),
            "links/zero.txt",
            Expect::Skipped("link outside folder"),
        );
        // Inside the folder: the same files under other names, read once.
        link(
            self,
            Path::new("../plain/article.txt"),
            "links/alias.txt",
            Expect::Silent,
        );
        link(
            self,
            Path::new("../plain"),
            "links/plain-again",
            Expect::Silent,
        );
    }

    fn special_files(&mut self) {
        for name in [
            "special/pipe.txt",
            "special/pipe",
            "special/pipe.json",
            "special/pipe.csv",
        ] {
            self.fifo(Path::new(name));
            self.expect(name, Expect::Skipped("special file"));
        }
        symlink("pipe.txt", self.path(Path::new("special/link-to-pipe.txt"))).expect("link");
        self.expect("special/link-to-pipe.txt", Expect::Skipped("special file"));
        let socket = self.path(Path::new("special/socket.txt"));
        drop(std::os::unix::net::UnixListener::bind(&socket).expect("a socket"));
        self.expect("special/socket.txt", Expect::Skipped("special file"));
        // A copy of /dev/zero: a reader that opened it would never see its end. Only root may
        // make one.
        let zero = self.path(Path::new("special/zero.txt"));
        let made = Command::new("mknod")
            .arg(&zero)
            .args(["c", "1", "5"])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if made {
            self.expect("special/zero.txt", Expect::Skipped("special file"));
        }
    }

    fn fifo(&mut self, relative: &Path) {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("folder");
        }
        let status = Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo runs");
        assert!(status.success(), "mkfifo {}", path.display());
        self.fifos.push(path);
    }

    fn hidden(&mut self) {
        let secret = format!("{NEVER_SHOWN} hidden story\n");
        for name in [
            ".hidden.txt",
            ".git/HEAD",
            ".git/description",
            ".git/objects/ab/cdef0123",
            ".cache/page.html",
            ".Trash-1000/files/old.txt",
            "plain/.DS_Store",
            "plain/.~lock.article.txt#",
        ] {
            self.file(name, &secret, Expect::Silent);
        }
        self.fifo(Path::new(".cache/pipe.txt"));
        self.expect(".cache/pipe.txt", Expect::Silent);
        symlink("/", self.path(Path::new(".cache/root-link"))).expect("link");
        self.expect(".cache/root-link", Expect::Silent);
    }

    fn odd_names(&mut self) {
        let story = |title: &str| format!("{title}\n\nA story filed under an odd name.\n");
        let names: [(&[u8], &str); 12] = [
            (b"names/with spaces in it.txt", "Spaces in the name"),
            (
                "names/新闻 новости أخبار.txt".as_bytes(),
                "Scripts in the name",
            ),
            ("names/emoji 📰.md".as_bytes(), "Emoji in the name"),
            (b"names/new\nline.txt", "A newline in the name"),
            (b"names/tab\there.txt", "A tab in the name"),
            (
                b"names/latin1-\xe9t\xe9.txt",
                "Bytes that are not UTF-8 in the name",
            ),
            (b"names/-starts-with-dash.txt", "A dash first in the name"),
            (b"names/back\\slash.txt", "A backslash in the name"),
            (
                b"names/quote \"and\" comma, semicolon;.txt",
                "Quotes and commas in the name",
            ),
            (b"names/UPPER CASE.TXT", "An upper-case extension"),
            (b"names/dots...in...name.txt", "Dots in the name"),
            (b"names/ leading space.txt", "A leading space in the name"),
        ];
        for (name, title) in names {
            self.loads(Path::new(OsStr::from_bytes(name)), story(title), &[title]);
        }
        // Skipped under a name that is not UTF-8: the JSON load report must still be written.
        self.skipped(
            Path::new(OsStr::from_bytes(b"names/empty-\xe9t\xe9.txt")),
            b"",
            "empty",
        );
        let long = format!("names/{}.txt", "long".repeat(62));
        self.loads(
            &long,
            story("A name of 252 bytes"),
            &["A name of 252 bytes"],
        );
    }

    fn json(&mut self) {
        self.loads(
            "json/newsapi.json",
            r#"{"status": "ok", "totalResults": 2, "articles": [
                {"source": {"id": null, "name": "Wire"}, "title": "Ferry service resumes", "description": "Boats sail again.", "content": "The ferry sailed on Monday… [+1200 chars]"},
                {"source": {"id": null, "name": "Wire"}, "title": "Rail strike ends", "description": "Trains run again.", "content": null}
            ]}"#,
            &["Ferry service resumes", "Rail strike ends"],
        );
        self.file(
            "json/array-with-bad-items.json",
            r#"[{"headline": "Bridge reopens"}, 7, {"id": 3}, {"text": "Only a text here. And more."}, null, "string"]"#,
            Expect::Partly(
                vec!["Bridge reopens".into(), "Only a text here.".into()],
                vec![(2, "malformed"), (3, "no text"), (5, "malformed"), (6, "malformed")],
            ),
        );
        self.skipped(
            "json/trailing-comma.json",
            r#"[{"title": "x",]"#,
            "malformed",
        );
        self.skipped(
            "json/truncated.json",
            r#"{"articles": [{"title": "Cut off", "body": "The text ends in the mid"#,
            "malformed",
        );
        self.skipped("json/deep.json", "[".repeat(100_000), "malformed");
        self.skipped("json/scalar.json", "42", "malformed");
        self.skipped("json/string.json", r#""just a string""#, "malformed");
        self.skipped("json/empty-array.json", "[]", "no text");
        self.file(
            "json/no-article-fields.json",
            r#"{"id": 1, "tags": ["a"]}"#,
            Expect::Partly(vec![], vec![(1, "no text")]),
        );
        self.skipped(
            "json/not-json.json",
            "this is not json at all {",
            "malformed",
        );
        self.skipped(
            "json/number-out-of-range.json",
            r#"{"title": 1e999}"#,
            "malformed",
        );
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice(br#"{"title": "Byte order mark first", "body": "Text."}"#);
        self.loads("json/bom.json", bom, &["Byte order mark first"]);
        let utf16: Vec<u8> = r#"{"title": "Saved as UTF-16", "body": "Text."}"#
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        self.loads("json/utf16.json", utf16, &["Saved as UTF-16"]);
        self.loads(
            "json/lines-in-json.json",
            "{\"title\": \"First line article\"}\n{\"title\": \"Second line article\"}\n",
            &["First line article", "Second line article"],
        );
        self.loads(
            "json/escapes.json",
            r#"{"title": "Quotes \"inside\" and \u00e9 and \ud83d\udcf0", "body": "Line\nbreak\ttab"}"#,
            &["Quotes \"inside\" and é and 📰"],
        );
        self.file(
            "json/lone-surrogate.json",
            r#"{"title": "Broken \ud800 surrogate"}"#,
            Expect::Skipped("malformed"),
        );
        let mut lines = String::new();
        lines.push_str("{\"title\": \"Wire one\"}\n");
        lines.push('\n');
        lines.push_str("{\"title\": \"Broken line\",\n");
        lines.push_str("[1, 2, 3]\n");
        lines.push_str("{\"title\": \"Wire two\"}\r\n");
        lines.push_str("{\"title\": \"Trailing\"} junk\n");
        lines.push_str("{\"id\": 9}\n");
        lines.push_str("{\"title\": \"Wire three\", \"body\": \"Last line without a newline\"}");
        self.file(
            "json/wire.jsonl",
            lines,
            Expect::Partly(
                vec!["Wire one".into(), "Wire two".into(), "Wire three".into()],
                vec![
                    (3, "malformed"),
                    (4, "malformed"),
                    (6, "malformed"),
                    (7, "no text"),
                ],
            ),
        );
        self.file(
            "json/all-bad.jsonl",
            "{not json}\n[]\n",
            Expect::Partly(vec![], vec![(1, "malformed"), (2, "malformed")]),
        );
    }

    fn delimited(&mut self) {
        let mut csv = b"\xef\xbb\xbf".to_vec();
        csv.extend_from_slice(
            b"id,Title,Description,Text\r\n\
              1,Rates held,\"Lead one.\",\"Para one.\r\n\r\nPara two, with \"\"quotes\"\".\"\r\n\
              2,Short row\r\n\
              3,,,\r\n\
              4,Long row,Lead.,Text.,extra,columns,here\r\n\
              5,,,\"Only text, no title. More.\"\r\n\
              6,\"Unclosed quote at the end,\"\r\n",
        );
        self.file(
            "csv/articles.csv",
            csv,
            Expect::Partly(
                vec![
                    "Rates held".into(),
                    "Short row".into(),
                    "Long row".into(),
                    "Only text, no title.".into(),
                    "Unclosed quote at the end,".into(),
                ],
                vec![(3, "no text")],
            ),
        );
        self.loads(
            "csv/unterminated.csv",
            "title,text\nQuote never closed,\"the rest of the file\nis one field, 2,3\n",
            &["Quote never closed"],
        );
        self.loads(
            "csv/semicolons.csv",
            "titel;title;text\n1;Wahl in Graz;\"Die Stadt hat gew\u{e4}hlt; das Ergebnis ist da.\"\n",
            &["Wahl in Graz"],
        );
        self.skipped("csv/no-known-columns.csv", "a,b,c\n1,2,3\n", "malformed");
        self.skipped("csv/header-only.csv", "title,text\n", "no text");
        self.loads(
            "csv/tabs.tsv",
            "headline\tsummary\nMarkets rally\tStocks rose, and bonds fell.\nBad row\n",
            &["Markets rally", "Bad row"],
        );
        let mut bad_utf8 = b"title,text\nCaf\xc3\xa9 \xff prices,Up again.\n".to_vec();
        bad_utf8.extend_from_slice(b"Tea \xc3\xa9 prices,Down.\n");
        self.file("csv/bad-utf8.csv", bad_utf8, Expect::LoadsSome);
    }

    fn html(&mut self) {
        let page = format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title> Bridge  reopens after repairs </title>\
             <style>body {{ content: '{NEVER_SHOWN}'; }}</style>\
             <script>var x = '{NEVER_SHOWN}'; if (a < b && c > d) {{ document.write('</div>') }}</script></head>\
             <body><nav>Home | News</nav><h1>Bridge reopens after repairs</h1>\
             <p>The bridge reopened on Monday &amp; traffic flowed &mdash; at last.\
             <p>Unclosed <b>bold <i>italic\n<div hidden>{NEVER_SHOWN}</div><noscript>{NEVER_SHOWN}</noscript>\
             <!-- {NEVER_SHOWN} --><template>{NEVER_SHOWN}</template><table><tr><td>Cell<td>Other</table>\
             <script>unclosed('{NEVER_SHOWN}')"
        );
        self.loads("html/page.html", page, &["Bridge reopens after repairs"]);
        self.loads(
            "html/fragment.htm",
            "<p>Town hall <b>reopens <i>after fire. The mayor was there.",
            &["Town hall reopens after fire."],
        );
        self.skipped(
            "html/script-only.html",
            format!("<html><head><script>{NEVER_SHOWN}()</script></head><body>  </body></html>"),
            "no text",
        );
        let depth = 200_000;
        self.loads(
            "html/deep.html",
            "<div>".repeat(depth) + "Deeply nested story. Found at last." + &"</div>".repeat(depth),
            &["Deeply nested story."],
        );
        self.loads(
            "html/deep-tables.html",
            "<table><tr><td>".repeat(30_000) + "Nested tables story. Found too.",
            &["Nested tables story."],
        );
        self.loads(
            "html/unclosed-fonts.html",
            "<font size=2>Old page text. ".repeat(50_000),
            &["Old page text."],
        );
        self.loads(
            "html/latin1.xhtml",
            b"<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9 reopens</title></head><body><p>Le caf\xe9 a rouvert ses portes apr\xe8s des travaux.</p></body></html>",
            &["Café reopens"],
        );
        self.loads(
            "html/attributes.html",
            "<div title=\"a > b\" data-x='<p>'><h1>Quoted brackets in attributes</h1><p>Text.</p></div>",
            &["Quoted brackets in attributes"],
        );
    }

    fn markdown(&mut self) {
        self.loads(
            "md/story.md",
            "---\ntitle: \"Front matter title\"\n---\n\nThe *story* with [a link](http://x) and `code`.\n",
            &["Front matter title"],
        );
        self.loads(
            "md/deep-quote.md",
            ">".repeat(100_000) + " Quoted deep story here.\n",
            &["Quoted deep story here."],
        );
        self.loads(
            "md/deep-list.md",
            "- ".repeat(50_000) + "Listed deep story here\n",
            &["Listed deep story here"],
        );
        self.loads(
            "md/unclosed-fence.md",
            "# Code never closed\n\n```rust\nfn main() {\n",
            &["Code never closed"],
        );
        // Links cannot hold links: the inner one is a link, the other brackets stay text.
        self.file(
            "md/brackets.md",
            "[".repeat(50_000) + "Bracketed story here. Yes." + &"](x)".repeat(50_000),
            Expect::LoadsSome,
        );
    }

    fn duplicates(&mut self) {
        for i in 1..=4 {
            self.loads(
                format!("duplicates/copy {i}.txt"),
                ARTICLE,
                &[ARTICLE_TITLE],
            );
        }
        self.loads(
            "duplicates/crlf copy.txt",
            ARTICLE.replace('\n', "\r\n"),
            &[ARTICLE_TITLE],
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(ARTICLE.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        self.loads("duplicates/utf16 copy.txt", utf16, &[ARTICLE_TITLE]);
        self.loads(
            "duplicates/in a list.txt",
            "Oil prices climb on supply fears\nStorm batters the east coast\nVoters head to the polls\n",
            &[
                "Oil prices climb on supply fears",
                "Storm batters the east coast",
                "Voters head to the polls",
            ],
        );
    }

    fn permissions(&mut self) {
        let story = "Locked story\n\nA file nobody may read.\n";
        self.file("locked/file.txt", story, Expect::Silent);
        self.file("locked/folder/inside.txt", story, Expect::Silent);
        let file = self.path(Path::new("locked/file.txt"));
        let folder = self.path(Path::new("locked/folder"));
        fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).expect("chmod");
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o000)).expect("chmod");
        self.locked.push(folder.clone());
        self.locked.push(file.clone());
        // Root reads them anyway; anyone else is refused.
        let readable = fs::File::open(&file).is_ok();
        self.expected.retain(|e| !e.path.starts_with("locked"));
        if readable {
            self.expect(
                "locked/file.txt",
                Expect::Loads(vec!["Locked story".into()]),
            );
            self.expect(
                "locked/folder/inside.txt",
                Expect::Loads(vec!["Locked story".into()]),
            );
        } else {
            self.expect("locked/file.txt", Expect::Skipped("unreadable"));
            self.expect("locked/folder", Expect::Skipped("unreadable"));
        }
    }
}

pub fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("a folder");
    }
    fs::write(path, bytes).expect("a file");
}

/// A small deterministic random generator (xorshift), for noise and filler text.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// About `words` words of sentences, one line.
    pub fn paragraph(&mut self, out: &mut String, words: usize) {
        const WORDS: &[&str] = &[
            "harbour",
            "council",
            "minutes",
            "budget",
            "vessel",
            "cargo",
            "crane",
            "berth",
            "tide",
            "pilot",
            "dredging",
            "licence",
            "fee",
            "quay",
            "storm",
            "repair",
            "survey",
            "ferry",
            "freight",
            "customs",
            "inspection",
            "warehouse",
            "container",
            "lock",
        ];
        for i in 0..words {
            let word = WORDS[(self.next() % WORDS.len() as u64) as usize];
            if i == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(word);
            }
            if i % 12 == 11 && i + 1 < words {
                out.push('.');
            }
        }
        out.push('.');
    }
}
