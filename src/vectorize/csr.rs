//! A compressed sparse row matrix of `f32` and the two products LSA needs, parallel over rows.
//!
//! Hand-written rather than `sprs` because sprs multiplies sparse by dense on one thread, and
//! these two products are most of the time LSA takes.

use ndarray::{Array2, ArrayView2, s};
use rayon::prelude::*;

/// A sparse matrix in compressed sparse row form. Column indices within a row are ascending.
#[derive(Clone, Debug, PartialEq)]
pub struct Csr {
    n_cols: usize,
    /// Row `i` occupies `indices[indptr[i]..indptr[i + 1]]` and the same range of `values`.
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f32>,
}

impl Csr {
    /// Builds a matrix from its parts.
    ///
    /// # Panics
    /// When the parts do not describe a valid matrix; they come from this crate's own code,
    /// never from a file, so that is a bug.
    pub fn from_parts(
        n_cols: usize,
        indptr: Vec<usize>,
        indices: Vec<u32>,
        values: Vec<f32>,
    ) -> Self {
        assert!(!indptr.is_empty() && indptr[0] == 0, "indptr starts at 0");
        assert_eq!(indices.len(), values.len());
        assert_eq!(indptr.last().copied(), Some(indices.len()));
        assert!(indptr.windows(2).all(|w| w[0] <= w[1]), "indptr ascends");
        debug_assert!(indices.iter().all(|&c| (c as usize) < n_cols));
        Self {
            n_cols,
            indptr,
            indices,
            values,
        }
    }

    /// The values, to change in place (the pattern of non-zeros stays).
    pub fn values_mut(&mut self) -> &mut [f32] {
        &mut self.values
    }

    /// A matrix with the same pattern of non-zeros and new values.
    pub fn with_values(&self, values: Vec<f32>) -> Self {
        assert_eq!(values.len(), self.values.len());
        Self {
            values,
            ..self.clone()
        }
    }

    pub fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    /// Number of stored (non-zero) entries.
    pub fn nnz(&self) -> usize {
        self.values.len()
    }

