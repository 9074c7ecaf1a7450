"""Importing sss changes no global state, and exports what it promises."""

import json
import subprocess
import textwrap

import sss

SNAPSHOT_SCRIPT = textwrap.dedent("""
    import json, random, sys
    import matplotlib
    import numpy as np
    import torch

    def snapshot():
        state = np.random.get_state()
        return {
            "torch_threads": torch.get_num_threads(),
            "torch_interop_threads": torch.get_num_interop_threads(),
            # dict.items: the raw values, without resolving the backend on access
            "rcparams": {k: repr(v) for k, v in dict.items(matplotlib.rcParams)},
            "numpy_rng": [state[0], state[1].tolist(), *state[2:]],
            "torch_rng": torch.random.get_rng_state().tolist(),
            "python_rng": repr(random.getstate()),
            "default_dtype": str(torch.get_default_dtype()),
        }

    torch.set_num_threads(3)  # not a value sss would pick (it uses 1 while training)
    before = snapshot()
    import sss
    assert "sss.training" in sys.modules and "sss.widgets" in sys.modules
    after = snapshot()
    print(json.dumps({"changed": sorted(k for k in before if before[k] != after[k]),
                      "rc_changed": sorted(k for k in before["rcparams"]
                                           if before["rcparams"][k] != after["rcparams"].get(k)),
                      "threads": after["torch_threads"]}))
""")


def test_import_changes_no_global_state(tmp_path, python, subprocess_env):
    env = {k: v for k, v in subprocess_env.items() if k != "MPLBACKEND"}
    proc = subprocess.run([python, "-c", SNAPSHOT_SCRIPT], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["changed"] == [], report
    assert report["rc_changed"] == []
    assert report["threads"] == 3


def test_public_names_exist():
    assert sss.__version__
    missing = [name for name in sss.__all__ if not hasattr(sss, name)]
    assert missing == []
    assert len(set(sss.__all__)) == len(sss.__all__)
