"""Attention: the decoder looks back at every encoder state instead of one (assignment 10).

05's encoder-decoder hands the decoder one vector, the encoder's last state. With attention the decoder
keeps all of them, a (n_a, m, T_x), and at every step asks which to read:

    scores   e<t, t'> = b<t-1> . a<t'> / sqrt(n_a)          (scaled dot product: query b, keys a)
    weights  alpha<t, .> = softmax over the input positions t' of e<t, .>   (padding masked: weight 0)
    context  c<t> = sum_t' alpha<t, t'> a<t'>                              (n_a, m)

and the decoder reads the context with its previous output (05's names, plus Wbc for the context):

    b<0> = a<lengths>,  b<t> = tanh(Wbb b<t-1> + Wbx x_dec<t> + Wbc c<t> + bb),  y<t> = softmax(Wyb b<t> + by)

attention_forward takes several queries at once, s (n_a, m, T_q): the decoder asks one per step
(T_q = 1); with s = a it is self-attention, every position of one sequence looking at all the others.

Shapes: a (n_a, m, T_x), lengths int (m,), mask bool (m, T_x) True on real inputs, alphas (m, T_q, T_x).
Forward functions return a cache that the backward function consumes.
"""

import numpy as np

from . import rnn
from .activations import softmax
from .losses import cross_entropy, cross_entropy_backward
from .rnn_types import check_lengths, decoder_inputs, encoder_view, initialize_encoder_decoder, rnn_states
from .validation import as_array, check_shape, format_shape, require_keys

ATTENTION_DECODER_KEYS = ("Wbb", "Wbx", "Wbc", "bb", "Wyb", "by")


# ----------------------------------------------------------------------------- the attention step


def padding_mask(lengths, T_x):
    """bool (m, T_x): True at the real inputs t < lengths[i], False on padding."""
    lengths = np.asarray(lengths)
    return np.arange(T_x)[np.newaxis, :] < lengths[:, np.newaxis]


def _check_mask(mask, m, T_x):
    mask = np.asarray(mask)
    if mask.dtype != bool:
        raise ValueError(f"mask must be a bool array (m, T_x) = ({m}, {T_x}), True on real inputs; got dtype {mask.dtype}")
    check_shape("mask", mask, (m, T_x), ("m", "T_x"))
    if mask.size and not mask.any(axis=1).all():
        raise ValueError(f"mask must keep at least one input position of every sequence; row {int(np.argmin(mask.any(axis=1)))} is all False")
    return mask


def attention_forward(s, a, mask):
    """Scaled dot-product attention of queries s over the states a, padding masked.

        e[i, q, t] = s[:, i, q] . a[:, i, t] / sqrt(n_a);   e = -inf where mask[i, t] is False
        alphas[i, q, :] = softmax over t of e[i, q, :]      (the input positions: each row sums to 1)
        context[:, i, q] = sum_t alphas[i, q, t] a[:, i, t]

    Inputs:
        s    -- array (n_a, m, T_q), the queries (the decoder's previous states; T_q = 1 for one step)
        a    -- array (n_a, m, T_x), the states attended to (the encoder's)
        mask -- bool array (m, T_x), True at the real inputs, False on padding
    Outputs:
        context -- array (n_a, m, T_q)
        alphas  -- array (m, T_q, T_x), the attention weights
        cache   -- tuple (s, a, alphas) for attention_backward
    """
    s, a = as_array("s", s, ndim=3), as_array("a", a, ndim=3)
    n_a, m, T_x = a.shape
    if s.shape[:2] != (n_a, m):
        raise ValueError(f"s must have shape (n_a, m, T_q) = ({n_a}, {m}, T_q) to match a {format_shape(a.shape)}, "
                         f"got {format_shape(s.shape)}")
    mask = _check_mask(mask, m, T_x)
    return _attend(s, a, mask)


def _attend(s, a, mask):
    """attention_forward without the checks (the decoder calls it at every step)."""
    a_by_example = a.transpose(1, 0, 2)                                        # (m, n_a, T_x), a view
    e = s.transpose(1, 2, 0) @ a_by_example / np.sqrt(a.shape[0])              # (m, T_q, T_x)
    e = np.where(mask[:, np.newaxis, :], e, -np.inf)
    e = np.exp(e - e.max(axis=2, keepdims=True))
    alphas = e / e.sum(axis=2, keepdims=True)
    context = (a_by_example @ alphas.transpose(0, 2, 1)).transpose(1, 0, 2)   # (n_a, m, T_q)
    return context, alphas, (s, a, alphas)


