//! The 2-D map: topics placed by multidimensional scaling of their centres, each
//! document near its topic, pulled towards the other topics it resembles, and spread within its
//! topic along the topic's own two main directions of variation. Linear in the number of
//! documents, and deterministic.

use linfa_linalg::eigh::EighInto;
use ndarray::{Array1, Array2, ArrayView2, Axis};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Positions on the map, in arbitrary units (topics about 1 apart).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    pub documents: Vec<[f32; 2]>,
    pub topics: Vec<[f32; 2]>,
}

/// The same documents' places for topics a person edited (`assignments`, `k` topics), where
/// `layout` was made for the machine's topics (`machine_assignments`). A topic with exactly the
/// documents of a machine topic (renamed, or untouched) keeps that topic's place, so the map
/// does not move under a rename; a merged, split or changed one is placed at the mean of its
/// documents.
pub fn with_edited_topics(
    layout: &Layout,
    machine_assignments: &[usize],
    assignments: &[usize],
    k: usize,
) -> Layout {
    let machine_k = layout.topics.len();
    let mut sums = vec![[0f64; 2]; k];
    let mut counts = vec![0usize; k];
    // The machine topic of each edited topic's documents, or `usize::MAX` when they differ.
    let mut origin: Vec<Option<usize>> = vec![None; k];
    let mut machine_sizes = vec![0usize; machine_k];
    for ((place, &t), &m) in layout
        .documents
        .iter()
        .zip(assignments)
        .zip(machine_assignments)
    {
        sums[t][0] += f64::from(place[0]);
        sums[t][1] += f64::from(place[1]);
        counts[t] += 1;
        if let Some(size) = machine_sizes.get_mut(m) {
            *size += 1;
        }
        origin[t] = match origin[t] {
            None => Some(m),
            Some(o) if o == m => Some(m),
            Some(_) => Some(usize::MAX),
        };
    }
    let topics = (0..k)
        .map(|t| match origin[t] {
            Some(m) if m < machine_k && machine_sizes[m] == counts[t] => layout.topics[m],
            _ => {
                let n = counts[t].max(1) as f64;
                [(sums[t][0] / n) as f32, (sums[t][1] / n) as f32]
            }
        })
        .collect();
    Layout {
        documents: layout.documents.clone(),
        topics,
    }
}

/// How sharply a document's place follows its most similar topic: lower is sharper.
const TEMPERATURE: f32 = 0.04;
/// Radius of a topic's cloud relative to the distance to its nearest neighbouring topic.
const CLOUD_RADIUS: f32 = 0.32;
/// Members of a topic used to find its directions of variation.
const SPREAD_SAMPLE: usize = 1500;

/// Lays out documents (unit-length rows of `vectors`) and their topics.
pub fn layout(
    vectors: ArrayView2<f32>,
    centroids: ArrayView2<f32>,
    assignments: &[usize],
) -> Layout {
    let k = centroids.nrows();
    let mut unit_centroids = centroids.to_owned();
    super::lsa::normalize_rows(&mut unit_centroids);
    let topics = topic_positions(unit_centroids.view());
    let nearest = nearest_neighbour_distances(&topics);
    let spreads = topic_spreads(vectors, unit_centroids.view(), assignments);

    let documents = vectors
        .axis_iter(Axis(0))
        .into_par_iter()
        .zip(assignments.par_iter())
        .map(|(v, &own)| {
            let similarities: Vec<f32> = (0..k).map(|c| v.dot(&unit_centroids.row(c))).collect();
            let anchor = soft_anchor(&similarities, &topics);
            let spread = &spreads[own];
            let centred = &v - &unit_centroids.row(own);
            let radius = CLOUD_RADIUS * nearest[own];
            let offset = [0, 1].map(|axis| {
                let projection = centred.dot(&spread.directions.row(axis));
                (projection / spread.scale[axis]).clamp(-1.5, 1.5) * radius
            });
            [anchor[0] + offset[0], anchor[1] + offset[1]]
        })
        .collect();
    Layout { documents, topics }
}

