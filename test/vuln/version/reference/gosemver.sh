#!/bin/sh
# Build (once per run, in a temp dir) and run the x/mod/semver reference over a pairs file.
# usage: gosemver.sh PAIRS_FILE
set -e
here=$(cd "$(dirname "$0")" && pwd)
src="$(go env GOROOT)/src/cmd/vendor/golang.org/x/mod/semver/semver.go"
[ -f "$src" ] || { echo "x/mod/semver not vendored in this Go toolchain" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/semver"
cp "$src" "$work/semver/semver.go"
cp "$here/go/main.go" "$work/main.go"
printf 'module leftshiftref\n\ngo 1.19\n' > "$work/go.mod"
cd "$work"
GOFLAGS=-mod=mod GOPROXY=off go build -o "$work/ref" . >&2
"$work/ref" "$1"
