#!/usr/bin/env bash
# Runs a command in a private network namespace with only loopback (unshare -n), where it can.
# For tests whose plugin instances start on the default network (0.0.0.0:6454 and the local-share
# name): a DMX In running on this machine is then neither disturbed nor joined by them. Where
# namespaces are not available the command runs on the machine's network, and says so.
#   private_netns.sh COMMAND [ARGS...]
if unshare -n true 2> /dev/null; then
    exec unshare -n sh -c 'ip link set lo up && exec "$@"' sh "$@"
fi
echo "private_netns: unshare -n is not available: running on the machine's network" >&2
exec "$@"
