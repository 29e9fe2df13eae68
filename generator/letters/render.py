"""Case + kind -> numbered, laid-out .docx: template -> markup -> LetterDocument -> docx.

Templates are clerk-editable Jinja2 text in ``letter_templates/`` (beside the
content folder; the shipped ones when the office has none), run in a sandbox with
StrictUndefined: a misspelt variable is an error naming the template line and the
case file, never a blank in a letter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import jinja2

from ..atomic import write_bytes
from ..casework.letter_specs import LETTERS, issue_date, letter_key
from ..casework.numbers import doc_number
from ..casework.register import Entry, Register, Request, forced_letters, register_for, unregistered_letters
from ..casework.supervision import FORCED
from ..errors import ContentError, OutputError, display_path
from ..model.cases import Case
from ..model.files import RecordKind
from ..model.kinds import LetterKind
from ..model.office import Fonts
from ..prepared import Prepared
from .context import letter_context
from .document import LetterDocument
from .filters import FILTERS, TEXT_FILTERS
from .fonts import fontconfig_file
from .fonts import plan as font_plan
from .layout import render_document
from .markup import SLOTS, DataSlots, LetterEnvironment, MarkupError, parse_letter, template_made
from .requirements import case_problems
from .templates import SHIPPED, office_folder

PARALLEL_THRESHOLD = 24
"""Below this many letters, starting worker processes costs more than it saves."""
LETTERS_AT_ONCE = 8
"""The most letters a process takes at a time (a few milliseconds of work): small enough
that the processes end together, large enough that taking them costs nothing."""


def templates_dir(content_dir: Path) -> Path:
    return _templates_dir(content_dir, Path.cwd())


@cache  # asked once per letter; resolving the path was a tenth of a letter's time
def _templates_dir(content_dir: Path, cwd: Path) -> Path:
    """The office's own ``letter_templates/`` (beside its content, else in the working
    folder); without one, the templates shipped with this version of xinfang."""
    return office_folder(content_dir, cwd) or SHIPPED


_OPTIONS = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True,
            "autoescape": False}  # plain markup for python-docx, not HTML


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """A cache that cannot be read or written (a full or read-only temporary folder) only
    means compiling again, never a failed letter."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between commands: compiling a template and the macros it
    imports was a tenth of a one-letter ``xinfang letter`` and a fifth of a 100-letter run.
    Jinja's per-user folder (created 0700, refused if another user owns it); a template
    whose text changed is compiled again (its checksum is in the entry), and the file name
    carries what else shapes the compiled code: jinja's and xinfang's versions and the options."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("xinfang")
    except PackageNotFoundError:
        ours = "0"
    shape = hashlib.sha1(repr((jinja2.__version__, ours, sorted(_OPTIONS.items()),
                               LetterEnvironment.__qualname__)).encode()).hexdigest()[:12]
    try:
        return _QuietCache(pattern=f"__xinfang_letters_{shape}_%s.cache")
    except (OSError, RuntimeError):  # no writable temporary folder: compile every time
        return None


@cache
def _environment(folder: str) -> LetterEnvironment:
    env = LetterEnvironment(
        loader=jinja2.FileSystemLoader(folder, encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # one command's run: a template is read once, not stat'd for every letter
        bytecode_cache=_bytecode_cache(),
        **_OPTIONS,
    )
    env.filters.update(template_made(FILTERS))
    env.filters.update(TEXT_FILTERS)  # case text stays case text: not wrapped
    return env


def _template_line(exc: BaseException, folder: Path) -> tuple[str, int]:
    """Jinja rewrites tracebacks so template frames carry the template's file and line."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and Path(frame.filename).resolve().is_relative_to(folder.resolve()):
            return frame.filename, frame.lineno or 0
    return str(folder), getattr(exc, "lineno", 0) or 0


def compose(prepared: Prepared, case: Case, kind: LetterKind, entry: Entry) -> bytes:
    """The .docx bytes of one letter with an already assigned number."""
    return render_document(letter_document(prepared, case, kind, entry), prepared.content.office.letters.fonts)


def letter_document(prepared: Prepared, case: Case, kind: LetterKind, entry: Entry) -> LetterDocument:
    """One letter's elements, from its template filled with the case."""
    folder = templates_dir(prepared.content.root)
    letter = LETTERS[kind]
    case_file = prepared.content.source(RecordKind.CASE, case.id).path
    style = prepared.content.office.letters.number_style
    # a kind the office does not number (letters.kinds.<kind>.numbered: false) has no 发文字号
    number = doc_number(entry.code, entry.year, entry.number, style.brackets, style.digits) if entry.number else ""
    context = letter_context(prepared, case, kind, number, entry.issued)
    try:
        template = _environment(str(folder)).get_template(letter.template)
        slots = DataSlots()
        text = template.render({**context, SLOTS: slots})
    except jinja2.TemplateNotFound:
        raise OutputError(f"{folder}/{letter.template}: 缺少{letter.label}的模板；"
                          "xinfang templates diff 列出本机构模板与随 xinfang 安装的模板的不同，可从中补上") from None
    except jinja2.TemplateSyntaxError as exc:
        raise OutputError(f"{exc.filename}:{exc.lineno}: 模板语法错误：{exc.message}") from None
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError, TypeError, ValueError) as exc:
        path, line = _template_line(exc, folder)
        raise OutputError(f"{path}:{line}: {exc}（案件 {case_file}）；请检查模板里的变量名或补全案件字段") from None
    try:
        return parse_letter(text, source=f"{folder}/{letter.template}", slots=slots, format=letter.format)
    except MarkupError as exc:
        raise OutputError(f"{exc}（生成自案件 {case_file}）") from None


