"""The bundled sample digest is found in an installed (non-editable) layout too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from testutil import ROOT


def test_sample_is_found_inside_the_installed_package(tmp_path: Path) -> None:
    # The wheel maps resources/ to reader/resources/ (pyproject force-include): mimic that
    # layout away from the source tree and ask the package where its sample is.
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "reader", site / "reader", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "resources", site / "reader" / "resources")
    code = "from reader.paths import sample_digest; print(sample_digest())"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, check=False)
    assert result.returncode == 0, result.stderr
    found = Path(result.stdout.strip())
    assert found == site / "reader" / "resources" / "hf-daily-papers-sample.txt"
    assert found.read_bytes() == (ROOT / "resources" / "hf-daily-papers-sample.txt").read_bytes()


def test_pyproject_ships_the_resources_in_the_wheel() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"resources" = "reader/resources"' in text
