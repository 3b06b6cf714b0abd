import itertools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tools"))  # the sample data modules

_caches = itertools.count()


@pytest.fixture(autouse=True)
def _own_check_cache(monkeypatch, tmp_path_factory):
    """Each test its own (empty) remembered template check (xlgen/output/checkcache.py), never
    the user's: a test sees a run as the first one on a computer unless it runs a second."""
    folder = tmp_path_factory.getbasetemp() / f"xlgen-cache-{next(_caches)}"
    monkeypatch.setenv("XLGEN_CACHE", str(folder))
