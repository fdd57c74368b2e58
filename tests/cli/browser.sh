# Sourced by the browser tests (tests/cli/html.sh, tests/cli/qa-html.sh): counters and checks,
# and Debian's headless Chromium with no network and a profile of its own in $tmp. The sourcing
# script sets $tmp first. No Chromium is a failure, never a skip.
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*" >&2; }
has() { case "$2" in *"$3"*) ok ;; *) bad "$1: lacks '$3'" ;; esac; }
lacks() { case "$2" in *"$3"*) bad "$1: has '$3'" ;; *) ok ;; esac; }

# need_chromium SUITE WHAT: sets $chromium, or prints the suite's failing line and exits.
need_chromium() {
    chromium=$(command -v chromium || command -v chromium-browser)
    [ -n "$chromium" ] && return 0
    echo "FAIL $1: no chromium to render $2: install Debian's chromium package" \
         "(make test-deps does)" >&2
    echo "$1: 0 passed, 1 failed"
    exit 1
}

browse() {
    "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-extensions --hide-scrollbars --user-data-dir="$tmp/profile" "$@" \
        2>>"$tmp/chromium.log"
}
