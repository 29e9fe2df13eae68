"""The ``xinfang`` command: one function per verb, each mapping its arguments to one
``Pipeline`` method (``init_project`` for init) and printing what it returns, with an exit code.

Exit codes: 0 success, 1 bad content or a failed build, 2 misuse.  Messages are
Chinese; ``--help`` carries English alongside so anyone can operate it.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from .casework.letter_specs import LETTERS
from .errors import explain
from .pipeline import Pipeline, resolve_today

Command = Callable[[argparse.Namespace], int]


def _print(message: str = "") -> None:
    print(message, flush=True)


def _error(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _warn(message: str) -> None:
    _error(f"警告：{message}")


_LOADED: list[Pipeline] | None = None
"""In ``run`` (the command's own process): its pipeline, kept until the process ends."""


def _pipeline(args: argparse.Namespace) -> Pipeline:
    pipeline = Pipeline(Path(args.content), cases_dir=Path(args.cases) if args.cases else None,
                        today=resolve_today(getattr(args, "today", None)),
                        letters_dir=Path(getattr(args, "letters_dir", "letters")), warn=_warn)
    if _LOADED is not None:
        _LOADED.append(pipeline)
    return pipeline


def _font_report(pipeline: Pipeline) -> None:
    notes, warnings = pipeline.font_report()
    for note in notes:
        _print(note)
    for warning in warnings:
        _warn(warning)


def cmd_check(args: argparse.Namespace) -> int:
    pipeline = _pipeline(args)
    pipeline.check_site()  # every check first, then the site's warnings
    prepared = pipeline.check()
    content = prepared.content
    for note in prepared.notes:  # dates a rule moved or left out: for the clerk to compare with the notice
        _error(f"提示：{note}")
    _print(
        f"检查通过：{len(content.units)} 个单位、{len(content.leaders)} 位领导、"
        f"{len(content.topics)} 个问题类别、{len(prepared.sessions)} 场接访（{prepared.active_sessions} 场照常）、"
        f"{len(content.policies)} 篇政策解读、{len(content.notices)} 条通知、{len(content.cases)} 件案件。"
    )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    pipeline = _pipeline(args)
    report, written = pipeline.build(Path(args.site_dir), strict=args.strict, pdf=args.pdf, engine=args.engine)
    for path in report.cleaned:
        _error(f"已清理上次中断的生成留下的临时目录：{path}")
    _print(f"网站已生成：{args.site_dir}/（{report.pages} 个页面），可直接放到任何网站服务器上发布；"
           f"本机预览：python -m http.server -d {args.site_dir} 8000，或运行 xinfang serve。")
    _print(f"文书已生成：{len(written)} 份，在 {args.letters_dir}/。")
    _print(report.reach())
    if args.pdf and written:
        _font_report(pipeline)
    return 0


def cmd_bundle(args: argparse.Namespace) -> int:
    report = _pipeline(args).bundle(Path(args.output), engine=args.engine)
    _print(f"网站副本已生成：{report.output}（{report.pages} 个页面，{report.files} 个文件）。"
           f"解压后双击其中的 index.html 即可浏览，不需要网站服务器；说明见其中的使用说明.txt。")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    return _pipeline(args).serve(args.address, public=args.public, today=lambda: resolve_today(args.today))


def cmd_letter(args: argparse.Namespace) -> int:
    pipeline = _pipeline(args)
    for path in pipeline.letter(args.case_id, args.kind, Path(args.output) if args.output else None, pdf=args.pdf,
                                answer=args.answer, force=args.force):
        _print(f"已生成：{path}")
    if args.pdf:
        _font_report(pipeline)
    return 0


def cmd_deadlines(args: argparse.Namespace) -> int:
    _print(_pipeline(args).deadline_listing(lead=args.lead, backlog=args.backlog, as_json=args.json))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    pipeline = _pipeline(args)
    if args.reference:
        _print(pipeline.schema_reference())
        return 0
    written, settings = pipeline.schemas(Path(args.output))
    for path in written:
        _print(f"已写入：{path}")
    _print("\n在 VS Code（YAML 扩展）的 .vscode/settings.json 中加入：")
    _print(json.dumps(settings, ensure_ascii=False, indent=2))
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    output = _pipeline(args).ledger(Path(args.output))
    _print(f"台账已写入：{output}（内部资料，不要放进网站目录）")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    written, number = _pipeline(args).report(args.period, Path(args.output), closing=args.text, pdf=args.pdf)
    for path in written:
        _print(f"已生成：{path}" + (f"（{number}）" if number and path.suffix == ".docx" else ""))
    if args.text is None:
        _print("提示：没有写结束语（下一步工作要求）；可用 --text 文件 加上，每段一行")
    return 0


def cmd_statistics(args: argparse.Namespace) -> int:
    _print(_pipeline(args).statistics(args.period, start=args.start, end=args.end, by=args.by, form=args.format))
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    now, aside = _pipeline(args).rollback(Path(args.site_dir))
    _print(f"已恢复上一版网站：{args.site_dir}/ 现在是 {now} 生成的版本；"
           f"被替换的版本 {aside or '（无标记）'} 留作“上一版”，再运行一次 xinfang rollback 即可撤销这次恢复。")
    return 0


def cmd_void(args: argparse.Namespace) -> int:
    entry = _pipeline(args).void(args.number, args.reason)
    _print(f"已作废：{entry.text}（{entry.case} {entry.kind}）。该号码不会再使用；重新生成这份文书会取得新号。")
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    entry = _pipeline(args).start_register(args.code.strip(), args.year, args.first)
    _print(f"已记录：{entry.code} {entry.year} 年从纸质登记簿接续，下一个文号是 {entry.text}。")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    pipeline = _pipeline(args)
    source = Path(args.file)
    imported = pipeline.read_schedule_table(source, unit=args.unit, year=args.year, sheet=args.sheet,
                                            table=args.table, columns=args.columns)
    for line in imported.summary_lines():
        _print(line)
    written = pipeline.write_schedule(source, imported, Path(args.output) if args.output else None,
                                      partial=args.partial, force=args.force)
    _print(f"已写入：{written.output}（{len(imported.sessions)} 场接访）")
    if written.proposed is not None:
        _print(f"待核对的领导（{len(imported.proposed)} 位）已另存：{written.proposed}；"
               "核对后复制进 content/leaders.yaml")
    problems = pipeline.recheck()
    if problems:
        _error(f"导入的安排已写入，但 xinfang check 发现 {len(problems)} 处问题，请在文件中改正：")
        for problem in problems:
            _error(str(problem))
        return 1
    _print("xinfang check 通过。")
    return 1 if imported.problems else 0  # --partial: written, but rows of the table are missing


def cmd_export(args: argparse.Namespace) -> int:
    title, rows = _pipeline(args).export_schedule(Path(args.output), month=args.period, start=args.start,
                                                  end=args.end, unit=args.unit)
    _print(f"已导出：{args.output}（{title}，{rows} 场接访）")
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    for line in _pipeline(args).templates_diff(Path(args.templates) if args.templates else None):
        _print(line)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .init import init_project  # the site's placeholders and the letter templates: only for init

    folder = Path(args.folder)
    init_project(folder, args.name, args.unit_level, resolve_today(None), host=args.host)
    _print(f"已为“{args.name.strip()}”建立新的内容文件夹：{folder}/")
    _print(f"下一步：cd {folder}，把 content/ 里写着“待填写”的地方换成真实信息，"
           "然后运行 xinfang check 检查、xinfang serve 预览、xinfang build 生成网站。")
    return 0


def _engine_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=["mkdocs", "properdocs", "zensical"], default="mkdocs",
                        help="生成网站的引擎，默认 mkdocs（其他两种需另装：pip install 'xinfang[zensical]'）"
                             " / the static-site engine (default mkdocs; the others are optional extras)")


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
    _engine_option(build)

    bundle = add("bundle", "生成可从文件夹、U盘直接打开的网站副本（zip）/ the site as a zip that opens from files",
                 cmd_bundle)
    bundle.add_argument("-o", "--output", required=True, metavar="FILE.zip",
                        help="输出的 zip 文件，如 示例市信访局网站.zip / the zip to write")
    bundle.add_argument("--today", metavar="YYYY-MM-DD", help="按这一天生成“今天” / build as of this date")
    _engine_option(bundle)

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
    global _LOADED
    _LOADED = []
    code = main()
    # what the command loaded (the models, the content, python-docx) lives until the process
    # ends (its pipeline is kept in _LOADED), and the interpreter's exit would walk all of it
    # again in full garbage collections (a sixth of a one-letter `xinfang letter`) and then
    # free it object by object (a city's content: ~0.1 s of `xinfang check`).  Frozen, the
    # collections skip it; the exit handlers run (multiprocessing's among them), the output
    # is flushed, and the process ends without the interpreter's teardown: the system frees
    # the memory at once
    gc.freeze()
    threading = sys.modules.get("threading")
    if threading is not None:
        main_thread = threading.main_thread()
        for thread in threading.enumerate():
            if thread is not main_thread and not thread.daemon:
                thread.join()  # as the interpreter's exit does
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`xinfang check | head`)
            stream.flush()
    os._exit(code)


