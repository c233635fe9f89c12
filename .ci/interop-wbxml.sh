#!/usr/bin/env bash
# WBXML interop: checks easim's codec against libwbxml (`xml2wbxml`/`wbxml2xml`, Debian libwbxml2-utils
# 0.11.8), both ways, on the fixture corpus plus a set of seeded random documents.
#
# For each document X.xml (spec tag names):
#   encode   easim's bytes for X      == xml2wbxml -a -n -k of X (written with libwbxml's tag spellings)
#   decode   wbxml2xml -l ACTIVESYNC -m 0 -k of easim's bytes == easim's XML of them (libwbxml spellings)
#   read     easim encodes wbxml2xml's XML back to the same bytes
#   identity easim's XML of easim's bytes == X
# It also re-reads libwbxml's tag table from the installed wbxml2xml and compares it with
# fixtures/wbxml/libwbxml-tags.txt, which the unit tests hold easim's code pages to.
# Documents under fixtures/wbxml/16.1-only/ use tags libwbxml lacks (Find page, AccountOnlyRemoteWipe) and
# get only the identity check. The generator avoids those tags.
#
# Usage: .ci/interop-wbxml.sh [--write-fixtures]
#   --write-fixtures  (re)write every fixtures/wbxml/**/X.wbxml: libwbxml's bytes where libwbxml can encode
#                     X, easim's under 16.1-only/; and libwbxml-tags.txt. Then run without it to check.
# Needs: xml2wbxml and wbxml2xml (`apt-get install -y libwbxml2-utils`), cargo. Env: WBXML_INTEROP_SEED,
# WBXML_INTEROP_COUNT (default 1 and 200).
set -euo pipefail

cd "$(dirname "$0")/.."
mode=check
if [[ ${1:-} == --write-fixtures ]]; then
    mode=write
