#!/bin/sh
# Reference for the rpm comparator: rpm's own lua rpm.vercmp (EVR-aware), all pairs in one process.
# usage: rpm.sh PAIRS_FILE
exec rpm --define "_ls_pairs $1" --eval "%{lua: dofile('$(dirname "$0")/rpm.lua')}"
