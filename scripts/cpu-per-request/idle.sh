#!/usr/bin/env bash
# CPU ms per second of an idle process: idle.sh PID SECONDS
pid=$1; s=${2:-10}
t() { awk '{print $14+$15}' "/proc/$1/stat"; }
a=$(t $pid); sleep "$s"; b=$(t $pid); echo "idle cpu: $(( (b-a)*10 / s )) ms/s"