/// The weighted mean of topic positions, weights a softmax of the similarities.
fn soft_anchor(similarities: &[f32], topics: &[[f32; 2]]) -> [f32; 2] {
    let max = similarities
        .iter()
        .copied()
        .fold(f32::NEG_INFINITY, f32::max);
    let weights: Vec<f32> = similarities
        .iter()
        .map(|s| ((s - max) / TEMPERATURE).exp())
        .collect();
    let total: f32 = weights.iter().sum();
    let mut anchor = [0.0f32; 2];
    for (w, p) in weights.iter().zip(topics) {
        anchor[0] += w / total * p[0];
        anchor[1] += w / total * p[1];
    }
    anchor
}

/// The topic centres scaled to two dimensions: classical MDS, then refined to the least stress
/// from there, and scaled so that topics are on average 1 apart from their nearest neighbour.
fn topic_positions(centroids: ArrayView2<f32>) -> Vec<[f32; 2]> {
    let k = centroids.nrows();
    match k {
        0 => return Vec::new(),
        1 => return vec![[0.0, 0.0]],
        _ => {}
    }
    let c = centroids.mapv(f64::from);
    let gram = c.dot(&c.t());
    // Double centring of the Gram matrix gives MDS's B matrix directly.
    let row_means = gram.mean_axis(Axis(1)).unwrap_or_else(|| Array1::zeros(k));
    let total_mean = row_means.mean().unwrap_or(0.0);
    let b = Array2::from_shape_fn((k, k), |(i, j)| {
        gram[[i, j]] - row_means[i] - row_means[j] + total_mean
    });
    let (values, vectors) = b
        .eigh_into()
        .unwrap_or_else(|_| (Array1::zeros(k), Array2::eye(k)));
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&x, &y| values[y].total_cmp(&values[x]));
    let coordinate = |i: usize, axis: usize| -> f64 {
        let Some(&column) = order.get(axis) else {
            return 0.0;
        };
        let scale = values[column].max(0.0).sqrt();
        // Fix the sign of each axis so the picture does not flip between runs.
        let sign = if vectors
            .column(column)
            .iter()
            .copied()
            .fold(0.0, |a: f64, x| if x.abs() > a.abs() { x } else { a })
            < 0.0
        {
            -1.0
        } else {
            1.0
        };
        sign * vectors[[i, column]] * scale
    };
    // The distances between the centres, which the map should show.
    let targets = Array2::from_shape_fn((k, k), |(i, j)| {
        (gram[[i, i]] + gram[[j, j]] - 2.0 * gram[[i, j]])
            .max(0.0)
            .sqrt()
    });
    // Topics that the projection puts on the same spot would stay together under the
    // refinement (it moves them alike), so each starts a thousandth of the typical distance
    // away from its projection, in a direction of its own.
    let nudge = 1e-3 * targets.mean().unwrap_or(0.0);
    let start: Vec<[f64; 2]> = (0..k)
        .map(|i| {
            let angle = std::f64::consts::TAU * i as f64 / k as f64;
            [
                coordinate(i, 0) + nudge * angle.cos(),
                coordinate(i, 1) + nudge * angle.sin(),
            ]
        })
        .collect();
    let refined = least_stress(&targets, start);
    let mut positions: Vec<[f32; 2]> = refined.iter().map(|p| [p[0] as f32, p[1] as f32]).collect();
    let nearest = nearest_neighbour_distances(&positions);
    let mean_nearest = nearest.iter().sum::<f32>() / k as f32;
    if mean_nearest > 0.0 {
        for p in &mut positions {
            p[0] /= mean_nearest;
            p[1] /= mean_nearest;
        }
    }
    positions
}

/// Most rounds of stress majorization. It stops sooner, when a round lowers the stress by less
/// than a millionth: after 16 to 298 rounds on the demo, bbc-news and 20newsgroups at 5 to 60
/// topics, a few milliseconds at most.
const STRESS_ROUNDS: usize = 1000;

