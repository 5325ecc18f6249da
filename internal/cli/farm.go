package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render"
	rblender "github.com/rendergrid/rendergrid/render/blender"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/render/vulkan"
	"github.com/rendergrid/rendergrid/worker"
)

func coordinatorCommand() *cli.Command {
	return &cli.Command{
		Name:  "coordinator",
		Usage: "run a coordinator node (alone it bootstraps a one-node cluster)",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "data", EnvVars: []string{"RENDERGRID_DATA"}, Value: filepath.Join(defaultDataDir(), "coordinator"), Usage: "data directory: Raft log, snapshots, store, admin token"},
			&cli.StringFlag{Name: "id", Usage: "node id (default node1; a data directory keeps its id)"},
			&cli.StringFlag{Name: "raft", Value: coordinator.DefaultRaftAddr, Usage: "Raft address to listen on"},
			&cli.StringFlag{Name: "raft-advertise", Usage: "Raft address peers dial, when --raft listens on all interfaces"},
			&cli.StringFlag{Name: "http", Value: coordinator.DefaultHTTPAddr, Usage: "API address to listen on"},
			&cli.StringFlag{Name: "advertise", Usage: "API URL peers, workers and artists use (default http(s)://--http)"},
			&cli.StringSliceFlag{Name: "join", Usage: "URL of a cluster member to join (repeatable)"},
			&cli.StringFlag{Name: "token", EnvVars: []string{"RENDERGRID_TOKEN"}, Usage: "an admin token of the cluster to --join"},
			&cli.DurationFlag{Name: "lease-ttl", Value: coordinator.DefaultLeaseTTL, Usage: "how long a lease lives without a heartbeat"},
			&cli.DurationFlag{Name: "raft-timeout", Value: coordinator.DefaultRaftTimeout, Usage: "Raft heartbeat and election timeout"},
			&cli.StringFlag{Name: "tls-cert", Usage: "PEM certificate: serve HTTPS and use mutual TLS on the Raft port"},
			&cli.StringFlag{Name: "tls-key", Usage: "PEM key of --tls-cert"},
			&cli.StringFlag{Name: "tls-ca", Usage: "PEM CA that signed every coordinator's certificate"},
			&cli.Int64Flag{Name: "ipfs-max-upload", Value: ipfs.DefaultMaxUpload, Usage: "largest upload in bytes"},
			&cli.BoolFlag{Name: "leave-on-shutdown", Usage: "on SIGTERM, leave the cluster (for scaling down, not restarts)"},
			&cli.Uint64Flag{Name: "chain-id", Value: coordinator.DefaultChainID, Usage: "chain id receipts are signed for (fixed by the cluster's first leader)"},
			&cli.Uint64Flag{Name: "fee-bps", Value: 250, Usage: "network fee on each frame's price, in basis points, paid to the treasury account"},
			&cli.IntFlag{Name: "verify-pixels", Value: 32, Usage: "pixels re-rendered per frame under the sample verification policy"},
			&cli.StringFlag{Name: "blender", Usage: "re-render a 16x16 region of every unit of .blend jobs under verify sample with this Blender (\"auto\": blender on PATH), sandboxed; give every node the same"},
			&cli.StringFlag{Name: "chain", Value: api.ChainEmbedded, Usage: "embedded (the Raft ledger holds the money) or evm (jobs are funded and settled in the escrow contract)"},
			&cli.StringFlag{Name: "rpc", EnvVars: []string{"RENDERGRID_RPC"}, Usage: "JSON-RPC URL of the EVM node (needed by --chain evm; with embedded, bridges deposits and withdrawals)"},
			&cli.StringFlag{Name: "escrow", EnvVars: []string{"RENDERGRID_ESCROW"}, Usage: "RenderEscrow address (rendergrid chain deploy prints it)"},
			&cli.StringFlag{Name: "key", Usage: "key file that signs for the escrow and pays gas (a signer of it)"},
			&cli.Uint64Flag{Name: "confirmations", Usage: "blocks that must follow a deposit, funding or batch before it counts"},
			&cli.IntFlag{Name: "batch-frames", Value: 1000, Usage: "settle a job on chain once this many frames are unsettled"},
			&cli.DurationFlag{Name: "batch-every", Value: 30 * time.Second, Usage: "settle what jobs owe on chain at least this often"},
			&cli.DurationFlag{Name: "retain", Value: coordinator.DefaultRetain, Usage: "archive finished jobs to IPFS (and forget workers away) after this long"},
			&cli.IntFlag{Name: "quota-jobs", Value: coordinator.DefaultQuota.Jobs, Usage: "active jobs one artist may have"},
			&cli.Int64Flag{Name: "quota-frames", Value: coordinator.DefaultQuota.Frames, Usage: "frames one artist may have waiting to render"},
			&cli.Int64Flag{Name: "quota-bytes", Value: coordinator.DefaultQuota.Bytes, Usage: "bytes one artist's uploads may hold (each counted as at least 1 MiB); `rendergrid uploads rm` frees them"},
			&cli.IntFlag{Name: "max-streams", Value: coordinator.DefaultMaxStreams, Usage: "event streams this node serves at once"},
			&cli.IntFlag{Name: "max-streams-per-user", Value: coordinator.DefaultMaxStreamsPerUser, Usage: "event streams one user may hold open on this node"},
			&cli.DurationFlag{Name: "request-timeout", Value: coordinator.DefaultRequestTimeout, Usage: "longest an API call may take to send, handle and answer"},
			&cli.DurationFlag{Name: "stream-idle", Value: coordinator.DefaultStreamIdle, Usage: "an upload, download or event stream is cut after this long without a byte moving"},
		}, sceneLimitFlags()...),
		Action: runCoordinator,
		Subcommands: []*cli.Command{
			{
				Name:  "token",
				Usage: "manage API tokens",
				Subcommands: []*cli.Command{{
					Name:  "create",
					Usage: "create an API token (printed once)",
					Flags: append([]cli.Flag{
						&cli.StringFlag{Name: "user", Required: true, Usage: "who the token is for"},
						&cli.StringFlag{Name: "role", Value: api.RoleArtist, Usage: "artist, admin, or enrol (a worker enrolment token)"},
						&cli.DurationFlag{Name: "ttl", Usage: "the token's life (default: an enrol token a week, others until revoked)"},
						&cli.IntFlag{Name: "uses", Usage: "workers an enrol token may register (default: any number)"},
						dataFlag,
					}, clientFlags()...),
					Action: func(c *cli.Context) error {
						cl, err := adminClient(c)
						if err != nil {
							return err
						}
						t, err := cl.CreateToken(c.Context, api.TokenRequest{User: c.String("user"), Role: c.String("role"),
							TTLSeconds: int64(c.Duration("ttl").Seconds()), Uses: c.Int("uses")})
						if err != nil {
							return err
						}
						fmt.Println(t.Token)
						life := "until revoked"
						if t.Expires != 0 {
							life = "until " + time.UnixMilli(t.Expires).Format(time.RFC3339)
						}
						fmt.Fprintf(os.Stderr, "created a %s token for %s (id %s, valid %s); it is shown only now\n", t.Role, t.User, t.ID, life)
						return nil
					},
				}, {
					Name:  "ls",
					Usage: "list the cluster's tokens: id, holder, role, expiry and uses left (never the tokens)",
					Flags: append([]cli.Flag{dataFlag, jsonFlag}, clientFlags()...),
					Action: func(c *cli.Context) error {
						cl, err := adminClient(c)
						if err != nil {
							return err
						}
						list, err := cl.Tokens(c.Context)
						if err != nil {
							return err
						}
						if c.Bool("json") {
							return printJSON(list)
						}
						tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
						fmt.Fprintln(tw, "ID\tUSER\tROLE\tCREATED\tEXPIRES\tUSES LEFT")
						stamp := func(ms int64, zero string) string {
							if ms == 0 {
								return zero
							}
							return time.UnixMilli(ms).Format(time.DateTime)
						}
						for _, t := range list {
							uses := "-"
							if t.Uses > 0 {
								uses = fmt.Sprint(t.Uses)
							}
							fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.User, t.Role, stamp(t.Created, "-"), stamp(t.Expires, "never"), uses)
						}
						return tw.Flush()
					},
				}, {
					Name:      "revoke",
					Usage:     "revoke a token for good (its id from token ls); the cluster's last admin token stays",
					ArgsUsage: "ID",
					Flags:     append([]cli.Flag{dataFlag}, clientFlags()...),
					Action: func(c *cli.Context) error {
						if c.NArg() != 1 {
							return errors.New("token revoke needs one token id (rendergrid coordinator token ls lists them)")
						}
						cl, err := adminClient(c)
						if err != nil {
							return err
						}
						t, err := cl.RevokeToken(c.Context, c.Args().First())
						if err != nil {
							return err
						}
						fmt.Printf("revoked the %s token %s of %s\n", t.Role, t.ID, t.User)
						return nil
					},
				}},
			},
		},
	}
}

