//! The languages the analyzer knows, and detecting which one a corpus is written in.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::stop_words::StopWords;

/// A language with its own stop words and (where Snowball has one) stemmer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    English,
    German,
    French,
    Spanish,
    Italian,
    Portuguese,
    Dutch,
    Russian,
    Swedish,
    Danish,
    Norwegian,
    Finnish,
    Hungarian,
    Romanian,
    Turkish,
    Greek,
    Arabic,
    Chinese,
    Japanese,
    /// Anything else: words are segmented and lower-cased, but not stemmed.
    Other,
}

impl Language {
    /// Every language with its own stop words or segmentation (all but `Other`).
    pub const ALL: [Language; 19] = [
        Language::English,
        Language::German,
        Language::French,
        Language::Spanish,
        Language::Italian,
        Language::Portuguese,
        Language::Dutch,
        Language::Russian,
        Language::Swedish,
        Language::Danish,
        Language::Norwegian,
        Language::Finnish,
        Language::Hungarian,
        Language::Romanian,
        Language::Turkish,
        Language::Greek,
        Language::Arabic,
        Language::Chinese,
        Language::Japanese,
    ];

    /// ISO 639-1 code, also the key of the stop-word lists.
    pub fn code(self) -> &'static str {
        use Language::*;
        match self {
            English => "en",
            German => "de",
            French => "fr",
            Spanish => "es",
            Italian => "it",
            Portuguese => "pt",
            Dutch => "nl",
            Russian => "ru",
            Swedish => "sv",
            Danish => "da",
            Norwegian => "nb",
            Finnish => "fi",
            Hungarian => "hu",
            Romanian => "ro",
            Turkish => "tr",
            Greek => "el",
            Arabic => "ar",
            Chinese => "zh",
            Japanese => "ja",
            Other => "und",
        }
    }

    /// The language's English name, for people.
    pub fn name(self) -> &'static str {
        use Language::*;
        match self {
            English => "English",
            German => "German",
            French => "French",
            Spanish => "Spanish",
            Italian => "Italian",
            Portuguese => "Portuguese",
            Dutch => "Dutch",
            Russian => "Russian",
            Swedish => "Swedish",
            Danish => "Danish",
            Norwegian => "Norwegian",
            Finnish => "Finnish",
            Hungarian => "Hungarian",
            Romanian => "Romanian",
            Turkish => "Turkish",
            Greek => "Greek",
            Arabic => "Arabic",
            Chinese => "Chinese",
            Japanese => "Japanese",
            Other => "other",
        }
    }

    fn from_whatlang(lang: whatlang::Lang) -> Self {
        use whatlang::Lang as W;
        match lang {
            W::Eng => Language::English,
            W::Deu => Language::German,
            W::Fra => Language::French,
            W::Spa => Language::Spanish,
            W::Ita => Language::Italian,
            W::Por => Language::Portuguese,
            W::Nld => Language::Dutch,
            W::Rus => Language::Russian,
            W::Swe => Language::Swedish,
            W::Dan => Language::Danish,
            W::Nob => Language::Norwegian,
            W::Fin => Language::Finnish,
            W::Hun => Language::Hungarian,
            W::Ron => Language::Romanian,
            W::Tur => Language::Turkish,
            W::Ell => Language::Greek,
            W::Ara => Language::Arabic,
            W::Cmn => Language::Chinese,
            W::Jpn => Language::Japanese,
            _ => Language::Other,
        }
    }
}

/// Characters looked at to tell a text's language: a paragraph tells it as well as a page.
const DETECTION_PREFIX_CHARS: usize = 320;

/// Characters of short texts read together in the survey of a corpus's languages: whatlang
/// tells 320 characters of headlines (ten of them) wrongly too often, as French or "other".
const GROUP_CHARS: usize = 1000;

/// Characters a document needs before its own language is trusted over the corpus language.
const CONFIDENT_MIN_CHARS: usize = 160;

