# The folder of a .blend job: the saved .blend and every file it reads
# from disk, laid out relative to their common folder as on this disk, so
# that on a worker the .blend's relative paths resolve. Used by the add-on
# and, run by Blender on its own (blender -b FILE --python folder.py --
# TMPDIR), by `rendergrid submit FILE.blend`, which reads the plan it
# prints.

import glob
import json
import os
import re
import sys

import bpy

MAX_FILES = 4096  # files of a job's folder, as the farm allows

SEQUENCE_DIGITS = re.compile(r"^(.*?)(\d+)(\D*)$")


def expand(path, img=None):
    """The files behind one external path: a folder's files (caches), a
    UDIM set's tiles, an image sequence's frames, or the file itself."""
    if "<UDIM>" in path or "<UVTILE>" in path:
        pat = re.escape(path).replace(re.escape("<UDIM>"), r"\d{4}").replace(re.escape("<UVTILE>"), r"u\d+_v\d+")
        return sorted(p for p in glob.glob(re.sub(r"<UDIM>|<UVTILE>", "*", path)) if re.fullmatch(pat, p))
    if os.path.isdir(path):
        # A cache folder; never one that holds the .blend (an unset cache
        # path reads as the .blend's folder or the file system's root).
        here = os.path.dirname(bpy.data.filepath) if bpy.data.filepath else os.sep
        if os.path.commonpath([path, here]) == path:
            return None
        return sorted(os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs)
    if img is not None and img.source == "SEQUENCE":
        folder, base = os.path.split(path)
        m = SEQUENCE_DIGITS.match(os.path.splitext(base)[0])
        if m:
            ext = os.path.splitext(base)[1]
            pat = re.compile(re.escape(m.group(1)) + r"\d+" + re.escape(m.group(3) + ext) + "$")
            return sorted(os.path.join(folder, f) for f in os.listdir(folder) if pat.match(f))
    return [path] if os.path.isfile(path) else []


def blend_files():
    """The files the open .blend reads from disk (absolute, normalised) and
    the sentences naming those that are missing. Packed files travel inside
    the .blend; disk point caches (blendcache_NAME) are included."""
    files, missing = set(), []
    images = {os.path.normpath(bpy.path.abspath(i.filepath, library=i.library)): i for i in bpy.data.images if i.source in ("FILE", "SEQUENCE", "TILED", "MOVIE") and i.packed_file is None}
    for p in bpy.utils.blend_paths(absolute=True, packed=False, local=False):
        if not p or p.startswith("<"):
            continue
        p = os.path.normpath(p)
        found = expand(p, images.get(p))
        if found == []:
            missing.append("%s is missing" % p)
        files.update(found or [])
    if bpy.data.filepath:
        stem = os.path.splitext(os.path.basename(bpy.data.filepath))[0]
        files.update(expand(os.path.join(os.path.dirname(bpy.data.filepath), "blendcache_" + stem)))
    for i in images.values():
        if i.is_dirty:
            missing.append("image %s has unsaved changes: save or pack it" % i.name)
    if len(files) > MAX_FILES:
        missing.append("the scene reads %d files; a job takes at most %d (pack small ones into the .blend)" % (len(files), MAX_FILES))
    return sorted(files), missing


def absolute_paths():
    """The file paths of this .blend's own data that are absolute."""
    return [p for p in bpy.utils.blend_paths(absolute=False, packed=False, local=True) if p and not p.startswith(("//", "<"))]


def plan(tmp):
    """Saves a copy of the open .blend into tmp with its absolute paths made
    relative (as File > External Data > Make Paths Relative does, in the
    open file too) and returns the job's folder: the copy's path, its name
    and folder (scene_dir), the Blender version, and each file with its path
    in the folder and on disk. Raises ValueError naming what is wrong."""
    if not bpy.data.filepath:
        raise ValueError("save the .blend first: the farm lays its files out around it")
    if absolute_paths():
        bpy.ops.file.make_paths_relative()
    files, missing = blend_files()
    if missing:
        raise ValueError("; ".join(missing))
    here = os.path.dirname(bpy.data.filepath)
    try:
        root = os.path.commonpath([here] + files)
    except ValueError:
        raise ValueError("the .blend and its files are on different drives; move them onto one")
    rel = lambda p: os.path.relpath(p, root).replace(os.sep, "/")
    name = bpy.path.basename(bpy.data.filepath)
    path = os.path.join(tmp, name)
    # Relative paths stay as they are (relative_remap off): on the worker
    # the .blend sits at scene_dir in the same layout.
    bpy.ops.wm.save_as_mainfile(filepath=path, copy=True, compress=False, relative_remap=False)
    scene_dir = rel(here)
    return {"blend": path, "scene_name": name, "scene_dir": "" if scene_dir == "." else scene_dir,
            "blender": bpy.app.version_string.split()[0], "files": [{"path": rel(f), "abs": f} for f in files]}


if __name__ == "__main__":
    try:
        out = plan(sys.argv[sys.argv.index("--") + 1])
    except ValueError as e:
        out = {"error": str(e)}
    print("RENDERGRID_PLAN " + json.dumps(out))
    sys.stdout.flush()
