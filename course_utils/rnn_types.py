"""The types of RNN beyond many-to-many: many-to-one, one-to-many and the encoder-decoder.

All three are built from course_utils.rnn's forward and backward passes; what differs is where the
outputs are read and where the gradient enters.

many-to-one (e.g. sentiment): read the state of the LAST step only,
    y_hat = softmax(Wya a<T_x> + by)                                   y_hat (n_y, m)
    L = -(1/m) sum_i log y_hat[y_i, i]
and the gradient enters the hidden states at that step only: da<t> = 0 for t < T_x.
With padding, "the last step" is each sequence's own: a[:, i, lengths[i] - 1].

one-to-many (e.g. a tune from its first note): x<1> = the one input; from then on the output is
fed back, x<t+1> = one_hot(y<t>). Trained like a many-to-many model (inputs: the true previous
outputs, "teacher forcing"); only generating differs.

encoder-decoder (T_x != T_y, e.g. "three hundred five" -> "305"): an encoder RNN (weights Waa, Wax,
ba) reads x; its last state starts the decoder RNN (weights Wbb, Wbx, bb, Wyb, by):
    b<0> = a<T_x>,   b<t> = tanh(Wbb b<t-1> + Wbx x_dec<t> + bb),   y<t> = softmax(Wyb b<t> + by)
x_dec<1> is a start symbol and x_dec<t+1> the previous output. Backward, the decoder's d b<0> is
the gradient that enters the encoder, at its last step.

Shapes follow the course: x (n_x, m, T_x), lengths int (m,), a (n_a, m, T_x), y int (m,) or
(m, T_y) with -1 on padding. Gradients are dicts "d" + parameter name.
"""

import numpy as np

from . import rnn
from .activations import softmax
from .losses import cross_entropy, cross_entropy_backward
from .sampling import most_likely, sample_columns
from .validation import as_array, check_shape, format_shape, require_keys

STATE_KEYS = ("Waa", "Wax", "ba")
ENCODER_KEYS = STATE_KEYS
DECODER_KEYS = ("Wbb", "Wbx", "bb", "Wyb", "by")


# ----------------------------------------------------------------------------- shared pieces


def check_lengths(lengths, m, T_x):
    """`lengths` as an int array (m,) with 1 <= lengths[i] <= T_x, or a ValueError saying what is wrong."""
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or not np.issubdtype(lengths.dtype, np.integer):
        raise ValueError(f"lengths must be an int array of shape (m,) = ({m},), got dtype {lengths.dtype} "
                         f"and shape {format_shape(lengths.shape)}")
    check_shape("lengths", lengths, (m,), ("m",))
    if lengths.size and (lengths.min() < 1 or lengths.max() > T_x):
        raise ValueError(f"lengths must be between 1 and T_x = {T_x}, got values from {int(lengths.min())} "
                         f"to {int(lengths.max())}")
    return lengths


def last_states(a, lengths):
    """Each sequence's state at its own last step.

    Inputs:
        a       -- array (n_a, m, T_x), hidden states from a forward pass
        lengths -- int array (m,), 1 <= lengths[i] <= T_x
    Output:
        array (n_a, m), column i = a[:, i, lengths[i] - 1]
    """
    a = as_array("a", a, ndim=3)
    n_a, m, T_x = a.shape
    lengths = check_lengths(lengths, m, T_x)
    return a[:, np.arange(m), lengths - 1]


def rnn_states(x, a0, parameters):
    """The hidden states of an RNN that has no output layer (an encoder, one direction of a BRNN).

    Inputs:
        x          -- array (n_x, m, T_x)
        a0         -- array (n_a, m)
        parameters -- dict "Waa" (n_a, n_a), "Wax" (n_a, n_x), "ba" (n_a, 1) (other keys are ignored)
    Outputs:
        a      -- array (n_a, m, T_x), as course_utils.rnn.rnn_forward returns it
        caches -- for course_utils.rnn.rnn_backward(da, caches)
    """
    require_keys("parameters", parameters, STATE_KEYS)
    Waa = as_array("Waa", parameters["Waa"], ndim=2)
    n_a = Waa.shape[0]
    # rnn_forward needs an output layer; a 1-row placeholder whose predictions nobody reads.
    placeholder = {key: parameters[key] for key in STATE_KEYS}
    placeholder.update(Wya=np.zeros((1, n_a), dtype=Waa.dtype), by=np.zeros((1, 1), dtype=Waa.dtype))
    a, _, caches = rnn.rnn_forward(x, a0, placeholder)
    return a, caches


