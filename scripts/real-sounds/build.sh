#!/usr/bin/env bash
# Rebuilds BullWatch's real-sound development benchmark: real recordings from Debian packages (a
# bed per site from that site's own recordings, real splash recordings as bulls, other water and
# night sounds as distractors), composed into labelled nights with `bull compose`.
#
#   scripts/real-sounds/build.sh [WORK_DIR]        (default: target/real-sounds)
#
# Environment: SOUNDS (the tables of sounds to use, space-separated, default sounds.tsv beside this
# script; `SOUNDS="sounds.tsv more-sites.tsv"` adds four more sites), HOURS (per site, default 2),
# MINUTES (per night, default 30), SEED (default 1), RATE (default 22050), BULLS_PER_HOUR (default
# 20: about 8 % of the 15 s windows hold a bull, near the 5 % of real nights), DISTRACTORS_PER_HOUR
# (default 40).
#
# What it does, all under WORK_DIR:
#   debs/        the packages of sounds.tsv at their exact versions (`apt-get download`, no root;
#                about 3.7 GB: 0ad-data alone is 1.4 GB)
#   copyright/   each package's debian/copyright
#   sounds/      every file of sounds.tsv as 16-bit PCM WAV, by role (bulls/, distractors/,
#                sites/SITE/), at its own rate and channel count (`bull compose` resamples)
#   SOURCES.tsv  role, site, package, version, path in the package, licence (from the package's
#                machine-readable copyright file, licence.py), seconds, file
#   corpus/      the composed nights (manifest.csv, SITE/SITE-nightNN.wav, .txt, .events.tsv)
# The recordings are never committed; this script and sounds.tsv are their recipe and provenance.
# Needs: apt-get, dpkg-deb, unzip, sox (with its Ogg Vorbis format, libsox-fmt-all) or oggdec.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mkdir -p "${1:-$root/target/real-sounds}" && cd "${1:-$root/target/real-sounds}" && pwd)
HOURS=${HOURS:-2} MINUTES=${MINUTES:-30} SEED=${SEED:-1} RATE=${RATE:-22050}
BULLS_PER_HOUR=${BULLS_PER_HOUR:-20} DISTRACTORS_PER_HOUR=${DISTRACTORS_PER_HOUR:-40}

need() { command -v "$1" >/dev/null 2>&1; }
if ! need sox || ! need unzip; then
  echo "real-sounds: installing sox, its formats and unzip" >&2
  apt-get install -y sox libsox-fmt-all unzip >&2 || { echo "real-sounds: needs sox (libsox-fmt-all) and unzip" >&2; exit 1; }
fi

