"""from_torch: exact weights, forward passes equal to PyTorch's, batch norm folding, subclasses through torch.fx,
piecewise-affine activations lowered to ReLUs, 1-D layers, dropped output maps, named errors."""

from __future__ import annotations

import copy
import sys
import warnings
from fractions import Fraction

import pytest

from exactpd.enumeration import enumerate_regions
from exactpd.errors import InvalidNetworkError, MissingDependencyError, ModelImportWarning, NonFiniteWeightError
from exactpd.io import from_torch, network_from_dict, network_to_dict
from exactpd.io.sequential import batchnorm_scale
from exactpd.kernel.polytope import box
from exactpd.network.forward_pass import code_at, forward

F = Fraction


def test_without_torch_the_error_names_the_extra_for_a_package_and_a_clone(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(MissingDependencyError, match=r'pip install "exactpd\[torch\]" .*pip install "\.\[torch\]"'):
        from_torch(object())


def test_batchnorm_scale_is_exact_for_squares_and_the_nearest_float_otherwise():
    assert batchnorm_scale(F(3), F(4), F(0)) == F(3, 2)
    assert batchnorm_scale(1, F(9, 16), F(0)) == F(4, 3)
    value = batchnorm_scale(F(1), F(2), F(0))
    assert value == F(2 ** -0.5)  # the float64 nearest to 1/sqrt(2)
    with pytest.raises(InvalidNetworkError, match="not positive"):
        batchnorm_scale(1, 0, 0)


@pytest.fixture(scope="module")
def torch():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    return torch


def randomize_batchnorm(torch, model):
    generator = torch.Generator().manual_seed(1)
    for m in model.modules():
        if isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d)):
            n = m.num_features
            m.running_mean.copy_(torch.rand(n, generator=generator) * 2 - 1)
            m.running_var.copy_(torch.rand(n, generator=generator) + 0.5)
            m.weight.data.copy_(torch.rand(n, generator=generator) * 4 - 2)
            m.bias.data.copy_(torch.rand(n, generator=generator) * 2 - 1)
    return model.eval()


def abs_module(torch):
    class Abs(torch.nn.Module):
        def forward(self, x):
            return x.abs()

    return Abs()


def mlp(torch):
    nn = torch.nn
    torch.manual_seed(0)
    return randomize_batchnorm(torch, nn.Sequential(
        nn.Linear(3, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Dropout(0.5),
        nn.Sequential(nn.Linear(6, 5), nn.LeakyReLU(0.2)), nn.Identity(),
        nn.Linear(5, 4), abs_module(torch), nn.BatchNorm1d(4), nn.Linear(4, 2),
    ))


def cnn(torch):
    nn = torch.nn
    torch.manual_seed(0)
    return randomize_batchnorm(torch, nn.Sequential(
        nn.Conv2d(2, 4, 3, stride=(1, 2), padding=1, groups=2), nn.BatchNorm2d(4), nn.LeakyReLU(0.1),
        nn.MaxPool2d(2, stride=1, padding=1), nn.ReLU(),
        nn.Conv2d(4, 3, (2, 2), dilation=(2, 1), padding="valid"), abs_module(torch),
        nn.AvgPool2d(2, stride=1, padding=1), nn.MaxPool2d(2, ceil_mode=True), nn.Conv2d(3, 3, 1),
        nn.AdaptiveAvgPool2d((2, 1)), nn.Flatten(), nn.Linear(6, 2),
    ))


def subclass_model(torch):
    """The way most models are written: modules as attributes, functional calls in forward()."""
    nn, Fn = torch.nn, torch.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 3, 3, padding=1)
            self.block = nn.Sequential(nn.Conv2d(3, 2, 2), nn.Sequential(nn.BatchNorm2d(2)))
            self.fc = nn.Linear(2 * 4 * 4, 5)
            self.w = nn.Parameter(torch.randn(4, 5))
            self.b = nn.Parameter(torch.randn(4))
            self.register_buffer("scale", torch.tensor([2.0, -0.5, 1.0, 0.25]))

        def forward(self, x):
            x = Fn.relu(self.conv(x))
            x = torch.relu(self.block(x) - 0.25)
            x = x.view(x.size(0), -1)
            x = Fn.leaky_relu(self.fc(x), 0.1)
            x = (x @ self.w.t() + self.b) * self.scale / 2
            return -torch.flatten(x, 1)

    torch.manual_seed(3)
    return randomize_batchnorm(torch, Net())


