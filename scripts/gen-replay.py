#!/usr/bin/env python3
"""Builds a replay manifest: stored real job-board responses, laid out at the real services'
paths, for a loopback server to answer `vaga sources sync` with.

    python3 scripts/gen-replay.py --jobs ../shared/data/jobs --per-source 20 \
        --out crates/vaga-cli/tests/fixtures/replay.json      # the CLI test's fixture
    python3 scripts/gen-replay.py --jobs ../shared/data/jobs --out /tmp/replay.json
                                                              # every stored posting (xtask)

The manifest is `{"services": {NAME: [ROUTE, ...]}, "sources": [SOURCE, ...]}`:
- a ROUTE is `{"method", "path", "query": {k: v} | null, "status", "content_type", "body"}`;
- a SOURCE is the `[[sources]]` table to sync that service with (its `base_url` is filled in by
  whoever starts the servers), plus `"expect"`: the stored records with a title and a company,
  as `{"title", "company", "url"}`, for the caller to check what was ingested.

Envelopes the stored dumps lack (Arbeitnow's `links`, Gupy's `pagination`, Greenhouse's `meta`)
are written in each API's own shape. With --per-source N, each source keeps its first N records
and long descriptions are cut to a short text (the fixture stays small and holds no full
posting text).
"""

import argparse
import json
import os
import re

SHORT = 240


def shorten(text, per_source):
    if not per_source or not isinstance(text, str) or len(text) <= SHORT:
        return text
    cut = text[:SHORT]
    return cut[: cut.rfind(" ")] + " …" if " " in cut else cut


def take(items, per_source):
    return items[:per_source] if per_source else items


def route(path, body, query=None, content_type="application/json", status=200, method="GET"):
    if not isinstance(body, str):
        body = json.dumps(body, ensure_ascii=False)
    return {
        "method": method,
        "path": path,
        "query": query,
        "status": status,
        "content_type": content_type,
        "body": body,
    }


def expect(title, company, url):
    t = (title or "").strip()
    c = (company or "").strip()
    return {"title": t, "company": c, "url": url} if t and c else None


def remoteok(jobs, n):
    data = json.load(open(os.path.join(jobs, "remoteok", sorted(os.listdir(os.path.join(jobs, "remoteok")))[0])))
    legal, records = data[0], [r for r in data[1:] if isinstance(r, dict)]
    records = take(records, n)
    for r in records:
        r["description"] = shorten(r.get("description"), n)
    exp = [expect(r.get("position"), r.get("company"), r.get("url")) for r in records]
    return [route("/api", [legal] + records)], {"kind": "remoteok"}, exp


def remotive(jobs, n):
    d = os.path.join(jobs, "remotive")
    files = sorted(f for f in os.listdir(d) if f.endswith(".json"))
    env = json.load(open(os.path.join(d, files[0])))
    seen, records = set(), []
    for f in files:
        for r in json.load(open(os.path.join(d, f)))["jobs"]:
            if r.get("id") not in seen:
                seen.add(r.get("id"))
                records.append(r)
    records = take(records, n)
    for r in records:
        r["description"] = shorten(r.get("description"), n)
    env["jobs"] = records
    env["job-count"] = len(records)
    exp = [expect(r.get("title"), r.get("company_name"), r.get("url")) for r in records]
    return [route("/api/remote-jobs", env)], {"kind": "remotive"}, exp