    /// The column indices and values of row `i`.
    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let span = self.indptr[i]..self.indptr[i + 1];
        (&self.indices[span.clone()], &self.values[span])
    }

    pub fn values(&self) -> &[f32] {
        &self.values
    }

    pub fn indices(&self) -> &[u32] {
        &self.indices
    }

    pub fn indptr(&self) -> &[usize] {
        &self.indptr
    }

    /// The transpose, again in CSR form (i.e. this matrix by columns).
    pub fn transpose(&self) -> Csr {
        let mut counts = vec![0usize; self.n_cols + 1];
        for &c in &self.indices {
            counts[c as usize + 1] += 1;
        }
        for i in 0..self.n_cols {
            counts[i + 1] += counts[i];
        }
        let indptr = counts.clone();
        let mut next = counts;
        let mut indices = vec![0u32; self.nnz()];
        let mut values = vec![0f32; self.nnz()];
        for row in 0..self.n_rows() {
            let (cols, vals) = self.row(row);
            for (&c, &v) in cols.iter().zip(vals) {
                let slot = &mut next[c as usize];
                indices[*slot] = row as u32;
                values[*slot] = v;
                *slot += 1;
            }
        }
        Csr {
            n_cols: self.n_rows(),
            indptr,
            indices,
            values,
        }
    }

    /// The rows numbered in `rows`, in that order, as a matrix of their own.
    pub fn select_rows(&self, rows: &[usize]) -> Csr {
        let mut indptr = Vec::with_capacity(rows.len() + 1);
        indptr.push(0);
        let nnz: usize = rows
            .iter()
            .map(|&r| self.indptr[r + 1] - self.indptr[r])
            .sum();
        let mut indices = Vec::with_capacity(nnz);
        let mut values = Vec::with_capacity(nnz);
        for &row in rows {
            let (cols, vals) = self.row(row);
            indices.extend_from_slice(cols);
            values.extend_from_slice(vals);
            indptr.push(indices.len());
        }
        Csr {
            n_cols: self.n_cols,
            indptr,
            indices,
            values,
        }
    }

    /// `self · dense`: (rows × cols) times (cols × k), computed row by row in parallel. Each
    /// output element is a sum over the row's entries in their stored order, so the result
    /// does not depend on thread timing, nor on which instruction set the kernel uses.
    pub fn mul_dense(&self, dense: ArrayView2<f32>) -> Array2<f32> {
        assert_eq!(dense.nrows(), self.n_cols, "inner dimensions agree");
        let kernel = row_kernel();
        self.rows_times_dense(dense, |row, dense, out_row, _| {
            let (cols, vals) = self.row(row);
            kernel(cols, vals, dense, out_row);
        })
    }

    /// `self · D`, where row j of D is row `rows[j]` of `dense`, or zeros when `rows[j]` is
    /// `None`: the product with a mostly-zero matrix, without holding its zeros. Entries of
    /// columns without a row are skipped, the others summed in their stored order, so the
    /// result is `mul_dense`'s on D.
    pub fn mul_dense_gathered(&self, dense: ArrayView2<f32>, rows: &[Option<u32>]) -> Array2<f32> {
        assert_eq!(rows.len(), self.n_cols, "a row (or none) for every column");
        let kernel = row_kernel();
        self.rows_times_dense(dense, |row, dense, out_row, gathered| {
            let (cols, vals) = self.row(row);
            gathered.cols.clear();
            gathered.vals.clear();
            for (&col, &val) in cols.iter().zip(vals) {
                if let Some(dense_row) = rows[col as usize] {
                    gathered.cols.push(dense_row);
                    gathered.vals.push(val);
                }
            }
            kernel(&gathered.cols, &gathered.vals, dense, out_row);
        })
    }

    /// `selfᵀ · dense`, gathered: output row `rows[c]` is the sum, over this matrix's rows i,
    /// of entry (i, c) times row i of `dense`; columns without an output row are skipped.
    /// The mirror of `mul_dense_gathered`, without a transposed copy of the matrix: blocks of
    /// output rows are filled in parallel, each summing over this matrix's rows in order, so
    /// the result does not depend on thread timing.
    pub fn transposed_mul_dense_gathered(
        &self,
        dense: ArrayView2<f32>,
        rows: &[Option<u32>],
        n_out: usize,
    ) -> Array2<f32> {
        assert_eq!(dense.nrows(), self.n_rows(), "inner dimensions agree");
        assert_eq!(
            rows.len(),
            self.n_cols,
            "an output row (or none) for every column"
        );
        let k = dense.ncols();
        let mut out = Array2::<f32>::zeros((n_out, k));
        if n_out == 0 || k == 0 {
            return out;
        }
        let dense = dense.as_standard_layout();
        let dense = dense.as_slice().unwrap_or(&[]);
        let add_scaled = add_scaled_kernel();
        // More blocks than threads, to balance the load; each block reads the whole matrix.
        let rows_per_block = n_out.div_ceil(4 * rayon::current_num_threads());
        out.as_slice_mut()
            .unwrap_or(&mut [])
            .par_chunks_mut(k * rows_per_block)
            .enumerate()
            .for_each(|(block, block_out)| {
                let first = block * rows_per_block;
                let in_block = first..first + block_out.len() / k;
                for (row, dense_row) in dense.chunks_exact(k).enumerate() {
                    let (cols, vals) = self.row(row);
                    for (&col, &val) in cols.iter().zip(vals) {
                        match rows[col as usize] {
                            Some(out_row) if in_block.contains(&(out_row as usize)) => {
                                let at = (out_row as usize - first) * k;
                                add_scaled(&mut block_out[at..at + k], val, dense_row);
                            }
                            _ => {}
                        }
                    }
                }
            });
        out
    }

    /// A (rows × k) product with `dense` (k columns), filled in parallel chunks of rows, one
    /// panel of [`PANEL`] columns at a time when `dense` is large:
    /// `row_product(row, panel, out_row, scratch)` writes one row's part, `panel` being those
    /// columns of `dense` packed row-major, with a scratch space reused within the chunk.
    ///
    /// Why panels: each entry of the sparse matrix reads a row of `dense` at random. A whole
    /// row of a hundred columns makes the rows read tens of megabytes on a large corpus, more
    /// than the processor's cache holds; a panel's rows are a third of that, read from cache
    /// more often (20newsgroups ×5: LSA 5.2–5.9 -> 4.3–5.2 s). Below a few megabytes the
    /// cache holds the whole matrix and panels only add passes. The panel is a multiple of the
    /// kernel's block, so every output element is summed exactly as without panels.
    fn rows_times_dense(
        &self,
        dense: ArrayView2<f32>,
        row_product: impl Fn(usize, &[f32], &mut [f32], &mut Gathered) + Sync,
    ) -> Array2<f32> {
        let k = dense.ncols();
        let mut out = Array2::<f32>::zeros((self.n_rows(), k));
        let panel_width = if dense.len() * size_of::<f32>() > WHOLE_ROWS_UP_TO_BYTES {
            PANEL
        } else {
            k
        };
        let mut start = 0;
        while start < k {
            let width = panel_width.min(k - start);
            // A copy only when the panel is part of the rows (or `dense` is not row-major).
            let panel = dense.slice(s![.., start..start + width]);
            let panel = panel.as_standard_layout();
            let panel = panel.as_slice().unwrap_or(&[]);
            out.as_slice_mut()
                .unwrap_or(&mut [])
                .par_chunks_mut(k * ROWS_PER_TASK)
                .enumerate()
                .for_each(|(chunk, out_rows)| {
                    let mut scratch = Gathered::default();
                    for (offset, out_row) in out_rows.chunks_exact_mut(k).enumerate() {
                        row_product(
                            chunk * ROWS_PER_TASK + offset,
                            panel,
                            &mut out_row[start..start + width],
                            &mut scratch,
                        );
                    }
                });
            start += width;
        }
        out
    }

    /// Scales every row to unit Euclidean length; all-zero rows stay zero.
    pub fn normalize_rows(&mut self) {
        let indptr = &self.indptr;
        let mut rows: Vec<&mut [f32]> = Vec::with_capacity(indptr.len() - 1);
        let mut rest = self.values.as_mut_slice();
        for w in indptr.windows(2) {
            let (head, tail) = rest.split_at_mut(w[1] - w[0]);
            rows.push(head);
            rest = tail;
        }
        rows.into_par_iter().for_each(|row| {
            let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm > 0.0 {
                row.iter_mut().for_each(|v| *v /= norm);
            }
        });
    }
}

