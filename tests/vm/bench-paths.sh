# SPDX-License-Identifier: GPL-2.0
#
# Benchmark (not a test): what the path layer's check costs per path byte,
# and what the label layer adds per open. open+close of files at paths of
# growing length, run unconfined, confined by moat's docker-default path
# layer, by the same plus a label layer (labels: the redirect and a label
# cache hit per open), and under AppArmor's docker-default, alternating,
# in one boot. The per-byte cost is the slope of (confined - unconfined)
# over the path length; the label layer's cost is labels - moat.
. /tests/lib.sh
CG=/sys/fs/cgroup
LENGTHS="64 1024 4000"
N=5000

modprobe moat
moatctl load /policy/docker-default.apparmor >/dev/null 2>&1
apparmor_parser -r -K /policy/docker-default.apparmor
mkdir $CG/bench $CG/lbench
moatctl attach docker-default $CG/bench >/dev/null
# the same path layer plus a label layer (the label cache's cost per open)
moatctl load --name lbl /policy/docker-default.apparmor /tests/data/container.labels >/dev/null 2>&1
moatctl attach lbl $CG/lbench --label container_t:c1 >/dev/null

run_unconfined() { pathbench -n $N $LENGTHS; }
run_moat() { sh -c "echo \$\$ > $CG/bench/cgroup.procs && exec pathbench -n $N $LENGTHS"; }
run_labels() { sh -c "echo \$\$ > $CG/lbench/cgroup.procs && exec pathbench -n $N $LENGTHS"; }
run_apparmor() { sh -c "echo -n 'exec docker-default' > /proc/self/attr/exec && exec pathbench -n $N $LENGTHS"; }

for round in 1 2 3 4 5; do
	for cfg in unconfined moat labels apparmor; do
		rm -rf /tmp/pathbench
		run_$cfg | sed "s/^/$cfg /" >> /tmp/bench.out
	done
done
echo "# open+close under TCG, ns per operation: the fastest of 5 alternating rounds, each the median of 5 x $N"
echo "# (TCG timing is noisy; the minimum is the least disturbed figure)"
echo "# config length ns"
for cfg in unconfined moat labels apparmor; do
	for l in $LENGTHS; do
		v=$(awk -v c=$cfg -v l=$l '$1 == c && $2 == l { print $3 }' /tmp/bench.out | sort -n | head -n 1)
		echo "$cfg $l $v"
	done
done > /tmp/bench.med
cat /tmp/bench.med
# least squares slope of (config - unconfined) over length
for cfg in moat labels apparmor; do
	awk -v c=$cfg '
		$1 == "unconfined" { u[$2] = $3 }
		$1 == c { v[$2] = $3 }
		END {
			for (l in v) { x = l; y = v[l] - u[l]; n++; sx += x; sy += y; sxx += x * x; sxy += x * y }
			slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
			printf "# %s: %.2f ns per path byte over unconfined (intercept %.0f ns)\n", c, slope, (sy - slope * sx) / n
		}' /tmp/bench.med
done
awk '$1 == "moat" { m[$2] = $3 } $1 == "labels" { l[$2] = $3 }
	END { for (k in m) { n++; d += l[k] - m[k] } printf "# label layer: %.0f ns per open over the path layer alone (mean over lengths)\n", d / n }' /tmp/bench.med
check "every configuration measured every length" \
	sh -c "[ \$(grep -c '[0-9]\$' /tmp/bench.med) -eq \$((4 * $(echo $LENGTHS | wc -w))) ]"
summary
