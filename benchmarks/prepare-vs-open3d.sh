#!/usr/bin/env bash
# Meshes/s of `pointvae prepare` and of Open3D (read_triangle_mesh + sample_points_uniformly, normals, .npy out) on
# the same files, point count and thread count, in one run. Measurement only: Open3D is never a dependency
# (Debian: apt-get install python3-open3d). Each side's wall time includes its start-up (JVM, Python imports).
# Usage: benchmarks/prepare-vs-open3d.sh [SRC] [POINTS] [THREADS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="${1:-$here/../shared/data/realplanes}"
points="${2:-30000}"
threads="${3:-$(nproc)}"
# Debian's python3-open3d is installed for the system Python, not for a pyenv or venv one.
python="${PYTHON:-/usr/bin/python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
meshes=$(find "$src" -type f \( -iname '*.obj' -o -iname '*.off' -o -iname '*.ply' -o -iname '*.stl' -o -iname '*.glb' \) | wc -l)
"$here/pointvae" --help > /dev/null # build the jar first, outside the timing

wall() { local t0 t1; t0=$(date +%s.%N); "$@" >&2; t1=$(date +%s.%N); echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}'; }

echo "== pointgrad: pointvae prepare ($meshes meshes, $points points, $threads threads)"
pg=$(wall "$here/pointvae" prepare --data "$src" --out "$work/pointgrad" --points "$points" --threads "$threads" --no-progress)
echo "== open3d $("$python" -c 'import open3d; print(open3d.__version__)')"
o3=$(wall "$python" "$here/benchmarks/open3d_prepare.py" "$src" "$work/open3d" "$points" "$threads")
echo
printf '%-22s %10s %12s\n' tool "wall s" "meshes/s"
printf '%-22s %10s %12.2f\n' "pointvae prepare" "$pg" "$(echo "$meshes $pg" | awk '{print $1 / $2}')"
printf '%-22s %10s %12.2f\n' "open3d" "$o3" "$(echo "$meshes $o3" | awk '{print $1 / $2}')"