// dataFlag names a coordinator's data directory, whose admin token the
// token commands use when --token is not given.
var dataFlag = &cli.StringFlag{Name: "data", Usage: "a coordinator's data directory, to read its admin token when --token is not given"}

// adminClient is a client with --token, or the admin token in --data.
func adminClient(c *cli.Context) (*api.Client, error) {
	cl, err := newClient(c)
	if err != nil {
		return nil, err
	}
	if c.String("token") == "" && c.String("data") != "" {
		b, err := os.ReadFile(coordinator.AdminTokenFile(c.String("data")))
		if err != nil {
			return nil, fmt.Errorf("no --token, and no admin token in %s: %w", c.String("data"), err)
		}
		cl.Token = strings.TrimSpace(string(b))
	}
	return cl, nil
}

// tlsConfigs builds the HTTPS, Raft and peer-client TLS configurations.
func tlsConfigs(c *cli.Context) (server, raft, client *tls.Config, err error) {
	certFile, keyFile, caFile := c.String("tls-cert"), c.String("tls-key"), c.String("tls-ca")
	if certFile == "" && keyFile == "" {
		return nil, nil, nil, nil
	}
	if certFile == "" || keyFile == "" || caFile == "" {
		return nil, nil, nil, errors.New("TLS needs --tls-cert, --tls-key and --tls-ca together")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("loading TLS certificate: %w", err)
	}
	pool, err := loadCA(caFile)
	if err != nil {
		return nil, nil, nil, err
	}
	server = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	raft = &tls.Config{
		Certificates: []tls.Certificate{cert}, RootCAs: pool, ClientCAs: pool,
		ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS13,
	}
	client = &tls.Config{Certificates: []tls.Certificate{cert}, RootCAs: pool, MinVersion: tls.VersionTLS12}
	return server, raft, client, nil
}

