//! The built-in table of English word vectors (`assets/word-vectors.bin`, made by
//! `tools/make_word_vectors.py` from all-MiniLM-L6-v2): what words mean, so that "runoff",
//! "ballot" and "election" are close although they share no letters.

use std::sync::OnceLock;

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, ArrayView1, s};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::text::{Analyzer, Language};

static ASSET: &[u8] = include_bytes!("../../assets/word-vectors.bin");

/// Words and their unit-length vectors, read in place from the table built into the program
/// (8-bit values and a scale per word, a quarter of the memory of floats) and turned into
/// floats when used. Nothing of the table is copied but the scales: a copy of its values took
/// 2.8 MB of every run's memory, a tenth of the peak on a folder of 2,000 headlines.
pub struct WordVectors {
    /// Each word's number, its place in the table.
    index: FxHashMap<&'static str, usize>,
    /// The words in table order.
    words: Vec<&'static str>,
    dimensions: usize,
    /// One record per word: its scale (4 bytes, which `scales` holds read) and then its
    /// `dimensions` values, signed bytes; word i's vector is its values times `scales[i]`.
    records: &'static [u8],
    scales: Vec<f32>,
    /// The direction along which the words' vectors spread most (their first principal
    /// direction). In the built-in table it runs from place names ("torino", "lowell") to
    /// general words ("manner", "attempt"): a matter of style, not of topic.
    common: Array1<f32>,
}