def attention_backward(dcontext, cache):
    """Gradients of attention_forward, given the gradient of its context.

        dalphas[i, q, t] = dcontext[:, i, q] . a[:, i, t]
        de = alphas * (dalphas - sum_t alphas * dalphas)            (softmax backward; 0 on padding)
        ds = sum_t de a / sqrt(n_a);  da = sum_q alphas dcontext + sum_q de s / sqrt(n_a)

    Inputs:
        dcontext -- array (n_a, m, T_q)
        cache    -- from attention_forward
    Outputs:
        ds -- array (n_a, m, T_q);  da -- array (n_a, m, T_x)
    """
    if not isinstance(cache, tuple) or len(cache) != 3:
        raise ValueError("cache must be the tuple (s, a, alphas) from attention_forward")
    s, a, alphas = cache
    dcontext = as_array("dcontext", dcontext, ndim=3)
    check_shape("dcontext", dcontext, s.shape, ("n_a", "m", "T_q"))
    return _attend_backward(dcontext, cache)


def _attend_backward(dcontext, cache):
    s, a, alphas = cache
    a_by_example = a.transpose(1, 0, 2)                                        # (m, n_a, T_x)
    dcontext_by_example = dcontext.transpose(1, 2, 0)                          # (m, T_q, n_a)
    dalphas = dcontext_by_example @ a_by_example                               # (m, T_q, T_x)
    de = alphas * (dalphas - (alphas * dalphas).sum(axis=2, keepdims=True)) / np.sqrt(a.shape[0])
    ds = (a_by_example @ de.transpose(0, 2, 1)).transpose(1, 0, 2)             # (n_a, m, T_q)
    da = ((alphas.transpose(0, 2, 1) @ dcontext_by_example + de.transpose(0, 2, 1) @ s.transpose(1, 2, 0))
          .transpose(2, 0, 1))                                                 # (n_a, m, T_x)
    return ds, da


def additive_scores(s, a, parameters):
    """Bahdanau's additive scores, the other way to score (shown, not used in training):

        e[i, q, t] = v . tanh(Ws s[:, i, q] + Wk a[:, i, t])

    Inputs:
        s -- array (n_a, m, T_q);  a -- array (n_a, m, T_x)
        parameters -- dict "Ws" (n_e, n_a), "Wk" (n_e, n_a), "v" (n_e, 1)
    Output:
        e -- array (m, T_q, T_x), scores to mask and softmax over t as attention_forward does
    """
    require_keys("parameters", parameters, ("Ws", "Wk", "v"))
    s, a = as_array("s", s, ndim=3), as_array("a", a, ndim=3)
    hidden = np.tanh(np.einsum("ea,aiq->eiq", parameters["Ws"], s)[:, :, :, np.newaxis]
                     + np.einsum("ea,ait->eit", parameters["Wk"], a)[:, :, np.newaxis, :])
    return np.einsum("e,eiqt->iqt", np.asarray(parameters["v"])[:, 0], hidden)


def self_attention(a, mask):
    """Every position of a sequence attends to every position of the same sequence: attention_forward(a, a, mask).

    Inputs:  a (n_a, m, T_x), mask bool (m, T_x)
    Outputs: context (n_a, m, T_x), alphas (m, T_x, T_x)
    """
    context, alphas, _ = attention_forward(a, a, mask)
    return context, alphas


# ----------------------------------------------------------------------------- the attention decoder


def initialize_attention_model(n_a, n_x, n_y, seed=0):
    """05's encoder-decoder weights (initialize_encoder_decoder) plus Wbc (n_a, n_a), the context's weights."""
    parameters = initialize_encoder_decoder(n_a, n_x, n_y, seed=seed)
    parameters["Wbc"] = np.random.default_rng(seed + 2).normal(size=(n_a, n_a)) / np.sqrt(n_a)
    return parameters


def _check_decoder(x_dec, a, lengths, parameters):
    require_keys("parameters", parameters, ATTENTION_DECODER_KEYS)
    a = as_array("a", a, ndim=3)
    x_dec = as_array("x_dec", x_dec, ndim=3)
    n_a, m, T_x = a.shape
    n_y = np.shape(parameters["Wyb"])[0]
    if x_dec.shape[:2] != (n_y, m):
        raise ValueError(f"x_dec must have shape (n_y, m, T_y) = ({n_y}, {m}, T_y), got {format_shape(x_dec.shape)}")
    check_shape("Wbc", np.asarray(parameters["Wbc"]), (np.shape(parameters["Wbb"])[0], n_a), ("n_b", "n_a"))
    return x_dec, a, check_lengths(lengths, m, T_x)


