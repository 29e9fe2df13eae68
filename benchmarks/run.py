"""Benchmarks at city scale: ``python benchmarks/run.py [--quick] [--json]``.

Measures, side by side and as the median of three runs: ``xinfang build`` on generated
city-scale content against a plain mkdocs-material site listing every page in its
navigation, and letter rendering through xinfang against docxtpl and against the
practical limit (string substitution into the finished XML, no document model).
Each measurement runs in its own process, so peak RSS is its own.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
TODAY = dt.date(2026, 6, 15)
TARGETS = {
    "site_build_s": "≤ 15 s", "speedup_vs_baseline": "≥ 6×", "site_page_kb_max": "≤ 100 KB",
    "search_index_kb": "≤ 5,120 KB", "check_s": "≤ 2 s", "site_peak_rss_mb": "≤ 500 MB",
    "letters_vs_docxtpl": "≥ 7×", "letters_vs_zip_limit": "≥ 0.5×", "letters_parallel_of_ceiling": "≥ 90 %",
    "cold_letter_s": "≤ 0.5 s", "cold_check_sample_s": "≤ 0.8 s", "serve_edit_s": "≤ 2 s",
}
LOWER_IS_BETTER = ("_s", "_mb", "_kb")
HIGHER_IS_BETTER = ("_per_s",)
"""Figures whose name ends in LOWER_IS_BETTER (but not in HIGHER_IS_BETTER: a rate per second)
get worse as they grow; the others (rates, ratios) as they shrink."""
GUARDED = ("check_s", "cold_check_sample_s", "cold_letter_s", "cold_letter_cpu_s", "site_build_s",
           "site_peak_rss_mb", "split_generate_s", "split_mkdocs_s", "split_checks_s", "speedup_vs_baseline",
           "letters_per_s", "letters_vs_docxtpl", "cold_vs_docxtpl", "letters_parallel_of_ceiling",
           "site_page_kb_max", "search_index_kb", "serve_edit_s")
"""What ``--quick`` compares with the README's last quick run (more than 10 % worse is printed)."""


def _child(argv: list[str]) -> dict[str, Any]:
    """Run ``run.py --worker …`` in a fresh process; it prints one JSON object."""
    done = subprocess.run([sys.executable, __file__, *argv], cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"worker {argv} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _timed(command: list[str], **kwargs: Any) -> tuple[float, float]:
    """Wall seconds and the child's peak RSS in MB."""
    seconds, rss, _ = _timed_cpu(command, **kwargs)
    return seconds, rss


def _timed_cpu(command: list[str], **kwargs: Any) -> tuple[float, float, float]:
    """Wall seconds, the peak RSS in MB of the child (or of one of its children) and the CPU
    seconds of the child and every process it started.  The usage is this child's own (wait4):
    RUSAGE_CHILDREN's peak is the largest of every child this run has waited for, so a server
    measured earlier would stand in for the build."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        said = errors[-3000:].decode(errors="replace")
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{said}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _must(command: list[str], **kwargs: Any) -> None:
    """Run ``command``; if it fails, stop the benchmark with what it said."""
    done = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def _median(runs: int, measure: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    results = [measure() for _ in range(runs)]
    return {key: statistics.median(r[key] for r in results) if isinstance(results[0][key], int | float)
            else results[0][key] for key in results[0]}


# --- workers (each runs in its own process) ---------------------------------------

def worker_site(content: str, out: str, engine_name: str = "mkdocs") -> dict[str, Any]:
    from generator.pipeline import prepare
    from generator.site.build.engines import Engine
    from generator.site.build.stage import build_site

    start = time.perf_counter()
    prepared = prepare(Path(content))
    load = time.perf_counter() - start
    report = build_site(prepared, today=TODAY, site_dir=Path(out), engine=Engine(engine_name))
    return {"load_expand_s": load, **{f"{k}_s": v for k, v in report.timings.items()},
            "total_s": time.perf_counter() - start, "pages": report.pages,
            # the build forks (generation parts, MkDocs, the checks): its peak is the largest of them
            "peak_rss_mb": max(resource.getrusage(who).ru_maxrss
                               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024}


def worker_engine(content: str, out: str, engine_name: str) -> dict[str, Any]:
    """One engine's render of the generated tree alone (the tree written for it, then the
    engine timed; no checks: they are the same on every engine)."""
    from generator.pipeline import prepare
    from generator.site.build.engines import ENGINES, Engine, inline_style_hashes, run_engine
    from generator.site.build.tree import write_tree
    from generator.site.parts.data import SiteData

    engine = Engine(engine_name)
    prepared = prepare(Path(content))
    data = SiteData(prepared, TODAY, prepared.content.office.site_url)
    hashes, _ = inline_style_hashes(engine)
    tree = write_tree(data, Path(out) / "src", REPO / "mkdocs.yml", links=ENGINES[engine].links,
                      style_hashes=tuple(hashes), theme=ENGINES[engine].theme)
    start, cpu = time.perf_counter(), _cpu()
    run_engine(engine, tree.config, Path(out) / "site")
    # MkDocs renders in this process, the others in a child: the CPU of both, on a machine
    # shared with other jobs steadier than the wall time
    return {"engine_s": time.perf_counter() - start, "engine_cpu_s": _cpu() - cpu, "pages": tree.pages}


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended."""
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def worker_letters(content: str, out: str, workers: int) -> dict[str, Any]:
    """The letters part of ``xinfang build`` and ``xinfang letters``: timed from after their
    ``check()`` (which has looked at every case's letters) to the letters written."""
    from generator.letters.render import render_case_letters
    from generator.pipeline import Pipeline

    (Path(content) / "register.tsv").unlink(missing_ok=True)
    prepared = Pipeline(Path(content), today=TODAY, letters_dir=Path(out)).check()
    start = time.perf_counter()
    written = render_case_letters(prepared, Path(out), today=TODAY, workers=workers, checked=True)
    elapsed = time.perf_counter() - start
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {"letters": len(written), "seconds": elapsed, "per_s": len(written) / elapsed, "peak_rss_mb": peak / 1024}