/// Moves `positions` to the least stress (the sum over pairs of the squared difference between
/// their distance on the map and `targets`) reachable from there, by majorization (SMACOF:
/// de Leeuw, 1977), each round a Guttman transform. Classical scaling projects, so topics
/// that are far apart in many directions can land on top of each other; stress counts that
/// as an error as large as their distance.
fn least_stress(targets: &Array2<f64>, mut positions: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    let k = positions.len();
    let mut last_stress = 0.0;
    for round in 0..=STRESS_ROUNDS {
        // Each round measures the map once: for its stress, and for the next move.
        let distances = Array2::from_shape_fn((k, k), |(i, j)| {
            let (a, b) = (positions[i], positions[j]);
            ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
        });
        let mut stress = 0.0;
        for i in 0..k {
            for j in 0..i {
                stress += (distances[[i, j]] - targets[[i, j]]).powi(2);
            }
        }
        if round == STRESS_ROUNDS || (round > 0 && last_stress - stress <= 1e-6 * last_stress) {
            break;
        }
        last_stress = stress;
        positions = (0..k)
            .map(|i| {
                let mut sum = [0.0; 2];
                for j in (0..k).filter(|&j| j != i) {
                    let d = distances[[i, j]];
                    // The Guttman transform: each pair pulls or pushes by its ratio of target
                    // to current distance; a pair on the same spot exerts no force.
                    let ratio = if d > 1e-12 { targets[[i, j]] / d } else { 0.0 };
                    for axis in 0..2 {
                        sum[axis] += ratio * (positions[i][axis] - positions[j][axis]);
                    }
                }
                sum.map(|s| s / k as f64)
            })
            .collect();
    }
    positions
}

/// Distance from each point to its nearest other point (1 when alone).
fn nearest_neighbour_distances(points: &[[f32; 2]]) -> Vec<f32> {
    points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let d = points
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, q)| ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt())
                .fold(f32::INFINITY, f32::min);
            if d.is_finite() && d > 0.0 { d } else { 1.0 }
        })
        .collect()
}

/// A topic's two main directions of variation and the typical size of a projection on each.
struct Spread {
    directions: Array2<f32>,
    scale: [f32; 2],
}

fn topic_spreads(
    vectors: ArrayView2<f32>,
    centroids: ArrayView2<f32>,
    assignments: &[usize],
) -> Vec<Spread> {
    let k = centroids.nrows();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, &c) in assignments.iter().enumerate() {
        members[c].push(i);
    }
    members
        .into_par_iter()
        .enumerate()
        .map(|(topic, rows)| {
            // An even, deterministic subsample keeps this linear for huge topics.
            let step = rows.len().div_ceil(SPREAD_SAMPLE).max(1);
            let rows: Vec<usize> = rows.into_iter().step_by(step).collect();
            let mut centred = vectors.select(Axis(0), &rows).mapv(f64::from);
            let centre = centroids.row(topic).mapv(f64::from);
            centred -= &centre;
            let covariance = centred.t().dot(&centred);
            let (directions, values) = top_two_directions(covariance);
            let n = rows.len().max(1) as f64;
            let scale = [0, 1].map(|axis| {
                let variance = values[axis].max(0.0) / n;
                // Two standard deviations reach the cloud's edge.
                let s = 2.0 * variance.sqrt() as f32;
                if s > 1e-6 { s } else { 1.0 }
            });
            Spread { directions, scale }
        })
        .collect()
}

/// Iterations of the power method per direction: plenty for a picture.
const POWER_ITERATIONS: usize = 60;

