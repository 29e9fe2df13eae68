"""Where a long title breaks (GB/T 9704-2012 7.3.1).

The standard asks that a title that needs several lines break so that words stay
whole, the lines are balanced, and the shape is a 梯形 or 菱形 — never a line left
holding 的提示函 or a lone 的.  Among the break points that fit the type area the most
even split wins; a line may not begin with a particle nor end on 关于, and a break
between two characters that no known word accounts for costs extra (it may split a
word the table does not know, such as a name).

Words come from a small table of the trade's vocabulary (below) and the organ names the
letter itself carries (addressee, masthead, signature, copies), matched longest first.
A general dictionary (jieba's is 5 MB and took 0.75 s to load) is not needed: a title
is the template's fixed wording plus an organ name or a masked petitioner's name.
"""

from __future__ import annotations

import itertools
from functools import cache, lru_cache

TITLE_CHARS = 20
"""二号 (22 pt) characters across the 156 mm type area: 8845 twips / 440 twips."""

_NO_LINE_START = ("的", "之", "和", "与", "及", "或", "等", "了", "中", "、", "，", "）", "》", "”")
_NO_LINE_END = ("关于", "对", "的", "（", "《", "“", "和", "与", "及")
_PARTICLE_COST = 100.0
_UNKNOWN_BREAK_COST = 40.0
"""A break between two characters no word of the table covers: allowed, but only where
balance gains more than a line of four characters' imbalance."""

_WORDS = """
关于 对于 进一步 加强 规范 做好 开展 落实 推进 深化 完善 建立 健全 实施 执行 贯彻 切实 认真 及时 依法 信访
信访事项 信访人 信访工作 信访部门 信访机构 信访局 信访办 来信 来访 网上 电话 联名 群众 反映 诉求 请求 事项
问题 有关 有关问题 检举 控告 检举控告 相关 情况 工作 程序 制度 机制 办法 方案 意见 通知 通报 报告 请示 批复
决定 规定 细则 实施细则 补充 说明 答复 回复 告知 告知书 意见书 处理意见书 复查意见书 复核意见书 提示函 督办函
建议函 交办单 交办 转送 受理 不予 不予受理 处理 办理 办结 复查 复核 申请 复查申请 复核申请 期限 办理期限 即将
届满 超期 逾期 到期 督促 督办 督查 督导 提示 建议 责任 追究 责任追究 问责 整改 落实 核查 调查 核实 函 单 书 中
的 和 与 及 或 等 人民政府 政府 人民 委员会 委员 办公室 办公厅 办事处 街道 街道办事处 乡镇 镇 乡 村 社区
居委会 村委会 局 厅 委 办 院 所 站 中心 部门 单位 机关 机构 主管部门 行政 管理 管理局 服务 服务中心 公司 集团
人力资源 社会保障 人力资源和社会保障局 住房 城乡 建设 住房和城乡建设局 自然资源 规划 生态环境 环境 保护 教育
教育局 卫生 健康 卫生健康 卫生健康委员会 医疗 医疗保障 医保 公安 公安局 司法 司法局 民政 民政局 财政 财政局
农业 农村 农业农村局 水利 水利局 交通 运输 交通运输局 市场 监督 监管 市场监督管理局 应急 应急管理局 城市 城管
城市管理 综合 执法 综合执法 税务 税务局 退役军人 事务 退役军人事务局 文化 旅游 体育 林业 商务 统计 审计 信访局
法院 人民法院 检察院 人民检察院 纪委 监委 组织部 宣传部 统战部 政法委 党委 县委 区委 市委 省委 国土 拆迁 征地
征收 补偿 安置 工资 拖欠 社保 养老 养老金 保险 社会保险 物业 房产 土地 承包 宅基地
"""
VOCABULARY = frozenset(_WORDS.split())
"""The trade's words that a title must keep whole; ``break_title``'s ``keep`` adds organ names."""
_LONGEST = max(map(len, VOCABULARY))


