#!/usr/bin/env bash
# Does a refactoring change what users get?  Builds the sample office (site and letters) with the
# code of a git revision and with the working tree, each on its own copy of content/ at a fixed
# --today, and compares both outputs byte for byte.  Exit 0 when identical, 1 with the differing
# files listed otherwise.
#   bash scripts/same_output.sh            # against main
#   bash scripts/same_output.sh HEAD~3     # against any revision
#   TODAY=2027-06-01 bash scripts/same_output.sh
#   PYTHON=/path/to/python bash scripts/same_output.sh   # an interpreter with xinfang's dependencies
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:-main}"
today="${TODAY:-2026-11-24}"
# the worktree's environment, else $PYTHON (a fresh clone has no .venv of its own)
python="${PYTHON:-$(pwd)/.venv/bin/python}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# one build: $1 = the source folder (a package root holding generator/), $2 = the output folder
build() {
  mkdir -p "$2"
  cp -r content "$2/content"  # the same input for both: this worktree's sample
  cp "$1/mkdocs.yml" "$2/"
  # the code's own letter templates: at the top before they shipped inside the package
  if [ -d "$1/letter_templates" ]; then cp -r "$1/letter_templates" "$2/"; fi
  # the source folder goes first on the path, ahead of the editable install of this worktree
  (cd "$2" && PYTHONPATH="$1" nice "$python" -m generator build --content content \
     --site-dir site --letters-dir letters --today "$today" >"$2/build.log" 2>&1) \
    || { echo "build with $1 failed:"; cat "$2/build.log"; exit 1; }
}

mkdir -p "$work/old-src"
git archive "$rev" | tar -x -C "$work/old-src" generator mkdocs.yml $(git ls-tree --name-only "$rev" letter_templates)
build "$work/old-src" "$work/old"
build "$(pwd)" "$work/new"

status=0
for part in site letters content/register.tsv; do
  # the release stamp names when it was published: the one file that differs by design
  if ! diff -r -q -x .xinfang-output "$work/old/$part" "$work/new/$part"; then status=1; fi
done
if [ $status -eq 0 ]; then
  echo "identical: site/ ($(find "$work/new/site" -type f | wc -l) files), letters/" \
       "($(find "$work/new/letters" -type f | wc -l) files) and the register, $rev vs working tree, --today $today"
fi
exit $status
