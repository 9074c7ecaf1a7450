"""``python -m sss``: the experiment in one command, and its error messages."""

import json
import subprocess

import pytest

from sss.__main__ import main

METRIC_KEYS = {
    "arm_spearman_train", "arm_spearman_heldout", "arm_separation",
    "cross_arm_fraction_knn", "cross_arm_fraction_positives", "n_skipped_anchors",
    "fit_seconds", "n_neighbors", "hops", "epochs", "seed",
}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    code = main(["--out", str(out), "--epochs", "2", "--n-neighbors", "7", "--hops", "4",
                 "--seed", "3"])
    return code, out


def test_cli_writes_figures_and_metrics(cli_run):
    code, out = cli_run
    assert code == 0
    for name in ("embedding.png", "graph.png", "triplets.png"):
        data = (out / name).read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 1000, name
    metrics = json.loads((out / "metrics.json").read_text())
    assert set(metrics) == METRIC_KEYS
    assert (metrics["epochs"], metrics["n_neighbors"], metrics["hops"], metrics["seed"]) == (2, 7, 4, 3)
    for key in ("arm_spearman_train", "arm_spearman_heldout", "arm_separation",
                "cross_arm_fraction_knn", "cross_arm_fraction_positives"):
        assert 0.0 <= metrics[key] <= 1.0, key
    assert metrics["n_skipped_anchors"] >= 0 and metrics["fit_seconds"] > 0


def test_cli_prints_the_metrics(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--epochs", "1"]) == 0
    out = capsys.readouterr().out
    assert "arm_spearman_train" in out and "arm_spearman_heldout" in out
    assert str(tmp_path) in out


def test_cli_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "--n-neighbors" in capsys.readouterr().out


def _exit_code(argv):
    """main's exit code, whether it returns it or raises SystemExit (argparse errors)."""
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code


@pytest.mark.parametrize("argv, name", [
    (["--hops", "-1"], "hops"),
    (["--hops", "0"], "hops"),
    (["--n-neighbors", "1000"], "n_neighbors"),
    (["--n-neighbors", "0"], "n_neighbors"),
    (["--epochs", "0"], "max_epochs"),
    (["--hops", "2.5"], "--hops"),
    (["--n-neighbors", "six"], "--n-neighbors"),
    (["--epochs", "1e3"], "--epochs"),
    (["--no-such-option"], "--no-such-option"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_cli_bad_options_fail_with_one_line(argv, name, tmp_path, capsys):
    out = tmp_path / "out"
    code = _exit_code([*argv, "--out", str(out)])
    err = capsys.readouterr().err
    assert code not in (0, None)
    assert err.strip().count("\n") == 0, err
    assert "error" in err and name in err
    assert "Traceback" not in err
    assert not out.exists()  # nothing written


def test_cli_subprocess_has_no_traceback(tmp_path, python, subprocess_env):
    proc = subprocess.run([python, "-m", "sss", "--hops", "-1", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, env=subprocess_env, cwd=tmp_path,
                          timeout=120)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0, proc.stderr
    assert proc.stderr.startswith("python -m sss: error:") and "hops" in proc.stderr
    assert proc.stdout == ""