def _width(text: str) -> float:
    """Width in characters of the title's size: Latin letters and digits are half width."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def _known(char: str) -> bool:
    """Punctuation and spaces end words whatever the table says."""
    return not char.isalnum()


@cache
def _words(text: str, keep: frozenset[str]) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """``text`` cut into the fewest pieces, each a word of the table or of ``keep`` (longest
    first), a run of Latin letters and digits, or one character; and, for each boundary
    between pieces, whether it is weak (between two characters no word covers)."""
    longest = max((len(k) for k in keep), default=0)
    longest = max(longest, _LONGEST)
    n = len(text)
    # fewest pieces from each position to the end; ties go to the longer first word
    best: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    for start in range(n - 1, -1, -1):
        choice = (best[start + 1][0] + 1, 1)
        if text[start].isascii() and text[start].isalnum():
            end = start + 1
            while end < n and text[end].isascii() and text[end].isalnum():
                end += 1
            choice = (best[end][0] + 1, end - start)
        else:
            for length in range(min(longest, n - start), 1, -1):
                piece = text[start:start + length]
                if (piece in keep or piece in VOCABULARY) and best[start + length][0] + 1 < choice[0]:
                    choice = (best[start + length][0] + 1, length)
        best[start] = choice
    pieces: list[str] = []
    word: list[bool] = []
    position = 0
    while position < n:
        length = best[position][1]
        piece = text[position:position + length]
        pieces.append(piece)
        word.append(length > 1 or piece in VOCABULARY or piece in keep or _known(piece))
        position += length
    weak = tuple(not (a or b) for a, b in itertools.pairwise(word))
    return tuple(pieces), weak


def _line_cost(line: str, width: float, mean: float, first: bool, last: bool) -> float:
    cost = (width - mean) ** 2
    if not first and line.startswith(_NO_LINE_START):
        cost += _PARTICLE_COST
    if not last and line.endswith(_NO_LINE_END):
        cost += _PARTICLE_COST
    return cost


def break_title(title: str, limit: float = TITLE_CHARS, keep: tuple[str, ...] = ()) -> list[str]:
    """The title's lines: as entered when the template breaks it by hand (``\\n``), else
    split at word boundaries into as few, and as even, lines as fit ``limit``."""
    return list(_break_title(title, limit, keep))


@lru_cache(maxsize=1024)  # a run's letters of one kind mostly share their title and organs
def _break_title(title: str, limit: float, keep: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_lines(title, limit, keep))


def _lines(title: str, limit: float, keep: tuple[str, ...]) -> list[str]:
    if "\n" in title:
        return [line.strip() for line in title.split("\n") if line.strip()]
    if _width(title) <= limit:
        return [title]
    words, weak = _words(title, frozenset(k for k in keep if k and _width(k) <= limit))
    for count in range(2, min(len(words), 6) + 1):
        lines = _best_split(words, weak, count, limit)
        if lines is not None:
            return lines
    return [title]  # not a title any more; Word wraps it


def _best_split(words: tuple[str, ...], weak: tuple[bool, ...], count: int, limit: float) -> list[str] | None:
    """The cheapest way to cut ``words`` into ``count`` lines: the cost of a line depends on
    the line alone, so a table over (first word, lines left) finds it.  Of equal costs the
    earliest cut wins."""
    n = len(words)
    widths = [0.0]
    for word in words:
        widths.append(widths[-1] + _width(word))
    mean = widths[-1] / count
    infinity = float("inf")
    # cost[k][i]: cheapest cut of words[i:] into k lines, and where its first line ends
    cost = [[infinity] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    cost[0][n] = 0.0
    for k in range(1, count + 1):
        for i in range(n - 1, -1, -1):
            for j in range(i + 1, n - k + 2):
                width = widths[j] - widths[i]
                if width > limit:
                    break
                rest = cost[k - 1][j]
                if rest == infinity:
                    continue
                line = "".join(words[i:j])
                total = rest + _line_cost(line, width, mean, i == 0, j == n)
                if j < n and weak[j - 1]:
                    total += _UNKNOWN_BREAK_COST
                if total < cost[k][i]:
                    cost[k][i], cut[k][i] = total, j
    if cost[count][0] == infinity:
        return None
    lines, i = [], 0
    for k in range(count, 0, -1):
        j = cut[k][i]
        lines.append("".join(words[i:j]))
        i = j
    return lines
