"""ONNX import: hand-built graphs read exactly and agree with onnx's reference evaluator, torch exports agree with
torch, trailing output maps dropped with a warning, named errors; load_model."""

from __future__ import annotations

import sys
import warnings
from fractions import Fraction

import numpy as np
import pytest

from exactpd.errors import (
    FileFormatError,
    InvalidNetworkError,
    MissingDependencyError,
    ModelImportWarning,
    NonFiniteWeightError,
)
from exactpd.network.forward_pass import forward
from exactpd.io import load_model, load_onnx, save_network
from exactpd.network.layers import Conv2d, Dense, Network

F = Fraction


def test_without_onnx_the_error_names_the_extra_for_a_package_and_a_clone(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "onnx", None)
    with pytest.raises(MissingDependencyError, match=r'pip install "exactpd\[onnx\]" .*pip install "\.\[onnx\]"'):
        load_onnx(tmp_path / "model.onnx")


def test_load_model_dispatches_on_the_suffix(tmp_path):
    net = Network(1, [Dense([[2]], [1], "relu")])
    save_network(net, tmp_path / "net.json")
    assert load_model(tmp_path / "net.json") == net
    with pytest.raises(FileFormatError, match=r"unknown model file suffix '\.pt'; expected \.json .*, \.onnx"):
        load_model(tmp_path / "model.pt")


@pytest.fixture(scope="module")
def onnx():
    return pytest.importorskip("onnx")


def graph_model(onnx, nodes, initializers, input_shape, output="y", opset=None):
    helper, TensorProto = onnx.helper, onnx.TensorProto
    arrays = [onnx.numpy_helper.from_array(np.asarray(v, dtype=np.int64 if name.startswith("axes") else np.float32), name)
              for name, v in initializers.items()]
    graph = helper.make_graph(
        nodes, "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, *input_shape])],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, None)],
        arrays,
    )
    if opset is None:
        return helper.make_model(graph)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def reference_outputs(onnx, model, points, input_shape):
    """The outputs of onnx's own reference evaluator (float32), one row per point."""
    from onnx.reference import ReferenceEvaluator

    evaluator = ReferenceEvaluator(model)
    rows = []
    for point in points:
        x = np.asarray(point, dtype=np.float32).reshape(1, *input_shape)
        rows.append(evaluator.run(None, {"x": x})[0].reshape(-1).astype(np.float64).tolist())
    return rows


def test_a_hand_built_graph_is_read_exactly(onnx, tmp_path):
    helper = onnx.helper
    nodes = [
        helper.make_node("Conv", ["x", "cw", "cb"], ["c"], kernel_shape=[2, 2], pads=[1, 0, 1, 0], strides=[1, 1]),
        helper.make_node("LeakyRelu", ["c"], ["l"], alpha=0.25),
        helper.make_node("Constant", [], ["shape"], value=onnx.numpy_helper.from_array(np.array([1, -1], dtype=np.int64))),
        helper.make_node("Reshape", ["l", "shape"], ["f"]),
        helper.make_node("MatMul", ["f", "mw"], ["m"]),
        helper.make_node("Add", ["m", "mb"], ["a"]),
        helper.make_node("Abs", ["a"], ["b"]),
        helper.make_node("Identity", ["gw"], ["gw2"]),
        helper.make_node("Gemm", ["b", "gw2", "gb"], ["y"], alpha=0.5, beta=2.0, transB=1),
    ]
    weights = {
        "cw": [[[[1, -0.5], [0.25, 2]]]], "cb": [0.125],
        "mw": [[1, 0], [0, 1], [0.5, -1]], "mb": [0.5, -1],
        "gw": [[1, -1]], "gb": [0.75],
    }
    path = tmp_path / "model.onnx"
    onnx.save(graph_model(onnx, nodes, weights, (1, 2, 2)), str(path))
    net = load_model(path)
    expected = Network(4, [
        Conv2d([[[[1, F(-1, 2)], [F(1, 4), 2]]]], [F(1, 8)], (1, 2, 2), padding=(1, 0),
               activation="leaky_relu", negative_slope=F(1, 4)),
        Dense([[1, 0, F(1, 2)], [0, 1, -1]], [F(1, 2), -1], "abs"),
        Dense([[F(1, 2), F(-1, 2)]], [F(3, 2)]),
    ])
    assert net == expected
    assert forward(net, [1, 2, 3, 4]) == forward(expected, [1, 2, 3, 4])


