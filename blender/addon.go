package blender

import (
	"archive/zip"
	"embed"
	"fmt"
	"io"
	"io/fs"
)

//go:embed rendergrid_addon/*.py rendergrid_addon/blender_manifest.toml
var files embed.FS

// Zip writes the add-on as Blender installs it: the rendergrid_addon folder
// in a zip (an add-on on Blender 3.4 to 4.1, an extension on 4.2+).
func Zip(w io.Writer) error {
	zw := zip.NewWriter(w)
	err := fs.WalkDir(files, "rendergrid_addon", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := zw.Create(p)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	})
	if err != nil {
		return fmt.Errorf("zipping the add-on: %w", err)
	}
	return zw.Close()
}

// FolderScript is folder.py: run by Blender on a .blend (blender -b FILE
// --python folder.py -- TMPDIR), it saves a copy with relative paths into
// TMPDIR and prints the job's folder as a line "RENDERGRID_PLAN {json}".
func FolderScript() []byte {
	data, _ := files.ReadFile("rendergrid_addon/folder.py")
	return data
}
