"""The loss of a many-to-many RNN: a cross-entropy l<t> at every step, summed into one L.

    l<t> = -(1/m) sum_i log y_pred[y_i<t>, i, t]        (over the sequences i not masked at t)
    L    = sum_t l<t>

Targets are integer labels y of shape (m, T_y); a label of -1 marks padding, which the mask
leaves out of the loss (and so out of the gradient).
"""

import numpy as np

from .validation import as_array, check_shape, format_shape


def _check_targets(y_pred, y, mask):
    y_pred = as_array("y_pred", y_pred, ndim=3)
    n_y, m, T_y = y_pred.shape
    y = np.asarray(y)
    if y.ndim != 2 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be an int array of labels with shape (m, T_y) = {(m, T_y)}, "
                         f"got dtype {y.dtype} and shape {format_shape(y.shape)}")
    check_shape("y", y, (m, T_y), ("m", "T_y"))
    if y.size and (y.max() >= n_y or y.min() < -1):
        raise ValueError(f"y must hold labels in [0, n_y) = [0, {n_y}) or -1 for padding, "
                         f"got values from {int(y.min())} to {int(y.max())}")
    if mask is None:
        mask = y >= 0
    else:
        mask = np.asarray(mask)
        check_shape("mask", mask, (m, T_y), ("m", "T_y"))
        mask = mask.astype(bool) & (y >= 0)
    return y_pred, y, mask


def sequence_mask(lengths, T_x):
    """The mask of a padded batch: True where a sequence has a real step.

    Inputs:
        lengths -- int array (m,), each sequence's length (<= T_x)
        T_x     -- int, the padded length
    Output:
        mask -- bool array (m, T_x), mask[i, t] = t < lengths[i]
    """
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or not np.issubdtype(lengths.dtype, np.integer):
        raise ValueError(f"lengths must be an int array of shape (m,), got dtype {lengths.dtype} "
                         f"and shape {format_shape(lengths.shape)}")
    if lengths.size and (lengths.min() < 0 or lengths.max() > T_x):
        raise ValueError(f"lengths must be between 0 and T_x = {T_x}, got {lengths.tolist()}")
    return np.arange(T_x)[np.newaxis, :] < lengths[:, np.newaxis]


def cross_entropy(y_pred, y, mask=None):
    """The loss per step and the total loss of a batch of predicted sequences.

    Inputs:
        y_pred -- array (n_y, m, T_y), softmax outputs (each column sums to 1)
        y      -- int array (m, T_y), the true label at every step; -1 marks padding
        mask   -- optional bool array (m, T_y); default: y >= 0
    Outputs:
        L      -- float, sum over t of l<t>
        losses -- array (T_y,), l<t> = -(1/m) sum over unmasked i of log y_pred[y[i, t], i, t]
    """
    y_pred, y, mask = _check_targets(y_pred, y, mask)
    n_y, m, T_y = y_pred.shape
    i, t = np.nonzero(mask)
    log_p = np.zeros((m, T_y), dtype=y_pred.dtype)
    log_p[i, t] = np.log(np.maximum(y_pred[y[i, t], i, t], np.finfo(y_pred.dtype).tiny))
    losses = -log_p.sum(axis=0) / m
    return float(losses.sum()), losses


def cross_entropy_backward(y_pred, y, mask=None):
    """Gradient of L = cross_entropy(...)[0] with respect to the scores z<t> = Wya a<t> + by.

    Softmax followed by cross-entropy has the simple gradient (y_pred - one_hot(y)) / m.

    Inputs:
        y_pred, y, mask -- as in cross_entropy
    Output:
        dz -- array (n_y, m, T_y), zero on masked steps
    """
    y_pred, y, mask = _check_targets(y_pred, y, mask)
    m = y_pred.shape[1]
    dz = y_pred.copy()
    i, t = np.nonzero(mask)
    dz[y[i, t], i, t] -= 1
    dz *= mask[np.newaxis, :, :]
    return dz / m
