"""Write the MkDocs source tree: Markdown pages, feeds, data files, theme overrides,
and a ``mkdocs.yml`` that inherits the office's root ``mkdocs.yml``.

The tree is plain files, so ``mkdocs build -f <build>/mkdocs.yml`` (or a successor
that reads mkdocs.yml) builds the same site.  The one piece of xinfang it names is the
``rawhtml`` hooks file, a speed-up: without it every page comes out the same.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ...ics.feeds import AllDay, FeedWriter
from ...parallel import Background, forked_map
from ...privacy.scan import Scanner, format_leak
from ...privacy.values import carries_none, scan_values
from ...schedule.sessions import ScheduledSession
from ..files.feeds import feed_xml
from ..files.open_data import (
    schedule_files,
    schedule_schema,
    suspension_records,
    suspensions_csv,
    upcoming_json,
    upcoming_schema,
)
from ..pages import directory, documents, embed, home, schedule
from ..pages.cases import case_pages
from ..pages.statistics import statistics_part
from ..parts import rawhtml
from ..parts.data import SiteData, Wanted, by_leader, by_topic, everything
from ..parts.html import phone_html
from ..parts.markdown_body import MarkdownSettings
from ..parts.placement import LinkStyle, link_style, page_url
from ..parts.widgets import suspension_lines
from . import render_once, search_sections, search_text
from .identity import IDENTITY_KEYS, read_root_config, site_identity
from .warnings import site_warnings

THEME = Path(__file__).parent.parent / "theme"

RAW_HTML_HOOKS = str(Path(rawhtml.__file__).resolve())
SEARCH_TEXT_HOOKS = str(Path(search_text.__file__).resolve())
SEARCH_SECTIONS_HOOKS = str(Path(search_sections.__file__).resolve())
RENDER_ONCE_HOOKS = str(Path(render_once.__file__).resolve())

NAV = [
    {"首页": "index.md"},
    {"接访安排": "schedule/index.md"},
    {"我要反映的问题": "topics/index.md"},
    {"接访领导": "leaders/index.md"},
    {"办理流程": "process/index.md"},
    {"政策解读": "policies/index.md"},
    {"通知公告": "notices/index.md"},
    {"典型案例": "cases/index.md"},
    {"数据统计": "statistics/index.md"},
]


def nav_for(data: SiteData) -> list[dict[str, str]]:
    """The menu without the sections the office has nothing in (no policies, no published cases,
    no cases to count): an empty 政策解读 is a dead end for a citizen."""
    content = data.content
    empty = set()
    if not content.policies:
        empty.add("policies/index.md")
    if not any(c.publish for c in content.cases.values()):
        empty.add("cases/index.md")
    if not content.cases:
        empty.add("statistics/index.md")
    return [entry for entry in NAV if next(iter(entry.values())) not in empty]


@dataclass
class Tree:
    folder: Path
    config: Path
    pages: int
    warnings: list[str]
    large: bool
    """Big enough that generating and checking on several cores pays."""
    settings_changed: bool = True
    """The generated mkdocs.yml differs from the one in ``folder`` (every page shows it)."""
    removed: int = 0
    """Files of an earlier tree in ``folder`` that this one no longer has."""
    schedule_until: dt.date | None = None
    """The last day with a published session (``xinfang build`` says how far it reaches)."""
    scanned: set[str] = field(default_factory=set)
    """Files (under docs/) whose privacy was checked where they were generated (given a scanner)."""
    leaks: list[str] = field(default_factory=list)
    """What that check found, as report lines."""
    scanner: Scanner | None = None
    """The build's privacy scanner, as given to ``write_tree`` or made by it."""
    deferred: tuple[str, ...] = ()
    """The ``PARTS`` left for ``write_deferred`` (``write_tree(defer=True)``)."""
    links: LinkStyle = LinkStyle.FOLDERS
    """How the tree's links are written (the deferred parts write theirs the same way)."""