@pytest.mark.parametrize(
    "node, message",
    [
        ("Tanh", r"node 'bad' \(Tanh\) is not supported: Tanh is not piecewise affine.*Hardtanh.*"
                 r"Supported operators: Gemm"),
        ("LayerNormalization", r"node 'bad' \(LayerNormalization\) is not supported: .*divides by a statistic"),
        ("Concat", r"node 'bad' \(Concat\) is not supported: Concat joins several tensors"),
    ],
)
def test_unsupported_nodes_are_named_with_the_reason(onnx, node, message):
    model = graph_model(onnx, [onnx.helper.make_node(node, ["x"], ["y"], name="bad")], {}, (3,))
    from exactpd.io import from_onnx

    with pytest.raises(InvalidNetworkError, match=message):
        from_onnx(model)


def test_pwa_nodes_agree_with_the_reference_evaluator(onnx):
    """PRelu (per channel), Clip (inputs), HardSigmoid, Conv/MaxPool/AveragePool 1-D, Unsqueeze, Sub/Mul/Div/Neg."""
    from exactpd.io import from_onnx

    helper = onnx.helper
    nodes = [
        helper.make_node("Unsqueeze", ["x", "axes"], ["u"]),
        helper.make_node("Conv", ["u", "cw", "cb"], ["c"], kernel_shape=[3], pads=[1, 1], strides=[1], group=1),
        helper.make_node("PRelu", ["c", "slope"], ["p"]),
        helper.make_node("MaxPool", ["p"], ["m"], kernel_shape=[2], strides=[1]),
        helper.make_node("Clip", ["m", "lo", "hi"], ["k"]),
        helper.make_node("AveragePool", ["k"], ["a"], kernel_shape=[2], strides=[2]),
        helper.make_node("Sub", ["half", "a"], ["s"]),
        helper.make_node("Mul", ["s", "scale"], ["t"]),
        helper.make_node("Div", ["t", "two"], ["d"]),
        helper.make_node("Neg", ["d"], ["n"]),
        helper.make_node("HardSigmoid", ["n"], ["h"], alpha=0.25),
        helper.make_node("Flatten", ["h"], ["f"]),
        helper.make_node("Gemm", ["f", "gw", "gb"], ["y"], transB=1),
    ]
    rng = np.random.default_rng(0)
    weights = {
        "axes": [1], "cw": rng.normal(size=(2, 1, 3)), "cb": [0.5, -0.25], "slope": [[0.25], [3.0]],
        "lo": -0.5, "hi": 1.5, "half": 0.5, "scale": [[2.0], [-1.0]], "two": 2.0,
        "gw": rng.normal(size=(2, 2 * 2)), "gb": [0.125, -1.0],
    }
    model = graph_model(onnx, nodes, weights, (5,))
    net = from_onnx(model)
    points = rng.normal(size=(8, 5)) * 2
    expected = reference_outputs(onnx, model, points, (5,))
    for point, row in zip(points, expected):
        exact = [float(v) for v in forward(net, point.tolist())]
        assert exact == pytest.approx(row, rel=1e-5, abs=1e-5)  # the reference evaluator computes in float32


