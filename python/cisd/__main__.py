"""``python -m cisd report``: see :mod:`cisd.report`."""

import sys

from .report import main

sys.exit(main())
