"""Re-execute notebooks in place and sync their jupytext pairs (``make notebooks``).

The ``.py`` file (py:percent) is what you edit. For each notebook this script
reads the ``.py``, executes it top to bottom in ``notebooks/``, writes the
``.ipynb`` with fresh outputs, then rewrites the ``.py`` from it so both
files hold the same cells.

Usage: python tools/run_notebooks.py [notebooks/NN_name.py | .ipynb ...]
"""

import subprocess
import sys
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def run(path, timeout=600):
    py = Path(path).with_suffix(".py")
    ipynb = py.with_suffix(".ipynb")
    nb = jupytext.read(py)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(py.parent)}}).execute()
    seconds = time.perf_counter() - start
    jupytext.write(nb, ipynb)
    # The CLI reads jupytext.toml (formats and metadata filter) for the pair.
    subprocess.run([sys.executable, "-m", "jupytext", "--quiet", "--to", "py:percent",
                    str(ipynb)], check=True, cwd=ROOT)
    return seconds


def main(paths):
    paths = paths or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
    for path in paths:
        print(f"{Path(path).stem:<28} {run(path):6.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
