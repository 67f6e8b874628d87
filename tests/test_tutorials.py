"""Every tutorial in docs/tutorials/ runs as written: its Python blocks, in order, in one namespace."""

import re
from pathlib import Path

import pytest

TUTORIALS = sorted((Path(__file__).resolve().parents[1] / "docs" / "tutorials").glob("*.md"))


def test_there_are_tutorials():
    assert TUTORIALS


@pytest.mark.parametrize("page", TUTORIALS, ids=[p.stem for p in TUTORIALS])
def test_tutorial_runs(page, tmp_path, monkeypatch):
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S)
    assert blocks, f"{page.name} has no Python block"
    if any("import torch" in b for b in blocks):
        pytest.importorskip("torch", reason="the tutorial needs the `torch` extra")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__tutorial__"}
    for i, code in enumerate(blocks, 1):
        exec(compile(code, f"{page.name} block {i}", "exec"), namespace)