def _labels(y, n_y, m):
    y = np.asarray(y)
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be an int array of labels with shape (m,) = ({m},), got dtype {y.dtype} "
                         f"and shape {format_shape(y.shape)}")
    check_shape("y", y, (m,), ("m",))
    if y.size and (y.min() < 0 or y.max() >= n_y):
        raise ValueError(f"y must hold labels in [0, n_y) = [0, {n_y}), got values from {int(y.min())} to {int(y.max())}")
    return y


# ----------------------------------------------------------------------------- many-to-one


def many_to_one_forward(x, lengths, a0, parameters):
    """Read a sequence, predict once from the state at its last step.

    Inputs:
        x          -- array (n_x, m, T_x), one-hot words or any other input vectors (e.g. embeddings)
        lengths    -- int array (m,), the real length of each sequence (the rest is padding)
        a0         -- array (n_a, m), the initial state
        parameters -- dict "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        y_hat -- array (n_y, m), softmax(Wya a<lengths[i]> + by) for every sequence i
        cache -- tuple (a, caches, lengths, a_last, parameters) for many_to_one_backward
    """
    a, _, caches = rnn.rnn_forward(x, a0, parameters)
    a_last = last_states(a, lengths)
    lengths = np.asarray(lengths)
    y_hat = softmax(parameters["Wya"] @ a_last + parameters["by"])
    return y_hat, (a, caches, lengths, a_last, parameters)


def many_to_one_loss(y_hat, y):
    """Cross-entropy of one prediction per sequence: L = -(1/m) sum_i log y_hat[y_i, i].

    Inputs:  y_hat (n_y, m) softmax outputs; y int (m,) true labels
    Output:  float
    """
    y_hat = as_array("y_hat", y_hat, ndim=2)
    n_y, m = y_hat.shape
    y = _labels(y, n_y, m)
    return float(-np.log(np.maximum(y_hat[y, np.arange(m)], np.finfo(y_hat.dtype).tiny)).sum() / m)


def many_to_one_backward(y_hat, y, cache):
    """Gradients of many_to_one_loss: the gradient enters the hidden states at the last step only.

        dz = (y_hat - one_hot(y)) / m                       (n_y, m)
        dWya = dz a_last^T,  dby = dz summed over the batch
        da[:, i, lengths[i] - 1] = (Wya^T dz)[:, i],  da = 0 at every other step
        then BPTT (course_utils.rnn.rnn_backward) carries da back through the sequence.

    Inputs:
        y_hat -- array (n_y, m) from many_to_one_forward
        y     -- int array (m,), the true labels
        cache -- from many_to_one_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWya", "dby" (the parameter shapes),
                     "dx" (n_x, m, T_x) (for inputs that are learned, e.g. embeddings), "da0" (n_a, m)
    """
    if not isinstance(cache, tuple) or len(cache) != 5:
        raise ValueError("cache must be the tuple (a, caches, lengths, a_last, parameters) from many_to_one_forward")
    a, caches, lengths, a_last, parameters = cache
    y_hat = as_array("y_hat", y_hat, ndim=2)
    n_y, m = y_hat.shape
    check_shape("y_hat", y_hat, (parameters["Wya"].shape[0], a.shape[1]), ("n_y", "m"))
    y = _labels(y, n_y, m)
    dz = y_hat.copy()
    dz[y, np.arange(m)] -= 1
    dz /= m
    da = np.zeros_like(a)
    da[:, np.arange(m), lengths - 1] = parameters["Wya"].T @ dz
    gradients = rnn.rnn_backward(da, caches)
    gradients.update(dWya=dz @ a_last.T, dby=dz.sum(axis=1, keepdims=True))
    return gradients


