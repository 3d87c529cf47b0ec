#!/bin/sh
# with-journald.sh DIR COMMAND [ARGS...]: runs COMMAND beside a
# systemd-journald of its own, for tests of what ipmiprovd writes to the
# journal. Run it under `unshare -m` as root: a private tmpfs on
# /run/systemd holds the journal's sockets, and DIR/log is mounted on
# /run/log, so that the journal files land in DIR/log/journal, where the
# test reads them (`journalctl -D DIR/log/journal`). SIGTERM stops COMMAND,
# then journald. journald's pid is kept in DIR/journald.pid. For tests of a
# journal that goes away: SIGUSR1 kills journald (SIGKILL, as a crash),
# SIGUSR2 starts it again.
dir=$1
shift
mount --make-rprivate / || exit 1
mount -t tmpfs tmpfs /run/systemd || exit 1
mkdir -p /run/systemd/journal "$dir/log" /run/log || exit 1
mount --bind "$dir/log" /run/log || exit 1
start_journald() {
  /lib/systemd/systemd-journald &
  echo $! >"$dir/journald.pid"
  tenths=0
  # Up when it listens: a connect to its socket succeeds (a stale socket file does not).
  while ! logger --socket-errors=on -u /run/systemd/journal/dev-log -t with-journald up 2>/dev/null &&
    [ $tenths -lt 100 ]; do
    sleep 0.1
    tenths=$((tenths + 1))
  done
  echo started >"$dir/journald.state"
}
stop_journald() {
  kill -KILL "$(cat "$dir/journald.pid")" 2>/dev/null
  echo stopped >"$dir/journald.state"
}
start_journald
"$@" &
child=$!
trap 'kill -TERM $child 2>/dev/null' TERM INT
trap 'stop_journald' USR1
trap 'start_journald' USR2
# A wait cut short by a trap returns early: wait again while the command runs.
status=0
while kill -0 $child 2>/dev/null; do
  wait $child
  status=$?
done
kill -TERM "$(cat "$dir/journald.pid")" 2>/dev/null
sleep 0.2
exit $status
