"""The ``xinfang`` command: one function per verb, each returning an exit code.

Exit codes: 0 success, 1 bad content or a failed build, 2 misuse.  Messages are
Chinese; ``--help`` carries English alongside so anyone can operate it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from .casework.letter_specs import LETTERS
from .chinese import cn_date
from .errors import UsageError, explain
from .output_guard import OutputKind, Protected, check_output_folder, mark_output_folder
from .pipeline import Pipeline, Prepared, resolve_today

Command = Callable[[argparse.Namespace], int]


def _print(message: str = "") -> None:
    print(message, flush=True)


def _error(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _warn(message: str) -> None:
    _error(f"警告：{message}")


def _pipeline(args: argparse.Namespace) -> Pipeline:
    return Pipeline(Path(args.content), cases_dir=Path(args.cases) if args.cases else None,
                    today=resolve_today(getattr(args, "today", None)),
                    letters_dir=Path(getattr(args, "letters_dir", "letters")), warn=_warn)


def _font_report(prepared: Prepared) -> None:
    from .letters.fonts import plan, report

    notes, warnings = report(prepared.content.office.letters.fonts, plan(prepared.content.office.letters.fonts))
    for note in notes:
        _print(note)
    for warning in warnings:
        _warn(warning)


def cmd_check(args: argparse.Namespace) -> int:
    pipeline = _pipeline(args)
    prepared = pipeline.check()
    pipeline.check_site()
    content = prepared.content
    for note in prepared.notes:  # dates a rule moved or left out: for the clerk to compare with the notice
        _error(f"提示：{note}")
    active = sum(1 for s in prepared.sessions if s.is_active)
    _print(
        f"检查通过：{len(content.units)} 个单位、{len(content.leaders)} 位领导、"
        f"{len(content.topics)} 个问题类别、{len(prepared.sessions)} 场接访（{active} 场照常）、"
        f"{len(content.policies)} 篇政策解读、{len(content.notices)} 条通知、{len(content.cases)} 件案件。"
    )
    return 0


def schedule_reach(until: dt.date | None) -> str:
    """How far the published schedule reaches: the pages work out today in the reader's browser,
    and past this day they can only say that nothing more is published."""
    if until is None:
        return "已公布的接访安排：没有。"
    return (f"已公布的接访安排到{cn_date(until)}为止。页面上的“今天”“下一次”由读者的浏览器按当天计算；"
            "通知、暂停和新的安排要重新生成才会上网：请每天重新生成一次（见 README“每天重新生成”）。")


def cmd_build(args: argparse.Namespace) -> int:
    pipeline = _pipeline(args)
    report, written = pipeline.build(Path(args.site_dir), strict=args.strict, pdf=args.pdf, engine=args.engine)
    for path in report.cleaned:
        _error(f"已清理上次中断的生成留下的临时目录：{path}")
    _print(f"网站已生成：{args.site_dir}/（{report.pages} 个页面），可直接放到任何网站服务器上发布；"
           f"本机预览：python -m http.server -d {args.site_dir} 8000，或运行 xinfang serve。")
    _print(f"文书已生成：{len(written)} 份，在 {args.letters_dir}/。")
    _print(schedule_reach(report.schedule_until))
    if args.pdf and written:
        _font_report(pipeline.prepare())
    return 0


def cmd_bundle(args: argparse.Namespace) -> int:
    report = _pipeline(args).bundle(Path(args.output))
    _print(f"网站副本已生成：{report.output}（{report.pages} 个页面，{report.files} 个文件）。"
           f"解压后双击其中的 index.html 即可浏览，不需要网站服务器；说明见其中的使用说明.txt。")
    return 0


def _serve_address(text: str, public: bool) -> str:
    """``host:port``; a host other than this machine's loopback only with ``--public``
    (the preview is built from unchecked content and shows the privacy guard's findings)."""
    import ipaddress

    host, _, port = text.strip().rpartition(":")
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not bare or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise UsageError(f"--address “{text}”应写成 主机:端口，如 127.0.0.1:8000（端口 1 至 65535）")
    try:
        loopback = bare == "localhost" or ipaddress.ip_address(bare).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not public:
        raise UsageError(f"--address {text} 会让本机以外的电脑也能打开预览（预览用的是未经发布检查的内容）；"
                         "只在本机预览请用 127.0.0.1:8000，确需对外请另加 --public")
    if not loopback:
        _warn(f"预览对外开放（{text}）：同一网络中的任何人都能看到未发布的内容，用完请及时关闭")
    return text.strip()


def cmd_serve(args: argparse.Namespace) -> int:
    from .site.build import serve as preview

    address = _serve_address(args.address, args.public)
    content_dir, cases_dir = Path(args.content), Path(args.cases) if args.cases else None
    return preview.serve(
        load=lambda: Pipeline(content_dir, cases_dir=cases_dir, warn=_warn).prepare(),
        content_dir=content_dir, cases_dir=cases_dir,
        today=lambda: resolve_today(args.today), address=address,
    )


def cmd_letter(args: argparse.Namespace) -> int:
    pipeline = _pipeline(args)
    for path in pipeline.letter(args.case_id, args.kind, Path(args.output) if args.output else None, pdf=args.pdf,
                                answer=args.answer, force=args.force):
        _print(f"已生成：{path}")
    if args.pdf:
        _font_report(pipeline.prepare())
    return 0


def cmd_deadlines(args: argparse.Namespace) -> int:
    from .casework.report import format_rows, select_rows

    pipeline = _pipeline(args)
    rows = select_rows(pipeline.prepare(), pipeline.deadlines(), lead=args.lead, backlog=args.backlog)
    if args.json:
        _print(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
    else:
        _print(format_rows(rows))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schemas import reference_markdown, vscode_settings, write_schemas

    if args.reference:
        _print(reference_markdown())
        return 0
    content = Path(args.content)
    folder = check_output_folder(Path(args.output), OutputKind.SCHEMAS,
                                 Protected.around(content, [Path(args.cases) if args.cases else content / "cases"]))
    mark_output_folder(folder, OutputKind.SCHEMAS)
    for path in write_schemas(folder):
        _print(f"已写入：{path}")
    _print("\n在 VS Code（YAML 扩展）的 .vscode/settings.json 中加入：")
    _print(json.dumps(vscode_settings(folder, Path(args.content)), ensure_ascii=False, indent=2))
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    output = _pipeline(args).ledger(Path(args.output))
    _print(f"台账已写入：{output}（内部资料，不要放进网站目录）")
    return 0


MAX_TEXT_BYTES = 200_000
"""A 通报's closing text is a page or two, never megabytes."""


def _read_text(path: str) -> str:
    """The office's own closing paragraphs (``report --text``): UTF-8 (with or without BOM) or GB18030,
    as Windows editors save it."""
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"--text 文件“{path}”不存在；请写一个文本文件的路径（每段一行）")
    raw = file.read_bytes()
    if len(raw) > MAX_TEXT_BYTES:
        raise UsageError(f"--text 文件“{path}”有 {len(raw)} 字节，不像一段结束语；请检查是否选错了文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UsageError(f"--text 文件“{path}”不是文本（UTF-8 或 GBK）；请另存为文本文件")


def cmd_report(args: argparse.Namespace) -> int:
    from .statistics.report import parse_period

    period = parse_period(args.period)
    closing = _read_text(args.text) if args.text else None
    written, number = _pipeline(args).report(period, Path(args.output), closing=closing, pdf=args.pdf)
    for path in written:
        _print(f"已生成：{path}" + (f"（{number}）" if number and path.suffix == ".docx" else ""))
    if closing is None:
        _print("提示：没有写结束语（下一步工作要求）；可用 --text 文件 加上，每段一行")
    return 0


def cmd_statistics(args: argparse.Namespace) -> int:
    from .statistics.breakdowns import Breakdown
    from .statistics.report import parse_period, parse_range, period_text
    from .statistics.tables import SUMMARY, StatisticsTables, period_files

    if (args.start is None) != (args.end is None):
        raise UsageError("--from 和 --to 要一起写，如 --from 2026-07-01 --to 2026-10-31")
    today = resolve_today(args.today)
    period = (parse_range(args.start, args.end) if args.start
              else parse_period(args.period or str(today.year)))
    by = Breakdown(args.by) if args.by else None
    tables = StatisticsTables(_pipeline(args).check(), today)
    if args.format == "text":
        _print(period_text(tables.stats, tables.content, period, by, today))
    else:
        raw = period_files(tables, period)[(by.value if by else SUMMARY, args.format)]
        _print(raw.decode("utf-8-sig").rstrip("\r\n"))
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    from .site.build.publish import Releases

    with Releases(Path(args.site_dir)).locked() as releases:
        now, aside = releases.rollback()
    _print(f"已恢复上一版网站：{args.site_dir}/ 现在是 {now} 生成的版本；"
           f"被替换的版本 {aside or '（无标记）'} 留作“上一版”，再运行一次 xinfang rollback 即可撤销这次恢复。")
    return 0


def cmd_void(args: argparse.Namespace) -> int:
    entry = _pipeline(args).void(args.number, args.reason)
    _print(f"已作废：{entry.text}（{entry.case} {entry.kind}）。该号码不会再使用；重新生成这份文书会取得新号。")
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    from .casework.numbers import doc_number

    entry = _pipeline(args).start_register(args.code.strip(), args.year, args.first)
    _print(f"已记录：{entry.code} {entry.year} 年从纸质登记簿接续，"
           f"下一个文号是 {doc_number(entry.code, entry.year, entry.number)}。")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .atomic import write_text
    from .errors import ContentError
    from .output_guard import published_site_around
    from .tables.schedule_import import (
        Options,
        RowErrors,
        import_table,
        parse_columns,
        proposed_yaml,
        schedule_yaml,
        summary_lines,
    )

    if args.year is not None and not 1900 <= args.year <= 9999:
        raise UsageError("--year 应为四位数的年份，如 --year 2027")
    pipeline = _pipeline(args)
    content = pipeline.prepare().content
    if args.unit is not None and args.unit not in content.units:
        raise UsageError(f"--unit {args.unit} 不在 units.yaml 里；可用：" + "、".join(list(content.units)[:20]))
    options = Options(unit=args.unit, year=args.year, sheet=args.sheet, table=args.table,
                      columns=parse_columns(args.columns) if args.columns else None)
    source = Path(args.file)
    imported = import_table(source, content, options)
    for line in summary_lines(imported):
        _print(line)
    if imported.problems and not args.partial:
        raise RowErrors(imported.problems)
    for problem in imported.problems:
        _warn(f"{problem}（--partial：这一行没有导入）")
    if not imported.sessions:
        raise UsageError(f"{source} 里没有一行能导入；请按上面的提示改正后再导入")
    days = sorted(r.date for r in imported.sessions)
    months = {(d.year, d.month) for d in days}
    default = (f"{days[0]:%Y-%m}.yaml" if len(months) == 1 else f"import-{days[0]:%Y%m%d}-{days[-1]:%Y%m%d}.yaml")
    output = Path(args.output) if args.output else Path(args.content) / "schedule" / default
    # beside content/, not in it: the loader would read it as content before the clerk has checked it
    proposed = Path(args.content).resolve().parent / f"待核对领导-{output.stem}.yaml"
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"输出文件 {output} 应以 .yaml 结尾，如 -o content/schedule/{default}")
    for target in (output, proposed) if imported.proposed else (output,):
        if target.exists() and not args.force:
            raise UsageError(f"{target} 已存在；为免覆盖已有的安排，已停止，未写入任何文件。"
                             "确认要替换它时加 --force，或用 -o 另写一个文件")
        if published_site_around(target.resolve().parent) is not None:
            raise UsageError(f"{target} 在已发布的网站目录里；请写到 content/schedule/")
    output.parent.mkdir(parents=True, exist_ok=True)
    write_text(output, schedule_yaml(source, imported, resolve_today(None)))
    _print(f"已写入：{output}（{len(imported.sessions)} 场接访）")
    if imported.proposed:
        write_text(proposed, proposed_yaml(source, imported))
        _print(f"待核对的领导（{len(imported.proposed)} 位）已另存：{proposed}；核对后复制进 content/leaders.yaml")
    try:
        Pipeline(Path(args.content), cases_dir=Path(args.cases) if args.cases else None,
                 today=resolve_today(None), warn=_warn).check()
    except ContentError as exc:
        _error(f"导入的安排已写入，但 xinfang check 发现 {len(exc.problems)} 处问题，请在文件中改正：")
        for problem in exc.problems:
            _error(str(problem))
        return 1
    _print("xinfang check 通过。")
    return 1 if imported.problems else 0  # --partial: written, but rows of the table are missing


def cmd_export(args: argparse.Namespace) -> int:
    import calendar
    import datetime as dt
    import re

    from .output_guard import check_output_file
    from .tables.schedule_export import export, heading, rows_for

    if (args.start is None) != (args.end is None) or (args.start is None) == (args.period is None):
        raise UsageError("写一个月份（xinfang export schedule 2027-01 -o 接访安排.docx），"
                         "或 --from 和 --to 一起写（--from 2027-01-01 --to 2027-03-31）")
    try:
        if args.period is not None:
            match = re.fullmatch(r"(\d{4})-(\d{1,2})", args.period.strip())
            if not match:
                raise ValueError
            year, month = int(match.group(1)), int(match.group(2))
            start = dt.date(year, month, 1)
            end = dt.date(year, month, calendar.monthrange(year, month)[1])
        else:
            start, end = dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end)
    except ValueError:
        raise UsageError("月份写成 2027-01，日期写成 2027-01-31") from None
    if end < start:
        raise UsageError("--to 早于 --from；请检查日期")
    output = Path(args.output)
    suffix = output.suffix.lower()
    if suffix not in (".docx", ".xlsx", ".csv"):
        raise UsageError(f"{output}: 导出的文件应以 .docx、.xlsx 或 .csv 结尾，如 -o 接访安排.docx")
    pipeline = _pipeline(args)
    prepared = pipeline.check()
    content_dir = Path(args.content)
    target = check_output_file(output, suffix, "接访安排表", Protected.around(
        content_dir, [Path(args.cases) if args.cases else content_dir / "cases"]))
    sessions = [s for s in prepared.sessions if args.unit is None or s.unit == args.unit]
    if args.unit is not None and args.unit not in prepared.content.units:
        raise UsageError(f"--unit {args.unit} 不在 units.yaml 里")
    rows = rows_for(sessions, prepared.content, start, end)
    title = heading(prepared.content, start, end)
    export(rows, title, target)
    _print(f"已导出：{output}（{title}，{len(rows)} 场接访）")
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from .letters.templates import FOLDER, compare

    content = Path(args.content)
    folder = Path(args.templates) if args.templates else next(
        (p for p in (content.resolve().parent / FOLDER, Path.cwd() / FOLDER) if p.is_dir()), None)
    if folder is None:
        _print(f"本机构没有自己的 {FOLDER}/（应与 {content} 放在同一级）：文书用的就是随这个版本的 xinfang 安装的模板，"
               "无需比较。")
        return 0
    if not folder.is_dir():
        raise UsageError(f"模板目录 {folder} 不存在；请写本机构 {FOLDER}/ 的路径")
    differences = compare(folder)
    for item in differences:
        if item.state == "extra":
            _print(f"# {item.name}：只有本机构有（随 xinfang 安装的模板里没有这个文件）")
        elif item.state == "missing":
            _print(f"# {item.name}：本机构没有，新版 xinfang 带有这个模板（可以复制过去）")
        else:
            _print(f"# {item.name}：本机构改过，或新版改了措辞")
        for line in item.diff:
            _print(line)
    if differences:
        _print(f"共 {len(differences)} 个文件不同。“-”行是随 xinfang 安装的模板，“+”行是 {folder} 里的；"
               "需要新版的改动时，把“-”行的内容照着改进本机构的模板。")
    else:
        _print(f"{folder} 与随 xinfang 安装的模板完全相同。")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .init import init_project
    from .model.units import UnitLevel

    folder = Path(args.folder)
    init_project(folder, args.name, UnitLevel(args.unit_level), resolve_today(None), host=args.host)
    _print(f"已为“{args.name.strip()}”建立新的内容文件夹：{folder}/")
    _print(f"下一步：cd {folder}，把 content/ 里写着“待填写”的地方换成真实信息，"
           "然后运行 xinfang check 检查、xinfang serve 预览、xinfang build 生成网站。")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xinfang",
        description="信访工作机构的公开网站与公文生成工具。\n"
        "Builds a letters-and-visits office's public website and its GB/T 9704 letters "
        "from YAML and Markdown content.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true",
                        help="出错时显示完整的调用栈，便于报告问题 / show the traceback when something fails")
    commands = parser.add_subparsers(dest="command", metavar="命令 COMMAND", required=True)

    def add(name: str, help_text: str, func: Command) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--content", default="content", metavar="DIR",
                         help="内容目录 / content directory (default: content)")
        sub.add_argument("--cases", metavar="DIR",
                         help="案件目录，默认 content/cases / case files directory (kept outside the repo)")
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                         help="出错时显示完整的调用栈 / show the traceback when something fails")
        sub.set_defaults(func=func)
        return sub

    init = commands.add_parser(
        "init", help="为新机构建立内容文件夹 / start a new office's content folder",
        description="为新机构建立最小的内容文件夹（机构、一个单位、一位领导、一个问题类别、一条接访规则、"
                    "节假日文件、mkdocs.yml），可以直接检查和生成网站。\n"
                    "Writes a minimal project for a new office (office, one unit, one leader, one topic, "
                    "one weekly rule, the holidays file, mkdocs.yml) that passes `check` and builds.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    init.add_argument("folder", metavar="DIR", help="新文件夹（不存在或为空）/ new folder (missing or empty)")
    init.add_argument("--name", required=True,
                      help="机构全称，如 某某县信访局 / the office's full name, e.g. 某某县信访局")
    init.add_argument("--host", help="网站主办单位，如 某某县人民政府办公室；不写则信访局按本级政府办公室填写、"
                                     "其他部门留作待填写 / the site's host (default: the government's general "
                                     "office for a 信访局, left to fill for other departments)")
    init.add_argument("--unit-level", choices=["city", "county"], default="city",
                      help="本级是市（city）还是县（county），默认 city / the office's level (default: city)")
    init.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                      help="出错时显示完整的调用栈 / show the traceback when something fails")
    init.set_defaults(func=cmd_init)

    check = add("check", "检查内容，列出全部错误 / validate content and list every problem", cmd_check)
    check.add_argument("--today", metavar="YYYY-MM-DD",
                       help="按这一天检查（如接访安排是否过时）/ check as of this date (e.g. a stale schedule)")
    check.add_argument("--letters-dir", default="letters",
                       help="已生成文书的目录，用于核对文号登记簿 / letters folder checked against the register")

    build = add("build", "检查并生成网站和文书 / check, build the site into site/ and the letters", cmd_build)
    build.add_argument("--site-dir", default="site", help="网站输出目录 / site output (default: site)")
    build.add_argument("--letters-dir", default="letters", help="文书输出目录 / letters output (default: letters)")
    build.add_argument("--today", metavar="YYYY-MM-DD", help="按这一天生成“今天” / build as of this date")
    build.add_argument("--strict", action="store_true",
                       help="有警告即失败（如未来14天无接访）/ fail on warnings (e.g. stale schedule)")
    build.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 转 PDF / also convert letters to PDF")
    build.add_argument("--engine", choices=["mkdocs", "properdocs", "zensical"], default="mkdocs",
                       help="生成网站的引擎，默认 mkdocs（其他两种需另装：pip install 'xinfang[zensical]'）"
                            " / the static-site engine (default mkdocs; the others are optional extras)")

    bundle = add("bundle", "生成可从文件夹、U盘直接打开的网站副本（zip）/ the site as a zip that opens from files",
                 cmd_bundle)
    bundle.add_argument("-o", "--output", required=True, metavar="FILE.zip",
                        help="输出的 zip 文件，如 示例市信访局网站.zip / the zip to write")
    bundle.add_argument("--today", metavar="YYYY-MM-DD", help="按这一天生成“今天” / build as of this date")

    rollback = add("rollback", "恢复上一版已发布的网站 / put the previous published site back (run again to undo)",
                   cmd_rollback)
    rollback.add_argument("--site-dir", default="site", help="网站目录 / site folder (default: site)")

    serve = add("serve", "本地预览网站，修改内容自动刷新 / preview the site with live reload", cmd_serve)
    serve.add_argument("--address", default="127.0.0.1:8000",
                       help="监听地址，默认只有本机能打开 / address (default: 127.0.0.1:8000, this machine only)")
    serve.add_argument("--public", action="store_true",
                       help="允许 --address 是本机以外能访问的地址 / allow an address other machines can reach")
    serve.add_argument("--today", metavar="YYYY-MM-DD", help="按这一天生成 / build as of this date")

    letter = add("letter", "为一件案件生成一份文书 / render one letter for one case", cmd_letter)
    letter.add_argument("case_id", metavar="CASE_ID", help="案件 id / case id")
    letter.add_argument("kind", metavar="KIND",
                        help="文书类型 / letter kind: " + " ".join(LETTERS))
    letter.add_argument("-o", "--output", metavar="FILE", help="输出文件 / output .docx")
    letter.add_argument("--pdf", action="store_true", help="同时转 PDF / also convert to PDF")
    letter.add_argument("--answer", type=int, default=1, metavar="N",
                        help="第几份处理意见书的文书（案件重新答复过时）/ the letters of the case's "
                             "N-th answer (default 1, the first)")
    letter.add_argument("--force", metavar="REASON",
                        help="提示函、督办函、建议函与案件状态不符（已办结、已超期）时仍要发出，"
                             "写明原因，记入文号登记簿 / "
                             "make a supervision letter the case's state does not call for; the reason is "
                             "recorded in the register")

    deadlines = add("deadlines", "未办结案件的下一个期限，最早的在前 / open cases by next due date", cmd_deadlines)
    deadlines.add_argument("--today", metavar="YYYY-MM-DD", help="按这一天计算 / as of this date")
    deadlines.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    deadlines.add_argument("--lead", metavar="LEADER_ID",
                           help="只列这位包案领导的案件，督查等级高的在前 / only this leader's cases (包案)")
    deadlines.add_argument("--backlog", action="store_true",
                           help="只列挂牌未销号的积案 / only backlog cases (积案) still on the board")

    schema = add("schema", "生成内容文件的 JSON Schema（编辑器自动补全）/ write JSON Schemas for editors",
                 cmd_schema)
    schema.add_argument("-o", "--output", default="schemas", help="输出目录 / output folder (default: schemas)")
    schema.add_argument("--reference", action="store_true",
                        help="输出字段说明（Markdown）/ print the content reference as Markdown")

    void = add("void", "作废一个文号 / void a document number (it is never reused)", cmd_void)
    void.add_argument("number", metavar="NUMBER", help="文号，如 示信复〔2026〕3号 / the number as printed")
    void.add_argument("--reason", required=True, help="作废原因 / why")

    register = add("register", "文号登记簿 / the document-number register", cmd_register)
    register_actions = register.add_subparsers(dest="action", metavar="ACTION", required=True)
    start = register_actions.add_parser(
        "start", help="从纸质登记簿接续编号 / continue numbering from a paper register",
        description="从纸质登记簿接续编号：xinfang register start 示信复 2026 46 → 下一个文号为 示信复〔2026〕46号。"
        " / The next number given for CODE in YEAR will be FIRST.")
    start.add_argument("--content", default=argparse.SUPPRESS, metavar="DIR",
                       help="内容目录 / content directory (default: content)")
    start.add_argument("code", metavar="CODE", help="机关代字，如 示信复 / the issuing code")
    start.add_argument("year", metavar="YEAR", type=int, help="年份 / year")
    start.add_argument("first", metavar="FIRST", type=int, help="下一个要用的序号 / the next number to give")

    stats = add("statistics", "任一统计期或区间的统计数字，含上期和上年同期 / figures for a period or a date range",
                cmd_statistics)
    stats.add_argument("period", nargs="?", metavar="PERIOD",
                       help="2026（年 year）、2026-q3（季度 quarter）、2026-09（月 month）；"
                            "默认今年 / default: this year")
    stats.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="自选区间的第一天 / first day of a range")
    stats.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="自选区间的最后一天（含）/ last day (inclusive)")
    stats.add_argument("--by", choices=["counties", "townships", "departments", "topics"],
                       help="分列：区县、乡镇街道、承办单位、问题类别 / breakdown")
    stats.add_argument("--format", choices=["text", "csv", "json"], default="text",
                       help="输出格式（csv/json 与网站开放数据相同）/ output format (default: text)")
    stats.add_argument("--today", metavar="YYYY-MM-DD", help="统计日（办理进度截至这一天）/ as of this date")

    report = add("report", "生成每月（季、年）《信访情况通报》.docx / write the office's monthly bulletin (通报)",
                 cmd_report)
    report.add_argument("period", metavar="PERIOD",
                        help="2026-11（月 month）、2026-q4（季度 quarter）、2026（年 year）")
    report.add_argument("-o", "--output", default="信访情况通报.docx", help="输出文件 / output .docx")
    report.add_argument("--text", metavar="FILE",
                        help="结束语（下一步工作要求），文本文件，每段一行 / closing paragraphs, one per line")
    report.add_argument("--pdf", action="store_true", help="同时转 PDF / also convert to PDF")
    report.add_argument("--today", metavar="YYYY-MM-DD", help="成文日期，办理进度截至这一天 / as of this date")

    imports = add("import", "从 Word、Excel、CSV 或网页的接访安排表导入 / "
                            "import a schedule table (.docx .xlsx .csv .html)", cmd_import)
    imports.add_argument("file", metavar="FILE", help="接访安排表 / the table: .docx, .xlsx, .csv, .html/.htm")
    imports.add_argument("-o", "--output", metavar="FILE",
                         help="写到哪个文件，默认 content/schedule/<年-月>.yaml / the schedule file to write")
    imports.add_argument("--sheet", metavar="NAME", help="Excel 的工作表名 / the workbook's sheet")
    imports.add_argument("--table", metavar="N", type=int, help="第几个表格（Word、网页）/ which table, from 1")
    imports.add_argument("--unit", metavar="UNIT_ID",
                         help="接访单位，默认本机构的单位 / the unit (default: the office's)")
    imports.add_argument("--year", metavar="YEAR", type=int,
                         help="年份（表里只写“2月2日”、标题也没有年份时）/ the year when the table omits it")
    imports.add_argument("--columns", metavar="LIST",
                         help="按顺序写各列是什么（表头不同寻常时），如 日期,星期,接访领导,职务,地点；不用的列写 - "
                              "/ name the columns in order when the headers are unusual")
    imports.add_argument("--partial", action="store_true",
                         help="有出错的行时仍写入其余各行 / write the good rows even when some rows fail")
    imports.add_argument("--force", action="store_true", help="覆盖已有的输出文件 / overwrite an existing output file")

    exports = commands.add_parser("export", help="导出接访安排表 / export the schedule as a table",
                                  description="导出接访安排表 / export the schedule as a table")
    export_kinds = exports.add_subparsers(dest="kind", metavar="WHAT", required=True)
    schedule = export_kinds.add_parser(
        "schedule", help="一个月（或一段时间）的接访安排，.docx、.xlsx 或 .csv / a month of sessions as a table",
        description="把一个月（或 --from/--to 的一段时间）的接访安排导出为各单位互相转发的表格：每场一行，"
                    "日期、星期、时间、单位、接访领导、地点、方式、受理范围、预约方式、电话、备注；"
                    "xinfang import 能原样读回。\n"
                    "Writes the month (or a range) as the table offices send round, one row per session; "
                    "xinfang import reads it back.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    schedule.add_argument("period", nargs="?", metavar="YYYY-MM", help="月份，如 2027-01 / the month")
    schedule.add_argument("-o", "--output", required=True, metavar="FILE",
                          help="输出文件：.docx、.xlsx 或 .csv / output file")
    schedule.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="第一天 / first day of a range")
    schedule.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="最后一天（含）/ last day (inclusive)")
    schedule.add_argument("--unit", metavar="UNIT_ID", help="只导出这个单位 / only this unit")
    schedule.add_argument("--content", default="content", metavar="DIR",
                          help="内容目录 / content directory (default: content)")
    schedule.add_argument("--cases", metavar="DIR", help="案件目录 / case files directory")
    schedule.add_argument("--today", metavar="YYYY-MM-DD", help="按这一天 / as of this date")
    schedule.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                          help="出错时显示完整的调用栈 / show the traceback when something fails")
    schedule.set_defaults(func=cmd_export)

    templates = add("templates", "文书模板 / the letter templates", cmd_templates)
    template_actions = templates.add_subparsers(dest="action", metavar="ACTION", required=True)
    diff = template_actions.add_parser(
        "diff", help="本机构的模板与随 xinfang 安装的模板有何不同 / how the office's templates differ from "
                     "the installed version's",
        description="列出本机构 letter_templates/ 与随这个版本的 xinfang 安装的模板的不同（统一 diff 格式）："
                    "升级后据此把新版的改动照着改进本机构的措辞。\n"
                    "Shows how the office's letter_templates/ differ from the templates shipped with the "
                    "installed xinfang, so an upgrade's corrections can be taken over by hand.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    diff.add_argument("--content", default=argparse.SUPPRESS, metavar="DIR",
                      help="内容目录 / content directory (default: content)")
    diff.add_argument("--templates", metavar="DIR",
                      help="本机构的模板目录，默认为内容目录旁的 letter_templates/ / the office's templates folder")

    ledger = add("ledger", "生成内部台账 .xlsx / write the internal case ledger (.xlsx)", cmd_ledger)
    ledger.add_argument("-o", "--output", default="台账.xlsx", help="输出文件 / output file")
    ledger.add_argument("--today", metavar="YYYY-MM-DD", help="按这一天计算 / as of this date")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help is 0, misuse is 2
        return int(exc.code or 0)
    debug = bool(getattr(args, "debug", False)) or os.environ.get("XINFANG_DEBUG") == "1"
    try:
        return int(args.func(args))
    except BaseException as exc:  # the one error boundary: see errors.explain
        if isinstance(exc, SystemExit):
            raise
        failure = explain(exc)
        if debug:
            traceback.print_exc()
        for line in failure.lines:
            _error(line)
        return failure.code


def run() -> None:
    sys.exit(main())


