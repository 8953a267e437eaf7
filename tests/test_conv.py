"""Conv2d, max_pool2d and avg_pool2d: an independent reference convolution, the dense form, files, errors."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from exactpd.errors import InvalidNetworkError
from exactpd.network.forward_pass import code_at, forward, trace
from exactpd.io import network_from_dict, network_to_dict
from exactpd.network.maso import conv_map, maso_layers
from exactpd.network.layers import Conv2d, Dense, Network, avg_pool2d, max_pool2d, pool_output_shape
from exactpd.geometry.powerdiagram import locate_network

F = Fraction


def reference_conv(layer: Conv2d, x):
    """The convolution written out loop by loop from its definition (zero padding), then the activation."""
    c_in, height, width = layer.input_shape
    c_out, h_out, w_out = layer.output_shape
    kh, kw = layer.kernel_size
    per_in, per_out = c_in // layer.groups, c_out // layer.groups
    out = []
    for o in range(c_out):
        for i in range(h_out):
            for j in range(w_out):
                total = layer.bias[o]
                for c in range(per_in):
                    channel = (o // per_out) * per_in + c
                    for a in range(kh):
                        for b in range(kw):
                            h = i * layer.stride[0] - layer.padding[0] + a * layer.dilation[0]
                            w = j * layer.stride[1] - layer.padding[1] + b * layer.dilation[1]
                            if 0 <= h < height and 0 <= w < width:
                                total += layer.weight[o][c][a][b] * x[(channel * height + h) * width + w]
                if layer.activation == "relu":
                    total = max(total, 0)
                elif layer.activation == "leaky_relu":
                    total = max(total, layer.negative_slope * total)
                elif layer.activation == "abs":
                    total = abs(total)
                out.append(total)
    return out


def random_conv(rng, input_shape, c_out, kernel, groups=1, **options):
    per_in = input_shape[0] // groups
    weight = [[[[F(rng.randint(-6, 6), rng.randint(1, 5)) for _ in range(kernel[1])] for _ in range(kernel[0])]
               for _ in range(per_in)] for _ in range(c_out)]
    return Conv2d(weight, [F(rng.randint(-3, 3), 4) for _ in range(c_out)], input_shape, groups=groups, **options)


CASES = [
    dict(input_shape=(1, 4, 5), c_out=2, kernel=(3, 3), padding=1),
    dict(input_shape=(2, 5, 4), c_out=4, kernel=(3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2,
         activation="leaky_relu", negative_slope="1/3"),
    dict(input_shape=(3, 3, 3), c_out=3, kernel=(1, 1), groups=3, activation="abs"),
    dict(input_shape=(2, 6, 6), c_out=3, kernel=(2, 2), stride=2, activation="relu"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['input_shape']}->{c['c_out']}")
def test_conv_forward_equals_the_reference_and_the_dense_form(case):
    rng = random.Random(str(case))
    case = dict(case)
    layer = random_conv(rng, case.pop("input_shape"), case.pop("c_out"), case.pop("kernel"), **case)
    net = Network(layer.n_inputs, [layer])
    dense = conv_map(Conv2d(layer.weight, layer.bias, layer.input_shape, layer.stride, layer.padding, layer.dilation,
                            layer.groups))
    for _ in range(5):
        x = [F(rng.randint(-9, 9), rng.randint(1, 7)) for _ in range(layer.n_inputs)]
        expected = reference_conv(layer, x)
        assert list(forward(net, x)) == expected
        if layer.activation is None:
            assert list(dense(x)) == expected


def test_conv_network_codes_agree_with_the_dense_max_affine_form():
    rng = random.Random(3)
    conv = random_conv(rng, (2, 4, 4), 3, (3, 3), padding=1, activation="leaky_relu", negative_slope="1/10")
    pool = max_pool2d(conv.output_shape, 2, stride=1, padding=1)
    shape = pool_output_shape(conv.output_shape, 2, stride=1, padding=1)
    average = avg_pool2d(shape, 2)
    head = Dense([[F(rng.randint(-4, 4), 3) for _ in range(average.n_outputs)]], [1], "relu")
    net = Network(conv.n_inputs, [conv, pool, average, head])
    assert net.nonlinear_layers == (0, 1, 3)
    for _ in range(10):
        x = [F(rng.randint(-9, 9), rng.randint(1, 7)) for _ in range(net.input_dim)]
        point_trace = trace(net, x)
        assert point_trace.code == code_at(net, x) == locate_network(net, x).code
        assert point_trace.output_map(x) == forward(net, x)


def test_pooling_builders():
    assert max_pool2d((1, 3, 3), 2).groups == ((0, 1, 3, 4),)
    assert max_pool2d((1, 3, 3), 2, ceil_mode=True).groups == ((0, 1, 3, 4), (2, 5), (6, 7), (8,))
    assert max_pool2d((2, 2, 2), (1, 2)).groups == ((0, 1), (2, 3), (4, 5), (6, 7))
    pool = avg_pool2d((1, 4, 4), 2, stride=2, padding=1)
    x = list(range(16))
    assert forward(Network(16, [pool]), x)[0] == F(0, 4)  # the corner window holds one input and three zeros
    assert forward(Network(16, [pool]), x)[1] == F(1 + 2, 4)


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: Conv2d([[[[1]]]], [0], (2, 3, 3)), r"weight has 1 input channels per kernel, expected 2"),
        (lambda: Conv2d([[[[1]]], [[[1]]]], [0], (2, 3, 3), groups=2), r"bias has 1 entries, weight has 2 output channels"),
        (lambda: Conv2d([[[[1]]]] * 3, [0] * 3, (2, 3, 3), groups=2), r"groups = 2 must divide"),
        (lambda: Conv2d([[[[1, 1, 1, 1]]]], [0], (1, 3, 3)), r"does not fit"),
        (lambda: Conv2d([[[[1]]]], [0], (1, 3)), r"input_shape must be \(channels, height, width\)"),
        (lambda: Conv2d([[[[1]]]], [0], (1, 3, 3), stride=0), r"stride must be an integer >= 1"),
        (lambda: Conv2d([[[[1]]]], [0], (1, 3, 3), activation="tanh"), r"unknown activation 'tanh'"),
        (lambda: Network(8, [Conv2d([[[[1]]]], [0], (1, 3, 3))]), r"input_shape has 9 features, the layer input has 8"),
        (lambda: max_pool2d((1, 4, 4), 2, padding=2), r"padding \(2, 2\) must be at most half the kernel size"),
        (lambda: avg_pool2d((1, 4, 4), 2, padding=1, count_include_pad=False), r"count_include_pad=False"),
        (lambda: avg_pool2d((1, 3, 3), 2, ceil_mode=True), r"ceil_mode adds a partial window"),
    ],
)
def test_invalid_conv_layers_raise_named_errors(build, message):
    with pytest.raises(InvalidNetworkError, match=message):
        build()


def test_dense_form_is_refused_beyond_the_limit(monkeypatch):
    import exactpd.network.maso

    layer = Conv2d([[[[1]]]] * 4, [0] * 4, (1, 5, 5), label="layer 0 (conv2d)")
    monkeypatch.setattr(exactpd.network.maso, "DENSE_LIMIT", 99)
    with pytest.raises(InvalidNetworkError, match=r"layer 0 \(conv2d\): the dense form .* 100 x 25 = 2500 entries"):
        maso_layers(Network(25, [layer]))
    assert forward(Network(25, [layer]), [1] * 25) == (F(1),) * 100  # the forward pass does not need it


def test_conv_round_trips_through_the_network_file():
    rng = random.Random(5)
    conv = random_conv(rng, (2, 3, 4), 2, (2, 3), stride=(1, 2), padding=(1, 1), dilation=(1, 1), groups=2,
                       activation="leaky_relu", negative_slope=0.25)
    net = Network(conv.n_inputs, [conv, max_pool2d(conv.output_shape, 2)])
    d = network_to_dict(net)
    assert d["layers"][0]["kind"] == "conv2d" and d["layers"][0]["negative_slope"] == "1/4"
    assert network_from_dict(d) == net


def test_the_documented_conv2d_example_loads():
    import json
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "network-format.md").read_text()
    example = doc.split("## Conv2d layers", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    layer = network_from_dict({"input_dim": 32, "layers": [json.loads(example)]}).layers[0]
    assert layer.output_shape == (2, 5, 5) and layer.groups == 2 and layer.negative_slope == F(1, 100)