KEPT_DOCX = ".docx 文件已生成，可直接使用"


def convert_to_pdf(paths: list[Path], fonts: Fonts | None = None, *, kept: str = KEPT_DOCX) -> list[Path]:
    """PDFs beside ``paths``; with ``fonts``, the standard font names are printed in the best
    installed free fonts (see fonts.py) instead of LibreOffice's sans fallback.  ``kept``
    tells the clerk what a failure leaves (empty for the build, which keeps nothing and
    says so itself: ``errors.RolledBack``)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    left = f"；{kept}" if kept else ""
    if soffice is None:
        raise OutputError("未找到 LibreOffice，无法转 PDF；请安装（Debian: apt-get install libreoffice-writer）"
                          "后重试，或去掉 --pdf" + (f"（{kept}）" if kept else ""))
    by_folder: dict[Path, list[Path]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, []).append(path)
    result = []
    for folder, files in by_folder.items():
        with tempfile.TemporaryDirectory() as profile:
            env = dict(os.environ)
            if fonts is not None:
                env["FONTCONFIG_FILE"] = str(fontconfig_file(font_plan(fonts), Path(profile)))
            try:
                subprocess.run(
                    [soffice, f"-env:UserInstallation=file://{profile}/user", "--headless", "--convert-to",
                     "pdf", "--outdir", str(folder), *map(str, files)],
                    check=True, capture_output=True, timeout=300, env=env,
                    umask=0o077,  # a PDF holds what its letter does: readable by its owner only, as the .docx
                )
            except subprocess.CalledProcessError as exc:
                said = (exc.stderr or exc.stdout or b"").decode("utf-8", "replace").strip().splitlines()
                detail = f"：{said[-1][:200]}" if said else ""
                raise OutputError(f"{display_path(folder)}: LibreOffice 转 PDF 失败（退出码 {exc.returncode}"
                                  f"{detail}）{left}；"
                                  "请检查 LibreOffice 能否单独运行后重试，或去掉 --pdf") from None
            except subprocess.TimeoutExpired:
                raise OutputError(f"{display_path(folder)}: LibreOffice 转 PDF 超过 5 分钟未完成{left}；"
                                  "请关闭其他 LibreOffice 窗口后重试，或去掉 --pdf") from None
        missing = [p for p in files if not p.with_suffix(".pdf").is_file()]
        if missing:  # soffice often exits 0 without writing anything (e.g. another instance holds the profile)
            raise OutputError(f"{display_path(missing[0])}: LibreOffice 没有生成 PDF{left}；"
                              "请关闭其他 LibreOffice 窗口后重试，或去掉 --pdf")
        for pdf in (p.with_suffix(".pdf") for p in files):
            os.chmod(pdf, 0o600)  # also over an older PDF LibreOffice overwrote in place
            result.append(pdf)
    return result


def _unnumbered(case: Case, kind: LetterKind, today: dt.date) -> Entry:
    """A letter of a kind the office does not number: its date, no number, no register row."""
    issued = issue_date(case, kind, today)
    return Entry(code="", year=issued.year, number=0, case=case.id, kind=letter_key(kind, case.answer_number),
                 issued=issued)


def _requests(prepared: Prepared, jobs: list[tuple[Case, LetterKind]], today: dt.date) -> list[Request]:
    """The register numbers the jobs need: one for each letter of a numbered kind."""
    return _numbers(prepared, [_Letter(case, kind, case.answer_number, issue_date(case, kind, today))
                               for case, kind in jobs])


class _Letter(NamedTuple):
    case: Case
    kind: LetterKind
    answer: int
    """``case.answer_number``, read once (a private attribute of a model is slow to read)."""
    issued: dt.date


def _numbers(prepared: Prepared, letters: list[_Letter]) -> list[Request]:
    office = prepared.content.office.letters
    requests = []
    for case, kind, answer, issued in letters:
        if not office.numbered(kind):
            continue
        if kind not in office.codes:
            raise OutputError(f"office.yaml 的 letters.codes 缺少 {kind.value}（{LETTERS[kind].label}）的机关代字")
        requests.append(Request(case=case.id, kind=letter_key(kind, answer), code=office.codes[kind],
                                year=issued.year, issued=issued))
    return requests


def letter_rounds(prepared: Prepared) -> list[tuple[Case, int]]:
    """Each case once per 处理意见书 it was given that asks for letters (the letters of that
    round in ``letters``), with the round's number (its ``answer_number``, a private attribute
    of the model: reading it back for 1,000 letters took 1-2 ms before they could start).
    A round's view is a copy of the case, made only for rounds with letters: at city scale
    most cases ask for none, and copying them all was a tenth of a 1,000-letter run."""
    rounds: list[tuple[Case, int]] = []
    for case in prepared.content.cases.values():
        if not case.answers:  # most cases: one round, the case itself (no list of rounds made for it)
            if case.letters:
                rounds.append((case, 1))
            continue
        rounds += [(case.answer(number), number) for number, letters
                   in enumerate([case.letters, *(later.letters for later in case.answers)], start=1) if letters]
    return rounds


def render_letter(prepared: Prepared, case_id: str, kind: LetterKind, output: Path, *, pdf: bool = False,
                  today: dt.date | None = None, answer: int = 1, force: str | None = None) -> list[Path]:
    """One letter for one case (of its ``answer``-th 处理意见书's round), numbered from the
    register once it has been written."""
    case = prepared.content.cases[case_id].answer(answer)
    register = register_for(prepared)
    today = today or dt.date.today()
    key = letter_key(kind, answer)
    forced = forced_letters(register) | (frozenset({(case_id, key)}) if force else frozenset())
    preflight(prepared, register, [(case, kind)], output.parent, today=today, forced=forced)
    requests = _requests(prepared, [(case, kind)], today)
    if not requests:  # not numbered: no register row (so a --force reason has no row to go in)
        write_bytes(output, compose(prepared, case, kind, _unnumbered(case, kind, today)))
        return [output, *(convert_to_pdf([output], prepared.content.office.letters.fonts) if pdf else [])]
    if force:
        requests = [replace(requests[0], note=FORCED + force.strip())]
    with register.reserve(requests) as (entry,):
        write_bytes(output, compose(prepared, case, kind, entry))
    return [output, *(convert_to_pdf([output], prepared.content.office.letters.fonts) if pdf else [])]


def preflight(prepared: Prepared, register: Register, jobs: list[tuple[Case, LetterKind]],
              folder: Path, *, today: dt.date, forced: frozenset[tuple[str, str]] | None = None,
              cases: bool = True) -> None:
    """The checks ``xinfang check`` runs, before any number is taken: every fact each letter
    needs, the procedure's windows (``cases``), and a register that still knows the letters
    already made in ``folder``."""
    unnumbered = prepared.content.office.letters.unnumbered
    problems = register.problems() + unregistered_letters(register, folder, unnumbered)
    by_case: dict[tuple[str, int], tuple[Case, list[LetterKind]]] = {}
    for case, kind in jobs if cases else ():
        by_case.setdefault((case.id, case.answer_number), (case, []))[1].append(kind)
    for case, kinds in by_case.values():
        problems += case_problems(prepared, case, kinds, today=today,
                                  forced=forced_letters(register) if forced is None else forced)
    if problems:
        raise ContentError(problems)


class _Job(NamedTuple):
    case_id: str
    answer: int
    kind: LetterKind
    entry: Entry
    name: str
    """The file's name in the letters folder."""


def _run_job(state: tuple[Prepared, Path], job: _Job) -> None:
    """One letter written.  Nothing comes back: the caller knows each letter's path, and a
    worker's 500 paths took 5-13 ms to unpickle while the letters' last step waited."""
    prepared, folder = state
    case = prepared.content.cases[job.case_id].answer(job.answer)
    write_bytes(folder / job.name, compose(prepared, case, job.kind, job.entry))


def render_case_letters(prepared: Prepared, folder: Path, *, pdf: bool = False,
                        today: dt.date | None = None, workers: int | None = None,
                        register: Register | None = None, staged: bool = False,
                        checked: bool = False, before_recording: Callable[[], object] | None = None
                        ) -> list[Path]:
    """Every letter the case files ask for, as ``<folder>/<case-id>-<kind>.docx``.

    Numbers are assigned in one register transaction first, then the letters are
    laid out in parallel: layout is CPU-bound and independent per letter.  ``staged``:
    ``folder`` is a staging copy the caller throws away on any error (``xinfang build``),
    so the PDFs too are made before the numbers are recorded.  ``checked``: the caller has
    just run ``Pipeline.check`` on every case for this ``today`` (``build``, ``letters``),
    so what each letter needs is not checked a second time (the register still is, against
    ``folder``).  ``before_recording``: what must succeed before the register records the
    numbers (``xinfang build``: the site's checks, run meanwhile); if it raises, no number is
    recorded.  It is not called when no letter is to be made."""
    today = today or dt.date.today()
    # numbers follow the order in which the letters are dated, as a paper register would
    dated = sorted(((issue_date(view, kind, today), view.id, answer, kind.value, view, kind)
                    for view, answer in letter_rounds(prepared) for kind in view.letters), key=itemgetter(0, 1, 2, 3))
    jobs = [_Letter(view, kind, answer, issued) for issued, _, answer, _, view, kind in dated]
    if not jobs:
        return []
    import gc

    # what is loaded now (the content, its schedule, the calendar) lives until the command
    # ends: frozen, the collector's full passes skip it (at city scale one pass over it cost
    # a fifth of a 1,000-letter run), and forked workers share its pages instead of copying them
    gc.freeze()
    try:
        return _render_jobs(prepared, folder, jobs, pdf=pdf, today=today, workers=workers, register=register,
                            staged=staged, checked=checked, before_recording=before_recording)
    finally:
        gc.unfreeze()


def _render_jobs(prepared: Prepared, folder: Path, jobs: list[_Letter], *, pdf: bool, today: dt.date,
                 workers: int | None, register: Register | None, staged: bool, checked: bool,
                 before_recording: Callable[[], object] | None = None) -> list[Path]:
    from ..parallel import fork_share  # multiprocessing: not for one letter

    register = register or register_for(prepared)
    preflight(prepared, register, [(job.case, job.kind) for job in jobs], folder, today=today, cases=not checked)
    fonts = prepared.content.office.letters.fonts
    letters = prepared.content.office.letters
    with register.reserve(_numbers(prepared, jobs)) as numbered:
        taken = iter(numbered)
        work = [_Job(case.id, answer, kind,
                     next(taken) if letters.numbered(kind) else _unnumbered(case, kind, today),
                     LETTERS[kind].file_name(case.id, answer))
                for case, kind, answer, _ in jobs]
        count = workers or os.cpu_count() or 1
        # the first letter of each kind is made here: it compiles the template and builds the
        # format's package, which the forked workers then inherit instead of each redoing it
        first = {job.kind: index for index, job in reversed(list(enumerate(work)))}
        for index in first.values():
            _run_job((prepared, folder), work[index])
        done = set(first.values())
        rest = [job for index, job in enumerate(work) if index not in done]
        written: list[Path] = []

        def meanwhile() -> None:  # what the letters need not wait for, done while the others make them
            register.stage()
            written.extend(folder / job.name for job in work)

        fork_share(_run_job, (prepared, folder), rest, workers=count if len(rest) >= PARALLEL_THRESHOLD else 1,
                   chunk=max(1, min(LETTERS_AT_ONCE, len(rest) // (count * 16))), meanwhile=meanwhile)
        staged_pdfs = convert_to_pdf(written, fonts, kept="") if pdf and staged else None
        if before_recording is not None:
            before_recording()
    if staged_pdfs is not None:
        return written + staged_pdfs
    return written + (convert_to_pdf(written, fonts) if pdf else [])
