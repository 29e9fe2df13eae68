"""Synthetic city-scale content: a prefecture-level city, 12 districts/counties, ~150
townships, ~800 leaders, rules expanding to 40,000+ sessions over 2026, 30 topics,
200 policies, 5,000 cases (300 published).  Seeded and deterministic.

    python benchmarks/generate.py OUT_DIR [--scale 1.0] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.letters.templates import SHIPPED

REPO = Path(__file__).resolve().parent.parent
YEAR = 2026  # a year the holiday package knows
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文辉海燕春梅晓东国庆德海"
TOPICS = [
    ("social-insurance", "社会保险", ["社保", "养老金", "医保", "断缴"]),
    ("wage-arrears", "拖欠工资", ["欠薪", "讨薪", "农民工工资"]),
    ("land-requisition", "征地拆迁", ["拆迁", "征地", "补偿款"]),
    ("property", "物业与房产", ["物业", "物业费", "办证"]),
    ("education", "教育", ["学校", "入学", "学位"]),
    ("medical", "医疗卫生", ["医院", "医疗纠纷"]),
    ("housing-security", "住房保障", ["公租房", "保障房"]),
    ("rural-land", "农村土地", ["土地承包", "宅基地"]),
    ("environment", "生态环境", ["噪音", "污染"]),
    ("urban-management", "城市管理", ["违建", "占道"]),
    ("civil-affairs", "民政救助", ["低保", "救助"]),
    ("veterans", "退役军人", ["退役", "优抚"]),
    ("traffic", "交通运输", ["公交", "停车"]),
    ("household", "户籍管理", ["户口", "落户"]),
    ("market", "市场监管", ["消费", "食品安全"]),
    ("water", "水利", ["供水", "水库"]),
    ("power", "电力供应", ["停电", "电费"]),
    ("gas", "燃气", ["燃气", "天然气"]),
    ("heating", "供暖", ["暖气", "供热"]),
    ("pension-service", "养老服务", ["养老院", "居家养老"]),
    ("disability", "残疾人服务", ["残疾证", "残疾补贴"]),
    ("forestry", "林业", ["林地", "林权"]),
    ("agriculture", "农业补贴", ["种粮补贴", "农机"]),
    ("tax", "税务", ["发票", "退税"]),
    ("finance", "金融风险", ["非法集资", "理财"]),
    ("culture", "文化旅游", ["景区", "文物"]),
    ("sports", "体育设施", ["健身", "体育馆"]),
    ("communications", "通信", ["信号", "宽带"]),
    ("justice", "司法行政", ["法律援助", "公证"]),
    ("accusation", "检举控告", ["举报", "检举"]),
]
PHRASES = [
    "依照有关法律法规的规定", "群众反映的问题要件件有着落", "有关部门应当依法及时处理", "办理结果应当书面告知信访人",
    "对符合条件的予以支持", "对不符合条件的作出解释说明", "需要携带身份证明和相关材料", "可以通过网上信访平台查询进度",
    "属于法定途径解决的事项依法导入相应程序", "用人单位应当按时足额缴纳社会保险费", "工资应当以货币形式按时足额支付",
    "征收补偿应当公平合理", "物业服务企业应当按照合同约定提供服务", "适龄儿童少年免试就近入学",
]


@dataclass(frozen=True)
class Stats:
    units: int
    leaders: int
    rules: int
    topics: int
    policies: int
    cases: int
    published: int
    letters: int


def _id_number(rng: random.Random, index: int) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000))
    first = f"9900{index % 100:02d}{birth:%Y%m%d}{index % 1000:03d}"
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, weights, strict=True)) % 11]


def _text(rng: random.Random, low: int, high: int) -> str:
    size = rng.randint(low, high)
    out = ""
    while len(out) < size:
        out += rng.choice(PHRASES) + rng.choice("，。；")
    return out[:size].rstrip("，；") + "。"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _dump(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def generate(out: Path, *, scale: float = 1.0, seed: int = 1) -> Stats:
    """Write a content directory under ``out`` (and letter templates beside it)."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    counties = 12 if scale >= 0.1 else max(1, round(120 * scale))
    towns_per_county = max(1, round(12.5 * scale + 0.01))  # 13 at full scale: 156 townships
    units = [{"id": "city", "name": "基准市", "level": "city"}]
    leaders: list[dict] = []  # type: ignore[type-arg]
    topic_ids = [t[0] for t in TOPICS]

    def add_leaders(unit: str, count: int, title: str) -> list[str]:
        ids = []
        for i in range(count):
            leader_id = f"{unit}-l{i + 1}"
            leaders.append({"id": leader_id, "name": _name(rng), "title": title, "unit": unit,
                            "topics": rng.sample(topic_ids[:-1], 3)})
            ids.append(leader_id)
        return ids

    city_leaders = add_leaders("city", 15, "副市长")
    rules: list[dict] = []  # type: ignore[type-arg]
    start, end = f"{YEAR}-01-01", f"{YEAR}-12-31"
    rules.append({"id": "city-weekly", "kind": "weekly", "weekday": 3, "start": start, "end": end, "unit": "city",
                  "roster": city_leaders, "times": [{"start": "09:00", "end": "12:00"}],
                  "venues": ["市人民来访接待中心"]})
    for c in range(counties):
        county = f"c{c + 1:02d}"
        units.append({"id": county, "name": f"第{c + 1}区", "level": "county", "parent": "city"})
        county_leaders = add_leaders(county, 15, "副区长")
        rules.append({"id": f"{county}-daily", "kind": "workdays", "start": start, "end": end, "unit": county,
                      "roster": county_leaders, "times": [{"start": "09:00", "end": "11:30"}],
                      "venues": [f"第{c + 1}区人民来访接待中心"]})
        for t in range(towns_per_county):
            town = f"{county}-t{t + 1:02d}"
            units.append({"id": town, "name": f"第{c + 1}区第{t + 1}镇", "level": "township", "parent": county})
            town_leaders = add_leaders(town, 4, "镇长" if t % 2 else "街道主任")
            rules.append({"id": f"{town}-daily", "kind": "workdays", "start": start, "end": end, "unit": town,
                          "roster": town_leaders, "times": [{"start": "14:30", "end": "17:00"}],
                          "venues": [f"第{c + 1}区第{t + 1}镇信访接待室"]})
    policies = max(6, round(200 * scale))
    topics = [{"id": tid, "name": name, "keywords": words, "department": f"基准市{name}主管部门",
               "summary": _text(rng, 30, 60), "materials": ["身份证", "相关证明材料"],
               "policies": [f"policy-{i:03d}" for i in range(policies) if i % len(TOPICS) == n][:5],
               **({"sensitive": True} if tid == "accusation" else {})}
              for n, (tid, name, words) in enumerate(TOPICS)]
    _dump(out / "units.yaml", {"units": units})
    _dump(out / "leaders.yaml", {"leaders": leaders})
    _dump(out / "topics.yaml", {"topics": topics})
    _dump(out / "schedule" / "rules.yaml", {"rules": rules})
    for i in range(policies):
        body = "\n\n".join(f"## 第{k + 1}部分\n\n{_text(rng, 150, 400)}" for k in range(rng.randint(2, 4)))
        (out / "policies").mkdir(parents=True, exist_ok=True)
        (out / "policies" / f"policy-{i:03d}.md").write_text(
            f"---\ntitle: 政策解读第{i + 1}篇\ntopics: [{TOPICS[i % len(TOPICS)][0]}]\n"
            f"summary: {_text(rng, 20, 40)}\n---\n\n{body}\n",
            encoding="utf-8")
    for i in range(max(3, round(50 * scale))):
        (out / "notices").mkdir(parents=True, exist_ok=True)
        day = dt.date(YEAR, 1, 1) + dt.timedelta(days=i * 7 % 330)
        (out / "notices" / f"notice-{i:03d}.md").write_text(
            f"---\ntitle: 通知公告第{i + 1}号\ndate: {day}\n---\n\n{_text(rng, 100, 300)}\n", encoding="utf-8")
    office = yaml.safe_load((REPO / "content" / "office.yaml").read_text(encoding="utf-8"))
    office.update({"id": "bench", "name": "基准市信访局", "unit": "city"})
    _dump(out / "office.yaml", office)
    towns = [u["id"] for u in units if u["level"] == "township"]
    stats = _cases(out, rng, scale, towns)
    templates = out.parent / "letter_templates"
    if not templates.exists():
        shutil.copytree(SHIPPED, templates)
    return Stats(units=len(units), leaders=len(leaders), rules=len(rules), topics=len(topics), policies=policies,
                 cases=stats[0], published=stats[1], letters=stats[2])


