# Renders a glTF file with Blender's Cycles on the CPU, for `rendergrid bench`.
# Usage: blender --background --factory-startup --python cycles.py -- \
#        SCENE.glb OUT.f32 WIDTH HEIGHT SPP BOUNCES THREADS
# Writes OUT.f32: float32 linear RGB, top row first; prints RENDER_SECONDS.
import sys, time
import numpy
numpy.bool = bool  # Blender 3.4's glTF importer uses the removed numpy.bool alias
import bpy

scene_path, out, w, h, spp, bounces, threads = sys.argv[sys.argv.index("--") + 1:]
w, h, spp, bounces, threads = int(w), int(h), int(spp), int(bounces), int(threads)

bpy.ops.wm.read_factory_settings(use_empty=True)
bpy.ops.import_scene.gltf(filepath=scene_path)
sc = bpy.context.scene
cams = [o for o in sc.objects if o.type == "CAMERA"]
if not cams:
    sys.exit("the scene has no camera")
sc.camera = cams[0]
world = bpy.data.worlds.new("black")
world.color = (0, 0, 0)
sc.world = world
r = sc.render
r.engine = "CYCLES"
r.resolution_x, r.resolution_y, r.resolution_percentage = w, h, 100
r.threads_mode, r.threads = "FIXED", threads
r.filter_size = 1.0  # box filter of one pixel, as rendergrid's jitter
r.image_settings.file_format = "OPEN_EXR"
r.image_settings.color_depth = "32"
sc.view_settings.view_transform = "Standard"
c = sc.cycles
c.device = "CPU"
c.samples = spp
c.use_adaptive_sampling = False
c.use_denoising = False
c.pixel_filter_type = "BOX"
c.max_bounces = c.diffuse_bounces = c.glossy_bounces = bounces
c.transmission_bounces = c.volume_bounces = c.transparent_max_bounces = bounces
c.sample_clamp_direct = c.sample_clamp_indirect = 0
c.caustics_reflective = c.caustics_refractive = True
c.blur_glossy = 0
c.seed = 0

t0 = time.perf_counter()
bpy.ops.render.render(write_still=False)
secs = time.perf_counter() - t0
exr = out + ".exr"
bpy.data.images["Render Result"].save_render(exr)
img = bpy.data.images.load(exr)
px = numpy.array(img.pixels[:], dtype=numpy.float32).reshape(h, w, 4)[::-1, :, :3]
px.tofile(out)
print("RENDER_SECONDS %.6f" % secs)