def _busy(_: None, n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def worker_cpu(cores: int) -> dict[str, Any]:
    """What the machine allows: pure-Python work on 1 process and on ``cores`` (two vCPUs
    of a virtual machine are often one physical core's two hyperthreads)."""
    from generator.parallel import fork_map

    jobs = [2_000_000] * 8
    start = time.perf_counter()
    fork_map(_busy, None, jobs, parallel=False)
    one = time.perf_counter() - start
    start = time.perf_counter()
    fork_map(_busy, None, jobs, workers=cores)
    return {"speedup": one / (time.perf_counter() - start)}


FIELDS = ["number", "name", "received", "what", "fact", "opinion", "date"]


def _contexts(content: str, count: int) -> list[dict[str, str]]:
    from generator.letters.filters import cn_date
    from generator.pipeline import prepare

    prepared = prepare(Path(content))
    cases = list(prepared.content.cases.values())[:count]
    return [{"number": f"示信复〔2026〕{i + 1}号", "name": c.petitioner.name, "received": cn_date(c.received),
             "what": c.record.what, "fact": (c.facts or [c.record.what])[0], "opinion": c.record.request,
             "date": cn_date(TODAY)} for i, c in enumerate(cases)]


def placeholder_docx(style: str) -> bytes:
    """A reply letter laid out by xinfang whose variable texts are placeholders: the same
    styles and fields for the docxtpl baseline ({{ x }}) and the zip limit (@@x@@)."""
    from generator.letters.document import Block, BlockKind, Fonts, LetterDocument
    from generator.letters.layout import render_document

    def mark(field: str) -> str:
        return "{{ " + field + " }}" if style == "jinja" else f"@@{field}@@"

    body = (
        Block(kind=BlockKind.PARAGRAPH, text=f"你于{mark('received')}反映的{mark('what')}问题，本机关依法受理。"),
        Block(kind=BlockKind.HEADING1, text="一、事实和理由"),
        Block(kind=BlockKind.PARAGRAPH, text=mark("fact")),
        Block(kind=BlockKind.HEADING1, text="二、处理意见"),
        Block(kind=BlockKind.PARAGRAPH, text=mark("opinion")),
        Block(kind=BlockKind.PARAGRAPH, text="如对本处理意见不服，可自收到本意见书之日起30日内，"
                                             "向示例市人民政府书面提出复查请求。"),
    )
    letter = LetterDocument(doc_number=mark("number"), title="信访事项处理意见书", recipient=mark("name"), body=body,
                            signature="示例市信访局", date_text=mark("date"), cc=("示例市人民政府",))
    return render_document(letter, Fonts())


def worker_docxtpl(content: str, out: str, count: int) -> dict[str, Any]:
    from docxtpl import DocxTemplate

    contexts = _contexts(content, count)
    template = placeholder_docx("jinja")
    start = time.perf_counter()
    for i, context in enumerate(contexts):
        document = DocxTemplate(io.BytesIO(template))
        document.render(context)
        document.save(Path(out) / f"{i}.docx")
    elapsed = time.perf_counter() - start
    return {"letters": len(contexts), "per_s": len(contexts) / elapsed,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def worker_zip(content: str, out: str, count: int, cached: bool = False) -> dict[str, Any]:
    """The practical limit: string substitution into the finished XML, then the zip.  With
    ``cached``, the unchanged parts' compressed bytes are reused, as xinfang's writer does."""
    from generator.letters.package import member, write_zip

    contexts = _contexts(content, count)
    with zipfile.ZipFile(io.BytesIO(placeholder_docx("plain"))) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    members = {name: member(name, data) for name, data in parts.items()}
    start = time.perf_counter()
    for i, context in enumerate(contexts):
        xml = document
        for field in FIELDS:
            xml = xml.replace(f"@@{field}@@", escape(context[field]))
        if cached:
            body = xml.encode("utf-8")
            (Path(out) / f"{i}.docx").write_bytes(write_zip(
                [member(name, body) if name == "word/document.xml" else members[name] for name in parts]))
            continue
        with zipfile.ZipFile(Path(out) / f"{i}.docx", "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in parts.items():
                target.writestr(name, xml if name == "word/document.xml" else data)
    elapsed = time.perf_counter() - start
    return {"letters": len(contexts), "per_s": len(contexts) / elapsed,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def worker_docxtpl_cold(template: str, out: str) -> dict[str, Any]:
    """What a clerk's one-off docxtpl script costs in a new process: import, open the
    template, render one letter, save (timed by the parent, so the interpreter counts)."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(template)
    document.render({"number": "示信复〔2026〕1号", "name": "张某", "received": "2026年6月1日",
                     "what": "拖欠工资", "fact": "经查，反映情况属实。", "opinion": "支持其诉求。",
                     "date": "2026年6月15日"})
    document.save(out)
    return {}


def _cold(command: list[str], runs: int = 5, **kwargs: Any) -> tuple[float, float]:
    """Median wall and median CPU seconds of ``command`` in a new process each time."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        _must(command, **kwargs)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def cold_commands(work: Path, code: Path = REPO, *, docxtpl: bool = True) -> dict[str, float]:
    """``xinfang letter`` (a reminder: its title takes two lines) and ``xinfang check`` on
    the bundled sample, each in a new process, against docxtpl rendering one letter; ``code``
    is the checkout whose xinfang runs (``--compare``: an older commit's)."""
    sample = work / "sample"
    shutil.copytree(code / "content", sample / "content")
    if (code / "letter_templates").is_dir():  # before the templates shipped in the package
        shutil.copytree(code / "letter_templates", sample / "letter_templates")
    # the letters come from the templates shipped in the package, as in a new office
    xinfang = [sys.executable, "-m", "generator"]
    # as installed: pip compiles a package's bytecode (docxtpl's is), Python writes an editable
    # install's on first import; a shell that forbids writing it would time the compiler
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPATH": str(code)}
    (work / "cold").mkdir(exist_ok=True)
    letter = [*xinfang, "letter", "2026-0006", "reminder", "-o", str(work / "cold" / "letter.docx")]
    letter_s, letter_cpu = _cold(letter, cwd=sample, env=env)
    check_s, check_cpu = _cold([*xinfang, "check"], cwd=sample, env=env)
    if not docxtpl:
        return {"cold_letter_s": letter_s, "cold_letter_cpu_s": letter_cpu, "cold_check_sample_s": check_s,
                "cold_check_sample_cpu_s": check_cpu}
    template = work / "cold" / "template.docx"
    template.write_bytes(placeholder_docx("jinja"))
    tpl_s, tpl_cpu = _cold([sys.executable, __file__, "--worker", "docxtpl-cold", str(template),
                            str(work / "cold" / "tpl.docx")], cwd=REPO)
    return {"cold_letter_s": letter_s, "cold_letter_cpu_s": letter_cpu, "cold_check_sample_s": check_s,
            "cold_check_sample_cpu_s": check_cpu, "docxtpl_cold_s": tpl_s, "docxtpl_cold_cpu_s": tpl_cpu,
            "cold_vs_docxtpl": tpl_s / letter_s, "cold_check_vs_docxtpl": tpl_s / check_s}


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def serve_edit(content: Path, work: Path, code: Path = REPO) -> dict[str, float]:
    """``xinfang serve`` at this scale: seconds from saving a schedule file (a venue of the
    city's weekly reception) until the schedule page served shows it, and the server's peak RSS."""
    copy = work / "serve-content"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(content, copy)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/schedule/"
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--content", str(copy), "--address",
                                f"127.0.0.1:{port}", "--today", TODAY.isoformat()], cwd=code,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        start = time.perf_counter()
        while "市人民来访接待中心" not in _page(url):
            if time.perf_counter() - start > 900 or process.poll() is not None:
                raise SystemExit("serve did not come up")
            time.sleep(0.5)
        first = time.perf_counter() - start
        time.sleep(2)  # let MkDocs' watcher settle after the first build
        rules = copy / "schedule" / "rules.yaml"
        text = rules.read_text(encoding="utf-8")
        rules.write_text(text.replace("- 市人民来访接待中心", "- 市人民来访接待中心（二楼）"), encoding="utf-8")
        saved = time.perf_counter()
        while "市人民来访接待中心（二楼）" not in _page(url):
            if time.perf_counter() - saved > 900:
                raise SystemExit("the edit never showed")
            time.sleep(0.2)
        visible = time.perf_counter() - saved
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have stopped on its own
            os.killpg(process.pid, signal.SIGTERM)
        _, _, usage = os.wait4(process.pid, 0)
    return {"serve_first_s": first, "serve_edit_s": visible, "serve_peak_rss_mb": usage.ru_maxrss / 1024}


# --- the baseline site -----------------------------------------------------------

def baseline_tree(content: Path, folder: Path) -> Path:
    """The same generated Markdown, built by a default material config listing every page."""
    from generator.pipeline import prepare
    from generator.site.build.tree import write_tree
    from generator.site.parts.data import SiteData
    from generator.site.parts.rawhtml import MARK, MARK_UNSEARCHED

    prepared = prepare(content)
    write_tree(SiteData(prepared, TODAY, None), folder, REPO / "mkdocs.yml")
    shutil.rmtree(folder / "overrides", ignore_errors=True)
    for page in (folder / "docs").rglob("*.md"):  # our hooks' marks mean nothing to a default site
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace(MARK, "").replace(MARK_UNSEARCHED, ""), encoding="utf-8")
    pages = sorted(p.relative_to(folder / "docs").as_posix() for p in (folder / "docs").rglob("*.md"))
    config = {"site_name": "基准市信访局", "docs_dir": "docs", "theme": {"name": "material", "language": "zh"},
              "plugins": ["search"], "markdown_extensions": ["attr_list", "md_in_html", "tables"], "nav": pages}
    (folder / "mkdocs.yml").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return folder / "mkdocs.yml"


# --- the report -----------------------------------------------------------------

ENGINES = ("mkdocs", "properdocs", "zensical")


def engine_builds(work: Path, scaled: Path) -> dict[str, Any]:
    """Each installed engine on the sample and on the generated content (one run each: minutes
    per engine at city scale): its render of the tree alone (``--worker engine``) and the whole
    site build with it, checks included (``--worker site``)."""
    import importlib.util

    result: dict[str, Any] = {}
    for engine in ENGINES:
        if importlib.util.find_spec(engine) is None:
            continue
        for name, content in (("sample", REPO / "content"), ("scale01", scaled)):
            folder = work / f"engine-{engine}-{name}"
            for worker, key in (("engine", "engine_s"), ("site", "total_s")):
                shutil.rmtree(folder, ignore_errors=True)
                cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
                measured = _child(["--worker", worker, str(content), str(folder), engine])
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                result[f"{worker}_{engine}_{name}_s"] = measured[key]
                # the whole build's CPU: the worker and every process it started (forks, the engine)
                result[f"{worker}_{engine}_{name}_cpu_s"] = measured.get(
                    "engine_cpu_s", after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime)
                result[f"engine_{engine}_{name}_pages"] = measured["pages"]
            shutil.rmtree(folder, ignore_errors=True)
    return result


def _engine_figures(r: dict[str, Any], key: str) -> str:
    return (f"{r[f'engine_{key}_s']:.1f} s render ({r[f'engine_{key}_cpu_s']:.1f} CPU-s), "
            f"{r[f'site_{key}_s']:.1f} s whole site ({r[f'site_{key}_cpu_s']:.1f} CPU-s; "
            f"{r[f'engine_{key}_pages']} pages)")


def engine_rows(r: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows = []
    for engine in ENGINES:
        if f"engine_{engine}_sample_s" in r:
            figures = [_engine_figures(r, f"{engine}_{name}") for name in ("sample", "scale01")]
            rows.append((f"`--engine {engine}`: the engine's render alone and the whole site build, checks "
                         f"included: sample / scale {r.get('engine_scale', 0.1)}", " / ".join(figures), ""))
        else:
            rows.append((f"`xinfang build --engine {engine}`", f"not installed (pip install 'xinfang[{engine}]')", ""))
    return rows


def build_end_to_end(content: Path, work: Path, code: Path = REPO, runs: int = 3) -> dict[str, float]:
    """``xinfang build`` (site and letters) in a new process, from nothing each time: the
    median wall and CPU seconds (all its processes) and peak RSS of ``runs`` runs."""

    def once() -> dict[str, Any]:
        site, letter_dir = work / "site", work / "letters"
        # each run starts from nothing: letters and register go together (a register emptied while
        # numbered letters remain is refused by check), and so does the kept previous release
        for folder in (site, letter_dir, work / ".site-previous"):
            shutil.rmtree(folder, ignore_errors=True)
        (content / "register.tsv").unlink(missing_ok=True)
        seconds, rss, cpu = _timed_cpu([sys.executable, "-m", "generator", "build", "--content", str(content),
                                        "--site-dir", str(site), "--letters-dir", str(letter_dir), "--today",
                                        TODAY.isoformat()], cwd=code)
        return {"seconds": seconds, "rss": rss, "cpu": cpu}

    return _median(runs, once)


def compare(rev: str, scale: float, work: Path) -> dict[str, Any]:
    """The same measurements of a clerk's commands, ``serve`` and the build, made with the
    code of commit ``rev`` (checked out beside the run) on its content of the same scale in the same run,
    so the table can show before and after measured under the same load."""
    code = work / f"code-{rev}"
    subprocess.run(["git", "worktree", "add", "--detach", "-f", str(code), rev], cwd=REPO, check=True,
                   capture_output=True)
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", rev], cwd=REPO, capture_output=True, text=True,
                                check=True).stdout.strip()
        base: dict[str, Any] = {"commit": commit}
        # that commit's own generator: the content format grew since (a newer file may be refused),
        # and the same seed and scale give the same city; the letter templates it copies beside
        # the content are that commit's too
        own = work / "base"  # its content and letter templates apart from this run's
        content = own / "content"
        subprocess.run([sys.executable, "benchmarks/generate.py", "--scale", str(scale), "--seed", "1", str(content)],
                       cwd=code, check=True, capture_output=True)
        cold = own / "cold"
        cold.mkdir()
        base.update(cold_commands(cold, code, docxtpl=False))
        base.update(serve_edit(content, own, code))
        base["check_s"], base["check_cpu_s"] = _cold([sys.executable, "-m", "generator", "check", "--content",
                                                      str(content)], runs=3, cwd=code)
        (own / "build").mkdir()
        build = build_end_to_end(content, own / "build", code)
        base["site_build_s"], base["site_peak_rss_mb"], base["site_build_cpu_s"] = \
            build["seconds"], build["rss"], build["cpu"]
        return base
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(code)], cwd=REPO, check=False,
                       capture_output=True)


