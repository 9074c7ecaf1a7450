"""Student copies (``make student``): solutions gone, exercises kept, and a student
notebook still runs top to bottom without its solution cells."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SERIES = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def make_student(src, out):
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_student.py"),
                             "--src", str(src), "--out", str(out)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def is_solution(cell):
    return cell.cell_type == "code" and "solution" in tags(cell)


def is_exercise(cell):
    return cell.cell_type == "code" and "Your code here" in cell.source


def execute(path):
    """Run ``path`` top to bottom with the python3 kernel, in its own folder."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def check_student_copy(original, copy):
    source, student = (nbformat.read(p, as_version=4) for p in (original, copy))
    assert not any(map(is_solution, student.cells)), f"{copy.name} still holds a solution cell"
    assert sum(map(is_exercise, student.cells)) == sum(map(is_exercise, source.cells)) > 0
    kept = [c for c in source.cells if not is_solution(c)]
    assert [c.source for c in student.cells] == [c.source for c in kept]
    for old, new in zip(kept, student.cells, strict=True):
        if new.cell_type == "code":
            # Teaching cells keep their saved figures; exercise cells start empty.
            assert new.outputs == ([] if is_exercise(new) else old.outputs)


# --- the real series ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    if not SERIES:
        pytest.skip("no notebooks/NN_*.ipynb yet")
    out = tmp_path_factory.mktemp("student")
    make_student(NOTEBOOKS, out)
    return out


@pytest.mark.parametrize("ipynb", SERIES, ids=lambda p: p.stem)
def test_student_copy(student_dir, ipynb):
    check_student_copy(ipynb, student_dir / ipynb.name)


def test_readme_is_copied(student_dir):
    readme = NOTEBOOKS / "README.md"
    if not readme.exists():
        pytest.skip("notebooks/README.md does not exist yet")
    assert (student_dir / "README.md").read_text() == readme.read_text()


# Every student copy runs top to bottom (~45 s for the series): a later cell must never
# need a variable that only a removed solution cell defined.
@pytest.mark.parametrize("ipynb", SERIES, ids=lambda p: p.stem)
def test_student_notebook_runs(student_dir, ipynb):
    """Without its solution cells, the notebook still runs: no later cell needs them."""
    execute(student_dir / ipynb.name)


# --- a tiny synthetic notebook, so that the tool is tested before the series exists ---------

def synthetic_notebook():
    code, md = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell
    solution = code("answer = sss.make_spirals(n_per_arm=5, random_state=0).X.shape\nanswer",
                    metadata={"tags": ["solution"], "jupyter": {"source_hidden": True}})
    solution.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "(10, 2)"},
                                               execution_count=3)]
    teaching = code("import sss\ndata = sss.make_spirals(n_per_arm=20, random_state=0)\n"
                    "print(data.X.shape)")
    teaching.outputs = [nbformat.v4.new_output("stream", name="stdout", text="(40, 2)\n")]
    exercise = code("# Your code here")
    exercise.outputs = [nbformat.v4.new_output("stream", name="stdout", text="leftover\n")]
    nb = nbformat.v4.new_notebook(cells=[
        md("# 01 · Synthetic\n\nIn this notebook we will: check the student copy."),
        teaching,
        md("## Your turn\n\n**Exercise 1.** Print the shape of a smaller data set."),
        exercise, solution,
        code("assert 'answer' not in dir(), 'the student copy must not run the solution'\n"
             "print(len(data.X))"),
        md("## In this notebook we have:\n\n- checked the student copy."),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["jupytext"] = {"formats": "ipynb,py:percent"}
    return nb


def test_synthetic_student_copy_runs(tmp_path):
    src, out = tmp_path / "notebooks", tmp_path / "student"
    src.mkdir()
    nbformat.write(synthetic_notebook(), src / "01_synthetic.ipynb")
    (src / "README.md").write_text("# Notebooks\n")
    (src / "notes.ipynb").write_text("{}")  # not NN_*: ignored
    report = make_student(src, out)
    assert "1 solution cells dropped, 1 exercise cells kept" in report
    assert sorted(p.name for p in out.iterdir()) == ["01_synthetic.ipynb", "README.md"]
    check_student_copy(src / "01_synthetic.ipynb", out / "01_synthetic.ipynb")
    student = nbformat.read(out / "01_synthetic.ipynb", as_version=4)
    assert "formats" not in student.metadata.get("jupytext", {})
    ran = execute(out / "01_synthetic.ipynb")
    assert ran.cells[-2].outputs[0]["text"] == "40\n"


def test_no_notebooks_is_an_error(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_student.py"),
                             "--src", str(tmp_path), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0 and "no notebooks" in result.stderr