def arbeitnow(jobs, n):
    d = os.path.join(jobs, "arbeitnow")
    seen, records = set(), []
    for f in sorted(os.listdir(d)):
        for r in json.load(open(os.path.join(d, f)))["data"]:
            if r.get("slug") not in seen:
                seen.add(r.get("slug"))
                records.append(r)
    records = take(records, n)
    for r in records:
        r["description"] = shorten(r.get("description"), n)
    size = 10 if n else 100
    pages = [records[i : i + size] for i in range(0, len(records), size)] or [[]]
    base = "https://www.arbeitnow.com/api/job-board-api"
    routes = []
    for i, page in enumerate(pages, start=1):
        body = {
            "data": page,
            "links": {
                "first": f"{base}?page=1",
                "last": None,
                "prev": f"{base}?page={i - 1}" if i > 1 else None,
                "next": f"{base}?page={i + 1}" if i < len(pages) else None,
            },
            "meta": {"current_page": i, "per_page": size, "path": base},
        }
        routes.append(route("/api/job-board-api", body, query={"page": str(i)}))
    exp = [expect(r.get("title"), r.get("company_name"), r.get("url")) for r in records]
    return routes, {"kind": "arbeitnow"}, exp


def gupy(jobs, n):
    d = os.path.join(jobs, "gupy")
    records = json.load(open(os.path.join(d, sorted(os.listdir(d))[0])))
    records = take(records, n)
    for r in records:
        r["description"] = shorten(r.get("description"), n)
    limit = 10 if n else 50
    routes = []
    for offset in range(0, max(len(records), 1), limit):
        body = {
            "data": records[offset : offset + limit],
            "pagination": {"offset": offset, "limit": limit, "total": len(records)},
        }
        q = {"jobName": "dados", "limit": str(limit), "offset": str(offset)}
        routes.append(route("/api/v1/jobs", body, query=q))
    exp = [expect(r.get("name"), r.get("careerPageName"), r.get("jobUrl")) for r in records]
    return routes, {"kind": "gupy", "query": "dados", "limit": limit}, exp


def greenhouse(jobs, n, board):
    stored = json.load(open(os.path.join(jobs, "greenhouse", f"greenhouse_board_{board}.json")))
    records = take(stored["jobs"], n)
    company = stored.get("company") or board
    body = {"jobs": records, "meta": {"total": len(records)}}
    q = {"content": "true"}
    exp = [expect(r.get("title"), r.get("company_name") or company, r.get("absolute_url")) for r in records]
    source = {"kind": "greenhouse", "name": f"greenhouse-{board}", "board": board}
    return [route(f"/v1/boards/{board}/jobs", body, query=q)], source, exp


RSS_ITEM = re.compile(r"<item>.*?</item>", re.S)


def wwr(jobs, n, feed):
    text = open(os.path.join(jobs, "weworkremotely_rss_2022-11", feed), encoding="utf-8").read()
    items = RSS_ITEM.findall(text)
    kept = take(items, n)
    if n:
        kept = [
            re.sub(
                r"<description>(.*?)</description>",
                lambda m: "<description>" + shorten(m.group(1), n) + "</description>",
                it,
                flags=re.S,
            )
            for it in kept
        ]
    first = text.find("<item>")
    last = text.rfind("</item>") + len("</item>")
    body = text[:first] + "\n".join(kept) + text[last:] if first >= 0 else text
    exp = []
    for it in kept:
        m = re.search(r"<title>(.*?)</title>", it, re.S)
        link = re.search(r"<link>(.*?)</link>", it, re.S)
        title = (m.group(1) if m else "").replace("<![CDATA[", "").replace("]]>", "")
        title = title.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", '"')
        company, _, role = title.partition(": ")
        exp.append(expect(role, company, link.group(1).strip() if link else None))
    name = feed[: -len(".rss")]
    if name == "remote-jobs":
        path, source = "/remote-jobs.rss", {"kind": "weworkremotely", "name": "weworkremotely"}
    else:
        path = f"/categories/{name}.rss"
        source = {"kind": "weworkremotely", "name": f"wwr-{name}", "category": name}
    return [route(path, body, content_type="application/rss+xml")], source, exp


