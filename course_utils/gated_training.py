"""Training the three recurrent cells of the course (RNN, GRU, LSTM) the same way, and what 09 measures with them.

    L, gradients = sequence_loss_and_gradients("lstm", x, y, parameters)
    history = train_sequences("gru", x, y, parameters, n_steps=300)
    evaluate_sequences("lstm", x, y, parameters)          # {"loss": per labelled step, "accuracy": ...}

A model is named by a string: "rnn" (course_utils.rnn, keys "Waa", "Wax", "ba", "Wya", "by"), "gru" or
"lstm" (course_utils.gated). Every model has the same softmax output layer, y<t> = softmax(Wya a<t> + by),
and the same loss, course_utils.losses.cross_entropy (summed over the steps, averaged over the batch).
"""

import numpy as np

from . import gated, rnn
from .char_lm import softmax_with_temperature
from .losses import cross_entropy, cross_entropy_backward
from .sampling import sample_columns
from .text import one_hot
from .training import train
from .validation import as_array

MODELS = ("rnn", "gru", "lstm")


def _check_model(model):
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, got {model!r}")


def initialize(model, n_a, n_x, n_y, seed=0, forget_bias=1.0, update_bias=0.0):
    """Parameters of `model` ("rnn", "gru" or "lstm"); forget_bias for the LSTM, update_bias for both gated cells."""
    _check_model(model)
    if model == "rnn":
        return rnn.initialize_parameters(n_a, n_x, n_y, seed=seed)
    if model == "gru":
        return gated.initialize_gru(n_a, n_x, n_y, seed=seed, update_bias=update_bias)
    return gated.initialize_lstm(n_a, n_x, n_y, seed=seed, forget_bias=forget_bias, update_bias=update_bias)


def forward(model, x, parameters, state=None, mask=None):
    """(states a (n_a, m, T_x), y_pred (n_y, m, T_x), caches, last state) of `model` over x.

    `state` is the initial state: None (zeros), a0 for the RNN and the GRU, a tuple (a0, c0) for the LSTM;
    the last state comes back in the same form (to carry it into the next chunk of a long text).
    """
    _check_model(model)
    x = as_array("x", x, ndim=3)
    n_a, m = parameters["Wya"].shape[1], x.shape[1]
    if model == "rnn":
        if mask is not None:
            raise ValueError("the plain RNN takes no mask here; mask its loss instead")
        a, y_pred, caches = rnn.rnn_forward(x, np.zeros((n_a, m)) if state is None else state, parameters)
        return a, y_pred, caches, a[:, :, -1]
    if model == "gru":
        c, y_pred, caches = gated.gru_forward(x, state, parameters, mask=mask)
        return c, y_pred, caches, c[:, :, -1]
    a0, c0 = (None, None) if state is None else state
    a, y_pred, c, caches = gated.lstm_forward(x, np.zeros((n_a, m)) if a0 is None else a0, parameters,
                                              mask=mask, c0=c0)
    return a, y_pred, caches, (a[:, :, -1], c[:, :, -1])


def backward(model, da, caches):
    """The state gradients of `model` from da (n_a, m, T_x): a dict with "d" + every hidden weight's name."""
    _check_model(model)
    if model == "rnn":
        return rnn.rnn_backward(da, caches)
    if model == "gru":
        return gated.gru_backward(da, caches)
    return gated.lstm_backward(da, caches)


def sequence_loss_and_gradients(model, x, y, parameters, state=None, mask=None):
    """Forward, loss and backward for a batch.

    Inputs:
        model      -- "rnn", "gru" or "lstm"
        x          -- (n_x, m, T_x) inputs;  y -- int (m, T_x) labels, -1 where there is none
        parameters -- the model's dict;  state -- initial state (see forward), None for zeros
        mask       -- optional bool (m, T_x) for the gated cells: padded steps carry the state
    Outputs:
        L          -- float, the summed loss
        gradients  -- dict "d" + name for every parameter
        last_state -- the state after the last step (the gradient does not flow back into `state`
                      from the next call: truncated backpropagation through time)
    """
    a, y_pred, caches, last = forward(model, x, parameters, state, mask)
    L, _ = cross_entropy(y_pred, y)
    output = rnn.rnn_output_backward(cross_entropy_backward(y_pred, y), a, parameters)
    hidden = backward(model, output["da"], caches)
    gradients = {"d" + name: hidden["d" + name] for name in parameters if name not in ("Wya", "by")}
    gradients.update(dWya=output["dWya"], dby=output["dby"])
    return L, gradients, last