def pwa_activations(torch):
    """PReLU (one slope; one per unit after a Linear, a Maso layer; one per channel after a Conv), ReLU6, Hardtanh."""
    nn = torch.nn
    torch.manual_seed(4)
    prelu_units, prelu_channels, steep = nn.PReLU(6), nn.PReLU(2), nn.PReLU(1, init=1.5)
    with torch.no_grad():
        prelu_units.weight.copy_(torch.tensor([0.25, -0.5, 1.0, 0.0, 0.75, -2.0 + 2.5]))
        prelu_channels.weight.copy_(torch.tensor([0.5, 3.0]))  # one slope > 1: relu(h) - a relu(-h)
    return nn.Sequential(
        nn.Conv2d(1, 2, 2), prelu_channels, nn.ReLU6(), nn.Flatten(), nn.Linear(2 * 2 * 2, 6), prelu_units,
        nn.Linear(6, 5), nn.PReLU(), nn.Linear(5, 4), nn.Hardtanh(-0.5, 2.0), nn.Linear(4, 4), steep,
        nn.Linear(4, 3), nn.Hardsigmoid(), nn.Linear(3, 2),
    ).eval()


def signal_cnn(torch):
    """Conv1d, BatchNorm1d on a signal, MaxPool1d, AvgPool1d, AdaptiveAvgPool1d, then Unflatten to an image."""
    nn = torch.nn
    torch.manual_seed(5)
    grouped, per_channel = nn.PReLU(4), nn.PReLU(3)
    with torch.no_grad():  # one slope per channel, after a grouped and a plain convolution
        grouped.weight.copy_(torch.tensor([0.1, -0.3, 0.7, 2.0]))
        per_channel.weight.copy_(torch.tensor([0.2, 0.0, -1.0]))
    return randomize_batchnorm(torch, nn.Sequential(
        nn.Conv1d(2, 4, 3, padding=1, groups=2), nn.BatchNorm1d(4), grouped,
        nn.MaxPool1d(2, stride=1, padding=1), nn.Conv1d(4, 3, 2, dilation=2), per_channel,
        nn.AvgPool1d(2), nn.AdaptiveAvgPool1d(2), nn.Flatten(), nn.Linear(6, 8), nn.ReLU(),
        nn.Unflatten(1, (2, 2, 2)), nn.Conv2d(2, 2, 2), nn.ReLU6(), nn.Flatten(), nn.Linear(2, 2),
    ))


def functional_model(torch):
    """A forward() made of functional calls only (pools, conv, clamp, relu6, dropout, reshape)."""
    nn, Fn = torch.nn, torch.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.kernel = nn.Parameter(torch.randn(3, 1, 2))
            self.weight = nn.Parameter(torch.randn(2, 3 * 4))
            self.slope = nn.Parameter(torch.tensor([0.3, 0.6, 0.9]))

        def forward(self, x):
            x = Fn.conv1d(x.unsqueeze(1), self.kernel, padding=1)
            x = Fn.prelu(x, self.slope)
            x = Fn.max_pool1d(x, 2, 1)
            x = Fn.avg_pool1d(x.clamp(-1, 1.5), 2, 1)
            x = Fn.dropout(Fn.relu6(x * 4), 0.5, self.training).reshape(-1, 12)
            return Fn.linear(x.abs(), self.weight)

    torch.manual_seed(6)
    return Net().eval()


