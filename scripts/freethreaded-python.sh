#!/usr/bin/env bash
# Build (once) and print the path of a free-threaded CPython (--disable-gil).
#
# No package registry ships a free-threaded interpreter, but Debian's archive serves CPython's
# source packages. We fetch them through a private apt configuration (our own sources list, lists
# and cache under the cache directory) so the system's apt sources are never touched, build the
# upstream tarball inside with --disable-gil, and cache the install under
# ${PARITER_CACHE:-~/.cache/pariter}/. Later runs reuse it and print the path at once.
#
# Usage: scripts/freethreaded-python.sh          -> prints .../bin/python3.1Xt on stdout
# Every progress message goes to stderr so callers can do PY=$(scripts/freethreaded-python.sh).
set -euo pipefail

cache="${PARITER_CACHE:-$HOME/.cache/pariter}"
mkdir -p "$cache"
log() { printf '[freethreaded-python] %s\n' "$*" >&2; }

# A cached build is reused only if it really runs without the GIL.
for ver in 3.14 3.13; do
    py="$cache/python$ver-ft/bin/python${ver}t"
    if [ -x "$py" ] && "$py" -c 'import sys; sys.exit(sys._is_gil_enabled())' 2>/dev/null; then
        echo "$py"
        exit 0
    fi
done

exec 9>"$cache/build.lock"      # two concurrent callers must not build twice into one prefix
flock 9

apt_dir="$cache/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/parts" "$apt_dir/prefs"
cat >"$apt_dir/sources.list" <<'SOURCES'
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian forky main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
SOURCES
apt_opts=(
    -o "Dir::Etc::SourceList=$apt_dir/sources.list"
    -o "Dir::Etc::SourceParts=$apt_dir/parts"
    -o "Dir::Etc::PreferencesParts=$apt_dir/prefs"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir"
    -o "Dir::Cache::archives=$apt_dir/archives"
    -o "APT::Sandbox::User=root"
)
log "updating the private source lists (forky, trixie)"
apt-get "${apt_opts[@]}" -qq update >&2

src="$cache/src"
mkdir -p "$src"
tarball=""
version=""
# Prefer 3.14; its files were listed but unreachable when this was written, so fall back to 3.13.
for pkg in python3.14 python3.13; do
    rm -rf "$src/$pkg" && mkdir -p "$src/$pkg"
    if (cd "$src/$pkg" && apt-get "${apt_opts[@]}" -qq source --download-only "$pkg" >&2 2>&1); then
        tarball=$(ls "$src/$pkg"/*.orig.tar.* 2>/dev/null | head -n 1 || true)
        if [ -n "$tarball" ]; then
            version="${pkg#python}"
            break
        fi
    fi
    log "sources of $pkg could not be had; trying the next"
done
[ -n "$tarball" ] || { log "no CPython source package could be downloaded"; exit 1; }
log "building $(basename "$tarball") with --disable-gil"

build="$src/build-$version"
rm -rf "$build" && mkdir -p "$build"
tar -xf "$tarball" -C "$build" --strip-components=1
prefix="$cache/python$version-ft"
rm -rf "$prefix"
(
    cd "$build"
    ./configure --disable-gil --prefix="$prefix" --with-ensurepip=install >"$build/configure.log" 2>&1
    make -j"$(nproc)" >"$build/make.log" 2>&1
    make install >"$build/install.log" 2>&1
) || { log "build failed; logs in $build"; exit 1; }

py="$prefix/bin/python${version}t"
"$py" -c 'import sys, ssl, zlib, ctypes; assert not sys._is_gil_enabled()' \
    || { log "the built interpreter is not usable"; exit 1; }
rm -rf "$build"
echo "$py"