/// The start of `text` that its language is told from.
fn detection_prefix(text: &str) -> &str {
    match text.char_indices().nth(DETECTION_PREFIX_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// What one text says of its language, from one detection: its guess, however weak (short
/// texts such as headlines give weak guesses; they still vote, since the majority of many weak
/// votes is a strong one), and its language when the text is long enough and whatlang is sure
/// of it (`None` for headlines and anything doubtful, which follow the corpus language).
fn detect(text: &str) -> (Option<Language>, Option<Language>) {
    let prefix = detection_prefix(text);
    let Some(info) = whatlang::detect(prefix) else {
        return (None, None);
    };
    let guess = Language::from_whatlang(info.lang());
    let long_enough = text.char_indices().nth(CONFIDENT_MIN_CHARS).is_some();
    let sure = (long_enough && info.is_reliable())
        .then_some(guess)
        .filter(|&l| l != Language::Other)
        .filter(|&l| reads_as_prose_in(prefix, l));
    (Some(guess), sure)
}

/// The language of one text, or `None` when it is too short or too mixed to tell.
pub fn detect_language(text: &str) -> Option<Language> {
    detect(text).0
}

/// The language of one document when it is long enough and whatlang is sure of it; `None`
/// for headlines and anything doubtful, which then follow the corpus language.
pub fn detect_language_confidently(text: &str) -> Option<Language> {
    // Short texts are never sure: skip the detection (this runs on every document of a corpus
    // in several languages).
    text.char_indices().nth(CONFIDENT_MIN_CHARS)?;
    detect(text).1
}

/// What an even sample of a corpus says of its languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LanguageSurvey {
    /// The majority language (one vote per text that can be told; English when none can).
    pub majority: Language,
    /// Whether the corpus holds documents clearly in other languages: at least 1% of the
    /// sample (and at least two documents).
    pub others_present: bool,
}

/// Texts detected per round of the survey. Each round is itself an even sample of the whole
/// corpus; one round of a corpus in one language already settles its majority.
const VOTES_PER_ROUND: usize = 250;

/// Surveys the languages of `texts` from an even sample of up to `max_votes` of them, so the
/// cost stays flat on huge corpora while the majority is still that of the whole. `chosen`,
/// when given, is taken as the majority (the person chose it). One detection per sampled text
/// serves both questions.
///
/// Every document counts once towards the majority, but headlines and other short texts are
/// read together (see [`voters`]): whatlang's guess from a handful of words is often wrong
/// (ten bbc-news titles in a row, at ten places in the corpus, came out "other" or German 4
/// times when they were read one by one), from a paragraph of them rarely.
///
/// The sample is detected in rounds (of [`VOTES_PER_ROUND`], interleaved so that each spans
/// the corpus) and the survey stops once the leading language's lead over the next is beyond
/// chance: more than three standard deviations of the difference under an even split
/// (3·√(detections of the two)). Detection costs about 0.14 ms a text, and a thousand of them
/// were 7-9% of a whole run on 7,600 short stories; a corpus in one language stops after a
/// round.
pub fn survey_languages<'a, I>(
    texts: I,
    chosen: Option<Language>,
    max_votes: usize,
) -> LanguageSurvey
where
    I: ExactSizeIterator<Item = &'a str>,
{
    use rayon::prelude::*;
    let n = texts.len();
    let step = n.div_ceil(max_votes.max(1)).max(1);
    let sample: Vec<&str> = texts.step_by(step).collect();
    let rounds = sample.len().div_ceil(VOTES_PER_ROUND).max(1);
    let mut detected: Vec<Detected> = Vec::new();
    for round in 0..rounds {
        let texts: Vec<&str> = sample.iter().skip(round).step_by(rounds).copied().collect();
        detected.par_extend(voters(&texts).into_par_iter().map(Voter::detect));
        if chosen.is_some() || majority_is_clear(&votes(&detected)) {
            break;
        }
    }
    let majority = chosen.unwrap_or_else(|| {
        // Ties go to the language listed first in the enum, so the choice is deterministic.
        document_votes(&detected)
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(language, _)| language)
            .unwrap_or(Language::English)
    });
    let foreign = detected
        .iter()
        .filter(|d| d.sure.is_some_and(|l| l != majority))
        .count();
    let documents: usize = detected.iter().map(|d| d.documents).sum();
    LanguageSurvey {
        majority,
        others_present: foreign >= 2 && foreign * 100 >= documents,
    }
}

