# rendergrid add-on: submit the open scene to a rendergrid farm from
# Blender's Render Properties, follow it and fetch its frames. It talks to
# the coordinator's HTTP API with Python's standard library only.
#
# Two ways to send a scene:
#   - "rendergrid" (glTF): the scene is exported as .glb (camera, lights,
#     animation) and the world's environment texture, if any, is uploaded
#     as the job's environment map (strength and rotation from its nodes);
#     the farm's own engines render it.
#   - "blender": the saved .blend goes with the files it reads (images,
#     linked libraries, caches) as a folder laid out as on this disk, and
#     workers with Blender render it with Cycles.
# Every file is named by its CID here (cid.py, as the farm names it) and
# not uploaded when the farm holds it for this user already.

bl_info = {
    "name": "rendergrid",
    "author": "rendergrid",
    "version": (0, 2, 0),
    "blender": (3, 4, 0),
    "location": "Properties > Render > rendergrid",
    "description": "Render the open scene on a rendergrid farm",
    "category": "Render",
}

import json
import math
import os
import tempfile
import time
import urllib.error
import urllib.request

import bpy

from . import cid as cids
from . import folder
from .folder import blend_files


def prefs(context):
    return context.preferences.addons[__package__ or __name__].preferences


class RendergridError(Exception):
    pass


def call(context, method, path, body=None, raw=None, size=None, ctype="application/json", timeout=120):
    """Calls the coordinator; returns the decoded JSON (or bytes with raw).
    raw is the body as bytes, or an open file of size bytes."""
    p = prefs(context)
    url = p.coordinator.rstrip("/") + path
    data = None
    headers = {"Authorization": "Bearer " + p.token}
    if raw is not None:
        data, headers["Content-Type"] = raw, "application/octet-stream"
        if size is not None:
            headers["Content-Length"] = str(size)
    elif body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), ctype
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            out = res.read()
            if res.headers.get("Content-Type", "").startswith("application/json"):
                return json.loads(out)
            return out
    except urllib.error.HTTPError as e:
        try:
            msg = json.loads(e.read()).get("error", str(e))
        except Exception:
            msg = str(e)
        raise RendergridError("%s %s: %s" % (method, path, msg))
    except urllib.error.URLError as e:
        raise RendergridError("the coordinator at %s did not answer (%s): check the URL in the add-on's preferences" % (p.coordinator, e.reason))


