"""Binder setup and links: the Binder environment matches the project's pins, and
every relative link, image and Binder badge in the docs and notebooks resolves.

repo2docker reads only ``binder/`` when that folder exists, so these checks are
what keeps the Binder image in step with ``requirements.txt`` and ``.venv``.
"""

import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = None

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
BINDER_REPO = "simple-self-supervised/sss"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"

# Test and lint tools, and what only they pull in: Binder does not install them.
DEV_ONLY = {"pytest", "pytest-xdist", "hypothesis", "nbval", "ruff",
            "coverage", "execnet", "iniconfig", "pluggy", "sortedcontainers"}
REQUIRED_ON_BINDER = {"jupyterlab", "ipywidgets", "skorch", "torch", "numpy"}


def requirement_lines(path):
    """The non-empty lines of a requirements file, without comments."""
    lines = []
    for line in path.read_text().splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def pins(path):
    """``{canonical name: version string}`` for every ``name==version`` line."""
    found = {}
    for line in requirement_lines(path):
        if line.startswith("-"):
            continue
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{path.name}: {line!r} is not an exact pin"
        found[canonicalize_name(req.name)] = specs[0].version
    return found


# --- binder/requirements.txt ---------------------------------------------------------------

def test_binder_pins_agree_with_root_pins():
    root, binder = pins(ROOT / "requirements.txt"), pins(BINDER / "requirements.txt")
    for name, version in binder.items():
        assert name in root, f"binder pins {name}, which requirements.txt does not"
        binder_version = Version(version)
        if binder_version.local is not None:
            assert name == "torch", f"only torch may carry a local tag (+cpu), not {name}=={version}"
        assert binder_version.public == Version(root[name]).public, (
            f"{name}: binder pins {version}, requirements.txt pins {root[name]}")


def test_binder_has_every_runtime_pin_and_no_dev_tool():
    root, binder = pins(ROOT / "requirements.txt"), pins(BINDER / "requirements.txt")
    assert not DEV_ONLY & set(binder), f"dev-only tools pinned for Binder: {sorted(DEV_ONLY & set(binder))}"
    missing = set(root) - DEV_ONLY - set(binder)
    assert not missing, f"pinned in requirements.txt but not for Binder: {sorted(missing)}"
    assert REQUIRED_ON_BINDER <= set(binder), f"missing on Binder: {sorted(REQUIRED_ON_BINDER - set(binder))}"


def test_binder_torch_is_the_cpu_wheel_from_an_extra_index():
    lines = requirement_lines(BINDER / "requirements.txt")
    assert pins(BINDER / "requirements.txt")["torch"].endswith("+cpu")
    # An *extra* index: every other package still comes from PyPI.
    assert f"--extra-index-url {CPU_INDEX}" in lines
    assert not any(line.startswith(("--index-url", "-i ")) for line in lines)


def test_binder_installs_sss_from_the_repo_root():
    # repo2docker runs pip from the repository root, so "." is the root, where pyproject.toml is.
    lines = requirement_lines(BINDER / "requirements.txt")
    assert lines[-1] == "-e ."
    assert (ROOT / "pyproject.toml").exists()


# --- binder/start and binder/runtime.txt ---------------------------------------------------

def test_start_is_executable_and_ends_with_exec():
    start = BINDER / "start"
    assert os.access(start, os.X_OK), "binder/start must be executable (chmod +x)"
    lines = [line.strip() for line in start.read_text().splitlines() if line.strip()]
    assert lines[0].startswith("#!")
    assert lines[-1] == 'exec "$@"'
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        assert f"export {variable}=1" in lines


def test_runtime_matches_the_project_python():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+)\.(\d+)", runtime)
    assert match, f"binder/runtime.txt should read python-X.Y, not {runtime!r}"
    major, minor = map(int, match.groups())
    assert (major, minor) == sys.version_info[:2], (
        f"Binder would run Python {major}.{minor}, the project's venv runs "
        f"{sys.version_info.major}.{sys.version_info.minor}")
    if tomllib is not None:
        requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
        assert f"{major}.{minor}" in SpecifierSet(requires)


# --- links ----------------------------------------------------------------------------------

FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.M | re.S)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
# [text](target "title") and ![alt](target); the target may be wrapped in <...>.
MD_LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
                     r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
MD_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>\n]*>|\S+)", re.M)
HTML_LINK = re.compile(r"<(?:img|a|source)\b[^>]*?\b(?:src|href)\s*=\s*([\"'])(.*?)\1", re.I | re.S)


def extract_links(markdown):
    """Every link or image target in ``markdown``, outside code blocks and inline code."""
    text = INLINE_CODE.sub("", FENCE.sub("", markdown))
    targets = _inline_targets(text)
    targets += [m.group(1) for m in MD_REFERENCE.finditer(text)]
    targets += [m.group(2) for m in HTML_LINK.finditer(text)]
    return [t[1:-1] if t.startswith("<") and t.endswith(">") else t for t in targets]


def _inline_targets(text):
    """``[text](target)`` targets, including images inside link text (badges: ``[![alt](img)](url)``)."""
    targets = []
    for match in MD_LINK.finditer(text):
        targets += _inline_targets(match.group(1))
        targets.append(match.group(2))
    return targets


