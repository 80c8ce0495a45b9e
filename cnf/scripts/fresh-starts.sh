#!/usr/bin/env bash
# Fresh starts of the exported platform with LUN configurations in deploy/: every start must leave the user's .cfg
# files byte-identical and show the LUNs they configure.
#
#   bash cnf/scripts/fresh-starts.sh [N] [--junit FILE]
#
# Each start is `java -jar cnf/target/hbakit.jar hba:hardware` in cnf/target/fresh-starts/run with a new data
# directory (so a new Felix cache and Config Admin store) and the same deploy/ folder. A start passes when it exits
# 0, its output has the `lun` line of every configured LUN and no refusal, and every .cfg file in deploy/ is
# byte-identical to the file written before the first start. A failed start restores the files for the next one.
# Prints one line per failure and a last line `fresh-starts: P passed, F failed`; exits 1 when any start failed.
# JAVA names the java command (default: java on the PATH); FRESH_STARTS_JAVA_OPTS adds JVM options; HBAKIT_JAR
# another platform jar; FRESH_STARTS_DIR another work folder (default cnf/target/fresh-starts, emptied first).
# --junit FILE also writes the result as a JUnit XML report (one test case per start), which .ci/run counts;
# `mvn verify` runs it in cnf with N = ${hbakit.freshStarts} (10; -Dhbakit.freshStarts=0 runs none).
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
n=10
junit=""
while [ $# -gt 0 ]; do
	case "$1" in
		--junit) junit="$2"; shift 2 ;;
		*) n="$1"; shift ;;
	esac
done
if [ "$n" -eq 0 ]; then
	echo "fresh-starts: none asked"
	exit 0
fi
jar="${HBAKIT_JAR:-$root/cnf/target/hbakit.jar}"
[ -f "$jar" ] || { echo "fresh-starts: $jar not built" >&2; exit 2; }

work="${FRESH_STARTS_DIR:-$root/cnf/target/fresh-starts}"
rm -rf "$work"
mkdir -p "$work/expected" "$work/run/deploy"

# The user's files, in the forms the docs show: comments, hex, size suffixes, a file-backed LUN.
cat >"$work/expected/org.hbakit.hba.sim.lun-scratch.cfg" <<'EOF'
# A scratch disk on the default machine's hba0, target 2 (the default machine uses targets 0 and 1).
hba = hba0
target = 2
lun = 0
size = 64m
EOF
cat >"$work/expected/org.hbakit.hba.sim.lun-big4k.cfg" <<'EOF'
hba = hba1
target = 0x3
lun = 0x1
size = 256MiB
block.size = 4096
serial = BIG4K
faults = every_nth=100,busy=true
EOF
cat >"$work/expected/org.hbakit.hba.sim.lun-filed.cfg" <<'EOF'
hba=hba1
target=4
size=1m
backing=file
file=fresh-starts.img
EOF
# the lines hba:hardware prints for them
expected_luns=(
	"lun hba0:2:0 pci0000:00:04.0 - 2 0 67108864 512 memory -"
	"lun hba1:3:1 pci0000:00:05.0 - 3 1 268435456 4096 memory busy=true,every_nth=100"
	"lun hba1:4:0 pci0000:00:05.0 - 4 0 1048576 512 file -"
)
cp "$work/expected/"*.cfg "$work/run/deploy/"

passed=0
failed=0
cases=""
for i in $(seq 1 "$n"); do
	cd "$work/run" || exit 2
	rm -rf hbakit-data
	start=$(date +%s%N)
	# an ephemeral HTTP port: other checkouts may run this at the same time, and the platform may be running
	timeout 180 "${JAVA:-java}" -Dorg.osgi.service.http.port=0 ${FRESH_STARTS_JAVA_OPTS:-} -jar "$jar" hba:hardware >out.txt 2>err.txt
	status=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	elapsed="$((ms / 1000)).$(printf %03d $((ms % 1000)))"
	why=""
	[ "$status" -eq 0 ] || why="exit status $status"
	for l in "${expected_luns[@]}"; do
		grep -qxF "$l" out.txt || why="${why:+$why; }missing: $l"
	done
	if grep -q "refused" out.txt err.txt; then
		why="${why:+$why; }$(grep -h "refused" out.txt err.txt | head -1)"
	fi
	for f in "$work/expected/"*.cfg; do
		b="$(basename "$f")"
		if ! cmp -s "$f" "deploy/$b"; then
			why="${why:+$why; }deploy/$b changed ($(stat -c %s "deploy/$b" 2>/dev/null || echo missing) bytes)"
			cp "$f" "deploy/$b"
		fi
	done
	if [ -z "$why" ]; then
		passed=$((passed + 1))
		cases+="<testcase classname=\"fresh-starts\" name=\"start $i\" time=\"$elapsed\"/>"
	else
		failed=$((failed + 1))
		echo "fresh start $i: $why"
		cases+="<testcase classname=\"fresh-starts\" name=\"start $i\" time=\"$elapsed\"><failure message=\"$(echo "$why" | sed 's/&/\&amp;/g; s/"/\&quot;/g; s/</\&lt;/g')\"/></testcase>"
	fi
done

if [ -n "$junit" ]; then
	mkdir -p "$(dirname "$junit")"
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="fresh-starts" tests="%d" failures="%d" errors="0" skipped="0">%s</testsuite>\n' \
		"$n" "$failed" "$cases" >"$junit"
fi
echo "fresh-starts: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
