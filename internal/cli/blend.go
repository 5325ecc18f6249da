package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ipfs/go-cid"
	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/api"
	addon "github.com/rendergrid/rendergrid/blender"
	"github.com/rendergrid/rendergrid/ipfs"
)

// blenderCommand is `rendergrid blender`: what artists need of the farm
// in Blender.
func blenderCommand() *cli.Command {
	return &cli.Command{
		Name:  "blender",
		Usage: "the Blender add-on",
		Subcommands: []*cli.Command{{
			Name:  "addon",
			Usage: "write the add-on as a zip that Blender installs (3.4 to 4.1: Preferences > Add-ons > Install; 4.2+: Get Extensions > Install from Disk)",
			Flags: []cli.Flag{&cli.StringFlag{Name: "o", Value: "rendergrid_addon.zip", Usage: "the zip to write"}},
			Action: func(c *cli.Context) error {
				var buf bytes.Buffer
				if err := addon.Zip(&buf); err != nil {
					return err
				}
				if err := os.WriteFile(c.String("o"), buf.Bytes(), 0o644); err != nil {
					return err
				}
				fmt.Fprintf(os.Stderr, "wrote %s (%d bytes): install it in Blender, then set the coordinator URL and token in its preferences\n", c.String("o"), buf.Len())
				return nil
			},
		}},
	}
}

// blendPlan is the folder of a .blend as folder.py prints it.
type blendPlan struct {
	Error     string `json:"error"`
	Blend     string `json:"blend"` // the copy to upload
	SceneName string `json:"scene_name"`
	SceneDir  string `json:"scene_dir"`
	Blender   string `json:"blender"`
	Files     []struct {
		Path string `json:"path"`
		Abs  string `json:"abs"`
	} `json:"files"`
}

// planBlend asks Blender (at bin) for the folder of the .blend at path:
// the files it reads, and a copy with relative paths saved into tmp. The
// file's scripts do not run.
func planBlend(ctx context.Context, bin, path, tmp string) (*blendPlan, error) {
	py := filepath.Join(tmp, "folder.py")
	if err := os.WriteFile(py, addon.FolderScript(), 0o600); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	out, err := exec.CommandContext(ctx, bin, "-b", "--factory-startup", "--disable-autoexec", abs, "--python", py, "--", tmp).CombinedOutput()
	_, line, ok := strings.Cut(string(out), "RENDERGRID_PLAN ")
	if !ok {
		return nil, fmt.Errorf("Blender (%s) listed no files of %s (%v; a .blend saved by a newer Blender does not open in an older one: give --blender PATH, or --blender none to send the .blend alone): %s",
			bin, path, err, strings.TrimSpace(string(out[max(0, len(out)-400):])))
	}
	line, _, _ = strings.Cut(line, "\n")
	var p blendPlan
	if err := json.Unmarshal([]byte(line), &p); err != nil {
		return nil, fmt.Errorf("reading Blender's list of %s's files: %w", path, err)
	}
	if p.Error != "" {
		return nil, fmt.Errorf("%s: %s", path, p.Error)
	}
	return &p, nil
}

// uploadFolder uploads the files of a .blend's folder the artist has not
// uploaded yet (by CID, hashed here first) and returns them for the spec.
func uploadFolder(ctx context.Context, cl *api.Client, p *blendPlan, quiet bool) ([]api.FileRef, error) {
	have := map[string]bool{}
	if st, err := cl.Storage(ctx); err == nil {
		for _, u := range st.Uploads {
			have[u.CID] = true
		}
	}
	var refs []api.FileRef
	sent, skipped := 0, 0
	for i, f := range p.Files {
		id, err := hashFile(ctx, f.Abs)
		if err != nil {
			return nil, err
		}
		if !have[id.String()] {
			if id, err = uploadFile(ctx, cl, f.Abs, fmt.Sprintf("upload %s (%d of %d)", f.Path, i+1, len(p.Files)), quiet); err != nil {
				return nil, err
			}
			sent++
		} else {
			skipped++
		}
		refs = append(refs, api.FileRef{Path: f.Path, CID: id.String()})
	}
	if !quiet && len(p.Files) > 0 {
		fmt.Fprintf(os.Stderr, "the .blend reads %d files: %d uploaded, %d on the farm already\n", len(p.Files), sent, skipped)
	}
	return refs, nil
}

// hashFile is the CID the file at path is stored under.
func hashFile(ctx context.Context, path string) (cid.Cid, error) {
	f, err := os.Open(path)
	if err != nil {
		return cid.Undef, err
	}
	defer f.Close()
	return ipfs.Hash(ctx, io.Reader(f))
}