class Uploader:
    """Uploads files the farm does not hold for this user yet, named by
    CID; it asks the farm for the user's uploads once."""

    def __init__(self, context, report):
        self.context, self.report = context, report
        try:
            self.have = {u["cid"] for u in call(context, "GET", "/api/v1/uploads")["uploads"]}
        except (RendergridError, KeyError, TypeError):
            self.have = set()
        self.sent = self.skipped = 0

    def put(self, name, data=None, path=None):
        """Stores data (bytes), or the file at path, as name; returns its CID."""
        c = cids.of_bytes(data) if path is None else cids.of_file(path)
        size = len(data) if path is None else os.path.getsize(path)
        if c in self.have:
            self.skipped += size
            self.report("%s is on the farm already (%s)" % (name, c))
            return c
        q = "/api/v1/ipfs/add?name=" + urllib.request.quote(os.path.basename(name))
        if path is None:
            res = call(self.context, "POST", q, raw=data, timeout=600)
        else:
            with open(path, "rb") as f:
                res = call(self.context, "POST", q, raw=f, size=size, timeout=3600)
        if res["cid"] != c:
            raise RendergridError("the farm stored %s as %s, not %s as the add-on computed: update the add-on to the farm's version" % (name, res["cid"], c))
        self.have.add(c)
        self.sent += size
        self.report("uploaded %s (%d KiB) as %s" % (name, size // 1024, c))
        return c


def checks(context):
    """What would keep the scene from rendering on the farm: (blocking,
    sentence) pairs."""
    problems = []
    sc = context.scene
    if sc.camera is None:
        problems.append((True, "the scene has no active camera"))
    if sc.rendergrid.engine == "RENDERGRID":
        for img in bpy.data.images:
            if img.source != "FILE" or img.packed_file is not None:
                continue
            path = bpy.path.abspath(img.filepath)
            if not os.path.exists(path):
                problems.append((True, "image %s is missing: %s" % (img.name, img.filepath)))
            elif not img.filepath.startswith("//"):
                problems.append((False, "image %s has an absolute path (%s); it is embedded in the .glb" % (img.name, img.filepath)))
        for ob in sc.objects:
            if ob.type == "VOLUME" or any(m.type in ("PARTICLE_SYSTEM", "MESH_CACHE", "MESH_SEQUENCE_CACHE", "FLUID", "CLOTH") for m in getattr(ob, "modifiers", [])):
                problems.append((True, "%s (%s) does not export to glTF; use the Blender engine" % (ob.name, ob.type.lower())))
        return problems
    if not bpy.data.filepath:
        problems.append((True, "save the .blend first: the farm lays its files out around it"))
    problems += [(True, m) for m in blend_files()[1]]
    if any(t.use_module for t in bpy.data.texts):
        problems.append((True, "the file has scripts registered to run when it opens; the farm refuses it (untick Register)"))
    if sc.render.engine != "CYCLES":
        problems.append((False, "the scene renders with %s here; the farm's Blender workers render it with Cycles" % sc.render.engine.replace("BLENDER_", "").title()))
    absolute = folder.absolute_paths()
    if absolute:
        problems.append((False, "%d absolute paths (%s...) are made relative to the .blend on submit" % (len(absolute), absolute[0])))
    return problems


def send_blend(context, tmp, up):
    """Uploads the saved .blend and its folder; returns the spec's fields."""
    try:
        p = folder.plan(tmp)
    except ValueError as e:
        raise RendergridError(str(e))
    refs = []
    for i, f in enumerate(p["files"]):
        up.report("file %d of %d: %s" % (i + 1, len(p["files"]), f["path"]))
        refs.append({"path": f["path"], "cid": up.put(f["path"], path=f["abs"])})
    return {"engine": "blender", "blender_device": context.scene.rendergrid.device, "scene_name": p["scene_name"],
            "scene_dir": p["scene_dir"], "files": refs, "blender": p["blender"], "scene": up.put(p["scene_name"], path=p["blend"])}


def world_environment(sc):
    """The world's environment texture: (image, strength, rotation in degrees) or None."""
    w = sc.world
    if w is None or not w.use_nodes:
        return None
    env = next((n for n in w.node_tree.nodes if n.type == "TEX_ENVIRONMENT" and n.image is not None), None)
    if env is None:
        return None
    bg = next((n for n in w.node_tree.nodes if n.type == "BACKGROUND"), None)
    strength = bg.inputs["Strength"].default_value if bg else 1.0
    rot = 0.0
    mapping = next((n for n in w.node_tree.nodes if n.type == "MAPPING"), None)
    if mapping is not None:
        rot = math.degrees(mapping.inputs["Rotation"].default_value[2])
    return env.image, strength, rot


def image_bytes(img):
    if img.packed_file is not None:
        return img.packed_file.data
    with open(bpy.path.abspath(img.filepath), "rb") as f:
        return f.read()


def job_spec(sc):
    r = sc.render
    pct = r.resolution_percentage / 100
    spec = {
        "frame_start": sc.frame_start, "frame_end": sc.frame_end,
        "width": int(r.resolution_x * pct), "height": int(r.resolution_y * pct),
        "spp": sc.cycles.samples if hasattr(sc, "cycles") else 64,
        "seed": sc.cycles.seed if hasattr(sc, "cycles") else 0,
        "name": "".join(c for c in os.path.splitext(bpy.path.basename(bpy.data.filepath))[0] or sc.name if c.isalnum() or c in "-_. ")[:100] or "scene",
    }
    if sc.rendergrid.price > 0:
        spec["price"] = {"per_frame": sc.rendergrid.price}
    return spec


class RendergridPreferences(bpy.types.AddonPreferences):
    bl_idname = __package__ or __name__
    coordinator: bpy.props.StringProperty(name="Coordinator URL", default="http://127.0.0.1:7070")
    token: bpy.props.StringProperty(name="API token", subtype="PASSWORD")

    def draw(self, context):
        self.layout.prop(self, "coordinator")
        self.layout.prop(self, "token")


class RendergridSettings(bpy.types.PropertyGroup):
    engine: bpy.props.EnumProperty(name="Engine", items=[
        ("RENDERGRID", "rendergrid (glTF)", "export glTF and render with the farm's engines"),
        ("BLENDER", "Blender (Cycles)", "send the packed .blend to workers with Blender"),
    ], default="RENDERGRID")
    device: bpy.props.EnumProperty(name="Device", items=[
        ("CPU", "CPU", "Cycles on the workers' CPUs"),
        ("OPTIX", "OptiX", "NVIDIA GPUs (RTX) with OptiX"),
        ("CUDA", "CUDA", "NVIDIA GPUs with CUDA"),
        ("HIP", "HIP", "AMD GPUs"),
        ("ONEAPI", "oneAPI", "Intel GPUs"),
        ("METAL", "Metal", "Apple GPUs"),
    ], default="CPU", description="the Cycles device the workers render on; only workers with it take the job, and their renders agree")
    price: bpy.props.IntProperty(name="Price per frame", min=0, default=0)
    job: bpy.props.StringProperty(name="Job")
    status: bpy.props.StringProperty(name="Status")
    progress: bpy.props.FloatProperty(name="Progress", subtype="PERCENTAGE", min=0, max=100)


class RENDERGRID_OT_check(bpy.types.Operator):
    bl_idname = "rendergrid.check"
    bl_label = "Check scene"
    bl_description = "Report what would keep the scene from rendering on the farm"

    def execute(self, context):
        problems = checks(context)
        for blocking, p in problems:
            self.report({"ERROR" if blocking else "WARNING"}, p)
        context.scene.rendergrid.status = "; ".join(p for _, p in problems) or "ready to submit"
        if not problems:
            self.report({"INFO"}, "rendergrid: the scene is ready to submit")
        return {"FINISHED"}


class RENDERGRID_OT_submit(bpy.types.Operator):
    bl_idname = "rendergrid.submit"
    bl_label = "Submit"
    bl_description = "Upload the scene and submit it as a job"

    def execute(self, context):
        sc = context.scene
        say = lambda m: self.report({"INFO"}, "rendergrid: " + m)
        blocking = [p for b, p in checks(context) if b]
        if blocking:
            for p in blocking:
                self.report({"ERROR"}, p)
            sc.rendergrid.status = "not submitted: " + "; ".join(blocking)
            return {"CANCELLED"}
        spec = job_spec(sc)
        try:
            up = Uploader(context, say)
            with tempfile.TemporaryDirectory() as tmp:
                if sc.rendergrid.engine == "BLENDER":
                    spec.update(send_blend(context, tmp, up))
                else:
                    path = os.path.join(tmp, "scene.glb")
                    bpy.ops.export_scene.gltf(filepath=path, export_format="GLB", export_cameras=True, export_lights=True)
                    spec["scene_name"] = spec["name"] + ".glb"
                    env = world_environment(sc)
                    if env is not None:
                        img, strength, rot = env
                        ext = os.path.splitext(img.filepath)[1] or ".hdr"
                        spec["env"] = up.put(img.name + ext, data=image_bytes(img))
                        spec.update({"env_name": img.name + ext, "env_strength": strength, "env_rotation": rot})
                    spec["scene"] = up.put(spec["scene_name"], path=path)
            say("sent %d KiB, %d KiB were on the farm already" % (up.sent // 1024, up.skipped // 1024))
            q = call(context, "POST", "/api/v1/quote", spec)
            say("%d units, at most %d tokens" % (q["units"], q["max_cost"]))
            job = call(context, "POST", "/api/v1/jobs", spec)
        except (RendergridError, RuntimeError, OSError) as e:
            self.report({"ERROR"}, str(e))
            sc.rendergrid.status = "not submitted: %s" % e
            return {"CANCELLED"}
        sc.rendergrid.job, sc.rendergrid.progress = job["id"], 0
        sc.rendergrid.status = "submitted job %s (sent %d KiB, %d KiB on the farm already)" % (job["id"], up.sent // 1024, up.skipped // 1024)
        say("submitted job %s" % job["id"])
        if not bpy.app.background:
            bpy.app.timers.register(lambda: poll(sc.name), first_interval=2)
        return {"FINISHED"}


def refresh(sc):
    """Reads the scene's job and updates its status; returns the job."""
    j = call(bpy.context, "GET", "/api/v1/jobs/" + sc.rendergrid.job)
    c = j["counts"]
    sc.rendergrid.progress = 100 * c["done"] / max(j["units"], 1)
    sc.rendergrid.status = "job %s: %s, %d of %d done%s" % (j["id"], j["state"], c["done"], j["units"], ", %d failed" % c["failed"] if c["failed"] else "")
    return j


def poll(scene_name):
    sc = bpy.data.scenes.get(scene_name)
    if sc is None or not sc.rendergrid.job:
        return None
    try:
        j = refresh(sc)
    except RendergridError as e:
        sc.rendergrid.status = str(e)
        return 10
    for area in bpy.context.screen.areas if bpy.context.screen else []:
        area.tag_redraw()
    return 2 if j["state"] in ("queued", "running", "paused") else None


class RENDERGRID_OT_wait(bpy.types.Operator):
    bl_idname = "rendergrid.wait"
    bl_label = "Wait for the job"
    bl_description = "Block until the scene's job ends (for scripts and background mode)"
    timeout: bpy.props.FloatProperty(default=600)

    def execute(self, context):
        sc = context.scene
        deadline = time.time() + self.timeout
        while True:
            j = refresh(sc)
            if j["state"] not in ("queued", "running", "paused"):
                return {"FINISHED"} if j["state"] == "done" else {"CANCELLED"}
            if time.time() > deadline:
                self.report({"ERROR"}, "job %s is still %s after %.0f s" % (j["id"], j["state"], self.timeout))
                return {"CANCELLED"}
            time.sleep(1)


class RENDERGRID_OT_fetch(bpy.types.Operator):
    bl_idname = "rendergrid.fetch"
    bl_label = "Fetch results"
    bl_description = "Download the job's done frames into the scene's output path"

    def execute(self, context):
        sc = context.scene
        if not sc.rendergrid.job:
            self.report({"ERROR"}, "no job submitted from this scene")
            return {"CANCELLED"}
        out = bpy.path.abspath(sc.render.filepath)
        folder = out if out.endswith(os.sep) or os.path.isdir(out) else os.path.dirname(out)
        prefix = "" if folder == out or out.endswith(os.sep) else os.path.basename(out)
        os.makedirs(folder, exist_ok=True)
        n = 0
        try:
            for f in call(context, "GET", "/api/v1/jobs/%s/frames" % sc.rendergrid.job):
                if f["state"] != "done":
                    continue
                cid = f.get("denoised") or f["output"]
                data = call(context, "GET", "/ipfs/" + cid)
                if cids.of_bytes(data) != cid:
                    raise RendergridError("frame %d: the farm sent data that is not %s" % (f["frame"], cid))
                tile = "_tile%d" % f["tile"] if any(f.get("region") or ()) else ""
                ext = ".exr" if data[:4] == b"\x76\x2f\x31\x01" else ".png"
                with open(os.path.join(folder, "%s%04d%s%s" % (prefix, f["frame"], tile, ext)), "wb") as fh:
                    fh.write(data)
                n += 1
        except RendergridError as e:
            self.report({"ERROR"}, str(e))
            return {"CANCELLED"}
        sc.rendergrid.status = "fetched %d files into %s" % (n, folder)
        self.report({"INFO"}, "rendergrid: " + sc.rendergrid.status)
        return {"FINISHED"}


class RENDER_PT_rendergrid(bpy.types.Panel):
    bl_label = "rendergrid"
    bl_space_type = "PROPERTIES"
    bl_region_type = "WINDOW"
    bl_context = "render"

    def draw(self, context):
        sc, layout = context.scene, self.layout
        p = prefs(context)
        layout.label(text="Farm: " + p.coordinator + ("" if p.token else " (set a token in the add-on's preferences)"))
        layout.prop(sc.rendergrid, "engine")
        if sc.rendergrid.engine == "BLENDER":
            layout.prop(sc.rendergrid, "device")
        r = sc.render
        layout.label(text="Frames %d-%d, %dx%d at %d%%" % (sc.frame_start, sc.frame_end, r.resolution_x, r.resolution_y, r.resolution_percentage))
        layout.prop(sc.rendergrid, "price")
        row = layout.row()
        row.operator("rendergrid.check")
        row.operator("rendergrid.submit")
        if sc.rendergrid.job:
            layout.prop(sc.rendergrid, "progress", slider=True)
            layout.operator("rendergrid.fetch")
        if sc.rendergrid.status:
            layout.label(text=sc.rendergrid.status)


classes = (RendergridPreferences, RendergridSettings, RENDERGRID_OT_check, RENDERGRID_OT_submit, RENDERGRID_OT_wait, RENDERGRID_OT_fetch, RENDER_PT_rendergrid)


def register():
    for c in classes:
        bpy.utils.register_class(c)
    bpy.types.Scene.rendergrid = bpy.props.PointerProperty(type=RendergridSettings)


def unregister():
    del bpy.types.Scene.rendergrid
    for c in reversed(classes):
        bpy.utils.unregister_class(c)