/// Output rows per parallel task: enough work to outweigh the task's overhead.
const ROWS_PER_TASK: usize = 64;

/// Output columns kept in registers while a row's entries are added in.
const BLOCK: usize = 32;

/// Columns of a large dense matrix a product reads at once (see `rows_times_dense`): one
/// block.
const PANEL: usize = BLOCK;

/// Size of the dense matrix up to which products read whole rows: what a laptop's cache
/// holds for one core.
const WHOLE_ROWS_UP_TO_BYTES: usize = 4 << 20;

type RowKernel = fn(&[u32], &[f32], &[f32], &mut [f32]);

/// A row's entries that have a dense row, re-indexed to it (see `mul_dense_gathered`).
#[derive(Default)]
struct Gathered {
    cols: Vec<u32>,
    vals: Vec<f32>,
}

/// `out_row = Σ vals[j] · dense[cols[j]]`, where `dense` holds rows of `out_row.len()`.
///
/// The output is processed in column blocks held in registers, so it is stored once per
/// block rather than once per entry; each element still sums the entries in stored order.
#[inline(always)]
fn sparse_row_times_dense(cols: &[u32], vals: &[f32], dense: &[f32], out_row: &mut [f32]) {
    let k = out_row.len();
    let mut start = 0;
    while start + BLOCK <= k {
        let mut acc = [0f32; BLOCK];
        for (&c, &v) in cols.iter().zip(vals) {
            let at = c as usize * k + start;
            let block: &[f32; BLOCK] = dense[at..at + BLOCK].try_into().unwrap_or(&[0.0; BLOCK]);
            for (a, &d) in acc.iter_mut().zip(block) {
                *a += v * d;
            }
        }
        out_row[start..start + BLOCK].copy_from_slice(&acc);
        start += BLOCK;
    }
    let rest = &mut out_row[start..];
    let width = rest.len();
    if width > 0 {
        for (&c, &v) in cols.iter().zip(vals) {
            let at = c as usize * k + start;
            for (o, &d) in rest.iter_mut().zip(&dense[at..at + width]) {
                *o += v * d;
            }
        }
    }
}

