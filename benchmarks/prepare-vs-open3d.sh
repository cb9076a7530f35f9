#!/usr/bin/env bash
# Meshes/s of `pointvae prepare` and of Open3D (read_triangle_mesh + sample_points_uniformly, normals, .npy out) on
# the same files, point count and thread count, in one run. Measurement only: Open3D is never a dependency
# (Debian: apt-get install python3-open3d). Each side's wall time includes its start-up (JVM, Python imports); its
# CPU time (user + system, all threads and processes) is the steadier figure on a shared machine.
# Usage: benchmarks/prepare-vs-open3d.sh SRC [POINTS] [THREADS]   (SRC: a folder of meshes)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="${1:?usage: benchmarks/prepare-vs-open3d.sh SRC [POINTS] [THREADS] (SRC: a folder of meshes)}"
[ -d "$src" ] || { echo "prepare-vs-open3d: $src is not a folder" >&2; exit 2; }
points="${2:-30000}"
threads="${3:-$(nproc)}"
# Debian's python3-open3d is installed for the system Python, not for a pyenv or venv one.
python="${PYTHON:-/usr/bin/python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
meshes=$(find "$src" -type f \( -iname '*.obj' -o -iname '*.off' -o -iname '*.ply' -o -iname '*.stl' -o -iname '*.glb' \) | wc -l)
"$here/pointvae" --help > /dev/null # build the jar first, outside the timing

# Prints "WALL CPU" in seconds for a command; CPU is user + system of it and every child it waited for (GNU time,
# Debian package "time").
measure() {
  local out="$work/time.$RANDOM"
  /usr/bin/time -f '%e %U %S' -o "$out" "$@" >&2
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$out"
}

echo "== pointgrad: pointvae prepare ($meshes meshes, $points points, $threads threads)"
read -r pg pgc < <(measure "$here/pointvae" prepare --data "$src" --out "$work/pointgrad" --points "$points" \
  --threads "$threads" --no-progress)
echo "== open3d $("$python" -c 'import open3d; print(open3d.__version__)')"
read -r o3 o3c < <(measure "$python" "$here/benchmarks/open3d_prepare.py" "$src" "$work/open3d" "$points" "$threads")
echo
printf '%-22s %10s %12s %10s\n' tool "wall s" "meshes/s" "cpu s"
printf '%-22s %10s %12.2f %10s\n' "pointvae prepare" "$pg" "$(echo "$meshes $pg" | awk '{print $1 / $2}')" "$pgc"
printf '%-22s %10s %12.2f %10s\n' "open3d" "$o3" "$(echo "$meshes $o3" | awk '{print $1 / $2}')" "$o3c"
