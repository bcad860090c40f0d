# Sourced by scripts/labelatlas and scripts/cluster: sets $home, $jar, $classpath_file, $shared_file and builds the
# thin jar with Maven on first use or when sources changed (LABELATLAS_NO_BUILD=1 skips that check, as tests do).
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export LABELATLAS_HOME="$home"
find_jar() { ls "$home"/target/labelatlas-*.jar 2>/dev/null | grep -v '/original-' | head -1 || true; }
jar="$(find_jar)"
classpath_file="$home/target/spark.classpath"
shared_file="$home/target/spark-shared.classpath"

stale() {
  [ -z "$jar" ] || [ ! -f "$jar" ] || [ ! -f "$classpath_file" ] && return 0
  [ "${LABELATLAS_NO_BUILD:-0}" = 1 ] && return 1
  [ -n "$(find "$home/src/main" "$home/pom.xml" "$home/jobs/demo.yaml" -newer "$jar" -print -quit 2>/dev/null)" ]
}
if stale; then
  echo "labelatlas: building the LabelAtlas jar (first use or sources changed) ..." >&2
  (cd "$home" && mvn -B -q -Dmaven.test.skip=true package) >&2
  jar="$(find_jar)"
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