def romek2(jobs, n, board):
    records = json.load(open(os.path.join(jobs, "romek2_normalized", f"{board}_jobs_dedup.json")))
    records = take(records, n)
    for r in records:
        r.pop("_first_seen_commit", None)
        r["description"] = shorten(r.get("description"), n)
        r["html_description"] = shorten(r.get("html_description"), n)
    source = {
        "kind": "json_api",
        "name": f"mirror-{board}",
        "url": f"https://data.example.org/{board}_jobs.json",
        "fields": {
            "title": "$.title",
            "company": "$.company",
            "url": "$.url",
            "location": "$.location",
            "description": "$.html_description",
            "salary": "$.salary",
            "job_type": "$.job_type",
            "posted_at": "$.posted_at",
        },
    }
    exp = [expect(r.get("title"), r.get("company"), r.get("url")) for r in records]
    return [route(f"/{board}_jobs.json", records)], source, exp


def bumeran(jobs, n):
    records = json.load(open(os.path.join(jobs, "bumeran_ar", "bumeran_api_2025-11-11.json")))
    records = take(records, n)
    for r in records:
        r["detalle"] = shorten(r.get("detalle"), n)
    size = 10 if n else 100
    routes = []
    for page, start in enumerate(range(0, max(len(records), 1), size)):
        body = {"total": len(records), "content": records[start : start + size]}
        q = {"page": str(page), "pageSize": str(size)}
        routes.append(route("/api/avisos/searchNormalizado", body, query=q, method="POST"))
    source = {
        "kind": "json_api",
        "name": "bumeran",
        "url": "https://www.bumeran.com.ar/api/avisos/searchNormalizado",
        "method": "POST",
        "body": {"filtros": [], "busquedaExtendida": False, "tipoDetalle": "full", "withHome": False},
        "headers": {"x-site-id": "BMAR"},
        "items": "$.content[*]",
        "fields": {
            "id": "$.id",
            "title": "$.titulo",
            "company": "$.empresa",
            "description": "$.detalle",
            "location": "$.localizacion",
            "workplace_type": "$.modalidadTrabajo",
            "job_type": "$.tipoTrabajo",
            "posted_at": "$.fechaHoraPublicacion",
        },
        "pagination": {
            "kind": "page",
            "param": "page",
            "start": 0,
            "size_param": "pageSize",
            "size": size,
            "total_path": "$.total",
        },
    }
    exp = [expect(r.get("titulo"), r.get("empresa"), None) for r in records]
    return routes, source, exp


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", required=True, help="the shared data's jobs/ directory")
    ap.add_argument("--per-source", type=int, default=0, help="records per source (0: all)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--small", action="store_true", help="a few sources only (the CLI test)")
    args = ap.parse_args()
    n, jobs = args.per_source, args.jobs
    services, sources = {}, []

    def add(service, built):
        routes, source, exp = built
        services.setdefault(service, []).extend(routes)
        source = dict(source)
        source["service"] = service
        source["expect"] = [e for e in exp if e]
        sources.append(source)

    add("remoteok", remoteok(jobs, n))
    add("remotive", remotive(jobs, n))
    add("arbeitnow", arbeitnow(jobs, n))
    add("gupy", gupy(jobs, n))
    boards = ["stone", "cabify"] if args.small else sorted(
        f[len("greenhouse_board_") : -len(".json")]
        for f in os.listdir(os.path.join(jobs, "greenhouse"))
    )
    for board in boards:
        add("greenhouse", greenhouse(jobs, n, board))
    feeds = ["remote-jobs.rss"] if args.small else sorted(
        os.listdir(os.path.join(jobs, "weworkremotely_rss_2022-11"))
    )
    for feed in feeds:
        add("weworkremotely", wwr(jobs, n, feed))
    add("bumeran", bumeran(jobs, n))
    if not args.small:
        for board in ["jobicy", "remotive", "weworkremotely"]:
            add("mirror", romek2(jobs, n, board))
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"services": services, "sources": sources}, f, ensure_ascii=False, indent=0)
        f.write("\n")
    total = sum(len(s["expect"]) for s in sources)
    print(f"{args.out}: {len(services)} services, {len(sources)} sources, {total} postings with title and company")


if __name__ == "__main__":
    main()
