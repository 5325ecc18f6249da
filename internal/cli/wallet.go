package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/chain"
	"github.com/rendergrid/rendergrid/ipfs"
	"github.com/rendergrid/rendergrid/render/proof"
	"github.com/rendergrid/rendergrid/scenes"
	"github.com/rendergrid/rendergrid/verify"
)

// priceFlags are the payment and verification flags of submit and quote.
func priceFlags() []cli.Flag {
	return []cli.Flag{
		&cli.Uint64Flag{Name: "price", Usage: "tokens (base units) paid per frame, from your escrow; 0: a free job"},
		&cli.Uint64Flag{Name: "price-per-mps", Usage: "tokens per million pixel-samples (pixels x spp), instead of --price"},
		&cli.StringFlag{Name: "verify", Value: proof.Sample, Usage: "proof of render: sample (re-render random pixels of every frame), redundant (render some frames twice) or none"},
		&cli.IntFlag{Name: "redundancy", Usage: "with --verify redundant, the percentage of frames rendered twice (default 10)"},
	}
}

// keyFlag is the artist's account key.
var keyFlag = &cli.StringFlag{Name: "key", EnvVars: []string{"RENDERGRID_KEY"}, Usage: "secp256k1 key file of your account (default: key beside the config file; made on first use)"}

func keyPath(c *cli.Context) string {
	if k := c.String("key"); k != "" {
		return k
	}
	if p := configPath(); p != "" {
		return filepath.Join(filepath.Dir(p), "key")
	}
	return "rendergrid.key"
}

// ensureAccount makes sure the caller has an account, binding the key
// file's address on first use, and returns the account.
func ensureAccount(c *cli.Context, cl *api.Client) (string, error) {
	me, err := cl.Whoami(c.Context)
	if err != nil {
		return "", err
	}
	if me.Account != "" {
		return me.Account, nil
	}
	k, err := chain.LoadKey(keyPath(c))
	if err != nil {
		return "", err
	}
	if _, err := cl.Bind(c.Context, k); err != nil {
		return "", fmt.Errorf("binding account %s: %w", k.Address.Hex(), err)
	}
	fmt.Fprintf(os.Stderr, "bound account %s (key %s) to user %s\n", k.Address.Hex(), keyPath(c), me.User)
	return k.Address.Hex(), nil
}

func walletCommand() *cli.Command {
	flags := func(extra ...cli.Flag) []cli.Flag {
		return append(append(extra, jsonFlag, keyFlag), clientFlags()...)
	}
	amount := func(name, usage string, run func(*cli.Context, *api.Client, string, uint64) (api.Balance, error)) *cli.Command {
		return &cli.Command{
			Name: name, Usage: usage, ArgsUsage: "--to ACCOUNT --amount N",
			Flags: flags(&cli.StringFlag{Name: "to", Required: true, Usage: "an address, a user with a bound account, or treasury"},
				&cli.Uint64Flag{Name: "amount", Required: true, Usage: "base units"}),
			Action: func(c *cli.Context) error {
				cl, err := newClient(c)
				if err != nil {
					return err
				}
				b, err := run(c, cl, c.String("to"), c.Uint64("amount"))
				if err != nil {
					return err
				}
				if c.Bool("json") {
					return printJSON(b)
				}
				fmt.Printf("%s now holds %d\n", b.Account, b.Balance)
				return nil
			},
		}
	}
	show := func(history bool) func(*cli.Context) error {
		return func(c *cli.Context) error {
			cl, err := newClient(c)
			if err != nil {
				return err
			}
			b, err := cl.Balance(c.Context, c.String("account"), history)
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return printJSON(b)
			}
			fmt.Printf("%s: %d available, %d locked in running jobs\n", b.Account, b.Balance, b.Escrow)
			if history {
				tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "#\tWHEN\tKIND\tAMOUNT\tBALANCE\tJOB\tPEER\tRECEIPT")
				for _, e := range b.History {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%+d\t%d\t%s\t%s\t%s\n", e.Seq, when(e.At), e.Kind, e.Amount, e.Balance, e.Job, e.Peer, short(e.Receipt))
				}
				return tw.Flush()
			}
			return nil
		}
	}
	account := &cli.StringFlag{Name: "account", Usage: "an account other than your own (operators)"}
	return &cli.Command{
		Name:  "wallet",
		Usage: "your account on the farm's ledger: balance, history, transfers",
		Subcommands: append([]*cli.Command{
			{Name: "balance", Usage: "show your balance", Flags: flags(account), Action: show(false)},
			{Name: "history", Usage: "show your balance and its history", Flags: flags(account), Action: show(true)},
			{
				Name: "bind", Usage: "make the key file's address your account (done on first paid submit)", Flags: flags(),
				Action: func(c *cli.Context) error {
					cl, err := newClient(c)
					if err != nil {
						return err
					}
					a, err := ensureAccount(c, cl)
					if err != nil {
						return err
					}
					fmt.Printf("your account is %s\n", a)
					return nil
				},
			},
			amount("mint", "create tokens in an account (operators; the embedded ledger)", func(c *cli.Context, cl *api.Client, to string, n uint64) (api.Balance, error) {
				return cl.Mint(c.Context, api.MintRequest{To: to, Amount: n})
			}),
			amount("transfer", "send tokens from your account", func(c *cli.Context, cl *api.Client, to string, n uint64) (api.Balance, error) {
				if _, err := ensureAccount(c, cl); err != nil {
					return api.Balance{}, err
				}
				return cl.Transfer(c.Context, api.TransferRequest{To: to, Amount: n})
			}),
		}, walletChainCommands(flags)...),
	}
}