def test_clip_attributes_of_an_old_opset_and_relu6(onnx):
    from exactpd.io import from_onnx

    helper = onnx.helper
    nodes = [helper.make_node("Gemm", ["x", "w", "b"], ["g"], transB=1),
             helper.make_node("Clip", ["g"], ["y"], min=0.0, max=6.0)]
    model = graph_model(onnx, nodes, {"w": [[4.0], [-4.0]], "b": [1.0, 0.0]}, (1,), opset=10)
    net = from_onnx(model)
    assert [float(v) for v in forward(net, [2])] == [6.0, 0.0]
    assert [float(v) for v in forward(net, [-F(1, 8)])] == [0.5, 0.5]


@pytest.mark.parametrize("node", ["Softmax", "LogSoftmax", "Sigmoid"])
def test_a_trailing_output_map_is_dropped_with_a_warning(onnx, node):
    from exactpd.io import from_onnx

    helper = onnx.helper
    nodes = [helper.make_node("Gemm", ["x", "w", "b"], ["g"], transB=1),
             helper.make_node(node, ["g"], ["y"], name="out", **({} if node == "Sigmoid" else {"axis": 1}))]
    model = graph_model(onnx, nodes, {"w": [[1.0, 2.0], [-1.0, 0.5]], "b": [0.25, 0.0]}, (2,))
    with pytest.warns(ModelImportWarning, match=rf"node 'out' \({node}\) at the end of the model is dropped.*"
                                                r"decision boundary .* is the same"):
        net = from_onnx(model)
    assert net == Network(2, [Dense([[1, 2], [-1, F(1, 2)]], [F(1, 4), 0])])


def test_an_output_map_inside_the_graph_is_refused(onnx):
    from exactpd.io import from_onnx

    helper = onnx.helper
    nodes = [helper.make_node("Sigmoid", ["x"], ["s"], name="mid"), helper.make_node("Relu", ["s"], ["y"])]
    with pytest.raises(InvalidNetworkError, match=r"node 'mid' \(Sigmoid\) is not piecewise affine.*only at the end"):
        from_onnx(graph_model(onnx, nodes, {}, (2,)))


def test_a_nan_initializer_is_named(onnx):
    from exactpd.io import from_onnx

    helper = onnx.helper
    nodes = [helper.make_node("Gemm", ["x", "weights", "b"], ["y"], transB=1)]
    model = graph_model(onnx, nodes, {"weights": [[1.0, float("nan")]], "b": [0.0]}, (2,))
    with pytest.raises(NonFiniteWeightError, match=r"ONNX initializer 'weights' holds nan at index \[0, 1\]"):
        from_onnx(model)


def test_a_graph_that_is_not_a_chain_is_refused(onnx):
    helper = onnx.helper
    nodes = [helper.make_node("Relu", ["x"], ["a"]), helper.make_node("Relu", ["x"], ["y"], name="second")]
    from exactpd.io import from_onnx

    with pytest.raises(InvalidNetworkError, match=r"node 'second' \(Relu\): the graph is not a chain"):
        from_onnx(graph_model(onnx, nodes, {}, (3,)))


def test_a_file_that_is_not_onnx(onnx, tmp_path):
    path = tmp_path / "junk.onnx"
    path.write_bytes(b"\x00\x01 not a protobuf at all \xff" * 3)
    with pytest.raises(FileFormatError, match="junk.onnx: not an ONNX model"):
        load_onnx(path)