def many_to_one_loss_and_gradients(x, lengths, y, parameters):
    """Forward from a<0> = 0, loss and backward for one batch.

    Inputs:  x (n_x, m, T_x), lengths int (m,), y int (m,), parameters (as in many_to_one_forward)
    Outputs: L (float), gradients (dict, as many_to_one_backward returns)
    """
    x = as_array("x", x, ndim=3)
    a0 = np.zeros((parameters["Waa"].shape[0], x.shape[1]))
    y_hat, cache = many_to_one_forward(x, lengths, a0, parameters)
    return many_to_one_loss(y_hat, y), many_to_one_backward(y_hat, y, cache)


def many_to_one_predict(x, lengths, parameters):
    """The predicted probabilities y_hat (n_y, m) of a trained many-to-one model, from a<0> = 0."""
    x = as_array("x", x, ndim=3)
    a0 = np.zeros((parameters["Waa"].shape[0], x.shape[1]))
    return many_to_one_forward(x, lengths, a0, parameters)[0]


# ----------------------------------------------------------------------------- one-to-many


def sample_sequence(x_first, parameters, T_y, rng=None, a0=None):
    """Generate T_y outputs from one input, feeding each output back in as the next input.

        x<1> = x_first;  for t = 1..T_y:  a<t> = tanh(Waa a<t-1> + Wax x<t> + ba),
                                          y<t> = softmax(Wya a<t> + by),
                                          k<t> = the chosen index,  x<t+1> = one_hot(k<t>)

    Inputs:
        x_first    -- array (n_x, m), the one input of each of the m sequences (n_x = n_y: the
                      outputs go back in as inputs)
        parameters -- dict "Waa", "Wax", "Wya", "ba", "by" with Wax (n_a, n_y)
        T_y        -- int >= 1, the number of outputs
        rng        -- None: take the most likely index (greedy); a np.random.Generator: draw it
                      with course_utils.sampling.sample_columns
        a0         -- optional array (n_a, m), default zeros
    Output:
        indices -- int array (m, T_y), the chosen output at every step
    """
    require_keys("parameters", parameters, rnn.PARAMETER_KEYS)
    x_first = as_array("x_first", x_first, ndim=2)
    n_y, n_a = np.shape(parameters["Wya"])
    n_x, m = x_first.shape
    if n_x != n_y:
        raise ValueError(f"x_first must have shape (n_y, m) = ({n_y}, {m}): the outputs are fed back as inputs, "
                         f"so n_x = n_y; got {format_shape(x_first.shape)}")
    if isinstance(T_y, bool) or not isinstance(T_y, (int, np.integer)) or T_y < 1:
        raise ValueError(f"T_y must be an int >= 1, got {T_y!r}")
    if rng is not None and not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be None (greedy) or a np.random.Generator, got {type(rng).__name__}")
    a = np.zeros((n_a, m)) if a0 is None else as_array("a0", a0, ndim=2)
    xt = x_first
    indices = np.zeros((m, T_y), dtype=np.int64)
    identity = np.eye(n_y)
    for t in range(T_y):
        a, yt, _ = rnn.rnn_cell_forward(xt, a, parameters)
        indices[:, t] = most_likely(yt) if rng is None else sample_columns(yt, rng)
        xt = identity[:, indices[:, t]]
    return indices


# ----------------------------------------------------------------------------- encoder-decoder


