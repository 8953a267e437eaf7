"""``python -m exactpd``: the same as the ``exactpd`` command."""

import sys

from exactpd.cli.main import main

sys.exit(main())
