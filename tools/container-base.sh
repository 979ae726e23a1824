#!/usr/bin/env bash
# A stand-in for the Dockerfile's base image, for a machine that reaches Debian's package
# archive but no container registry: Debian 12 (bookworm, whose python3 is 3.11) with venv, pip
# and CA certificates, made with debootstrap and imported into podman's local storage.
#   tools/container-base.sh [IMAGE]      default IMAGE: localhost/bosetting-base:bookworm
# Then: podman build --build-arg PYTHON_IMAGE=IMAGE -t bosetting .
# tests/test_container.py builds on it when the Dockerfile's own base cannot be had.
# The certificate authorities this machine trusts beyond Debian's own
# (/usr/local/share/ca-certificates) go in too, so that a build behind the same TLS-inspecting
# proxy reaches the package registries. Needs root, debootstrap and podman (Debian packages).
set -euo pipefail
IMAGE="${1:-localhost/bosetting-base:bookworm}"
for tool in debootstrap podman; do
    if ! command -v "$tool" >/dev/null; then
        echo "container-base: needs $tool (apt-get install -y $tool)" >&2
        exit 1
    fi
done
work="$(mktemp -d)"
cleanup() {
    umount -R "$work/rootfs/proc" "$work/rootfs/sys" 2>/dev/null || true
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
echo "container-base: debootstrap bookworm (about a minute)" >&2
debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
    bookworm "$work/rootfs" >"$work/debootstrap.log" 2>&1 || {
    tail -20 "$work/debootstrap.log" >&2
    exit 1
}
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$work/rootfs/usr/local/share/ca-certificates/"
fi
chroot "$work/rootfs" update-ca-certificates >/dev/null
rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/archives/"*.deb
tar -C "$work/rootfs" -c . | podman import \
    --change 'CMD ["/bin/bash"]' \
    --change 'ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    - "$IMAGE" >/dev/null
echo "container-base: $IMAGE" >&2