def initialize_encoder_decoder(n_a, n_x, n_y, n_b=None, seed=0):
    """Random weights (Xavier-like, as course_utils.rnn.initialize_parameters) and zero biases.

    Inputs:
        n_a -- int, the encoder's state size;  n_b -- int, the decoder's (default n_a: b<0> = a<T_x>
               needs n_b = n_a)
        n_x -- int, the encoder's input size;  n_y -- int, the output size (the decoder reads its own
               previous output, so its input size is n_y too)
        seed -- int
    Output:
        parameters -- dict: encoder "Waa" (n_a, n_a), "Wax" (n_a, n_x), "ba" (n_a, 1);
                      decoder "Wbb" (n_b, n_b), "Wbx" (n_b, n_y), "bb" (n_b, 1), "Wyb" (n_y, n_b), "by" (n_y, 1)
    """
    n_b = n_a if n_b is None else n_b
    if n_b != n_a:
        raise ValueError(f"n_b must equal n_a = {n_a}: the decoder starts from the encoder's last state, got {n_b}")
    encoder = rnn.initialize_parameters(n_a, n_x, 1, seed=seed)
    decoder = rnn.initialize_parameters(n_b, n_y, n_y, seed=seed + 1)
    return {"Waa": encoder["Waa"], "Wax": encoder["Wax"], "ba": encoder["ba"],
            "Wbb": decoder["Waa"], "Wbx": decoder["Wax"], "bb": decoder["ba"], "Wyb": decoder["Wya"],
            "by": decoder["by"]}


def encoder_view(parameters):
    """The encoder's weights under course_utils.rnn's names: {"Waa", "Wax", "ba"} (the same arrays)."""
    require_keys("parameters", parameters, ENCODER_KEYS)
    return {key: parameters[key] for key in ENCODER_KEYS}


def decoder_view(parameters):
    """The decoder as a plain RNN: {"Waa": Wbb, "Wax": Wbx, "ba": bb, "Wya": Wyb, "by": by} (the same
    arrays), so that course_utils.rnn.rnn_forward and rnn_backward run it."""
    require_keys("parameters", parameters, DECODER_KEYS)
    return {"Waa": parameters["Wbb"], "Wax": parameters["Wbx"], "ba": parameters["bb"],
            "Wya": parameters["Wyb"], "by": parameters["by"]}


def decoder_inputs(y, start, n_y):
    """The decoder's inputs under teacher forcing: the start symbol, then the true previous outputs.

    Inputs:
        y     -- int array (m, T_y), the target indices, -1 on padding
        start -- int, the index fed in at the first step (e.g. <EOS>: "nothing written yet")
        n_y   -- int, the output vocabulary size
    Output:
        x_dec -- array (n_y, m, T_y): x_dec[:, i, 0] = one_hot(start), x_dec[:, i, t] = one_hot(y[i, t-1]);
                 zero columns where y[i, t-1] is padding
    """
    y = np.asarray(y)
    if y.ndim != 2 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be an int array (m, T_y), got dtype {y.dtype} and shape {format_shape(y.shape)}")
    if not isinstance(start, (int, np.integer)) or not 0 <= start < n_y:
        raise ValueError(f"start must be an index in [0, n_y) = [0, {n_y}), got {start!r}")
    m, T_y = y.shape
    previous = np.concatenate([np.full((m, 1), start), y[:, :-1]], axis=1)
    x_dec = np.zeros((n_y, m, T_y))
    i, t = np.nonzero(previous >= 0)
    x_dec[previous[i, t], i, t] = 1.0
    return x_dec


def encoder_decoder_forward(x, lengths, x_dec, parameters):
    """The encoder reads x; its last state (each sequence's own) starts the decoder.

    Inputs:
        x          -- array (n_x, m, T_x), the source sequences (padded)
        lengths    -- int array (m,), their real lengths
        x_dec      -- array (n_y, m, T_y), the decoder's inputs (decoder_inputs, or fed back when decoding)
        parameters -- dict of initialize_encoder_decoder
    Outputs:
        y_pred -- array (n_y, m, T_y)
        cache  -- tuple (a, encoder_caches, lengths, b, decoder_caches, parameters)
    """
    x = as_array("x", x, ndim=3)
    n_a, m = np.shape(parameters["Waa"])[0], x.shape[1]
    a, encoder_caches = rnn_states(x, np.zeros((n_a, m)), encoder_view(parameters))
    b0 = last_states(a, lengths)
    b, y_pred, decoder_caches = rnn.rnn_forward(x_dec, b0, decoder_view(parameters))
    return y_pred, (a, encoder_caches, np.asarray(lengths), b, decoder_caches, parameters)