/// Why the table could not be read (only if the built-in asset is damaged).
#[derive(Debug, thiserror::Error)]
#[error("the built-in word vectors are damaged: {0}")]
pub struct TableError(&'static str);

impl WordVectors {
    /// The built-in table, parsed once.
    pub fn builtin() -> Result<&'static WordVectors, &'static TableError> {
        static TABLE: OnceLock<Result<WordVectors, TableError>> = OnceLock::new();
        TABLE.get_or_init(|| WordVectors::parse(ASSET)).as_ref()
    }

    /// Reads the format written by `tools/make_word_vectors.py`.
    pub fn parse(bytes: &'static [u8]) -> Result<Self, TableError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(4)? != b"TAWV" {
            return Err(TableError("not a word-vector table"));
        }
        if reader.u32()? != 1 {
            return Err(TableError("unknown version"));
        }
        let dimensions = reader.u32()? as usize;
        let count = reader.u32()? as usize;
        let mut index = FxHashMap::default();
        index.reserve(count);
        let mut words = Vec::with_capacity(count);
        for i in 0..count {
            let len = reader.take(1)?[0] as usize;
            let word = std::str::from_utf8(reader.take(len)?)
                .map_err(|_| TableError("a word is not UTF-8"))?;
            index.insert(word, i);
            words.push(word);
        }
        let stride = 4 + dimensions;
        let records = reader.take(count.checked_mul(stride).ok_or(TableError("truncated"))?)?;
        let scales = records
            .chunks_exact(stride)
            .map(|record| f32::from_le_bytes([record[0], record[1], record[2], record[3]]))
            .collect();
        let mut table = Self {
            index,
            words,
            dimensions,
            records,
            scales,
            common: Array1::zeros(dimensions),
        };
        table.common = first_direction(&table.gram());
        Ok(table)
    }

    /// Word `i`'s vector, added to `out`.
    fn add_vector<'o>(&self, i: usize, out: impl IntoIterator<Item = &'o mut f32>) {
        let stride = 4 + self.dimensions;
        let values = &self.records[i * stride + 4..(i + 1) * stride];
        let scale = self.scales[i];
        for (o, &v) in out.into_iter().zip(values) {
            *o += f32::from(v as i8) * scale;
        }
    }

    /// Word `i`'s vector.
    fn vector(&self, i: usize) -> Array1<f32> {
        let mut out = vec![0.0; self.dimensions];
        self.add_vector(i, &mut out);
        Array1::from(out)
    }

    /// xᵀx of the matrix x of every word's vector, one row each. Summed a block of words at a
    /// time: the floats of the whole table (11 MB) would outlast their one use at the
    /// run's peak.
    fn gram(&self) -> Array2<f32> {
        const WORDS_PER_BLOCK: usize = 1024;
        let d = self.dimensions;
        let mut gram = Array2::<f32>::zeros((d, d));
        let mut block = Array2::<f32>::zeros((WORDS_PER_BLOCK, d));
        for start in (0..self.scales.len()).step_by(WORDS_PER_BLOCK) {
            let end = (start + WORDS_PER_BLOCK).min(self.scales.len());
            let mut rows = block.slice_mut(s![..end - start, ..]);
            rows.fill(0.0);
            for (i, row) in (start..end).zip(rows.rows_mut()) {
                self.add_vector(i, row);
            }
            general_mat_mul(1.0, &rows.t(), &rows, 1.0, &mut gram);
        }
        gram
    }

    pub fn dimensions(&self) -> usize {
        self.dimensions
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The vector of a lower-case word, if the table has it.
    pub fn get(&self, word: &str) -> Option<Array1<f32>> {
        self.index.get(word).map(|&i| self.vector(i))
    }

    /// The languages the table speaks.
    pub fn covers(language: Language) -> bool {
        language == Language::English
    }

    /// A vector for each term key the table knows (a key is a stem, or two stems joined by a
    /// space): the mean vector of the table's words with the key's stem, so "tariffs" finds
    /// "tariff". A word pair's vector is the mean of its two words'. Keys the table does not
    /// know get no row: on 20newsgroups that is 102,000 of 115,000 keys, whose rows of zeros
    /// took 52 MB at the run's peak.
    ///
    /// The words' first principal direction is taken out (as in "all-but-the-top", Mu and
    /// Viswanath 2018): it tells place names from general words, so without it headlines
    /// full of place names would meet whatever their topic. Measured at the true number of
    /// topics, 3 seeds: NMI on bbc-news titles 0.395 -> 0.433 and ag-news-test titles
    /// 0.333 -> 0.341; full stories within 0.01 (bbc-news 0.891 -> 0.888, reuters-r8
    /// 0.566 -> 0.556, ag-news 0.587 -> 0.579).
    pub fn for_keys<'k>(
        &self,
        keys: impl ExactSizeIterator<Item = &'k str>,
        analyzer: &Analyzer,
    ) -> KeyVectors {
        let keys: Vec<&str> = keys.collect();
        let needed: FxHashSet<&str> = keys.iter().flat_map(|key| key.split(' ')).collect();
        // Table words are stemmed in parallel, then summed in table order, so that the sums
        // (and the document vectors made from them) are the same bit for bit on every run.
        // Only the stems the keys need are summed, into one block of rows.
        let stems: Vec<String> = self
            .words
            .par_iter()
            .map(|word| analyzer.stem(word).into_owned())
            .collect();
        // Rows of the block: first every needed stem the table has, numbered in table order,
        // then every word pair (bigram) with a known word. A key made of one stem uses its
        // stem's row, so nothing is held twice; the block is sized before it is filled, since
        // growing it would hold old and new buffers at once.
        let mut stem_row: FxHashMap<&str, usize> = FxHashMap::default();
        for stem in &stems {
            if needed.contains(stem.as_str()) {
                let next = stem_row.len();
                stem_row.entry(stem.as_str()).or_insert(next);
            }
        }
        let n_stems = stem_row.len();
        // Each word pair with a known word, and its words' rows.
        let pairs: Vec<(usize, Vec<usize>)> = keys
            .iter()
            .enumerate()
            .filter(|(_, key)| key.contains(' '))
            .filter_map(|(key, pair)| {
                let parts: Vec<usize> = pair
                    .split(' ')
                    .filter_map(|stem| stem_row.get(stem).copied())
                    .collect();
                (!parts.is_empty()).then_some((key, parts))
            })
            .collect();
        let d = self.dimensions;
        let mut vectors = Array2::<f32>::zeros((n_stems + pairs.len(), d));
        let mut counts = vec![0.0f32; n_stems];
        for (i, stem) in stems.iter().enumerate() {
            if let Some(&row) = stem_row.get(stem.as_str()) {
                self.add_vector(i, vectors.row_mut(row));
                counts[row] += 1.0;
            }
        }
        for (mut row, count) in vectors.rows_mut().into_iter().zip(&counts) {
            row.mapv_inplace(|sum| sum / count);
        }
        let mut rows: Vec<Option<u32>> = keys
            .iter()
            .map(|key| {
                if key.contains(' ') {
                    None // a pair's row is set below
                } else {
                    stem_row.get(key).map(|&row| row as u32)
                }
            })
            .collect();
        for (j, (key, parts)) in pairs.iter().enumerate() {
            let mut mean = Array1::<f32>::zeros(d);
            for &part in parts {
                mean += &vectors.row(part);
            }
            mean /= parts.len() as f32;
            vectors.row_mut(n_stems + j).assign(&mean);
            rows[*key] = Some((n_stems + j) as u32);
        }
        for mut row in vectors.rows_mut() {
            let along = row.dot(&self.common);
            row.scaled_add(-along, &self.common);
        }
        KeyVectors { vectors, rows }
    }
}

