"""Why a layer has no exact counterpart, and what to do instead: :func:`unsupported_reason` (PyTorch, ONNX)."""

from __future__ import annotations

__all__ = ["unsupported_reason"]

_NOT_PIECEWISE_AFFINE = {
    "tanh": "Hardtanh (its piecewise-affine counterpart)",
    "sigmoid": "Hardsigmoid (its piecewise-affine counterpart)",
    "hardswish": "Hardsigmoid or ReLU6 (Hardswish multiplies x by hardsigmoid(x), a product)",
    **dict.fromkeys(
        ("gelu", "silu", "swish", "elu", "celu", "selu", "softplus", "mish", "logsigmoid", "softsign",
         "tanhshrink", "rrelu"),
        "ReLU, LeakyReLU or PReLU",
    ),
    **dict.fromkeys(
        ("softmax", "log_softmax", "logsoftmax", "softmin", "softmax2d", "glu", "erf", "exp", "log", "sqrt", "pow",
         "reciprocal", "sin", "cos", "lppool1d", "lppool2d"),
        "a piecewise-affine layer",
    ),
}

_WHY = {
    **dict.fromkeys(
        ("layernorm", "layer_norm", "groupnorm", "group_norm", "instancenorm1d", "instancenorm2d", "instance_norm",
         "localresponsenorm", "local_response_norm", "rmsnorm", "rms_norm", "layernormalization",
         "groupnormalization", "instancenormalization", "lrn", "rmsnormalization"),
        "divides by a statistic of each input (its own standard deviation or norm), which is not piecewise "
        "affine; exactpd folds only eval-mode BatchNorm, whose statistics are fixed",
    ),
    **dict.fromkeys(
        ("rnn", "lstm", "gru", "multiheadattention", "transformer", "transformerencoderlayer", "bilinear"),
        "multiplies inputs together (gates, attention or a bilinear form), which is not piecewise affine",
    ),
    **dict.fromkeys(("embedding", "embeddingbag"), "takes indices, not a point of R^n"),
    **dict.fromkeys(
        ("conv3d", "convtranspose1d", "convtranspose2d", "convtranspose3d", "maxpool3d", "avgpool3d", "batchnorm3d",
         "adaptivemaxpool1d", "adaptivemaxpool2d", "upsample", "upsamplingnearest2d", "upsamplingbilinear2d",
         "zeropad1d", "zeropad2d", "constantpad1d", "constantpad2d", "reflectionpad1d", "reflectionpad2d",
         "replicationpad1d", "replicationpad2d", "pixelshuffle", "convtranspose", "resize", "pad"),
        "is piecewise affine, but exactpd has no exact layer for it yet (it has 1-D and 2-D convolutions, max and "
        "average pooling, and reshapes); write the model without it, or ask for it",
    ),
    **dict.fromkeys(
        ("cat", "concat", "stack", "hstack", "vstack"),
        "joins several tensors (branches); exactpd imports networks whose layers each feed the next",
    ),
}


def unsupported_reason(name: str) -> str:
    """Why a layer, call or ONNX operator called ``name`` has no exact counterpart, and what to do.

    Parameters
    ----------
    name : str
        A module class, function or ONNX operator name (``"Tanh"``,
        ``"torch.tanh"``, ``"LSTM"``); the part after the last dot is
        compared without case.

    Returns
    -------
    str
        One sentence for an error message: why the layer has no exact
        counterpart (not piecewise affine, multiplies inputs, joins
        branches...) and what to use instead.

    Examples
    --------
    >>> unsupported_reason("Tanh").split("; ")[0]
    'Tanh is not piecewise affine: exactpd handles piecewise-affine networks only'
    >>> unsupported_reason("LSTM").split(", ")[0]
    'LSTM multiplies inputs together (gates'
    """
    key = name.rsplit(".", 1)[-1].lower().rstrip("_")
    if key in _NOT_PIECEWISE_AFFINE:
        extra = " (a trailing Softmax, Sigmoid or LogSoftmax is dropped; not one inside the network)" if key in (
            "sigmoid", "softmax", "log_softmax", "logsoftmax") else ""
        return (
            f"{name} is not piecewise affine: exactpd handles piecewise-affine networks only; replace it by "
            f"{_NOT_PIECEWISE_AFFINE[key]} and retrain{extra}"
        )
    if key in _WHY:
        return f"{name} {_WHY[key]}"
    return (
        f"{name} is not a layer exactpd can lower exactly; if it is piecewise affine, write it with the supported "
        f"layers"
    )
