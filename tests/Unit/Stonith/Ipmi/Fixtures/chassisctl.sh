#!/bin/sh
# ipmi_sim chassis_control helper for the IPMI plugin tests.
# Usage (called by ipmi_sim): chassisctl.sh STATE_DIR get power
#                             chassisctl.sh STATE_DIR set power 0|1 | set reset 1 | set boot X
# The power state is kept in STATE_DIR/power (1 = on, 0 = off); every call is logged with a nanosecond
# timestamp to STATE_DIR/chassis.log. While STATE_DIR/ignore-set-power exists, "set power" is accepted but
# ignored: a device that says done while the power stays as it was.
d="$1"; op="$2"; shift 2
[ -f "$d/power" ] || echo 1 > "$d/power"
echo "$(date +%s.%N) $op $*" >> "$d/chassis.log"
case "$op" in
  get)
    for p in "$@"; do
      case "$p" in
        power) echo "power:$(cat "$d/power")" ;;
        boot)  echo "boot:default" ;;
        *) echo "Invalid parameter: $p"; exit 1 ;;
      esac
    done ;;
  set)
    while [ $# -ge 2 ]; do
      case "$1" in
        power) if [ -f "$d/ignore-set-power" ]; then
                 echo "$(date +%s.%N) IGNORED power $2" >> "$d/chassis.log"
               else
                 echo "$2" > "$d/power"
               fi ;;
        reset) echo "$(date +%s.%N) RESET-PULSE" >> "$d/chassis.log" ;;
        shutdown) [ "$2" = 1 ] && echo 0 > "$d/power" ;;
        boot|identify) : ;;
        *) echo "Invalid parameter: $1"; exit 1 ;;
      esac
      shift 2
    done ;;
  check) exit 1 ;;
  *) echo "Unknown operation: $op"; exit 1 ;;
esac
exit 0
