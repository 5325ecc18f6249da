# Renders a glTF file with Blender's Cycles on the CPU, for `rendergrid bench`.
# Usage: blender --background --factory-startup --python cycles.py -- \
#        SCENE.glb OUT.f32 WIDTH HEIGHT SPP BOUNCES THREADS [ENV STRENGTH ROTATION FRAME]
# ENV (or "-") is an equirectangular map for the world: Environment Texture
# driven by Generated coordinates through a Mapping node turned ROTATION
# degrees about Z, times STRENGTH, as an artist sets up Blender's world.
# FRAME is rendergrid's frame number (time FRAME/24 s).
# Writes OUT.f32: float32 linear RGB, top row first; prints RENDER_SECONDS.
import sys, time
import numpy
numpy.bool = bool  # Blender 3.4's glTF importer uses the removed numpy.bool alias
import bpy

args = sys.argv[sys.argv.index("--") + 1:]
scene_path, out, w, h, spp, bounces, threads = args[:7]
w, h, spp, bounces, threads = int(w), int(h), int(spp), int(bounces), int(threads)
env, env_strength, env_rotation, frame = (args[7:] + ["-", "1", "0", "0"][len(args) - 7:])[:4]

bpy.ops.wm.read_factory_settings(use_empty=True)
bpy.ops.import_scene.gltf(filepath=scene_path)
# Make Cycles render what the file says, where Blender 3.4's importer does not:
# 1. KHR_materials_specular lands only in a glTF-settings node group (kept for
#    export); Principled Specular stays 0.5 (F0 0.04). Apply the factor.
# 2. With specular 0 and metallic 0 a glTF material is Lambertian, but
#    Principled's diffuse is Disney diffuse (brighter at grazing angles at
#    roughness 1): render such materials with a Diffuse BSDF of roughness 0.
# 3. Cycles emission is two-sided; glTF's single-sided (doubleSided false,
#    imported as backface culling) emitters shine from the front only, as in
#    rendergrid. Mask back-facing emission with Geometry > Backfacing.
for m in bpy.data.materials:
    if not m.use_nodes:
        continue
    nodes, links = m.node_tree.nodes, m.node_tree.links
    bsdf = next((n for n in nodes if n.bl_idname == "ShaderNodeBsdfPrincipled"), None)
    if bsdf is None:
        continue
    for g in nodes:
        if g.bl_idname == "ShaderNodeGroup" and "Specular" in g.inputs:
            bsdf.inputs["Specular"].default_value = 0.5 * g.inputs["Specular"].default_value
    lambertian = (bsdf.inputs["Specular"].default_value == 0 and bsdf.inputs["Metallic"].default_value == 0
                  and not bsdf.inputs["Metallic"].is_linked and max(bsdf.inputs["Emission"].default_value[:3]) == 0)
    if lambertian:
        surface = next(n for n in nodes if n.bl_idname == "ShaderNodeOutputMaterial")
        diffuse = nodes.new("ShaderNodeBsdfDiffuse")
        diffuse.inputs["Roughness"].default_value = 0.0
        diffuse.inputs["Color"].default_value = bsdf.inputs["Base Color"].default_value
        for l in bsdf.inputs["Base Color"].links:
            links.new(l.from_socket, diffuse.inputs["Color"])
        links.new(diffuse.outputs["BSDF"], surface.inputs["Surface"])
        continue
    strength = bsdf.inputs["Emission Strength"]
    if m.use_backface_culling and max(bsdf.inputs["Emission"].default_value[:3]) > 0 and not strength.is_linked:
        geo = nodes.new("ShaderNodeNewGeometry")
        front = nodes.new("ShaderNodeMath")
        front.operation = "SUBTRACT"
        front.inputs[0].default_value = 1.0
        links.new(geo.outputs["Backfacing"], front.inputs[1])
        scale = nodes.new("ShaderNodeMath")
        scale.operation = "MULTIPLY"
        scale.inputs[1].default_value = strength.default_value
        links.new(front.outputs[0], scale.inputs[0])
        links.new(scale.outputs[0], strength)

sc = bpy.context.scene
cams = [o for o in sc.objects if o.type == "CAMERA"]
if not cams:
    sys.exit("the scene has no camera")
sc.camera = cams[0]
world = bpy.data.worlds.new("world")
world.color = (0, 0, 0)
if env != "-":
    import math
    world.use_nodes = True
    nt = world.node_tree
    bg = nt.nodes["Background"]
    tex = nt.nodes.new("ShaderNodeTexEnvironment")
    tex.image = bpy.data.images.load(env)
    mapping = nt.nodes.new("ShaderNodeMapping")
    mapping.inputs["Rotation"].default_value[2] = math.radians(float(env_rotation))
    coord = nt.nodes.new("ShaderNodeTexCoord")
    nt.links.new(coord.outputs["Generated"], mapping.inputs["Vector"])
    nt.links.new(mapping.outputs["Vector"], tex.inputs["Vector"])
    nt.links.new(tex.outputs["Color"], bg.inputs["Color"])
    bg.inputs["Strength"].default_value = float(env_strength)
sc.world = world
# The importer puts glTF time t at Blender frame t*fps.
sc.render.fps = 24
sc.frame_set(int(frame))
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
# Cycles counts indirect bounces (0: direct light only); rendergrid counts
# scattering events (1: direct light only). Equal path lengths: one fewer here.
c.max_bounces = c.diffuse_bounces = c.glossy_bounces = bounces - 1
c.transmission_bounces = c.volume_bounces = c.transparent_max_bounces = bounces - 1
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