func runCoordinator(c *cli.Context) error {
	server, raftTLS, client, err := tlsConfigs(c)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg := coordinator.Config{
		ID: c.String("id"), DataDir: c.String("data"), RaftAddr: c.String("raft"), RaftAdvertise: c.String("raft-advertise"),
		HTTPAddr: c.String("http"), HTTPAdvertise: c.String("advertise"), Join: c.StringSlice("join"), JoinToken: c.String("token"),
		TLS: server, RaftTLS: raftTLS, ClientTLS: client, LeaseTTL: c.Duration("lease-ttl"), RaftTimeout: c.Duration("raft-timeout"),
		Store:   ipfs.Options{MaxUpload: c.Int64("ipfs-max-upload")},
		ChainID: c.Uint64("chain-id"), FeeBPS: c.Uint64("fee-bps"), Proof: proof.Config{Pixels: c.Int("verify-pixels")},
		SceneLimits: sceneLimits(c),
		Retain:      c.Duration("retain"),
		Quota:       coordinator.Quota{Jobs: c.Int("quota-jobs"), Frames: c.Int64("quota-frames"), Bytes: c.Int64("quota-bytes")},
		MaxStreams:  c.Int("max-streams"), MaxStreamsPerUser: c.Int("max-streams-per-user"),
		RequestTimeout: c.Duration("request-timeout"), StreamIdle: c.Duration("stream-idle"),
	}
	if cfg.Chain, err = chainConfig(c); err != nil {
		return err
	}
	if p := c.String("blender"); p != "" {
		if cfg.Blender, err = rblender.Find(ctx, p); err != nil {
			return fmt.Errorf("--blender: %w", err)
		}
		fmt.Fprintf(os.Stderr, "coordinator: Blender %s at %s re-renders regions of .blend units (verify sample)\n", cfg.Blender.Version, cfg.Blender.Path)
	}
	if err := checkRaftAdvertise(c); err != nil {
		return err
	}
	n, err := coordinator.Start(ctx, cfg)
	if errors.Is(err, coordinator.ErrJoinRefused) {
		return fmt.Errorf("%w (give an admin token of the cluster with --token or RENDERGRID_TOKEN)", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "coordinator %s: API %s, Raft %s, data %s\n", n.ID(), n.URL(), n.RaftAddr(), cfg.DataDir)
	if _, err := os.Stat(coordinator.AdminTokenFile(cfg.DataDir)); err == nil {
		fmt.Fprintf(os.Stderr, "admin token in %s; make artist and worker tokens with:\n  rendergrid coordinator token create --data %s --coordinator %s --user NAME [--role enrol]\n",
			coordinator.AdminTokenFile(cfg.DataDir), cfg.DataDir, n.URL())
	}
	select {
	case <-ctx.Done():
	case <-n.Failed():
		n.Close()
		return fmt.Errorf("coordinator %s stopped: %w", n.ID(), n.FailErr())
	}
	if c.Bool("leave-on-shutdown") {
		cl, err := api.NewClient([]string{n.URL()}, c.String("token"), nil)
		if err == nil {
			if b, err := os.ReadFile(coordinator.AdminTokenFile(cfg.DataDir)); err == nil && cl.Token == "" {
				cl.Token = strings.TrimSpace(string(b))
			}
			cl.RetryFor = 10 * time.Second
			if err := cl.Discover(context.Background()); err == nil {
				_, err = cl.RemoveNode(context.Background(), n.ID())
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "coordinator %s: leaving the cluster: %v\n", n.ID(), err)
			} else {
				fmt.Fprintf(os.Stderr, "coordinator %s: left the cluster\n", n.ID())
			}
		}
	}
	fmt.Fprintf(os.Stderr, "coordinator %s: shutting down\n", n.ID())
	return n.Close()
}