KINDS = ["acceptance", "reply", "rejection", "review", "recheck", "reminder", "supervision", "accountability",
         "assignment"]


def _cases(out: Path, rng: random.Random, scale: float, towns: list[str]) -> tuple[int, int, int]:
    count = max(20, round(5000 * scale))
    published_every = max(1, count // max(1, round(300 * scale)))
    letters_for = round(1000 * scale)
    published = letters = 0
    for i in range(count):
        received = dt.date(YEAR, 1, 5) + dt.timedelta(days=rng.randrange(300))
        topic = rng.choice(TOPICS[:-1])[0]
        case: dict = {  # type: ignore[type-arg]
            "id": f"b-{i:05d}", "received": received, "channel": rng.choice(["letter", "visit", "online", "phone"]),
            "topic": topic, "unit": rng.choice(towns), "handler": "基准市有关部门",
            "petitioner": {"name": _name(rng), "id_number": _id_number(rng, i), "phone": f"1990000{i % 10000:04d}",
                           "address": f"基准市第{rng.randint(1, 12)}区幸福路{rng.randint(1, 300)}号"},
            "record": {"what": _text(rng, 20, 60), "request": _text(rng, 10, 30), "handling": _text(rng, 20, 50)},
        }
        kind = KINDS[i % len(KINDS)]
        accepted = received + dt.timedelta(days=rng.randint(1, 10))
        replied = accepted + dt.timedelta(days=rng.randint(10, 50))
        if kind == "rejection":
            case.update(rejected=accepted, rejection_reason="该事项已进入诉讼程序")
        elif kind in ("reminder", "supervision", "accountability", "assignment"):
            case.update(accepted=accepted, supervision={
                "to_unit": "基准市有关部门", "issues": [_text(rng, 20, 40)], "requirements": [_text(rng, 20, 40)],
                "responsible": "承办科室负责同志",
                # a 提示函 goes out before the 60-day limit runs out (check refuses one after it)
                "issued": accepted + dt.timedelta(days=50) if kind == "reminder" else dt.date(YEAR, 12, 20)})
        else:
            case.update(accepted=accepted, replied=replied, reply_delivered=replied + dt.timedelta(days=2),
                        facts=[_text(rng, 60, 150) for _ in range(2)],
                        basis=[{"law": "信访工作条例", "article": "第三十二条"}],
                        opinions=[{"request": _text(rng, 10, 30), "reason": _text(rng, 20, 60),
                                   "decision": rng.choice(["support", "explain", "reject"])}],
                        closed=replied, evaluation=rng.choice(["satisfied", "basically", "unsatisfied", None]))
            if kind in ("review", "recheck"):
                requested = replied + dt.timedelta(days=10)
                case["review"] = {"requested": requested, "reasons": _text(rng, 20, 40),
                                  "findings": [_text(rng, 40, 80)], "result": "uphold", "opinion": _text(rng, 20, 40),
                                  "decided": requested + dt.timedelta(days=20),
                                  "delivered": requested + dt.timedelta(days=22)}
                if kind == "recheck":
                    again = requested + dt.timedelta(days=30)
                    case["recheck"] = {"requested": again, "reasons": _text(rng, 20, 40),
                                       "findings": [_text(rng, 40, 80)], "result": "uphold",
                                       "opinion": _text(rng, 20, 40), "decided": again + dt.timedelta(days=20)}
        if case.get("evaluation") is None:
            case.pop("evaluation", None)
        if i < letters_for:
            case["letters"] = [kind]
            letters += 1
        if i % published_every == 0 and topic != "accusation" and published < round(300 * scale):
            case["publish"] = {"title": _text(rng, 10, 20), "asked": _text(rng, 40, 80), "done": _text(rng, 40, 80),
                               "outcome": _text(rng, 20, 50)}
            published += 1
        _dump(out / "cases" / f"b-{i:05d}.yaml", case)
    return count, published, letters


def main() -> None:
    parser = argparse.ArgumentParser(description="Write synthetic city-scale content for benchmarks.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.out, scale=args.scale, seed=args.seed))


if __name__ == "__main__":
    main()