def functional_image_model(torch):
    """Functional 2-D calls: conv, batch norm, pools, per-channel constants, c - x, torch.add with alpha."""
    nn, Fn = torch.nn, torch.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.kernel = nn.Parameter(torch.randn(3, 2, 2, 2))
            self.bias = nn.Parameter(torch.randn(3))
            self.register_buffer("mean", torch.randn(3))
            self.register_buffer("var", torch.rand(3) + 0.5)
            self.register_buffer("shift", torch.randn(1, 3, 1, 1))
            self.head = nn.Linear(3 * 2 * 2, 2)

        def forward(self, x):
            x = Fn.conv2d(x, self.kernel, self.bias, padding=1)
            x = Fn.batch_norm(x, self.mean, self.var, training=self.training, eps=0.25)
            x = (1.5 - x).clamp(min=0)
            x = Fn.max_pool2d(x, 2, stride=1)
            x = torch.add(self.shift, x, alpha=-0.5)
            x = Fn.hardsigmoid(Fn.avg_pool2d(x, 3, stride=1, padding=1)) * 3
            x = Fn.adaptive_avg_pool2d(x, (2, 2))
            return self.head(x.flatten(1))

    torch.manual_seed(14)
    return Net().eval()


MODELS = {
    "mlp": (mlp, (3,)), "cnn": (cnn, (2, 7, 8)), "subclass": (subclass_model, (1, 5, 5)),
    "pwa": (pwa_activations, (1, 3, 3)), "signal": (signal_cnn, (2, 9)), "functional": (functional_model, (5,)),
    "functional_image": (functional_image_model, (2, 4, 4)),
}


def exact_outputs(torch, net, model, shape, count=6, seed=2, scale=2.0):
    """(exact forward, float64 torch forward) of ``count`` random inputs."""
    x = torch.randn(count, *shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64) * scale
    with torch.no_grad():
        y = copy.deepcopy(model).double()(x)
    return [[float(v) for v in forward(net, x[i].flatten().tolist())] for i in range(count)], y.tolist()


