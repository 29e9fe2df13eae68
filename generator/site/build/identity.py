"""Who the office is, as the site says it: one source, ``content/office.yaml``.

The site's name (header, every ``<title>``), its copyright line, its address (QR codes,
calendar and feed links, the sitemap, canonical links) are written into the generated
MkDocs configuration from the office; the office's own ``mkdocs.yml`` keeps the theme
and the look.  An office that started from the sample and still carries the sample's
name or its ``example`` addresses is told so at every build.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from ...model.content import Content
from ...model.office import Office
from ..parts.html import esc

SAMPLE_OFFICE = ("shili-xfj", "示例市信访局")
"""The bundled fictional office (id, name): the one content allowed to say 示例."""
IDENTITY_KEYS = ("site_name", "site_url", "copyright")
"""mkdocs.yml keys xinfang writes from office.yaml."""
TO_FILL = "待填写"
"""What ``xinfang init`` writes where only the office knows the answer; builds warn while
it is left in office.yaml, units.yaml or leaders.yaml."""
DESCRIPTION = "领导接访安排、反映问题的途径、政策解读和办理流程"


def site_identity(office: Office, base_url: str | None) -> dict[str, Any]:
    """The MkDocs settings that name the office, from ``office.yaml`` alone.

    material writes ``site_name`` and ``site_description`` into the page unescaped (the
    header, ``<title>``, ``<meta name="description">``), so they are HTML text here; the
    copyright line goes through our footer template, which escapes it."""
    return {
        "site_name": esc(office.name),
        "site_url": base_url,
        "site_description": esc(f"{office.name}：{DESCRIPTION}"),
        "copyright": f"{office.name} 版权所有",
    }


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _looks_like_sample(text: str) -> bool:
    lowered = text.lower()
    # example.com/.org/.net and example.gov.cn are reserved for examples (RFC 2606 and the sample)
    return "示例" in text or "example." in lowered or ".example" in lowered


def identity_warnings(content: Content, root: Mapping[str, Any]) -> list[str]:
    """Warnings about the site's identity: mkdocs.yml naming the office (office.yaml wins),
    and the sample's name or addresses left in a real office's content."""
    warnings = []
    stale = [key for key in IDENTITY_KEYS if root.get(key)]
    if stale:
        warnings.append(
            "mkdocs.yml 中的 " + "、".join(stale) + " 已不再使用：网站名称、地址和版权信息取自 "
            "content/office.yaml（name、site_url）；请从 mkdocs.yml 删除这些行，"
            "网址请写在 office.yaml 的 site_url")
    office = content.office
    unfilled = [f"office.yaml {path}" for path, text in _strings(office.model_dump(mode="json"), "")
                if TO_FILL in text]
    unfilled += [f"units.yaml {unit.id}" for unit in content.units.values() if TO_FILL in unit.name]
    unfilled += [f"leaders.yaml {leader.id}" for leader in content.leaders.values()
                 if TO_FILL in leader.name + leader.title]
    if unfilled:
        warnings.append(f"还有“{TO_FILL}”的信息会原样发布到网站上：" + "、".join(unfilled)
                        + "。请在 content/ 中换成真实信息")
    if (office.id, office.name) == SAMPLE_OFFICE:
        return warnings
    leftovers = [f"{path}（{text}）" for path, text in _strings(office.model_dump(mode="json"), "")
                 if _looks_like_sample(text)]
    leftovers += [f"mkdocs.yml {key}（{root[key]}）" for key in IDENTITY_KEYS
                  if isinstance(root.get(key), str) and _looks_like_sample(root[key])]
    units = [f"{unit.id}（{unit.name}）" for unit in content.units.values() if _looks_like_sample(unit.name)]
    if leftovers:
        warnings.append("本机构不是示例机构，但 content/office.yaml 仍有示例内容，网站和文书会照此发布："
                        + "；".join(leftovers) + "。请改成本机构的真实信息")
    if units:
        warnings.append("content/units.yaml 中的单位名称仍是示例：" + "、".join(units) + "。请改成真实名称")
    if not office.site_url:
        warnings.append("content/office.yaml 没有 site_url（网站正式地址）：网页上不印二维码，"
                        "日历和订阅里没有链接。发布前请填写，如 site_url: https://www.某县.gov.cn/xf/")
    return warnings


def read_root_config(path: Path) -> dict[str, Any]:
    """The office's own mkdocs.yml, its plain keys (the site inherits it)."""
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may use !ENV and python tags; we only need plain keys here
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=Loader) or {}  # a SafeLoader subclass
