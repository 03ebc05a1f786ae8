//! Meaning from a sentence-embedding model a person has, instead of the built-in word
//! vectors. Without a model a folder is refused with a message; with one (all-MiniLM-L6-v2,
//! which `.ci/run` fetches and names in TOPIC_ATLAS_SENTENCE_MODEL), related sentences are
//! close and the example file's headlines meet by what they mean. Those tests need the model,
//! so `cargo test` leaves them out, as it does the quality tests.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use topic_atlas::pipeline::{Pipeline, PipelineError, Settings};
use topic_atlas::progress::{Cancel, NoProgress, Progress, Stage};
use topic_atlas::reduce::sentence_model::SentenceModel;

use crate::support::{ELECTION_HEADLINES, TARIFF_HEADLINES, example_file_corpus, one_topic_of};

fn example_corpus() -> Arc<topic_atlas::corpus::Corpus> {
    Arc::new(example_file_corpus())
}

fn with_model(folder: &Path) -> Settings {
    Settings {
        sentence_model: Some(folder.to_path_buf()),
        ..Settings::default()
    }
}

#[test]
fn a_folder_without_a_model_is_refused_with_what_it_lacks() {
    let empty = tempfile::tempdir().expect("tempdir");
    let result =
        Pipeline::new(example_corpus()).run(&with_model(empty.path()), &NoProgress, &Cancel::new());
    let Err(error @ PipelineError::SentenceModel(_)) = result else {
        panic!("a folder without a model is refused");
    };
    let message = error.to_string();
    assert!(message.contains("config.json"), "{message}");
    assert!(message.contains("not a sentence model"), "{message}");

    // Files of the right names that are not a model.
    for file in ["config.json", "tokenizer.json", "model.safetensors"] {
        std::fs::write(empty.path().join(file), "not a model").expect("written");
    }
    let Err(error) = SentenceModel::load(empty.path()) else {
        panic!("damaged files are refused");
    };
    assert!(error.to_string().contains("could not be read"), "{error}");
}

#[test]
fn the_command_line_says_why_a_model_folder_cannot_be_used() {
    let empty = tempfile::tempdir().expect("tempdir");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/briefings");
    let result = std::process::Command::new(env!("CARGO_BIN_EXE_topic-atlas"))
        .args(["cluster", example.to_str().expect("utf-8"), "-q"])
        .arg("--sentence-model")
        .arg(empty.path())
        .output()
        .expect("the binary runs");
    assert!(!result.status.success());
    let said = String::from_utf8_lossy(&result.stderr);
    assert!(said.contains("not a sentence model's folder"), "{said}");
    assert!(!said.contains("panicked"), "{said}");
}

/// The model named by TOPIC_ATLAS_SENTENCE_MODEL (`.ci/run` fetches all-MiniLM-L6-v2).
fn model_folder() -> PathBuf {
    let folder = std::env::var_os("TOPIC_ATLAS_SENTENCE_MODEL").map(PathBuf::from);
    folder.unwrap_or_else(|| {
        panic!(
            "TOPIC_ATLAS_SENTENCE_MODEL names no folder: `.ci/run` shows how to fetch \
             all-MiniLM-L6-v2 for these tests"
        )
    })
}

#[test]
#[ignore = "needs a sentence model (TOPIC_ATLAS_SENTENCE_MODEL); .ci/run fetches one"]
fn related_sentences_are_closer_than_unrelated_ones() {
    let model = SentenceModel::load(&model_folder()).expect("the model loads");
    let texts = [
        "Voters go to the polls in a presidential runoff",
        "The ballot count confirms the incumbent's re-election",
        "The striker scored twice as the home side won the cup final",
        "",
    ];
    let vectors = model.embed(&texts, &Cancel::new(), |_| {}).expect("embeds");
    assert_eq!(vectors.dim(), (4, 384));
    let cosine = |a: usize, b: usize| vectors.row(a).dot(&vectors.row(b));
    for i in 0..3 {
        assert!((cosine(i, i) - 1.0).abs() < 1e-4, "unit length");
    }
    assert!(
        cosine(0, 1) > cosine(0, 2) + 0.2,
        "{} {}",
        cosine(0, 1),
        cosine(0, 2)
    );
    assert!(cosine(0, 1) > cosine(1, 2) + 0.2);
    // An empty text has no meaning: a zero row, close to nothing.
    assert_eq!(cosine(3, 3), 0.0);
    // The same texts in another order give the same vectors (texts are batched by length).
    let reversed: Vec<&str> = texts.iter().rev().copied().collect();
    let again = model
        .embed(&reversed, &Cancel::new(), |_| {})
        .expect("embeds");
    for i in 0..4 {
        let difference = (&vectors.row(i) - &again.row(3 - i)).mapv(f32::abs).sum();
        assert!(difference < 1e-3, "text {i}: {difference}");
    }
}

#[test]
#[ignore = "needs a sentence model (TOPIC_ATLAS_SENTENCE_MODEL); .ci/run fetches one"]
fn with_a_sentence_model_the_election_headlines_meet() {
    let outcome = Pipeline::new(example_corpus())
        .run(&with_model(&model_folder()), &NoProgress, &Cancel::new())
        .expect("the pipeline runs");
    one_topic_of(&outcome, &TARIFF_HEADLINES, "the two tariff headlines");
    // All five, Bosnia's "Presidential Rerun" included, which the built-in word vectors leave
    // with the threat to the vice president (at 8 of seeds 0-9; this is seed 0).
    let elections = one_topic_of(&outcome, &ELECTION_HEADLINES, "the election headlines");
    let others = outcome
        .topics
        .assignments
        .iter()
        .filter(|&&t| t == elections)
        .count();
    assert_eq!(others, 5, "the elections' topic holds them alone");
}

#[test]
#[ignore = "needs a sentence model (TOPIC_ATLAS_SENTENCE_MODEL); .ci/run fetches one"]
fn the_model_embeds_the_documents_once_whatever_the_seed() {
    let reports = Mutex::new(Vec::<Progress>::new());
    let record = |progress: Progress| reports.lock().expect("not poisoned").push(progress);
    let embedded = || {
        let reports = reports.lock().expect("not poisoned");
        reports
            .iter()
            .filter(|p| p.stage == Stage::Meaning && p.done > 0)
            .count()
    };
    let mut pipeline = Pipeline::new(example_corpus());
    let settings = with_model(&model_folder());
    pipeline
        .run(&settings, &record, &Cancel::new())
        .expect("runs");
    let first = embedded();
    assert!(first > 0, "the documents were embedded");
    // Another seed, another weight of meaning: the same vectors from the model, joined anew.
    let reseeded = Settings {
        seed: 7,
        meaning_weight: 0.5,
        ..settings.clone()
    };
    pipeline
        .run(&reseeded, &record, &Cancel::new())
        .expect("runs");
    assert_eq!(embedded(), first, "not embedded again");
    // Titles only are other texts: embedded again.
    let titles = Settings {
        fields: topic_atlas::corpus::Fields::Title,
        ..reseeded
    };
    pipeline
        .run(&titles, &record, &Cancel::new())
        .expect("runs");
    assert!(embedded() > first);
}
