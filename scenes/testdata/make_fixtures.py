#!/usr/bin/env python3
"""Writes the handmade glTF fixtures in this folder (run from here).

Each fixture is a small .gltf whose JSON is spelled out below, so a reader
can see exactly which element is broken; binary data is packed with struct
and embedded as a data: URI unless the fixture is about external files.
"""
import base64, json, struct

def uri(b):
    return "data:application/octet-stream;base64," + base64.b64encode(b).decode()

TRI = struct.pack("<9f", 0, 0, 0, 1, 0, 0, 0, 1, 0)          # one triangle, z=0
IDX = struct.pack("<3B", 0, 1, 2) + b"\0"                      # ubyte indices, padded

def doc(buf=TRI + IDX, extra=None, prim=None, nodes=None, accessors=None, **kw):
    d = {
        "asset": {"version": "2.0"},
        "buffers": [{"byteLength": len(buf), "uri": uri(buf)}],
        "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 36},
                        {"buffer": 0, "byteOffset": 36, "byteLength": 3}],
        "accessors": accessors or [
            {"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3",
             "min": [0, 0, 0], "max": [1, 1, 0]},
            {"bufferView": 1, "componentType": 5121, "count": 3, "type": "SCALAR"}],
        "meshes": [{"name": "tri", "primitives": [prim or {"attributes": {"POSITION": 0}, "indices": 1}]}],
        "cameras": [{"name": "cam", "type": "perspective", "perspective": {"yfov": 0.8, "znear": 0.01}}],
        "nodes": nodes or [{"name": "tri", "mesh": 0}, {"name": "camnode", "camera": 0, "translation": [0.3, 0.3, 3]}],
        "scenes": [{"nodes": [0, 1]}], "scene": 0,
    }
    d.update(kw)
    if extra:
        extra(d)
    return d

def write(name, d):
    with open(name, "w") as f:
        json.dump(d, f, indent=1)

write("triangle.gltf", doc())
d = doc(); d["buffers"][0]["uri"] = "triangle.bin"
write("external.gltf", d)
with open("triangle.bin", "wb") as f:
    f.write(TRI + IDX)
d = doc(); d["buffers"][0]["uri"] = "missing.bin"
write("missing_buffer.gltf", d)
d = doc(); d["buffers"][0]["uri"] = "../outside.bin"
write("outside_dir.gltf", d)
d = doc(); d["accessors"][0]["count"] = 4
write("accessor_out_of_range.gltf", d)
d = doc(); d["accessors"][0]["componentType"] = 9999
write("unknown_component_type.gltf", d)
write("nan_position.gltf", doc(buf=struct.pack("<9f", 0, 0, 0, float("nan"), 0, 0, 0, 1, 0) + IDX))
write("index_out_of_range.gltf", doc(buf=TRI + struct.pack("<3B", 0, 1, 7) + b"\0"))
write("no_camera.gltf", doc(nodes=[{"name": "tri", "mesh": 0}], scenes=[{"nodes": [0]}]))
d = doc(); d["meshes"][0]["primitives"][0]["mode"] = 0
write("points_only.gltf", d)
d = doc(); d["meshes"][0]["primitives"].append({"attributes": {"POSITION": 0}, "mode": 1})
write("with_lines.gltf", d)
d = doc(); d["extensionsRequired"] = ["KHR_draco_mesh_compression"]; d["extensionsUsed"] = ["KHR_draco_mesh_compression"]
write("draco_required.gltf", d)
d = doc(); d["extensionsUsed"] = ["EXT_mesh_gpu_instancing"]
write("unknown_extension_used.gltf", d)
d = doc(); d["skins"] = [{"joints": [0]}]; d["nodes"][0]["skin"] = 0
write("skinned.gltf", d)
d = doc(); d["nodes"] = [{"name": "a", "mesh": 0, "children": [1]}, {"name": "b", "children": [0]}]
d["scenes"] = [{"nodes": []}]
write("node_cycle.gltf", d)
d = doc(); d["meshes"][0]["primitives"][0]["mode"] = 5
d["accessors"][1]["count"] = 3
write("strip.gltf", d)
d = doc(); d["meshes"][0]["primitives"][0]["material"] = 3
write("missing_material.gltf", d)
d = doc(); d["cameras"][0]["perspective"]["yfov"] = 0
write("bad_camera.gltf", d)
d = doc(); d["asset"]["version"] = "1.0"
write("gltf1.gltf", d)
with open("not_gltf.gltf", "w") as f:
    f.write("this is not a glTF file\n")

# Animation fixture: node 0 translates LINEAR (0,0,0)->(2,0,0) over t 0..1,
# rotates LINEAR 0°->90° about Y over t 0..1, scales STEP 1 -> 3 at t=1;
# node 1 translates CUBICSPLINE between (0,0,0) at t=0 and (0,1,0) at t=2
# with out-tangent (0,2,0) at key 0 and in-tangent (0,0,0) at key 1.
s = 0.70710677
anim = struct.pack("<2f", 0, 1)                                  # times A: 0..8
anim += struct.pack("<6f", 0, 0, 0, 2, 0, 0)                     # translation: 8..32
anim += struct.pack("<8f", 0, 0, 0, 1, 0, s, 0, s)               # rotation: 32..64
anim += struct.pack("<6f", 1, 1, 1, 3, 3, 3)                     # scale: 64..88
anim += struct.pack("<2f", 0, 2)                                 # times B: 88..96
anim += struct.pack("<18f", 0, 0, 0, 0, 0, 0, 0, 2, 0,           # key0: in, value, out
                    0, 0, 0, 0, 1, 0, 0, 0, 0)                   # key1: in, value, out  96..168
buf = TRI + IDX + anim
base = 40
views = [(base + 0, 8), (base + 8, 24), (base + 32, 32), (base + 64, 24), (base + 88, 8), (base + 96, 72)]
d = doc(buf=buf)
d["bufferViews"] += [{"buffer": 0, "byteOffset": o, "byteLength": n} for o, n in views]
d["accessors"] += [
    {"bufferView": 2, "componentType": 5126, "count": 2, "type": "SCALAR", "min": [0], "max": [1]},
    {"bufferView": 3, "componentType": 5126, "count": 2, "type": "VEC3"},
    {"bufferView": 4, "componentType": 5126, "count": 2, "type": "VEC4"},
    {"bufferView": 5, "componentType": 5126, "count": 2, "type": "VEC3"},
    {"bufferView": 6, "componentType": 5126, "count": 2, "type": "SCALAR", "min": [0], "max": [2]},
    {"bufferView": 7, "componentType": 5126, "count": 6, "type": "VEC3"},
]
d["nodes"] = [{"name": "mover", "mesh": 0}, {"name": "spline", "mesh": 0}, {"name": "camnode", "camera": 0, "translation": [0, 0, 5]}]
d["scenes"] = [{"nodes": [0, 1, 2]}]
d["animations"] = [{"name": "test",
    "samplers": [{"input": 2, "output": 3}, {"input": 2, "output": 4, "interpolation": "LINEAR"},
                 {"input": 2, "output": 5, "interpolation": "STEP"}, {"input": 6, "output": 7, "interpolation": "CUBICSPLINE"}],
    "channels": [{"sampler": 0, "target": {"node": 0, "path": "translation"}},
                 {"sampler": 1, "target": {"node": 0, "path": "rotation"}},
                 {"sampler": 2, "target": {"node": 0, "path": "scale"}},
                 {"sampler": 3, "target": {"node": 1, "path": "translation"}}]}]
write("animated.gltf", d)