def pages_for(data: SiteData, wanted: Wanted = everything) -> dict[str, str]:
    """Every Markdown page but the month pages (those ``wanted``), keyed by its path under docs/."""
    content = data.content
    pages: dict[str, str] = {}
    keys = {t.id: directory.finder_keys(t) for t in content.topics.values()}
    singles: dict[str, Callable[[], str]] = {
        "index.md": lambda: home.home(data, keys),
        "schedule/index.md": lambda: schedule.overview(data),
        "schedule/week.md": lambda: schedule.week_page(data),
        "topics/index.md": lambda: directory.topic_index(data, home.topic_finder(data, "topics/index.md", keys)),
        "policies/index.md": lambda: documents.policy_index(data),
        "notices/index.md": lambda: documents.notice_index(data),
        "process/index.md": lambda: documents.process_page(data),
        embed.CODES_PAGE: lambda: embed.codes_page(data),
    }
    pages.update({path: page() for path, page in singles.items() if wanted(path)})
    if wanted("leaders/index.md"):  # with each county's page of leaders at city scale
        pages.update(directory.leader_pages(data))
    pages.update({f"leaders/{x.id}.md": directory.leader_page(data, x) for x in content.leaders.values()
                  if wanted(f"leaders/{x.id}.md")})
    for topic in content.topics.values():  # with its counties' pages, each asked for by itself
        pages.update(directory.topic_pages(data, topic, wanted))
    pages.update({f"policies/{p.id}.md": documents.policy_page(data, p) for p in content.policies.values()
                  if wanted(f"policies/{p.id}.md")})
    pages.update({f"notices/{n.id}.md": documents.notice_page(data, n)
                  for n in documents.notices_sorted(data) if wanted(f"notices/{n.id}.md")})
    if wanted("cases/index.md"):  # every case page: the lists by topic and year share them
        pages.update(case_pages(data))
    return pages


@dataclass
class Generated:
    """Files generated from structured values, and the values each of them carries (see
    privacy.values): their privacy is checked on those, not on their text read back."""

    files: dict[str, bytes]
    values: dict[str, set[str]]
    links: dict[str, set[str]] = field(default_factory=dict)
    """The links each feed among them carries, as ``checks.feed_urls`` reads them back."""


def files_for(data: SiteData, wanted: Wanted = everything) -> dict[str, bytes]:
    """Feeds and data files (those ``wanted``), keyed by their path under docs/."""
    return {**calendar_files(data, wanted).files, **open_data_files(data, wanted).files,
            **data_files(data, wanted).files}


def calendar_files(data: SiteData, wanted: Wanted = everything) -> Generated:
    """The .ics feeds (those ``wanted``): every session's, each leader's and each topic's, with
    their values."""
    content = data.content
    files: dict[str, bytes] = {}
    values: dict[str, set[str]] = {}
    links: dict[str, set[str]] = {}
    if not any(map(wanted, ["calendar/all.ics", *(f"calendar/leaders/{x}.ics" for x in content.leaders),
                            *(f"calendar/topics/{x}.ics" for x in content.topics)])):
        return Generated(files, values)  # (serve's pages: its calendars come after them)
    writer = FeedWriter(content, today=data.today, session_url=data.session_url)
    suspensions = suspension_records(data)
    # a suspension is an all-day event in the feeds of its units: whoever follows a leader learns the hall is closed
    closed = [AllDay(uid=f"suspension-{s.id}", start=s.start, end=s.end, summary=s.text,
                     description="\n".join(x for x in (f"原因：{s.reason}",
                                                       "暂停期间请通过：" + "；".join(s.alternatives), s.note) if x))
              for s in suspensions]

    affected = {f"suspension-{s.id}": {u.id for u in s.units} for s in suspensions}
    chains = {u: {x.id for x in content.unit_chain(u)} for u in content.units}

    def feed(path: str, name: str, sessions: list[ScheduledSession], *, everything: bool = False) -> None:
        """A leader's or topic's feed carries the suspensions of the units its sessions are in."""
        units = set().union(*(chains[u] for u in {s.unit for s in sessions})) if sessions else set()
        notices = [n for n in closed if everything or not affected[n.uid] or affected[n.uid] & units]
        files[path] = writer.feed(name, sessions, notices, values=values.setdefault(path, set()),
                                  links=links.setdefault(path, set()))

    if wanted("calendar/all.ics"):
        feed("calendar/all.ics", f"{content.office.name}领导接访", data.sessions, everything=True)
    # every leader and topic gets a feed, an empty one too: their pages link to it; the sessions
    # indexed only when one is wanted (a save in serve may want none: they follow the pages)
    indexes: dict[Callable[[list[ScheduledSession]], dict[str, list[ScheduledSession]]],
                  dict[str, list[ScheduledSession]]] = {}

    def sessions_of(index: Callable[[list[ScheduledSession]], dict[str, list[ScheduledSession]]],
                    key: str) -> list[ScheduledSession]:
        if index not in indexes:
            indexes[index] = index(data.sessions)
        return indexes[index].get(key, [])

    for leader in content.leaders.values():
        if wanted(path := f"calendar/leaders/{leader.id}.ics"):
            feed(path, f"{leader.name}（{leader.title}）接访", sessions_of(by_leader, leader.id))
    for topic in content.topics.values():
        if wanted(path := f"calendar/topics/{topic.id}.ics"):
            feed(path, f"受理“{topic.name}”的接访", sessions_of(by_topic, topic.id))
    return Generated(files, values, links)


