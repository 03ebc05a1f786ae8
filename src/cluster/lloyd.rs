//! The inner loops of k-means, written for speed: greedy k-means++ seeding (as scikit-learn
//! does it) and Lloyd iterations whose distances come from one matrix product per iteration.
//! They search for good starting centres on a sample; linfa's k-means then runs on every
//! document from the best of them (see `kmeans.rs`). linfa's own loop spends about 1 µs per
//! document-centre pair (ndarray iteration per pair), ten times what this one does, which made
//! ten restarts on 18,000 documents take 13 s.

use ndarray::{Array1, Array2, ArrayView2, Axis, ShapeBuilder, s};
use rand::Rng;
use rand::distributions::{Distribution, WeightedIndex};
use rayon::prelude::*;

use super::products::{times_transpose, times_transpose_into};
use crate::progress::{Cancel, Cancelled};

/// Rows per column-major block of `Points`, and per parallel task in the means.
const ROWS_PER_TASK: usize = 1024;
/// Rows per parallel task in finding the nearest centres, a slice of a block (a divisor of
/// `ROWS_PER_TASK`).
const ROWS_PER_PRODUCT: usize = 256;

/// A k-means solution on some rows.
#[derive(Clone, Debug)]
pub struct Solution {
    pub centroids: Array2<f32>,
    pub assignments: Vec<usize>,
    /// Sum of squared distances of rows to their centres.
    pub inertia: f64,
}

/// Squared Euclidean norm of each row.
pub fn row_norms(x: ArrayView2<f32>) -> Vec<f32> {
    x.axis_iter(Axis(0)).map(|r| r.dot(&r)).collect()
}

/// Rows to cluster, prepared once for the many distance products of k-means: their squared
/// norms, and a column-major copy of each block of `ROWS_PER_TASK` rows, the layout gemm's
/// kernels read directly; given the rows as they are (row-major), gemm repacked every block
/// for every product, which cost as much as the products themselves. The rows stay as they
/// are for the means, which add them up row by row.
pub struct Points<'a> {
    rows: ArrayView2<'a, f32>,
    norms: Vec<f32>,
    blocks: Vec<Array2<f32>>,
}

impl<'a> Points<'a> {
    pub fn new(rows: ArrayView2<'a, f32>) -> Self {
        let norms = row_norms(rows);
        let blocks = rows
            .axis_chunks_iter(Axis(0), ROWS_PER_TASK)
            .into_par_iter()
            .map(|block| {
                let mut column_major = Array2::<f32>::zeros(block.raw_dim().f());
                column_major.assign(&block);
                column_major
            })
            .collect();
        Points {
            rows,
            norms,
            blocks,
        }
    }

    pub fn rows(&self) -> ArrayView2<'a, f32> {
        self.rows
    }

    /// Squared Euclidean norm of each row.
    pub fn norms(&self) -> &[f32] {
        &self.norms
    }

    pub fn len(&self) -> usize {
        self.rows.nrows()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every row's dot product with every row of `other`, column-major.
    fn times_transpose(&self, other: ArrayView2<f32>) -> Array2<f32> {
        let mut out = Array2::<f32>::zeros((self.len(), other.nrows()).f());
        for (i, block) in self.blocks.iter().enumerate() {
            let start = i * ROWS_PER_TASK;
            let rows = out.slice_mut(s![start..start + block.nrows(), ..]);
            times_transpose_into(block.view(), other, rows);
        }
        out
    }
}

/// For each row, its nearest centroid and the squared distance to it.
pub fn nearest(points: &Points, centroids: ArrayView2<f32>) -> Vec<(usize, f32)> {
    let k = centroids.nrows();
    if k == 0 {
        return vec![(0, f32::INFINITY); points.len()];
    }
    nearest_in_groups(points, centroids, k)
        .pop()
        .expect("one group of centroids")
}

