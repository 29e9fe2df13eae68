"""The build: content folder → validated model + expanded schedule (``prepare``) → checks →
each output (``Pipeline``).  cli.py only turns arguments into a Pipeline and results into
messages."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
from collections.abc import Callable
from contextlib import ExitStack, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .calendar.workdays import WorkCalendar
from .casework.backlog import backlog_problems
from .casework.checks import deadline_problems
from .casework.letter_specs import LETTERS, letter_kind
from .casework.repeats import find_repeats
from .errors import ContentError, OutputError, RolledBack, UsageError
from .load import PARALLEL_CASES, CaseFiles, Loading
from .load.dates import parse_day
from .output_guard import OutputKind, Protected, check_output_file, check_output_folder, mark_output_folder
from .prepared import Prepared
from .schedule.expand import RuleExpansions, expand_schedule
from .schedule.receptions import collect_receptions, reception_warnings

if TYPE_CHECKING:  # outputs are imported when used: `check` never loads python-docx or MkDocs
    from .casework.register import Entry, Register
    from .casework.report import DeadlineRow
    from .errors import Problem
    from .site.build.bundle import BundleReport
    from .site.build.engines import Engine
    from .site.build.stage import BuildReport, EngineProcess
    from .tables.schedule_import import Imported, Written

__all__ = ["Pipeline", "Prepared", "prepare", "resolve_today"]


def prepare(content_dir: Path, *, cases_dir: Path | None = None, case_files: CaseFiles | None = None,
            expansions: RuleExpansions | None = None, expanded: Callable[[int], object] | None = None) -> Prepared:
    """Load and check everything; raise ContentError listing every problem.  ``case_files``:
    the case files an earlier load read, reused where unchanged, and ``expansions`` the rules'
    sessions an earlier expansion made (serve).  ``expanded``: told how many sessions the
    schedule has as soon as it is expanded, while the cases are still being read and checked
    (``build`` starts MkDocs' process then)."""
    # loading and expanding make a large tree of objects with no reference cycles: the cyclic
    # collector's passes over it, each time it had grown by a quarter, were a fifth of a city's
    # `check` (and made a forked case reader copy the pages they touched).  What is garbage now
    # is freed by reference counting; what is left is moved to the oldest generation unscanned
    # (freeze, unfreeze), where a full pass of the collector will still find any cycle in it
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _prepare(content_dir, cases_dir, case_files, expansions, expanded)
    finally:
        gc.freeze()
        gc.unfreeze()
        if collecting:
            gc.enable()


def _prepare(content_dir: Path, cases_dir: Path | None, case_files: CaseFiles | None,
             expansions: RuleExpansions | None, expanded: Callable[[int], object] | None) -> Prepared:
    with Loading(content_dir, cases_dir=cases_dir, case_files=case_files) as loading:
        # the schedule names no case: it is expanded while a forked process reads the cases
        early = loading.without_cases
        calendar = WorkCalendar.from_content(early.holiday_years) if early else None
        expansion = expand_schedule(early, calendar, expansions) if early and calendar else None
        if expansion is not None and expanded is not None and not expansion.problems:
            expanded(len(expansion.sessions))
        content = loading.finish()
    # content that had problems without its cases raised them in finish()
    assert calendar is not None and expansion is not None
    receptions, reception_problems = collect_receptions(content, expansion.sessions)
    cases = content.cases
    if case_files is None:
        deadlines, repeats = deadline_problems(content, calendar), find_repeats(cases.values())
    else:  # no case file changed since the last load (serve): what only they and these decide, kept
        deadlines = case_files.derived("deadlines", cases, (content.office, tuple(content.holiday_years)),
                                       lambda: deadline_problems(content, calendar))
        repeats = case_files.derived("repeats", cases, (), lambda: find_repeats(cases.values()))
    problems = [*expansion.problems, *deadlines, *backlog_problems(content), *reception_problems]
    if problems:
        raise ContentError(problems)
    return Prepared(content, calendar, expansion.sessions, expansion.warnings, expansion.notes,
                    repeats=repeats, receptions=receptions)


def _site_warnings(state: tuple[Prepared, dt.date], root_config: Path) -> list[str]:
    from .site.build.warnings import warnings_of

    prepared, today = state
    return warnings_of(prepared, today, root_config)


def resolve_today(option: str | None) -> dt.date:
    """The build date: ``--today``, else $XINFANG_TODAY, else the real date.

    Fixing it makes builds reproducible (tests, archived copies of the site)."""
    value = option or os.environ.get("XINFANG_TODAY")
    if not value:
        return dt.date.today()
    return parse_day(value, "--today" if option else "XINFANG_TODAY")


ROOT_CONFIG = Path("mkdocs.yml")
"""The office's site settings, read from the folder xinfang runs in."""


def _no_warning(_: str) -> None:
    pass


@dataclass
class Pipeline:
    """One run of xinfang over a content folder, read as the build itself (like mkdocs'
    ``build()`` or pelican's ``run()``): load, check everything, then hand the same
    prepared model to each output.  ``check`` is this pipeline without writing; each
    writing step runs the full check first, so no output is written from content that
    ``xinfang check`` would reject."""

    content_dir: Path
    cases_dir: Path | None = None
    today: dt.date = field(default_factory=dt.date.today)
    letters_dir: Path = Path("letters")
    """Where the letters are (checked against the register) and ``letters()`` writes them."""
    warn: Callable[[str], None] = _no_warning
    """Where warnings go (the command line prints them as 警告：…)."""
    site_dir: Path | None = None
    """The site folder of this run, which letters and the ledger must stay out of."""
    case_files: CaseFiles | None = None
    """The case files an earlier run read, reused where unchanged (``serve`` loads on every save)."""
    expansions: RuleExpansions | None = None
    """The rules' sessions an earlier run made, reused where they still hold (``serve``)."""
    _prepared: Prepared | None = field(default=None, init=False, repr=False)
    _checked: bool = field(default=False, init=False, repr=False)
    _warned: set[str] = field(default_factory=set, init=False, repr=False)
    _forcing: frozenset[tuple[str, str]] = field(default=frozenset(), init=False, repr=False)
    _strict_for: set[str] | None = field(default=None, init=False, repr=False)
    """None: every case's letter problems stop the run (check, build); otherwise only these
    cases' do and the others' are one warning (letter: its case; deadlines: none)."""
    incomplete: set[str] = field(default_factory=set, init=False, repr=False)
    """Cases whose letters cannot be made as they stand (filled when not strict)."""
    """The (case, kind) ``letter --force`` is making now, which check lets through."""

    def _warning(self, message: str) -> None:
        """Each warning once, however many steps find it."""
        if message not in self._warned:
            self._warned.add(message)
            self.warn(message)

    def prepare(self, *, expanded: Callable[[int], object] | None = None) -> Prepared:
        """Load and validate the content and expand the schedule (once); ``expanded``: see
        ``prepare`` (the module's)."""
        if self._prepared is None:
            self._prepared = prepare(self.content_dir, cases_dir=self.cases_dir, case_files=self.case_files,
                                     expansions=self.expansions, expanded=expanded)
            for warning in self._prepared.warnings:
                self._warning(warning)
        return self._prepared

    def check(self) -> Prepared:
        """Every check, every problem at once: content, schedule and case dates (in
        ``prepare``), then what each requested letter needs, the procedure's windows and
        the register (against the letters already made); lateness becomes warnings."""
        prepared = self.prepare()
        if not self._checked:
            from .casework.register import forced_letters, register_for, unregistered_letters
            from .letters.requirements import letter_warnings, problems_by_case

            register = register_for(prepared)
            forced = forced_letters(register) | self._forcing
            by_case = problems_by_case(prepared, today=self.today, forced=forced)
            letter_problems = [p for case_id, found in by_case.items()
                               if self._strict_for is None or case_id in self._strict_for for p in found]
            others = sorted(case_id for case_id in by_case
                            if self._strict_for is not None and case_id not in self._strict_for)
            self.incomplete = set(others)
            if others:
                self._warning("案件" + "、".join(f"“{case_id}”" for case_id in others)
                              + "的文书还不能生成（缺少信息或不合程序）；这次不受影响，"
                              "运行 xinfang check 查看原因，build 要等它们改好")
            problems = (letter_problems + register.problems()
                        + unregistered_letters(register, self.letters_dir, prepared.content.office.letters.unnumbered))
            if problems:
                raise ContentError(problems)
            for warning in [*letter_warnings(prepared, self.today),
                            *reception_warnings(prepared.receptions, prepared.sessions, self.today)]:
                self._warning(warning)
            self._checked = True
        return prepared

    @property
    def _checked_every_case(self) -> bool:
        """``check()`` has run and stopped on any case's letter problem, nothing forced: the
        letters need not be checked again before they are made."""
        return self._checked and self._strict_for is None and not self._forcing

    def check_site(self) -> None:
        """The warnings a build of the site would give today (a schedule running out, markup a
        Markdown body loses, the sample's identity left in), without building: ``xinfang check``
        reports what ``build`` and ``serve`` do, from the same function."""
        prepared = self.prepare()
        site = None
        if len(prepared.content.cases) >= PARALLEL_CASES:
            # a city's (its bodies rendered, a fifth of its check) are worked out in a forked
            # process while this one checks the letters; Markdown and its extensions (Pygments
            # among them) are imported there too, not here first
            from .parallel import Background  # multiprocessing: not for an office's few cases

            site = Background(_site_warnings, (prepared, self.today), ROOT_CONFIG)
        with site or nullcontext():
            self.check()
            warnings = None
            if site is not None:
                with suppress(RuntimeError):  # the forked process failed: the same call here raises what it met
                    warnings = site.result()
            if warnings is None:
                warnings = _site_warnings((prepared, self.today), ROOT_CONFIG)
        for warning in warnings:
            self._warning(warning)

    def _register(self) -> Register:
        """The register alone, without loading the content (void and start work on a folder
        whose content may not pass check yet)."""
        from .casework.register import register_in

        if not self.content_dir.is_dir():
            raise UsageError(f"内容目录 {self.content_dir} 不存在")
        return register_in(self.content_dir)

    def void(self, number: str, reason: str) -> Entry:
        """``xinfang void``: the number is never given again."""
        return self._register().void(number, reason)

    def start_register(self, code: str, year: int, first: int) -> Entry:
        """``xinfang register start``: numbering continues from a paper register."""
        return self._register().start(code, year, first, self.today)

    def protected(self) -> Protected:
        """What no output may replace, fill or sit in: the content, the cases, the project."""
        prepared = self.prepare()
        cases = [self.cases_dir] if self.cases_dir else [self.content_dir / "cases"]
        if prepared.content.office.cases_dir:
            cases.append(self.content_dir / prepared.content.office.cases_dir)
        return Protected.around(self.content_dir, cases)

    def check_outputs(self, site_dir: Path | None = None, *, letters: bool = False) -> None:
        """Refuse (``UsageError``) output folders that must not be written, before any is:
        ``build`` checks its site and letters folders together."""
        if site_dir is not None:
            self.site_dir = check_output_folder(site_dir, OutputKind.SITE, self.protected())
        if letters:
            check_output_folder(self.letters_dir, OutputKind.LETTERS, self.protected(), site=self.site_dir)

    def site(self, site_dir: Path, *, strict: bool = False, engine: str = "mkdocs") -> BuildReport:
        """The public site alone (pages, feeds, .ics, open data), swapped in only when complete."""
        from .site.build.engines import parse_engine
        from .site.build.stage import build_site

        prepared = self.check()
        self.check_outputs(site_dir)
        report = build_site(prepared, today=self.today, site_dir=site_dir, strict=strict,
                            protected=self.protected(), engine=parse_engine(engine))
        for warning in report.warnings:
            self._warning(warning)
        return report

    def build(self, site_dir: Path, *, strict: bool = False, pdf: bool = False,
              engine: str = "mkdocs") -> tuple[BuildReport, list[Path]]:
        """``xinfang build``, all or nothing: the site is staged and checked beside the published
        one, the letters are made (PDFs too) and numbered in a staging copy of ``letters_dir``,
        and then both go in place.  Any failure (a check, a template, LibreOffice, a full disk,
        the publish itself) leaves the published site, the letters folder and the register as
        they were."""
        from .site.build.engines import parse_engine
        from .site.build.stage import EngineProcess

        kind = parse_engine(engine)
        with ExitStack() as started:
            engine_process: list[EngineProcess] = []

            def expanded(sessions: int) -> None:
                # MkDocs' process, forked once the site is known to be large, loads while the
                # cases are read and checked here; the stage takes it over, or it is stopped
                if EngineProcess.wanted(kind, sessions):
                    engine_process.append(started.enter_context(EngineProcess(kind)))

            self.prepare(expanded=expanded)
            prepared = self.check()
            self.check_outputs(site_dir, letters=True)
            return self._build(prepared, site_dir, kind, engine_process[0] if engine_process else None,
                               strict=strict, pdf=pdf)

    def _build(self, prepared: Prepared, site_dir: Path, engine: Engine, engine_process: EngineProcess | None, *,
               strict: bool, pdf: bool) -> tuple[BuildReport, list[Path]]:
        from .atomic import StagedFolder
        from .casework.register import register_for
        from .letters.render import render_case_letters
        from .site.build.stage import SiteStage

        register = register_for(prepared)
        made: list[Path] = []
        with SiteStage(prepared, today=self.today, site_dir=site_dir, protected=self.protected(),
                       engine=engine, engine_process=engine_process) as site:
            site.write_tree(strict=strict)      # the Markdown source; --strict stops on its warnings
            site.render()                       # the engine (MkDocs), the copied files' privacy scan beside it
            # links, assets, sizes, every page's privacy: the letters are made while the checks'
            # workers read the site (this process would only wait for them), and the register
            # records their numbers only once the checks have passed
            with site.checking() as checks, StagedFolder(self.letters_dir) as letters:
                try:
                    made = render_case_letters(prepared, letters.folder, pdf=pdf, today=self.today,
                                               register=register, staged=True,  # numbered in the register
                                               checked=self._checked_every_case, before_recording=checks.done,
                                               workers=1 if checks.forked else None)
                    checks.done()               # (if there was no letter to make)
                    if made:
                        mark_output_folder(letters.folder, OutputKind.LETTERS)
                        letters.swap_in()       # the letters in place ...
                    site.publish()              # ... and the site: the release is complete
                except BaseException as exc:
                    register.take_back()        # the staged letters and site go as the blocks end
                    if isinstance(exc, OutputError | OSError) and exc is not checks.failure:
                        raise RolledBack(exc) from exc
                    raise
        for warning in site.report.warnings:
            self._warning(warning)
        return site.report, [self.letters_dir / path.relative_to(letters.folder) for path in made]

    def letters(self, *, pdf: bool = False) -> list[Path]:
        """Every letter the case files ask for, into ``letters_dir``."""
        from .letters.render import render_case_letters

        prepared = self.check()
        self.check_outputs(letters=True)
        written = render_case_letters(prepared, self.letters_dir, pdf=pdf, today=self.today,
                                      checked=self._checked_every_case)
        if written:  # stamped once it holds letters: a failed render leaves no folder behind
            mark_output_folder(self.letters_dir, OutputKind.LETTERS)
        return written

    def letter(self, case_id: str, kind_name: str, output: Path | None = None, *, pdf: bool = False,
               answer: int = 1, force: str | None = None) -> list[Path]:
        """One letter for one case (of its ``answer``-th 处理意见书's round), into ``output`` (a
        file, or a folder to hold it under its usual name; by default ``letters/``).  ``force``:
        why a supervision letter that does not fit the case's state is made all the same (the
        register records it)."""
        from .casework.letter_specs import letter_key
        from .letters.render import render_letter
        from .letters.requirements import case_warnings

        kind = letter_kind(kind_name)
        self._strict_for = {case_id}  # another case's gap does not stop this letter
        if force is not None and not force.strip():
            raise UsageError("--force 后面要写明原因，如 --force \"领导批示，督促尽快办结\"；原因记入文号登记簿")
        if force is not None:
            self._forcing = frozenset({(case_id, letter_key(kind, answer))})
        prepared = self.check()
        if case_id not in prepared.content.cases:
            known = "、".join(list(prepared.content.cases)[:10])
            raise UsageError(f"案件“{case_id}”不存在；已有：{known}")
        answers = len(prepared.content.cases[case_id].answers) + 1
        if not 1 <= answer <= answers:
            raise UsageError(f"案件“{case_id}”只有 {answers} 份处理意见书，--answer 应为 1 到 {answers}")
        default = output is None
        if output is None:
            output = Path("letters") / LETTERS[kind].file_name(case_id, answer)
        elif output.is_dir():  # like cp: -o FOLDER puts the letter into that folder under its usual name
            output = output / LETTERS[kind].file_name(case_id, answer)
        output = check_output_file(output, ".docx", "文书文件", self.protected(), site=self.site_dir)
        written = render_letter(prepared, case_id, kind, output, pdf=pdf, today=self.today, answer=answer,
                                force=force)
        if default:  # like build's: the stamp remembers numbered letters were made here, moved or not
            mark_output_folder(output.parent, OutputKind.LETTERS)
        view = prepared.content.cases[case_id].answer(answer)
        for warning in case_warnings(prepared, view, [kind], self.today):
            self._warning(warning)
        return written

    def bundle(self, output: Path, *, engine: str = "mkdocs") -> BundleReport:
        """The site as a zip that opens from files (see ``site.build.bundle``)."""
        from .site.build.bundle import build_bundle
        from .site.build.engines import parse_engine, require_for_files

        # misuse (an engine that cannot make the copy, a wrong place or kind of file) is exit 2
        # whatever state the content and the letters folder are in, so it is refused first
        chosen = parse_engine(engine)
        require_for_files(chosen)
        check_output_file(output, ".zip", "网站副本", self.protected(), site=self.site_dir)
        prepared = self.check()
        report = build_bundle(prepared, today=self.today, output=output, protected=self.protected(),
                              engine=chosen)
        for warning in report.warnings:
            self._warning(warning)
        return report

    def ledger(self, output: Path) -> Path:
        from .casework.ledger import write_ledger

        prepared = self.check()
        output = check_output_file(output, ".xlsx", "台账文件", self.protected(), site=self.site_dir)
        write_ledger(prepared, output, today=self.today)
        return output

    def report(self, period: str, output: Path, *, closing: str | None = None,
               pdf: bool = False) -> tuple[list[Path], str | None]:
        """``xinfang report``: the office's 信访情况通报 for ``period`` (2026-11, 2026-q4, 2026), with
        the office's closing paragraphs from the file ``closing``; the files and the 期号."""
        from .bulletin.render import read_closing, write_bulletin
        from .statistics.periods import parse_period

        chosen = parse_period(period)
        text = read_closing(closing) if closing is not None else None
        prepared = self.check()
        output = check_output_file(output, ".docx", "通报文件", self.protected(), site=self.site_dir)
        return write_bulletin(prepared, chosen, output, today=self.today, closing=text, pdf=pdf)

    def statistics(self, period: str | None, *, start: str | None = None, end: str | None = None,
                   by: str | None = None, form: str = "text") -> str:
        """``xinfang statistics``: one period's figures (PERIOD, or ``start`` to ``end``; this year
        by default), as text beside the previous period and last year, or as the site's CSV or
        JSON of the headline or of one breakdown (``by``)."""
        from .statistics.breakdowns import Breakdown
        from .statistics.periods import chosen_period
        from .statistics.report import period_text
        from .statistics.tables import SUMMARY, StatisticsTables, period_files

        chosen = chosen_period(period, start, end, self.today)
        breakdown = Breakdown(by) if by else None
        tables = StatisticsTables(self.check(), self.today)
        if form == "text":
            return period_text(tables.stats, tables.content, chosen, breakdown, self.today)
        raw = period_files(tables, chosen)[(breakdown.value if breakdown else SUMMARY, form)]
        return raw.decode("utf-8-sig").rstrip("\r\n")

    def deadlines(self) -> list[DeadlineRow]:
        from .casework.report import deadline_rows

        self._strict_for = set()  # every case is listed; one that cannot have its letters is marked
        prepared = self.check()
        return deadline_rows(prepared, self.today, incomplete=self.incomplete)

    def deadline_listing(self, *, lead: str | None = None, backlog: bool = False, as_json: bool = False) -> str:
        """``xinfang deadlines``: the open cases by next due date (only one leader's 包案, only the
        积案 on the board), as text or JSON."""
        from .casework.report import format_rows, select_rows

        rows = select_rows(self.prepare(), self.deadlines(), lead=lead, backlog=backlog)
        if as_json:
            return json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2)
        return format_rows(rows)

    def font_report(self) -> tuple[list[str], list[str]]:
        """After ``--pdf``: which fonts the PDFs were set in (notes), and what is missing (warnings)."""
        from .letters.fonts import plan, report

        fonts = self.prepare().content.office.letters.fonts
        return report(fonts, plan(fonts))

    def serve(self, address: str, *, public: bool, today: Callable[[], dt.date]) -> int:
        """``xinfang serve``: the preview, reloaded from a fresh pipeline on every save and built
        as of ``today()`` (read again each time: a preview left running overnight moves on)."""
        from .site.build import serve as preview

        address, warning = preview.serve_address(address, public)
        if warning is not None:
            self._warning(warning)
        return preview.serve(load=self.reloader(), content_dir=self.content_dir, cases_dir=self.cases_dir,
                             today=today, address=address)

    def reloader(self) -> Callable[[], Prepared]:
        """What ``serve`` loads after each save: a fresh pipeline's prepared content, each reusing
        the case files, the checks of the cases and the rules' sessions of the loads before."""
        case_files, expansions = CaseFiles(), RuleExpansions()
        return lambda: Pipeline(self.content_dir, cases_dir=self.cases_dir, warn=self.warn,
                                case_files=case_files, expansions=expansions).prepare()

    def rollback(self, site_dir: Path) -> tuple[str, str]:
        """``xinfang rollback``: the previous release back in place; (now published, set aside)."""
        from .site.build.publish import Releases

        with Releases(site_dir).locked() as releases:
            return releases.rollback()

    def _bare_protected(self) -> Protected:
        """What no output may touch, known without loading the content (``schema`` works on a
        folder whose content does not load yet)."""
        return Protected.around(self.content_dir, [self.cases_dir or self.content_dir / "cases"])

    def schemas(self, output: Path) -> tuple[list[Path], dict[str, object]]:
        """``xinfang schema``: the JSON Schemas written into ``output``, and the VS Code settings
        that use them."""
        from .schemas import vscode_settings, write_schemas

        folder = check_output_folder(output, OutputKind.SCHEMAS, self._bare_protected())
        mark_output_folder(folder, OutputKind.SCHEMAS)
        return write_schemas(folder), vscode_settings(folder, self.content_dir)

    @staticmethod
    def schema_reference() -> str:
        """``xinfang schema --reference``: every content field, as Markdown."""
        from .schemas import reference_markdown

        return reference_markdown()

    def templates_diff(self, folder: Path | None) -> list[str]:
        """``xinfang templates diff``: how the office's letter templates differ from the shipped ones."""
        from .letters.templates import diff_lines

        return diff_lines(self.content_dir, folder)

    def read_schedule_table(self, source: Path, *, unit: str | None = None, year: int | None = None,
                            sheet: str | None = None, table: int | None = None,
                            columns: str | None = None) -> Imported:
        """``xinfang import``, first half: the sessions a table holds, nothing written yet."""
        from .tables.schedule_import import Options, import_table, parse_columns

        if year is not None and not 1900 <= year <= 9999:
            raise UsageError("--year 应为四位数的年份，如 --year 2027")
        content = self.prepare().content
        if unit is not None and unit not in content.units:
            raise UsageError(f"--unit {unit} 不在 units.yaml 里；可用：" + "、".join(list(content.units)[:20]))
        options = Options(unit=unit, year=year, sheet=sheet, table=table,
                          columns=parse_columns(columns) if columns else None)
        return import_table(source, content, options)

    def write_schedule(self, source: Path, imported: Imported, output: Path | None, *, partial: bool = False,
                       force: bool = False) -> Written:
        """``xinfang import``, second half: the sessions read written as a schedule file; rows in
        error stop it unless ``partial`` (then each is a warning)."""
        from .tables.schedule_import import RowErrors, write_import

        if imported.problems and not partial:
            raise RowErrors(imported.problems)
        for problem in imported.problems:
            self._warning(f"{problem}（--partial：这一行没有导入）")
        return write_import(source, imported, self.content_dir, output, force=force, today=self.today)

    def recheck(self) -> list[Problem]:
        """The content as it is now on disk (after ``import`` wrote to it) checked afresh: every
        problem, none when it passes."""
        try:
            Pipeline(self.content_dir, cases_dir=self.cases_dir, today=self.today, letters_dir=self.letters_dir,
                     warn=self.warn).check()
        except ContentError as exc:
            return exc.problems
        return []

    def export_schedule(self, output: Path, *, month: str | None = None, start: str | None = None,
                        end: str | None = None, unit: str | None = None) -> tuple[str, int]:
        """``xinfang export schedule``: a month (or ``start`` to ``end``) of sessions as the table
        offices send round (.docx, .xlsx or .csv by ``output``'s name); its title and rows."""
        from .tables.schedule_export import export, export_span, export_suffix, heading, rows_for

        first, last = export_span(month, start, end)
        suffix = export_suffix(output)
        prepared = self.check()
        target = check_output_file(output, suffix, "接访安排表", self.protected())
        sessions = [s for s in prepared.sessions if unit is None or s.unit == unit]
        if unit is not None and unit not in prepared.content.units:
            raise UsageError(f"--unit {unit} 不在 units.yaml 里")
        rows = rows_for(sessions, prepared.content, first, last)
        title = heading(prepared.content, first, last)
        export(rows, title, target)
        return title, len(rows)