def attention_decoder_step(xt, b_prev, a, mask, parameters):
    """One step of the attention decoder: attend with b<t-1>, then the RNN step, then the output.

    Inputs:
        xt     -- array (n_y, m), the previous output (one-hot)
        b_prev -- array (n_a, m), b<t-1>
        a, mask -- the encoder's states (n_a, m, T_x) and the padding mask (m, T_x)
        parameters -- dict with "Wbb", "Wbx", "Wbc", "bb", "Wyb", "by"
    Outputs:
        b (n_a, m), yt (n_y, m), alpha (m, T_x), cache (for the decoder's backward)
    """
    context, alphas, attention_cache = _attend(b_prev[:, :, np.newaxis], a, mask)
    c = context[:, :, 0]
    b = np.tanh(parameters["Wbb"] @ b_prev + parameters["Wbx"] @ xt + parameters["Wbc"] @ c + parameters["bb"])
    yt = softmax(parameters["Wyb"] @ b + parameters["by"])
    return b, yt, alphas[:, 0, :], (xt, b_prev, c, b, attention_cache)


def attention_decoder_forward(x_dec, a, lengths, parameters):
    """The attention decoder over a batch, teacher-forced: T_y steps of attention_decoder_step.

    Inputs:
        x_dec      -- array (n_y, m, T_y), the decoder's inputs (decoder_inputs: <EOS>, then the true outputs)
        a          -- array (n_a, m, T_x), the encoder's states
        lengths    -- int array (m,), the real lengths of the sources
        parameters -- dict with "Wbb", "Wbx", "Wbc", "bb", "Wyb", "by"
    Outputs:
        y_pred -- array (n_y, m, T_y)
        alphas -- array (m, T_y, T_x), the attention weights of every step
        cache  -- tuple (a, lengths, step caches, parameters) for attention_decoder_backward
    """
    x_dec, a, lengths = _check_decoder(x_dec, a, lengths, parameters)
    n_a, m, T_x = a.shape
    n_y, _, T_y = x_dec.shape
    mask = padding_mask(lengths, T_x)
    b = a[:, np.arange(m), lengths - 1]
    y_pred, alphas, caches = np.zeros((n_y, m, T_y)), np.zeros((m, T_y, T_x)), []
    for t in range(T_y):
        b, y_pred[:, :, t], alphas[:, t, :], cache = attention_decoder_step(x_dec[:, :, t], b, a, mask, parameters)
        caches.append(cache)
    return y_pred, alphas, (a, lengths, caches, parameters)


def attention_decoder_backward(dz, cache):
    """BPTT through the attention decoder; the encoder's states get gradient from every step's attention
    and, through b<0>, at each sequence's last step.

    Inputs:
        dz    -- array (n_y, m, T_y), the gradient of the loss w.r.t. the scores (cross_entropy_backward)
        cache -- from attention_decoder_forward
    Output:
        gradients -- dict "dWbb", "dWbx", "dWbc", "dbb", "dWyb", "dby" and "da" (n_a, m, T_x)
    """
    if not isinstance(cache, tuple) or len(cache) != 4:
        raise ValueError("cache must be the tuple (a, lengths, caches, parameters) from attention_decoder_forward")
    a, lengths, caches, parameters = cache
    dz = as_array("dz", dz, ndim=3)
    m = a.shape[1]
    check_shape("dz", dz, (np.shape(parameters["Wyb"])[0], m, len(caches)), ("n_y", "m", "T_y"))
    gradients = {"d" + key: np.zeros_like(np.asarray(parameters[key], dtype=float)) for key in ATTENTION_DECODER_KEYS}
    da = np.zeros_like(a)
    db_next = np.zeros((np.shape(parameters["Wbb"])[0], m))
    for t in reversed(range(len(caches))):
        xt, b_prev, c, b, attention_cache = caches[t]
        gradients["dWyb"] += dz[:, :, t] @ b.T
        gradients["dby"] += dz[:, :, t].sum(axis=1, keepdims=True)
        dpre = (1 - b ** 2) * (parameters["Wyb"].T @ dz[:, :, t] + db_next)
        gradients["dWbb"] += dpre @ b_prev.T
        gradients["dWbx"] += dpre @ xt.T
        gradients["dWbc"] += dpre @ c.T
        gradients["dbb"] += dpre.sum(axis=1, keepdims=True)
        ds, da_t = _attend_backward((parameters["Wbc"].T @ dpre)[:, :, np.newaxis], attention_cache)
        da += da_t
        db_next = parameters["Wbb"].T @ dpre + ds[:, :, 0]
    da[:, np.arange(m), lengths - 1] += db_next
    gradients["da"] = da
    return gradients


# ----------------------------------------------------------------------------- the whole model


def attention_model_forward(x, lengths, x_dec, parameters):
    """Encoder (05's RNN, from a<0> = 0) then the attention decoder.

    Inputs:  x (n_x, m, T_x), lengths int (m,), x_dec (n_y, m, T_y), parameters (initialize_attention_model)
    Outputs: y_pred (n_y, m, T_y), alphas (m, T_y, T_x), cache for attention_model_backward
    """
    x = as_array("x", x, ndim=3)
    n_a = np.shape(parameters["Waa"])[0]
    a, encoder_caches = rnn_states(x, np.zeros((n_a, x.shape[1])), encoder_view(parameters))
    y_pred, alphas, decoder_cache = attention_decoder_forward(x_dec, a, lengths, parameters)
    return y_pred, alphas, (encoder_caches, decoder_cache)