/// [`nearest`] for several sets of centroids at once, stacked in `centroids` in groups of
/// `group` rows: for each group, each row's nearest centroid within the group (numbered from
/// 0 in the group) and the squared distance to it. One product per block of rows serves
/// every group, so gemm runs over many centres at a time; each group's answers are the same,
/// bit for bit, as [`nearest`] gives for that group alone (each product is the same sum in
/// the same order whatever the other columns).
fn nearest_in_groups(
    points: &Points,
    centroids: ArrayView2<f32>,
    group: usize,
) -> Vec<Vec<(usize, f32)>> {
    let c_norms = row_norms(centroids);
    let groups = centroids.nrows() / group.max(1);
    // Written in place, block by block: collecting a flat iterator of rows cost as much as the
    // distance products themselves.
    let mut out = vec![vec![(0usize, f32::INFINITY); points.len()]; groups];
    // Tasks of ROWS_PER_PRODUCT rows, each a slice of one block: with many centres a block is
    // a big task, and a few big tasks leave one core idle while the other finishes.
    let tasks = points.len().div_ceil(ROWS_PER_PRODUCT);
    let mut per_task: Vec<Vec<&mut [(usize, f32)]>> = (0..tasks).map(|_| Vec::new()).collect();
    for group_out in &mut out {
        for (task, chunk) in group_out.chunks_mut(ROWS_PER_PRODUCT).enumerate() {
            per_task[task].push(chunk);
        }
    }
    per_task
        .into_par_iter()
        .enumerate()
        .zip(points.norms.par_chunks(ROWS_PER_PRODUCT))
        .for_each(|((task, mut group_outs), x_norms)| {
            let first = task * ROWS_PER_PRODUCT;
            let block = &points.blocks[first / ROWS_PER_TASK];
            let within = first % ROWS_PER_TASK;
            let block = block.slice(s![within..within + x_norms.len(), ..]);
            let products = times_transpose(block, centroids);
            let mut best_distance = vec![f32::INFINITY; block.nrows()];
            let mut best_centre = vec![0u32; block.nrows()];
            for (g, out) in group_outs.iter_mut().enumerate() {
                best_distance.fill(f32::INFINITY);
                best_centre.fill(0);
                let columns = g * group..(g + 1) * group;
                // Centre by centre down the column-major products: each step compares a whole
                // column, several rows at a time in vector registers. A strictly smaller
                // distance wins, so ties go to the first centre, as a scan along each row
                // gives them.
                for (c, column) in columns.enumerate() {
                    let (column, c_norm) = (products.column(column), c_norms[column]);
                    let column = column.to_slice().expect("columns of a column-major array");
                    let c = c as u32;
                    for (((best, centre), &p), &x_norm) in best_distance
                        .iter_mut()
                        .zip(best_centre.iter_mut())
                        .zip(column)
                        .zip(x_norms)
                    {
                        let d = x_norm - 2.0 * p + c_norm;
                        let closer = d < *best;
                        *best = if closer { d } else { *best };
                        *centre = if closer { c } else { *centre };
                    }
                }
                for ((nearest, &centre), &distance) in
                    out.iter_mut().zip(&best_centre).zip(&best_distance)
                {
                    *nearest = (centre as usize, distance.max(0.0));
                }
            }
        });
    out
}

/// For each row, its nearest centroid.
pub fn assignments(points: &Points, centroids: ArrayView2<f32>) -> Vec<usize> {
    nearest(points, centroids)
        .into_iter()
        .map(|(centre, _)| centre)
        .collect()
}

/// Greedy k-means++: each new centre is the best (lowest total squared distance) of a few
/// candidates drawn with probability proportional to squared distance.
pub fn greedy_kmeans_plus_plus(points: &Points, k: usize, rng: &mut impl Rng) -> Array2<f32> {
    let (x, x_norms) = (points.rows(), points.norms());
    let (n, d) = x.dim();
    let trials = 2 + (k as f64).ln().floor() as usize;
    let mut centroids = Array2::<f32>::zeros((k, d));
    let first = rng.gen_range(0..n);
    centroids.row_mut(0).assign(&x.row(first));
    let mut closest = squared_distances_to(x, x_norms, first);
    for c in 1..k {
        let candidates: Vec<usize> =
            match WeightedIndex::new(closest.iter().map(|&v| f64::from(v.max(0.0)))) {
                Ok(weights) => (0..trials).map(|_| weights.sample(rng)).collect(),
                // Every row already sits on a centre: any row will do.
                Err(_) => (0..trials).map(|_| rng.gen_range(0..n)).collect(),
            };
        // Every candidate's distances from one matrix product (rows × candidates).
        let products = points.times_transpose(x.select(Axis(0), &candidates).view());
        let (best_candidate, best_closest) = candidates
            .iter()
            .enumerate()
            .map(|(t, &candidate)| {
                let candidate_norm = x_norms[candidate];
                let merged: Vec<f32> = closest
                    .iter()
                    .zip(products.column(t))
                    .zip(x_norms)
                    .map(|((&a, &p), &norm)| a.min((norm - 2.0 * p + candidate_norm).max(0.0)))
                    .collect();
                let potential: f64 = merged.iter().map(|&v| f64::from(v)).sum();
                (candidate, merged, potential)
            })
            .min_by(|a, b| a.2.total_cmp(&b.2))
            .map(|(candidate, merged, _)| (candidate, merged))
            .unwrap_or((first, closest.clone()));
        centroids.row_mut(c).assign(&x.row(best_candidate));
        closest = best_closest;
    }
    centroids
}