def run(quick: bool, compare_with: str | None = None) -> dict[str, Any]:
    from benchmarks.generate import generate

    scale = 0.1 if quick else 1.0
    letters = 100 if quick else 1000
    work = Path(tempfile.mkdtemp(prefix="xinfang-bench-"))
    content = work / "content"
    stats = generate(content, scale=scale, seed=1)
    cores = os.cpu_count() or 1
    result: dict[str, Any] = {"scale": scale, "cores": cores, "cases": stats.cases, "leaders": stats.leaders}

    scaled = content if quick else work / "content-0.1"
    if not quick:
        generate(scaled, scale=0.1, seed=1)
    result.update(engine_builds(work, scaled))
    result.update(cold_commands(work))
    result.update(serve_edit(content, work))
    result["check_s"], result["check_cpu_s"] = _cold([sys.executable, "-m", "generator", "check", "--content",
                                                      str(content)], runs=3, cwd=REPO)
    if compare_with:
        result["base"] = compare(compare_with, scale, work)

    build = build_end_to_end(content, work)
    result["site_build_s"], result["site_peak_rss_mb"], result["site_build_cpu_s"] = \
        build["seconds"], build["rss"], build["cpu"]
    split = _median(3, lambda: _child(["--worker", "site", str(content), str(work / "site-inproc")]))
    result.update({f"split_{k}": v for k, v in split.items() if k.endswith("_s")})
    result["site_only_peak_rss_mb"] = split["peak_rss_mb"]
    site = work / "site"
    sizes = sorted(p.stat().st_size for p in site.rglob("*.html"))
    result["site_pages"] = len(list(site.rglob("index.html")))
    result["site_page_kb_max"] = sizes[-1] / 1024
    result["site_page_kb_median"] = statistics.median(sizes) / 1024
    result["search_index_kb"] = (site / "search/search_index.json").stat().st_size / 1024
    result["site_mb"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20

    config = baseline_tree(content, work / "baseline")
    first, _ = _timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(work / "b-site")])
    runs = [first]
    if first < 120:
        runs += [_timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d",
                         str(work / "b-site")])[0] for _ in range(2)]
    result["baseline_site_build_s"] = statistics.median(runs)
    result["baseline_runs"] = len(runs)
    baseline_sizes = sorted(p.stat().st_size for p in (work / "b-site").rglob("*.html"))
    result["baseline_page_kb_max"] = baseline_sizes[-1] / 1024
    result["speedup_vs_baseline"] = result["baseline_site_build_s"] / result["site_build_s"]

    # letters go to a RAM disk where there is one: a virtual disk's write speed swings by 2x
    # between runs and would blur the comparison of the ways of making a letter
    ram = Path("/dev/shm")
    letters_root = Path(tempfile.mkdtemp(prefix="xinfang-letters-", dir=ram if ram.is_dir() else work))
    result["letters_on_ram_disk"] = ram.is_dir()

    def letters_run(kind: str, *extra: str) -> dict[str, Any]:
        out = letters_root / f"letters-{kind}"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        return _child(["--worker", kind, str(content), str(out), *extra])

    result["cpu_parallel_speedup"] = _median(3, lambda: _child(["--worker", "cpu", "-", "-", str(cores)]))["speedup"]
    one = _median(3, lambda: letters_run("letters", "1"))
    many = _median(3, lambda: letters_run("letters", str(cores)))
    tpl = _median(3, lambda: letters_run("docxtpl", str(letters)))
    limit = _median(3, lambda: letters_run("zip", str(letters)))
    cached_limit = _median(3, lambda: letters_run("zip-cached", str(letters)))
    result.update({
        "letters_rendered": one["letters"], "letters_per_s": one["per_s"], "letters_peak_rss_mb": one["peak_rss_mb"],
        "letters_per_s_parallel": many["per_s"], "letters_parallel_peak_rss_mb": many["peak_rss_mb"],
        "docxtpl_letters_per_s": tpl["per_s"], "docxtpl_peak_rss_mb": tpl["peak_rss_mb"],
        "zip_limit_letters_per_s": limit["per_s"], "zip_limit_peak_rss_mb": limit["peak_rss_mb"],
        "zip_cached_limit_letters_per_s": cached_limit["per_s"],
    })
    result["letters_vs_docxtpl"] = result["letters_per_s"] / result["docxtpl_letters_per_s"]
    result["letters_vs_zip_limit"] = result["letters_per_s"] / result["zip_limit_letters_per_s"]
    result["letters_parallel_speedup"] = result["letters_per_s_parallel"] / result["letters_per_s"]
    result["letters_parallel_of_ceiling"] = 100 * result["letters_parallel_speedup"] / result["cpu_parallel_speedup"]
    result["versions"] = _versions()
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(letters_root, ignore_errors=True)
    return result


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    names = ("mkdocs", "mkdocs-material", "python-docx", "docxtpl", "icalendar", "pydantic")
    return {"python": platform.python_version(), **{n: version(n) for n in names}}