def export(torch, model, shape, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            torch.onnx.export(model, (torch.zeros(1, *shape),), str(path), dynamo=False)
        except Exception as err:  # an exporter that needs packages or network access this machine lacks
            pytest.skip(f"torch.onnx.export does not work here: {err}")


def signal_cnn_without_unflatten(torch):
    """The 1-D CNN of test_torch without its Unflatten (which the exporter writes with Shape/Slice/Concat nodes)."""
    nn = torch.nn
    torch.manual_seed(5)
    return nn.Sequential(
        nn.Conv1d(2, 4, 3, padding=1, groups=2), nn.ReLU(), nn.MaxPool1d(2, stride=1, padding=1),
        nn.Conv1d(4, 3, 2, dilation=2), nn.PReLU(3), nn.AvgPool1d(2), nn.AdaptiveAvgPool1d(2), nn.Flatten(),
        nn.Linear(6, 8), nn.ReLU6(), nn.Linear(8, 2), nn.LogSoftmax(dim=1),
    ).eval()


@pytest.mark.parametrize("name", ["mlp", "cnn", "subclass", "pwa", "functional", "signal"])
def test_torch_exports_agree_with_torch_and_from_torch(onnx, tmp_path, name):
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
    from test_torch import MODELS

    from exactpd.io import from_torch

    build, shape = (signal_cnn_without_unflatten, (2, 9)) if name == "signal" else MODELS[name]
    model = build(torch)
    path = tmp_path / "model.onnx"
    export(torch, model, shape, path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ModelImportWarning)  # the signal CNN's LogSoftmax
        net = load_onnx(path)
        direct = from_torch(model, shape)
    logits = model[:-1] if name == "signal" else model
    x = torch.randn(3, *shape, generator=torch.Generator().manual_seed(4))
    with torch.no_grad():
        y = logits.double()(x.double())
    for i in range(len(x)):
        point = x[i].double().flatten().tolist()
        from_file = [float(v) for v in forward(net, point)]
        # the exporter folds batch norm and stores constants (1/6 of HardSigmoid) in float32
        assert from_file == pytest.approx(y[i].tolist(), rel=1e-5, abs=1e-6)
        assert from_file == pytest.approx([float(v) for v in forward(direct, point)], rel=1e-5, abs=1e-6)


@pytest.mark.parametrize("output", ["Softmax", "LogSoftmax", "Sigmoid"])
def test_a_torch_export_with_an_output_map_warns_and_gives_the_logits(onnx, tmp_path, output):
    torch = pytest.importorskip("torch")
    nn = torch.nn
    torch.manual_seed(12)
    logits = nn.Sequential(nn.Linear(2, 4), nn.PReLU(), nn.Linear(4, 3 if output != "Sigmoid" else 1))
    last = {"Softmax": nn.Softmax(dim=1), "LogSoftmax": nn.LogSoftmax(dim=1), "Sigmoid": nn.Sigmoid()}[output]
    path = tmp_path / "model.onnx"
    export(torch, nn.Sequential(logits, last).eval(), (2,), path)
    with pytest.warns(ModelImportWarning, match=rf"\({output}\) at the end of the model is dropped"):
        net = load_onnx(path)
    x = torch.randn(5, 2, generator=torch.Generator().manual_seed(13))
    with torch.no_grad():
        y = logits.double()(x.double())
    for i in range(len(x)):
        assert [float(v) for v in forward(net, x[i].double().tolist())] == pytest.approx(y[i].tolist(), rel=1e-12)


def test_cli_enumerates_an_onnx_model(onnx, tmp_path, capsys):
    from exactpd.cli.main import main
    from exactpd.enumeration import enumerate_regions
    from exactpd.kernel.polytope import box

    helper = onnx.helper
    nodes = [
        helper.make_node("Gemm", ["x", "w1", "b1"], ["h"], transB=1),
        helper.make_node("Relu", ["h"], ["r"]),
        helper.make_node("Gemm", ["r", "w2", "b2"], ["y"], transB=1),
    ]
    weights = {"w1": [[1, 0], [0, 1], [1, 1]], "b1": [0, 0, -0.5], "w2": [[1, -1, 0.5]], "b2": [0.25]}
    path = tmp_path / "model.onnx"
    onnx.save(graph_model(onnx, nodes, weights, (2,)), str(path))
    out = tmp_path / "regions.json"
    assert main(["enumerate", str(path), "--box", "-1", "1", "-o", str(out)]) == 0
    expected = len(enumerate_regions(load_model(path), box([-1, -1], [1, 1])))
    assert f"regions: {expected}" in capsys.readouterr().out.splitlines()
    assert expected == 7