fn squared_distances_to(x: ArrayView2<f32>, x_norms: &[f32], row: usize) -> Vec<f32> {
    let target = x.row(row);
    let target_norm = x_norms[row];
    x.axis_iter(Axis(0))
        .into_par_iter()
        .zip(x_norms.par_iter())
        .map(|(r, &norm)| (norm - 2.0 * r.dot(&target) + target_norm).max(0.0))
        .collect()
}

/// When Lloyd's iterations may stop before every row keeps its centre.
#[derive(Clone, Copy, Debug)]
pub enum Rest {
    /// The centres moved less than this (summed squares) relative to the data's variance per
    /// coordinate: scale-free, for the restarts' short searches.
    RelativeToVariance(f32),
    /// The centres moved less than this Euclidean distance, all of them taken together: the
    /// test linfa's k-means stops on, so that it starts where it would stop.
    CentresMovedLessThan(f32),
}

/// Lloyd's iterations from `centroids` until no row changes its centre, the centres come to
/// `rest`, or `max_iterations`. An emptied centre is moved to the row farthest from its own
/// centre.
pub fn lloyd(
    points: &Points,
    centroids: Array2<f32>,
    max_iterations: usize,
    rest: Rest,
) -> Solution {
    let stop = Stop::new(points, max_iterations, rest);
    let mut run = Run::new(centroids);
    while !run.finished() {
        let nearest = nearest(points, run.centroids.view());
        run.advance(points, &nearest, &stop);
    }
    run.into_solution()
}

/// [`lloyd`] from several starts with the same number of centres, side by side: every
/// iteration measures each row against all the starts' centres in one product, which gemm
/// computes about twice as fast as a product per start (1,024 rows of 228 values against 15
/// starts of 20 centres, one core: 1.7 ms against 3.8 ms), as it passes over the rows once
/// for many centres instead of once for a few. Each start's solution is the one [`lloyd`]
/// gives from it, bit for bit; `on_finished` is called as each start settles. `Err` when
/// `cancel` asks to stop between iterations.
pub fn lloyd_side_by_side(
    points: &Points,
    starts: Vec<Array2<f32>>,
    max_iterations: usize,
    rest: Rest,
    cancel: &Cancel,
    on_finished: impl Fn() + Sync,
) -> Result<Vec<Solution>, Cancelled> {
    let stop = Stop::new(points, max_iterations, rest);
    let mut runs: Vec<Run> = starts.into_iter().map(Run::new).collect();
    let (k, d) = runs.first().map_or((0, 0), |run| run.centroids.dim());
    if k == 0 {
        return Ok(runs.into_iter().map(Run::into_solution).collect());
    }
    loop {
        cancel.check()?;
        let mut active: Vec<&mut Run> = runs.iter_mut().filter(|run| !run.finished()).collect();
        if active.is_empty() {
            break;
        }
        let mut stacked = Array2::<f32>::zeros((active.len() * k, d));
        for (run, mut rows) in active.iter().zip(stacked.axis_chunks_iter_mut(Axis(0), k)) {
            rows.assign(&run.centroids);
        }
        let nearest = nearest_in_groups(points, stacked.view(), k);
        active
            .par_iter_mut()
            .zip(nearest.par_iter())
            .for_each(|(run, nearest)| {
                run.advance(points, nearest, &stop);
                if run.finished() {
                    on_finished();
                }
            });
    }
    Ok(runs.into_iter().map(Run::into_solution).collect())
}

/// When a run of Lloyd's iterations stops, worked out once for its rows.
struct Stop {
    max_iterations: usize,
    /// Largest summed squared movement of the centres that counts as having come to rest.
    threshold: f64,
}