def open_data_files(data: SiteData, wanted: Wanted = everything) -> Generated:
    """The open data of every session and suspension, with the values each file carries:
    data/schedule.json, data/schedule.csv and data/suspensions.csv (those ``wanted``)."""
    files: dict[str, bytes] = {}
    values: dict[str, set[str]] = {}
    links: dict[str, set[str]] = {}
    # every session's open-data record: only for the files that list them (serve asks for fewer)
    if any(map(wanted, ("data/schedule.json", "data/schedule.csv", "data/suspensions.csv"))):
        suspensions = suspension_records(data)
        files["data/schedule.json"], files["data/schedule.csv"] = schedule_files(
            data, suspensions, json_values=values.setdefault("data/schedule.json", set()),
            csv_values=values.setdefault("data/schedule.csv", set()),
            json_links=links.setdefault("data/schedule.json", set()))
        files["data/suspensions.csv"] = suspensions_csv(suspensions,
                                                        values=values.setdefault("data/suspensions.csv", set()))
    return Generated(files, values, links)


def data_files(data: SiteData, wanted: Wanted = everything) -> Generated:
    """The next 30 days' open data and the schemas, the notices feed, the portal widgets and our
    assets (those ``wanted``)."""
    files: dict[str, bytes] = {}
    whole: dict[str, Callable[[], bytes]] = {
        "data/schedule.schema.json": schedule_schema,
        "data/upcoming.json": lambda: upcoming_json(data),
        "data/upcoming.schema.json": upcoming_schema,
        "feed.xml": lambda: feed_xml(data),
    }
    files.update({path: make() for path, make in whole.items() if wanted(path)})
    files.update({path: page.encode("utf-8") for path, page in embed.widget_pages(data, wanted).items()})
    for asset in (THEME / "assets").iterdir():
        if wanted(path := f"assets/{asset.name}"):
            files[path] = asset.read_bytes()
    return Generated(files, {})


def _statistics(data: SiteData, wanted: Wanted) -> dict[str, str | bytes]:
    """Every statistics page and data file, or none (they all count the same cases)."""
    return statistics_part(data) if wanted("statistics/index.md") else {}


PARTS: dict[str, Callable[[SiteData, Wanted], dict[str, str] | dict[str, str | bytes] | Generated]] = {
    "open data": open_data_files, "months": schedule.month_pages, "calendars": calendar_files, "pages": pages_for,
    "data": data_files, "statistics": _statistics}
"""Independent parts of the tree, generated side by side on a multi-core machine, the
costliest first: each process takes the next part when it is free, so a long part started
last would run alone at the end.  At city scale, in CPU-s: open data 1.4, months 0.8,
calendars 1.1, pages 1.0, data 0.35, statistics 0.3: on two cores 2.4 (open data, pages) and
2.55.  The calendars go before the pages, though about as costly: the values of the open data and
the calendars are checked by the process that forked the others (``write_tree``), and
checked as soon as the calendars are done, they are not left to check after the last part.
(Since session 18 the open data and the calendars are made per kind of session, ``Wording.alike``:
about 0.75 CPU-s each at city scale, from the figures above; the order was not measured again.)"""
PARALLEL_SESSIONS = 5000
"""Below this many sessions forking costs more than it saves (and serve runs beside threads)."""
COPIED_PARTS = ("open data", "calendars")
"""The parts no page is made from: MkDocs only copies their files into the site.  At city
scale ``xinfang build`` generates them while MkDocs renders the pages, on the core it leaves
idle (``write_tree(defer=True)``, ``write_deferred``), instead of before: two fifths of the
generation's CPU (1.4 + 1.1 CPU-s in ``PARTS``' figures, 0.75 + 0.75 since), and 120 MB MkDocs
no longer copies.  With another engine they stay in ``PARTS``' order above."""


def is_large(data: SiteData) -> bool:
    """Whether the build forks: generation parts, the engine's render, the checks."""
    return has_many(len(data.sessions))


def has_many(sessions: int) -> bool:
    """``is_large`` of a site of this many sessions (known before the rest of the content is)."""
    return sessions >= PARALLEL_SESSIONS


