"""Chinese typography: full-width punctuation, no spaces between Chinese words.

Chinese text takes full-width punctuation (，。；：？！（）) and no space
between two Chinese characters. ASCII punctuation is right next to Latin
letters and digits ("ICC(2,1)", ".docx", "12:30"), so only punctuation that
touches a Chinese character is wrong. `problems` names what is wrong in a
text (the tests run it over the catalogue, the seeded texts and every page
rendered in Chinese); `full_width` corrects it (the seed data migration uses
it on the seeded rubric texts).
"""

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# Full-width punctuation and CJK brackets: text that is Chinese on that side.
CJK_PUNCTUATION = "\u3001-\u3011\u3014-\u301f\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f“”"
CHINESE = HAN + CJK_PUNCTUATION

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}

RULES = (
    (
        "ASCII punctuation after Chinese",
        re.compile(rf"[{CHINESE}] ?(?:[,;:?!()]|\.(?=\s|$|[{CHINESE}]))"),
    ),
    ("ASCII punctuation before Chinese", re.compile(rf"(?<![A-Za-z0-9])[,;:?!()] ?[{HAN}]")),
    ("a space between Chinese characters", re.compile(rf"[{HAN}][ \u00a0]+[{HAN}]")),
)


def problems(text: str) -> list[str]:
    """Each typography fault in `text`, with a few characters around it."""
    found = []
    for name, rule in RULES:
        for match in rule.finditer(text):
            start, end = max(0, match.start() - 12), match.end() + 12
            found.append(f"{name}: …{text[start:end]}…")
    return found


_AFTER = re.compile(rf"(?<=[{CHINESE}]) ?([,;:?!]|\.(?=\s|$|[{CHINESE}])) ?")
_BEFORE = re.compile(rf"(?<![A-Za-z0-9]) ?([,;:?!]) ?(?=[{HAN}])")
_PARENTHESES = re.compile(rf" ?\(([^()]*[{HAN}][^()]*)\) ?")
_SPACE = re.compile(rf"(?<=[{HAN}])[ \u00a0]+(?=[{HAN}])")


def full_width(text: str) -> str:
    """`text` with the punctuation that touches Chinese made full-width.

    Parentheses become full-width when they hold Chinese; a full stop after
    Chinese becomes 。 Spaces around the corrected marks and between two
    Chinese characters go. Text without Chinese comes back unchanged.
    """
    text = _PARENTHESES.sub(lambda m: f"（{m.group(1).strip()}）", text)
    text = _AFTER.sub(lambda m: "。" if m.group(1) == "." else FULL_WIDTH[m.group(1)], text)
    text = _BEFORE.sub(lambda m: FULL_WIDTH[m.group(1)], text)
    return _SPACE.sub("", text)
