"""Translation workflow (Qt Linguist files; the app ships Simplified Chinese and English).

    python resources/i18n/update.py extract        # source strings -> anchor_console_zh_CN.ts
    python resources/i18n/update.py untranslated   # what still needs a translation, as TSV
    python resources/i18n/update.py apply FILE.tsv # fill translations (context<TAB>source<TAB>translation)
    python resources/i18n/update.py release        # .ts -> .qm (loaded at run time)

The .ts can also be edited with Qt Linguist (pyside6-linguist). English is the source language."""

from __future__ import annotations

import csv
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TS = HERE / "anchor_console_zh_CN.ts"
QM = HERE / "anchor_console_zh_CN.qm"


def tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    return str(exe) if exe.exists() else name


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "anchor_console").rglob("*.py"))


def extract(ts: Path = TS) -> None:
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", "zh_CN", "-ts", str(ts)],
                   cwd=ROOT, check=True, capture_output=True)


def messages(ts: Path = TS):
    tree = ET.parse(ts)
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message


def untranslated(ts: Path = TS) -> list[tuple[str, str]]:
    out = []
    for ctx, message in messages(ts):
        translation = message.find("translation")
        if translation is None:
            continue
        if message.get("numerus") == "yes":
            forms = translation.findall("numerusform")
            done = forms and all((f.text or "").strip() for f in forms)
        else:
            done = bool((translation.text or "").strip())
        if not done or translation.get("type") == "unfinished":
            out.append((ctx, message.findtext("source")))
    return out


def apply(tsv: Path, ts: Path = TS) -> int:
    table: dict[tuple[str, str], str] = {}
    with open(tsv, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 3 and row[2]:
                table[(row[0], row[1].replace("\\n", "\n"))] = row[2].replace("\\n", "\n")
    tree = ET.parse(ts)
    count = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            key = (name, message.findtext("source"))
            if key not in table:
                continue
            translation = message.find("translation")
            if message.get("numerus") == "yes":
                for form in translation.findall("numerusform"):
                    form.text = table[key]
            else:
                translation.text = table[key]
            translation.attrib.pop("type", None)
            count += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return count


def release(ts: Path = TS, qm: Path = QM) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "extract"
    if command == "extract":
        extract()
        print(f"{TS.name}: {len(untranslated())} untranslated")
    elif command == "untranslated":
        writer = csv.writer(sys.stdout, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
        for ctx, src in untranslated():
            writer.writerow([ctx, src.replace("\n", "\\n"), ""])
    elif command == "apply":
        print(f"{apply(Path(sys.argv[2]))} translations applied")
        extract()   # back in lupdate's own layout: ElementTree quotes differently, which made noisy diffs
    elif command == "release":
        release()
        print(f"wrote {QM.name}")
    else:
        raise SystemExit(__doc__)