/// What one text, or one group of short texts read together, votes for.
struct Voter<'a> {
    text: std::borrow::Cow<'a, str>,
    /// How many documents the text holds, each of which counts towards the majority.
    documents: usize,
    /// Whether the text is short texts read together, rather than one document long
    /// enough to tell.
    group: bool,
}

/// A voter's detection: its guess, its sure language (only for a document on its own: a group
/// of headlines may mix languages and is not one document) and how many documents it holds.
struct Detected {
    guess: Option<Language>,
    sure: Option<Language>,
    documents: usize,
}

impl Voter<'_> {
    fn detect(self) -> Detected {
        if !self.group {
            let (guess, sure) = detect(&self.text);
            return Detected {
                guess,
                sure,
                documents: 1,
            };
        }
        // A group of short texts is read whole. whatlang's trigrams still mistake groups of
        // English headlines for French or "other" (groups of 31 titles: 2 of 72 of
        // bbc-news's, 7 of 246 of ag-news-test's, 22 of 247 of reuters-r8's), where the
        // language whose function words they use most was right in all of them. whatlang is
        // kept where it is sure of a language without a list of function words (Polish, say:
        // "other"), or of another script.
        let info = whatlang::detect(&self.text);
        let whatlangs = info.as_ref().map(|i| Language::from_whatlang(i.lang()));
        let sure_of_unlisted = info.as_ref().is_some_and(|i| i.is_reliable())
            && whatlangs.is_some_and(|l| StopWords::shared(l).is_empty());
        // Without function words to go by, whatlang's guess counts only where it is sure or
        // the script tells: from three Latin-script words its guess is noise ("Apple unveils
        // new iPhone" came out Italian, "Putin meets Xi" Turkish), and a one-line file was
        // then stemmed as such.
        let telling = info
            .as_ref()
            .is_some_and(|i| i.is_reliable() || i.script() != whatlang::Script::Latin);
        let guess = if sure_of_unlisted {
            whatlangs
        } else {
            most_function_words(&self.text).or(whatlangs.filter(|_| telling))
        };
        Detected {
            guess,
            sure: None,
            documents: self.documents,
        }
    }
}

/// The language whose function words (stop words) `text` uses most, if one leads.
fn most_function_words(text: &str) -> Option<Language> {
    use unicode_segmentation::UnicodeSegmentation;
    let words: Vec<String> = text.unicode_words().map(str::to_lowercase).collect();
    let mut counts: Vec<(Language, usize)> = Language::ALL
        .iter()
        .map(|&language| {
            let stop_words = StopWords::shared(language);
            let used = words.iter().filter(|w| stop_words.contains(w)).count();
            (language, used)
        })
        .collect();
    counts.sort_by_key(|&(_, used)| std::cmp::Reverse(used));
    match counts.as_slice() {
        [(language, first), (_, second), ..] if first > second => Some(*language),
        _ => None,
    }
}

/// The survey's voters among `texts`: each text long enough to tell its own language on its
/// own ([`CONFIDENT_MIN_CHARS`]), and the shorter ones joined in their order into groups of
/// [`GROUP_CHARS`]; the last group may be shorter.
fn voters<'a>(texts: &[&'a str]) -> Vec<Voter<'a>> {
    let mut voters = Vec::new();
    let (mut group, mut grouped) = (String::new(), 0);
    let mut group_chars = 0;
    for &text in texts {
        if text.char_indices().nth(CONFIDENT_MIN_CHARS).is_some() {
            voters.push(Voter {
                text: text.into(),
                documents: 1,
                group: false,
            });
            continue;
        }
        group.push_str(text.trim());
        group.push('\n');
        grouped += 1;
        group_chars += text.trim().chars().count() + 1;
        if group_chars >= GROUP_CHARS {
            voters.push(Voter {
                text: std::mem::take(&mut group).into(),
                documents: std::mem::take(&mut grouped),
                group: true,
            });
            group_chars = 0;
        }
    }
    if grouped > 0 {
        voters.push(Voter {
            text: group.into(),
            documents: grouped,
            group: true,
        });
    }
    voters
}

