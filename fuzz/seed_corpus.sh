#!/usr/bin/env bash
# Seeds the sheet_reader corpus with the import fixtures, each behind the selector
# byte the target reads first (0: .csv, 1: .txt, 2: .xlsx, 3: .ods; no forced options).
# Usage, from the repository root: bash fuzz/seed_corpus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus/sheet_reader
mkdir -p "$out"
for f in fixtures/import/*.* fixtures/import/bad/*.* fixtures/hostile/*.*; do
    case "$f" in
        *.py | *.md) continue ;;
        *.xlsx) sel='\x02' ;;
        *.ods) sel='\x03' ;;
        *.txt) sel='\x01' ;;
        *) sel='\x00' ;;
    esac
    # Large files slow the fuzzer down without teaching it much.
    if [ "$(wc -c < "$f")" -gt 65536 ]; then continue; fi
    { printf "$sel"; cat "$f"; } > "$out/$(basename "$f")"
done
echo "seeded $(ls "$out" | wc -l) files into $out"
