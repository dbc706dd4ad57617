#!/usr/bin/env bash
# Bring up a one-node Slurm cluster on localhost (Debian's slurmctld, slurmd, munge) for the
# real-cluster tests of `rhm scale --executor slurm`. Idempotent: an already running cluster is
# left alone. Prints each step; exits non-zero with the reason when it cannot, and writes
# "up" or "down: REASON" to $RHM_SLURM_STATUS (default /tmp/rhm-local-slurm/status), which the
# tests read to say why they skip.
set -uo pipefail

STATE_ROOT=/tmp/rhm-local-slurm
STATUS_FILE=${RHM_SLURM_STATUS:-$STATE_ROOT/status}
CONF=/etc/slurm/slurm.conf
mkdir -p "$(dirname "$STATUS_FILE")"

say() { echo "start-local-slurm: $*"; }
fail() {
  say "cannot start the cluster: $*"
  echo "down: $*" >"$STATUS_FILE"
  exit 1
}
cluster_up() {
  command -v sinfo >/dev/null 2>&1 || return 1
  local state
  state=$(sinfo -h -n localhost -o '%t' 2>/dev/null | head -n1)
  [[ "$state" == idle* || "$state" == mix* || "$state" == alloc* ]]
}
running() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

t0=$(date +%s.%N)
if cluster_up && running /run/slurmctld.pid && running /run/slurmd.pid; then
  say "already up (node localhost $(sinfo -h -n localhost -o '%t'))"
  echo "up" >"$STATUS_FILE"
  exit 0
fi

[[ $(id -u) -eq 0 ]] || fail "must run as root (it installs packages and starts daemons)"

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  say "installing slurmctld slurmd slurm-client munge from Debian"
  command -v apt-get >/dev/null || fail "apt-get not found (not a Debian system?)"
  apt-get update -qq >/dev/null 2>&1 || fail "apt-get update failed (no access to Debian's package mirror?)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null 2>&1 ||
    fail "apt-get install slurmctld slurmd slurm-client munge failed"
else
  say "slurm and munge already installed"
fi

# munge: the key (postinst creates one; make sure), and /run/munge, which nothing creates without systemd.
if [[ ! -s /etc/munge/munge.key ]]; then
  say "creating /etc/munge/munge.key"
  if command -v mungekey >/dev/null; then mungekey -c -f -k /etc/munge/munge.key; else dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; fi
  chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
fi
mkdir -p /run/munge /var/log/munge /var/lib/munge && chown munge:munge /run/munge /var/log/munge /var/lib/munge
chmod 755 /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "starting munged"
  runuser -u munge -- /usr/sbin/munged --force || fail "munged did not start (see /var/log/munge/munged.log)"
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null 2>&1 || fail "munge credentials do not round-trip (see /var/log/munge/munged.log)"
else
  say "munged already running"
fi

# slurm.conf: one node on 127.0.0.1 (the hostname need not resolve).
cpus=$(nproc)
mem_mb=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
mkdir -p /etc/slurm /var/lib/slurm/slurmctld /var/lib/slurm/slurmd /var/log/slurm
want=$(
  cat <<CONF
# Written by rhm-harness scripts/start-local-slurm.sh: a one-node test cluster on localhost.
ClusterName=rhmlocal
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
# A requeued job becomes eligible cred_expire+1 s later (default 120 s).
AuthInfo=cred_expire=10
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
SlurmdParameters=config_overrides
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2,bf_interval=1,sched_min_interval=100000
# Without DefMemPerCPU (with CR_Core_Memory) each job takes the whole node's memory.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=512
MaxArraySize=1001
MinJobAge=600
KillWait=5
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
)
if [[ ! -f $CONF ]] || [[ "$(cat $CONF)" != "$want" ]]; then
  say "writing $CONF ($cpus CPUs, ${mem_mb} MB)"
  printf '%s\n' "$want" >$CONF
  # A changed configuration needs restarted daemons.
  for p in /run/slurmd.pid /run/slurmctld.pid; do running $p && kill "$(cat $p)" && sleep 1; done
fi

if ! running /run/slurmctld.pid; then
  say "starting slurmctld"
  slurmctld || fail "slurmctld did not start (see /var/log/slurm/slurmctld.log)"
fi
for _ in $(seq 100); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.2; done
scontrol ping 2>/dev/null | grep -q UP || fail "slurmctld does not answer (see /var/log/slurm/slurmctld.log)"
if ! running /run/slurmd.pid; then
  say "starting slurmd -N localhost"
  slurmd -N localhost || fail "slurmd did not start (see /var/log/slurm/slurmd.log)"
fi
for _ in $(seq 150); do cluster_up && break; sleep 0.2; done
if ! cluster_up; then
  # A node left down or drained by an earlier run comes back with RESUME.
  scontrol update NodeName=localhost State=RESUME >/dev/null 2>&1
  for _ in $(seq 50); do cluster_up && break; sleep 0.2; done
fi
cluster_up || fail "node localhost is not idle: $(sinfo -h -N -o '%N %t %E' 2>&1 | head -n1) (see /var/log/slurm/slurmd.log)"
t1=$(date +%s.%N)
say "up: node localhost $(sinfo -h -n localhost -o '%t'), $cpus CPUs, partition debug ($(awk "BEGIN {printf \"%.1f\", $t1 - $t0}") s)"
echo "up" >"$STATUS_FILE"
