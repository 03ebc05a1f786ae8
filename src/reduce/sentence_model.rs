//! A full sentence-embedding model a person has, read from a folder: an alternative to the
//! built-in word vectors for the meaning of documents, slower by orders of magnitude (a whole
//! transformer per document, not a mean of word vectors) and never needed.
//!
//! The folder holds a BERT model as sentence-transformers saves it: `config.json`,
//! `tokenizer.json` and `model.safetensors` (all-MiniLM-L6-v2, for one). Each document's
//! first [`MAX_TOKENS`] tokens go through the model; its vector is the mean of their outputs,
//! of unit length, as sentence-transformers' mean pooling gives.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use ndarray::Array2;
use tokenizers::{Encoding, Tokenizer, TruncationParams};

use crate::progress::{Cancel, Cancelled};

/// Tokens of a document read by the model: what all-MiniLM-L6-v2 was trained on (its
/// `max_seq_length`); the rest of a long story is left out, as sentence-transformers does.
pub const MAX_TOKENS: usize = 256;

/// Tokens (padding included) embedded together: a batch's texts are padded to its longest,
/// so texts are taken shortest first and a batch holds as many as fit, up to
/// [`MOST_PER_BATCH`]. Measured on 1,000 ag-news titles, batches of 16 to 64 titles took the
/// same time, of 256 half as long again.
const TOKENS_PER_BATCH: usize = 2048;
const MOST_PER_BATCH: usize = 64;

/// Files a model folder must hold.
pub const MODEL_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];

/// Why a model could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{folder} is not a sentence model's folder: it has no {file}")]
    Missing { folder: PathBuf, file: &'static str },
    #[error("the sentence model in {folder} could not be read: {message}")]
    Unreadable { folder: PathBuf, message: String },
    #[error("the sentence model failed: {0}")]
    Failed(String),
    #[error("cancelled")]
    Cancelled,
}

impl From<Cancelled> for ModelError {
    fn from(_: Cancelled) -> Self {
        ModelError::Cancelled
    }
}

impl From<candle_core::Error> for ModelError {
    fn from(error: candle_core::Error) -> Self {
        ModelError::Failed(error.to_string())
    }
}

/// A loaded model and its tokenizer.
pub struct SentenceModel {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl SentenceModel {
    /// Whether `folder` holds the files of a model: `Err` names the first it lacks.
    pub fn check_folder(folder: &Path) -> Result<(), ModelError> {
        match MODEL_FILES.iter().find(|f| !folder.join(f).is_file()) {
            Some(file) => Err(ModelError::Missing {
                folder: folder.to_path_buf(),
                file,
            }),
            None => Ok(()),
        }
    }

    /// Reads the model in `folder`.
    pub fn load(folder: &Path) -> Result<Self, ModelError> {
        Self::check_folder(folder)?;
        let unreadable = |message: String| ModelError::Unreadable {
            folder: folder.to_path_buf(),
            message,
        };
        let config: Config = std::fs::read_to_string(folder.join("config.json"))
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
            .map_err(|e| unreadable(format!("config.json: {e}")))?;
        let mut tokenizer = Tokenizer::from_file(folder.join("tokenizer.json"))
            .map_err(|e| unreadable(format!("tokenizer.json: {e}")))?;
        // Each text is cut to the model's length and not padded (tokenizer.json may pad every
        // text to a fixed length): a batch pads its own texts to its longest.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| unreadable(format!("tokenizer.json: {e}")))?;
        let device = Device::Cpu;
        let weights = std::fs::read(folder.join("model.safetensors"))
            .map_err(|e| unreadable(format!("model.safetensors: {e}")))?;
        let variables = VarBuilder::from_buffered_safetensors(weights, DType::F32, &device)
            .map_err(|e| unreadable(format!("model.safetensors: {e}")))?;
        let model = BertModel::load(variables, &config)
            .map_err(|e| unreadable(format!("model.safetensors: {e}")))?;
        Ok(Self {
            model,
            tokenizer,
            device,
        })
    }