// workerTamper makes the workers this process runs lie; only this
// package's tests set it (TestMain, with internal/systemtest's liars).
var workerTamper worker.Tamper

func clusterCommand() *cli.Command {
	flags := append([]cli.Flag{jsonFlag}, clientFlags()...)
	show := func(c *cli.Context, cl api.Cluster) error {
		if c.Bool("json") {
			return printJSON(cl)
		}
		tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NODE\tROLE\tRAFT\tAPI")
		for _, n := range cl.Nodes {
			role := "follower"
			if n.Leader {
				role = "leader"
			}
			if !n.Voter {
				role = "non-voter"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", n.ID, role, n.Raft, n.HTTP)
		}
		return tw.Flush()
	}
	return &cli.Command{
		Name:  "cluster",
		Usage: "list coordinators, remove one, or move leadership",
		Subcommands: []*cli.Command{
			{Name: "ls", Usage: "list the coordinators", Flags: flags, Action: func(c *cli.Context) error {
				cl, err := newClient(c)
				if err != nil {
					return err
				}
				out, err := cl.Cluster(c.Context)
				if err != nil {
					return err
				}
				return show(c, out)
			}},
			{Name: "remove", Aliases: []string{"leave"}, Usage: "take a coordinator out of the cluster (leave: the node itself)", ArgsUsage: "NODE", Flags: flags, Action: func(c *cli.Context) error {
				if c.NArg() != 1 {
					return errors.New("cluster remove needs a node id")
				}
				cl, err := newClient(c)
				if err != nil {
					return err
				}
				cl.Discover(c.Context)
				out, err := cl.RemoveNode(c.Context, c.Args().First())
				if err != nil {
					return err
				}
				return show(c, out)
			}},
			{Name: "transfer", Usage: "hand leadership to another coordinator (any, or NODE)", ArgsUsage: "[NODE]", Flags: flags, Action: func(c *cli.Context) error {
				cl, err := newClient(c)
				if err != nil {
					return err
				}
				out, err := cl.TransferLeadership(c.Context, c.Args().First())
				if err != nil {
					return err
				}
				return show(c, out)
			}},
		},
	}
}

func workerCommand() *cli.Command {
	control := func(action, usage string) *cli.Command {
		return &cli.Command{
			Name: action, Usage: usage,
			Flags: []cli.Flag{&cli.StringFlag{Name: "data", EnvVars: []string{"RENDERGRID_DATA"}, Value: filepath.Join(defaultDataDir(), "worker"), Usage: "the worker's data directory"}},
			Action: func(c *cli.Context) error {
				s, err := worker.Control(c.Context, c.String("data"), action)
				if err != nil {
					return err
				}
				return printJSON(s)
			},
		}
	}
	return &cli.Command{
		Name:  "worker",
		Usage: "run a worker that renders frames for the farm",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "coordinator", EnvVars: []string{"RENDERGRID_COORDINATOR"}, Value: defaultCoordinator, Usage: "coordinator URL(s), comma-separated"},
			&cli.StringFlag{Name: "token", EnvVars: []string{"RENDERGRID_TOKEN"}, Usage: "enrolment token (first run, or to update capabilities)"},
			&cli.StringFlag{Name: "ca", EnvVars: []string{"RENDERGRID_CA"}, Usage: "PEM CA of the coordinators' TLS certificates"},
			&cli.StringFlag{Name: "data", EnvVars: []string{"RENDERGRID_DATA"}, Value: filepath.Join(defaultDataDir(), "worker"), Usage: "identity key, worker token and scene cache"},
			&cli.StringFlag{Name: "name", Usage: "name shown to the farm (default: host name)"},
			&cli.StringSliceFlag{Name: "tag", Usage: "a tag jobs may require (repeatable)"},
			&cli.StringFlag{Name: "engine", Value: "auto", Usage: "engines to offer, comma-separated, preferred first: cpu, vulkan, auto (the GPU when there is one, else the faster here), blender (.blend jobs, with the Blender on PATH or --blender)"},
			&cli.IntFlag{Name: "device", Value: -1, Usage: "Vulkan device index (rendergrid devices lists them; default: the best)"},
			&cli.IntFlag{Name: "threads", Usage: "CPU threads for the cpu engine (default: all)"},
			&cli.IntFlag{Name: "max-concurrent", Value: 1, Usage: "leases rendered at once"},
			&cli.StringFlag{Name: "sleep", Usage: "take no new work in this daily window, HH:MM-HH:MM local time"},
			&cli.DurationFlag{Name: "drain-timeout", Value: worker.DefaultDrainTimeout, Usage: "on SIGTERM, how long running frames may finish before their leases are handed back"},
			&cli.StringFlag{Name: "upscale-engine", Value: "auto", Usage: "runs upscale frames: cpu (pure Go), vulkan, auto (Vulkan on a GPU, else pure Go) or off"},
			&cli.StringSliceFlag{Name: "upscale-model", Usage: "another TensorFlow.js layers upscaler to offer besides the built-in ones: a folder with model.json, or a bundle (repeatable)"},
			&cli.StringSliceFlag{Name: "diffusion", Usage: "a diffusion backend to forward txt2img frames to: sdapi=URL (Automatic1111, Forge, sd-server) or comfyui=URL (repeatable)"},
			&cli.StringSliceFlag{Name: "checkpoint", Usage: "a checkpoint a --diffusion backend serves: BACKEND=FILE[#NAME] (NAME: the backend's name for it; default the file name); offered by its CID (repeatable)"},
			&cli.StringFlag{Name: "blender", Usage: "render .blend jobs (engine blender) with this Blender binary, sandboxed; \"auto\": blender on PATH"},
			&cli.DurationFlag{Name: "blender-timeout", Value: time.Hour, Usage: "the longest one Blender frame may take"},
			&cli.StringFlag{Name: "blender-devices", Value: "auto", Usage: "Cycles devices to offer for .blend jobs, comma-separated: auto (the CPU and every GPU backend Blender finds), or e.g. cpu,optix"},
			&cli.StringFlag{Name: "comfyui-workflow", Usage: "API-format ComfyUI workflow (\"Save (API Format)\") whose seed, steps, cfg, sampler, prompts, size and checkpoint the worker fills (default: the standard text-to-image graph)"},
		}, sceneLimitFlags()...),
		Action: runWorker,
		Subcommands: []*cli.Command{
			control("pause", "stop taking new work (running frames finish)"),
			control("resume", "take work again"),
			control("status", "show what the worker is doing"),
			earningsCommand(),
		},
	}
}

