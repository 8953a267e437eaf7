"""from_torch: exact weights, forward passes equal to PyTorch's, batch norm folding, named errors."""

from __future__ import annotations

import sys
from fractions import Fraction

import pytest

from exactpd.errors import InvalidNetworkError, MissingDependencyError, NonFiniteWeightError
from exactpd.network.forward_pass import code_at, forward
from exactpd.io import from_torch, network_from_dict, network_to_dict
from exactpd.io.sequential import batchnorm_scale

F = Fraction


def test_without_torch_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(MissingDependencyError, match=r'pip install "exactpd\[torch\]"'):
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


MODELS = {"mlp": (mlp, (3,)), "cnn": (cnn, (2, 7, 8))}


@pytest.mark.parametrize("name", MODELS)
def test_exact_forward_equals_torch(torch, name):
    build, shape = MODELS[name]
    model = build(torch)
    net = from_torch(model, shape)
    x = torch.randn(5, *shape, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        y32 = model(x)
        y64 = model.double()(x.double())
    for i in range(len(x)):
        exact = [float(v) for v in forward(net, x[i].double().flatten().tolist())]
        assert exact == pytest.approx(y64[i].tolist(), rel=1e-12, abs=1e-12)  # float64 rounding only
        assert exact == pytest.approx(y32[i].tolist(), rel=1e-5, abs=1e-6)  # the float32 model


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


def test_file_round_trip_of_an_imported_cnn(torch):
    net = from_torch(cnn(torch), (2, 7, 8))
    assert network_from_dict(network_to_dict(net)) == net


@pytest.mark.parametrize(
    "build, shape, message",
    [
        (lambda nn: nn.Sequential(nn.Linear(2, 2), nn.Tanh()), None,
         r"module '1' \(Tanh\) is not supported; supported modules: Linear, Conv2d"),
        (lambda nn: nn.Sequential(nn.Conv2d(1, 1, 1)), None, r"give input_shape"),
        (lambda nn: nn.Sequential(nn.Conv2d(1, 1, 1), nn.Linear(4, 1)), (1, 2, 2), r"flatten it before a linear layer"),
        (lambda nn: nn.Sequential(nn.Conv2d(1, 1, 1, padding_mode="circular")), (1, 2, 2), r"padding_mode 'circular'"),
        (lambda nn: nn.Sequential(nn.Conv2d(1, 1, 2, padding="same")), (1, 3, 3), r"padding='same' pads unevenly"),
        (lambda nn: nn.Sequential(nn.AdaptiveAvgPool2d(2)), (1, 3, 3), r"does not divide"),
        (lambda nn: nn.Sequential(nn.Flatten(0)), (1, 3, 3), r"only Flatten\(start_dim=1"),
        (lambda nn: nn.Sequential(nn.Linear(2, 2), nn.BatchNorm2d(2)), None, r"does not fit the input shape"),
    ],
)
def test_unsupported_models_raise_named_errors(torch, build, shape, message):
    with pytest.raises(InvalidNetworkError, match=message):
        from_torch(build(torch.nn), shape)


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