def local_path(target):
    """The file part of a relative target, or None for URLs (any scheme) and #anchors."""
    if not target or target.startswith(("#", "/")) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
        return None
    return unquote(target.split("#", 1)[0].split("?", 1)[0]) or None


def binder_path(url):
    """The repository path a mybinder.org launch URL opens, or None for other URLs.

    Handles ``.../v2/gh/<owner>/<repo>/<ref>?urlpath=lab/tree/<path>`` (also
    URL-encoded), ``labpath=<path>`` and the older ``filepath=<path>``.
    """
    parts = urlsplit(url)
    if parts.netloc not in ("mybinder.org", "www.mybinder.org") or not parts.path.startswith("/v2/"):
        return None
    segments = parts.path.split("/")
    assert segments[2:3] == ["gh"] and "/".join(segments[3:5]) == BINDER_REPO, (
        f"Binder badge for another repository: {url}")
    query = parse_qs(parts.query)
    if "labpath" in query:
        return query["labpath"][0]
    if "filepath" in query:
        return query["filepath"][0]
    if "urlpath" in query:
        path = query["urlpath"][0].lstrip("/")
        for prefix in ("lab/tree/", "doc/tree/", "tree/", "notebooks/"):
            if path.startswith(prefix):
                return path[len(prefix):]
        pytest.fail(f"unrecognised urlpath in Binder badge: {url}")
    return ""  # the badge opens the repository root


def markdown_of(path):
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text()


LINKED_FILES = (["README.md", "notebooks/README.md"]
                + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))
                + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.ipynb")))


def broken_links(path, root=ROOT):
    """Relative targets of ``path`` that do not exist, and Binder badges naming missing files."""
    broken = []
    for target in extract_links(markdown_of(path)):
        if target.startswith(("http://", "https://")):
            in_repo = binder_path(target)
            if in_repo and not (root / in_repo).exists():
                broken.append(f"{target} (Binder badge: {in_repo} is not in the repository)")
            continue
        relative = local_path(target)
        if relative is not None and not (path.parent / relative).exists():
            broken.append(target)
    return broken


@pytest.mark.parametrize("name", LINKED_FILES)
def test_links_resolve(name):
    path = ROOT / name
    if not path.exists():
        pytest.skip(f"{name} does not exist yet")
    broken = broken_links(path)
    assert not broken, f"{name} links to missing files: {broken}"


def test_broken_links_are_found(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_a.ipynb").write_text("{}")
    page = tmp_path / "docs" / "GUIDE.md"
    page.write_text(
        "[ok](../notebooks/01_a.ipynb#top) [gone](../notebooks/02_b.ipynb) ![img](images/x.png)\n"
        f"[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/{BINDER_REPO}"
        "/HEAD?labpath=notebooks/03_c.ipynb) <img src='../notebooks/01_a.ipynb'>\n")
    broken = broken_links(page, root=tmp_path)
    assert broken[:2] == ["../notebooks/02_b.ipynb", "images/x.png"]
    assert len(broken) == 3 and "notebooks/03_c.ipynb is not in the repository" in broken[2]


@pytest.mark.parametrize("ipynb", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")),
                         ids=lambda p: p.stem)
def test_notebook_badge_opens_this_notebook(ipynb):
    cells = json.loads(ipynb.read_text())["cells"]
    first = "".join(cells[0]["source"]) if cells else ""
    badges = [binder_path(t) for t in extract_links(first) if binder_path(t) is not None]
    assert badges, f"{ipynb.name}: no Binder badge in the first cell"
    expected = {f"notebooks/{ipynb.name}", f"notebooks/{ipynb.stem}.py"}
    assert set(badges) <= expected, f"{ipynb.name}: the badge opens {badges}, not this notebook"


def test_extract_links():
    markdown = "\n".join([
        "[text](a.md) and ![alt](img/b.png \"title\") and [x](<with space.md>)",
        "[nested [brackets]](c.ipynb#section) [q](d.md?plain=1) [anchor](#top)",
        '<img src="e.svg" width="200"> <a href=\'f.md\'>f</a>',
        "[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/"
        "simple-self-supervised/sss/HEAD?urlpath=lab/tree/notebooks/01_spiral_data.ipynb)",
        "[ref]: g.md",
        "`[not](a-link.md)`",
        "```python",
        "x = y[0](z)  # [not](in-code.md)",
        "```",
    ])
    targets = extract_links(markdown)
    assert [local_path(t) for t in targets if local_path(t)] == [
        "a.md", "img/b.png", "with space.md", "c.ipynb", "d.md", "g.md", "e.svg", "f.md"]
    assert "https://mybinder.org/badge_logo.svg" in targets
    assert [binder_path(t) for t in targets if binder_path(t)] == ["notebooks/01_spiral_data.ipynb"]
    assert local_path("mailto:someone@example.org") is None
    assert local_path("#anchor") is None


def test_binder_path_variants():
    base = f"https://mybinder.org/v2/gh/{BINDER_REPO}/HEAD"
    assert binder_path(f"{base}?labpath=notebooks/02_knn_graph.ipynb") == "notebooks/02_knn_graph.ipynb"
    assert binder_path(f"{base}?urlpath=lab%2Ftree%2Fdocs%2FWORKSHOP.md") == "docs/WORKSHOP.md"
    assert binder_path(base) == ""
    assert binder_path("https://example.org/v2/gh/x/y/HEAD") is None
