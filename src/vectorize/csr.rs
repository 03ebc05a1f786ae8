//! A compressed sparse row matrix of `f32` and the two products LSA needs, parallel over rows.
//!
//! Hand-written rather than `sprs` because sprs multiplies sparse by dense on one thread, and
//! these two products are most of the time LSA takes.

use ndarray::{Array2, ArrayView2, Axis};
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

    /// `self · dense`: (rows × cols) times (cols × k), computed row by row in parallel. Each
    /// output row is a sum in a fixed order, so the result does not depend on thread timing.
    pub fn mul_dense(&self, dense: ArrayView2<f32>) -> Array2<f32> {
        assert_eq!(dense.nrows(), self.n_cols, "inner dimensions agree");
        let k = dense.ncols();
        let mut out = Array2::<f32>::zeros((self.n_rows(), k));
        let dense = dense.as_standard_layout();
        let dense_slice = dense.as_slice().unwrap_or(&[]);
        out.axis_iter_mut(Axis(0))
            .into_par_iter()
            .enumerate()
            .for_each(|(i, mut out_row)| {
                let Some(out_row) = out_row.as_slice_mut() else {
                    return;
                };
                let (cols, vals) = self.row(i);
                for (&c, &v) in cols.iter().zip(vals) {
                    let dense_row = &dense_slice[c as usize * k..(c as usize + 1) * k];
                    for (o, &d) in out_row.iter_mut().zip(dense_row) {
                        *o += v * d;
                    }
                }
            });
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
    fn multiplies_like_a_dense_matrix() {
        let x = array![[1.0f32, 0.5], [2.0, 0.0], [-1.0, 1.0]];
        let product = example().mul_dense(x.view());
        assert_eq!(product, array![[-1.0f32, 2.5], [0.0, 0.0], [2.0, 4.0]]);
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
    fn normalized_rows_have_unit_length() {
        let mut m = example();
        m.normalize_rows();
        let (_, r0) = m.row(0);
        assert!((r0.iter().map(|v| v * v).sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(m.row(1).1.is_empty());
        assert_eq!(m.row(2).1, &[0.6, 0.8]);
    }
}