/// The word vectors of a list of term keys, a row for each key the table knows.
pub struct KeyVectors {
    /// The known keys' vectors (and those of the words of known word pairs).
    pub vectors: Array2<f32>,
    /// For each key, its row in `vectors`; `None` when the table knows none of its words.
    pub rows: Vec<Option<u32>>,
}

impl KeyVectors {
    /// The vector of key `key`, if the table knows it.
    pub fn get(&self, key: usize) -> Option<ArrayView1<'_, f32>> {
        self.rows
            .get(key)
            .copied()
            .flatten()
            .map(|row| self.vectors.row(row as usize))
    }
}

/// The unit vector along which the rows of a matrix x spread most, measured from the origin,
/// given `gram` = xᵀx: its leading eigenvector, by power iteration from a fixed start (so
/// always the same).
fn first_direction(gram: &Array2<f32>) -> Array1<f32> {
    let mut direction = Array1::<f32>::from_elem(gram.ncols(), 1.0);
    for _ in 0..200 {
        let next = gram.dot(&direction);
        let norm = next.dot(&next).sqrt();
        if norm == 0.0 {
            return Array1::zeros(gram.ncols());
        }
        direction = next / norm;
    }
    direction
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], TableError> {
        let end = self.at.checked_add(n).ok_or(TableError("truncated"))?;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or(TableError("truncated"))?;
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, TableError> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cosine(a: ArrayView1<f32>, b: ArrayView1<f32>) -> f32 {
        a.dot(&b) / (a.dot(&a).sqrt() * b.dot(&b).sqrt())
    }

    #[test]
    fn the_builtin_table_loads() {
        let table = WordVectors::builtin().expect("the asset parses");
        assert!(table.len() > 15_000, "{} words", table.len());
        assert!(table.dimensions() >= 64);
        let v = table
            .get("election")
            .expect("a common word is in the table");
        assert!((v.dot(&v).sqrt() - 1.0).abs() < 0.02);
    }

    #[test]
    fn related_words_are_closer_than_unrelated_ones() {
        let table = WordVectors::builtin().expect("the asset parses");
        let pairs = [
            (("election", "ballot"), ("election", "banana")),
            (("election", "vote"), ("election", "soccer")),
            (("tariff", "trade"), ("tariff", "volcano")),
            (("war", "troops"), ("war", "recipe")),
            (("football", "goal"), ("football", "inflation")),
            (("inflation", "prices"), ("inflation", "guitar")),
        ];
        for ((a, b), (c, d)) in pairs {
            let vector = |w: &str| table.get(w).expect(w);
            let related = cosine(vector(a).view(), vector(b).view());
            let unrelated = cosine(vector(c).view(), vector(d).view());
            assert!(
                related > unrelated + 0.1,
                "{a}~{b} {related:.2} vs {c}~{d} {unrelated:.2}"
            );
        }
    }

    #[test]
    fn term_vectors_lose_the_shared_direction_and_keep_their_differences() {
        let table = WordVectors::builtin().expect("the asset parses");
        let common = &table.common;
        assert!((common.dot(common).sqrt() - 1.0).abs() < 1e-3);
        // Words spread along it far more than along an average direction (1/128 of the
        // spread of unit vectors in 128 dimensions).
        let spread = common.dot(&table.gram().dot(common)) / table.len() as f32;
        let average = 1.0 / table.dimensions() as f32;
        assert!(spread > 2.0 * average, "{spread} vs {average}");

        let analyzer = Analyzer::new(Language::English);
        let words = ["election", "ballot", "banana", "tariff", "trade", "volcano"];
        let stems: Vec<String> = words
            .iter()
            .map(|w| analyzer.stem(w).into_owned())
            .collect();
        let vectors = table.for_keys(stems.iter().map(String::as_str), &analyzer);
        for row in vectors.vectors.rows() {
            assert!(row.dot(common).abs() < 1e-4);
        }
        let vector = |key: usize| vectors.get(key).expect("a known word");
        let close = |a: usize, b: usize| cosine(vector(a), vector(b));
        assert!(close(0, 1) > close(0, 2) + 0.1);
        assert!(close(3, 4) > close(3, 5) + 0.1);
    }

    #[test]
    fn a_word_pair_means_the_mean_of_its_known_words() {
        let table = WordVectors::builtin().expect("the asset parses");
        let analyzer = Analyzer::new(Language::English);
        let election = analyzer.stem("election").into_owned();
        let ballot = analyzer.stem("ballot").into_owned();
        let both = format!("{election} {ballot}");
        let half_unknown = format!("qqzzxq {ballot}");
        let keys = [
            election.as_str(),
            both.as_str(),
            "qqzzxq",
            half_unknown.as_str(),
            ballot.as_str(),
        ];
        let vectors = table.for_keys(keys.into_iter(), &analyzer);
        let vector = |key: usize| vectors.get(key).expect("a known key").to_owned();
        let mean = (vector(0) + vector(4)) / 2.0;
        assert!((&vector(1) - &mean).iter().all(|d| d.abs() < 1e-5));
        assert!(vectors.get(2).is_none());
        assert!((&vector(3) - &vector(4)).iter().all(|d| d.abs() < 1e-5));
    }

    #[test]
    fn a_damaged_table_is_an_error_not_a_panic() {
        assert!(WordVectors::parse(b"").is_err());
        assert!(WordVectors::parse(b"TAWV\x01\0\0\0\x08\0\0\0\x05\0\0\0").is_err());
        assert!(WordVectors::parse(b"XXXX").is_err());
        // A whole header and word list, but the second word's record cut short.
        assert!(
            WordVectors::parse(
                b"TAWV\x01\0\0\0\x02\0\0\0\x02\0\0\0\x03cat\x03dog\0\0\0\x3f\x02\xfe\0\0"
            )
            .is_err()
        );
    }

    #[test]
    fn a_word_is_its_signed_values_times_its_scale() {
        // Two words in two dimensions: "cat" scale 0.5, values 2 and -2 (0xfe); "dog" scale
        // 0.25, values 4 and 0.
        let table = WordVectors::parse(
            b"TAWV\x01\0\0\0\x02\0\0\0\x02\0\0\0\x03cat\x03dog\
              \0\0\0\x3f\x02\xfe\0\0\x80\x3e\x04\0",
        )
        .expect("a well-formed table");
        assert_eq!(table.len(), 2);
        assert_eq!(table.get("cat").expect("known").to_vec(), vec![1.0, -1.0]);
        assert_eq!(table.get("dog").expect("known").to_vec(), vec![1.0, 0.0]);
        assert!(table.get("cow").is_none());
    }
}