/// Each guessed language and how many texts or groups guessed it.
fn votes(detected: &[Detected]) -> BTreeMap<Language, usize> {
    let mut counts = BTreeMap::<Language, usize>::new();
    for language in detected.iter().filter_map(|d| d.guess) {
        *counts.entry(language).or_default() += 1;
    }
    counts
}

/// Each guessed language and the documents that vote for it.
fn document_votes(detected: &[Detected]) -> BTreeMap<Language, usize> {
    let mut counts = BTreeMap::<Language, usize>::new();
    for d in detected {
        if let Some(language) = d.guess {
            *counts.entry(language).or_default() += d.documents;
        }
    }
    counts
}

/// Whether the leading language's lead over the second is beyond what chance gives two
/// languages of equal share: more than three standard deviations (3·√(votes of the two)).
fn majority_is_clear(votes: &BTreeMap<Language, usize>) -> bool {
    let mut counts: Vec<usize> = votes.values().copied().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let first = counts.first().copied().unwrap_or(0);
    let second = counts.get(1).copied().unwrap_or(0);
    first > 0 && (first - second) as f64 > 3.0 * ((first + second) as f64).sqrt()
}

/// Share of a text's words that must be the language's function words before the text is
/// taken as written in it: running prose in any of the supported languages has well over a
/// third, while tables of figures, lists of names and codes have next to none, and whatlang's
/// trigram guess on those is noise (an earnings table "sure" to be French).
const MIN_FUNCTION_WORD_SHARE: f32 = 0.15;

