"""Which installed font prints each of the letter's standard font names in ``--pdf``.

Offices name the fonts GB/T 9704 expects (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312),
which a Linux machine rarely has; LibreOffice would then fall back to whatever
fontconfig offers first — a sans face for everything.  Here each standard name is
mapped to the best free font installed (a FangSong if there is one, else a serif;
a Kai for 楷体; a Hei for 黑体), handed to LibreOffice through a private fontconfig
file, and reported, so the clerk knows what the PDF is printed in.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from html import escape as _html_escape
from pathlib import Path

from ..model.office import Fonts


def _escape(text: str) -> str:
    """XML text escaping (xml.sax.saxutils would import urllib and ssl into every letter)."""
    return _html_escape(text, quote=False)


_STYLES: dict[str, tuple[str, ...]] = {
    # best first; the free fonts Debian packages (fonts-noto-cjk, fonts-arphic-*, fonts-lxgw-wenkai)
    # and TeX Live's Fandol fonts, after the commercial names in case an office has installed them
    "fangsong": ("仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "STFangsong", "FandolFang",
                 "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", "FandolSong"),
    "kai": ("楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312", "STKaiti", "FandolKai", "LXGW WenKai",
            "AR PL UKai CN", "AR PL KaitiM GB", "Noto Serif CJK SC"),
    "hei": ("黑体", "SimHei", "STHeiti", "FandolHei", "Noto Sans CJK SC", "Source Han Sans SC",
            "WenQuanYi Zen Hei", "WenQuanYi Micro Hei"),
    "title": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC",
              "Source Han Serif SC", "FandolSong", "AR PL UMing CN"),
    "song": ("宋体", "SimSun", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", "FandolSong",
             "AR PL UMing CN", "AR PL SungtiL GB"),
}


def style_of(name: str) -> str | None:
    """The kind of face a font name asks for (仿宋, 楷, 黑, 小标宋, 宋), or None (e.g. Latin)."""
    lowered = name.lower()
    for key, words in (("fangsong", ("仿宋", "fangsong")), ("kai", ("楷", "kai")), ("hei", ("黑", "hei")),
                       ("title", ("标宋", "biaosong")), ("song", ("宋", "song", "ming"))):
        if any(word in lowered for word in words):
            return key
    return None


def is_sans(family: str) -> bool:
    lowered = family.lower()
    return any(word in lowered for word in ("sans", "hei", "黑", "gothic"))


@dataclass(frozen=True)
class Substitution:
    wanted: str
    used: str | None
    """None: nothing suitable installed; LibreOffice picks its own fallback."""

    @property
    def exact(self) -> bool:
        return self.used == self.wanted


@cache
def installed_families() -> frozenset[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    result = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=False)
    return frozenset(name.strip() for line in result.stdout.splitlines() for name in line.split(",")
                     if name.strip())


def plan(fonts: Fonts, installed: frozenset[str] | None = None) -> list[Substitution]:
    """For each Chinese font the letters name, the installed family that will print it."""
    have = installed_families() if installed is None else installed
    result = []
    seen = set()
    for name in (fonts.title, fonts.body, fonts.heading1, fonts.heading2, fonts.page_number):
        style = style_of(name)
        if name in seen or style is None:
            continue
        seen.add(name)
        if name in have:
            result.append(Substitution(name, name))
            continue
        result.append(Substitution(name, next((f for f in _STYLES[style] if f in have), None)))
    return result


def fontconfig_file(substitutions: list[Substitution], folder: Path) -> Path:
    """A fontconfig file: the system's configuration plus a strong alias per substitution."""
    aliases = "".join(
        f"  <alias binding=\"strong\"><family>{_escape(s.wanted)}</family>"
        f"<prefer><family>{_escape(s.used)}</family></prefer></alias>\n"
        for s in substitutions if s.used and not s.exact)
    path = folder / "fonts.conf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                    f"{aliases}</fontconfig>\n", encoding="utf-8")
    return path


def report(fonts: Fonts, substitutions: list[Substitution]) -> tuple[list[str], list[str]]:
    """(notes, warnings) to print after a PDF conversion."""
    notes, warnings = [], []
    for s in substitutions:
        if s.exact:
            continue
        if s.used is None:
            warnings.append(f"本机没有“{s.wanted}”，也没有可替代的免费字体，PDF 将用 LibreOffice 的默认字体；"
                            "请安装字体（Debian：apt-get install fonts-noto-cjk fonts-arphic-ukai）")
            continue
        notes.append(f"PDF 字体替代：{s.wanted} → {s.used}")
        if style_of(s.wanted) in ("fangsong", "song", "title", "kai") and is_sans(s.used):
            warnings.append(f"PDF 中的“{s.wanted}”用了无衬线字体“{s.used}”替代，与正式公文字体差别明显；"
                            f"请安装该字体或衬线中文字体（如 fonts-noto-cjk 的 Noto Serif CJK SC）")
    return notes, warnings
