"""A clerk's one-off command loads only what it uses: ``check`` and ``letter`` start in a
new process each time, and every library imported for nothing is paid on every run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from generator.letters.templates import SHIPPED
from tests.conftest import REPO

# check reports what a build would drop from a policy's or notice's Markdown (the site's warnings
# come from one function), so it loads the renderer and the sanitiser (markdown, nh3: ~30 ms) —
# and nothing that builds pages, letters or feeds
_HEAVY_FOR_CHECK = ("docx", "lxml", "selectolax", "jinja2", "jieba", "mkdocs", "openpyxl", "filelock",
                    "icalendar", "segno", "pypinyin", "tinycss2", "multiprocessing", "ssl")
_HEAVY_FOR_LETTER = ("jieba", "mkdocs", "markdown", "selectolax", "openpyxl", "nh3", "icalendar", "segno", "pypinyin",
                     "tinycss2", "multiprocessing", "ssl")


def _modules_after(argv: list[str], cwd: Path) -> tuple[int, set[str]]:
    script = ("import json, sys\nfrom generator.cli import main\ncode = main(sys.argv[1:])\n"
              "print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules})]))")
    done = subprocess.run([sys.executable, "-c", script, *argv], cwd=cwd, capture_output=True, text=True,
                          check=True)
    code, modules = json.loads(done.stdout.strip().splitlines()[-1])
    return code, set(modules)


def test_check_and_letter_import_only_what_they_use(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SHIPPED, tmp_path / "letter_templates")
    code, modules = _modules_after(["check"], tmp_path)
    assert code == 0
    assert not modules & set(_HEAVY_FOR_CHECK), modules & set(_HEAVY_FOR_CHECK)
    code, modules = _modules_after(["letter", "2026-0006", "reminder", "-o", str(tmp_path / "out/r.docx")],
                                   tmp_path)
    assert code == 0 and (tmp_path / "out/r.docx").is_file()  # a two-line title: breaking it loads no dictionary
    assert {"docx", "jinja2"} <= modules
    assert not modules & set(_HEAVY_FOR_LETTER), modules & set(_HEAVY_FOR_LETTER)


def test_an_edited_template_is_compiled_again_although_compiled_templates_are_kept(tmp_path: Path) -> None:
    """Compiled templates are kept between commands (a per-user folder): a template saved
    with new wording, under the same name, must print the new wording in the next letter."""
    import zipfile

    from tests.conftest import child_env

    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SHIPPED, tmp_path / "letter_templates")
    texts = []
    for run in range(2):
        out = tmp_path / f"out{run}/r.docx"
        subprocess.run([sys.executable, "-m", "generator", "letter", "2026-0006", "reminder", "-o", str(out)],
                       cwd=tmp_path, env=child_env(), capture_output=True, check=True)
        with zipfile.ZipFile(out) as docx:
            texts.append(docx.read("word/document.xml").decode("utf-8"))
        template = tmp_path / "letter_templates/reminder.j2"
        template.write_text(template.read_text(encoding="utf-8").replace("特此提示", "特此提醒"), encoding="utf-8")
        (tmp_path / "content/register.tsv").unlink(missing_ok=True)
    assert "特此提示" in texts[0] and "特此提醒" not in texts[0]
    assert "特此提醒" in texts[1]
