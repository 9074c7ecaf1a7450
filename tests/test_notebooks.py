"""The notebook series: every .ipynb has a py:percent twin with the same cells,
and every notebook follows the house structure."""

import json
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
SERIES = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def cells(notebook):
    return [(cell.cell_type, cell.source.strip()) for cell in notebook.cells]


def test_series_is_complete():
    assert [p.stem[:2] for p in SERIES] == ["01", "02", "03", "04", "05", "06"]


@pytest.mark.parametrize("ipynb", SERIES, ids=lambda p: p.stem)
def test_pair_in_sync(ipynb):
    """Convert the .ipynb to py:percent (as jupytext would) and compare cells with the .py."""
    py = ipynb.with_suffix(".py")
    assert py.exists(), f"{py.name} is missing: pair it with jupytext"
    converted = subprocess.run(
        [sys.executable, "-m", "jupytext", "--to", "py:percent", "-o", "-", str(ipynb)],
        capture_output=True, text=True, check=True, cwd=NOTEBOOKS.parent).stdout
    from_ipynb = jupytext.reads(converted, fmt="py:percent")
    assert cells(from_ipynb) == cells(jupytext.read(py)), (
        f"{ipynb.name} and {py.name} differ: edit the .py, then run `make notebooks`")


@pytest.mark.parametrize("ipynb", SERIES, ids=lambda p: p.stem)
def test_py_header_has_no_volatile_metadata(ipynb):
    assert "jupytext_version:" not in ipynb.with_suffix(".py").read_text()


@pytest.mark.parametrize("ipynb", SERIES, ids=lambda p: p.stem)
def test_structure(ipynb):
    nb = json.loads(ipynb.read_text())
    text = ["".join(c["source"]) for c in nb["cells"]]
    markdown = "\n".join(t for c, t in zip(nb["cells"], text, strict=True) if c["cell_type"] == "markdown")
    assert "In this notebook we will:" in markdown
    assert "In this notebook we have:" in markdown
    assert "Your turn" in markdown
    assert "mybinder.org" in text[0], "the first cell carries the notebook's Binder badge"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c.get("outputs") is not None for c in code)
    assert any(c["outputs"] for c in code), "commit the .ipynb with its outputs"
    solutions = [c for c in code if "solution" in c["metadata"].get("tags", [])]
    assert 1 <= len(solutions) <= 3
    for cell in solutions:
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True
        before = nb["cells"][nb["cells"].index(cell) - 1]
        assert before["cell_type"] == "code" and "Your code here" in "".join(before["source"])
    assert not any("pip install" in t for t in text)


def test_enough_checked_outputs():
    checked = sum("# NBVAL_CHECK_OUTPUT" in "".join(c["source"])
                  for p in SERIES for c in json.loads(p.read_text())["cells"])
    assert checked >= 10
