"""MkDocs hooks for ``xinfang serve`` only: the search index stays whole and current across
MkDocs' dirty rebuilds.  The search plugin merges the last build's entries with this one's
by dropping those under the first rebuilt page's address, which is wrong when several
pages were rebuilt (stale entries stay: a private value removed from a page would stay in
the index) and when the home page, whose address is every address's prefix, comes first
(every other page leaves the index).  These hooks do the merge by the pages actually
rebuilt, before the plugin writes the index, and hand the privacy guard this build's
entries (the others were scanned when they were written).  Loaded by path, like ``serve_hooks``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from generator.site.build.leak_page import GUARD

_rebuilt: set[str] = set()


def _search(config: Any) -> Any:
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index_prev") and hasattr(plugin, "search_index"):
            return plugin
    return None


@event_priority(-100)
def on_pre_build(config: Any, **_: Any) -> None:
    """After the privacy guard may have emptied the preview for a whole build."""
    _rebuilt.clear()
    search = _search(config)
    if search is not None and not (Path(config["site_dir"]) / "search").exists():
        search.search_index_prev = None  # a whole build: nothing to merge


def on_page_context(context: Any, page: Any, **_: Any) -> Any:
    _rebuilt.add(page.url)
    return context


@event_priority(100)
def on_post_build(config: Any, **_: Any) -> None:
    search = _search(config)
    previous = getattr(search, "search_index_prev", None)
    # the privacy guard scans these entries, not the whole index again (it did the others)
    GUARD.index_entries = None if search is None or previous is None else list(search.search_index.entries)
    if previous is None:
        return
    kept = [entry for entry in previous.entries if str(entry.get("location", "")).split("#")[0] not in _rebuilt]
    search.search_index.entries = kept + search.search_index.entries
    search.search_index_prev = None  # merged here; the plugin writes the index as it stands
