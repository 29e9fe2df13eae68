"""Title line breaks (GB/T 9704 7.3.1) and the PDF font mapping, without LibreOffice."""

from __future__ import annotations

from pathlib import Path

from generator.letters.fonts import Substitution, fontconfig_file, plan, report
from generator.letters.title import break_title
from generator.model.office import Fonts


def test_a_short_title_stays_on_one_line() -> None:
    assert break_title("关于督促办理李某信访事项的函") == ["关于督促办理李某信访事项的函"]


def test_a_long_title_breaks_at_words_into_balanced_lines_without_a_lone_particle() -> None:
    lines = break_title("关于示例市教育局办理信访事项期限即将届满的提示函", keep=("示例市教育局",))
    assert lines == ["关于示例市教育局办理", "信访事项期限即将届满的提示函"]
    lines = break_title("关于示例市住房和城乡建设局办理信访事项期限即将届满的提示函",
                        keep=("示例市住房和城乡建设局",))
    assert "".join(lines) == "关于示例市住房和城乡建设局办理信访事项期限即将届满的提示函"
    assert any("示例市住房和城乡建设局" in line for line in lines)  # an organ's name is never split
    assert all(len(line) <= 20 for line in lines)
    assert not any(line.startswith(("的", "和")) or line.endswith("关于") for line in lines[1:])


def test_a_hand_break_is_kept_and_a_three_line_title_fits() -> None:
    assert break_title("关于某某事项\n的通知") == ["关于某某事项", "的通知"]
    long = "关于进一步规范示例市人民政府信访事项复查复核工作程序有关问题的补充通知和实施细则的说明"
    lines = break_title(long)
    assert len(lines) == 3 and "".join(lines) == long and all(len(line) <= 20 for line in lines)


def test_fonts_map_to_the_best_installed_free_face_and_say_so(tmp_path: Path) -> None:
    installed = frozenset({"Noto Sans CJK SC", "Noto Serif CJK SC", "AR PL UKai CN", "DejaVu Serif"})
    substitutions = {s.wanted: s.used for s in plan(Fonts(), installed)}
    assert substitutions == {"方正小标宋简体": "Noto Serif CJK SC", "仿宋_GB2312": "Noto Serif CJK SC",
                             "黑体": "Noto Sans CJK SC", "楷体_GB2312": "AR PL UKai CN",
                             "宋体": "Noto Serif CJK SC"}
    notes, warnings = report(Fonts(), plan(Fonts(), installed))
    assert "PDF 字体替代：仿宋_GB2312 → Noto Serif CJK SC" in notes and not warnings
    conf = fontconfig_file(plan(Fonts(), installed), tmp_path).read_text(encoding="utf-8")
    assert "<family>仿宋_GB2312</family><prefer><family>Noto Serif CJK SC</family>" in conf
    assert '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' in conf


def test_a_sans_stand_in_for_fangsong_is_a_warning() -> None:
    only_sans = frozenset({"Noto Sans CJK SC"})
    subs = plan(Fonts(body="FangSong"), only_sans)
    assert Substitution("FangSong", None) in subs  # no serif at all: nothing suitable
    _, warnings = report(Fonts(), [Substitution("仿宋_GB2312", "WenQuanYi Zen Hei")])
    assert warnings and "无衬线字体" in warnings[0]
    installed = frozenset({"仿宋_GB2312", "Noto Serif CJK SC"})
    assert Substitution("仿宋_GB2312", "仿宋_GB2312") in plan(Fonts(), installed)
