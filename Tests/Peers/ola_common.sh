# Shell functions shared by the OLA peer tests (sourced, not run).
#   OLA_KEEP_PLUGINS: the plugin config files a test keeps enabled, e.g.
#   "ola-artnet.conf ola-port.conf ola-server.conf ola-universe.conf".

# stop_pid PID [SIGNAL]: asks a process to stop (TERM by default), waits up to 5 s, then kills it.
stop_pid() {
    local pid=$1 sig=${2:-TERM}
    [[ -n "$pid" ]] || return 0
    kill -"$sig" "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# Prints the names of plugin config files in CONF_DIR that are still enabled and not kept.
enabled_other_plugins() {
    local f name
    for f in "$1"/ola-*.conf; do
        name=$(basename "$f")
        [[ " $OLA_KEEP_PLUGINS " == *" $name "* ]] && continue
        grep -q '^enabled = false' "$f" || echo "$name"
    done
}

# Disables every plugin in CONF_DIR that the test does not keep (olad enables all by default).
disable_other_plugins() {
    local conf=$1 name
    for name in $(enabled_other_plugins "$conf"); do
        if grep -q '^enabled *=' "$conf/$name"; then
            sed -i 's/^enabled *=.*/enabled = false/' "$conf/$name"
        else
            echo "enabled = false" >> "$conf/$name"
        fi
    done
}