def train_sequences(model, x, y, parameters, n_steps, learning_rate=0.01, batch_size=32, max_norm=5.0, seed=0,
                    log_every=25, show_progress=True, description=None):
    """Adam with gradient clipping on a many-to-many task (every sequence from a zero state).

    Inputs:  x (n_x, M, T_x), y int (M, T_x) with -1 where there is no label, parameters (updated in place)
    Output:  history -- dict "step", "loss" (the loss per labelled step, comparable with log(n_y))
    """
    x = as_array("x", x, ndim=3)
    y = np.asarray(y)
    if y.shape != x.shape[1:]:
        raise ValueError(f"y must have shape (M, T_x) = {x.shape[1:]} to match x, got {y.shape}")

    def loss_per_labelled_step(batch):
        yb = y[batch]
        L, gradients, _ = sequence_loss_and_gradients(model, x[:, batch], yb, parameters)
        return L / max((yb >= 0).sum() / len(batch), 1), gradients

    return train(loss_per_labelled_step, parameters, x.shape[1], n_steps, learning_rate, batch_size=batch_size,
                 max_norm=max_norm, seed=seed, log_every=log_every, show_progress=show_progress,
                 description=description or model)


def evaluate_sequences(model, x, y, parameters):
    """Loss per labelled step and accuracy of the most likely label: dict "loss", "accuracy"."""
    _, y_pred, _, _ = forward(model, x, parameters)
    L, _ = cross_entropy(y_pred, y)
    labelled = np.asarray(y) >= 0
    M = labelled.shape[0]
    correct = (y_pred.argmax(axis=0) == y) & labelled
    return {"loss": float(L / max(labelled.sum() / M, 1)), "accuracy": float(correct.sum() / max(labelled.sum(), 1))}


def state_gradient_norms(model, x, parameters, seed=0):
    """How the gradient fades back through time when the loss sits at the last step only.

    L = sum(g * a<T_x>) for a random g (n_a, m) of norm 1. Walking back with the cell backwards:
    norms["a"][t - 1] = ||dL/da<t>|| (norms["a"][-1] = 1); for the LSTM also norms["c"][t - 1] = ||dL/dc<t>||,
    the gradient along the memory cell (for the RNN and the GRU, "c" is None; the GRU's c<t> is a<t>).
    Inputs: model, x (n_x, m, T_x), parameters, seed. Output: dict "a", "c" of arrays (T_x,) or None.
    """
    a, _, caches, _ = forward(model, x, parameters)
    n_a, m, T_x = a.shape
    g = np.random.default_rng(seed).standard_normal((n_a, m))
    da, dc = g / np.linalg.norm(g), np.zeros((n_a, m))
    norms = {"a": np.empty(T_x), "c": np.empty(T_x) if model == "lstm" else None}
    norms["a"][-1] = 1.0
    if model == "lstm":   # c<T_x> reaches L through a<T_x> = Gamma_o * tanh(c<T_x>)
        _, c_last, _, _, _, _, _, o_last, _, _ = caches[0][-1]
        norms["c"][-1] = np.linalg.norm(da * o_last * (1 - np.tanh(c_last) ** 2))
    for t in range(T_x - 1, 0, -1):   # the backward of step t + 1 (index t) gives dL/da<t>
        cache = caches[0][t]
        if model == "rnn":
            da = rnn.rnn_cell_backward(da, cache)["da_prev"]
        elif model == "gru":
            da = gated.gru_cell_backward(da, cache)["dc_prev"]
        else:
            step = gated.lstm_cell_backward(da, dc, cache)
            da, dc = step["da_prev"], step["dc_prev"]
            norms["c"][t - 1] = np.linalg.norm(dc)
        norms["a"][t - 1] = np.linalg.norm(da)
    return norms


# ----------------------------------------------------------------------------- one long text


def load_time_machine():
    """The opening chapters (I and II) of H. G. Wells's The Time Machine, public domain, as one str:
    lower case, every run of white space (line ends too) made one space. Source: course_utils/data/README.md."""
    from pathlib import Path

    text = (Path(__file__).parent / "data" / "time_machine.txt").read_text(encoding="utf-8")
    return " ".join(text.lower().split())