@pytest.mark.parametrize("name", MODELS)
def test_exact_forward_equals_torch(torch, name):
    build, shape = MODELS[name]
    model = build(torch)
    net = from_torch(model, shape)
    exact, y64 = exact_outputs(torch, net, model, shape)
    for e, y in zip(exact, y64):
        assert e == pytest.approx(y, rel=1e-12, abs=1e-12)  # float64 rounding only
    x = torch.randn(3, *shape, generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        y32 = model(x)
    for i in range(3):
        exact32 = [float(v) for v in forward(net, x[i].double().flatten().tolist())]
        assert exact32 == pytest.approx(y32[i].tolist(), rel=1e-5, abs=1e-5)  # the float32 model


def test_lowerings_have_the_expected_layers(torch):
    net = from_torch(pwa_activations(torch), (1, 3, 3))
    kinds = [(layer.kind, getattr(layer, "activation", None)) for layer in net.layers]
    assert kinds == [
        ("conv2d", "relu"),  # PReLU(2) with a slope 3 > 1: relu(h) - 3 relu(-h) per channel, whose sum...
        ("conv2d", "relu"), ("conv2d", None),  # ...takes ReLU6 = relu(h) - relu(h - 6) at once
        ("maso", None),  # PReLU(6) after a Linear, slopes <= 1: max(a h, h) per unit
        ("dense", "leaky_relu"),  # PReLU() with its one slope 0.25
        ("dense", "relu"), ("conv2d", None),  # Hardtanh(-1/2, 2)
        ("dense", "relu"), ("conv2d", None),  # PReLU(init=1.5): one slope > 1
        ("dense", "relu"), ("conv2d", None),  # Hardsigmoid
        ("dense", None),
    ]
    assert net.layers[4].negative_slope == F(1, 4)
    assert net.layers[6].bias == (F(-1, 2),) * 4 and net.layers[5].n_outputs == 8
    assert net.layers[0].n_outputs == 2 * net.layers[2].n_outputs == 4 * 2 * 2


PIECEWISE = {  # activation, its breakpoints
    "relu6": (lambda nn: nn.ReLU6(), (0.0, 6.0)),
    "hardtanh": (lambda nn: nn.Hardtanh(-0.5, 1.0), (-0.5, 1.0)),
    "prelu_maso": (lambda nn: nn.PReLU(3, init=0.25), (0.0,)),
    "prelu_relus": (lambda nn: nn.PReLU(3, init=1.75), (0.0,)),
    "leaky_concave": (lambda nn: nn.LeakyReLU(2.0), (0.0,)),
}


@pytest.mark.parametrize("name", PIECEWISE)
def test_a_lowered_activation_keeps_the_regions_of_its_pieces(torch, name):
    """Each region of the lowered network is one piece pattern of the original, and every pattern is found."""
    nn = torch.nn
    build, breakpoints = PIECEWISE[name]
    torch.manual_seed(8)
    model = nn.Sequential(nn.Linear(2, 3), build(nn), nn.Linear(3, 1)).double().eval()
    with torch.no_grad():
        model[0].weight.mul_(3)
        if name == "prelu_maso":
            model[1].weight.copy_(torch.tensor([0.25, -0.5, 1.0]))  # a slope 1: that unit never cuts
    net = from_torch(model)
    part = enumerate_regions(net, box([-2, -2], [2, 2]), edges=False)

    def pattern(points):
        with torch.no_grad():
            h = model[0](torch.as_tensor(points, dtype=torch.float64))
        pieces = sum((h > t).long() for t in breakpoints)
        if name == "prelu_maso":
            pieces[:, 2] = 0
        return [tuple(row) for row in pieces.tolist()]

    witnesses = pattern([[float(v) for v in r.witness] for r in part.regions])
    assert len(set(witnesses)) == len(part.regions)  # no region is split by the lowering
    grid = torch.cartesian_prod(torch.linspace(-2, 2, 81), torch.linspace(-2, 2, 81)).double()
    assert set(pattern(grid)) <= set(witnesses)  # none is merged or lost
    for region in part.regions:  # the exact map on the region is the model's
        x = torch.tensor([[float(v) for v in region.witness]], dtype=torch.float64)
        assert float(forward(net, region.witness)[0]) == pytest.approx(model(x).item(), rel=1e-12, abs=1e-12)


def test_a_prelu_maso_layer_codes_the_active_piece_as_one(torch):
    nn = torch.nn
    layer, prelu = nn.Linear(1, 2), nn.PReLU(2)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[1.0], [-1.0]]))
        layer.bias.zero_()
        prelu.weight.copy_(torch.tensor([0.5, 0.25]))
    net = from_torch(nn.Sequential(layer, prelu))
    assert net.layers[0].kind == "maso"
    assert code_at(net, [1]) == ((1, 0),) and code_at(net, [-1]) == ((0, 1),)
    assert forward(net, [-2]) == (F(-1), F(2))


@pytest.mark.parametrize("output", ["Softmax", "LogSoftmax", "Sigmoid"])
def test_a_trailing_output_map_is_dropped_with_a_warning(torch, output):
    nn = torch.nn
    torch.manual_seed(9)
    last = {"Softmax": nn.Softmax(dim=1), "LogSoftmax": nn.LogSoftmax(dim=-1), "Sigmoid": nn.Sigmoid()}[output]
    logits = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 3 if output != "Sigmoid" else 1)).double().eval()
    model = nn.Sequential(logits, last, nn.Identity()).eval()
    with pytest.warns(ModelImportWarning, match=rf"module '1' \({output}\) at the end of the model is dropped.*"
                                                r"regions .* are unchanged and the decision boundary .* is the same"):
        net = from_torch(model)
    assert net == from_torch(logits)
    exact, y = exact_outputs(torch, net, logits, (2,))
    for e, row in zip(exact, y):
        assert e == pytest.approx(row, rel=1e-12, abs=1e-12)
    with torch.no_grad():
        x = torch.randn(20, 2, dtype=torch.float64)
        decided, probabilities = logits(x), model(x)
    if output == "Sigmoid":  # f > 0 exactly when sigmoid(f) > 1/2
        assert ((decided > 0) == (probabilities > 0.5)).all()
    else:
        assert (decided.argmax(1) == probabilities.argmax(1)).all()