// engines builds the engines a worker offers.
func engines(list string, threads, device int) ([]render.Renderer, error) {
	var out []render.Renderer
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		e, err := engineByName(name, threads, device)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, errors.New("--engine names no engine")
	}
	return out, nil
}

func runWorker(c *cli.Context) error {
	// "blender" in --engine is the Blender engine (as --blender auto); the
	// other names are the path tracer's engines.
	var pathTracers []string
	wantBlender := c.String("blender")
	for _, name := range strings.Split(c.String("engine"), ",") {
		if strings.TrimSpace(name) == worker.EngineBlender {
			wantBlender = firstOf(wantBlender, "auto")
			continue
		}
		pathTracers = append(pathTracers, name)
	}
	if len(pathTracers) == 0 {
		pathTracers = []string{"cpu"}
	}
	engs, err := engines(strings.Join(pathTracers, ","), c.Int("threads"), c.Int("device"))
	if err != nil {
		return err
	}
	var gpuName, vkVersion string
	var names []string
	for _, e := range engs {
		names = append(names, e.Name())
		if v, ok := e.(*vulkan.Engine); ok && !v.IsCPU() {
			gpuName = v.DeviceName()
			vkVersion = v.APIVersion()
		}
	}
	fmt.Fprintf(os.Stderr, "worker: engines %s\n", strings.Join(names, ", "))
	var sched *worker.Schedule
	if s := c.String("sleep"); s != "" {
		if sched, err = worker.ParseSchedule(s); err != nil {
			return err
		}
	}
	hc, err := httpClient(c.String("ca"), nil)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ups, err := workerUpscalers(ctx, c)
	if err != nil {
		return err
	}
	diff, err := workerDiffusion(ctx, c)
	if err != nil {
		return err
	}
	var blender *rblender.Blender
	if p := wantBlender; p != "" {
		if blender, err = rblender.Find(ctx, p); err != nil {
			return fmt.Errorf("--blender: %w", err)
		}
		if err := blender.Only(c.String("blender-devices")); err != nil {
			return fmt.Errorf("--blender-devices: %w", err)
		}
		blender.Timeout, blender.Threads = c.Duration("blender-timeout"), c.Int("threads")
		fmt.Fprintf(os.Stderr, "worker: Blender %s at %s renders .blend jobs on %s\n", blender.Version, blender.Path, strings.Join(blender.Devices, ", "))
	}
	w, err := worker.New(ctx, worker.Config{
		Coordinators: []string{c.String("coordinator")}, EnrolToken: c.String("token"), DataDir: c.String("data"),
		Name: c.String("name"), Tags: c.StringSlice("tag"), Engines: engs, MaxConcurrent: c.Int("max-concurrent"),
		Sleep: sched, DrainTimeout: c.Duration("drain-timeout"), HTTP: hc, Tamper: workerTamper,
		GPU: gpuName, Vulkan: vkVersion, Upscalers: ups, Diffusion: diff, SceneLimits: sceneLimits(c), Blender: blender,
	})
	if errors.Is(err, worker.ErrNotRegistered) {
		return fmt.Errorf("%w (give it with --token or RENDERGRID_TOKEN)", err)
	}
	if err != nil {
		return err
	}
	defer w.Close()
	go w.ServeControl(ctx)
	fmt.Fprintf(os.Stderr, "worker %s: %d engine(s), %d CPU threads; pause with: rendergrid worker pause --data %s\n", w.ID(), len(engs), runtime.NumCPU(), c.String("data"))
	return w.Run(ctx)
}

