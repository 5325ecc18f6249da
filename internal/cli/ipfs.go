package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/ipfs/go-cid"
	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render"
	"github.com/rendergrid/rendergrid/scenes"
)

// contentStore is what the CLI needs of a store: the embedded one or a
// Kubo node.
type contentStore interface {
	Add(ctx context.Context, r io.Reader) (cid.Cid, error)
	Get(ctx context.Context, c cid.Cid) (io.ReadCloser, error)
	Pin(ctx context.Context, c cid.Cid) error
	Unpin(ctx context.Context, c cid.Cid) error
	ExportCAR(ctx context.Context, c cid.Cid, w io.Writer) error
}

// storeFlags choose and configure the content store; every command that
// touches IPFS takes them.
func storeFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "data", EnvVars: []string{"RENDERGRID_DATA"}, Value: defaultDataDir(), Usage: "data directory; the embedded store lives in DATA/ipfs"},
		&cli.StringFlag{Name: "ipfs-api", EnvVars: []string{"RENDERGRID_IPFS_API"}, Usage: "store in this Kubo node instead (its RPC API, e.g. http://127.0.0.1:5001)"},
		&cli.Int64Flag{Name: "ipfs-max-upload", Value: ipfs.DefaultMaxUpload, Usage: "largest single upload in bytes"},
		&cli.BoolFlag{Name: "ipfs-nosync", Usage: "skip fsync of each block (faster; a crash may lose recent blocks)"},
	}
}

// defaultDataDir is $XDG_DATA_HOME/rendergrid, else ~/.local/share/rendergrid.
func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "rendergrid")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "rendergrid")
	}
	return "rendergrid-data"
}

// openStore opens the store the flags choose. The embedded store is also
// returned on its own (nil in Kubo mode) for what only it can do.
func openStore(c *cli.Context) (contentStore, *ipfs.Store, func() error, error) {
	if api := c.String("ipfs-api"); api != "" {
		k, err := ipfs.NewKubo(api, nil, c.Int64("ipfs-max-upload"))
		if err != nil {
			return nil, nil, nil, err
		}
		return k, nil, func() error { return nil }, nil
	}
	s, err := ipfs.Open(c.Context, filepath.Join(c.String("data"), "ipfs"),
		ipfs.Options{MaxUpload: c.Int64("ipfs-max-upload"), NoSync: c.Bool("ipfs-nosync")})
	if err != nil {
		return nil, nil, nil, err
	}
	return s, s, s.Close, nil
}

// withStore runs fn with the flags' store open and closes it after.
func withStore(fn func(c *cli.Context, st contentStore, local *ipfs.Store) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		st, local, closeFn, err := openStore(c)
		if err != nil {
			return err
		}
		err = fn(c, st, local)
		return errors.Join(err, closeFn())
	}
}