/// Whether `text` has the function words of prose in `language`. Languages without a stop-word
/// list, or written without spaces, cannot be checked this way and pass.
fn reads_as_prose_in(text: &str, language: Language) -> bool {
    use unicode_segmentation::UnicodeSegmentation;
    if matches!(language, Language::Chinese | Language::Japanese) {
        return true;
    }
    let stop_words = super::stop_words::StopWords::shared(language);
    if stop_words.is_empty() {
        return true;
    }
    let (mut words, mut function_words) = (0usize, 0usize);
    for word in text.unicode_words() {
        words += 1;
        if stop_words.contains(&word.to_lowercase()) {
            function_words += 1;
        }
    }
    words > 0 && function_words as f32 >= MIN_FUNCTION_WORD_SHARE * words as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_of_figures_is_not_confidently_in_any_language() {
        // whatlang calls this "reliably" French; it has no French (or English) prose at all.
        let table = "CODENOLL TECHNOLOGY CORP <CODN> 4TH QTR LOSS\n\nShr loss 12 cts vs loss 17 \
                     cts\n    Net loss 484,556 vs loss 620,607\n    Sales 2,167,631 vs 1,062,837\n \
                     Avg shrs 3,985,924 vs 3,935,969\n    Year\n    Shr loss 34 cts vs loss 41 \
                     cts\n    Net loss 1,376,000 vs loss 1,550,000\n";
        assert_eq!(detect_language_confidently(table), None);
        let french = "Le gouvernement a annoncé lundi que les impôts des petites entreprises \
                      baisseront l'année prochaine. Le ministre des finances a déclaré que cet \
                      allègement aiderait l'économie à retrouver la croissance dans les régions.";
        assert_eq!(detect_language_confidently(french), Some(Language::French));
    }

    #[test]
    fn detects_major_european_languages() {
        let samples = [
            (
                Language::English,
                "The government announced new tariffs on steel imports today, raising fears of a trade war.",
            ),
            (
                Language::German,
                "Die Regierung hat heute neue Zölle auf Stahlimporte angekündigt, was Sorgen vor einem Handelskrieg weckt.",
            ),
            (
                Language::French,
                "Le gouvernement a annoncé aujourd'hui de nouveaux droits de douane sur les importations d'acier.",
            ),
            (
                Language::Spanish,
                "El gobierno anunció hoy nuevos aranceles a las importaciones de acero, lo que genera temor a una guerra comercial.",
            ),
            (
                Language::Italian,
                "Il governo ha annunciato oggi nuovi dazi sulle importazioni di acciaio, alimentando i timori di una guerra commerciale.",
            ),
            (
                Language::Portuguese,
                "O governo anunciou hoje novas tarifas sobre as importações de aço, aumentando o receio de uma guerra comercial.",
            ),
            (
                Language::Dutch,
                "De regering heeft vandaag nieuwe invoerheffingen op staal aangekondigd, wat de vrees voor een handelsoorlog vergroot.",
            ),
            (
                Language::Russian,
                "Правительство сегодня объявило о новых пошлинах на импорт стали, что усилило опасения торговой войны.",
            ),
        ];
        for (expected, text) in samples {
            assert_eq!(detect_language(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn majority_wins_over_a_few_foreign_documents() {
        let texts = [
            "Voters head to the polls on Sunday in a closely fought presidential election.",
            "Central bank raises interest rates again as inflation stays stubbornly high.",
            "Die Wahlbeteiligung war in diesem Jahr höher als je zuvor in der Geschichte.",
            "Storms batter the coast, cutting power to thousands of homes overnight.",
        ];
        assert_eq!(
            survey_languages(texts.into_iter(), None, 100).majority,
            Language::English
        );
    }

    #[test]
    fn a_close_majority_is_surveyed_to_the_end_and_still_wins() {
        let english = "Voters head to the polls on Sunday in a closely fought presidential election, with the economy and the cost of living at the top of their concerns, according to the latest polls published on Saturday.";
        let french = "Les électeurs se rendent aux urnes dimanche pour une élection présidentielle serrée, avec l'économie et le coût de la vie en tête de leurs préoccupations, selon les derniers sondages publiés samedi.";
        // 1,040 English and 960 French texts, evenly mixed: no round alone is beyond chance.
        let texts: Vec<&str> = (0..2000)
            .map(|i| if i % 25 < 13 { english } else { french })
            .collect();
        let survey = survey_languages(texts.into_iter(), None, 2000);
        assert_eq!(survey.majority, Language::English);
        assert!(survey.others_present);
    }

    #[test]
    fn a_lead_is_clear_only_beyond_chance() {
        let votes = |pairs: &[(Language, usize)]| pairs.iter().copied().collect();
        assert!(majority_is_clear(&votes(&[(Language::English, 250)])));
        assert!(majority_is_clear(&votes(&[
            (Language::English, 160),
            (Language::French, 90)
        ])));
        assert!(!majority_is_clear(&votes(&[
            (Language::English, 137),
            (Language::French, 113)
        ])));
        assert!(!majority_is_clear(&votes(&[])));
    }

    #[test]
    fn nothing_to_tell_defaults_to_english() {
        assert_eq!(
            survey_languages(["", "1234"].into_iter(), None, 10).majority,
            Language::English
        );
    }

    #[test]
    fn a_few_latin_words_without_function_words_follow_the_default() {
        // whatlang guesses these as Italian, Turkish and Dutch, none of them surely.
        for headline in ["Apple unveils new iPhone", "Putin meets Xi", "hello world"] {
            let survey = survey_languages([headline].into_iter(), None, 10);
            assert_eq!(survey.majority, Language::English, "{headline}");
        }
        // Function words still tell a short text's language, and a script of its own too.
        for (headline, language) in [
            ("Le gouvernement annonce une réforme", Language::French),
            ("Die Regierung plant eine neue Steuer", Language::German),
            ("Правительство и парламент", Language::Russian),
            ("政府计划对机票征收新税", Language::Chinese),
        ] {
            let survey = survey_languages([headline].into_iter(), None, 10);
            assert_eq!(survey.majority, language, "{headline}");
        }
    }

    #[test]
    fn headlines_are_read_together_to_tell_their_language() {
        let headlines = [
            "Firm admits fault in data leak",
            "Ministers clash over rail budget",
            "Markets rally as rate fears ease",
            "Striker signs new deal with club",
            "Oil price hits four-month high",
            "Rebels seize border town",
            "Storm leaves thousands without power",
            "Chancellor unveils tax plans",
            "Bank chief warns of slow growth",
            "Fans mourn football legend",
        ];
        // One by one, most of these are guessed to be in another language (or none).
        let one_by_one = headlines
            .iter()
            .filter(|h| detect_language(h) == Some(Language::English))
            .count();
        assert!(one_by_one <= 3, "{one_by_one} told as English alone");
        let survey = survey_languages(headlines.into_iter(), None, 1000);
        assert_eq!(survey.majority, Language::English);
        assert!(!survey.others_present);
    }

    #[test]
    fn headline_lists_in_other_languages_keep_them() {
        let lists: [(Language, &[&str]); 5] = [
            (
                Language::German,
                &[
                    "Regierung plant neue Steuer auf Flugtickets",
                    "Hochwasser im Süden: Schulen bleiben geschlossen",
                    "Bahn streicht Verbindungen nach Sturm",
                    "Zinsen steigen weiter, sagt die Zentralbank",
                    "Tausende demonstrieren in Berlin für Klimaschutz",
                    "Autobauer kündigt Stellenabbau an",
                    "Wahl in Bayern: Koalition verliert Mehrheit",
                    "Neue Regeln für Mieter ab Januar",
                ],
            ),
            (
                Language::French,
                &[
                    "Le gouvernement prépare une taxe sur les billets d'avion",
                    "Inondations dans le Sud : les écoles restent fermées",
                    "Les taux montent encore, selon la banque centrale",
                    "Des milliers de manifestants à Paris pour le climat",
                    "Le constructeur annonce des suppressions de postes",
                    "Nouvelles règles pour les locataires dès janvier",
                ],
            ),
            // A language without a list of function words stays what whatlang is sure it is.
            (
                Language::Other,
                &[
                    "Rząd planuje nowy podatek od biletów lotniczych",
                    "Powódź na południu: szkoły pozostają zamknięte",
                    "Stopy procentowe znowu rosną, mówi bank centralny",
                    "Tysiące ludzi protestuje w Warszawie w sprawie klimatu",
                    "Producent samochodów zapowiada zwolnienia",
                    "Nowe zasady dla najemców od stycznia",
                    "Wybory w Krakowie: koalicja traci większość",
                ],
            ),
            // Nor do scripts of their own.
            (
                Language::Chinese,
                &[
                    "政府计划对机票征收新税",
                    "南方洪水：学校继续关闭",
                    "暴风雨后铁路取消多趟列车",
                    "央行表示利率将继续上升",
                    "数千人在北京参加气候游行",
                ],
            ),
            (
                Language::Japanese,
                &[
                    "政府が航空券に新たな税を計画",
                    "南部で洪水、学校は休校が続く",
                    "嵐の後、鉄道が多くの列車を運休",
                    "中央銀行は金利がさらに上がると述べた",
                    "東京で数千人が気候デモに参加",
                ],
            ),
        ];
        for (language, headlines) in lists {
            let survey = survey_languages(headlines.iter().copied(), None, 1000);
            assert_eq!(survey.majority, language, "{headlines:?}");
        }
    }

    #[test]
    fn short_texts_vote_in_groups_and_long_ones_alone() {
        let headline = "Ministers clash over rail budget"; // 32 characters
        let story = "Ministers clashed on Tuesday over the rail budget, as the finance department \
                     refused to fund the new line to the north that the transport minister had \
                     promised to the region's voters.";
        // 31 headlines fill a group of 1,000 characters (33 each, with the line break); the
        // other 9 make a last, shorter group; the story votes on its own.
        let mut texts = vec![headline; 40];
        texts.insert(4, story);
        let grouped = voters(&texts);
        let documents: Vec<usize> = grouped.iter().map(|v| v.documents).collect();
        assert_eq!(documents, vec![1, 31, 9]);
        assert_eq!(grouped[0].text, story);
        assert_eq!(grouped[1].text.lines().count(), 31);
        // A few headlines alone still vote, as one.
        let documents: Vec<usize> = voters(&[headline; 3]).iter().map(|v| v.documents).collect();
        assert_eq!(documents, vec![3]);
    }
}
