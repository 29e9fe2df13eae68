"""A small office with 包案, 积案 and reception records whose every figure is worked out by
hand below (the tests state the totals; nothing here is computed by the code under test).

Built from the minimal fixture: 测试市 (city) with 东区 (county).  As of 2026-12-01:

积案 (cases):
  2026-0001  第一批  listed 2026-09-01, not closed, lead 王乙, red; accepted 2026-08-06 and never
             answered, so past its handling deadline: 超期未办结
  2026-0002  第一批  listed 2026-09-01, 销号 2026-10-10, lead 王乙
  2026-0003  第二批  listed 2026-10-01, 销号 2026-11-20, lead 赵丙
  2026-0004  no backlog, lead 李甲 (received 2026-11-02, not yet accepted)

Reception records (the minimal schedule's sessions):
  city-wed-20260902     市级, 王乙       5 人次, 4 件, 化解 2       (批次 = 件 = 4)
  mayor-monthly-20260904 市级, 李甲 (主要) 8 人次, 6 件, 化解 3       (批次 6)
  city-wed-20260909     市级, 赵丙       3 人次, 3 件, 化解 1, 批次 2
  city-wed-20260923     市级            not held (reason)
  east-daily-20260928   区县, 钱丁       4 人次, 4 件, 化解 4
  east-daily-20260929   区县, 王乙       1 人次, 1 件, 化解 0
  east-daily-20261008   区县, 王乙       2 人次, 2 件, 化解 2
  (city-wed-20260930 and east-daily-20260930 have passed without a record)
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURES, edit

LEVELS = """  levels:
    - {id: red, label: 红色督查, colour: "#c00000"}
    - {id: yellow, label: 黄色督查, colour: "#b8860b"}
"""

RECORDS = """records:
  - session: city-wed-20260902
    people: 5
    matters: 4
    settled: 2
  - session: mayor-monthly-20260904
    people: 8
    matters: 6
    settled: 3
  - session: city-wed-20260909
    batches: 2
    people: 3
    matters: 3
    settled: 1
  - session: city-wed-20260923
    held: false
    reason: 接访领导参加全市防汛工作会议
  - session: east-daily-20260928
    people: 4
    matters: 4
    settled: 4
  - session: east-daily-20260929
    people: 1
    matters: 1
    settled: 0
  - session: east-daily-20261008
    people: 2
    matters: 2
    settled: 2
"""

CASE = """id: {id}
received: {received}
channel: visit
topic: wages
unit: east
handler: {handler}
petitioner:
  name: {name}
  phone: "{phone}"
record:
  what: 工资被拖欠
  request: 要求支付工资
{extra}"""


def machinery_office(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    edit(content / "leaders.yaml", "    title: 市长\n    unit: city\n",
         "    title: 市长\n    unit: city\n    principal: true\n")
    office = content / "office.yaml"
    text = office.read_text(encoding="utf-8").rstrip("\n") + "\n"
    assert "\nsupervision:" not in text  # the minimal office has no supervision section to extend
    text += "supervision:\n" + LEVELS
    text += "report:\n  code: 测信通\n  recipients: 各区信访局，市直各有关单位\n  cc: [市委办公室]\n"
    office.write_text(text, encoding="utf-8")
    (content / "schedule" / "records-2026-09.yaml").write_text(RECORDS, encoding="utf-8")
    edit(content / "cases" / "2026-0001.yaml", "letters: [acceptance]\n",
         "letters: [acceptance]\nlead: wang-b\nlevel: red\nbacklog:\n  batch: 第一批\n  assigned: 2026-08-25\n"
         "  listed: 2026-09-01\n")
    cases = content / "cases"
    (cases / "2026-0002.yaml").write_text(CASE.format(
        id="2026-0002", received="2026-08-10", handler="测试市住房和城乡建设局", name="甲某某", phone="19900002222",
        extra="accepted: 2026-08-12\nreplied: 2026-09-20\nclosed: 2026-09-25\nlead: wang-b\nbacklog:\n"
              "  batch: 第一批\n  listed: 2026-09-01\n  closed: 2026-10-10\n  resolution: 补发工资，信访人息诉罢访\n"),
        encoding="utf-8")
    (cases / "2026-0003.yaml").write_text(CASE.format(
        id="2026-0003", received="2026-09-05", handler="测试市人力资源和社会保障局", name="乙某某", phone="19900003333",
        extra="accepted: 2026-09-07\nreplied: 2026-10-15\nclosed: 2026-10-20\nlead: zhao-c\nbacklog:\n"
              "  batch: 第二批\n  listed: 2026-10-01\n  closed: 2026-11-20\n  resolution: 依法裁决并执行到位\n"),
        encoding="utf-8")
    (cases / "2026-0004.yaml").write_text(CASE.format(
        id="2026-0004", received="2026-11-02", handler="测试市人力资源和社会保障局", name="丙某某", phone="19900004444",
        extra="lead: li-a\n"), encoding="utf-8")
    return content
