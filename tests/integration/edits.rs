//! A person's edits to the topics (rename, merge, split, move) on the demo corpus: what each
//! does, that they are reproduced exactly, and that they survive re-clustering.

use std::sync::Arc;

use topic_atlas::cluster::TopicCount;
use topic_atlas::corpus::{self, Corpus};
use topic_atlas::pipeline::{Outcome, Pipeline, Settings};
use topic_atlas::progress::{Cancel, NoProgress};
use topic_atlas::topics::{ArticleKey, Edit, TopicRef};

fn demo() -> Arc<Corpus> {
    Arc::new(corpus::load_demo())
}

fn settings(k: usize) -> Settings {
    Settings {
        topics: TopicCount::Fixed(k),
        ..Settings::default()
    }
}

fn run(pipeline: &mut Pipeline, settings: &Settings, edits: &[Edit]) -> Outcome {
    pipeline
        .run_with_edits(settings, edits, &NoProgress, &Cancel::new())
        .expect("the pipeline runs")
}

/// The topic holding most of the articles of `reference` (the test's own view of "the same
/// topic", independent of the app's matching).
fn topic_holding(outcome: &Outcome, reference: &TopicRef) -> usize {
    let mut votes = vec![0; outcome.topics.topics.len()];
    for (d, document) in outcome.corpus.documents.iter().enumerate() {
        if reference
            .articles
            .contains(&ArticleKey::of(document.source()))
        {
            votes[outcome.topics.assignments[d]] += 1;
        }
    }
    (0..votes.len()).max_by_key(|&t| votes[t]).unwrap()
}

fn sizes_add_up(outcome: &Outcome) {
    let total: usize = outcome.topics.topics.iter().map(|t| t.size).sum();
    assert_eq!(total, outcome.corpus.documents.len());
    for (id, topic) in outcome.topics.topics.iter().enumerate() {
        assert_eq!(topic.id, id);
        let members = outcome
            .topics
            .assignments
            .iter()
            .filter(|&&t| t == id)
            .count();
        assert_eq!(topic.size, members, "topic {id}");
        assert!(topic.size > 0);
    }
}

#[test]
fn a_renamed_topic_keeps_its_name_when_the_number_of_topics_changes() {
    let corpus = demo();
    let mut pipeline = Pipeline::new(corpus.clone());
    let before = run(&mut pipeline, &settings(11), &[]);
    let reference = TopicRef::of(&before.topics, 2, &corpus);
    let rename = Edit::Rename {
        topic: reference.clone(),
        name: "My topic".into(),
    };
    let renamed = run(&mut pipeline, &settings(11), std::slice::from_ref(&rename));
    assert_eq!(renamed.topics.topics[2].label, "My topic");
    assert!(renamed.topics.topics[2].renamed);
    assert_eq!(renamed.topics.assignments, before.topics.assignments);
    // A rename does not move anything on the map.
    assert_eq!(renamed.layout.topics, before.layout.topics);
    assert_eq!(renamed.layout.documents, before.layout.documents);
    assert_eq!(
        renamed.machine_topics.topics[2].label,
        before.topics.topics[2].label
    );

    for k in [9, 13] {
        let other = run(&mut pipeline, &settings(k), std::slice::from_ref(&rename));
        let named: Vec<usize> = other
            .topics
            .topics
            .iter()
            .filter(|t| t.label == "My topic")
            .map(|t| t.id)
            .collect();
        assert_eq!(named, vec![topic_holding(&other, &reference)], "k = {k}");
    }
}