// checkRaftAdvertise refuses a --raft that listens on every interface
// without --raft-advertise: peers could not know which address to dial.
func checkRaftAdvertise(c *cli.Context) error {
	host, _, err := net.SplitHostPort(c.String("raft"))
	if err != nil {
		return fmt.Errorf("--raft %q: %w", c.String("raft"), err)
	}
	if ip := net.ParseIP(host); (host == "" || ip != nil && ip.IsUnspecified()) && c.String("raft-advertise") == "" {
		return fmt.Errorf("--raft %s listens on every interface: give --raft-advertise, the address peers dial", c.String("raft"))
	}
	return nil
}

// chainConfig reads the coordinator's chain flags.
func chainConfig(c *cli.Context) (coordinator.ChainConfig, error) {
	cc := coordinator.ChainConfig{
		Mode: c.String("chain"), RPC: c.String("rpc"), Confirmations: c.Uint64("confirmations"),
		BatchFrames: c.Int("batch-frames"), BatchEvery: c.Duration("batch-every"),
	}
	if cc.Mode != api.ChainEmbedded && cc.Mode != api.ChainEVM {
		return cc, fmt.Errorf("--chain %q: use embedded or evm", cc.Mode)
	}
	if cc.RPC == "" {
		if cc.Mode == api.ChainEVM {
			return cc, fmt.Errorf("--chain evm needs --rpc URL, --escrow ADDR and --key FILE")
		}
		return cc, nil
	}
	if c.String("escrow") == "" {
		return cc, fmt.Errorf("--rpc needs --escrow, the address `rendergrid chain deploy` printed")
	}
	if e := c.String("escrow"); e != "" {
		a, err := chain.ParseAddress(e)
		if err != nil {
			return cc, fmt.Errorf("--escrow: %w", err)
		}
		cc.Escrow = a
	}
	if c.String("key") == "" {
		return cc, fmt.Errorf("--rpc needs --key FILE, the key that signs for the escrow")
	}
	k, err := chain.LoadKey(c.String("key"))
	if err != nil {
		return cc, err
	}
	cc.Key = k
	return cc, nil
}
