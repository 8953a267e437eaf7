"""ONNX import: hand-built graphs read exactly, torch exports agree with torch, named errors; load_model."""

from __future__ import annotations

import sys
import warnings
from fractions import Fraction

import numpy as np
import pytest

from exactpd.errors import FileFormatError, InvalidNetworkError, MissingDependencyError
from exactpd.network.forward_pass import forward
from exactpd.io import load_model, load_onnx, save_network
from exactpd.network.layers import Conv2d, Dense, Network

F = Fraction


def test_without_onnx_the_error_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "onnx", None)
    with pytest.raises(MissingDependencyError, match=r'pip install "exactpd\[onnx\]"'):
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


def graph_model(onnx, nodes, initializers, input_shape, output="y"):
    helper, TensorProto = onnx.helper, onnx.TensorProto
    graph = helper.make_graph(
        nodes, "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, *input_shape])],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, None)],
        [onnx.numpy_helper.from_array(np.asarray(v, dtype=np.float32), name) for name, v in initializers.items()],
    )
    return helper.make_model(graph)


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
        ("Sigmoid", r"node 'bad' \(Sigmoid\) is not supported; supported operators: Gemm"),
        ("Concat", r"node 'bad' \(Concat\) is not supported"),
    ],
)
def test_unsupported_nodes_are_named(onnx, node, message):
    model = graph_model(onnx, [onnx.helper.make_node(node, ["x"], ["y"], name="bad")], {}, (3,))
    from exactpd.io import from_onnx

    with pytest.raises(InvalidNetworkError, match=message):
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


def test_torch_exports_agree_with_torch_and_from_torch(onnx, tmp_path):
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
    from test_torch import cnn, mlp

    from exactpd.io import from_torch

    for build, shape in ((mlp, (3,)), (cnn, (2, 7, 8))):
        model = build(torch)
        path = tmp_path / "model.onnx"
        export(torch, model, shape, path)
        net = load_onnx(path)
        direct = from_torch(model, shape)
        x = torch.randn(3, *shape, generator=torch.Generator().manual_seed(4))
        with torch.no_grad():
            y = model.double()(x.double())
        for i in range(len(x)):
            point = x[i].double().flatten().tolist()
            from_file = [float(v) for v in forward(net, point)]
            # the exporter folds batch norm in float32: agreement to float32 rounding
            assert from_file == pytest.approx(y[i].tolist(), rel=1e-5, abs=1e-6)
            assert from_file == pytest.approx([float(v) for v in forward(direct, point)], rel=1e-5, abs=1e-6)


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
