# apt-get that waits for the package manager's lock instead of failing.
# Sourced by scripts/test.sh. Another apt or dpkg (unattended-upgrades, a second
# terminal) holds /var/lib/dpkg/lock-frontend or /var/lib/apt/lists/lock for minutes;
# apt-get then stops at once with exit 100. We wait, say who we are waiting for, and
# give up after XINFANG_APT_WAIT seconds (default 600) with the last apt message.
# APT_SUDO is the prefix that makes apt-get root ("sudo", or empty when we are root).

apt_get() {
  local limit="${XINFANG_APT_WAIT:-600}" every="${XINFANG_APT_POLL:-5}"
  local waited=0 status out holder
  out="$(mktemp)"
  while :; do
    # DPkg::Lock::Timeout makes apt itself wait for dpkg's lock (apt >= 1.9.11);
    # the loop covers apt-get update's lists lock and older apt, which ignore it.
    status=0
    # shellcheck disable=SC2086  # APT_SUDO is empty or "sudo"
    ${APT_SUDO:-} env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$every" "$@" 2>"$out" \
      || status=$?
    if [ "$status" -eq 0 ] || ! grep -qiE 'could not get lock|unable to acquire the dpkg|unable to lock' "$out"; then
      cat "$out" >&2
      rm -f "$out"
      return "$status"
    fi
    if [ "$waited" -ge "$limit" ]; then
      echo "the package manager is still busy after ${limit}s; giving up (set XINFANG_APT_WAIT to wait longer):" >&2
      cat "$out" >&2
      rm -f "$out"
      return "$status"
    fi
    holder="$(grep -oE 'held by process [0-9]+( \([^)]*\))?' "$out" | head -1 || true)"
    echo "waiting for the package manager's lock${holder:+ (${holder})}: another apt or dpkg is running;" \
         "${waited}s of at most ${limit}s" >&2
    sleep "$every"
    waited=$((waited + every))
  done
}
