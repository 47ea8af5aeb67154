"""How far 09's long-text LSTM gets with more training time than the notebook's budget.

    OPENBLAS_NUM_THREADS=1 python benchmarks/long_text.py               # -> benchmarks/results/long_text.md
    OPENBLAS_NUM_THREADS=1 python benchmarks/long_text.py --seconds 16  # a shorter run

09 trains its LSTM on chapters I and II of The Time Machine for 5 passes (about 1 s of the notebook's 15 s),
state carried from chunk to chunk, and asks whether its samples are readable. This trains the same model
(and a larger one) for longer, pass after pass, and at checkpoints of training time records the held-out
loss per character and the share of known words in a 1,000-character sample at temperature 0.5, the two
measures of the notebook. The 4-gram count table of the notebook is the reference line.
"""

import argparse
import os
import platform
import time
from pathlib import Path

import numpy as np

from course_utils.gated_training import (
    char_stream,
    initialize,
    known_word_share,
    load_time_machine,
    loss_by_position,
    ngram_loss_by_position,
    sample_ngram_text,
    sample_text,
    stream_chunks,
    text_words,
    train_truncated_bptt,
)
from course_utils.ngram import ngram_probabilities

RESULTS = Path(__file__).parent / "results"
PROMPT = "the time traveller "


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=64.0, help="training time of each model")
    parser.add_argument("--sizes", type=int, nargs="+", default=[48, 128], help="n_a of the models")
    parser.add_argument("--out", type=Path, default=RESULTS / "long_text.md")
    args = parser.parse_args()

    text = load_time_machine()
    chars, stream = char_stream(text)
    split = int(0.9 * len(stream))
    T, rows = 32, 16                                     # 09's chunks
    train_chunks = stream_chunks(stream[:split], rows, T)
    held_out_chunks = stream_chunks(stream[split:], 4, T)
    train_words = set(text_words(text[:split]))
    P = ngram_probabilities(stream[:split - 1][np.newaxis], stream[1:split][np.newaxis], len(chars), 4, 0.05)
    count_loss = float(ngram_loss_by_position(P, 4, stream[split:], 4, T).mean())
    count_share, _ = known_word_share(
        sample_ngram_text(P, 4, chars, PROMPT, 1000, np.random.default_rng(0), 0.5)[len(PROMPT):], train_words)

    lines = [
        "# 09's long-text LSTM trained for longer than the notebook's budget",
        "",
        f"{platform.machine()}, {os.cpu_count()} cores, OpenBLAS threads "
        f"{os.environ.get('OPENBLAS_NUM_THREADS', 'default')}, numpy {np.__version__}. Chapters I-II of The Time "
        f"Machine ({split:,} characters to train on), chunks of {rows} rows x {T} steps, the state carried, Adam "
        f"at 0.03. Held-out loss in nats per character; known words: the share of the words of a 1,000-character "
        f"sample (temperature 0.5) that are words of the training text.",
        f"The 4-gram count table (alpha 0.05): held-out {count_loss:.3f}, known words {count_share:.0%}. "
        f"09 trains n_a = 48 for 5 passes.",
        "",
        "| n_a | passes | training (s) | training loss (last pass) | held-out loss | known words | sample |",
        "|---|---|---|---|---|---|---|",
    ]
    for n_a in args.sizes:
        parameters, adam = initialize("lstm", n_a, len(chars), len(chars), seed=0), {}
        elapsed, passes, checkpoint = 0.0, 0, 1.0
        while checkpoint <= args.seconds:
            start = time.perf_counter()
            history = train_truncated_bptt("lstm", train_chunks, parameters, n_epochs=1, learning_rate=0.03,
                                           show_progress=False, adam=adam)   # one pass at a time, one Adam
            elapsed += time.perf_counter() - start
            passes += 1
            if elapsed < checkpoint and passes != 5:
                continue
            while checkpoint <= elapsed:
                checkpoint *= 2
            held_out = float(loss_by_position("lstm", held_out_chunks, parameters).mean())
            sample = sample_text("lstm", parameters, chars, PROMPT, 1000, np.random.default_rng(0), 0.5)
            share, _ = known_word_share(sample[len(PROMPT):], train_words)
            row = (f"| {n_a} | {passes} | {elapsed:.1f} | {np.mean(history['loss']):.3f} | {held_out:.3f} | "
                   f"{share:.0%} | {sample[len(PROMPT):len(PROMPT) + 100]!r} |")
            print(row, flush=True)
            lines.append(row)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