def test_a_functional_softmax_at_the_end_of_forward_is_dropped(torch):
    nn, Fn = torch.nn, torch.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(2, 3)

        def forward(self, x):
            return Fn.softmax(self.fc(x), dim=-1)

    with pytest.warns(ModelImportWarning, match=r"operation 'softmax' \(F\.softmax\)"):
        net = from_torch(Net())
    assert [layer.kind for layer in net.layers] == ["dense"]


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda nn: nn.Sequential(nn.Linear(2, 2), nn.Softmax(dim=1), nn.Linear(2, 1)),
         r"module '1' \(Softmax\) is not piecewise affine.*accepted only at the end"),
        (lambda nn: nn.Sequential(nn.Linear(2, 2), nn.Softmax(dim=0)), r"runs over the batch axis"),
    ],
)
def test_an_output_map_elsewhere_is_refused(torch, build, message):
    with pytest.raises(InvalidNetworkError, match=message):
        from_torch(build(torch.nn))


def test_a_model_in_training_mode_is_read_in_eval_mode_with_a_warning(torch):
    model = mlp(torch).train()
    with pytest.warns(ModelImportWarning, match=r"training mode.*eval mode.*BatchNorm1d, Dropout.*model\.eval\(\)"):
        net = from_torch(model)
    assert all(m.training for m in model.modules())  # left as it was
    assert net == from_torch(model.eval())


def test_a_forward_that_tests_self_training_gets_the_warning(torch):
    nn = torch.nn

    class Noisy(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(2, 2)

        def forward(self, x):
            if self.training:
                x = x + 1
            return self.fc(x)

    model = Noisy()
    with pytest.warns(ModelImportWarning, match=r"eval-mode branch where it tests self\.training"):
        net = from_torch(model)
    assert model.training and net == from_torch(model.eval())


def test_training_mode_without_effect_gives_no_warning(torch):
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    assert model.training
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from_torch(model)


def test_weights_are_the_exact_float32_values(torch):
    layer = torch.nn.Linear(2, 1)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[0.1, -1 / 3]]))
        layer.bias.fill_(0.2)
    net = from_torch(torch.nn.Sequential(layer, torch.nn.ReLU()))
    import numpy as np

    assert net.layers[0].weight == ((F(float(np.float32(0.1))), F(float(np.float32(-1 / 3)))),)
    assert net.layers[0].bias == (F(float(np.float32(0.2))),)
    assert net.layers[0].bias[0] == F(13421773, 67108864)
    assert code_at(net, [1, 0]) == ((1,),)


def test_a_single_module_and_a_subclass_need_no_input_shape_when_they_start_linear(torch):
    nn, Fn = torch.nn, torch.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1, self.fc2 = nn.Linear(3, 4), nn.Linear(4, 1)

        def forward(self, x):
            return self.fc2(Fn.relu(self.fc1(x.flatten(1))))

    assert from_torch(nn.Linear(3, 2)).input_dim == 3
    net = from_torch(Net())
    assert net.input_dim == 3 and [layer.label for layer in net.layers] == [
        "layer 0 (module 'fc1' (Linear))", "layer 1 (module 'fc2' (Linear))"]


