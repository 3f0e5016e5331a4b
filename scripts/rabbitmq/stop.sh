#!/usr/bin/env bash
# stop.sh [DATA_DIR]
#
# Cleanly stops the node started by start.sh with the same DATA_DIR
# ("rabbitmqctl shutdown", which waits for the OS process to exit), falling
# back to SIGTERM then SIGKILL of the recorded PIDs only.  Also ends the epmd
# that start.sh started (by its recorded PID), if no other Erlang node
# is still registered with it.
#   RMQ_STOP_WAIT=60   max seconds for the graceful shutdown
set -uo pipefail

DATA_DIR="${1:-${RMQ_DATA_DIR:-${TMPDIR:-/tmp}/conduit-rabbitmq}}"
RMQ_STOP_WAIT="${RMQ_STOP_WAIT:-60}"
log() { echo "[rabbitmq stop] $*" >&2; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
wait_gone() { # pid seconds
  local i; for i in $(seq 1 $(( $2 * 10 ))); do alive "$1" || return 0; sleep 0.1; done
  ! alive "$1"
}

[ -d "$DATA_DIR" ] || { log "no data dir $DATA_DIR -- nothing to stop"; exit 0; }
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
[ -f "$DATA_DIR/env.sh" ] && . "$DATA_DIR/env.sh"

PID="$(cat "$DATA_DIR/rabbit.pid" 2>/dev/null || true)"
WRAPPER_PID="$(cat "$DATA_DIR/wrapper.pid" 2>/dev/null || true)"
T0=$(date +%s.%N)

if alive "$PID" || alive "$WRAPPER_PID"; then
  if alive "$PID"; then
    log "rabbitmqctl shutdown (beam pid $PID)..."
    timeout "$RMQ_STOP_WAIT" "$DATA_DIR/rabbitmqctl" -q shutdown --timeout "$RMQ_STOP_WAIT" >&2 \
      || log "rabbitmqctl shutdown failed/timed out"
    wait_gone "$PID" 10; wait_gone "$WRAPPER_PID" 5   # wrapper shell exits right after beam
  fi
  if alive "$PID" || alive "$WRAPPER_PID"; then
    log "sending SIGTERM"
    alive "$WRAPPER_PID" && kill -TERM "$WRAPPER_PID" 2>/dev/null
    alive "$PID" && kill -TERM "$PID" 2>/dev/null
    wait_gone "$PID" 20; wait_gone "$WRAPPER_PID" 5
  fi
  if alive "$PID" || alive "$WRAPPER_PID"; then
    log "sending SIGKILL"
    alive "$PID" && kill -KILL "$PID" 2>/dev/null
    alive "$WRAPPER_PID" && kill -KILL "$WRAPPER_PID" 2>/dev/null
    wait_gone "$PID" 5; wait_gone "$WRAPPER_PID" 5
  fi
  wait_gone "$WRAPPER_PID" 5
  log "broker stopped in $(awk "BEGIN{printf \"%.2f\", $(date +%s.%N)-$T0}")s"
else
  log "broker not running"
fi
rm -f "$DATA_DIR/rabbit.pid" "$DATA_DIR/wrapper.pid"

EPMD_PID="$(cat "$DATA_DIR/epmd.pid" 2>/dev/null || true)"
if alive "$EPMD_PID"; then
  # epmd -names prints one "name X at port N" line per registered node
  if epmd -names 2>/dev/null | grep -q '^name '; then
    log "epmd ($EPMD_PID) still has registered nodes -- leaving it running"
  else
    kill -TERM "$EPMD_PID"; wait_gone "$EPMD_PID" 5 || kill -KILL "$EPMD_PID" 2>/dev/null
    rm -f "$DATA_DIR/epmd.pid"
    log "epmd ($EPMD_PID) stopped"
  fi
else
  rm -f "$DATA_DIR/epmd.pid"
fi
exit 0
