# Writes the OpenEXR fixtures of the hdri tests with Blender (the reference
# writer artists' files come from): a 37x19 gradient whose texel (x, y), top
# row first, is R = 0.05 + x*0.25, G = 0.5 + y*0.75, B = 0.01*(x+1)*(y+1)
# (HDR values over 1 included), in every compression Blender writes that
# the decoder supports, as half and as float.
#   blender -b --factory-startup --python make_fixtures.py
import bpy, os
W, H = 37, 19
here = os.path.dirname(os.path.abspath(__file__))
img = bpy.data.images.new("grad", W, H, alpha=False, float_buffer=True)
px = []
for row in range(H):          # Blender's rows run bottom-up
    y = H - 1 - row
    for x in range(W):
        px += [0.05 + x * 0.25, 0.5 + y * 0.75, 0.01 * (x + 1) * (y + 1), 1.0]
img.pixels = px
scene = bpy.context.scene
st = scene.render.image_settings
st.file_format = 'OPEN_EXR'
st.color_mode = 'RGB'
for codec in ['NONE', 'ZIP', 'PIZ', 'RLE', 'ZIPS']:
    for depth in ['16', '32']:
        st.exr_codec = codec
        st.color_depth = depth
        img.save_render(os.path.join(here, "grad_%s_%s.exr" % (codec.lower(), 'half' if depth == '16' else 'float')), scene=scene)

# A larger PIZ file (several 32-line chunks, values spread over the half
# range) for the wavelet and Huffman paths: texel (x, y) top row first is
# R = ((x*7919 + y*104729) % 1000) / 100, G = R / 7, B = (x % 3) * 20.
W, H = 300, 70
img = bpy.data.images.new("noise", W, H, alpha=False, float_buffer=True)
px = []
for row in range(H):
    y = H - 1 - row
    for x in range(W):
        r = ((x * 7919 + y * 104729) % 1000) / 100
        px += [r, r / 7, (x % 3) * 20.0, 1.0]
img.pixels = px
for depth in ['16', '32']:
    st.exr_codec = 'PIZ'
    st.color_depth = depth
    img.save_render(os.path.join(here, "noise_piz_%s.exr" % ('half' if depth == '16' else 'float')), scene=scene)

# The lossy DWAA and DWAB codecs (Blender's studio lights use DWAB): the
# noise image in both, and Blender's own decode of each file as the
# reference (dwa*_ref.f32: float32 RGB, top row first), since the codec
# changes the values.
import numpy
for codec in ['DWAA', 'DWAB']:
    st.exr_codec = codec
    st.color_depth = '16'
    path = os.path.join(here, "noise_%s_half.dwa" % codec.lower())
    img.save_render(path, scene=scene)
    back = bpy.data.images.load(path)
    back.colorspace_settings.name = "Linear"
    px = numpy.array(back.pixels[:], dtype=numpy.float32).reshape(H, W, 4)[::-1, :, :3]
    px.tofile(os.path.join(here, "noise_%s_ref.f32" % codec.lower()))
