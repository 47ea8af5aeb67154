"""Speed of the reference RNN (course_utils.rnn) against torch.nn.RNN and against the matmul limit.

    python benchmarks/rnn_speed.py                 # the full grid, both dtypes -> benchmarks/results/rnn_speed.md
    python benchmarks/rnn_speed.py --quick         # a few sizes
    python benchmarks/rnn_speed.py --cell lstm     # course_utils.gated's LSTM against torch.nn.LSTM -> results/lstm_speed.md
    OPENBLAS_NUM_THREADS=1 python benchmarks/rnn_speed.py --cell lstm --torch-threads 1   # one core each

For each size (n_x = n_a = n_y = n, batch m, length T) and dtype it times one forward + backward pass:
  - ours:  rnn_forward, then rnn_backward with an upstream gradient G for every hidden state;
  - torch: torch.nn.RNN (tanh) + Linear + softmax forward, then autograd of sum(h * G), on the CPU;
  - limit: the same matrix products alone (3 per step forward, 4 per step backward) done by numpy,
           i.e. what the pass would cost if everything but the matmuls were free.
Each figure is the minimum over every timed call (timeit's convention: the least disturbed run); the
three take turns of 0.2 s, 5 turns each, so that the machine's slow spells hit them alike.
FLOP/s counts 2 flops per multiply-add of those matmuls.

With --cell lstm: ours is gated.lstm_forward + gated.lstm_backward (its upstream gradient G for every hidden
state), torch's is torch.nn.LSTM + Linear + softmax, then autograd of sum(h * G), with the input x requiring a
gradient, since lstm_backward returns dx too (a column gives torch without dx as well); no matmul-limit column.
Two tables: first the course's own sizes (every LSTM 09 trains or probes, in float64, the course's dtype),
then a grid of larger sizes and float32, beyond what the course runs.
"""

import argparse
import os
import platform
import time
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from course_utils.gated import initialize_lstm, lstm_backward, lstm_forward
from course_utils.rnn import initialize_parameters, rnn_backward, rnn_forward

RESULTS = Path(__file__).parent / "results"


def best_times(fns, rounds, seconds=0.2):
    """Minimum seconds per call of each function.

    The functions take turns, `rounds` times, each turn calling one function over and over for
    `seconds` and timing every call; the first call of a turn is not counted (the other library's
    threads may still be spinning). Taking turns lets a slow spell of the machine hit them alike.
    """
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            fn()
            end = time.perf_counter() + seconds
            while True:
                start = time.perf_counter()
                fn()
                stop = time.perf_counter()
                best[i] = min(best[i], stop - start)
                if stop > end:
                    break
    return best


def flops(n, m, T):
    """Multiply-adds x 2 of the forward (Waa a, Wax x, Wya a) and backward (Waa^T dz, dz a^T, Wax^T dz, dz x^T)."""
    return 2 * T * m * n * n * (3 + 4)


def flops_lstm(n_x, n_a, n_y, m, T, backward=True):
    """Multiply-adds x 2 of the LSTM: forward W [a; x] and Wya a; backward W^T dz and dz [a; x]^T."""
    return 2 * T * m * (4 * n_a * (n_a + n_x) * (3 if backward else 1) + n_a * n_y)


def problem(n, m, T, dtype, seed=0, n_x=None, n_y=None, initialize=initialize_parameters):
    """(parameters, x, a0, G) with n_a = n (n_x, n_y: n unless given), in dtype."""
    n_x, n_y = n_x or n, n_y or n
    rng = np.random.default_rng(seed)
    parameters = {k: v.astype(dtype) for k, v in initialize(n, n_x, n_y, seed=seed).items()}
    x = rng.standard_normal((n_x, m, T)).astype(dtype)
    a0 = np.zeros((n, m), dtype=dtype)
    G = rng.standard_normal((n, m, T)).astype(dtype)
    return parameters, x, a0, G


def ours(n, m, T, dtype):
    parameters, x, a0, G = problem(n, m, T, dtype)

    def run():
        _, _, caches = rnn_forward(x, a0, parameters)
        rnn_backward(G, caches)

    return run


# (what, n_x, n_a, n_y, m, T): every LSTM that 09_gated_rnns trains or probes, and its batch; the held-out
# sets are only read (forward alone), what is trained runs forward and backward.
COURSE_SIZES = [
    ("echo, delay 5", 4, 16, 4, 32, 10),
    ("echo, delay 10", 4, 16, 4, 32, 15),
    ("echo, delay 20", 4, 16, 4, 32, 25),
    ("echo, delay 40", 4, 16, 4, 32, 45),
    ("gradient through time", 4, 16, 4, 16, 60),
    ("long text", 38, 48, 38, 16, 32),
    ("echo, held-out set (forward alone)", 4, 16, 4, 256, 45),
]


