#!/bin/sh
# Every catalog in po/LINGUAS compiles and translates every string of the
# current template: no untranslated and no fuzzy messages.
set -eu
top=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top/po"

# A fresh template from the sources, as `ninja heapscope-pot` would make it.
xgettext --files-from=POTFILES.in --directory="$top" --from-code=UTF-8 \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --add-comments \
  --output="$tmp/heapscope.pot" 2>"$tmp/xgettext.log" || { cat "$tmp/xgettext.log"; exit 1; }

status=0
for lang in $(sed 's/#.*//' LINGUAS); do
  msgmerge --quiet --no-fuzzy-matching "$lang.po" "$tmp/heapscope.pot" -o "$tmp/$lang.po"
  stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "$lang: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) echo "not ok: $lang is incomplete"; status=1 ;;
  esac
  msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep '^msgid' | sed 1d | head -20 || true
done
exit $status
