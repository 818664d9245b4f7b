import subprocess
import sys
from pathlib import Path

import projects.tracking.guarantees.finance as guarantees


def test_the_computations_do_not_need_django():
    code = (
        "import sys, projects.tracking.guarantees.finance\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    root = Path(__file__).resolve().parents[4]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


def test_public_names_are_exported():
    for name in guarantees.__all__:
        assert hasattr(guarantees, name), name