def test_batchnorm_folds_exactly_when_the_variance_is_a_square(torch):
    nn = torch.nn
    linear, norm = nn.Linear(1, 2), nn.BatchNorm1d(2, eps=0.0)
    with torch.no_grad():
        linear.weight.copy_(torch.tensor([[1.0], [2.0]]))
        linear.bias.copy_(torch.tensor([0.5, -1.0]))
        norm.running_mean.copy_(torch.tensor([1.0, 0.0]))
        norm.running_var.copy_(torch.tensor([4.0, 0.25]))
        norm.weight.copy_(torch.tensor([3.0, 1.0]))
        norm.bias.copy_(torch.tensor([0.0, 1.0]))
    net = from_torch(nn.Sequential(linear, norm, nn.ReLU()).eval())
    (dense,) = net.layers
    # y = gamma (W x + b - mean) / sqrt(var) + beta
    assert dense.weight == ((F(3, 2),), (F(4),))
    assert dense.bias == (F(3, 2) * (F(1, 2) - 1), 2 * (-1 - 0) + F(1))
    assert dense.activation == "relu"


def test_activation_after_pooling_gets_an_identity_layer(torch):
    nn = torch.nn
    net = from_torch(nn.Sequential(nn.MaxPool2d(2), nn.ReLU(), nn.Flatten()), (1, 2, 2))
    assert [layer.kind for layer in net.layers] == ["maxpool", "conv2d"]
    assert net.layers[1].activation == "relu" and net.layers[1].weight == ((((F(1),),),),)
    assert forward(net, [-1, -3, -2, -5]) == (F(0),)


def test_file_round_trip_of_imported_networks(torch):
    for name in ("cnn", "pwa", "signal"):
        build, shape = MODELS[name]
        net = from_torch(build(torch), shape)
        assert network_from_dict(network_to_dict(net)) == net


class Residual:
    @staticmethod
    def build(torch):
        nn = torch.nn

        class Block(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc1, self.fc2 = nn.Linear(2, 2), nn.Linear(2, 2)

            def forward(self, x):
                h = torch.relu(self.fc1(x))
                return self.fc2(h) + h

        return Block()


def control_flow(torch):
    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch.nn.Linear(2, 2)

        def forward(self, x):
            return self.fc(x) if x.sum() > 0 else -x

    return Net()


def function_model(torch, function):
    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch.nn.Linear(2, 2)

        def forward(self, x):
            return function(self.fc(x))

    return Net()


@pytest.mark.parametrize(
    "build, shape, message",
    [
        (lambda torch: torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Tanh()), None,
         r"module '1' \(Tanh\) is not supported: Tanh is not piecewise affine: exactpd handles piecewise-affine "
         r"networks only; replace it by Hardtanh .*Supported modules: Linear, Conv1d, Conv2d"),
        (lambda torch: torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.LayerNorm(2)), None,
         r"\(LayerNorm\) is not supported: LayerNorm divides by a statistic of each input"),
        (lambda torch: function_model(torch, torch.nn.functional.gelu), None,
         r"operation 'gelu' \(F\.gelu\) is not supported: F\.gelu is not piecewise affine.*ReLU"),
        (lambda torch: function_model(torch, lambda h: h * h), None, r"combines the data with itself"),
        (lambda torch: function_model(torch, lambda h: torch.cat([h, h], 1)), None, r"torch\.cat joins several tensors"),
        (Residual.build, None, r"the model's graph is not a chain: the output of 'relu' is read by 'fc2' and 'add'"),
        (control_flow, (2,), r"torch\.fx cannot trace Net\.forward\(\).*torch\.onnx\.export.*exactpd\.load_onnx"),
        (lambda torch: torch.nn.Sequential(torch.nn.Conv2d(1, 1, 1)), None, r"give input_shape"),
        (lambda torch: torch.nn.Sequential(torch.nn.Conv2d(1, 1, 1), torch.nn.Linear(4, 1)), (1, 2, 2),
         r"does not run on a batch of inputs of shape \(1, 2, 2\)"),
        (lambda torch: torch.nn.Sequential(torch.nn.Conv2d(1, 1, 1, padding_mode="circular")), (1, 2, 2),
         r"padding_mode 'circular'"),
        (lambda torch: torch.nn.Sequential(torch.nn.Conv2d(1, 1, 2, padding="same")), (1, 3, 3),
         r"padding='same' pads unevenly"),
        (lambda torch: torch.nn.Sequential(torch.nn.AdaptiveAvgPool2d(2)), (1, 3, 3), r"does not divide"),
        (lambda torch: torch.nn.Sequential(torch.nn.Flatten(0)), (1, 3, 3), r"reshapes the batch axis"),
        (lambda torch: torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm2d(2)), None,
         r"does not run on a batch"),
        (lambda torch: torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Hardtanh(-1, 1), torch.nn.Tanhshrink()),
         None, r"Tanhshrink is not piecewise affine"),
    ],
)
def test_unsupported_models_raise_named_errors(torch, build, shape, message):
    with pytest.raises(InvalidNetworkError, match=message):
        from_torch(build(torch), shape)


