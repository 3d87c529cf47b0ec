#!/bin/sh
# with-journald.sh DIR COMMAND [ARGS...]: runs COMMAND beside a
# systemd-journald of its own, for tests of what ipmiprovd writes to the
# journal. Run it under `unshare -m` as root: a private tmpfs on
# /run/systemd holds the journal's sockets, and DIR/log is mounted on
# /run/log, so that the journal files land in DIR/log/journal, where the
# test reads them (`journalctl -D DIR/log/journal`). SIGTERM stops COMMAND,
# then journald. journald's pid is kept in DIR/journald.pid.
dir=$1
shift
mount --make-rprivate / || exit 1
mount -t tmpfs tmpfs /run/systemd || exit 1
mkdir -p /run/systemd/journal "$dir/log" /run/log || exit 1
mount --bind "$dir/log" /run/log || exit 1
/lib/systemd/systemd-journald &
journald=$!
echo "$journald" >"$dir/journald.pid"
tenths=0
while [ ! -S /run/systemd/journal/socket ] && [ $tenths -lt 100 ]; do
  sleep 0.1
  tenths=$((tenths + 1))
done
"$@" &
child=$!
trap 'kill -TERM $child 2>/dev/null' TERM INT
wait $child
status=$?
# A wait cut short by the trap: the command is still stopping.
kill -0 $child 2>/dev/null && wait $child
kill -TERM "$(cat "$dir/journald.pid")" 2>/dev/null
sleep 0.2
exit $status
