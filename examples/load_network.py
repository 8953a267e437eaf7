"""Load a network file, enumerate its regions, save the partition and draw it.

    python examples/load_network.py [OUTDIR] [NET.json]
        (default OUTDIR: out/; default NET.json: examples/network.json, a 2-4-3-1
         network with leaky-ReLU and absolute-value layers)

The network file format is docs/network-format.md: every number exact
("1/3", 0.1 = 1/10).  The same steps on the command line:

    exactpd enumerate NET.json --box -2 2 -o OUTDIR/partition.json
    exactpd plot OUTDIR/partition.json -o OUTDIR/partition.png
"""

import sys
from pathlib import Path

import exactpd as epd

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
out.mkdir(parents=True, exist_ok=True)
path = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).with_name("network.json")

net = epd.load_network(path)
print(f"{path}: input dimension {net.input_dim}, layers {[layer.kind for layer in net.layers]}")
if net.input_dim != 2:
    sys.exit("this example draws networks with 2 inputs; slice others first (see examples/slice.py)")
partition = epd.enumerate_regions(net, epd.box([-2, -2], [2, 2]))
print(f"regions: {len(partition)}, edges: {len(partition.edges)}")

epd.save_partition(partition, out / "partition.json")
assert epd.load_partition(out / "partition.json") == partition  # every certificate checked again on loading
epd.plot_partition(partition).savefig(out / "partition.png", dpi=120)
epd.plot_layers(partition).savefig(out / "partition_layers.png", dpi=120)
print(f"wrote {out / 'partition.json'}, {out / 'partition.png'} and {out / 'partition_layers.png'}")