elif [[ $# -gt 0 ]]; then
    echo "usage: $0 [--write-fixtures]" >&2
    exit 2
fi
for tool in xml2wbxml wbxml2xml; do
    if ! command -v "$tool" >/dev/null; then
        echo "interop-wbxml: $tool not found (apt-get install -y libwbxml2-utils)" >&2
        exit 2
    fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cargo build --quiet --bin easim
# The target directory may be shared; work with a private copy of the binary.
cp "${CARGO_TARGET_DIR:-target}/debug/easim" "$tmp/easim"
easim="$tmp/easim"

total=0
agree=0
failures=()

fail() { # name, what
    failures+=("$1: $2")
}

# libwbxml's encoding of an XML file with spec names, via easim's libwbxml-spelled XML of it.
libwbxml_encode() { # xml, out.wbxml, work-prefix
    "$easim" wbxml encode "$1" -o "$3.tmp.wbxml"
    "$easim" wbxml decode --libwbxml-names "$3.tmp.wbxml" -o "$3.lib.xml"
    xml2wbxml -a -n -k -o "$2" "$3.lib.xml" >/dev/null 2>"$3.err"
}

check_doc() { # xml, name, full(1)/identity-only(0), [committed libwbxml bytes to compare]
    local x=$1 name=$2 full=$3 committed=${4:-} w="$tmp/work/$2" ok=1
    mkdir -p "$(dirname "$w")"
    total=$((total + 1))
    if ! "$easim" wbxml encode "$x" -o "$w.ours.wbxml" 2>"$w.err"; then
        fail "$name" "easim cannot encode it: $(cat "$w.err")"
        return
    fi
    "$easim" wbxml decode "$w.ours.wbxml" -o "$w.ours.xml"
    if ! diff -q <(cat "$w.ours.xml"; echo) "$x" >/dev/null; then
        fail "$name" "identity: easim's XML of its own bytes differs from the document"
        ok=0
    fi
    if [[ $full == 1 ]]; then
        "$easim" wbxml decode --libwbxml-names "$w.ours.wbxml" -o "$w.lib.xml"
        if ! xml2wbxml -a -n -k -o "$w.lib.wbxml" "$w.lib.xml" >/dev/null 2>"$w.err"; then
            fail "$name" "xml2wbxml failed: $(cat "$w.err")"
            ok=0
        elif ! cmp -s "$w.ours.wbxml" "$w.lib.wbxml"; then
            fail "$name" "encode: bytes differ from xml2wbxml's"
            ok=0
        elif [[ -n $committed ]] && ! cmp -s "$committed" "$w.lib.wbxml"; then
            fail "$name" "$committed differs from what xml2wbxml writes today (rerun with --write-fixtures?)"
            ok=0
        fi
        if ! wbxml2xml -l ACTIVESYNC -m 0 -k -o "$w.back.xml" "$w.ours.wbxml" >/dev/null 2>"$w.err"; then
            fail "$name" "wbxml2xml failed: $(cat "$w.err")"
            ok=0
        else
            if ! cmp -s "$w.back.xml" "$w.lib.xml"; then
                fail "$name" "decode: wbxml2xml's XML differs from easim's"
                ok=0
            fi
            if ! "$easim" wbxml encode "$w.back.xml" -o "$w.again.wbxml" 2>"$w.err" \
                || ! cmp -s "$w.again.wbxml" "$w.ours.wbxml"; then
                fail "$name" "read: easim does not encode wbxml2xml's XML back to the same bytes"
                ok=0
            fi
        fi
    fi
    if [[ $ok == 1 ]]; then
        agree=$((agree + 1))
    fi
}

# libwbxml's tag table as its decoder prints it: one line per known (page, token), "opaque" where it shows the
# content as base64. The unit tests hold easim's code pages to the committed copy of this table.
probe_libwbxml_tags() {
    local p t hexp hext xml
    for p in $(seq 0 25); do
        for t in $(seq 5 63); do
            hexp=$(printf '%02x' "$p")
            hext=$(printf '%02x' $((t | 64)))
            printf "\x03\x01\x6a\x00\x00\x$hexp\x$hext\x03x\x00\x01" >"$tmp/probe.wbxml"
            wbxml2xml -l ACTIVESYNC -m 0 -k -o "$tmp/probe.xml" "$tmp/probe.wbxml" >/dev/null 2>&1 || continue
            xml=$(sed -E 's/.*<!DOCTYPE[^>]*>//' "$tmp/probe.xml")
            [[ $xml == "<unknown "* ]] && continue
            sed -E 's/^<([^ >]+) xmlns="[^"]*">([^<]*)<.*$/\1 \2/' <<<"$xml" \
                | awk -v p="$p" -v t="$t" '{ printf "%d 0x%02X %s%s\n", p, t, $1, ($2 == "eA==") ? " opaque" : "" }'
        done
    done
}
tag_table=fixtures/wbxml/libwbxml-tags.txt

mapfile -t corpus < <(find fixtures/wbxml -name '*.xml' | sort)

if [[ $mode == write ]]; then
    for x in "${corpus[@]}"; do
        out="${x%.xml}.wbxml"
        rel="${x#fixtures/wbxml/}"
        mkdir -p "$tmp/write/$(dirname "$rel")"
        if [[ $rel == 16.1-only/* ]]; then
            "$easim" wbxml encode "$x" -o "$out"
        elif ! libwbxml_encode "$x" "$out" "$tmp/write/${rel%.xml}"; then
            echo "interop-wbxml: xml2wbxml cannot encode $x: $(cat "$tmp/write/${rel%.xml}.err")" >&2
            exit 1
        fi
    done
    probe_libwbxml_tags >"$tag_table"
    echo "wbxml interop: wrote ${#corpus[@]} fixtures and $tag_table"
    exit 0
fi

total=$((total + 1))
if probe_libwbxml_tags | diff -u "$tag_table" - >"$tmp/tags.diff"; then
    agree=$((agree + 1))
else
    fail "$tag_table" "the installed libwbxml's tag table differs: $(head -n 20 "$tmp/tags.diff")"
fi

for x in "${corpus[@]}"; do
    rel="${x#fixtures/wbxml/}"
    if [[ $rel == 16.1-only/* ]]; then
        check_doc "$x" "$rel" 0
    else
        # The committed bytes are libwbxml's; they must still be what it writes today.
        check_doc "$x" "$rel" 1 "${x%.xml}.wbxml"
    fi
done

"$easim" wbxml gen --libwbxml --seed "${WBXML_INTEROP_SEED:-1}" --count "${WBXML_INTEROP_COUNT:-200}" \
    --out "$tmp/gen"
for x in "$tmp"/gen/*.xml; do
    check_doc "$x" "generated/$(basename "$x")" 1
done

differ=$((total - agree))
echo "wbxml interop: $total documents, $agree agree, $differ differ"
if [[ $differ -gt 0 ]]; then
    printf '  %s\n' "${failures[@]}" | head -n 40
    exit 1
fi