def char_stream(text):
    """(sorted list of the characters of `text`, int array of its characters' indices in that list)."""
    if not isinstance(text, str) or not text:
        raise ValueError(f"text must be a non-empty str, got {type(text).__name__}")
    chars = sorted(set(text))
    index = {ch: i for i, ch in enumerate(chars)}
    return chars, np.array([index[ch] for ch in text], dtype=np.int64)


def stream_chunks(indices, batch_size, T):
    """Cut one long stream into `batch_size` parallel rows and the rows into chunks of T steps.

    Row i is the i-th of batch_size equal stretches of the stream, so chunk k + 1 of row i continues
    chunk k of row i exactly where it stopped: a state carried from one chunk to the next has read the
    text just before. The input at a step is a character, the target the next one.
    Output: list of (x_indices int (batch_size, T), y int (batch_size, T)), in reading order.
    """
    indices = np.asarray(indices)
    for name, value in (("batch_size", batch_size), ("T", T)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be an int >= 1, got {value!r}")
    length = (len(indices) - 1) // batch_size // T * T      # steps per row, whole chunks only
    if length == 0:
        raise ValueError(f"the stream of {len(indices)} characters is too short for {batch_size} rows of {T} steps")
    rows = np.arange(batch_size)[:, None] * ((len(indices) - 1) // batch_size) + np.arange(length)[None, :]
    x_rows, y_rows = indices[rows], indices[rows + 1]
    return [(x_rows[:, k:k + T], y_rows[:, k:k + T]) for k in range(0, length, T)]


def train_truncated_bptt(model, chunks, parameters, n_epochs, carry=True, learning_rate=0.01, max_norm=5.0,
                         show_progress=True, description=None, adam=None):
    """Truncated backpropagation through time over a long text, chunk after chunk, Adam with clipping.

    Each epoch reads the chunks in order. With carry=True the state after chunk k starts chunk k + 1 (the
    gradient stops at the border: the backward pass of a chunk ends at its first step); with carry=False
    every chunk starts from a zero state.
    Inputs:  model, chunks (stream_chunks), parameters (updated in place; n_x = n_y = the vocabulary size),
             n_epochs, carry, learning_rate, max_norm, show_progress, description,
             adam (a dict: Adam's moments and step count, kept there, so that a second call goes on where the
             first stopped; None: a fresh start)
    Output:  history -- dict "step", "loss" (the loss per character of each chunk)
    """
    from tqdm.auto import tqdm
    from threadpoolctl import threadpool_limits

    from .optim import adam_step, clip_by_norm

    n_y, n_a = parameters["Wya"].shape
    state, history = None, {"step": [], "loss": []}
    adam = {} if adam is None else adam
    n_steps = n_epochs * len(chunks)
    with tqdm(total=n_steps, desc=description or f"{model}, {'carried' if carry else 'reset'} state",
              disable=not show_progress) as bar, threadpool_limits(limits=1, user_api="blas"):
        for step in range(1, n_steps + 1):
            k = (step - 1) % len(chunks)
            if k == 0 or not carry:
                state = None
            x_indices, y = chunks[k]
            L, gradients, state = sequence_loss_and_gradients(model, one_hot(x_indices, n_y), y, parameters,
                                                              state)
            adam_step(parameters, clip_by_norm(gradients, max_norm), adam, learning_rate)
            history["step"].append(step)
            history["loss"].append(L / y.shape[1])
            bar.set_postfix_str(f"loss {history['loss'][-1]:.3f}", refresh=False)
            bar.update()
    return history


def loss_by_position(model, chunks, parameters, carry=True):
    """The loss per character at each position 1..T of a chunk, averaged over `chunks` read in order.

    carry=True reads them as one text (the state carried), carry=False starts every chunk from zero.
    Output: array (T,) of nats per character.
    """
    n_y = parameters["Wya"].shape[0]
    state, total = None, 0.0
    for x_indices, y in chunks:
        _, y_pred, _, last = forward(model, one_hot(x_indices, n_y), parameters, state if carry else None)
        total = total + cross_entropy(y_pred, y)[1]
        state = last
    return total / len(chunks)


def ngram_loss_by_position(P, n, indices, batch_size, T):
    """loss_by_position for a count model: its loss per character at positions 1..T of the chunks that
    stream_chunks(indices, batch_size, T) cuts, each character predicted from the n - 1 before it in the stream.

    Inputs: P (n_y, n_y**(n - 1)) from course_utils.ngram.ngram_probabilities, n, indices (the int stream),
            batch_size, T (as given to stream_chunks)
    Output: array (T,) of nats per character
    """
    from .ngram import ngram_predictions

    indices = np.asarray(indices)
    probabilities = ngram_predictions(P, indices[:-1][np.newaxis], n)[:, 0]    # column t predicts indices[t + 1]
    per_character = -np.log(probabilities[indices[1:], np.arange(len(indices) - 1)])
    positions = stream_chunks(np.arange(len(indices)), batch_size, T)           # where each chunk's inputs sit
    return np.mean([per_character[x] for x, _ in positions], axis=(0, 1))


def _prompt_indices(chars, prompt, rng):
    index = {ch: i for i, ch in enumerate(chars)}
    unknown = sorted(set(prompt) - set(index))
    if unknown:
        raise ValueError(f"prompt has characters the model does not know: {unknown}")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    return [index[ch] for ch in prompt]


def _draw(probabilities, rng, temperature):
    """One index drawn from softmax(log(probabilities) / temperature) (08's sampling; temperature 0: the argmax)."""
    p = softmax_with_temperature(np.log(np.maximum(probabilities, 1e-300))[:, np.newaxis], temperature)
    return int(sample_columns(p, rng)[0])


def sample_text(model, parameters, chars, prompt, length, rng, temperature=1.0):
    """Read `prompt`, then write `length` characters, each drawn from softmax(scores / temperature).

    Inputs: model, parameters, chars (the vocabulary list), prompt (str of known characters), length (int),
            rng (np.random.Generator), temperature (float >= 0; 0: the likeliest)
    Output: str, the prompt followed by what the model wrote
    """
    prompt_indices = _prompt_indices(chars, prompt, rng)
    n_y = len(chars)
    _, y_pred, _, state = forward(model, one_hot(np.array([prompt_indices]), n_y), parameters)
    written = []
    for _ in range(length):
        k = _draw(y_pred[:, 0, -1], rng, temperature)
        written.append(chars[k])
        _, y_pred, _, state = forward(model, one_hot(np.array([[k]]), n_y), parameters, state)
    return prompt + "".join(written)


def sample_ngram_text(P, n, chars, prompt, length, rng, temperature=1.0):
    """sample_text for a count model: each character drawn from the column of P for the n - 1 before it.

    Inputs: P (n_y, n_y**(n - 1)) from course_utils.ngram.ngram_probabilities, n (its order), chars,
            prompt (str of at least n - 1 known characters), length, rng, temperature (as sample_text)
    Output: str, the prompt followed by what the model wrote
    """
    P = as_array("P", P, ndim=2)
    n_y = len(chars)
    if P.shape != (n_y, n_y ** (n - 1)):
        raise ValueError(f"P must have shape (n_y, n_y**(n - 1)) = ({n_y}, {n_y ** (n - 1)}) for n = {n} and "
                         f"{n_y} characters, got {P.shape}")
    indices = _prompt_indices(chars, prompt, rng)
    if len(indices) < n - 1:
        raise ValueError(f"prompt must hold at least n - 1 = {n - 1} characters, got {len(prompt)}")
    for _ in range(length):
        context = 0
        for k in indices[len(indices) - (n - 1):] if n > 1 else []:
            context = context * n_y + k          # ngram_contexts' numbering: the oldest character first
        indices.append(_draw(P[:, context], rng, temperature))
    return prompt + "".join(chars[k] for k in indices[len(prompt):])


def text_words(text):
    """The words of `text`: its runs of the letters a-z, in order (a list of str)."""
    import re

    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    return re.findall(r"[a-z]+", text)


def known_word_share(text, words):
    """How much of `text` is words: (the share of text_words(text) found in `words`, their number).

    Inputs: text (str), words (a set of str, e.g. set(text_words(training_text)))
    Output: (float in [0, 1], int)
    """
    found = text_words(text)
    if not found:
        return 0.0, 0
    return sum(word in words for word in found) / len(found), len(found)
