"""The theme's templates compiled before MkDocs is told to render, in MkDocs' own process.

MkDocs compiles every template it loads (Jinja parses it and compiles the Python it makes of
it), about forty of material's at every build, a quarter of a CPU-second.  At city scale
MkDocs' process is started long before the tree is written (``stage.EngineProcess``) and waits
with a core to spare: there it compiles the theme's templates (``warm``) into a cache in memory
(``COMPILED``), and the build's Jinja environments load them from it (``use``).

Jinja's own key for a compiled template is its name, its file and a checksum of its source,
so a template whose file changed is compiled again; an environment made another way (other
extensions, other delimiters or settings that change the code Jinja makes) never gets code
compiled by a different one, as the cache is kept apart by those settings too (``_settings``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import jinja2

_WARM = ("404.html", "base.html", "main.html", "partials/languages/en.html", "partials/languages/zh.html")
"""The theme's templates compiled beforehand besides its partials (all but its other
languages): what a page, the 404 page and the words of the site's language (and of the
theme's fallback, English) are made of."""


def _settings(environment: jinja2.Environment) -> tuple[Any, ...]:
    """What of an environment changes the code Jinja compiles a template to."""
    return (type(environment), tuple(sorted(environment.extensions)), environment.block_start_string,
            environment.block_end_string, environment.variable_start_string, environment.variable_end_string,
            environment.comment_start_string, environment.comment_end_string, environment.line_statement_prefix,
            environment.line_comment_prefix, environment.trim_blocks, environment.lstrip_blocks,
            environment.newline_sequence, environment.keep_trailing_newline, environment.optimized,
            environment.autoescape, environment.finalize, environment.is_async, environment.code_generator_class)


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory, kept apart by the settings of the environment that made them."""

    def __init__(self) -> None:
        self._codes: dict[tuple[Any, ...], bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._codes.get((_settings(bucket.environment), bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)  # Jinja checks its version and the source's checksum

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._codes[(_settings(bucket.environment), bucket.key)] = bucket.bytecode_to_string()

    def __len__(self) -> int:
        return len(self._codes)


COMPILED = CompiledTemplates()
"""This process's compiled templates (``warm`` fills it)."""


def warm(theme: str = "material", names: Iterable[str] | None = None) -> None:
    """Compile ``theme``'s templates (``names``; by default its pages and partials,
    ``_WARM``) into ``COMPILED``, in an environment made as MkDocs makes the build's."""
    from mkdocs.theme import Theme

    try:
        environment = Theme(name=theme).get_env()
    except Exception:  # no such theme here, say: the build compiles what it needs itself
        return
    environment.bytecode_cache = COMPILED
    if names is None:
        names = [name for name in environment.list_templates(extensions=("html",))
                 if name in _WARM or (name.startswith("partials/") and not name.startswith("partials/languages/"))]
    for name in names:
        try:
            environment.get_template(name)
        except jinja2.TemplateError:  # one MkDocs cannot compile either (a plugin's filter): left to the build
            continue


def use(settings: Any) -> None:
    """The Jinja environments of MkDocs' build with ``settings`` load what ``warm`` compiled
    (nothing if it did not run)."""
    theme = settings.theme
    if not len(COMPILED) or not callable(getattr(theme, "get_env", None)):
        return
    make = theme.get_env

    def get_env() -> jinja2.Environment:
        environment: jinja2.Environment = make()
        if environment.bytecode_cache is None:
            environment.bytecode_cache = COMPILED
        return environment

    theme.get_env = get_env