#[test]
fn merging_folds_topics_into_the_first() {
    let corpus = demo();
    let mut pipeline = Pipeline::new(corpus.clone());
    let before = run(&mut pipeline, &settings(11), &[]);
    let (a, b) = (1, 4);
    let merge = Edit::Merge {
        topics: vec![
            TopicRef::of(&before.topics, a, &corpus),
            TopicRef::of(&before.topics, b, &corpus),
        ],
    };
    let after = run(&mut pipeline, &settings(11), &[merge]);
    sizes_add_up(&after);
    assert_eq!(after.topics.topics.len(), 10);
    for (d, &t) in before.topics.assignments.iter().enumerate() {
        let now = after.topics.assignments[d];
        if t == a || t == b {
            assert_eq!(now, a, "document {d}");
        } else {
            // Topics after the removed one move up by one; the rest keep their numbers.
            assert_eq!(now, if t > b { t - 1 } else { t }, "document {d}");
        }
    }
    assert_eq!(
        after.topics.topics[a].size,
        before.topics.topics[a].size + before.topics.topics[b].size
    );
    // Untouched topics keep their places on the map; the merged one sits among its documents.
    assert_eq!(after.layout.topics.len(), 10);
    assert_eq!(after.layout.topics[0], before.layout.topics[0]);
    assert_eq!(after.layout.topics[9], before.layout.topics[10]);
    let members: Vec<[f32; 2]> = (0..after.topics.assignments.len())
        .filter(|&d| after.topics.assignments[d] == a)
        .map(|d| after.layout.documents[d])
        .collect();
    let mean_x = members.iter().map(|p| p[0]).sum::<f32>() / members.len() as f32;
    assert!((after.layout.topics[a][0] - mean_x).abs() < 1e-3);
}

#[test]
fn splitting_a_topic_clusters_only_its_articles() {
    let corpus = demo();
    let mut pipeline = Pipeline::new(corpus.clone());
    // Too few topics for the demo's eleven: some topic holds two subjects.
    let before = run(&mut pipeline, &settings(6), &[]);
    let split = Edit::Split {
        topic: TopicRef::of(&before.topics, 0, &corpus),
        into: TopicCount::Fixed(3),
    };
    let after = run(&mut pipeline, &settings(6), &[split]);
    sizes_add_up(&after);
    assert_eq!(after.topics.topics.len(), 8);
    for (d, &t) in before.topics.assignments.iter().enumerate() {
        let now = after.topics.assignments[d];
        if t == 0 {
            assert!(now == 0 || now >= 6, "document {d} went to {now}");
        } else {
            assert_eq!(now, t, "document {d} was not in the split topic");
        }
    }
    // The parts have labels of their own.
    let labels: std::collections::HashSet<&str> = [0, 6, 7]
        .iter()
        .map(|&t| after.topics.topics[t].label.as_str())
        .collect();
    assert_eq!(labels.len(), 3, "{labels:?}");
}

#[test]
fn moved_articles_stay_where_they_were_put_across_re_clustering() {
    let corpus = demo();
    let mut pipeline = Pipeline::new(corpus.clone());
    let before = run(&mut pipeline, &settings(11), &[]);
    let target = TopicRef::of(&before.topics, 5, &corpus);
    let strays: Vec<usize> = (0..corpus.documents.len())
        .filter(|&d| before.topics.assignments[d] == 0)
        .take(3)
        .collect();
    let keys: Vec<ArticleKey> = strays
        .iter()
        .map(|&d| ArticleKey::of(corpus.documents[d].source()))
        .collect();
    let moved = Edit::Move {
        articles: keys,
        to: target.clone(),
    };
    let after = run(&mut pipeline, &settings(11), std::slice::from_ref(&moved));
    sizes_add_up(&after);
    for &d in &strays {
        assert_eq!(after.topics.assignments[d], 5);
    }
    assert_eq!(
        after.topics.topics[5].size,
        before.topics.topics[5].size + 3
    );

    let reclustered = run(&mut pipeline, &settings(12), std::slice::from_ref(&moved));
    let home = topic_holding(&reclustered, &target);
    for &d in &strays {
        assert_eq!(reclustered.topics.assignments[d], home);
    }
}

