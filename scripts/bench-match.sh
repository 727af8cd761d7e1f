#!/usr/bin/env bash
# Side by side, in one run: `vaga match` against the Python reference (scikit-learn TF-IDF +
# cosine with the same weights), on the benchmark corpus already passed through
# `vaga jobs normalize`.
#
#   scripts/bench-match.sh POSTINGS.jsonl PROFILES.jsonl [N_PROFILES]
#
# POSTINGS.jsonl and PROFILES.jsonl come from ../shared/bench/gen_corpus.py (see
# docs/benchmarks.md). The script normalises the postings once (not timed), then:
# - score phase: `vaga match --timings` for the first N profiles (default 20), median of the
#   `score` phase, against the reference's median single-profile query over the same profiles;
# - whole command: wall time of `vaga match` for profile 1 against the wall time of the
#   reference's run for one profile (read, prepare, fit, one query), alternating, 3 runs each.
# Needs python3 with flashtext, spacy, scikit-learn and numpy, and a release build of vaga.
set -euo pipefail
postings=${1:?postings file}
profiles=${2:?profiles file}
n=${3:-20}
here=$(cd "$(dirname "$0")/.." && pwd)
vaga=${VAGA:-$here/target/release/vaga}
ref=${REF_PYTHON:-$here/../shared/bench/ref_python.py}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$vaga" jobs normalize --jsonl "$postings" > "$work/norm.jsonl"
head -n "$n" "$profiles" > "$work/profiles.jsonl"
head -n 1 "$profiles" > "$work/one.jsonl"

now() { date +%s.%N; }

# Score phase, one profile at a time.
: > "$work/score.txt"
i=0
while IFS= read -r line; do
  i=$((i + 1))
  printf '%s\n' "$line" > "$work/p.json"
  "$vaga" --timings --format json match --profile "$work/p.json" --jobs "$work/norm.jsonl" \
    --top 20 2> "$work/t.json" > /dev/null
  # The timings object is the last line of stderr (warnings may come before it).
  tail -n 1 "$work/t.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["score"])' >> "$work/score.txt"
done < "$work/profiles.jsonl"
vaga_score_ms=$(sort -g "$work/score.txt" | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m*1000}')
python3 "$ref" --jobs "$postings" --profiles "$work/profiles.jsonl" --methods "" \
  --queries "$n" --loop-queries 0 --batch 1 --out "$work/ref.json" > /dev/null 2>&1
ref_query_ms=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["matching"]["query_ms_median"])' "$work/ref.json")

# Whole command, alternating.
: > "$work/vaga_wall.txt"
: > "$work/ref_wall.txt"
for _ in 1 2 3; do
  t0=$(now)
  "$vaga" --format json match --profile "$work/one.jsonl" --jobs "$work/norm.jsonl" --top 20 > /dev/null
  t1=$(now)
  python3 "$ref" --jobs "$postings" --profiles "$work/one.jsonl" --methods "" --queries 1 \
    --loop-queries 0 --batch 1 > /dev/null 2>&1
  t2=$(now)
  echo "$t1 - $t0" | bc >> "$work/vaga_wall.txt"
  echo "$t2 - $t1" | bc >> "$work/ref_wall.txt"
done
median() { sort -g "$1" | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'; }
vw=$(median "$work/vaga_wall.txt")
rw=$(median "$work/ref_wall.txt")

echo "| measure | vaga | Python reference | ratio |"
echo "|---|---|---|---|"
echo "| score phase, median of $n profiles (ms) | $vaga_score_ms | $ref_query_ms | $(echo "scale=1; $ref_query_ms / $vaga_score_ms" | bc)× |"
echo "| whole command, one profile, median of 3 (s) | $vw | $rw | $(echo "scale=1; $rw / $vw" | bc)× |"
