"""exactpd: exact geometry of piecewise-affine neural networks.

Networks, activation codes, regions and their power diagrams (Balestriero et
al., "The Geometry of Deep Networks: Power Diagram Subdivision", NeurIPS 2019),
computed in exact rational arithmetic.

Every public name is written once, in its module's ``__all__``; each package
gathers its modules' names and this module gathers the packages' (see
docs/architecture.md for the packages and their order).
"""

from exactpd import boundary, checks, enumeration, errors, geometry, io, kernel, network, plot, rational, topology

__version__ = "0.1.0"

_PACKAGES = (errors, rational, kernel, network, geometry, enumeration, boundary, topology, checks, plot, io)


def _gather(packages) -> dict:
    """Every name of every package's ``__all__``; a name exported by two packages is an error."""
    names: dict = {}
    for package in packages:
        for name in package.__all__:
            value = getattr(package, name)
            if name in names and names[name] is not value:
                raise ImportError(f"exactpd: {name!r} is exported by two modules")
            names[name] = value
    return names


globals().update(_gather(_PACKAGES))
__all__ = sorted(_gather(_PACKAGES))