def lstm_problem(n_x, n_a, n_y, m, T, dtype, seed=0):
    return problem(n_a, m, T, dtype, seed, n_x, n_y, initialize_lstm)


def ours_lstm(n_x, n_a, n_y, m, T, dtype, backward=True):
    parameters, x, a0, G = lstm_problem(n_x, n_a, n_y, m, T, dtype)

    def run():
        _, _, _, caches = lstm_forward(x, a0, parameters)
        if backward:
            lstm_backward(G, caches)

    return run


def matmul_limit(n, m, T, dtype):
    rng = np.random.default_rng(1)
    W = rng.standard_normal((n, n)).astype(dtype)
    v = rng.standard_normal((n, m)).astype(dtype)
    out_v = np.empty((n, m), dtype=dtype)
    out_W = np.empty((n, n), dtype=dtype)

    def run():
        for _ in range(T):
            for _ in range(3):                 # forward: Waa a, Wax x, Wya a
                np.matmul(W, v, out=out_v)
            np.matmul(W.T, v, out=out_v)       # backward: Waa^T dz, Wax^T dz
            np.matmul(W.T, v, out=out_v)
            np.matmul(v, v.T, out=out_W)       # dWaa, dWax
            np.matmul(v, v.T, out=out_W)

    return run


def theirs(n, m, T, dtype, cell="rnn", n_x=None, n_y=None, dx=False, backward=True, onednn=True):
    """torch's forward + backward with n_a = n (n_x, n_y: n unless given); dx: x gets a gradient too;
    backward=False: the forward alone, under torch.no_grad(); onednn=False: with torch's oneDNN (mkldnn)
    kernels switched off, which is where its fused float32 LSTM comes from."""
    import torch

    torch_dtype = {np.float64: torch.float64, np.float32: torch.float32}[dtype]
    n_x, n_y = n_x or n, n_y or n
    if cell == "lstm":
        _, x, a0, G = lstm_problem(n_x, n, n_y, m, T, dtype)
    else:
        _, x, a0, G = problem(n, m, T, dtype)
    recurrent = (torch.nn.LSTM(n_x, n) if cell == "lstm" else torch.nn.RNN(n, n, nonlinearity="tanh")).to(torch_dtype)
    linear = torch.nn.Linear(n, n_y).to(torch_dtype)
    xs = torch.from_numpy(np.ascontiguousarray(x.transpose(2, 1, 0))).requires_grad_(dx)  # (T, m, n_x)
    h0 = torch.from_numpy(a0.T.copy())[None]
    state = (h0, torch.zeros_like(h0)) if cell == "lstm" else h0
    g = torch.from_numpy(np.ascontiguousarray(G.transpose(2, 1, 0)))

    def without_onednn():
        with torch.backends.mkldnn.flags(enabled=False):
            run()

    def run():
        if not backward:
            with torch.no_grad():
                torch.softmax(linear(recurrent(xs, state)[0]), dim=-1)
            return
        recurrent.zero_grad()
        xs.grad = None
        h, _ = recurrent(xs, state)
        torch.softmax(linear(h), dim=-1)
        (h * g).sum().backward()

    return run if onednn else without_onednn


def platform_line(args, torch_version, threads):
    return (f"{platform.processor() or platform.machine()}, numpy {np.__version__}, torch {torch_version} "
            f"({threads} threads), OpenBLAS threads {os.environ.get('OPENBLAS_NUM_THREADS', 'default (all cores)')}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}; minimum over {args.repeats} turns of 0.2 s each.")