func ipfsCommand() *cli.Command {
	cidArg := func(c *cli.Context, what string) (cid.Cid, error) {
		if c.NArg() != 1 {
			return cid.Undef, fmt.Errorf("%s needs exactly one CID", what)
		}
		return ipfs.ParseCID(c.Args().First())
	}
	localOnly := func(local *ipfs.Store, what string) error {
		if local == nil {
			return fmt.Errorf("%s works on the embedded store; with --ipfs-api use Kubo's own command", what)
		}
		return nil
	}
	return &cli.Command{
		Name:  "ipfs",
		Usage: "add, get and export content by CID (embedded store, or a Kubo node with --ipfs-api)",
		Subcommands: []*cli.Command{
			{
				Name:      "add",
				Usage:     "add files and print their CIDs (the CIDs ipfs add --cid-version=1 --raw-leaves gives)",
				ArgsUsage: "FILE...",
				Flags:     append(storeFlags(), &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print only the CIDs"}),
				Action: withStore(func(c *cli.Context, st contentStore, _ *ipfs.Store) error {
					if c.NArg() == 0 {
						return errors.New("ipfs add needs at least one file")
					}
					for _, name := range c.Args().Slice() {
						id, err := addFile(c.Context, st, name, c.Bool("quiet"))
						if err != nil {
							return err
						}
						if c.Bool("quiet") {
							fmt.Println(id)
						} else {
							fmt.Printf("added %s %s\n", id, name)
						}
					}
					return nil
				}),
			},
			{
				Name:      "get",
				Usage:     "write the file under a CID, every block checked against it",
				ArgsUsage: "CID",
				Flags: append(storeFlags(),
					&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "file to write (default: standard output)"},
					&cli.StringFlag{Name: "gateway", Usage: "fetch it first from this rendergrid or IPFS gateway (http://HOST:PORT) as a verified CAR"}),
				Action: withStore(func(c *cli.Context, st contentStore, local *ipfs.Store) error {
					id, err := cidArg(c, "ipfs get")
					if err != nil {
						return err
					}
					if gw := c.String("gateway"); gw != "" {
						if err := localOnly(local, "--gateway"); err != nil {
							return err
						}
						if err := ipfs.FetchCAR(c.Context, api.BearerClient(nil, os.Getenv("RENDERGRID_TOKEN")), gw, id, local); err != nil {
							return err
						}
					}
					return getFile(c.Context, st, id, c.String("output"))
				}),
			},
			{
				Name:      "car",
				Usage:     "export the DAG under a CID as a CARv1 (what ipfs dag export writes)",
				ArgsUsage: "CID",
				Flags:     append(storeFlags(), &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "file to write (default: standard output)"}),
				Action: withStore(func(c *cli.Context, st contentStore, _ *ipfs.Store) error {
					id, err := cidArg(c, "ipfs car")
					if err != nil {
						return err
					}
					return writeOut(c.String("output"), func(w io.Writer) error { return st.ExportCAR(c.Context, id, w) })
				}),
			},
			{
				Name:      "import",
				Usage:     "import a CAR file, checking every block, and pin its roots",
				ArgsUsage: "FILE.car",
				Flags:     storeFlags(),
				Action: withStore(func(c *cli.Context, _ contentStore, local *ipfs.Store) error {
					if err := localOnly(local, "ipfs import"); err != nil {
						return err
					}
					if c.NArg() != 1 {
						return errors.New("ipfs import needs exactly one CAR file")
					}
					f, err := os.Open(c.Args().First())
					if err != nil {
						return err
					}
					defer f.Close()
					roots, err := local.ImportCAR(c.Context, f, f.Name())
					if err != nil {
						return err
					}
					for _, r := range roots {
						fmt.Printf("imported %s\n", r)
					}
					return nil
				}),
			},
			{
				Name: "pin", Usage: "pin a CID (its whole DAG must be in the store)", ArgsUsage: "CID", Flags: storeFlags(),
				Action: withStore(func(c *cli.Context, st contentStore, _ *ipfs.Store) error {
					id, err := cidArg(c, "ipfs pin")
					if err != nil {
						return err
					}
					return st.Pin(c.Context, id)
				}),
			},
			{
				Name: "unpin", Usage: "unpin a CID; gc then removes what nothing else pins", ArgsUsage: "CID", Flags: storeFlags(),
				Action: withStore(func(c *cli.Context, st contentStore, _ *ipfs.Store) error {
					id, err := cidArg(c, "ipfs unpin")
					if err != nil {
						return err
					}
					return st.Unpin(c.Context, id)
				}),
			},
			{
				Name: "pins", Usage: "list pinned CIDs", Flags: storeFlags(),
				Action: withStore(func(c *cli.Context, _ contentStore, local *ipfs.Store) error {
					if err := localOnly(local, "ipfs pins"); err != nil {
						return err
					}
					pins, err := local.Pins(c.Context)
					for _, p := range pins {
						fmt.Println(p)
					}
					return err
				}),
			},
			{
				Name: "gc", Usage: "remove every block no pin reaches", Flags: storeFlags(),
				Action: withStore(func(c *cli.Context, _ contentStore, local *ipfs.Store) error {
					if err := localOnly(local, "ipfs gc"); err != nil {
						return err
					}
					st, err := local.GC(c.Context)
					if err != nil {
						return err
					}
					fmt.Printf("removed %d blocks (%sB), kept %d (%sB)\n", st.Removed, si(float64(st.RemovedBytes)), st.Kept, si(float64(st.KeptBytes)))
					return nil
				}),
			},
			{
				Name:  "serve",
				Usage: "serve the store over HTTP at /ipfs/<cid> (files, CAR, raw blocks) and, with --ipfs-p2p, over bitswap",
				Flags: append(storeFlags(),
					&cli.StringFlag{Name: "http", Value: "127.0.0.1:8080", Usage: "HTTP listen address"},
					&cli.StringSliceFlag{Name: "ipfs-p2p", Usage: "also serve over libp2p bitswap on this multiaddr (e.g. /ip4/127.0.0.1/tcp/4001); off by default"}),
				Action: withStore(runServe),
			},
		},
	}
}

