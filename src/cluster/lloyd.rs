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

/// Rows per parallel task in the distance products.
const ROWS_PER_TASK: usize = 1024;

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
    let c_norms = row_norms(centroids);
    let k = centroids.nrows();
    // Written in place, block by block: collecting a flat iterator of rows cost as much as the
    // distance products themselves.
    let mut out = vec![(0usize, f32::INFINITY); points.len()];
    if k == 0 {
        return out;
    }
    points
        .blocks
        .par_iter()
        .zip(out.par_chunks_mut(ROWS_PER_TASK))
        .zip(points.norms.par_chunks(ROWS_PER_TASK))
        .for_each(|((block, out), x_norms)| {
            let products = times_transpose(block.view(), centroids);
            // Centre by centre down the column-major products: each step compares a whole
            // column, several rows at a time in vector registers. A strictly smaller distance
            // wins, so ties go to the first centre, as a scan along each row gives them.
            let mut best_distance = vec![f32::INFINITY; out.len()];
            let mut best_centre = vec![0u32; out.len()];
            for (c, (column, &c_norm)) in products.columns().into_iter().zip(&c_norms).enumerate() {
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
    mut centroids: Array2<f32>,
    max_iterations: usize,
    rest: Rest,
) -> Solution {
    let x = points.rows();
    let (n, d) = x.dim();
    let k = centroids.nrows();
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
    let mut assignments: Vec<usize> = vec![usize::MAX; n];
    let mut inertia = f64::INFINITY;
    for _ in 0..max_iterations.max(1) {
        let nearest = nearest(points, centroids.view());
        let changed = nearest
            .iter()
            .zip(&assignments)
            .filter(|((c, _), a)| c != *a)
            .count();
        assignments = nearest.iter().map(|&(c, _)| c).collect();
        inertia = nearest.iter().map(|&(_, dist)| f64::from(dist)).sum();
        if changed == 0 {
            break;
        }
        let new_centroids = means(x, &assignments, k, &nearest, &centroids);
        let shift: f64 = (&new_centroids - &centroids)
            .mapv(|v| f64::from(v * v))
            .sum();
        centroids = new_centroids;
        if shift <= threshold {
            let nearest = self::nearest(points, centroids.view());
            assignments = nearest.iter().map(|&(c, _)| c).collect();
            inertia = nearest.iter().map(|&(_, dist)| f64::from(dist)).sum();
            break;
        }
    }
    Solution {
        centroids,
        assignments,
        inertia,
    }
}

/// The mean of each centre's rows, summed in f64 in row order (deterministic).
fn means(
    x: ArrayView2<f32>,
    assignments: &[usize],
    k: usize,
    nearest: &[(usize, f32)],
    old: &Array2<f32>,
) -> Array2<f32> {
    let d = x.ncols();
    let add = add_in_f64_kernel();
    // Partial sums over fixed chunks of rows, added up in chunk order: the same result
    // whatever the number of threads.
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
}
