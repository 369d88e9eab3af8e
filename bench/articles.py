"""Benchmark of the articles reader: cold start and clean + extract throughput on one core.

Cold start is measured in fresh processes: importing the reader and reading a short article
(the dictionaries load lazily on that first read). Throughput is measured after a warm-up on
the sample articles beside the repository (../shared/samples, when present) and on generated
articles: Simplified news text with page boilerplate, and Traditional text with inserted
pinyin and byte-slip damage, the two kinds of input the reader meets.

    python bench/articles.py [--chars 300000] [--runs 3] [--out bench/results/articles.txt]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SAMPLES = ROOT.parent / "shared" / "samples"

COLD = """
import sys, time
started = time.process_time()
sys.path.insert(0, {src!r})
from zonetrack.articles.text import read
reading = read({text!r})
assert reading.facts
print(time.process_time() - started)
"""

PLACES = ["芜湖", "鹤壁", "长治", "晋城", "绵阳", "盐城", "湘潭", "宝鸡", "柳州", "赣州"]
KINDS = ["经济技术开发区", "高新技术产业开发区", "经济开发区"]
INDUSTRIES = ["电子信息", "生物医药", "高端装备", "新材料", "新能源汽车", "现代物流", "节能环保"]
TEMPLATES = [
    "{m}月{d}日，{zone}集中签约项目{n}个，总投资约{a}亿元，其中{k}个项目当日开工。",
    "力争到{y}年，实现营业收入{a}亿元、税收收入{b}亿元，年均分别增长{p}%、{q}%。",
    "{zone}规划面积{s}平方公里，重点培育{i1}、{i2}和{i3}三大主导产业。",
    "今年计划引进投资超{b}亿元项目{n}个以上，新增规模以上工业企业{k}家。",
    "{zone}与{place}{org}集团有限公司签订合作协议，到位资金超过{b}亿元。",
    "园区坚持项目为王，持续优化营商环境，推动产业集聚发展，打造区域经济增长极。",
    "{y}年{m}月，经省政府批准，{zone}扩区，吸引{n}00余名客商参会。",
]
BOILERPLATE_HEAD = "{zone}新闻\n{place}日报 {y}-0{m}-1{d} 09:30 大字\n记者 张三 李四\n"
BOILERPLATE_FOOT = "\n责任编辑：王五\n相关新闻\n另一条新闻的标题\n推荐阅读\n"


def _sentence(rng: random.Random) -> str:
    place = rng.choice(PLACES)
    i1, i2, i3 = rng.sample(INDUSTRIES, 3)
    return rng.choice(TEMPLATES).format(
        m=rng.randint(1, 9),
        d=rng.randint(1, 9),
        y=rng.randint(2018, 2026),
        n=rng.randint(2, 30),
        k=rng.randint(1, 9),
        a=rng.randint(10, 900),
        b=rng.randint(2, 60),
        p=rng.randint(5, 15),
        q=rng.randint(5, 25),
        s=round(rng.uniform(5, 150), 2),
        zone=place + rng.choice(KINDS),
        place=place,
        org=rng.choice(["华盛", "宏达", "恒信", "博远"]),
        i1=i1,
        i2=i2,
        i3=i3,
    )


def simplified_article(rng: random.Random, chars: int) -> str:
    """A clean Simplified article of about `chars` characters, with page boilerplate."""
    place = rng.choice(PLACES)
    head = BOILERPLATE_HEAD.format(zone=place + KINDS[0], place=place, y=2022, m=5, d=3)
    parts = [head]
    size = len(head)
    while size < chars:
        paragraph = "".join(_sentence(rng) for _ in range(6)) + "\n"
        parts.append(paragraph)
        size += len(paragraph)
    parts.append(BOILERPLATE_FOOT)
    return "".join(parts)


def damaged_article(rng: random.Random, chars: int) -> str:
    """The same kind of article in Traditional script with pinyin after every converted
    character, ASCII punctuation, and a byte slip every few hundred characters."""
    import opencc
    from pypinyin import Style, pinyin

    s2t = opencc.OpenCC("s2t")
    simple = simplified_article(rng, chars)
    traditional = s2t.convert(simple)
    out: list[str] = []
    for index, (a, b) in enumerate(zip(simple, traditional, strict=False)):
        out.append(b)
        if a != b:
            out.append("(" + pinyin(a, style=Style.TONE)[0][0] + ")")
        if index % 400 == 399:
            out.append("?!?")  # a punctuation slip that leaves a lost byte
    text = "".join(out)
    for full, ascii_ in (("，", ","), ("：", ":"), ("；", ";"), ("（", "("), ("）", ")")):
        text = text.replace(full, ascii_)
    return text


def cold_start(runs: int, text: str) -> list[float]:
    """Seconds from a fresh interpreter's import of the reader to its first reading."""
    code = COLD.format(src=str(ROOT / "src"), text=text)
    times = []
    for _ in range(runs):
        result = subprocess.run(  # noqa: S603 - this interpreter on the benchmark's own code
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        times.append(float(result.stdout.strip().splitlines()[-1]))
    return times


def _child_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes: on a shared machine the wall
    clock measures the other processes too."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


QUICK = (
    "from zonetrack.articles.text.command import run_quick; raise SystemExit(run_quick({args!r}))"
)


def command_start(runs: int, text: str, *, quick: bool = False) -> list[float]:
    """Seconds of `zonetrack articles extract FILE` in a fresh process (issue 16 asks for under
    one second): through Django's management command, or (`quick`) through the reader's own
    command, which the console command runs before Django starts."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
    times = []
    try:
        for _ in range(runs):
            started = _child_cpu()
            argv = (
                ["-c", QUICK.format(args=["extract", f.name])]
                if quick
                else ["-m", "zonetrack.cli", "articles", "extract", f.name]
            )
            subprocess.run(  # noqa: S603 - this interpreter on the benchmark's own code
                [sys.executable, *argv],
                capture_output=True,
                check=True,
            )
            times.append(_child_cpu() - started)
    finally:
        Path(f.name).unlink()
    return times


def throughput(texts: list[str], runs: int) -> tuple[float, int]:
    """Characters per CPU second of read() (clean + extract) over `texts`, best of `runs`: CPU
    time, so that other processes on a shared machine do not count against the reader."""
    from zonetrack.articles.text import read

    for text in texts:
        read(text)  # warm-up: dictionaries loaded, caches filled
    total = sum(len(t) for t in texts)
    best = 0.0
    for _ in range(runs):
        started = time.process_time()
        for text in texts:
            read(text)
        best = max(best, total / (time.process_time() - started))
    return best, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=300_000, help="generated characters per kind")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "articles.txt"))
    args = parser.parse_args()
    rng = random.Random(6)
    lines = [
        f"zonetrack articles reader benchmark — Python {platform.python_version()}, "
        f"one process on one core ({platform.machine()}), load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores while it ran",
    ]
    short = "鹤壁经济技术开发区集中签约项目8个，总投资约12亿元。" * 20
    damaged = damaged_article(random.Random(1), 2_000)
    for label, text in (
        (f"a {len(short)}-char Simplified article", short),
        (f"a {len(damaged):,}-char Traditional article with pinyin and slips", damaged),
    ):
        cold = cold_start(args.runs + 2, text)
        lines.append(
            f"cold start (fresh process: import + first read of {label}): "
            f"median {statistics.median(cold):.2f} CPU-s, max {max(cold):.2f} CPU-s "
            f"over {len(cold)} runs"
        )
    for quick, how in ((True, "before Django starts"), (False, "as a Django command")):
        command = command_start(args.runs + 2, short, quick=quick)
        lines.append(
            f"`zonetrack articles extract` on a {len(short)}-char article ({how}, fresh "
            f"process): median {statistics.median(command):.2f} CPU-s, "
            f"max {max(command):.2f} CPU-s over {len(command)} runs"
        )
    sets: list[tuple[str, list[str]]] = []
    if SAMPLES.is_dir():
        samples = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
        sets.append((f"sample articles ({len(samples)} files)", samples))
    per_article = 6_000
    count = max(1, args.chars // per_article)
    sets.append(
        (
            f"generated Simplified news with boilerplate ({count} articles)",
            [simplified_article(rng, per_article) for _ in range(count)],
        )
    )
    sets.append(
        (
            f"generated Traditional + pinyin + slips ({count} articles)",
            [damaged_article(rng, per_article) for _ in range(count)],
        )
    )
    sets.append(("one long generated article", [simplified_article(rng, args.chars)]))
    lines.append("")
    lines.append(f"{'clean + extract after warm-up':<60}{'chars':>10}{'chars/CPU-s':>12}")
    for name, texts in sets:
        rate, total = throughput(texts, args.runs)
        lines.append(f"{name:<60}{total:>10,}{rate:>12,.0f}")
    report = "\n".join(lines)
    print(report)
    Path(args.out).write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
