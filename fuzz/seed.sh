#!/usr/bin/env bash
# Seeds the fuzz corpora from the conformance files (the corpus dirs are git-ignored).
# Usage: fuzz/seed.sh [CONFORMANCE_DIR]   (default: ../shared/conformance/hurl beside the repo)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${1:-$here/../../shared/conformance/hurl}"
for target in parse_spec parse_spec_entry parse_template; do
    mkdir -p "$here/corpus/$target"
done
n=0
for f in "$src"/parse_ok/*.hurl "$src"/parse_err/*.hurl; do
    [ -f "$f" ] || continue
    name="$(basename "$(dirname "$f")")__$(basename "$f")"
    cp "$f" "$here/corpus/parse_spec/$name"
    cp "$f" "$here/corpus/parse_template/$name"
    # The entry target reads its first byte as a prefix choice: '\x00' = a bare request line.
    { printf '\x00'; cat "$f"; } > "$here/corpus/parse_spec_entry/$name"
    n=$((n + 1))
done
# A few sortie.yaml-style values for parse_template.
i=0
for v in 'Bearer {{token}}' '{{newUuid}}' '{{ getEnv "HOME" }}' 'https://{{host}}:{{port}}/v1' \
    '{{randomInt 1 10}}-{{randomString 8}}' 'a{{b}}c
{{'; do
    printf '%s' "$v" > "$here/corpus/parse_template/value_$i"
    i=$((i + 1))
done
echo "seeded $n files into $here/corpus/{parse_spec,parse_spec_entry,parse_template}"