def test_a_linear_on_an_image_must_be_flattened_first(torch):
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 1, 1), nn.Linear(2, 1))  # runs in torch (on the last axis), but is no layer
    with pytest.raises(InvalidNetworkError, match=r"a linear layer needs a vector \(n,\) input.*flatten it before"):
        from_torch(model, (1, 2, 2))


def test_a_module_named_abs_must_compute_abs(torch):
    class Abs(torch.nn.Module):
        def forward(self, x):
            return torch.relu(x)

    with pytest.raises(InvalidNetworkError, match="must compute x.abs"):
        from_torch(torch.nn.Sequential(torch.nn.Linear(1, 1), Abs()))


def test_non_finite_weights_name_the_module(torch):
    layer = torch.nn.Linear(2, 1)
    with torch.no_grad():
        layer.weight[0, 1] = float("nan")
    with pytest.raises(NonFiniteWeightError, match=r"module '0' \(Linear\).*weight\[0\]\[1\]"):
        from_torch(torch.nn.Sequential(layer))


def test_the_float_geometry_refuses_modules_it_does_not_read(torch):
    from exactpd.io import input_geometry_float

    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU6(), torch.nn.Linear(3, 1))
    with pytest.raises(InvalidNetworkError, match=r"input_geometry_float: module '1' \(ReLU6\) is not supported here"):
        input_geometry_float(model, torch.zeros(1, 2))


def test_a_concave_leaky_relu_is_lowered_as_a_prelu(torch):
    torch.manual_seed(10)
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.LeakyReLU(2.0), torch.nn.Linear(3, 1)).double()
    net = from_torch(model)
    assert [(layer.kind, layer.activation) for layer in net.layers] == [("dense", "relu"), ("conv2d", None),
                                                                        ("dense", None)]
    exact, y = exact_outputs(torch, net, model, (2,))
    for e, row in zip(exact, y):
        assert e == pytest.approx(row, rel=1e-12, abs=1e-12)


def test_a_forward_of_two_inputs_or_two_outputs_is_refused(torch):
    class TwoInputs(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch.nn.Linear(2, 2)

        def forward(self, x, y):
            return self.fc(x) + y

    class TwoOutputs(TwoInputs):
        def forward(self, x, scale=2.0):
            return self.fc(x), self.fc(x) * scale

    with pytest.raises(InvalidNetworkError, match=r"forward\(\) takes 2 inputs \(x, y\)"):
        from_torch(TwoInputs())
    with pytest.raises(InvalidNetworkError, match=r"forward\(\) returns tuple, not one tensor"):
        from_torch(TwoOutputs(), (2,))


def test_a_module_list_applied_in_a_loop_is_a_chain(torch):
    class Stack(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = torch.nn.ModuleList([torch.nn.Linear(2, 2) for _ in range(3)])

        def forward(self, x):
            for layer in self.layers:
                x = torch.nn.functional.relu(layer(x))
            return x

    torch.manual_seed(11)
    model = Stack().double()
    net = from_torch(model)
    assert len(net.layers) == 3 and net.nonlinear_layers == (0, 1, 2)
    exact, y = exact_outputs(torch, net, model, (2,))
    for e, row in zip(exact, y):
        assert e == pytest.approx(row, rel=1e-12, abs=1e-12)