/// The two leading eigenvectors (as rows) and eigenvalues of a symmetric positive
/// semi-definite matrix, by the power method with deflation: a full eigendecomposition of
/// this d × d matrix per topic cost more than the rest of the layout together.
fn top_two_directions(mut matrix: Array2<f64>) -> (Array2<f32>, [f64; 2]) {
    let d = matrix.nrows();
    let mut directions = Array2::<f32>::zeros((2, d));
    let mut values = [0.0; 2];
    for (axis, found) in values.iter_mut().enumerate() {
        // A fixed start that is unlikely to be orthogonal to the leading direction.
        let mut v = Array1::from_shape_fn(d, |j| 1.0 + (j as f64 * 0.618_034).fract());
        let mut value = 0.0;
        for _ in 0..POWER_ITERATIONS {
            let next = matrix.dot(&v);
            let norm = next.dot(&next).sqrt();
            if norm <= f64::EPSILON {
                value = 0.0;
                break;
            }
            v = next / norm;
            value = norm;
        }
        let norm = v.dot(&v).sqrt();
        if norm > 0.0 {
            v /= norm;
        }
        directions.row_mut(axis).assign(&v.mapv(|x| x as f32));
        *found = value;
        // Remove this direction so the next pass finds the one after it.
        let outer = v
            .view()
            .insert_axis(Axis(1))
            .dot(&v.view().insert_axis(Axis(0)));
        matrix -= &(outer * value);
    }
    (directions, values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn documents_sit_nearest_their_own_topic() {
        let mut vectors = Array2::<f32>::zeros((90, 6));
        let mut assignments = Vec::new();
        for i in 0..90 {
            let topic = i % 3;
            vectors[[i, topic * 2]] = 1.0;
            vectors[[i, topic * 2 + 1]] = (i % 10) as f32 * 0.05;
            assignments.push(topic);
        }
        crate::reduce::lsa::normalize_rows(&mut vectors);
        let mut centroids = Array2::<f32>::zeros((3, 6));
        for (i, &t) in assignments.iter().enumerate() {
            let mut row = centroids.row_mut(t);
            row += &vectors.row(i);
        }
        let layout = layout(vectors.view(), centroids.view(), &assignments);
        assert_eq!(layout.documents.len(), 90);
        assert_eq!(layout.topics.len(), 3);
        let distance =
            |a: [f32; 2], b: [f32; 2]| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
        for (i, &own) in assignments.iter().enumerate() {
            let p = layout.documents[i];
            assert!(p[0].is_finite() && p[1].is_finite());
            for other in 0..3 {
                if other != own {
                    assert!(
                        distance(p, layout.topics[own]) < distance(p, layout.topics[other]),
                        "document {i}"
                    );
                }
            }
        }
    }

    /// Topic positions on the map of `centroids`, each topic's one document its centre.
    fn topic_places(centroids: &Array2<f32>) -> Vec<[f32; 2]> {
        let assignments: Vec<usize> = (0..centroids.nrows()).collect();
        layout(centroids.view(), centroids.view(), &assignments).topics
    }

    fn map_distance(a: [f32; 2], b: [f32; 2]) -> f32 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
    }

    #[test]
    fn topics_apart_in_every_direction_do_not_land_on_each_other() {
        // Twelve topics, each on its own axis: all equally far apart, which no flat picture
        // shows exactly. A projection puts some on top of others; the map keeps every pair
        // at least a third of the typical distance apart.
        let topics = topic_places(&Array2::eye(12));
        let mut distances = Vec::new();
        for i in 0..12 {
            for j in 0..i {
                distances.push(map_distance(topics[i], topics[j]));
            }
        }
        let mean = distances.iter().sum::<f32>() / distances.len() as f32;
        let closest = distances.iter().copied().fold(f32::INFINITY, f32::min);
        assert!(closest > mean / 3.0, "closest {closest}, mean {mean}");
    }

    #[test]
    fn related_topics_are_placed_nearer_each_other_than_unrelated_ones() {
        // Six topics on their own axes, and a seventh that shares most of the first's.
        let mut centroids = Array2::<f32>::eye(7);
        centroids[[6, 6]] = 0.5;
        centroids[[6, 0]] = 0.87;
        let topics = topic_places(&centroids);
        let related = map_distance(topics[0], topics[6]);
        for other in 1..6 {
            assert!(
                related < map_distance(topics[0], topics[other]),
                "{topics:?}"
            );
            assert!(
                related < map_distance(topics[6], topics[other]),
                "{topics:?}"
            );
        }
    }

    #[test]
    fn the_map_is_the_same_every_time() {
        let mut centroids = Array2::<f32>::eye(9);
        centroids[[3, 4]] = 0.4;
        assert_eq!(topic_places(&centroids), topic_places(&centroids));
    }

    #[test]
    fn the_power_method_finds_the_two_widest_directions() {
        let matrix = Array2::from_diag(&ndarray::array![1.0, 9.0, 4.0]);
        let (directions, values) = top_two_directions(matrix);
        assert!((values[0] - 9.0).abs() < 1e-6 && (values[1] - 4.0).abs() < 1e-6);
        assert!(directions[[0, 1]].abs() > 0.999, "{directions}");
        assert!(directions[[1, 2]].abs() > 0.999, "{directions}");
    }

    #[test]
    fn a_single_topic_is_at_the_origin() {
        let vectors = Array2::<f32>::from_elem((3, 2), std::f32::consts::FRAC_1_SQRT_2);
        let centroids = Array2::<f32>::from_elem((1, 2), std::f32::consts::FRAC_1_SQRT_2);
        let layout = layout(vectors.view(), centroids.view(), &[0, 0, 0]);
        assert_eq!(layout.topics, vec![[0.0, 0.0]]);
        assert!(layout.documents.iter().all(|p| p[0].is_finite()));
    }
}
