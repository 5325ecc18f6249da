// The commands live one per file: render.go (render), scene.go (scene
// inspect), bench.go (bench), demo.go (demo); progress.go draws progress.
package main