def attention_model_backward(dz, cache):
    """Gradients of every weight of the attention model (decoder, then the encoder's BPTT from "da")."""
    encoder_caches, decoder_cache = cache
    gradients = attention_decoder_backward(dz, decoder_cache)
    encoder = rnn.rnn_backward(gradients.pop("da"), encoder_caches)
    gradients.update(dWaa=encoder["dWaa"], dWax=encoder["dWax"], dba=encoder["dba"])
    return gradients


def attention_loss_and_gradients(x, lengths, y, parameters, start):
    """Teacher-forced forward, the summed cross-entropy over the target steps, backward.

    Inputs:  x (n_x, m, T_x), lengths int (m,), y int (m, T_y) with -1 on padding, parameters,
             start -- int, the decoder's first input
    Outputs: L (float), gradients (dict "d" + every parameter)
    """
    n_y = np.shape(parameters["Wyb"])[0]
    y_pred, _, cache = attention_model_forward(x, lengths, decoder_inputs(y, start, n_y), parameters)
    L, _ = cross_entropy(y_pred, y)
    return L, attention_model_backward(cross_entropy_backward(y_pred, y), cache)


def encode(x, lengths, parameters):
    """The encoder's states a (n_a, m, T_x) and the decoder's first state b<0> (n_a, m) for a batch."""
    x = as_array("x", x, ndim=3)
    n_a, m = np.shape(parameters["Waa"])[0], x.shape[1]
    a, _ = rnn_states(x, np.zeros((n_a, m)), encoder_view(parameters))
    lengths = check_lengths(lengths, m, x.shape[2])
    return a, a[:, np.arange(m), lengths - 1]


def attention_greedy_decode(x, lengths, parameters, start, end, max_length):
    """Translate a batch greedily with the attention model (as 05's greedy_decode).

    Outputs:
        indices -- int array (m, max_length), the most likely output at every step up to the first `end`, then -1
        alphas  -- array (m, max_length, T_x), the attention weights of every step written (0 after the end)
    """
    a, b = encode(x, lengths, parameters)
    n_a, m, T_x = a.shape
    mask = padding_mask(lengths, T_x)
    n_y = np.shape(parameters["Wyb"])[0]
    xt = np.zeros((n_y, m))
    xt[start] = 1.0
    indices = np.full((m, max_length), -1, dtype=np.int64)
    alphas = np.zeros((m, max_length, T_x))
    done = np.zeros(m, dtype=bool)
    for t in range(max_length):
        b, yt, alpha, _ = attention_decoder_step(xt, b, a, mask, parameters)
        k = yt.argmax(axis=0)
        alphas[~done, t] = alpha[~done]
        done |= k == end
        indices[~done, t] = k[~done]
        xt = np.eye(n_y)[:, k]
        if done.all():
            break
    return indices, alphas


def attention_step_function(x, length, parameters):
    """The decoder of one source sentence as a function for beam search: step(tokens, states).

    Inputs:
        x -- array (n_x, 1, T_x), one source;  length -- int, its real length
    Outputs:
        step  -- function (tokens int (k,), states (n_a, k)) -> (log_probs (n_y, k), new states (n_a, k)):
                 k hypotheses at once, each with its previous token and decoder state
        state -- array (n_a,), the decoder's first state b<0>
    """
    a, b0 = encode(x, np.array([length]), parameters)
    mask_one = padding_mask(np.array([length]), a.shape[2])
    n_y = np.shape(parameters["Wyb"])[0]

    def step(tokens, states):
        k = len(tokens)
        b, yt, _, _ = attention_decoder_step(np.eye(n_y)[:, tokens], states, np.repeat(a, k, axis=1),
                                             np.repeat(mask_one, k, axis=0), parameters)
        return np.log(np.maximum(yt, 1e-300)), b

    return step, b0[:, 0]


def plain_step_function(x, length, parameters):
    """As attention_step_function, for 05's encoder-decoder (course_utils.rnn_types)."""
    a, b0 = encode(x, np.array([length]), parameters)
    n_y = np.shape(parameters["Wyb"])[0]
    decoder = {"Waa": parameters["Wbb"], "Wax": parameters["Wbx"], "ba": parameters["bb"],
               "Wya": parameters["Wyb"], "by": parameters["by"]}

    def step(tokens, states):
        b, yt, _ = rnn.rnn_cell_forward(np.eye(n_y)[:, tokens], states, decoder)
        return np.log(np.maximum(yt, 1e-300)), b

    return step, b0[:, 0]
