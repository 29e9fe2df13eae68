"""The characters that end a line: the one list the loader (which refuses them in a one-line
value and reads them as ``\\n`` in a multi-line one), the site's escaping and the letters'
markup (which both fold them to a space) take it from."""

from __future__ import annotations

SEPARATORS = {"\r": "回车符（CR）", "\v": "垂直制表符", "\f": "换页符", "\x85": "下一行符（NEL）",
              "\u2028": "行分隔符（LS）", "\u2029": "段落分隔符（PS）"}
"""Line and paragraph separators other than ``\\n``, with their names for messages: Markdown,
browsers and editors each read some of them as a line end, so one in a one-line value could
end the HTML around it."""

LINE_ENDS = "\n" + "".join(SEPARATORS) + "\x1c\x1d\x1e"
"""Every character Python-Markdown, MkDocs, a browser or ``str.splitlines`` may take for the end
of a line (the file, group and record separators are control characters the loader refuses,
but an output does not count on that)."""
