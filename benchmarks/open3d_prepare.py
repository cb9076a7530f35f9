#!/usr/bin/env python3
"""Samples every mesh below a folder with Open3D, as `pointvae prepare` does: points and normals saved as .npy.

Usage: open3d_prepare.py SRC OUT POINTS THREADS. Measurement only (see prepare-vs-open3d.sh); never a dependency.
Each worker process reads one mesh (o3d.io.read_triangle_mesh), samples it (sample_points_uniformly with triangle
normals, as pointgrad's face normals) and saves points and normals; THREADS processes run at once.
"""
import os
import sys
import time
from multiprocessing import Pool

import numpy as np
import open3d as o3d

EXTENSIONS = (".obj", ".off", ".ply", ".stl", ".glb")


def sample(job):
    src, out, points = job
    mesh = o3d.io.read_triangle_mesh(src)
    if len(mesh.triangles) == 0:
        return src, False
    mesh.compute_triangle_normals()
    pcd = mesh.sample_points_uniformly(number_of_points=points, use_triangle_normal=True)
    base = os.path.join(out, os.path.relpath(src).replace(os.sep, "_"))
    np.save(base + ".npy", np.asarray(pcd.points, dtype=np.float32))
    np.save(base + ".normals.npy", np.asarray(pcd.normals, dtype=np.float32))
    return src, True


def main():
    src, out, points, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    os.makedirs(out, exist_ok=True)
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs if f.lower().endswith(EXTENSIONS))
    start = time.perf_counter()
    with Pool(threads) as pool:
        results = pool.map(sample, [(f, out, points) for f in files], chunksize=1)
    seconds = time.perf_counter() - start
    done = sum(ok for _, ok in results)
    print(f"open3d {o3d.__version__}: sampled {done} of {len(files)} meshes at {points} points in {seconds:.1f} s: "
          f"{done / seconds:.2f} meshes/s, {threads} processes")


if __name__ == "__main__":
    main()