def _checks_split(r: dict[str, Any]) -> str:
    names = (("parse", "parse pages"), ("assets", "assets"), ("links", "links"), ("privacy", "privacy, pages"),
             ("static_wait", "privacy, copied files (waited for)"), ("scanner", "compile the scanner"))
    return "; ".join(f"{label} {r[f'split_check_{key}_s']:.1f}" for key, label in names
                     if f"split_check_{key}_s" in r) + " s"


def table(r: dict[str, Any]) -> str:
    rows = [
        ("`xinfang letter` (one two-line-title letter, sample, new process)",
         f"{r['cold_letter_s']:.2f} s ({r['cold_letter_cpu_s']:.2f} CPU-s); docxtpl's one-letter script "
         f"{r['docxtpl_cold_s']:.2f} s: xinfang is {r['cold_vs_docxtpl']:.2f}×", TARGETS["cold_letter_s"]),
        ("`xinfang check` (sample, new process)", f"{r['cold_check_sample_s']:.2f} s "
         f"({r['cold_check_sample_cpu_s']:.2f} CPU-s)", TARGETS["cold_check_sample_s"]),
        (f"`xinfang check` (scale {r['scale']})", f"{r['check_s']:.1f} s ({r['check_cpu_s']:.1f} CPU-s)",
         TARGETS["check_s"]),
        ("`xinfang serve`: schedule file saved → the page served shows it",
         f"{r['serve_edit_s']:.1f} s (first build {r['serve_first_s']:.0f} s; {r['serve_peak_rss_mb']:.0f} MB)",
         TARGETS["serve_edit_s"]),
        ("`xinfang build` (site + letters), end to end", f"{r['site_build_s']:.1f} s", TARGETS["site_build_s"]),
        ("… load + expand / generate / mkdocs / checks",
         f"{r['split_load_expand_s']:.1f} / {r['split_generate_s']:.1f} / {r['split_mkdocs_s']:.1f} / "
         f"{r['split_checks_s']:.1f} s", ""),
        ("… the checks, each (seconds of work, summed over both cores)", _checks_split(r), ""),
        *engine_rows(r),
        ("baseline: same pages, every page in the nav", f"{r['baseline_site_build_s']:.1f} s "
         f"({r['baseline_runs']} run{'s' if r['baseline_runs'] > 1 else ''})", ""),
        ("speed-up over the baseline", f"{r['speedup_vs_baseline']:.1f}×", TARGETS["speedup_vs_baseline"]),
        ("peak RSS of `xinfang build` (site only)", f"{r['site_peak_rss_mb']:.0f} MB "
         f"({r['site_only_peak_rss_mb']:.0f} MB)", TARGETS["site_peak_rss_mb"]),
        ("pages / site size", f"{r['site_pages']} / {r['site_mb']:.0f} MB", ""),
        ("largest page / median page", f"{r['site_page_kb_max']:.0f} KB / {r['site_page_kb_median']:.0f} KB "
         f"(baseline largest {r['baseline_page_kb_max']:.0f} KB)", TARGETS["site_page_kb_max"]),
        ("search index", f"{r['search_index_kb']:.0f} KB", TARGETS["search_index_kb"]),
        ("letters, xinfang, 1 process", f"{r['letters_per_s']:.0f} /s ({r['letters_peak_rss_mb']:.0f} MB)", ""),
        (f"letters, xinfang, {r['cores']} processes", f"{r['letters_per_s_parallel']:.0f} /s "
         f"({r['letters_parallel_speedup']:.2f}×; pure-Python work on this machine: "
         f"{r['cpu_parallel_speedup']:.2f}×, so {r['letters_parallel_of_ceiling']:.0f} % of the ceiling)",
         TARGETS["letters_parallel_of_ceiling"]),
        ("letters, docxtpl on the same template", f"{r['docxtpl_letters_per_s']:.0f} /s "
         f"({r['docxtpl_peak_rss_mb']:.0f} MB); xinfang is {r['letters_vs_docxtpl']:.1f}×",
         TARGETS["letters_vs_docxtpl"]),
        ("letters, zip substitution (practical limit)", f"{r['zip_limit_letters_per_s']:.0f} /s "
         f"({r['zip_limit_peak_rss_mb']:.0f} MB); xinfang is {r['letters_vs_zip_limit']:.2f}×",
         TARGETS["letters_vs_zip_limit"]),
        ("… the same, reusing the unchanged parts' compressed bytes as xinfang does",
         f"{r['zip_cached_limit_letters_per_s']:.0f} /s; xinfang is "
         f"{r['letters_per_s'] / r['zip_cached_limit_letters_per_s']:.2f}×", ""),
    ]
    versions = ", ".join(f"{k} {v}" for k, v in r["versions"].items())
    base = r.get("base")
    head = (f"Scale {r['scale']}: {r['cases']} cases, {r['leaders']} leaders; {r['cores']} cores; {versions}; "
            f"run {r.get('date', '?')} at commit {r.get('commit', '?')}. "
            "Median of 3 runs (cold commands: of 5)"
            + ("; letters written to a RAM disk" if r.get("letters_on_ram_disk") else "")
            + ".\n\n| measure | measured | target |\n|---|---|---|\n")
    body = head + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    return body + (compared(r, base) if base else "")