def rnn_table(args, sizes, torch_version, threads):
    header = ("| dtype | n | m | T | ours (ms) | torch (ms) | ours/torch | matmul limit (ms) | "
              "ours GFLOP/s | limit GFLOP/s | limit/ours |")
    lines = [
        "# Reference RNN: forward + backward, numpy against torch.nn.RNN",
        "",
        platform_line(args, torch_version, threads),
        "n = n_x = n_a = n_y. ours/torch < 1: ours is faster. limit/ours: the share of the time spent in matmuls.",
        "",
        header,
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    grid = [(dtype, n, m, T) for dtype in (np.float64, np.float32) for n, m, T in sizes]
    with tqdm(grid, desc="sizes", unit="size") as bar:  # progress on stderr, the table's rows on stdout
        for dtype, n, m, T in bar:
            bar.set_postfix_str(f"{np.dtype(dtype).name} n={n} m={m} T={T}")
            fns = [ours(n, m, T, dtype), matmul_limit(n, m, T, dtype)]
            if torch_version:
                fns.append(theirs(n, m, T, dtype))
            t_ours, t_limit, t_torch = (best_times(fns, args.repeats) + [float("nan")])[:3]
            f = flops(n, m, T)
            row = (f"| {np.dtype(dtype).name} | {n} | {m} | {T} | {t_ours * 1e3:.3f} | {t_torch * 1e3:.3f} | "
                   f"{t_ours / t_torch:.2f} | {t_limit * 1e3:.3f} | {f / t_ours / 1e9:.2f} | {f / t_limit / 1e9:.2f} | "
                   f"{t_limit / t_ours:.2f} |")
            bar.write(row)
            lines.append(row)
    return lines


def lstm_tables(args, sizes, torch_version, threads):
    """The course's sizes in float64, then the grid (n_x = n_a = n_y = n) in both dtypes."""
    header = ("| what | dtype | n_x | n_a | n_y | m | T | ours (ms) | torch (ms) | ours/torch | "
              "torch without dx (ms) | torch, oneDNN off (ms) | ours GFLOP/s |")
    rule = "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    course = [(what, np.float64, n_x, n_a, n_y, m, T) for what, n_x, n_a, n_y, m, T in COURSE_SIZES]
    grid = [("grid", dtype, n, n, n, m, T) for dtype in (np.float64, np.float32) for n, m, T in sizes]
    lines = [
        "# Reference LSTM: forward + backward, numpy against torch.nn.LSTM",
        "",
        platform_line(args, torch_version, threads),
        "ours/torch < 1: ours is faster. Both compute the gradient of the input x, as lstm_backward returns dx;",
        "the column torch without dx is torch when x needs no gradient (a model's first layer); torch, oneDNN off",
        "is torch with torch.backends.mkldnn switched off (its float32 LSTM is otherwise oneDNN's fused kernel).",
        "",
        "## The course's sizes: forward + backward of every LSTM that 09_gated_rnns trains or probes, float64 "
        "(the course's dtype)",
        "",
        header,
        rule,
    ]
    with tqdm(course + grid, desc="sizes", unit="size") as bar:  # progress on stderr, the rows on stdout
        for k, (what, dtype, n_x, n_a, n_y, m, T) in enumerate(bar):
            if "forward alone" in what and "forward alone" not in course[k - 1][0]:
                lines += ["", "## The course's held-out sets: the forward pass alone (torch under no_grad), float64", "",
                          header, rule]
            if k == len(course):
                lines += ["", "## Beyond the course: forward + backward, n_x = n_a = n_y = n, both dtypes", "", header, rule]
            bar.set_postfix_str(f"{what} {np.dtype(dtype).name} n_a={n_a} m={m} T={T}")
            backward = "forward alone" not in what
            fns = [ours_lstm(n_x, n_a, n_y, m, T, dtype, backward)]
            if torch_version:
                fns += [theirs(n_a, m, T, dtype, "lstm", n_x, n_y, dx=True, backward=backward),
                        theirs(n_a, m, T, dtype, "lstm", n_x, n_y, dx=False, backward=backward),
                        theirs(n_a, m, T, dtype, "lstm", n_x, n_y, dx=True, backward=backward, onednn=False)]
            t_ours, t_torch, t_torch_no_dx, t_no_onednn = (best_times(fns, args.repeats) + [float("nan")] * 3)[:4]
            f = flops_lstm(n_x, n_a, n_y, m, T, backward)
            row = (f"| {what} | {np.dtype(dtype).name} | {n_x} | {n_a} | {n_y} | {m} | {T} | {t_ours * 1e3:.3f} | "
                   f"{t_torch * 1e3:.3f} | {t_ours / t_torch:.2f} | {t_torch_no_dx * 1e3:.3f} | {t_no_onednn * 1e3:.3f} | "
                   f"{f / t_ours / 1e9:.2f} |")
            bar.write(row)
            lines.append(row)
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a few sizes only")
    parser.add_argument("--repeats", type=int, default=5, help="turns per function")
    parser.add_argument("--cell", choices=("rnn", "lstm"), default="rnn", help="the reference RNN or LSTM")
    parser.add_argument("--torch-threads", type=int, default=None,
                        help="torch.set_num_threads (default: torch's own); with OPENBLAS_NUM_THREADS=1, 1 compares like with like")
    parser.add_argument("--out", type=Path, default=None, help="default: results/rnn_speed.md or results/lstm_speed.md")
    args = parser.parse_args()
    lstm = args.cell == "lstm"
    args.out = args.out or RESULTS / ("lstm_speed.md" if lstm else "rnn_speed.md")
    try:
        import torch
        if args.torch_threads:
            torch.set_num_threads(args.torch_threads)
        torch_version, threads = torch.__version__, torch.get_num_threads()
    except ImportError:
        torch_version, threads = None, None

    sizes = [(n, m, T) for n in (16, 64, 128) for m in (1, 16, 64) for T in (10, 100)]
    if args.quick:
        sizes = [(16, 1, 10), (64, 16, 100), (128, 64, 100)]
    lines = (lstm_tables if lstm else rnn_table)(args, sizes, torch_version, threads)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
