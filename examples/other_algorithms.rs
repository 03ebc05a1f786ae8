//! How linfa's other clustering algorithms do on the app's document vectors, against labels:
//! k-means as the app runs it, a Gaussian mixture on the leading 10, 20 and 40 dimensions,
//! and DBSCAN on a sample at three radii (the share it calls noise, and the NMI of the rest).
//! The measurement behind offering k-means alone.
//!
//!     cargo run --release --example other_algorithms -- FOLDER LABELS.csv K [--fields title]
//!
//! FOLDER holds one file per labelled document and LABELS.csv has a header and then
//! `id,label` lines, `id` being a file's name without its extension (what
//! `../shared/corpora/materialize.py` writes).

#[allow(dead_code)]
#[path = "../tests/integration/support.rs"]
mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use linfa::prelude::*;
use linfa_clustering::{Dbscan, GaussianMixtureModel};
use ndarray::{Array2, Axis, s};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use topic_atlas::cluster::TopicCount;
use topic_atlas::corpus::{self, Fields, LoadOptions};
use topic_atlas::pipeline::{Pipeline, Settings};
use topic_atlas::progress::{Cancel, NoProgress};

/// Rows DBSCAN sees: it compares every pair, so the whole of a large corpus would take long.
const DBSCAN_SAMPLE: usize = 3000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [folder, labels, k, rest @ ..] = args.as_slice() else {
        return Err("usage: other_algorithms FOLDER LABELS.csv K [--fields title]".into());
    };
    let k: usize = k.parse()?;
    let titles_only = rest.iter().any(|a| a == "title");

    let corpus = corpus::load_path(
        folder.as_ref(),
        &LoadOptions::default(),
        &NoProgress,
        &Cancel::new(),
    )?;
    let label_of: HashMap<String, String> = std::fs::read_to_string(labels)?
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(','))
        .map(|(id, label)| (id.to_string(), label.to_string()))
        .collect();
    let truth: Vec<String> = corpus
        .documents
        .iter()
        .map(|d| {
            let id = d.sources[0]
                .file
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy();
            label_of.get(id.as_ref()).cloned().unwrap_or_default()
        })
        .collect();

    let settings = Settings {
        topics: TopicCount::Fixed(k),
        fields: if titles_only {
            Fields::Title
        } else {
            Fields::All
        },
        ..Settings::default()
    };
    let start = Instant::now();
    let outcome = Pipeline::new(Arc::new(corpus)).run(&settings, &NoProgress, &Cancel::new())?;
    println!(
        "k-means (the app): NMI {:.3}, whole pipeline {:.2} s",
        support::nmi(&truth, &outcome.clustering.assignments),
        start.elapsed().as_secs_f64()
    );
    let rows = &outcome.vectors.rows;

    // linfa's mixture has full covariances only: a handful of leading dimensions keeps it
    // tractable (d² parameters per topic).
    for dimensions in [10, 20, 40] {
        let d = dimensions.min(rows.ncols());
        let x: Array2<f64> = rows.slice(s![.., ..d]).mapv(f64::from);
        let start = Instant::now();
        let fitted = GaussianMixtureModel::params_with_rng(k, Xoshiro256Plus::seed_from_u64(0))
            .max_n_iterations(100)
            .tolerance(1e-3)
            .reg_covariance(1e-4)
            .fit(&DatasetBase::from(x.clone()));
        match fitted {
            Ok(model) => println!(
                "Gaussian mixture on {d} dimensions: NMI {:.3} in {:.2} s",
                support::nmi(&truth, model.predict(&x).as_slice().unwrap_or(&[])),
                start.elapsed().as_secs_f64()
            ),
            Err(e) => println!("Gaussian mixture on {d} dimensions: failed ({e})"),
        }
    }

    let step = rows.nrows().div_ceil(DBSCAN_SAMPLE).max(1);
    let sample: Vec<usize> = (0..rows.nrows()).step_by(step).collect();
    let x: Array2<f64> = rows.select(Axis(0), &sample).mapv(f64::from);
    // Rows are of unit length, so Euclidean radii 0.6 to 1.0 are cosine similarities of 0.82
    // down to 0.5.
    for radius in [0.6, 0.8, 1.0] {
        let start = Instant::now();
        let found = Dbscan::params(5).tolerance(radius).check()?.transform(&x);
        let (clustered, clustered_truth): (Vec<usize>, Vec<&String>) = found
            .iter()
            .zip(&sample)
            .filter_map(|(cluster, &i)| cluster.map(|c| (c, &truth[i])))
            .unzip();
        let clusters = clustered.iter().max().map_or(0, |&m| m + 1);
        println!(
            "DBSCAN radius {radius}: {clusters} clusters, {} of {} rows noise, NMI of the rest {:.3}, in {:.2} s",
            sample.len() - clustered.len(),
            sample.len(),
            support::nmi(&clustered_truth, &clustered),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