COMPARED = (("cold_letter_s", "`xinfang letter`, sample, new process", "{:.2f} s"),
            ("cold_letter_cpu_s", "… CPU", "{:.2f} CPU-s"),
            ("cold_check_sample_s", "`xinfang check`, sample, new process", "{:.2f} s"),
            ("check_s", "`xinfang check` at this scale", "{:.1f} s"),
            ("check_cpu_s", "… CPU", "{:.1f} CPU-s"),
            ("serve_edit_s", "`serve`: schedule saved → page served", "{:.1f} s"),
            ("serve_peak_rss_mb", "… the server's peak RSS", "{:.0f} MB"),
            ("site_build_s", "`xinfang build` (site + letters), end to end", "{:.1f} s"),
            ("site_build_cpu_s", "… CPU, all its processes", "{:.1f} CPU-s"),
            ("site_peak_rss_mb", "… peak RSS", "{:.0f} MB"))


def compared(r: dict[str, Any], base: dict[str, Any]) -> str:
    """The rows measured with ``--compare REV``'s code too, in the same run."""
    lines = [f"\n\nIn the same run, the same content with the code of commit {base['commit']} (`--compare`):\n",
             f"| measure | {base['commit']} | {r.get('commit', 'now')} |", "|---|---|---|"]
    for key, label, form in COMPARED:
        if key in base and key in r:
            lines.append(f"| {label} | {form.format(base[key])} | {form.format(r[key])} |")
    return "\n".join(lines)


