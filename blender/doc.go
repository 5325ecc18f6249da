// Package blender holds the Blender add-on (rendergrid_addon: submit the
// open scene, follow it, fetch its frames) and serves its files to the
// CLI: the add-on as an installable zip (rendergrid blender addon), and
// the script that lists a .blend's folder (rendergrid submit FILE.blend).
// Blender itself runs in render/blender.
package blender