impl Stop {
    fn new(points: &Points, max_iterations: usize, rest: Rest) -> Self {
        let x = points.rows();
        let (n, d) = x.dim();
        let threshold = match rest {
            Rest::RelativeToVariance(tolerance) => {
                let variance: f64 = {
                    let mean = x.mean_axis(Axis(0)).unwrap_or_else(|| Array1::zeros(d));
                    x.axis_iter(Axis(0))
                        .map(|r| f64::from((&r - &mean).mapv(|v| v * v).sum()))
                        .sum::<f64>()
                        / (n * d).max(1) as f64
                };
                f64::from(tolerance) * variance
            }
            Rest::CentresMovedLessThan(distance) => f64::from(distance).powi(2),
        };
        Stop {
            max_iterations: max_iterations.max(1),
            threshold,
        }
    }
}

/// One run of Lloyd's iterations, advanced by the nearest centres of its rows: an iteration
/// takes each row's nearest centre and moves the centres to their rows' means, until no row
/// changes its centre, the iterations run out, or the centres came to rest (after which one
/// more look at the nearest centres gives the final assignments).
struct Run {
    centroids: Array2<f32>,
    assignments: Vec<usize>,
    inertia: f64,
    phase: Phase,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Iterating {
        done: usize,
    },
    /// The centres came to rest; the next nearest centres are the final assignments.
    Settling,
    Finished,
}

impl Run {
    fn new(centroids: Array2<f32>) -> Self {
        Run {
            centroids,
            assignments: Vec::new(),
            inertia: f64::INFINITY,
            phase: Phase::Iterating { done: 0 },
        }
    }

    fn finished(&self) -> bool {
        self.phase == Phase::Finished
    }

    /// One step, from each row's nearest of the current centres.
    fn advance(&mut self, points: &Points, nearest: &[(usize, f32)], stop: &Stop) {
        let changed = if self.assignments.is_empty() {
            nearest.len()
        } else {
            nearest
                .iter()
                .zip(&self.assignments)
                .filter(|((c, _), a)| c != *a)
                .count()
        };
        self.assignments = nearest.iter().map(|&(c, _)| c).collect();
        self.inertia = nearest.iter().map(|&(_, dist)| f64::from(dist)).sum();
        let done = match self.phase {
            Phase::Iterating { done } if changed > 0 => done,
            _ => {
                self.phase = Phase::Finished;
                return;
            }
        };
        let k = self.centroids.nrows();
        let new_centroids = means(
            points.rows(),
            &self.assignments,
            k,
            nearest,
            &self.centroids,
        );
        let shift: f64 = (&new_centroids - &self.centroids)
            .mapv(|v| f64::from(v * v))
            .sum();
        self.centroids = new_centroids;
        self.phase = if shift <= stop.threshold {
            Phase::Settling
        } else if done + 1 >= stop.max_iterations {
            Phase::Finished
        } else {
            Phase::Iterating { done: done + 1 }
        };
    }

    fn into_solution(self) -> Solution {
        Solution {
            centroids: self.centroids,
            assignments: self.assignments,
            inertia: self.inertia,
        }
    }
}

/// The mean of each centre's rows (see [`group_sums`]); a centre left without rows moves to
/// the row farthest from its own centre.
fn means(
    x: ArrayView2<f32>,
    assignments: &[usize],
    k: usize,
    nearest: &[(usize, f32)],
    old: &Array2<f32>,
) -> Array2<f32> {
    let (sums, counts) = group_sums(x, assignments, k);
    let mut centroids = old.clone();
    // Rows farthest from their centre, for re-seeding empty centres (sorted only when needed).
    let mut far: Vec<usize> = Vec::new();
    if counts.contains(&0) {
        far = (0..x.nrows()).collect();
        far.sort_by(|&a, &b| nearest[b].1.total_cmp(&nearest[a].1).then(a.cmp(&b)));
    }
    let mut far = far.into_iter();
    for (c, &count) in counts.iter().enumerate().take(k) {
        if count > 0 {
            let mean = sums.row(c).mapv(|s| (s / count as f64) as f32);
            centroids.row_mut(c).assign(&mean);
        } else if let Some(row) = far.next() {
            centroids.row_mut(c).assign(&x.row(row));
        }
    }
    centroids
}