mkdir -p "$work/debs" "$work/copyright" "$work/raw" "$work/sounds"
tables=()
for t in ${SOUNDS:-sounds.tsv}; do
  case $t in /*) tables+=("$t") ;; *) tables+=("$here/$t") ;; esac
  [ -f "${tables[-1]}" ] || { echo "real-sounds: no table ${tables[-1]}" >&2; exit 1; }
done
rows=$(for t in "${tables[@]}"; do tail -n +2 "$t"; done)

# 1. the packages, at their exact versions; each is unpacked once, only the files it is needed for
while IFS=$'\t' read -r pkg ver; do
  if ! ls "$work/debs/${pkg}_"*.deb >/dev/null 2>&1; then
    echo "real-sounds: downloading $pkg $ver" >&2
    (cd "$work/debs" && apt-get download "$pkg=$ver")
  fi
  deb=$(ls "$work/debs/${pkg}_"*.deb | head -1)
  got=$(dpkg-deb -f "$deb" Version)
  [ "$got" = "$ver" ] || { echo "real-sounds: $deb is $pkg $got, sounds.tsv wants $ver" >&2; exit 1; }
  raw="$work/raw/$pkg"
  members=$(echo "$rows" | awk -F'\t' -v p="$pkg" '$3 == p { sub(/!.*/, "", $5); print "./" $5 }' | sort -u)
  missing=()
  for m in $members "./usr/share/doc/$pkg/copyright"; do
    [ -f "$raw/$m" ] || missing+=("$m")
  done
  # an archive emptied after an earlier build (step 2) is unpacked again when a member it holds is
  # not out yet (one added to a table since)
  while IFS= read -r inner; do
    outer=${inner%%!*}
    if [ ! -f "$raw/$outer.d/${inner#*!}" ] && [ ! -s "$raw/$outer" ] && [[ ! " ${missing[*]} " == *" ./$outer "* ]]; then
      missing+=("./$outer")
    fi
  done < <(echo "$rows" | awk -F'\t' -v p="$pkg" '$3 == p && index($5, "!") > 0 { print $5 }')
  if [ ${#missing[@]} -gt 0 ]; then
    echo "real-sounds: unpacking ${#missing[@]} files of $pkg" >&2
    mkdir -p "$raw"
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$raw" "${missing[@]}"
  fi
  cp "$raw/usr/share/doc/$pkg/copyright" "$work/copyright/$pkg"
done < <(echo "$rows" | cut -f3,4 | sort -u)

# 2. the files (members of zip archives inside a package: ARCHIVE!MEMBER), as 16-bit WAV, into a
# fresh sounds/ (so that a file dropped from sounds.tsv is not composed)
rm -rf "$work/sounds"
: > "$work/SOURCES.tmp"
echo -e "role\tsite\tpackage\tversion\tpath\tlicence\tseconds\tfile" > "$work/SOURCES.tmp"
while IFS=$'\t' read -r role site pkg ver path name; do
  outer=${path%%!*}
  raw="$work/raw/$pkg"
  src="$raw/$outer"
  if [ "$path" != "$outer" ]; then
    member=${path#*!}
    if [ ! -f "$raw/$outer.d/$member" ]; then
      # all of this archive's members at once
      unzip -o -q "$src" $(echo "$rows" | awk -F'\t' -v p="$pkg" -v o="$outer" \
        '$3 == p && index($5, o "!") == 1 { print substr($5, length(o) + 2) }') -d "$raw/$outer.d"
    fi
    src="$raw/$outer.d/$member"
  fi
  case $role in
    bull) dir=bulls ;;
    distractor) dir=distractors ;;
    background) dir=sites/$site ;;
    *) echo "real-sounds: unknown role $role in sounds.tsv" >&2; exit 1 ;;
  esac
  mkdir -p "$work/sounds/$dir"
  wav="$work/sounds/$dir/$name.wav"
  if ! sox "$src" -b 16 -e signed-integer "$wav" 2>"$work/sox.err"; then
    # sox without Ogg Vorbis support: oggdec; if neither can, say which source and why
    { command -v oggdec >/dev/null && oggdec -Q -o "$wav" "$src"; } || {
      echo "real-sounds: cannot convert $src ($path in $pkg $ver): $(tail -n1 "$work/sox.err")" >&2; exit 1; }
  fi
  licence=$(python3 "$here/licence.py" "$work/copyright/$pkg" "$outer")
  seconds=$(soxi -D "$wav")
  echo -e "$role\t$site\t$pkg\t$ver\t$path\t$licence\t$seconds\tsounds/$dir/$name.wav" >> "$work/SOURCES.tmp"
done <<< "$rows"
mv "$work/SOURCES.tmp" "$work/SOURCES.tsv"
rm -f "$work/sox.err"
# the 3 GB zip of 0ad is no longer needed once its members are out (truncated, so that step 1
# does not unpack it again)
find "$work/raw" -name '*.zip' -size +100M -exec truncate -s 0 {} \;

# 3. the nights; the sites in the order of the tables, sorted within each, so that adding a table
# leaves the earlier tables' sites (their index feeds their seed) composed exactly as before
sites=()
for t in "${tables[@]}"; do
  for name in $(tail -n +2 "$t" | awk -F'\t' '$1 == "background" { print $2 }' | sort -u); do
    [[ " ${sites[*]} " == *" $name=$work/sounds/sites/$name "* ]] || sites+=(--site "$name=$work/sounds/sites/$name")
  done
done
rm -rf "$work/corpus"
"$root/bull" compose --out "$work/corpus" "${sites[@]}" --bulls "$work/sounds/bulls" \
  --distractors "$work/sounds/distractors" --hours-per-site "$HOURS" --recording-minutes "$MINUTES" \
  --bulls-per-hour "$BULLS_PER_HOUR" --distractors-per-hour "$DISTRACTORS_PER_HOUR" \
  --sample-rate "$RATE" --seed "$SEED"
echo "real-sounds: $(($(wc -l < "$work/SOURCES.tsv") - 1)) sources in $work/SOURCES.tsv; corpus in $work/corpus"