// runServe serves the embedded store until interrupted.
func runServe(c *cli.Context, _ contentStore, local *ipfs.Store) error {
	if local == nil {
		return errors.New("ipfs serve serves the embedded store; a Kubo node has its own gateway")
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	gw, err := ipfs.Gateway(local)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/ipfs/", gw)
	if addrs := c.StringSlice("ipfs-p2p"); len(addrs) > 0 {
		node, err := startP2P(ctx, addrs, filepath.Join(c.String("data"), "p2p", "peer.key"), local.Verified())
		if err != nil {
			return err
		}
		defer node.Close()
		for _, a := range node.Addrs() {
			fmt.Printf("bitswap: %s\n", a)
		}
	}
	ln, err := net.Listen("tcp", c.String("http"))
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.String("http"), err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("gateway: http://%s/ipfs/<cid>\n", ln.Addr())
	fmt.Println("serving; Ctrl-C stops")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// addFile adds one file with upload progress on standard error.
func addFile(ctx context.Context, st contentStore, name string, quiet bool) (cid.Cid, error) {
	f, err := os.Open(name)
	if err != nil {
		return cid.Undef, err
	}
	defer f.Close()
	var r io.Reader = f
	if fi, err := f.Stat(); err == nil && !quiet && fi.Size() > 1<<20 {
		bar := newProgressBar(os.Stderr, "add "+filepath.Base(name))
		bar.unit = "B"
		r = &progressReader{r: f, total: fi.Size(), start: time.Now(), bar: bar}
		defer bar.done()
	}
	id, err := st.Add(ctx, r)
	if err != nil {
		return cid.Undef, fmt.Errorf("add %s: %w", name, err)
	}
	return id, nil
}

// progressReader reports bytes read to a progress bar.
type progressReader struct {
	r     io.Reader
	done  int64
	total int64
	start time.Time
	bar   *progressBar
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	p.bar.update(render.Progress{Done: p.done, Total: p.total, Elapsed: time.Since(p.start)})
	return n, err
}

// getFile writes the file under id to out ("" or "-" for standard output).
func getFile(ctx context.Context, st contentStore, id cid.Cid, out string) error {
	r, err := st.Get(ctx, id)
	if err != nil {
		return err
	}
	defer r.Close()
	return writeOut(out, func(w io.Writer) error {
		_, err := io.Copy(w, r)
		return err
	})
}

// writeOut runs write against out, or standard output for "" and "-". A
// file is written beside its final name and renamed when complete, so a
// failed write never leaves a partial file under that name.
func writeOut(out string, write func(io.Writer) error) error {
	if out == "" || out == "-" {
		return write(os.Stdout)
	}
	if dir := filepath.Dir(out); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}

// cidPrefix is how render names a scene by CID: ipfs:CID.
const cidPrefix = "ipfs:"

// loadSceneArg loads a scene named by ipfs:CID from st (fetching it from
// --gateway into local first when given), or else as loadScene does. st
// is open whenever arg names a CID.
func loadSceneArg(c *cli.Context, st contentStore, local *ipfs.Store, arg string) (*scenes.Scene, error) {
	text, ok := strings.CutPrefix(arg, cidPrefix)
	if !ok {
		return loadScene(arg, sceneLimits(c))
	}
	data, err := readScene(c, st, local, text)
	if err != nil {
		return nil, fmt.Errorf("scene %s: %w", arg, err)
	}
	// A scene stored by CID is one self-contained file (.glb, or .gltf
	// with data: URIs): there is no directory to resolve other files in.
	return scenes.DecodeWith(arg, data, nil, sceneLimits(c))
}

// readScene reads the scene file under the CID text into memory.
func readScene(c *cli.Context, st contentStore, local *ipfs.Store, text string) ([]byte, error) {
	id, err := ipfs.ParseCID(text)
	if err != nil {
		return nil, err
	}
	if gw := c.String("gateway"); gw != "" {
		if local == nil {
			return nil, errors.New("--gateway fetches into the embedded store; with --ipfs-api the Kubo node fetches for itself")
		}
		if err := ipfs.FetchCAR(c.Context, api.BearerClient(nil, os.Getenv("RENDERGRID_TOKEN")), gw, id, local); err != nil {
			return nil, err
		}
	}
	r, err := st.Get(c.Context, id)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, maxSceneBytes+1))
	if err == nil && len(data) > maxSceneBytes {
		err = fmt.Errorf("scene %s is larger than %d bytes", id, maxSceneBytes)
	}
	return data, err
}

// maxSceneBytes bounds a scene read from the store into memory.
const maxSceneBytes = 2 << 30

// p2pNode is a running libp2p host serving the store over bitswap.
type p2pNode interface {
	Addrs() []string
	Close() error
}