@dataclass
class _Part:
    written: list[Path]
    pages: int
    values: dict[str, set[str]]
    """The values of the files generated from values (``Generated``), when they are to be checked."""
    links: dict[str, set[str]] = field(default_factory=dict)
    """Their links (``Generated.links``), handed on with their values."""


def _write_part(job: tuple[SiteData, Path, bool, Wanted], part: str) -> _Part:
    """Generate one part (what is ``wanted`` of it), write what changed, and hand back the
    values of the files generated from values when ``checked`` (their privacy is checked on them)."""
    data, docs, checked, wanted = job
    return _write_generated(docs, PARTS[part](data, wanted), checked)


def _generate_part(job: tuple[SiteData, Wanted], part: str) -> dict[str, str] | dict[str, str | bytes] | Generated:
    data, wanted = job
    return PARTS[part](data, wanted)


def _write_generated(docs: Path, made: dict[str, str] | dict[str, str | bytes] | Generated,
                     checked: bool) -> _Part:
    generated, values, links = (made.files, made.values, made.links) if isinstance(made, Generated) else (made, {}, {})
    written = []
    for path, text in generated.items():
        target = docs / path
        raw = text.encode("utf-8") if isinstance(text, str) else text
        written.append(target)
        if target.exists() and target.read_bytes() == raw:
            continue  # unchanged: mkdocs serve's watcher need not see it
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
    pages = sum(path.endswith(".md") for path in generated)
    return _Part(written, pages, values if checked else {}, links if checked else {})


def _checked(parts: Iterable[_Part], scanner: Scanner | None, docs: Path) -> tuple[list[_Part], list[str], list[str]]:
    """``parts`` as they come, each one's values checked by ``scanner`` (if any): the parts, the
    files checked, and what was found, as report lines."""
    done: list[_Part] = []
    scanned: list[str] = []
    leaks: list[str] = []
    for part in parts:
        done.append(part)
        if scanner is not None and part.values:
            scanned += part.values
            leaks += [format_leak(x) for x in scan_values(scanner, part.values, docs)]
    return done, scanned, leaks


SCRATCH = ".later"
"""Where ``write_files`` writes first, inside the tree's folder."""
CHECKED = "checked.json"
"""In ``SCRATCH``: the files ``write_files`` checked on their values (``checked``)."""


def write_files(data: SiteData, folder: Path, only: Wanted, scanner: Scanner | None = None) -> list[str]:
    """Generate the feeds and data files ``only`` names into the tree ``folder`` and write those
    whose bytes changed, each replaced whole (written in ``SCRATCH`` first, on the same disk):
    ``xinfang serve`` writes the whole schedule's files after the pages, in a process of its
    own, which may be stopped at any moment by the next save.  With the privacy ``scanner``
    the files generated from values (the calendars, the open data) are checked on them as
    ``xinfang build`` checks them; when none carries a private value, they are named in
    ``CHECKED`` before they are put in place, each with its stamp, so the scan of the preview
    need not read them again as text (``checked``).  The paths written."""
    with link_style(LinkStyle.FOLDERS):
        made = [calendar_files(data, only), open_data_files(data, only), data_files(data, only)]
    generated = {path: raw for part in made for path, raw in part.files.items()}
    values = {path: carried for part in made for path, carried in part.values.items() if path in generated}
    clean = scanner is not None and bool(values) and carries_none(scanner, values)
    scratch = folder / SCRATCH
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / CHECKED).unlink(missing_ok=True)
    placed: dict[str, tuple[Path, Path]] = {}
    for path, raw in generated.items():
        target = folder / "docs" / path
        if target.exists() and target.read_bytes() == raw:
            continue
        temporary = scratch / path.replace("/", "_")
        temporary.write_bytes(raw)
        placed[path] = (temporary, target)
    if clean:  # (a rename keeps a file's time, size and inode)
        record = {path: _stamp(temporary) for path, (temporary, _) in placed.items() if path in values}
        (scratch / "checked.tmp").write_text(json.dumps(record), encoding="utf-8")
        (scratch / "checked.tmp").replace(scratch / CHECKED)
    for temporary, target in placed.values():
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.replace(target)
    return list(placed)