// short abbreviates a hash for tables.
func short(h string) string {
	if len(h) > 14 {
		return h[:10] + "…"
	}
	return h
}

func quoteCommand() *cli.Command {
	return &cli.Command{
		Name:      "quote",
		Usage:     "estimate a job's cost and time from the farm's workers before submitting it",
		ArgsUsage: "SCENE.glb|sample:NAME",
		Flags:     append(append(specFlags(), jsonFlag), append(priceFlags(), clientFlags()...)...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return errors.New("quote needs one scene file or sample:NAME")
			}
			data, name, err := readSceneFile(c.Args().First())
			if err != nil {
				return err
			}
			sc, err := scenes.Decode(name, data, nil)
			if err != nil {
				return fmt.Errorf("scene %s does not load: %w", c.Args().First(), err)
			}
			spec, err := specFromFlags(c, sc, name)
			if err != nil {
				return err
			}
			if c.String("env") != "" && spec.Env == "" {
				// The quote needs the map's CID only, not the map on the farm.
				envData, envName, err := readEnvArg(c, nil, nil)
				if err != nil {
					return err
				}
				id, err := ipfs.Hash(c.Context, bytes.NewReader(envData))
				if err != nil {
					return err
				}
				spec.Env, spec.EnvName = id.String(), envName
			}
			cl, err := newClient(c)
			if err != nil {
				return err
			}
			q, err := cl.Quote(c.Context, spec)
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return printJSON(q)
			}
			fmt.Printf("%d units, %d camera paths; at most %d tokens (network fee %d of it)\n", q.Units, q.Samples, q.MaxCost, q.Fee)
			if q.Seconds > 0 {
				fmt.Printf("about %s on the %d active workers that can take it (%.2f M paths/s together, measured on the reference scene)\n",
					time.Duration(q.Seconds*float64(time.Second)).Round(time.Second), q.Workers, q.SamplesSec/1e6)
			} else {
				fmt.Println("no active worker can take it now: no time estimate")
			}
			if !q.Affordable {
				fmt.Printf("your balance %d is short of the maximum cost %d\n", q.Balance, q.MaxCost)
			}
			return nil
		},
	}
}

func earningsCommand() *cli.Command {
	return &cli.Command{
		Name:  "earnings",
		Usage: "what this worker earned: frames, render time and tokens, per job",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "coordinator", EnvVars: []string{"RENDERGRID_COORDINATOR"}, Value: defaultCoordinator, Usage: "coordinator URL(s)"},
			&cli.StringFlag{Name: "ca", EnvVars: []string{"RENDERGRID_CA"}, Usage: "PEM CA of the coordinators' TLS certificates"},
			&cli.StringFlag{Name: "data", EnvVars: []string{"RENDERGRID_DATA"}, Value: filepath.Join(defaultDataDir(), "worker"), Usage: "the worker's data directory (its token)"},
			&cli.StringFlag{Name: "token", Usage: "an operator token, to see --worker's earnings"},
			&cli.StringFlag{Name: "worker", Usage: "a worker address (operators)"},
			jsonFlag,
		},
		Action: func(c *cli.Context) error {
			tok := c.String("token")
			if tok == "" {
				b, err := os.ReadFile(filepath.Join(c.String("data"), "worker.token"))
				if err != nil {
					return fmt.Errorf("no worker token in %s (run the worker once, or give an operator --token and --worker): %w", c.String("data"), err)
				}
				tok = strings.TrimSpace(string(b))
			}
			hc, err := httpClient(c.String("ca"), nil)
			if err != nil {
				return err
			}
			cl, err := api.NewClient(strings.Split(c.String("coordinator"), ","), tok, hc)
			if err != nil {
				return fmt.Errorf("--coordinator: %w", err)
			}
			e, err := cl.Earnings(c.Context, c.String("worker"))
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return printJSON(e)
			}
			fmt.Printf("worker %s: %d frames, %.1f s rendering, %d tokens earned; balance %d\n", e.Worker, e.Frames, float64(e.RenderMS)/1000, e.Tokens, e.Balance)
			tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "JOB\tFRAMES\tSECONDS\tTOKENS")
			for _, j := range e.Jobs {
				fmt.Fprintf(tw, "%s\t%d\t%.1f\t%d\n", j.Job, j.Frames, float64(j.RenderMS)/1000, j.Tokens)
			}
			return tw.Flush()
		},
	}
}