#[test]
fn the_same_edits_give_the_same_topics_bit_for_bit() {
    let corpus = demo();
    let before = run(&mut Pipeline::new(corpus.clone()), &settings(11), &[]);
    let edits = vec![
        Edit::Split {
            topic: TopicRef::of(&before.topics, 1, &corpus),
            into: TopicCount::Auto,
        },
        Edit::Rename {
            topic: TopicRef::of(&before.topics, 3, &corpus),
            name: "Renamed".into(),
        },
        Edit::Merge {
            topics: vec![
                TopicRef::of(&before.topics, 7, &corpus),
                TopicRef::of(&before.topics, 8, &corpus),
            ],
        },
    ];
    let one = run(&mut Pipeline::new(corpus.clone()), &settings(11), &edits);
    let two = run(&mut Pipeline::new(corpus), &settings(11), &edits);
    assert_eq!(one.topics.assignments, two.topics.assignments);
    assert_eq!(one.topics.topics, two.topics.topics);
    let closeness_bits =
        |o: &Outcome| -> Vec<u32> { o.topics.closeness.iter().map(|c| c.to_bits()).collect() };
    assert_eq!(closeness_bits(&one), closeness_bits(&two));
    sizes_add_up(&one);
}

#[test]
fn an_edit_whose_topic_is_gone_is_left_out() {
    let corpus = demo();
    let mut pipeline = Pipeline::new(corpus.clone());
    let before = run(&mut pipeline, &settings(11), &[]);
    let nowhere = TopicRef {
        articles: vec![ArticleKey {
            file: "no/such/file.txt".into(),
            item: 1,
        }],
        keywords: vec!["zyxwv".into(), "qwerty".into()],
    };
    let edits = vec![
        Edit::Rename {
            topic: nowhere.clone(),
            name: "Ghost".into(),
        },
        Edit::Merge {
            topics: vec![nowhere.clone(), TopicRef::of(&before.topics, 0, &corpus)],
        },
    ];
    let after = run(&mut pipeline, &settings(11), &edits);
    assert_eq!(after.topics.assignments, before.topics.assignments);
    assert!(after.topics.topics.iter().all(|t| t.label != "Ghost"));
}

#[test]
fn names_survive_opening_the_folder_again_with_new_and_removed_files() {
    use std::path::Path;
    use topic_atlas::corpus::LoadOptions;

    fn copy_folder(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("readable") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("type").is_dir() {
                copy_folder(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }
    let load = |folder: &Path| {
        Arc::new(
            corpus::load_path(folder, &LoadOptions::default(), &NoProgress, &Cancel::new())
                .expect("loads"),
        )
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("news");
    copy_folder(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo"),
        &folder,
    );
    let corpus = load(&folder);
    let before = run(&mut Pipeline::new(corpus.clone()), &settings(11), &[]);
    let reference = TopicRef::of(&before.topics, 1, &corpus);
    let edits = vec![Edit::Rename {
        topic: reference.clone(),
        name: "Kept name".into(),
    }];

    // New stories arrive and an old file goes.
    std::fs::remove_dir_all(folder.join("international")).expect("remove");
    let new_stories = folder.join("late");
    std::fs::create_dir_all(&new_stories).expect("mkdir");
    for (i, d) in corpus.documents.iter().take(40).enumerate() {
        std::fs::write(
            new_stories.join(format!("late-{i}.txt")),
            format!("{} (update)\n\n{} More details later.\n", d.title, d.body),
        )
        .expect("write");
    }
    let reopened = load(&folder);
    assert_ne!(reopened.documents.len(), corpus.documents.len());
    let after = run(&mut Pipeline::new(reopened), &settings(11), &edits);
    let named: Vec<usize> = after
        .topics
        .topics
        .iter()
        .filter(|t| t.label == "Kept name")
        .map(|t| t.id)
        .collect();
    assert_eq!(named, vec![topic_holding(&after, &reference)]);
}

#[test]
fn an_automatic_split_makes_a_handful_of_parts() {
    use topic_atlas::topics::edits::MAX_SPLIT_PARTS;
    let corpus = demo();
    let mut pipeline = Pipeline::new(corpus.clone());
    let before = run(&mut pipeline, &settings(3), &[]);
    let split = Edit::Split {
        topic: TopicRef::of(&before.topics, 0, &corpus),
        into: TopicCount::Auto,
    };
    let after = run(&mut pipeline, &settings(3), &[split]);
    sizes_add_up(&after);
    let parts = after.topics.topics.len() - before.topics.topics.len() + 1;
    assert!((2..=MAX_SPLIT_PARTS).contains(&parts), "{parts} parts");
}