def checked(folder: Path) -> set[str]:
    """The files of the tree ``folder`` (by path under docs/) that the last ``write_files`` into
    it checked on their values, still as it wrote them (the same time, size and inode)."""
    try:
        record = json.loads((folder / SCRATCH / CHECKED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {path for path, stamp in record.items() if _stamp(folder / "docs" / path) == stamp}


def _stamp(path: Path) -> list[int]:
    try:
        info = path.stat()
    except OSError:
        return []
    return [info.st_mtime_ns, info.st_size, info.st_ino]


def _jieba_words(data: SiteData) -> str:
    """Names and keywords as whole words, so search finds 欠薪 and a leader's name."""
    content = data.content
    words = [x.name for x in content.leaders.values()] + [t.name for t in content.topics.values()]
    words += [k for t in content.topics.values() for k in t.keywords]
    return "".join(f"{w} 100000 n\n" for w in dict.fromkeys(w.replace(" ", "") for w in words) if w)


def _config(data: SiteData, root_config: Path, root: dict[str, Any], jieba_dict: Path,
            preview: bool = False, for_files: bool = False) -> dict[str, Any]:
    office = data.content.office
    if for_files:
        # the copy for file://: every page a file (links name x.html), and a local stand-in for
        # the Web Worker the browser refuses to start from a file (see xinfang-file-worker.js)
        bundle: dict[str, Any] = {"use_directory_urls": False}
        polyfills = ["assets/xinfang-file-worker.js"]
    else:
        bundle, polyfills = {}, []
    plugins = []
    for entry in root.get("plugins") or ["search"]:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if name in ("search", "material/search"):
            options = {**(options or {}), "jieba_dict_user": str(jieba_dict)}
        plugins.append({name: options or {}})
    return {
        "INHERIT": str(root_config.resolve()),
        "docs_dir": "docs",
        # who the office is comes from office.yaml only; a description in mkdocs.yml is look
        **{k: v for k, v in site_identity(office, data.base_url).items() if k not in root or k in IDENTITY_KEYS},
        "theme": {"custom_dir": "overrides"},
        "extra_css": [*(root.get("extra_css") or []), "assets/xinfang.css"],
        "extra_javascript": [*(root.get("extra_javascript") or []), "assets/xinfang.js", "assets/xinfang-today.js"],
        "nav": nav_for(data),
        "hooks": [*(str((root_config.parent / h).resolve()) for h in root.get("hooks") or []), RAW_HTML_HOOKS,
                  SEARCH_TEXT_HOOKS, SEARCH_SECTIONS_HOOKS, RENDER_ONCE_HOOKS],
        "plugins": plugins,
        **bundle,
        "extra": {"polyfills": polyfills, "gov_footer": {
            "host": office.host, "address": office.address, "phone": office.phone,
            "phone_html": phone_html(office.phone) if office.phone else "",
            "site_code": office.site_code, "icp": office.icp, "police_record": office.police_record,
        }, "xf_suspensions": suspension_lines(data), "xf_preview": preview,
            "xf_embed_page": page_url(embed.CODES_PAGE)},
    }


def write_tree(data: SiteData, folder: Path, root_config: Path, *, preview: bool = False,
               for_files: bool = False, links: LinkStyle = LinkStyle.FOLDERS,
               style_hashes: tuple[str, ...] = (), theme: tuple[tuple[str, str], ...] = (),
               scanner: Scanner | Callable[[], Scanner] | None = None, only: Wanted | None = None,
               defer: bool = False) -> Tree:
    """Write everything under ``folder``; pages whose text is unchanged are not rewritten,
    so ``xinfang serve`` rebuilds only when something really changed.  ``preview`` (serve)
    lets the pages' Content-Security-Policy allow MkDocs' inline live-reload script;
    ``for_files`` writes the copy that opens from ``file://`` (``xinfang bundle``); ``links`` is
    how the engine that builds the tree reads a raw-HTML link; ``style_hashes`` the inline styles
    of the engine's own script that the pages' policy allows; ``theme`` its theme settings.
    With the build's privacy ``scanner`` the files generated from values are checked here
    (``Tree.scanned``, ``Tree.leaks``); without, every file is left to the scan of the site.
    ``scanner`` may be what makes it: it is then made while the parts are generated on the
    other cores (``Tree.scanner``).
    ``only`` (serve, after a save): generate just these files over the tree ``folder`` holds,
    which must be this one's as of the content before the save; the rest stays as it is.
    ``defer``: the ``COPIED_PARTS`` are not generated here but by ``write_deferred`` later, and
    are then not in the tree."""
    style = LinkStyle.FILES if for_files else links
    with link_style(style):
        made = _write_tree(data, folder, root_config, preview=preview, for_files=for_files,
                           style_hashes=style_hashes, theme=theme, scanner=scanner, only=only,
                           deferred=COPIED_PARTS if defer and only is None else ())
    made.links = style
    return made


@dataclass
class Deferred:
    """What ``write_deferred`` wrote (under its folder), the files checked on their values, and
    what was found, as report lines."""

    written: list[str]
    scanned: list[str]
    leaks: list[str]
    links: dict[str, set[str]] = field(default_factory=dict)
    """The links of the feeds among the files checked on their values (``Generated.links``): the
    checks follow those, and need not read the files back."""


def write_deferred(data: SiteData, tree: Tree, folder: Path, scanner: Scanner | None) -> Deferred:
    """The parts ``write_tree`` left for later, written under ``folder`` where they would be
    under the tree's docs/ (and their values checked, given the build's scanner)."""
    with link_style(tree.links):
        parts = [_write_generated(folder, PARTS[part](data, everything), scanner is not None)
                 for part in tree.deferred]
    # the parts' values checked together: the open data and the calendars carry the same
    # sessions' ids, URLs and words (a fifth of their distinct values), scanned once
    values = {name: carried for part in parts for name, carried in part.values.items()}
    leaks = [format_leak(x) for x in scan_values(scanner, values, folder)] if scanner is not None and values else []
    return Deferred([path.relative_to(folder).as_posix() for part in parts for path in part.written], list(values),
                    leaks, {name: links for part in parts for name, links in part.links.items()})


def _write_tree(data: SiteData, folder: Path, root_config: Path, *, preview: bool, for_files: bool,
                style_hashes: tuple[str, ...], theme: tuple[tuple[str, str], ...],
                scanner: Scanner | Callable[[], Scanner] | None, only: Wanted | None,
                deferred: tuple[str, ...]) -> Tree:
    root = read_root_config(root_config)
    data.markdown = MarkdownSettings.from_mkdocs(root.get("markdown_extensions"))
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    large = is_large(data)
    # before forking, what more than one part reads: the children share it instead of each
    # working it out again (the warnings render the policies' bodies the pages show)
    warnings = site_warnings(data, root)
    data.placement  # noqa: B018
    made: Scanner | None
    if only is None:
        # the scanner (when it is to be made) is made here while the other cores generate
        # the parts: it is needed only for the values they hand back, which are checked here
        with forked_map(_write_part, (data, docs, scanner is not None, everything),
                        [part for part in PARTS if part not in deferred], parallel=large) as done:
            made = scanner() if callable(scanner) else scanner
            parts, scanned, leaks = _checked(done, made, docs)
    else:  # all generated before any is written: serve's MkDocs sees one burst of changes, rebuilds once;
        # the portal widgets and data files on the other core meanwhile (at city scale a save's
        # pages and its widgets take about as long)
        with Background(_generate_part, (data, only), "data", parallel=large) as aside:
            generated = [PARTS[part](data, only) for part in PARTS if part != "data"]
            generated.append(aside.result())
        made = scanner() if callable(scanner) else scanner
        parts, scanned, leaks = _checked([_write_generated(docs, files, made is not None) for files in generated],
                                         made, docs)
    written = {path for part in parts for path in part.written}
    removed = 0
    if only is None:  # a partial tree removes nothing: what it did not generate stays
        for old in docs.rglob("*"):
            if old.is_file() and old not in written:
                old.unlink()
                removed += 1
    pages = sum(part.pages for part in parts)
    overrides = folder / "overrides"
    if only is None or not overrides.exists():
        if overrides.exists():
            shutil.rmtree(overrides)
        shutil.copytree(THEME / "overrides", overrides)
    jieba_dict = folder / "jieba_user.txt"
    words = _jieba_words(data)
    if not jieba_dict.exists() or jieba_dict.read_text(encoding="utf-8") != words:
        jieba_dict.write_text(words, encoding="utf-8")
    config = folder / "mkdocs.yml"
    settings = _config(data, root_config, root, jieba_dict, preview, for_files)
    if style_hashes:
        settings["extra"]["xf_style_hashes"] = list(style_hashes)
    settings["theme"].update(dict(theme))
    text = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    settings_changed = not config.exists() or config.read_text(encoding="utf-8") != text
    if settings_changed:
        config.write_text(text, encoding="utf-8")
    return Tree(folder=folder, config=config, pages=pages, warnings=warnings, large=large,
                settings_changed=settings_changed, removed=removed, schedule_until=data.last_published,
                scanned=set(scanned), leaks=leaks, scanner=made, deferred=deferred)
