#!/usr/bin/env python3
"""Writes the made-up exports of this example into data/: a post-purchase
survey (300 answers), support tickets and an analytics funnel. The same
bytes every time (a fixed seed, no clock), so that the map is the same.

Usage: python3 make_data.py   (from anywhere; writes beside this script)"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
R = random.Random(2026)

STORES = ["north", "south", "centre"]
SEGMENTS = ["parent", "retiree"]
COMMENTS = {
    "low": ["Queue at the till was far too long", "Card machine broken again", "Could not find the gluten-free aisle",
            "Self-checkout kept calling for help", "Out of stock, as usual"],
    "mid": ["Fine, nothing special", "Parking was tight", "Ok but the app and the shelf prices differ", ""],
    "high": ["Quick and friendly", "Staff helped me find everything", "Love the new layout", "In and out in ten minutes"],
}


def weighted(lo, hi, mean):
    """A whole answer from lo to hi around mean."""
    v = round(R.gauss(mean, (hi - lo) / 4))
    return max(lo, min(hi, v))


def survey(path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["response_id", "store", "segment", "channel", "recommend", "satisfied", "ease_find", "ease_pay",
                    "comment"])
        for i in range(300):
            store = R.choice(STORES)
            segment = R.choice(SEGMENTS)
            # a handful tried the new scan-and-go: too few to trust yet
            channel = "scan-go" if i % 97 == 13 else R.choice(["till", "till", "self-checkout"])
            base = {"north": 0.4, "south": -0.6, "centre": 0.0}[store] + (0.3 if segment == "retiree" else -0.2)
            recommend = weighted(0, 10, 7.0 + base * 2)
            satisfied = weighted(1, 5, 3.7 + base)
            find = weighted(1, 5, 3.9 + base + (0.4 if segment == "parent" else -0.6))
            pay = weighted(1, 5, (2.6 if channel == "till" else 3.4) + base)
            mood = "low" if recommend <= 6 else "mid" if recommend <= 8 else "high"
            comment = R.choice(COMMENTS[mood])
            w.writerow([f"R{1000 + i}", store, segment, channel, recommend, satisfied, find, pay,
                        "" if R.random() < 0.3 else comment])


def tickets(path):
    steps = [("app-order", 3.1), ("delivery-slot", 2.2), ("returns", 3.6)]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ticket", "opened", "step", "segment", "rating", "subject"])
        for i in range(120):
            step, mean = R.choice(steps)
            segment = R.choice(SEGMENTS)
            rating = weighted(1, 5, mean + (0.3 if segment == "retiree" else 0))
            day = 1 + i % 30
            w.writerow([f"T-{5300 + i}", f"2026-09-{day:02d}", step, segment, rating,
                        {"app-order": "Order missing items", "delivery-slot": "No slot this week",
                         "returns": "Refund status"}[step]])


def funnel(path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["week", "step", "sessions"])
        for week in range(36, 40):
            opened = 4000 + R.randint(-300, 300)
            basket = int(opened * R.uniform(0.55, 0.62))
            checkout = int(basket * R.uniform(0.45, 0.52))
            paid = int(checkout * R.uniform(0.85, 0.92))
            for step, n in (("app-open", opened), ("basket", basket), ("checkout", checkout), ("paid", paid)):
                w.writerow([f"2026-W{week}", step, n])


if __name__ == "__main__":
    os.makedirs(os.path.join(HERE, "data"), exist_ok=True)
    survey(os.path.join(HERE, "data", "survey-q3.csv"))
    tickets(os.path.join(HERE, "data", "tickets-september.csv"))
    funnel(os.path.join(HERE, "data", "app-funnel.csv"))