/// The sum of each group's rows of `x` (`assignments` giving each row's group, of `k`), in
/// f64, and each group's number of rows. Summed over fixed chunks of rows, added up in chunk
/// order: the same result whatever the number of threads.
pub(super) fn group_sums(
    x: ArrayView2<f32>,
    assignments: &[usize],
    k: usize,
) -> (Array2<f64>, Vec<usize>) {
    let d = x.ncols();
    let add = add_in_f64_kernel();
    let partials: Vec<(Array2<f64>, Vec<usize>)> = x
        .axis_chunks_iter(Axis(0), ROWS_PER_TASK)
        .into_par_iter()
        .zip(assignments.par_chunks(ROWS_PER_TASK))
        .map(|(chunk, chunk_assignments)| {
            let mut sums = Array2::<f64>::zeros((k, d));
            let mut counts = vec![0usize; k];
            for (row, &c) in chunk.axis_iter(Axis(0)).zip(chunk_assignments) {
                counts[c] += 1;
                let mut sum = sums.row_mut(c);
                match (sum.as_slice_mut(), row.as_slice()) {
                    (Some(sum), Some(values)) => add(sum, values),
                    _ => sum.zip_mut_with(&row, |s, &v| *s += f64::from(v)),
                }
            }
            (sums, counts)
        })
        .collect();
    let mut sums = Array2::<f64>::zeros((k, d));
    let mut counts = vec![0usize; k];
    for (partial_sums, partial_counts) in partials {
        sums += &partial_sums;
        for (count, partial) in counts.iter_mut().zip(partial_counts) {
            *count += partial;
        }
    }
    (sums, counts)
}

/// `sum += values`, each value widened to f64.
#[inline(always)]
fn add_in_f64(sum: &mut [f64], values: &[f32]) {
    for (s, &v) in sum.iter_mut().zip(values) {
        *s += f64::from(v);
    }
}

