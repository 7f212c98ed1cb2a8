#!/usr/bin/env bash
# Installs the Debian 12 packages graphlint builds and tests with, only those missing.
# Safe to run again; asks for nothing. Needs root or sudo when something is missing.
set -euo pipefail

packages=(
  cmake g++ make ninja-build ccache pkg-config
  llvm-14-dev            # ADT, Support (SourceMgr diagnostics, JSON writer)
  libboost-graph-dev     # topological order, cycles, reachability
  libyaml-cpp-dev        # YAML model specs and the rules catalogue
  libsimdjson-dev        # Keras JSON model files (3.0.1 in Debian 12)
  libzip-dev             # .keras model archives and .npz weights are zip archives
  libopenblas-dev        # the executor's matrix products (sgemm)
  catch2                 # unit tests (v2.13)
  python3-jsonschema     # validates --format json output against its schema in the tests
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "graphlint: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