/// The kernel compiled for the widest vector instructions this processor has. AVX without
/// FMA: a separate multiply and add round exactly as the baseline build does, so every
/// processor gets the same bits.
fn row_kernel() -> RowKernel {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx") {
            return |cols, vals, dense, out_row| {
                // SAFETY: the processor was just found to support AVX.
                unsafe { sparse_row_times_dense_avx(cols, vals, dense, out_row) }
            };
        }
    }
    sparse_row_times_dense
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
fn sparse_row_times_dense_avx(cols: &[u32], vals: &[f32], dense: &[f32], out_row: &mut [f32]) {
    sparse_row_times_dense(cols, vals, dense, out_row);
}

/// `out += scale · x`, element by element.
#[inline(always)]
fn add_scaled(out: &mut [f32], scale: f32, x: &[f32]) {
    for (o, &v) in out.iter_mut().zip(x) {
        *o += scale * v;
    }
}

/// `add_scaled` compiled for the widest vector instructions this processor has (AVX without
/// FMA, so that every processor gets the same bits, as for `row_kernel`).
fn add_scaled_kernel() -> fn(&mut [f32], f32, &[f32]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx") {
            return |out, scale, x| {
                // SAFETY: the processor was just found to support AVX.
                unsafe { add_scaled_avx(out, scale, x) }
            };
        }
    }
    add_scaled
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
fn add_scaled_avx(out: &mut [f32], scale: f32, x: &[f32]) {
    add_scaled(out, scale, x);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn example() -> Csr {
        // [[1, 0, 2],
        //  [0, 0, 0],
        //  [0, 3, 4]]
        Csr::from_parts(
            3,
            vec![0, 2, 2, 4],
            vec![0, 2, 1, 2],
            vec![1.0, 2.0, 3.0, 4.0],
        )
    }

    #[test]
    fn multiplies_by_columns_into_chosen_rows() {
        let x = array![[1.0f32, 0.5], [2.0, 0.0], [-1.0, 1.0]];
        // Column 0 into output row 1, column 2 into row 0, column 1 nowhere.
        let product =
            example().transposed_mul_dense_gathered(x.view(), &[Some(1), None, Some(0)], 2);
        // Column 2 of the example is (2, 0, 4): 2·(1, 0.5) + 4·(-1, 1); column 0 is (1, 0, 0).
        assert_eq!(product, array![[-2.0f32, 5.0], [1.0, 0.5]]);
        let full =
            example().transposed_mul_dense_gathered(x.view(), &[Some(0), Some(1), Some(2)], 3);
        assert_eq!(full, example().transpose().mul_dense(x.view()));
    }

    #[test]
    fn multiplies_like_a_dense_matrix() {
        let x = array![[1.0f32, 0.5], [2.0, 0.0], [-1.0, 1.0]];
        let product = example().mul_dense(x.view());
        assert_eq!(product, array![[-1.0f32, 2.5], [0.0, 0.0], [2.0, 4.0]]);
    }

    #[test]
    fn a_gathered_product_is_the_product_with_the_zero_filled_matrix() {
        let m = example();
        for k in [1usize, 33, 110] {
            let known = Array2::from_shape_fn((2, k), |(r, c)| (r * 5 + c) as f32 * 0.37 - 2.0);
            let rows = [Some(1), None, Some(0)];
            let mut full = Array2::<f32>::zeros((3, k));
            full.row_mut(0).assign(&known.row(1));
            full.row_mut(2).assign(&known.row(0));
            let gathered = m.mul_dense_gathered(known.view(), &rows);
            let plain = m.mul_dense(full.view());
            let bits = |a: &Array2<f32>| a.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&gathered), bits(&plain), "k = {k}");
        }
    }

    /// `m · x` equals, to the bit, each row's entries times `x`'s rows summed in stored order.
    fn assert_matches_a_plain_sum(m: &Csr, x: &Array2<f32>) {
        let k = x.ncols();
        let product = m.mul_dense(x.view());
        for row in 0..m.n_rows() {
            let (cols, vals) = m.row(row);
            for col in 0..k {
                let want: f32 = cols
                    .iter()
                    .zip(vals)
                    .fold(0.0, |sum, (&c, &v)| sum + v * x[[c as usize, col]]);
                assert_eq!(product[[row, col]], want, "k {k}, [{row}, {col}]");
            }
        }
    }

    #[test]
    fn wide_products_match_a_plain_sum() {
        // Widths below, at and above the register block, with a ragged tail.
        let m = example();
        for k in [1usize, 31, 32, 33, 110] {
            let x = Array2::from_shape_fn((3, k), |(r, c)| (r * 7 + c) as f32 * 0.25 - 3.0);
            assert_matches_a_plain_sum(&m, &x);
        }
    }

    #[test]
    fn products_with_a_matrix_larger_than_the_cache_match_a_plain_sum() {
        // A dense side past WHOLE_ROWS_UP_TO_BYTES is read in panels; the sums must not change.
        let (n_cols, k) = (12_000usize, 110usize);
        assert!(n_cols * k * size_of::<f32>() > WHOLE_ROWS_UP_TO_BYTES);
        let mut indptr = vec![0];
        let mut indices = Vec::new();
        let mut values = Vec::new();
        for row in 0..50usize {
            for j in 0..40usize {
                indices.push(((row * 7919 + j * 293) % n_cols) as u32);
                values.push(((row + j) % 9) as f32 * 0.3 - 1.1);
            }
            let (start, end) = (indptr[row], indices.len());
            let mut entries: Vec<(u32, f32)> = indices[start..end]
                .iter()
                .copied()
                .zip(values[start..end].iter().copied())
                .collect();
            entries.sort_by_key(|&(c, _)| c);
            entries.dedup_by_key(|&mut (c, _)| c);
            indices.truncate(start);
            values.truncate(start);
            indices.extend(entries.iter().map(|&(c, _)| c));
            values.extend(entries.iter().map(|&(_, v)| v));
            indptr.push(indices.len());
        }
        let m = Csr::from_parts(n_cols, indptr, indices, values);
        let x = Array2::from_shape_fn((n_cols, k), |(r, c)| ((r * 31 + c * 17) % 23) as f32 - 11.0);
        assert_matches_a_plain_sum(&m, &x);
    }

    #[test]
    fn transpose_swaps_rows_and_columns() {
        let t = example().transpose();
        assert_eq!(t.n_rows(), 3);
        assert_eq!(t.row(0), (&[0u32][..], &[1.0f32][..]));
        assert_eq!(t.row(1), (&[2u32][..], &[3.0f32][..]));
        assert_eq!(t.row(2), (&[0u32, 2][..], &[2.0f32, 4.0][..]));
        assert_eq!(t.transpose(), example());
    }

    #[test]
    fn selected_rows_keep_their_entries_in_the_order_asked() {
        let m = example();
        let picked = m.select_rows(&[2, 0, 2]);
        assert_eq!(picked.n_rows(), 3);
        assert_eq!(picked.n_cols(), m.n_cols());
        assert_eq!(picked.row(0), m.row(2));
        assert_eq!(picked.row(1), m.row(0));
        assert_eq!(picked.row(2), m.row(2));
        assert_eq!(m.select_rows(&[1]).nnz(), 0);
        assert_eq!(m.select_rows(&[0, 1, 2]), m);
    }

    #[test]
    fn normalized_rows_have_unit_length() {
        let mut m = example();
        m.normalize_rows();
        let (_, r0) = m.row(0);
        assert!((r0.iter().map(|v| v * v).sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(m.row(1).1.is_empty());
        assert_eq!(m.row(2).1, &[0.6, 0.8]);
    }
}
