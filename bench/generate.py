#!/usr/bin/env python3
"""Writes a synthetic country for suivi's benchmarks, in suivi's import formats.

    python3 bench/generate.py --houses 1000 --indicators 40 --months 25 \
        --start 2023-09 --seed 7 --out /tmp/country

writes, in --out:
  houses.csv        code,name,kind,region,capacity   (H00001, ...)
  indicators.txt    the indicator codes used, one a line
  observations.csv  house,indicator,period,value     (long format, rows in
                    house / indicator / period order, periods YYYY-MM)

Indicators are the first M recorded (non-formula) indicators of the default
catalogue (src/data/indicators.csv) whose unit is count, mad or days; when M is
larger than that, the rest are `bench_01`, `bench_02`, ... (unit count, summed
over time), which `bench/run` adds with `suivi indicator add` before importing.

The output depends only on the arguments: the same seed gives the same bytes.
Values are valid for their unit (counts and days are whole numbers >= 0,
amounts in dirhams have at most two decimals) and roughly coherent (girls <=
boarders, passed <= sat, trained staff <= staff, ...), so that `suivi check`
has something sensible to look at. Python 3 standard library only.
"""

import argparse
import csv
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CATALOGUE = os.path.join(HERE, "..", "src", "data", "indicators.csv")
UNITS = ("count", "mad", "days")
KINDS = ("dar-talib", "dar-taliba", "mixed")
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def catalogue_codes(path):
    """Recorded indicators of the catalogue whose unit is count, mad or days, in file order."""
    with open(path, newline="", encoding="utf-8") as f:
        return [
            r["code"]
            for r in csv.DictReader(f)
            if not (r.get("formula") or "").strip() and r["unit"] in UNITS
        ]


def indicator_codes(m, catalogue):
    codes = catalogue_codes(catalogue)[:m]
    extra = m - len(codes)
    width = max(2, len(str(extra)))
    codes += [f"bench_{i:0{width}d}" for i in range(1, extra + 1)]
    return codes


def months(start, count):
    """`count` month periods `YYYY-MM` from `start`, with their number of days."""
    y, m = (int(x) for x in start.split("-"))
    out = []
    for _ in range(count):
        days = DAYS_IN_MONTH[m - 1]
        if m == 2 and (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
            days = 29
        out.append((f"{y:04d}-{m:02d}", m, days))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def money(x):
    """An amount in dirhams, two decimals, no trailing zeros beyond what is needed."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def house_month(rng, capacity, month, days, girls_share):
    """Every indicator's value for one house and one month, coherent with each other."""
    v = {}
    v["capacity"] = capacity
    open_days = 0 if month in (7, 8) else days - rng.randint(0, 4)
    boarders = 0 if open_days == 0 else int(capacity * rng.uniform(0.55, 1.0))
    v["boarders"] = boarders
    v["boarders_girls"] = min(boarders, int(boarders * girls_share))
    v["requests"] = boarders + rng.randint(0, capacity // 3)
    v["admitted"] = min(v["requests"], boarders + rng.randint(0, 5))
    v["pupils_sat"] = int(boarders * rng.uniform(0.2, 0.4)) if month in (6, 7) else 0
    v["pupils_passed"] = int(v["pupils_sat"] * rng.uniform(0.6, 0.95))
    v["dropouts"] = rng.choice((0, 0, 0, 0, 1, 1, 2, 3)) if boarders else 0
    v["staff"] = max(3, capacity // 15 + rng.randint(-1, 2))
    v["staff_trained"] = rng.randint(0, v["staff"])
    v["days_open"] = open_days
    v["boarder_days"] = boarders * open_days
    v["budget_mad"] = money(capacity * rng.uniform(350, 650) + rng.randint(0, 99) / 100)
    v["food_spend_mad"] = money(v["boarder_days"] * rng.uniform(9, 16))
    v["public_funding_mad"] = money(capacity * rng.uniform(150, 300))
    v["own_resources_mad"] = money(capacity * rng.uniform(20, 120))
    v["respondents"] = int(boarders * rng.uniform(0.3, 0.9))
    v["pupils_satisfied"] = int(v["respondents"] * rng.uniform(0.5, 1.0))
    return v


def generate(args):
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    codes = indicator_codes(args.indicators, args.catalogue)
    periods = months(args.start, args.months)
    houses = []
    for i in range(1, args.houses + 1):
        kind = KINDS[rng.randrange(3)]
        region = f"{rng.randint(1, 12):02d}"
        capacity = rng.randint(50, 300)
        prefix = {"dar-talib": "Dar Talib", "dar-taliba": "Dar Taliba", "mixed": "Maison"}[kind]
        houses.append((f"H{i:05d}", f"{prefix} {i:05d}", kind, region, capacity))

    with open(os.path.join(args.out, "houses.csv"), "w", newline="", encoding="utf-8") as f:
        f.write("code,name,kind,region,capacity\n")
        for h in houses:
            f.write("%s,%s,%s,%s,%d\n" % h)
    with open(os.path.join(args.out, "indicators.txt"), "w", encoding="utf-8") as f:
        f.write("".join(c + "\n" for c in codes))

    rows = 0
    path = os.path.join(args.out, "observations.csv")
    with open(path, "w", encoding="utf-8", buffering=1 << 20) as f:
        f.write("house,indicator,period,value\n")
        for code, _name, kind, _region, capacity in houses:
            girls = {"dar-talib": 0.0, "dar-taliba": 1.0}.get(kind) or rng.uniform(0.3, 0.7)
            table = [house_month(rng, capacity, m, d, girls) for _p, m, d in periods]
            lines = []
            for ind in codes:
                for (p, _m, _d), values in zip(periods, table):
                    v = values.get(ind)
                    if v is None:  # a bench_NN indicator: a plain count
                        v = rng.randint(0, 1000)
                    lines.append(f"{code},{ind},{p},{v}\n")
            f.write("".join(lines))
            rows += len(lines)
    print(
        f"{args.out}: {len(houses)} houses, {len(codes)} indicators "
        f"({sum(c.startswith('bench_') for c in codes)} bench_*), {len(periods)} months "
        f"({periods[0][0]}..{periods[-1][0]}), {rows} observations",
        file=sys.stderr,
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--houses", type=int, default=1000, help="number of houses (N)")
    ap.add_argument("--indicators", type=int, default=40, help="number of indicators (M)")
    ap.add_argument("--months", type=int, default=25, help="number of months (P)")
    ap.add_argument("--start", default="2023-09", help="first month, YYYY-MM")
    ap.add_argument("--seed", type=int, default=1, help="random seed")
    ap.add_argument("--out", required=True, help="directory to write the files into")
    ap.add_argument("--catalogue", default=DEFAULT_CATALOGUE, help="indicators.csv to pick from")
    args = ap.parse_args()
    if args.houses < 1 or args.indicators < 1 or args.months < 1:
        ap.error("--houses, --indicators and --months must be at least 1")
    if args.houses > 99999:
        ap.error("--houses: at most 99999 (codes H00001..H99999)")
    generate(args)


if __name__ == "__main__":
    main()
