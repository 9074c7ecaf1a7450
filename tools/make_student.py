"""Write the student copy of the notebook series (``make student``).

For every ``notebooks/NN_*.ipynb`` the student copy drops the code cells tagged
``solution`` and keeps everything else: the prose, the teaching code with its
saved outputs (so the figures show before anything is run), and the empty
"Your code here" cells, whose outputs are cleared. ``notebooks/README.md`` is
copied alongside. The ``.py`` twins are not copied: students get plain
notebooks.

Usage: python tools/make_student.py [--src notebooks] [--out student]
"""

import argparse
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOLUTION_TAG = "solution"
EXERCISE_MARK = "Your code here"


def is_solution(cell):
    return cell.cell_type == "code" and SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def is_exercise(cell):
    return cell.cell_type == "code" and EXERCISE_MARK in cell.source


def student_notebook(nb):
    """Return a copy of ``nb`` without its solution cells; count what was dropped and kept."""
    nb = nbformat.from_dict(nb)  # a deep copy: the source notebook is left alone
    kept, n_dropped = [], 0
    for cell in nb.cells:
        if is_solution(cell):
            n_dropped += 1
            continue
        if is_exercise(cell):
            cell.outputs = []
            cell.execution_count = None
        kept.append(cell)
    nb.cells = kept
    # The student copy is a plain notebook, not one half of a jupytext pair.
    nb.metadata.get("jupytext", {}).pop("formats", None)
    return nb, n_dropped, sum(map(is_exercise, kept))


def make_student(src, out):
    """Write the student copy of every ``src/NN_*.ipynb`` (and ``src/README.md``) into ``out``."""
    src, out = Path(src), Path(out)
    notebooks = sorted(src.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise SystemExit(f"make_student: no notebooks matching {src}/NN_*.ipynb")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        nb, n_dropped, n_exercises = student_notebook(nbformat.read(path, as_version=4))
        nbformat.validate(nb)
        nbformat.write(nb, out / path.name)
        written.append(out / path.name)
        print(f"{path.stem:<28} {n_dropped} solution cells dropped, {n_exercises} exercise cells kept")
    readme = src / "README.md"
    if readme.exists():
        shutil.copyfile(readme, out / readme.name)
        written.append(out / readme.name)
    print(f"student copy written to {out}/")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=ROOT / "notebooks",
                        help="folder with the NN_*.ipynb notebooks (default notebooks/)")
    parser.add_argument("--out", type=Path, default=ROOT / "student",
                        help="folder for the student copy (default student/)")
    args = parser.parse_args(argv)
    make_student(args.src, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