def encoder_decoder_backward(dz, cache):
    """Backward through the decoder, then through the encoder: the hand-off in reverse.

        decoder: output layer and BPTT give dWyb, dby, dWbb, dWbx, dbb and d b<0>
        encoder: d b<0> is the gradient of each sequence's last state a<lengths[i]>; BPTT from there.

    Inputs:
        dz    -- array (n_y, m, T_y), the gradient of the loss w.r.t. the decoder's scores
                 (course_utils.losses.cross_entropy_backward(y_pred, y))
        cache -- from encoder_decoder_forward
    Output:
        gradients -- dict "dWaa", "dWax", "dba", "dWbb", "dWbx", "dbb", "dWyb", "dby" and "dx" (n_x, m, T_x)
    """
    if not isinstance(cache, tuple) or len(cache) != 6:
        raise ValueError("cache must be the tuple (a, encoder_caches, lengths, b, decoder_caches, parameters) "
                         "from encoder_decoder_forward")
    a, encoder_caches, lengths, b, decoder_caches, parameters = cache
    output = rnn.rnn_output_backward(dz, b, decoder_view(parameters))
    decoder = rnn.rnn_backward(output["da"], decoder_caches)
    m = a.shape[1]
    da = np.zeros_like(a)
    da[:, np.arange(m), lengths - 1] = decoder["da0"]
    encoder = rnn.rnn_backward(da, encoder_caches)
    return {"dWaa": encoder["dWaa"], "dWax": encoder["dWax"], "dba": encoder["dba"],
            "dWbb": decoder["dWaa"], "dWbx": decoder["dWax"], "dbb": decoder["dba"],
            "dWyb": output["dWya"], "dby": output["dby"], "dx": encoder["dx"]}


def encoder_decoder_loss_and_gradients(x, lengths, y, parameters, start):
    """Teacher-forced forward, summed cross-entropy over the target steps, and backward.

    Inputs:  x (n_x, m, T_x), lengths int (m,), y int (m, T_y) with -1 on padding, parameters,
             start -- int, the decoder's first input
    Outputs: L (float, sum over t of the batch-mean loss), gradients (dict, without "dx")
    """
    n_y = np.shape(parameters["Wyb"])[0]
    x_dec = decoder_inputs(y, start, n_y)
    y_pred, cache = encoder_decoder_forward(x, lengths, x_dec, parameters)
    L, _ = cross_entropy(y_pred, y)
    gradients = encoder_decoder_backward(cross_entropy_backward(y_pred, y), cache)
    gradients.pop("dx")
    return L, gradients


def greedy_decode(x, lengths, parameters, start, end, max_length):
    """Translate: encode x, then let the decoder write, each step reading its own previous output.

    Inputs:
        x, lengths -- the source batch, as in encoder_decoder_forward
        parameters -- dict of initialize_encoder_decoder
        start      -- int, the decoder's first input
        end        -- int, the index that ends an output (not included in the result)
        max_length -- int >= 1, the most steps written
    Output:
        indices -- int array (m, max_length): each row the most likely output at every step up to
                   its first `end`, then -1
    """
    x = as_array("x", x, ndim=3)
    n_a, m = np.shape(parameters["Waa"])[0], x.shape[1]
    if isinstance(max_length, bool) or not isinstance(max_length, (int, np.integer)) or max_length < 1:
        raise ValueError(f"max_length must be an int >= 1, got {max_length!r}")
    a, _ = rnn_states(x, np.zeros((n_a, m)), encoder_view(parameters))
    b = last_states(a, lengths)
    decoder = decoder_view(parameters)
    n_y = decoder["Wya"].shape[0]
    xt = np.zeros((n_y, m))
    xt[start] = 1.0
    indices = np.full((m, max_length), -1, dtype=np.int64)
    done = np.zeros(m, dtype=bool)
    for t in range(max_length):
        b, yt, _ = rnn.rnn_cell_forward(xt, b, decoder)
        k = most_likely(yt)
        done |= k == end
        indices[~done, t] = k[~done]
        xt = np.eye(n_y)[:, k]
        if done.all():
            break
    return indices
