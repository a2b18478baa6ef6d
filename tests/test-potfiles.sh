#!/bin/sh
# Fails when a file with translatable strings is missing from po/POTFILES.in
# (or POTFILES.in names a file that no longer exists).
set -eu
top=$1
cd "$top"
status=0
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort)

for f in $listed; do
  [ -f "$f" ] || { echo "not ok: po/POTFILES.in names missing file $f"; status=1; }
done

found=$( { grep -rlE '(^|[^A-Za-z_])(_|N_|C_|NC_|g_dpgettext2)[ ]?\("' src --include='*.c' || true;
           grep -rl 'translatable="yes"' src --include='*.ui' || true;
           ls data/*.desktop.in.in data/*.metainfo.xml.in.in data/*.gschema.xml.in 2>/dev/null || true; } | sort -u)

for f in $found; do
  echo "$listed" | grep -qxF "$f" || { echo "not ok: $f has translatable strings but is not in po/POTFILES.in"; status=1; }
done

[ $status = 0 ] && echo "ok: $(echo "$listed" | wc -l) files listed, none missing"
exit $status
