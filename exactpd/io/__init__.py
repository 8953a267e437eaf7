"""Reading and writing exactpd's files (JSON, every number exact)."""

from exactpd.io.jsonio import FORMAT_VERSION as FORMAT_VERSION
from exactpd.io.jsonio import demo_network as demo_network
from exactpd.io.jsonio import load_network as load_network
from exactpd.io.jsonio import network_from_dict as network_from_dict
from exactpd.io.jsonio import network_to_dict as network_to_dict
from exactpd.io.jsonio import save_network as save_network

__all__ = ["FORMAT_VERSION", "demo_network", "load_network", "network_from_dict", "network_to_dict", "save_network"]