    /// One unit-length vector per text (a zero row for an empty one), in the order given;
    /// `on_batch(done)` after each batch, and a cancel is seen between batches.
    pub fn embed(
        &self,
        texts: &[&str],
        cancel: &Cancel,
        on_batch: impl Fn(usize),
    ) -> Result<Array2<f32>, ModelError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| ModelError::Failed(e.to_string()))?;
        // Shortest first, so that a batch's texts pad to about the same length.
        let lengths: Vec<usize> = encodings.iter().map(Encoding::len).collect();
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| (lengths[i], i));
        let mut vectors: Option<Array2<f32>> = None;
        let mut done = 0;
        for batch in batches(&order, &lengths) {
            cancel.check()?;
            let batch_encodings: Vec<&Encoding> = batch.iter().map(|&i| &encodings[i]).collect();
            let rows = self.embed_batch(&batch_encodings)?;
            let vectors =
                vectors.get_or_insert_with(|| Array2::zeros((texts.len(), rows[0].len())));
            for (&i, row) in batch.iter().zip(rows) {
                if !texts[i].trim().is_empty() {
                    vectors.row_mut(i).assign(&ndarray::Array1::from(row));
                }
            }
            done += batch.len();
            on_batch(done);
        }
        Ok(vectors.unwrap_or_else(|| Array2::zeros((0, 0))))
    }

    /// The mean of the model's outputs over each text's tokens, of unit length. The texts are
    /// padded to the longest (masked out, so the padding's token does not matter).
    fn embed_batch(&self, encodings: &[&Encoding]) -> Result<Vec<Vec<f32>>, ModelError> {
        let longest = encodings.iter().map(|e| e.len()).max().unwrap_or(0).max(1);
        let mut ids = vec![0u32; encodings.len() * longest];
        let mut mask = vec![0u32; encodings.len() * longest];
        for (row, encoding) in encodings.iter().enumerate() {
            let at = row * longest;
            ids[at..at + encoding.len()].copy_from_slice(encoding.get_ids());
            mask[at..at + encoding.len()].copy_from_slice(encoding.get_attention_mask());
        }
        let shape = (encodings.len(), longest);
        let ids = Tensor::from_vec(ids, shape, &self.device)?;
        let mask = Tensor::from_vec(mask, shape, &self.device)?;
        let types = ids.zeros_like()?;
        let outputs = self.model.forward(&ids, &types, Some(&mask))?;
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let mean = outputs
            .broadcast_mul(&mask)?
            .sum(1)?
            .broadcast_div(&mask.sum(1)?.clamp(1.0, f64::MAX)?)?;
        let length = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        Ok(mean.broadcast_div(&length)?.to_vec2::<f32>()?)
    }
}

/// `order` (by length, shortest first) cut into batches of at most [`TOKENS_PER_BATCH`]
/// padded tokens and [`MOST_PER_BATCH`] texts; a text longer than that alone.
fn batches<'a>(order: &'a [usize], lengths: &[usize]) -> Vec<&'a [usize]> {
    let mut batches = Vec::new();
    let mut start = 0;
    for end in 1..=order.len() {
        let longest = lengths[order[end - 1]].max(1);
        let full = end - start > MOST_PER_BATCH || (end - start) * longest > TOKENS_PER_BATCH;
        if full && end - 1 > start {
            batches.push(&order[start..end - 1]);
            start = end - 1;
        }
    }
    if start < order.len() {
        batches.push(&order[start..]);
    }
    batches
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_hold_as_many_texts_as_fit_and_a_long_one_alone() {
        // Shortest first: 40 titles of 10 tokens, 10 of 100, and a story of 256.
        let lengths: Vec<usize> = [vec![10; 40], vec![100; 10], vec![256]].concat();
        let order: Vec<usize> = (0..lengths.len()).collect();
        let sizes: Vec<usize> = batches(&order, &lengths).iter().map(|b| b.len()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), lengths.len());
        // 2,048 tokens: the 40 titles with 8 texts of 100 tokens would pad to 4,800.
        assert_eq!(sizes, [40, 10, 1]);
        for batch in batches(&order, &lengths) {
            let longest = batch.iter().map(|&i| lengths[i]).max().unwrap_or(0);
            assert!(batch.len() == 1 || batch.len() * longest <= TOKENS_PER_BATCH);
            assert!(batch.len() <= MOST_PER_BATCH);
        }
        assert!(batches(&[], &[]).is_empty());
    }
}