func verifyCommand() *cli.Command {
	return &cli.Command{
		Name:      "verify",
		Usage:     "check a frame's receipts: both signatures, the output against its CID, and re-rendered pixels",
		ArgsUsage: "RECEIPT.json | JOB FRAME",
		Flags: append([]cli.Flag{
			&cli.IntFlag{Name: "tile", Usage: "the tile, for tiled jobs"},
			&cli.IntFlag{Name: "pixels", Value: 64, Usage: "pixels to re-render"},
			&cli.Uint64Flag{Name: "token", Usage: "an NFT id: walk from the token (on chain with --rpc) to its metadata and receipt"},
			rpcFlag,
			jsonFlag,
		}, clientFlagsAuth()...),
		Action: runVerify,
	}
}

func runVerify(c *cli.Context) error {
	cl, err := newClient(c)
	if err != nil {
		return err
	}
	var receipts []chain.Signed
	nargs := c.NArg()
	args := c.Args().Slice()
	want := ""
	if c.IsSet("token") {
		job, frame, rid, err := verifyToken(c, cl, c.Uint64("token"))
		if err != nil {
			return err
		}
		args, nargs, want = []string{job, strconv.Itoa(frame)}, 2, rid
	}
	switch nargs {
	case 1:
		b, err := os.ReadFile(args[0])
		if err != nil {
			return err
		}
		var s chain.Signed
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("%s is not a receipt: %w", args[0], err)
		}
		receipts = append(receipts, s)
	case 2:
		fr, err := strconv.Atoi(args[1])
		if err != nil {
			return fmt.Errorf("frame %q is not a number", args[1])
		}
		frames, err := cl.Frames(c.Context, args[0], "")
		if err != nil {
			return err
		}
		for _, f := range frames {
			if f.Frame == fr && f.Tile == c.Int("tile") {
				receipts = append(receipts, f.Receipts...)
			}
		}
		if len(receipts) == 0 {
			return fmt.Errorf("frame %d tile %d of job %s has no accepted receipt yet", fr, c.Int("tile"), args[0])
		}
		if want != "" && !slices.ContainsFunc(receipts, func(s chain.Signed) bool { return s.ID() == want }) {
			return fmt.Errorf("the token's metadata names receipt %s, which did not pay for frame %d of job %s", want, fr, args[0])
		}
	default:
		return errors.New("verify needs a receipt file, a job and a frame, or --token ID")
	}
	cluster, err := cl.Cluster(c.Context)
	if err != nil {
		return err
	}
	signers := map[common.Address]bool{}
	for _, a := range cluster.Signers {
		signers[common.HexToAddress(a)] = true
	}
	var out []verify.Verification
	for _, s := range receipts {
		v, err := verifyReceipt(c.Context, cl, s, signers, c.Int("pixels"), c.Bool("json"))
		if err != nil {
			return fmt.Errorf("receipt %s: %w", s.ID(), err)
		}
		out = append(out, v)
	}
	if c.Bool("json") {
		return printJSON(out)
	}
	return nil
}

// verifyReceipt checks one receipt as verify.Receipt does, reading the
// job and its files through the coordinators (every block checked against
// its CID), and prints what it found unless quiet.
func verifyReceipt(ctx context.Context, cl *api.Client, s chain.Signed, signers map[common.Address]bool, pixels int, quiet bool) (verify.Verification, error) {
	st, err := openScratch(ctx, "rendergrid-verify-")
	if err != nil {
		return verify.Verification{}, err
	}
	defer st.Close()
	say := func(format string, args ...any) {
		if !quiet {
			fmt.Printf(format+"\n", args...)
		}
	}
	return verify.Receipt(ctx, clientSource{cl, st}, s, func(a common.Address) bool { return signers[a] }, pixels, say)
}

// clientSource is verify.Source through the coordinators' API.
type clientSource struct {
	cl *api.Client
	st *scratch
}

func (c clientSource) Job(ctx context.Context, id string) (api.Job, error) { return c.cl.Job(ctx, id) }

func (c clientSource) Frames(ctx context.Context, job string) ([]api.Frame, error) {
	return c.cl.Frames(ctx, job, "")
}

func (c clientSource) Fetch(ctx context.Context, id string) ([]byte, error) {
	return c.st.fetch(ctx, c.cl, id)
}
