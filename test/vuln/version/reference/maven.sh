#!/bin/sh
# Compile (in a temp dir) and run the ComparableVersion reference over a pairs file.
# usage: maven.sh PAIRS_FILE   (MAVEN_ARTIFACT_JAR overrides the jar location)
set -e
here=$(cd "$(dirname "$0")" && pwd)
jar=${MAVEN_ARTIFACT_JAR:-$(ls /usr/share/maven/lib/maven-artifact*.jar 2>/dev/null | head -n 1)}
[ -n "$jar" ] || { echo "maven-artifact jar not found" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
javac -d "$work" -cp "$jar" "$here/maven/MavenCompare.java" >&2
java -cp "$work:$jar" MavenCompare "$1"