_RECORD = re.compile(r"<!-- benchmark-(quick|full): (\{.*?\}) -->")


def recorded(kind: str) -> dict[str, Any] | None:
    """The figures of the last run of ``kind`` (quick or full) kept in the README."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    for found in _RECORD.finditer(text):
        if found.group(1) == kind:
            return dict(json.loads(found.group(2)))
    return None


def regressions(now: dict[str, Any], before: dict[str, Any], *, tolerance: float = 0.10) -> list[str]:
    """Every guarded figure more than ``tolerance`` worse than ``before``."""
    lines = []
    for key in GUARDED:
        old, new = before.get(key), now.get(key)
        if not isinstance(old, int | float) or not isinstance(new, int | float) or not old:
            continue
        lower = key.endswith(LOWER_IS_BETTER) and not key.endswith(HIGHER_IS_BETTER)
        worse = new > old * (1 + tolerance) if lower else new < old * (1 - tolerance)
        if worse:
            lines.append(f"{key}: {new:.3g} (was {old:.3g} at {before.get('commit', '?')}, {before.get('date', '?')})")
    return lines


def _stamp(result: dict[str, Any]) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                            check=False).stdout.strip()
    result["date"], result["commit"] = dt.date.today().isoformat(), commit or "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="~10x smaller, under two minutes")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--engines", nargs="?", const=0.1, type=float, metavar="SCALE",
                        help="only the build time per engine (sample and generated content, scale 0.1), as rows")
    parser.add_argument("--compare", metavar="REV",
                        help="also measure the commands and the build with the code of git commit REV, "
                             "on the same content in the same run (before/after under the same load)")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engines:
        from benchmarks.generate import generate

        work = Path(tempfile.mkdtemp(prefix="xinfang-bench-"))
        generate(work / "content", scale=args.engines, seed=1)
        measured = {**engine_builds(work, work / "content"), "engine_scale": args.engines}
        print("\n".join(f"| {a} | {b} | {c} |" for a, b, c in engine_rows(measured)))
        shutil.rmtree(work, ignore_errors=True)
        return
    if args.worker:
        name, content, out, *rest = args.worker
        workers = {"site": lambda: worker_site(content, out, *rest),
                   "letters": lambda: worker_letters(content, out, int(rest[0])),
                   "docxtpl": lambda: worker_docxtpl(content, out, int(rest[0])),
                   "cpu": lambda: worker_cpu(int(rest[0])),
                   "zip": lambda: worker_zip(content, out, int(rest[0])),
                   "zip-cached": lambda: worker_zip(content, out, int(rest[0]), cached=True),
                   "docxtpl-cold": lambda: worker_docxtpl_cold(content, out),
                   "engine": lambda: worker_engine(content, out, rest[0])}
        print(json.dumps(workers[name]()))
        return
    result = run(args.quick, args.compare)
    _stamp(result)
    kind = "quick" if args.quick else "full"
    before = recorded(kind)
    result["worse_than_recorded"] = regressions(result, before) if before else []
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(table(result))
    if result["worse_than_recorded"]:
        print(f"\nMore than 10 % worse than the README's last {kind} run:\n  "
              + "\n  ".join(result["worse_than_recorded"]))
    guarded = {k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()
               if k in GUARDED or k in ("date", "commit", "scale")}
    print(f"\nTo keep this run as the reference, put this line in the README:\n"
          f"<!-- benchmark-{kind}: {json.dumps(guarded, ensure_ascii=False)} -->")


if __name__ == "__main__":
    main()