/// `add_in_f64` compiled for the widest vector instructions this processor has: four sums
/// at a time instead of two. Each sum still adds the same values in the same order, so
/// every processor gets the same bits.
fn add_in_f64_kernel() -> fn(&mut [f64], &[f32]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx") {
            return |sum, values| {
                // SAFETY: the processor was just found to support AVX.
                unsafe { add_in_f64_avx(sum, values) }
            };
        }
    }
    add_in_f64
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
fn add_in_f64_avx(sum: &mut [f64], values: &[f32]) {
    add_in_f64(sum, values);
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn blobs() -> Array2<f32> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        Array2::from_shape_fn((300, 4), |(i, j)| {
            let centre = if j == i % 3 { 5.0 } else { 0.0 };
            centre + rng.gen_range(-0.5..0.5)
        })
    }

    #[test]
    fn nearest_matches_brute_force() {
        let x = blobs();
        let points = Points::new(x.view());
        let centroids = x.select(Axis(0), &[0, 1, 2, 10]);
        for (i, (c, d)) in nearest(&points, centroids.view()).into_iter().enumerate() {
            let brute: Vec<f32> = centroids
                .axis_iter(Axis(0))
                .map(|cr| (&x.row(i) - &cr).mapv(|v| v * v).sum())
                .collect();
            let best = brute.iter().copied().fold(f32::INFINITY, f32::min);
            assert!((brute[c] - best).abs() < 1e-3 && (d - best).abs() < 1e-3);
        }
    }

    #[test]
    fn nearest_is_right_across_chunks_of_rows() {
        // More rows than one task takes, and not a multiple of it.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(8);
        let x = Array2::from_shape_fn((2 * ROWS_PER_TASK + 37, 6), |_| rng.gen_range(-1.0..1.0));
        let points = Points::new(x.view());
        let centroids = x.select(Axis(0), &[5, 1500, 2080]);
        let found = nearest(&points, centroids.view());
        assert_eq!(found.len(), x.nrows());
        for (i, &(c, d)) in found.iter().enumerate() {
            let brute: Vec<f32> = centroids
                .axis_iter(Axis(0))
                .map(|cr| (&x.row(i) - &cr).mapv(|v| v * v).sum())
                .collect();
            let best = brute.iter().copied().fold(f32::INFINITY, f32::min);
            assert!(
                (brute[c] - best).abs() < 1e-4 && (d - best).abs() < 1e-4,
                "row {i}"
            );
        }
        let no_centres = centroids.slice(ndarray::s![..0, ..]);
        assert!(
            nearest(&points, no_centres)
                .iter()
                .all(|&(c, d)| c == 0 && d == f32::INFINITY)
        );
    }

    #[test]
    fn products_across_blocks_match_ndarray() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
        let x = Array2::from_shape_fn((2 * ROWS_PER_TASK + 5, 7), |_| rng.gen_range(-1.0..1.0));
        let points = Points::new(x.view());
        let others = x.select(Axis(0), &[3, 1030, 2050]);
        let products = points.times_transpose(others.view());
        let expected = x.dot(&others.t());
        assert_eq!(products.dim(), expected.dim());
        assert!(
            products
                .iter()
                .zip(&expected)
                .all(|(a, b)| (a - b).abs() < 1e-4)
        );
        assert_eq!(points.norms().len(), x.nrows());
    }

    #[test]
    fn the_vector_kernel_adds_the_same_bits_as_the_plain_loop() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        for len in [1, 3, 8, 13, 228] {
            let start: Vec<f64> = (0..len).map(|_| rng.gen_range(-1e3..1e3)).collect();
            let values: Vec<f32> = (0..len).map(|_| rng.gen_range(-1.0..1.0)).collect();
            let (mut plain, mut kernel) = (start.clone(), start);
            add_in_f64(&mut plain, &values);
            add_in_f64_kernel()(&mut kernel, &values);
            assert_eq!(plain, kernel, "length {len}");
        }
    }

    #[test]
    fn seeding_and_lloyd_recover_the_blobs() {
        let x = blobs();
        let points = Points::new(x.view());
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let init = greedy_kmeans_plus_plus(&points, 3, &mut rng);
        let solution = lloyd(&points, init, 100, Rest::RelativeToVariance(1e-4));
        for i in 0..300 {
            assert_eq!(solution.assignments[i], solution.assignments[i % 3]);
        }
        assert!(solution.inertia < 300.0 * 4.0 * 0.1);
    }

    #[test]
    fn side_by_side_gives_each_start_what_lloyd_gives_it() {
        // Rows in several blocks, starts that stop after different numbers of iterations
        // (one of them at the iteration limit), and an emptied centre along the way.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(12);
        let x = Array2::from_shape_fn((ROWS_PER_TASK + 300, 5), |(i, j)| {
            let centre = if j == i % 4 { 3.0 } else { 0.0 };
            centre + rng.gen_range(-1.0..1.0)
        });
        let points = Points::new(x.view());
        let mut starts: Vec<Array2<f32>> = (0..6)
            .map(|seed| {
                let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
                greedy_kmeans_plus_plus(&points, 4, &mut rng)
            })
            .collect();
        // Two centres on the same row: one of them is left without rows.
        let first = starts[5].row(0).to_owned();
        starts[5].row_mut(1).assign(&first);
        for (max_iterations, rest) in [
            (100, Rest::RelativeToVariance(1e-4)),
            (3, Rest::RelativeToVariance(1e-4)),
            (100, Rest::CentresMovedLessThan(1e-4)),
        ] {
            let together = lloyd_side_by_side(
                &points,
                starts.clone(),
                max_iterations,
                rest,
                &Cancel::new(),
                || {},
            )
            .expect("not cancelled");
            assert_eq!(together.len(), starts.len());
            for (start, solution) in starts.iter().zip(&together) {
                let alone = lloyd(&points, start.clone(), max_iterations, rest);
                assert_eq!(solution.assignments, alone.assignments);
                assert_eq!(solution.centroids, alone.centroids);
                assert_eq!(solution.inertia.to_bits(), alone.inertia.to_bits());
            }
        }
    }

    #[test]
    fn side_by_side_reports_each_finished_start_and_stops_when_cancelled() {
        let x = blobs();
        let points = Points::new(x.view());
        let starts: Vec<Array2<f32>> = (0..4)
            .map(|seed| {
                let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
                greedy_kmeans_plus_plus(&points, 3, &mut rng)
            })
            .collect();
        let finished = std::sync::atomic::AtomicUsize::new(0);
        let rest = Rest::RelativeToVariance(1e-4);
        lloyd_side_by_side(&points, starts.clone(), 100, rest, &Cancel::new(), || {
            finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        })
        .expect("not cancelled");
        assert_eq!(finished.into_inner(), 4);
        let cancel = Cancel::new();
        cancel.cancel();
        assert!(lloyd_side_by_side(&points, starts, 100, rest, &cancel, || {}).is_err());
    }

    #[test]
    fn nearest_in_groups_answers_each_group_as_nearest_does() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let x = Array2::from_shape_fn((ROWS_PER_TASK + ROWS_PER_PRODUCT + 9, 6), |_| {
            rng.gen_range(-1.0..1.0)
        });
        let points = Points::new(x.view());
        let stacked = x.select(Axis(0), &[4, 900, 1100, 7, 1200, 30]);
        let groups = nearest_in_groups(&points, stacked.view(), 3);
        assert_eq!(groups.len(), 2);
        for (g, found) in groups.iter().enumerate() {
            let alone = nearest(&points, stacked.slice(s![g * 3..(g + 1) * 3, ..]));
            assert_eq!(found, &alone, "group {g}");
        }
    }
}
