#!/usr/bin/env bash
# End-to-end throughput of `vaga skills extract --jsonl` against the Python reference (flashtext),
# measured side by side in one run. Usage (from the repository root):
#   python3 ../shared/bench/gen_corpus.py --n 100000 --out /tmp/postings.jsonl --profiles 100
#   pip install flashtext scikit-learn numpy spacy
#   scripts/bench-skills-e2e.sh /tmp/postings.jsonl
set -euo pipefail
corpus=${1:?corpus JSONL}
bench_dir=${BENCH_DIR:-../shared/bench}
cargo build --release -q -p vaga-cli
ref=$(python3 "$bench_dir/ref_python.py" --jobs "$corpus" --profiles "${corpus%.jsonl}.profiles.jsonl" \
  --methods flashtext --skip-matching 2>/dev/null)
desc_bytes=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["desc_bytes"])' "$ref")
flash_mbs=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["extraction"]["flashtext"]["mb_s"])' "$ref")
start=$(date +%s.%N)
./target/release/vaga --timings skills extract --jsonl "$corpus" > /dev/null 2> /tmp/vaga-e2e-timings.json
end=$(date +%s.%N)
python3 - "$desc_bytes" "$flash_mbs" "$start" "$end" <<'PY'
import json, sys
desc, flash, start, end = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
wall = end - start
vaga = desc / wall / 1e6
print(json.dumps({"description_bytes": desc, "flashtext_mb_s": flash, "vaga_wall_s": round(wall, 3),
                  "vaga_mb_s": round(vaga, 1), "ratio": round(vaga / flash, 1),
                  "vaga_timings": json.load(open("/tmp/vaga-e2e-timings.json"))}))
PY
