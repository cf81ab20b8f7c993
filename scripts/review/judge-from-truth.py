#!/usr/bin/env python3
"""Plays the expert on the review page with the ground truth, then runs bull count.

For each night of a bull detect output folder whose recording has an annotation file beside it
(NAME.txt, Audacity labels of the bulls, as bull synth and bull compose write them), this script
starts `bull review`, judges the TOP highest-scoring detections and then the counting sample until
it asks for nothing more (through the page's own HTTP API, as the browser would), stops the
server, runs `bull count`, and prints each night's estimate and interval beside its true number of
bulls. A check of the count on a real detector's scores, where the simulation in
BullCountSimulationTest checks it on simulated ones.

Truth: a detection is a bull when a bull overlaps it by at least 1 s (or by half the bull, for
shorter ones); a counting cell when a bull begins in it.

usage: scripts/review/judge-from-truth.py OUT MODEL [--top N] [--budget B] [--bull ./bull]
"""
import argparse
import json
import pathlib
import subprocess
import sys
import urllib.parse
import urllib.request


def truth(recording):
    labels = pathlib.Path(recording).with_suffix(".txt")
    bulls = []
    for line in labels.read_text().splitlines():
        f = line.split("\t")
        if len(f) >= 2 and (len(f) < 3 or f[2].strip() == "bull"):
            bulls.append((float(f[0]), float(f[1])))
    return bulls


def is_bull(unit, bulls):
    if unit["kind"] == "cell":
        return any(unit["start"] <= b0 < unit["end"] for b0, _ in bulls)
    for b0, b1 in bulls:
        overlap = min(unit["end"], b1) - max(unit["start"], b0)
        if overlap >= min(1.0, (b1 - b0) / 2):
            return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("model")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--budget", type=int, default=40)
    ap.add_argument("--bull", default="./bull")
    a = ap.parse_args()
    server = subprocess.Popen([a.bull, "review", a.out, "--model", a.model, "--budget", str(a.budget),
                               "--reviewer", "truth"], stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        base, token = url.split("/?token=")

        def get(path, **q):
            q["token"] = token
            with urllib.request.urlopen(base + path + "?" + urllib.parse.urlencode(q)) as r:
                return json.load(r)

        def post(name, unit, verdict):
            body = json.dumps({"name": name, "kind": unit["kind"], "start": str(unit["start"]),
                               "end": str(unit["end"]), "verdict": verdict, "reviewer": "truth"}).encode()
            req = urllib.request.Request(base + "/api/verdict?token=" + token, data=body, method="POST")
            with urllib.request.urlopen(req) as r:
                json.load(r)

        truths = {}
        for n in get("/api/nights")["nights"]:
            night = get("/api/night", name=n["name"])
            rec = json.loads(pathlib.Path(a.out, ".bull", n["name"] + ".json").read_text())["input"]
            bulls = truth(rec)
            truths[n["name"]] = len(bulls)
            judged = 0
            for u in sorted(night["events"], key=lambda u: -u["score"])[:a.top]:
                post(n["name"], u, "bull" if is_bull(u, bulls) else "not-bull")
                judged += 1
            while True:
                sample = get("/api/night", name=n["name"])["sample"]
                if not sample:
                    break
                for u in sample[:5]:
                    post(n["name"], u, "bull" if is_bull(u, bulls) else "not-bull")
                    judged += 1
            print(f"{n['name']}: {judged} verdicts, {len(bulls)} bulls in the truth", file=sys.stderr)
    finally:
        server.terminate()
        server.wait()
    subprocess.run([a.bull, "count", a.out, "--model", a.model], check=True, stdout=subprocess.DEVNULL)
    rows = pathlib.Path(a.out, "counts.csv").read_text().splitlines()
    print(rows[0] + ",truth")
    for row in rows[1:]:
        f = row.split(",")
        print(row + "," + (str(truths.get(f[2], "")) if f[0] == "night" else ""))


if __name__ == "__main__":
    main()
